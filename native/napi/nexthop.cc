// N-API surface of native/nexthop: listing and getting nexthop objects. Changes (add, replace,
// delete) go through the batch op records (native/batch/ops.h): a single change is a batch of one.
#include <linux/rtnetlink.h>

#include "../nexthop/nexthop.h"
#include "common.h"
#include "families.h"
#include "positional.h"
#include "run.h"

namespace napi_nl {

namespace {

struct NexthopCollector {
  nl::RecordWriter w;
  nl::Error err;
  nl::OnMessage fn() {
    return [this](size_t, const nlmsghdr* h) {
      if (h->nlmsg_type != RTM_NEWNEXTHOP || err) return;
      size_t mark = w.size();
      nl::Error e = nl_nexthop::decode(h, w);
      if (e) { w.rollback(mark); err = e; }
    };
  }
  void reset() { w.rollback(0); err = nl::Error{}; }
  Napi::Value result(Napi::Env env) {
    if (err) { make_error(env, err).ThrowAsJavaScriptException(); return env.Undefined(); }
    return records_to_buffer(env, w);
  }
};

// nexthopDump(sock) → Buffer of "nexthopObject" records (ip nexthop show)
Napi::Value Dump(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  NexthopCollector c;
  return run_dump(info.Env(), s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_nexthop::build_get(m, seq, 0); }, c.fn(),
                  [&] { c.reset(); }, [&] { return c.result(info.Env()); });
}

// nexthopGet(sock, id) → Buffer with one "nexthopObject" record (ip nexthop get id ID)
Napi::Value Get(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  uint32_t id = u32_arg(info, 1);
  NexthopCollector c;
  if (!run_one(info.Env(), s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_nexthop::build_get(m, seq, id); }, c.fn()))
    return info.Env().Undefined();
  return c.result(info.Env());
}

// decodeNexthopMessages(buf) → records for every RTM_NEWNEXTHOP/DELNEXTHOP in captured bytes.
Napi::Value DecodeMessages(const Napi::CallbackInfo& info) { return decode_captured(info, "nexthopObject"); }

}  // namespace

void InitNexthop(Napi::Env env, Napi::Object exports) {
  exports.Set("nexthopDump", Napi::Function::New(env, Dump));
  exports.Set("nexthopGet", Napi::Function::New(env, Get));
  exports.Set("decodeNexthopMessages", Napi::Function::New(env, DecodeMessages));
}

}  // namespace napi_nl
