// N-API surface for advisory whole-file locks, flock(2). lib/network/lock.ts serializes IPAM and
// attachment state across processes with it (many CNI ADDs run at once). flock is what the
// reference host-local plugin takes on the same kind of lock file, and the kernel drops it when
// the holding process dies, even by SIGKILL: no stale lock to detect or break.
#include <sys/file.h>

#include <cerrno>

#include "common.h"
#include "families.h"

namespace napi_nl {

namespace {

// flockTry(fd, mode) with mode 'exclusive' | 'shared' | 'unlock': never blocks the thread
// (LOCK_NB). Returns true when taken (or released), false when another open file holds it.
Napi::Value FlockTry(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = info[0].As<Napi::Number>().Int32Value();
  std::string mode = info[1].As<Napi::String>().Utf8Value();
  int op = mode == "unlock" ? LOCK_UN : mode == "shared" ? LOCK_SH : LOCK_EX;
  if (op != LOCK_UN) op |= LOCK_NB;
  int r;
  do r = ::flock(fd, op);
  while (r < 0 && errno == EINTR);
  if (r == 0) return Napi::Boolean::New(env, true);
  if (errno == EWOULDBLOCK) return Napi::Boolean::New(env, false);
  make_error(env, nl::Error::sys(errno, "flock")).ThrowAsJavaScriptException();
  return env.Undefined();
}

}  // namespace

void InitFlock(Napi::Env env, Napi::Object exports) {
  exports.Set("flockTry", Napi::Function::New(env, FlockTry, "flockTry"));
}

}  // namespace napi_nl
