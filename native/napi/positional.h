// Readers for positional arguments on hot paths (numbers and small Buffers, no objects).
#pragma once
#include <napi.h>

#include <cstddef>
#include <cstdint>

namespace napi_nl {

// A Buffer argument of at least `need` bytes, or nullptr for null/undefined. Anything else
// (wrong type, too short) sets `bad`: native trusts lib/, but never reads past a buffer.
inline const uint8_t* bytes_arg(const Napi::CallbackInfo& info, size_t i, size_t need, bool& bad) {
  Napi::Value v = info[i];
  if (v.IsNull() || v.IsUndefined()) return nullptr;
  if (!v.IsBuffer()) { bad = true; return nullptr; }
  auto b = v.As<Napi::Buffer<uint8_t>>();
  if (b.Length() < need) { bad = true; return nullptr; }
  return b.Data();
}

inline const uint8_t* bytes_arg(const Napi::Value& v, size_t need, bool& bad) {
  if (v.IsNull() || v.IsUndefined()) return nullptr;
  if (!v.IsBuffer()) { bad = true; return nullptr; }
  auto b = v.As<Napi::Buffer<uint8_t>>();
  if (b.Length() < need) { bad = true; return nullptr; }
  return b.Data();
}

inline uint32_t u32_arg(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Uint32Value(); }
inline int64_t i64_arg(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Int64Value(); }

}  // namespace napi_nl
