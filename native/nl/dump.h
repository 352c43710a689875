// Dumps that the kernel marks inconsistent (NLM_F_DUMP_INTR: the table changed between two
// datagrams of the dump) are run again from scratch, a bounded number of times. Done here, once,
// for every dump of every family (links, addresses, routes, nft lists): the collector that holds
// the partial records lives on this side, so a retry just empties it — no half-built result ever
// crosses to JavaScript, and each family's TypeScript stays a single call.
#pragma once
#include <errno.h>

#include "error.h"
#include "socket.h"

namespace nl {

// Attempts per dump. An interruption needs a change landing between two datagrams of our dump
// (microseconds apart); five in a row means the table is changing continuously.
constexpr int kDumpAttempts = 5;

struct DumpRun {
  Error error;         // transport or kernel error, or EINTR (error.dump_interrupted) when out of attempts
  int attempts = 0;    // dumps sent
};

// attempt(outcome) runs the dump once, after discarding whatever an earlier attempt collected,
// and fills the request's outcome; it returns the transport error.
template <typename Attempt>
DumpRun run_dump(Attempt&& attempt, int max_attempts = kDumpAttempts) {
  DumpRun r;
  for (;;) {
    ++r.attempts;
    Outcome o;
    if (Error e = attempt(o)) { r.error = e; return r; }
    if (o.error) { r.error = o.error; return r; }
    if (!o.dump_interrupted) return r;
    if (r.attempts >= max_attempts) {
      r.error = Error::sys(EINTR, "NLM_F_DUMP_INTR");
      r.error.dump_interrupted = true;
      return r;
    }
  }
}

}  // namespace nl
