// N-API surface of native/tc: a request crosses as one Buffer of "tcobj" records (written by
// lib/records.ts encodeRecords), never as a long positional argument list; dumps come back as
// records.
#include <linux/rtnetlink.h>

#include <cstring>
#include <vector>

#include "../tc/tc.h"
#include "common.h"
#include "families.h"
#include "run.h"

namespace napi_nl {

namespace {

// Builds one message per record of `buf` into `m` (seq, seq+1, …). False with a pending JS
// exception when a record is malformed (a lib/tc bug: nothing is sent).
bool build_all(Napi::Env env, const Napi::Value& arg, nl::MessageBuffer& m, uint32_t seq, size_t& count) {
  if (!arg.IsBuffer()) {
    Napi::TypeError::New(env, "tc request: a Buffer of tcobj records is required").ThrowAsJavaScriptException();
    return false;
  }
  auto b = arg.As<Napi::Buffer<uint8_t>>();
  // Validate the framing first (RecordReader bounds-checks each record), then build.
  nl::RecordReader rr(b.Data(), b.Length());
  nl::FieldReader fr(nullptr, 0);
  count = 0;
  while (rr.next(fr)) ++count;
  if (rr.error() || count == 0) {
    make_error(env, nl::Error::bad(rr.error() ? rr.error() : "tc request: no record")).ThrowAsJavaScriptException();
    return false;
  }
  const uint8_t* p = b.Data();
  size_t off = 0;
  for (size_t i = 0; i < count; ++i) {
    uint32_t len;
    std::memcpy(&len, p + off, 4);
    if (nl::Error e = nl_tc::build_request(m, seq + static_cast<uint32_t>(i), p + off + 4, len)) {
      make_error(env, e).ThrowAsJavaScriptException();
      return false;
    }
    off += 4 + len;
  }
  return true;
}

struct TcCollector {
  nl::RecordWriter w;
  nl::Error err;
  uint32_t ifindex = 0;
  nl::OnMessage fn() {
    return [this](size_t, const nlmsghdr* h) {
      if (err) return;
      if (h->nlmsg_type != RTM_NEWQDISC && h->nlmsg_type != RTM_NEWTCLASS && h->nlmsg_type != RTM_NEWTFILTER) return;
      // The qdisc dump ignores tcm_ifindex: keep the requested link's only.
      if (ifindex && h->nlmsg_len >= NLMSG_LENGTH(sizeof(tcmsg))) {
        const tcmsg* t = static_cast<const tcmsg*>(NLMSG_DATA(h));
        if (static_cast<uint32_t>(t->tcm_ifindex) != ifindex) return;
      }
      size_t mark = w.size();
      if (nl::Error e = nl_tc::decode(h, w)) { w.rollback(mark); err = e; }
    };
  }
  void reset() { w.rollback(0); err = nl::Error{}; }
  Napi::Value result(Napi::Env env) {
    if (err) { make_error(env, err).ThrowAsJavaScriptException(); return env.Undefined(); }
    return records_to_buffer(env, w);
  }
};

// tcRequest(sock, records) — every record one request, sent in one sendmsg; throws the first
// failure (the kernel still processes the others: callers send one record when order matters).
Napi::Value Request(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  nl::MessageBuffer m;
  size_t count = 0;
  uint32_t seq = s.next_seq(0);
  if (!build_all(info.Env(), info[1], m, seq, count)) return info.Env().Undefined();
  s.next_seq(static_cast<uint32_t>(count));
  std::vector<nl::Outcome> outs;
  nl::Error e = s.transact(m, seq, nullptr, outs);
  throw_if_failed(info.Env(), e, outs);
  return info.Env().Undefined();
}

// tcDump(sock, obj: 0 qdisc | 1 class | 2 filter, ifindex (0 = all; classes and filters need
// one), parent) → Buffer of tcobj records
Napi::Value Dump(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  uint8_t obj = static_cast<uint8_t>(info[1].As<Napi::Number>().Uint32Value());
  uint32_t ifindex = info[2].As<Napi::Number>().Uint32Value();
  uint32_t parent = info[3].As<Napi::Number>().Uint32Value();
  TcCollector c;
  c.ifindex = ifindex;
  return run_dump(info.Env(), s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_tc::build_dump(m, seq, obj, ifindex, parent); },
                  c.fn(), [&] { c.reset(); }, [&] { return c.result(info.Env()); });
}

// encodeTcRequest(records) → the request bytes, not sent (seq and portid 0), for codec tests.
Napi::Value Encode(const Napi::CallbackInfo& info) {
  nl::MessageBuffer m;
  size_t count = 0;
  if (!build_all(info.Env(), info[0], m, 0, count)) return info.Env().Undefined();
  return Napi::Buffer<uint8_t>::Copy(info.Env(), m.data(), m.size());
}

// decodeTcMessages(buf) → tcobj records for every qdisc/class/filter message in `buf`.
Napi::Value DecodeMessages(const Napi::CallbackInfo& info) { return decode_captured(info, "tcobj"); }

}  // namespace

void InitTc(Napi::Env env, Napi::Object exports) {
  exports.Set("tcRequest", Napi::Function::New(env, Request));
  exports.Set("tcDump", Napi::Function::New(env, Dump));
  exports.Set("encodeTcRequest", Napi::Function::New(env, Encode));
  exports.Set("decodeTcMessages", Napi::Function::New(env, DecodeMessages));
}

}  // namespace napi_nl
