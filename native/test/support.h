// Helpers shared by the unit tests and the fuzzers: aligned copies of kernel bytes, fixture
// loading, and a strict reader for RecordWriter output (so tests can name decoded fields).
#pragma once
#include <linux/netlink.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

namespace support {

// Kernel datagrams arrive in 4-byte aligned buffers; tests and fuzzers copy their bytes into one
// so reading nlmsghdr fields is as defined as it is in transact().
class Aligned {
 public:
  Aligned() = default;
  Aligned(const uint8_t* p, size_t n) : words_((n + 3) / 4 + 1, 0), size_(n) {
    if (n) std::memcpy(words_.data(), p, n);
  }
  explicit Aligned(const std::vector<uint8_t>& v) : Aligned(v.data(), v.size()) {}
  uint8_t* data() { return reinterpret_cast<uint8_t*>(words_.data()); }
  const uint8_t* data() const { return reinterpret_cast<const uint8_t*>(words_.data()); }
  size_t size() const { return size_; }
  nlmsghdr* hdr() { return reinterpret_cast<nlmsghdr*>(data()); }

 private:
  std::vector<uint32_t> words_;
  size_t size_ = 0;
};

#ifdef NLTS_FIXTURES_DIR
inline std::vector<uint8_t> fixture(const std::string& name) {
  std::ifstream f(std::string(NLTS_FIXTURES_DIR) + "/" + name, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}
#endif

// The messages of one datagram, as (offset, length) pairs, NLMSG_OK-style.
inline std::vector<std::pair<size_t, size_t>> messages(const uint8_t* p, size_t n) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t off = 0;
  while (n - off >= sizeof(nlmsghdr)) {
    nlmsghdr h;
    std::memcpy(&h, p + off, sizeof h);
    if (h.nlmsg_len < sizeof h || h.nlmsg_len > n - off) break;
    out.emplace_back(off, h.nlmsg_len);
    off += NLMSG_ALIGN(h.nlmsg_len);
    if (off >= n) break;
  }
  return out;
}

// One field of a record: id and payload bytes. `fields` of a REC field is filled on demand.
struct Field {
  uint16_t id = 0;
  std::vector<uint8_t> bytes;
};

// Parses `field*` from [p, p+n) strictly: false when a length runs past the end.
inline bool parse_fields(const uint8_t* p, size_t n, std::vector<Field>& out) {
  size_t off = 0;
  while (off < n) {
    if (n - off < 6) return false;
    Field f;
    uint32_t len;
    std::memcpy(&f.id, p + off, 2);
    std::memcpy(&len, p + off + 2, 4);
    off += 6;
    if (len > n - off) return false;
    f.bytes.assign(p + off, p + off + len);
    off += len;
    out.push_back(std::move(f));
  }
  return true;
}

// Parses a buffer of records (u32 length, fields) strictly.
inline bool parse_records(const std::vector<uint8_t>& buf, std::vector<std::vector<Field>>& out) {
  size_t off = 0;
  while (off < buf.size()) {
    if (buf.size() - off < 4) return false;
    uint32_t len;
    std::memcpy(&len, buf.data() + off, 4);
    off += 4;
    if (len > buf.size() - off) return false;
    std::vector<Field> fields;
    if (!parse_fields(buf.data() + off, len, fields)) return false;
    out.push_back(std::move(fields));
    off += len;
  }
  return true;
}

// Convenience view: last value of each field id (lists: all values via all()).
struct Rec {
  std::vector<Field> fields;
  const Field* get(uint16_t id) const {
    const Field* r = nullptr;
    for (const auto& f : fields)
      if (f.id == id) r = &f;
    return r;
  }
  bool has(uint16_t id) const { return get(id) != nullptr; }
  std::vector<const Field*> all(uint16_t id) const {
    std::vector<const Field*> r;
    for (const auto& f : fields)
      if (f.id == id) r.push_back(&f);
    return r;
  }
  template <typename T>
  T num(uint16_t id, T dflt = T{}) const {
    const Field* f = get(id);
    if (!f || f->bytes.size() != sizeof(T)) return dflt;
    T v;
    std::memcpy(&v, f->bytes.data(), sizeof v);
    return v;
  }
  std::string str(uint16_t id) const {
    const Field* f = get(id);
    return f ? std::string(f->bytes.begin(), f->bytes.end()) : std::string("<absent>");
  }
  Rec sub(uint16_t id) const {
    Rec r;
    if (const Field* f = get(id)) parse_fields(f->bytes.data(), f->bytes.size(), r.fields);
    return r;
  }
};

}  // namespace support
