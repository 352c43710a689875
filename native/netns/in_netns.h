// Running a piece of work inside another network namespace without moving the caller.
// setns()/unshare(CLONE_NEWNET) change only the calling *thread*; doing them on a throwaway
// std::thread keeps the event loop (and libuv's pool threads) in their own namespace whatever
// happens. Used by netns creation, sysctl and tun/tap.
#pragma once
#include <errno.h>
#include <sched.h>

#include <string>
#include <system_error>
#include <thread>
#include <utility>

#include "../nl/error.h"

namespace nl_netns {

inline nl::Error step_error(int e, std::string where) {
  nl::Error r;
  r.code = e;
  r.where = std::move(where);
  return r;
}

// Runs fn() (returning nl::Error) on a new thread and waits for it.
template <typename Fn>
nl::Error on_thread(Fn&& fn) {
  nl::Error result;
  try {
    std::thread t([&] { result = fn(); });
    t.join();
  } catch (const std::system_error& e) {
    // Thread creation failed (RLIMIT_NPROC, memory): report it like any errno.
    return step_error(e.code().value() ? e.code().value() : EAGAIN, "std::thread");
  }
  return result;
}

// Runs fn() inside network namespace `nsfd`: on a helper thread that setns() first, or right
// here when nsfd < 0 (the caller's own namespace: no thread needed).
template <typename Fn>
nl::Error in_netns(int nsfd, Fn&& fn) {
  if (nsfd < 0) return fn();
  return on_thread([&]() -> nl::Error {
    if (::setns(nsfd, CLONE_NEWNET) != 0) return step_error(errno, "setns(CLONE_NEWNET)");
    return fn();
  });
}

}  // namespace nl_netns
