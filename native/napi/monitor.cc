// NativeMonitor: a netlink socket subscribed to multicast groups, watched by libuv (uv_poll), so
// events arrive on the event loop without a thread and without polling. Each wake-up drains the
// socket and hands JavaScript one Buffer of events:
//   event := u16 nlmsg_type, u32 byte_length, record (decoded by the family registered for the type)
// Lost events (ENOBUFS: the receive queue overflowed) are reported, never silently dropped.
#include <uv.h>

#include <sys/socket.h>

#include <cstring>

#include "../nl/record.h"
#include "../nl/socket.h"
#include "common.h"
#include "families.h"

namespace napi_nl {

namespace {

class MonitorWrap : public Napi::ObjectWrap<MonitorWrap> {
 public:
  static void Init(Napi::Env env, Napi::Object exports) {
    Napi::Function f = DefineClass(env, "NativeMonitor", {InstanceMethod("close", &MonitorWrap::Close),
                                                          InstanceAccessor("rcvbuf", &MonitorWrap::Rcvbuf, nullptr)});
    exports.Set("NativeMonitor", f);
  }

  // new NativeMonitor(netnsFd, groups: number[], onEvents(buffer | null, error | null), rcvbuf?, protocol?)
  // protocol: NETLINK_ROUTE (default) or NETLINK_NETFILTER (conntrack events).
  explicit MonitorWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<MonitorWrap>(info), env_(info.Env()) {
    int nsfd = info[0].As<Napi::Number>().Int32Value();
    Napi::Array groups = info[1].As<Napi::Array>();
    cb_ = Napi::Persistent(info[2].As<Napi::Function>());
    int protocol = info.Length() > 4 && info[4].IsNumber() ? info[4].As<Napi::Number>().Int32Value() : NETLINK_ROUTE;
    if (nl::Error e = nl::Socket::open(protocol, nsfd, sock_)) {
      make_error(env_, e).ThrowAsJavaScriptException();
      return;
    }
    // Optional receive queue size: small queues overflow sooner (tests provoke ENOBUFS with it).
    if (info.Length() > 3 && info[3].IsNumber() && info[3].As<Napi::Number>().Int32Value() > 0) {
      if (nl::Error e = sock_.set_rcvbuf(info[3].As<Napi::Number>().Int32Value())) {
        make_error(env_, e).ThrowAsJavaScriptException();
        sock_.close();
        return;
      }
    }
    for (uint32_t i = 0; i < groups.Length(); ++i) {
      if (nl::Error e = sock_.join_group(groups.Get(i).As<Napi::Number>().Uint32Value())) {
        make_error(env_, e).ThrowAsJavaScriptException();
        sock_.close();
        return;
      }
    }
    uv_loop_t* loop = nullptr;
    napi_get_uv_event_loop(env_, &loop);
    poll_ = new uv_poll_t;
    poll_->data = this;
    if (uv_poll_init(loop, poll_, sock_.fd()) != 0 || uv_poll_start(poll_, UV_READABLE, &MonitorWrap::OnReadable) != 0) {
      delete poll_;
      poll_ = nullptr;
      sock_.close();
      Napi::Error::New(env_, "cannot watch the monitor socket (uv_poll)").ThrowAsJavaScriptException();
      return;
    }
    // A worker or process tearing down its environment closes the watcher first.
    napi_add_env_cleanup_hook(env_, &MonitorWrap::Cleanup, this);
    hooked_ = true;
  }

  ~MonitorWrap() override { Stop(); }

 private:
  static void Cleanup(void* self) {
    auto* m = static_cast<MonitorWrap*>(self);
    m->hooked_ = false;
    m->Stop();
  }

