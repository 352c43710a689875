// N-API surface of native/link/delete_unlisted: linkDeleteUnlisted(netnsFd, ifindex) →
// { unlisted: Promise<void>, done: Promise<void> }, the work on libuv's thread pool.
// `unlisted` settles when the link is gone from its namespace (or, when that moment could not be
// seen, with the request's result); `done` with the request's result, after the kernel's teardown.
#include <unistd.h>

#include "../link/delete_unlisted.h"
#include "common.h"
#include "families.h"

namespace napi_nl {

namespace {

class DeleteUnlistedWorker : public Napi::AsyncProgressWorker<uint8_t> {
 public:
  DeleteUnlistedWorker(Napi::Env env, int netns_fd, uint32_t ifindex)
      : Napi::AsyncProgressWorker<uint8_t>(env, "linkDeleteUnlisted"),
        unlisted_(Napi::Promise::Deferred::New(env)), done_(Napi::Promise::Deferred::New(env)),
        // Our own copy of the namespace fd: the handle may close its own before we finish.
        netns_fd_(netns_fd >= 0 ? ::dup(netns_fd) : -1), dup_failed_(netns_fd >= 0 && netns_fd_ < 0),
        ifindex_(ifindex) {}
  ~DeleteUnlistedWorker() override {
    if (netns_fd_ >= 0) ::close(netns_fd_);
  }
  Napi::Object promises(Napi::Env env) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("unlisted", unlisted_.Promise());
    o.Set("done", done_.Promise());
    return o;
  }

  void Execute(const ExecutionProgress& progress) override {
    if (dup_failed_) { err_ = nl::Error::sys(EBADF, "dup(netns fd)"); return; }
    err_ = nl_link::delete_until_unlisted(netns_fd_, ifindex_, [&] {
      uint8_t one = 1;
      progress.Send(&one, 1);
    });
  }
  void OnProgress(const uint8_t*, size_t) override {
    if (settled_) return;
    settled_ = true;
    unlisted_.Resolve(Env().Undefined());
  }
  void OnOK() override {
    Napi::HandleScope scope(Env());
    if (!settled_) {
      settled_ = true;
      if (err_) unlisted_.Reject(make_error(Env(), err_).Value());
      else unlisted_.Resolve(Env().Undefined());
    }
    if (err_) done_.Reject(make_error(Env(), err_).Value());
    else done_.Resolve(Env().Undefined());
  }

 private:
  Napi::Promise::Deferred unlisted_, done_;
  int netns_fd_;
  bool dup_failed_;
  uint32_t ifindex_;
  bool settled_ = false;
  nl::Error err_;
};

// linkDeleteUnlisted(netnsFd, ifindex) → { unlisted, done }
Napi::Value DeleteUnlisted(const Napi::CallbackInfo& info) {
  int fd = info[0].As<Napi::Number>().Int32Value();
  uint32_t index = info[1].As<Napi::Number>().Uint32Value();
  auto* w = new DeleteUnlistedWorker(info.Env(), fd, index);
  Napi::Object out = w->promises(info.Env());
  w->Queue();
  return out;
}

}  // namespace

void InitLinkDelete(Napi::Env env, Napi::Object exports) {
  exports.Set("linkDeleteUnlisted", Napi::Function::New(env, DeleteUnlisted, "linkDeleteUnlisted"));
}

}  // namespace napi_nl
