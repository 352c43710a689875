// N-API surface of the record-encoded requests (native/nl/request.h): policy rules, neighbours,
// FDB, bridge ports and VLANs, namespace ids. One entry point sends any registered request, one
// encodes it without sending (codec tests), one decodes captured messages.
#include <string>

#include "../nl/request.h"
#include "common.h"
#include "families.h"
#include "run.h"

namespace napi_nl {

namespace {

struct Collector {
  const nl::RequestDef* def = nullptr;
  nl::RecordWriter w;
  nl::Error err;
  nl::OnMessage fn() {
    return [this](size_t, const nlmsghdr* h) {
      if (!def->decode || h->nlmsg_type != def->reply_type || err) return;
      size_t mark = w.size();
      nl::Error e = def->decode(h, w);
      if (e) { w.rollback(mark); err = e; }
    };
  }
  void reset() { w.rollback(0); err = nl::Error{}; }
  Napi::Value result(Napi::Env env) {
    if (err) { make_error(env, err).ThrowAsJavaScriptException(); return env.Undefined(); }
    return records_to_buffer(env, w);
  }
};

bool request_args(const Napi::CallbackInfo& info, size_t i, std::string& name, Napi::Buffer<uint8_t>& req) {
  if (!info[i].IsString() || !info[i + 1].IsBuffer()) {
    Napi::TypeError::New(info.Env(), "expected (name: string, request: Buffer)").ThrowAsJavaScriptException();
    return false;
  }
  name = info[i].As<Napi::String>().Utf8Value();
  req = info[i + 1].As<Napi::Buffer<uint8_t>>();
  return true;
}

// rtRequest(sock, name, request) → records Buffer for requests with replies (dumps, gets),
// undefined for ACK-only requests.
Napi::Value Request(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  nl::Socket& s = socket_arg(info);
  std::string name;
  Napi::Buffer<uint8_t> req;
  if (!request_args(info, 1, name, req)) return env.Undefined();
  Collector c;
  nl::Error build_err;
  auto build = [&](nl::MessageBuffer& m, uint32_t seq) {
    build_err = nl::build_request(name, req.Data(), req.Length(), m, seq, &c.def);
  };
  // Build once up front so a malformed record is reported before anything is sent.
  {
    nl::MessageBuffer probe;
    build(probe, 0);
    if (build_err) { make_error(env, build_err).ThrowAsJavaScriptException(); return env.Undefined(); }
  }
  if (c.def->dump) return run_dump(env, s, build, c.fn(), [&] { c.reset(); }, [&] { return c.result(env); });
  if (!run_one(env, s, build, c.def->decode ? c.fn() : nl::OnMessage{})) return env.Undefined();
  if (!c.def->decode) return env.Undefined();
  return c.result(env);
}

// rtEncode(name, request, seq) → the request bytes, not sent (portid 0).
Napi::Value Encode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name;
  Napi::Buffer<uint8_t> req;
  if (!request_args(info, 0, name, req)) return env.Undefined();
  uint32_t seq = info[2].IsNumber() ? info[2].As<Napi::Number>().Uint32Value() : 0;
  nl::MessageBuffer m;
  if (nl::Error e = nl::build_request(name, req.Data(), req.Length(), m, seq)) {
    make_error(env, e).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return Napi::Buffer<uint8_t>::Copy(env, m.data(), m.size());
}

// rtDecode(buf, schema) → records for every captured message whose registered decoder writes
// `schema` (codec tests: our decoder must read what `ip`/`bridge` and the kernel send).
// rtDecode(buf, schema, request) → the same with the reply decoder of registered request
// `request` (for replies whose nlmsg_type another decoder owns: an AF_BRIDGE RTM_NEWLINK of
// "brvlan.dump" is not a "link" record).
Napi::Value Decode(const Napi::CallbackInfo& info) {
  std::string schema = info[1].As<Napi::String>().Utf8Value();
  if (info.Length() < 3 || !info[2].IsString()) return decode_captured(info, schema.c_str());
  std::string name = info[2].As<Napi::String>().Utf8Value();
  const nl::RequestDef* d = nl::request_for(name);
  if (!d || !d->decode) {
    Napi::TypeError::New(info.Env(), "rtDecode: no request with a reply decoder named " + name).ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  auto b = info[0].As<Napi::Buffer<uint8_t>>();
  nl::RecordWriter w;
  int len = static_cast<int>(b.Length());
  for (const nlmsghdr* h = reinterpret_cast<const nlmsghdr*>(b.Data()); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
    if (h->nlmsg_type != d->reply_type) continue;
    if (nl::Error e = d->decode(h, w)) {
      make_error(info.Env(), e).ThrowAsJavaScriptException();
      return info.Env().Undefined();
    }
  }
  return records_to_buffer(info.Env(), w);
}

}  // namespace

void InitRtObj(Napi::Env env, Napi::Object exports) {
  exports.Set("rtRequest", Napi::Function::New(env, Request));
  exports.Set("rtEncode", Napi::Function::New(env, Encode));
  exports.Set("rtDecode", Napi::Function::New(env, Decode));
}

}  // namespace napi_nl
