// NativeDump: a dump read one kernel datagram at a time (for `for await … of handle.routes()`),
// on a socket of its own so the handle stays free for other requests meanwhile.
#include "../addr/addr.h"
#include "../link/link.h"
#include "../nl/dump_reader.h"
#include "../nl/record.h"
#include "../route/route.h"
#include "common.h"
#include "families.h"

namespace napi_nl {

namespace {

class DumpWrap : public Napi::ObjectWrap<DumpWrap> {
 public:
  static void Init(Napi::Env env, Napi::Object exports) {
    exports.Set("NativeDump", DefineClass(env, "NativeDump", {InstanceMethod("next", &DumpWrap::Next),
                                                               InstanceMethod("close", &DumpWrap::Close)}));
  }

  // new NativeDump(netnsFd, kind: 'link' | 'address' | 'route', a, b, c)
  //   link: (kind filter '' = any, master -1 = any) ; address: (family, ifindex) ; route: (family, table, oif)
  explicit DumpWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<DumpWrap>(info) {
    Napi::Env env = info.Env();
    int nsfd = info[0].As<Napi::Number>().Int32Value();
    std::string kind = info[1].As<Napi::String>().Utf8Value();
    if (nl::Error e = nl::Socket::open(NETLINK_ROUTE, nsfd, sock_)) { make_error(env, e).ThrowAsJavaScriptException(); return; }
    nl::MessageBuffer m;
    uint32_t seq = sock_.next_seq();
    if (kind == "link") {
      std::string k = info[2].IsString() ? info[2].As<Napi::String>().Utf8Value() : std::string();
      int64_t master = info[3].IsNumber() ? info[3].As<Napi::Number>().Int64Value() : -1;
      nl_link::build_dump(m, seq, k, master >= 0 ? std::optional<uint32_t>(static_cast<uint32_t>(master)) : std::nullopt);
    } else if (kind == "address") {
      nl_addr::build_dump(m, seq, static_cast<uint8_t>(info[2].As<Napi::Number>().Uint32Value()), info[3].As<Napi::Number>().Uint32Value());
    } else if (kind == "route") {
      nl_route::build_dump(m, seq, static_cast<uint8_t>(info[2].As<Napi::Number>().Uint32Value()), info[3].As<Napi::Number>().Uint32Value(),
                           info[4].As<Napi::Number>().Uint32Value());
    } else {
      Napi::TypeError::New(env, "unknown dump kind " + kind).ThrowAsJavaScriptException();
      return;
    }
    if (nl::Error e = reader_.start(sock_, m, seq)) make_error(env, e).ThrowAsJavaScriptException();
  }

 private:
  // next() → Buffer of records (possibly empty), or null when the dump is over.
  Napi::Value Next(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!sock_.is_open() || reader_.done()) { sock_.close(); return env.Null(); }
    nl::RecordWriter w;
    nl::Error bad;
    nl::Error e = reader_.next([&](size_t, const nlmsghdr* h) {
      if (bad) return;
      const nl::MessageDecoder* d = nl::decoder_for(h->nlmsg_type);
      if (!d) return;
      size_t mark = w.size();
      if (nl::Error x = d->fn(h, w)) { w.rollback(mark); bad = x; }
    });
    if (e || bad) {
      sock_.close();
      make_error(env, e ? e : bad).ThrowAsJavaScriptException();
      return env.Undefined();
    }
    Napi::Buffer<uint8_t> b = records_to_buffer(env, w);
    if (reader_.interrupted()) b.Set("dumpInterrupted", Napi::Boolean::New(env, true));
    return b;
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    sock_.close();
    return info.Env().Undefined();
  }

  nl::Socket sock_;
  nl::DumpReader reader_;
};

}  // namespace

void InitDump(Napi::Env env, Napi::Object exports) { DumpWrap::Init(env, exports); }

}  // namespace napi_nl
