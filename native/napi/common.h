// Helpers shared by the N-API surface: argument conversion, nl::Error → JS error, records → Buffer.
#pragma once
#include <napi.h>

#include <string>
#include <vector>

#include "../nl/error.h"
#include "../nl/record.h"
#include "../nl/socket.h"

namespace napi_nl {

// A JS error carrying the kernel's detail; lib/errors.ts turns it into NetlinkError/DecodeError.
Napi::Error make_error(Napi::Env env, const nl::Error& e);
// The failed requests only, as [[index, error], …] (empty when all succeeded).
Napi::Value failures_to_js(Napi::Env env, const std::vector<nl::Outcome>& outs);

Napi::Buffer<uint8_t> records_to_buffer(Napi::Env env, nl::RecordWriter& w);

// The nl::Socket behind a JS NativeSocket object (argument 0 of every family call).
nl::Socket& socket_arg(const Napi::CallbackInfo& info, size_t i = 0);

// Optional property readers: return false when the property is absent/undefined/null.
bool get_str(const Napi::Object& o, const char* key, std::string& out);
bool get_u32(const Napi::Object& o, const char* key, uint32_t& out);
bool get_i32(const Napi::Object& o, const char* key, int32_t& out);
bool get_bool(const Napi::Object& o, const char* key, bool& out);
bool get_bytes(const Napi::Object& o, const char* key, std::vector<uint8_t>& out);

// For codec tests and tools: decodes every message of a captured buffer (no socket) whose
// registered decoder writes `schema` ("link", "address", "route"), into records.
Napi::Value decode_captured(const Napi::CallbackInfo& info, const char* schema);

// Throws the first failed outcome as a JS exception (single-request calls); returns false if thrown.
bool throw_if_failed(Napi::Env env, const nl::Error& transport, const std::vector<nl::Outcome>& outs);

}  // namespace napi_nl
