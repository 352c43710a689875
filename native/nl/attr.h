// Bounds-checked reading of netlink attributes from kernel buffers. Every accessor checks the
// payload length before touching it; a malformed attribute stream is reported, never read past.
#pragma once
#include <linux/netlink.h>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace nl {

struct Attr {
  uint16_t type = 0;  // NLA_TYPE_MASK applied
  bool nested = false;
  const uint8_t* data = nullptr;
  uint16_t len = 0;  // payload length

  bool present() const { return data != nullptr || len != 0 || type != 0; }
  // Fixed-width readers return false when the payload is too short (lenient about longer).
  bool u8(uint8_t& v) const { return read(&v, 1); }
  bool u16(uint16_t& v) const { return read(&v, 2); }
  bool u32(uint32_t& v) const { return read(&v, 4); }
  bool s32(int32_t& v) const { return read(&v, 4); }
  bool u64(uint64_t& v) const { return read(&v, 8); }
  bool be16(uint16_t& v) const { if (!read(&v, 2)) return false; v = __builtin_bswap16(v); return true; }
  bool be32(uint32_t& v) const { if (!read(&v, 4)) return false; v = __builtin_bswap32(v); return true; }
  bool be64(uint64_t& v) const { if (!read(&v, 8)) return false; v = __builtin_bswap64(v); return true; }
  // Strings: up to the first NUL or the payload end, whichever comes first.
  std::string str() const {
    size_t n = 0;
    while (n < len && data[n] != 0) ++n;
    return std::string(reinterpret_cast<const char*>(data), n);
  }
  template <typename T>
  bool read(T* out, size_t n) const {
    if (len < n) return false;
    std::memcpy(out, data, n);
    return true;
  }
};

// Iterates attributes in [p, p+len). Stops (and sets error()) at the first malformed header.
class AttrIter {
 public:
  AttrIter(const uint8_t* p, size_t len) : p_(p), end_(p + len) {}
  bool next(Attr& a) {
    if (p_ >= end_) return false;
    size_t left = static_cast<size_t>(end_ - p_);
    if (left < NLA_HDRLEN) { error_ = "truncated attribute header"; p_ = end_; return false; }
    nlattr h;
    std::memcpy(&h, p_, sizeof h);
    if (h.nla_len < NLA_HDRLEN || h.nla_len > left) {
      error_ = "attribute length out of bounds";
      p_ = end_;
      return false;
    }
    a.type = h.nla_type & NLA_TYPE_MASK;
    a.nested = (h.nla_type & NLA_F_NESTED) != 0;
    a.data = p_ + NLA_HDRLEN;
    a.len = static_cast<uint16_t>(h.nla_len - NLA_HDRLEN);
    size_t step = NLA_ALIGN(h.nla_len);
    p_ = step >= left ? end_ : p_ + step;
    return true;
  }
  const char* error() const { return error_; }
 private:
  const uint8_t* p_;
  const uint8_t* end_;
  const char* error_ = nullptr;
};

// Parses an attribute stream into a table indexed by type (like mnl_attr_parse with a table).
// Types above Max are kept in `unknown` rather than dropped; the last duplicate wins.
template <size_t Max>
struct AttrTable {
  Attr at[Max + 1]{};
  bool has[Max + 1]{};
  std::vector<Attr> unknown;
  const char* error = nullptr;

  bool parse(const uint8_t* p, size_t len) {
    AttrIter it(p, len);
    Attr a;
    while (it.next(a)) {
      if (a.type <= Max) { at[a.type] = a; has[a.type] = true; }
      else unknown.push_back(a);
    }
    error = it.error();
    return error == nullptr;
  }
  bool parse(const Attr& nest) { return parse(nest.data, nest.len); }
  const Attr* get(size_t t) const { return t <= Max && has[t] ? &at[t] : nullptr; }
};

// Splits a kernel message into its fixed family header (ifinfomsg, rtmsg, …; copied into `hdr`)
// and its attribute stream. False when the message is shorter than the header.
template <typename T>
bool split_message(const nlmsghdr* h, T& hdr, const uint8_t*& attrs, size_t& attrs_len) {
  if (h->nlmsg_len < NLMSG_LENGTH(sizeof(T))) return false;
  std::memcpy(&hdr, NLMSG_DATA(h), sizeof hdr);
  attrs = reinterpret_cast<const uint8_t*>(NLMSG_DATA(h)) + NLMSG_ALIGN(sizeof hdr);
  const size_t head = NLMSG_LENGTH(NLMSG_ALIGN(sizeof hdr));
  attrs_len = h->nlmsg_len > head ? h->nlmsg_len - head : 0;
  return true;
}

}  // namespace nl
