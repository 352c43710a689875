// Reads a dump piece by piece (one datagram per next()), so a caller iterating a huge table
// never holds all of it: the kernel produces the next part only when the previous was read.
#pragma once
#include <vector>

#include "socket.h"

namespace nl {

class DumpReader {
 public:
  // Sends the dump request `m` (one message, sequence `seq`) on `s`, which the reader then owns
  // for reading until done().
  Error start(Socket& s, const MessageBuffer& m, uint32_t seq) {
    s_ = &s;
    seq_ = seq;
    out_.assign(1, Outcome{});
    pending_ = 1;
    return s.send(m);
  }
  // Receives one datagram; its data messages go to on_msg. The kernel's error, if the dump
  // failed, is returned once the dump ends.
  Error next(const OnMessage& on_msg) {
    if (done()) return Error{};
    const uint8_t* data = nullptr;
    size_t len = 0;
    if (Error e = s_->recv_one(data, len)) { pending_ = 0; return e; }
    dispatch_datagram(data, len, s_->portid(), seq_, on_msg, out_, pending_);
    if (done() && out_[0].error) return out_[0].error;
    return Error{};
  }
  bool done() const { return pending_ == 0; }
  bool interrupted() const { return !out_.empty() && out_[0].dump_interrupted; }

 private:
  Socket* s_ = nullptr;
  uint32_t seq_ = 0;
  std::vector<Outcome> out_;
  size_t pending_ = 0;
};

}  // namespace nl
