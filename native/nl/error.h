// An error from the kernel (positive errno + extended ACK) or from our decoding.
#pragma once
#include <cstdint>
#include <string>

namespace nl {

struct Error {
  int code = 0;                // positive errno; 0 = no error
  std::string extack;          // NLMSGERR_ATTR_MSG
  int64_t extack_offset = -1;  // NLMSGERR_ATTR_OFFS: byte offset into the request, -1 if none
  int64_t missing_type = -1;   // NLMSGERR_ATTR_MISS_TYPE
  std::string where;           // our context: "sendmsg", "recvmsg", "setns", a decode path …
  bool decode = false;         // true: a malformed kernel message (DecodeError), not an errno
  bool dump_interrupted = false;  // EINTR: every attempt of a dump was NLM_F_DUMP_INTR (nl/dump.h)

  explicit operator bool() const { return code != 0 || decode; }
  static Error sys(int e, const char* where) { Error r; r.code = e; r.where = where; return r; }
  static Error bad(std::string path) { Error r; r.decode = true; r.code = 0; r.where = std::move(path); return r; }
};

}  // namespace nl
