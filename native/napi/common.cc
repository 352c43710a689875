#include "common.h"

#include <cstring>

#include "../nl/dump.h"
#include "socket_wrap.h"

namespace napi_nl {

Napi::Error make_error(Napi::Env env, const nl::Error& e) {
  std::string msg;
  if (e.decode) msg = "malformed kernel message: " + e.where;
  else if (e.dump_interrupted) {
    msg = "the kernel interrupted the dump (NLM_F_DUMP_INTR: the table changed while it was read) on each of " +
          std::to_string(nl::kDumpAttempts) + " attempts; its result would be inconsistent, so none is returned — retry when changes settle";
  } else {
    msg = std::strerror(e.code);
    if (!e.extack.empty()) msg += ": " + e.extack;
    if (!e.where.empty()) msg += " (" + e.where + ")";
  }
  Napi::Error err = Napi::Error::New(env, msg);
  Napi::Object o = err.Value();
  o.Set("nlErrno", Napi::Number::New(env, e.code));
  o.Set("nlDecode", Napi::Boolean::New(env, e.decode));
  o.Set("nlWhere", Napi::String::New(env, e.where));
  if (e.dump_interrupted) o.Set("nlDumpInterrupted", Napi::Boolean::New(env, true));
  if (!e.extack.empty()) o.Set("nlExtack", Napi::String::New(env, e.extack));
  if (e.extack_offset >= 0) o.Set("nlExtackOffset", Napi::Number::New(env, static_cast<double>(e.extack_offset)));
  if (e.missing_type >= 0) o.Set("nlMissingType", Napi::Number::New(env, static_cast<double>(e.missing_type)));
  return err;
}

Napi::Value failures_to_js(Napi::Env env, const std::vector<nl::Outcome>& outs) {
  Napi::Array failed = Napi::Array::New(env);
  uint32_t k = 0;
  for (size_t i = 0; i < outs.size(); ++i) {
    if (!outs[i].error) continue;
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(0u, Napi::Number::New(env, static_cast<double>(i)));
    pair.Set(1u, make_error(env, outs[i].error).Value());
    failed.Set(k++, pair);
  }
  return failed;
}

Napi::Buffer<uint8_t> records_to_buffer(Napi::Env env, nl::RecordWriter& w) {
  if (w.size() == 0) return Napi::Buffer<uint8_t>::New(env, 0);  // external null data = detached
  // Hand the vector's storage to the Buffer instead of copying it.
  auto* v = new std::vector<uint8_t>(std::move(w.buffer()));
  return Napi::Buffer<uint8_t>::New(env, v->data(), v->size(),
                                    [](Napi::Env, uint8_t*, std::vector<uint8_t>* hint) { delete hint; }, v);
}

nl::Socket& socket_arg(const Napi::CallbackInfo& info, size_t i) {
  return SocketWrap::Unwrap(info[i].As<Napi::Object>())->socket();
}

static bool has(const Napi::Object& o, const char* key, Napi::Value& v) {
  v = o.Get(key);
  return !(v.IsUndefined() || v.IsNull());
}

bool get_str(const Napi::Object& o, const char* key, std::string& out) {
  Napi::Value v;
  if (!has(o, key, v)) return false;
  out = v.As<Napi::String>().Utf8Value();
  return true;
}
bool get_u32(const Napi::Object& o, const char* key, uint32_t& out) {
  Napi::Value v;
  if (!has(o, key, v)) return false;
  out = v.As<Napi::Number>().Uint32Value();
  return true;
}
bool get_i32(const Napi::Object& o, const char* key, int32_t& out) {
  Napi::Value v;
  if (!has(o, key, v)) return false;
  out = v.As<Napi::Number>().Int32Value();
  return true;
}
bool get_bool(const Napi::Object& o, const char* key, bool& out) {
  Napi::Value v;
  if (!has(o, key, v)) return false;
  out = v.ToBoolean().Value();
  return true;
}
bool get_bytes(const Napi::Object& o, const char* key, std::vector<uint8_t>& out) {
  Napi::Value v;
  if (!has(o, key, v) || !v.IsBuffer()) return false;
  auto b = v.As<Napi::Buffer<uint8_t>>();
  out.assign(b.Data(), b.Data() + b.Length());
  return true;
}

Napi::Value decode_captured(const Napi::CallbackInfo& info, const char* schema) {
  auto b = info[0].As<Napi::Buffer<uint8_t>>();
  nl::RecordWriter w;
  int len = static_cast<int>(b.Length());
  for (const nlmsghdr* h = reinterpret_cast<const nlmsghdr*>(b.Data()); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
    const nl::MessageDecoder* d = nl::decoder_for(h->nlmsg_type);
    if (!d || std::strcmp(d->schema, schema) != 0) continue;
    if (nl::Error e = d->fn(h, w)) {
      make_error(info.Env(), e).ThrowAsJavaScriptException();
      return info.Env().Undefined();
    }
  }
  return records_to_buffer(info.Env(), w);
}

bool throw_if_failed(Napi::Env env, const nl::Error& transport, const std::vector<nl::Outcome>& outs) {
  if (transport) { make_error(env, transport).ThrowAsJavaScriptException(); return false; }
  for (const auto& o : outs)
    if (o.error) { make_error(env, o.error).ThrowAsJavaScriptException(); return false; }
  return true;
}

}  // namespace napi_nl