  void Stop() {
    if (hooked_) {
      napi_remove_env_cleanup_hook(env_, &MonitorWrap::Cleanup, this);
      hooked_ = false;
    }
    if (poll_) {
      uv_poll_stop(poll_);
      poll_->data = nullptr;
      uv_close(reinterpret_cast<uv_handle_t*>(poll_), [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
      poll_ = nullptr;
    }
    sock_.close();
  }

  Napi::Value Rcvbuf(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), sock_.is_open() ? sock_.rcvbuf() : 0); }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    Stop();
    return info.Env().Undefined();
  }

  static void OnReadable(uv_poll_t* h, int status, int) {
    auto* self = static_cast<MonitorWrap*>(h->data);
    if (self) self->Drain(status);
  }

  void Drain(int status) {
    std::vector<uint8_t> out;
    nl::Error err;
    if (status < 0) {
      // libuv reports POLLERR as UV_EBADF and stops the watcher. On a netlink socket POLLERR
      // means sk_err is set: ENOBUFS when the receive queue overflowed and events were lost.
      // Read (and so clear) that error, re-arm the watcher and keep delivering events.
      int soerr = 0;
      socklen_t l = sizeof soerr;
      if (poll_ && ::getsockopt(sock_.fd(), SOL_SOCKET, SO_ERROR, &soerr, &l) == 0 && soerr != 0 &&
          uv_poll_start(poll_, UV_READABLE, &MonitorWrap::OnReadable) == 0) {
        err = nl::Error::sys(soerr, "event queue overflowed; events were lost");
        sock_.receive_events(0, [&](size_t, const nlmsghdr* h) { Append(out, h); });
      } else {
        err = nl::Error::sys(-status, "uv_poll");
      }
    } else {
      err = sock_.receive_events(0, [&](size_t, const nlmsghdr* h) { Append(out, h); });
    }
    Napi::HandleScope scope(env_);
    Napi::Value buf = out.empty() ? env_.Null() : Napi::Value(Napi::Buffer<uint8_t>::Copy(env_, out.data(), out.size()));
    Napi::Value e = err ? make_error(env_, err).Value() : env_.Null();
    if (out.empty() && !err) return;
    cb_.MakeCallback(env_.Global(), {buf, e});
  }

  static void Append(std::vector<uint8_t>& out, const nlmsghdr* h) {
    const nl::MessageDecoder* d = nl::decoder_for(h->nlmsg_type);
    if (!d) return;  // a message type of a group we did not ask for
    nl::RecordWriter w;
    if (d->fn(h, w)) return;  // malformed: skip this one event, keep the monitor alive
    uint16_t type = h->nlmsg_type;
    uint32_t len = static_cast<uint32_t>(w.size());
    size_t at = out.size();
    out.resize(at + 6 + len);
    std::memcpy(out.data() + at, &type, 2);
    std::memcpy(out.data() + at + 2, &len, 4);
    std::memcpy(out.data() + at + 6, w.buffer().data(), len);
  }

  Napi::Env env_;
  nl::Socket sock_;
  uv_poll_t* poll_ = nullptr;
  Napi::FunctionReference cb_;
  bool hooked_ = false;
};

Napi::Value DecoderTable(const Napi::CallbackInfo& info) {
  // [[nlmsg_type, event name, schema], …] for the TypeScript event decoder.
  Napi::Env env = info.Env();
  auto& reg = nl::decoder_registry();
  Napi::Array a = Napi::Array::New(env, reg.size());
  for (size_t i = 0; i < reg.size(); ++i) {
    Napi::Array d = Napi::Array::New(env, 3);
    d.Set(0u, Napi::Number::New(env, reg[i].type));
    d.Set(1u, Napi::String::New(env, reg[i].event));
    d.Set(2u, Napi::String::New(env, reg[i].schema));
    a.Set(static_cast<uint32_t>(i), d);
  }
  return a;
}

}  // namespace

void InitMonitor(Napi::Env env, Napi::Object exports) {
  MonitorWrap::Init(env, exports);
  exports.Set("messageDecoders", Napi::Function::New(env, DecoderTable));
}

}  // namespace napi_nl
