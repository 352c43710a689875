// Request builder: one or more netlink messages laid out back to back in one buffer,
// ready for a single sendmsg(). Attributes are appended with NLA alignment; nests are
// closed by patching their length. Nothing here knows any netlink family.
#pragma once
#include <linux/netlink.h>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace nl {

class MessageBuffer {
 public:
  // Starts a new message; returns its offset. Family header bytes follow via put_header().
  size_t begin(uint16_t type, uint16_t flags, uint32_t seq) {
    align();
    current_ = len_;
    nlmsghdr h{};
    h.nlmsg_type = type;
    h.nlmsg_flags = flags;
    h.nlmsg_seq = seq;
    append(&h, sizeof h);
    ++count_;
    return current_;
  }
  // Appends a fixed family header (ifinfomsg, rtmsg, nfgenmsg…) to the current message.
  template <typename T>
  T* put_header(const T& hdr) {
    size_t off = len_;
    append(&hdr, sizeof hdr);
    align();
    finish_len();
    return reinterpret_cast<T*>(buf_.data() + off);
  }
  void put(uint16_t type, const void* data, size_t len) {
    align();
    nlattr a{};
    // nla_len is 16 bits: a longer attribute cannot be expressed (found by the unit tests:
    // overflowed() promised this but only the u32 message length was checked).
    if (NLA_HDRLEN + len > 0xffff) overflow_ = true;
    a.nla_len = static_cast<uint16_t>(NLA_HDRLEN + len);
    a.nla_type = type;
    append(&a, sizeof a);
    append(data, len);
    align();
    finish_len();
  }
  void put_u8(uint16_t t, uint8_t v) { put(t, &v, 1); }
  void put_u16(uint16_t t, uint16_t v) { put(t, &v, 2); }
  void put_u32(uint16_t t, uint32_t v) { put(t, &v, 4); }
  void put_s32(uint16_t t, int32_t v) { put(t, &v, 4); }
  void put_u64(uint16_t t, uint64_t v) { put(t, &v, 8); }
  void put_be16(uint16_t t, uint16_t v) { v = __builtin_bswap16(v); put(t, &v, 2); }
  void put_be32(uint16_t t, uint32_t v) { v = __builtin_bswap32(v); put(t, &v, 4); }
  void put_be64(uint16_t t, uint64_t v) { v = __builtin_bswap64(v); put(t, &v, 8); }
  // NUL-terminated string, as the kernel's NLA_NUL_STRING / NLA_STRING policies accept.
  void put_strz(uint16_t t, const std::string& s) { put(t, s.c_str(), s.size() + 1); }
  // Unterminated string, as iproute2 sends IFLA_INFO_KIND (the kernel accepts both forms).
  void put_str(uint16_t t, const std::string& s) { put(t, s.data(), s.size()); }
  void put_flag(uint16_t t) { put(t, nullptr, 0); }

  // Opens a nested attribute; returns the token to pass to nest_end().
  size_t nest_begin(uint16_t type) {
    align();
    size_t off = len_;
    nlattr a{};
    a.nla_type = static_cast<uint16_t>(type | NLA_F_NESTED);
    append(&a, sizeof a);
    return off;
  }
  void nest_end(size_t token) {
    size_t len = len_ - token;
    if (len > 0xffff) overflow_ = true;
    nlattr* a = reinterpret_cast<nlattr*>(buf_.data() + token);
    a->nla_len = static_cast<uint16_t>(len);
    finish_len();
  }
  // Raw bytes inside the current message (e.g. a struct nested in an attribute payload).
  size_t put_raw(const void* data, size_t len) {
    size_t off = len_;
    append(data, len);
    align();
    finish_len();
    return off;
  }

  const uint8_t* data() const { return buf_.data(); }
  uint8_t* data() { return buf_.data(); }
  size_t size() const { return len_; }
  size_t count() const { return count_; }
  size_t current_offset() const { return current_; }
  nlmsghdr* current() { return reinterpret_cast<nlmsghdr*>(buf_.data() + current_); }
  // Keeps the storage: a reused buffer (the single-request hot paths) allocates nothing.
  void clear() { len_ = 0; count_ = 0; current_ = 0; }
  // Room for `bytes` more without reallocating (a batch knows its size up front).
  void reserve(size_t bytes) { if (len_ + bytes > buf_.size()) buf_.resize(len_ + bytes); }
  // True if any attribute or message outgrew the u16/u32 length fields.
  bool overflowed() const { return overflow_; }

 private:
  // The bytes live in buf_[0, len_): buf_ only grows (doubling), and writes are plain memcpy —
  // vector::insert per field cost more than building the whole request otherwise did.
  uint8_t* grow(size_t n) {
    if (len_ + n > buf_.size()) buf_.resize(len_ + n > 2 * buf_.size() ? len_ + n : 2 * buf_.size());
    uint8_t* p = buf_.data() + len_;
    len_ += n;
    return p;
  }
  void append(const void* p, size_t n) {
    if (n == 0) return;
    std::memcpy(grow(n), p, n);
  }
  void align() {
    // Explicit zeros: a cleared buffer's storage still holds the previous request's bytes.
    size_t pad = NLMSG_ALIGN(len_) - len_;
    if (pad) std::memset(grow(pad), 0, pad);
  }
  void finish_len() {
    size_t len = len_ - current_;
    if (len > 0xffffffffu) overflow_ = true;
    reinterpret_cast<nlmsghdr*>(buf_.data() + current_)->nlmsg_len = static_cast<uint32_t>(len);
  }
  std::vector<uint8_t> buf_;
  size_t len_ = 0;
  size_t current_ = 0;
  size_t count_ = 0;
  bool overflow_ = false;
};

// Closes a nest when it goes out of scope, so an early return cannot leave a bad length.
class Nest {
 public:
  Nest(MessageBuffer& m, uint16_t type) : m_(m), tok_(m.nest_begin(type)) {}
  ~Nest() { m_.nest_end(tok_); }
  Nest(const Nest&) = delete;
  Nest& operator=(const Nest&) = delete;
 private:
  MessageBuffer& m_;
  size_t tok_;
};

}  // namespace nl
