// Results cross into JavaScript as compact records in one buffer, not as N-API objects
// (building objects property by property through N-API costs ~10x more; FIELD-NOTES.md).
//
// Layout: record := u32 byte_length, field*;  field := u16 id, u32 byte_length, payload.
// Field ids and their types come from a Schema, exported to JavaScript once, so the TypeScript
// materializer names and decodes every field from the same table the C++ writer uses.
// Requests travel the other way in the same layout: TypeScript writes records with a schema
// (lib/records.ts encodeRecords) and C++ reads them with FieldReader (bounds-checked).
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <linux/netlink.h>

#include "error.h"

namespace nl {

enum class FieldType : uint8_t { U8, U16, U32, S32, U64, BOOL, STR, BYTES, REC };

struct FieldDef {
  uint16_t id;
  const char* name;
  FieldType type;
  bool list;              // repeated: collected into an array
  const char* nested;     // schema name for REC fields
};

struct Schema {
  const char* name;
  const FieldDef* fields;
  size_t count;
};

// Every schema a family defines, visible to the N-API layer for export.
std::vector<const Schema*>& schema_registry();
struct SchemaRegistration {
  explicit SchemaRegistration(const Schema* s) { schema_registry().push_back(s); }
};

// Decoders of kernel messages by nlmsg_type, registered by each family, so generic code (event
// monitors, tools) can decode any message without knowing the family.
class RecordWriter;
using DecodeFn = Error (*)(const ::nlmsghdr*, RecordWriter&);
struct MessageDecoder {
  uint16_t type;      // RTM_NEWLINK …
  const char* event;  // "newlink" …
  const char* schema; // record schema the decoder writes
  DecodeFn fn;
};
std::vector<MessageDecoder>& decoder_registry();
const MessageDecoder* decoder_for(uint16_t type);
struct DecoderRegistration {
  explicit DecoderRegistration(MessageDecoder d) { decoder_registry().push_back(d); }
};

// Defines and registers a schema from a FieldDef array, at namespace scope in a .cc file.
#define NL_SCHEMA(var, name, arr)                                         \
  static const ::nl::Schema var{name, arr, sizeof arr / sizeof arr[0]}; \
  static ::nl::SchemaRegistration reg_##var(&var);

class RecordWriter {
 public:
  size_t begin() { size_t t = size_; u32raw(0); return t; }
  void end(size_t tok) { patch(tok, size_ - tok - 4); }

  void u8(uint16_t id, uint8_t v) { head(id, 1); *grow(1) = v; }
  void u16(uint16_t id, uint16_t v) { head(id, 2); raw(&v, 2); }
  void u32(uint16_t id, uint32_t v) { head(id, 4); raw(&v, 4); }
  void s32(uint16_t id, int32_t v) { head(id, 4); raw(&v, 4); }
  void u64(uint16_t id, uint64_t v) { head(id, 8); raw(&v, 8); }
  void boolean(uint16_t id, bool v) { head(id, 1); *grow(1) = v ? 1 : 0; }
  void str(uint16_t id, const std::string& s) { head(id, s.size()); raw(s.data(), s.size()); }
  void str(uint16_t id, const char* p, size_t n) { head(id, n); raw(p, n); }
  void bytes(uint16_t id, const void* p, size_t n) { head(id, n); raw(p, n); }
  // A nested record (REC field): returns a token for nest_end().
  size_t nest_begin(uint16_t id) { size_t t = size_; head(id, 0); return t; }
  void nest_end(size_t tok) { patch(tok + 2, size_ - tok - 6); }

  // Raw bytes appended after the records so far (zero-filled), for writers with a layout of
  // their own (native/route/list.cc): returns where they start.
  uint8_t* append_zeroed(size_t n) {
    uint8_t* p = grow(n);
    std::memset(p, 0, n);
    return p;
  }
  // Pads with zeros to a multiple of 4 bytes.
  void align4() {
    size_t pad = ((size_ + 3) & ~size_t{3}) - size_;
    if (pad) append_zeroed(pad);
  }

  // The records written so far (the vector is trimmed to them).
  std::vector<uint8_t>& buffer() { out_.resize(size_); return out_; }
  size_t size() const { return size_; }
  void rollback(size_t tok) { size_ = tok; }
  // The bytes written so far, without trimming the storage (a writer reused across calls keeps
  // its grown storage: no reallocation, no zero-fill, no fresh pages to fault in).
  const uint8_t* data() const { return out_.data(); }
  // Empties the writer; storage beyond `keep` bytes is given back.
  void reset(size_t keep) {
    size_ = 0;
    if (out_.size() > keep) std::vector<uint8_t>().swap(out_);
  }

 private:
  // Appends grow a zero-filled vector geometrically and copy into it: vector::insert of a few
  // bytes at a time cost more than the decoding itself on big dumps.
  uint8_t* grow(size_t n) {
    if (out_.size() - size_ < n) out_.resize(std::max(out_.size() * 2, size_ + n + 1024));
    uint8_t* p = out_.data() + size_;
    size_ += n;
    return p;
  }
  void head(uint16_t id, size_t len) {
    uint8_t* p = grow(6);
    uint32_t l = static_cast<uint32_t>(len);
    std::memcpy(p, &id, 2);
    std::memcpy(p + 2, &l, 4);
  }
  void u32raw(uint32_t v) { raw(&v, 4); }
  void raw(const void* p, size_t n) {
    if (n) std::memcpy(grow(n), p, n);
  }
  void patch(size_t at, size_t v) {
    uint32_t x = static_cast<uint32_t>(v);
    std::memcpy(out_.data() + at, &x, 4);
  }
  std::vector<uint8_t> out_;
  size_t size_ = 0;
};

// One field of a record being read; the typed getters fail unless the length fits the type.
struct FieldView {
  uint16_t id = 0;
  const uint8_t* data = nullptr;
  uint32_t len = 0;

  template <typename T>
  bool get(T& out) const {
    if (len != sizeof(T)) return false;
    std::memcpy(&out, data, sizeof(T));
    return true;
  }
  bool boolean(bool& out) const { uint8_t v; if (!get(v)) return false; out = v != 0; return true; }
  std::string str() const { return std::string(reinterpret_cast<const char*>(data), len); }
  std::vector<uint8_t> bytes() const { return std::vector<uint8_t>(data, data + len); }
};

// Walks the fields of one record (or of a nested REC field's payload). next() returns false at
// the end, or when a field overruns its container (error() then says so).
class FieldReader {
 public:
  FieldReader(const uint8_t* p, size_t n) : p_(p), n_(n) {}
  explicit FieldReader(const FieldView& nested) : p_(nested.data), n_(nested.len) {}
  bool next(FieldView& f) {
    if (off_ == n_) return false;
    if (n_ - off_ < 6) { error_ = "truncated field header"; return false; }
    std::memcpy(&f.id, p_ + off_, 2);
    std::memcpy(&f.len, p_ + off_ + 2, 4);
    if (f.len > n_ - off_ - 6) { error_ = "field overruns its record"; return false; }
    f.data = p_ + off_ + 6;
    off_ += 6 + static_cast<size_t>(f.len);
    return true;
  }
  const char* error() const { return error_; }

 private:
  const uint8_t* p_;
  size_t n_;
  size_t off_ = 0;
  const char* error_ = nullptr;
};

// Walks a buffer of records: each next() yields one record's fields.
class RecordReader {
 public:
  RecordReader(const uint8_t* p, size_t n) : p_(p), n_(n) {}
  bool next(FieldReader& fields) {
    if (off_ == n_) return false;
    if (n_ - off_ < 4) { error_ = "truncated record header"; return false; }
    uint32_t len;
    std::memcpy(&len, p_ + off_, 4);
    if (len > n_ - off_ - 4) { error_ = "record overruns the buffer"; return false; }
    fields = FieldReader(p_ + off_ + 4, len);
    off_ += 4 + static_cast<size_t>(len);
    return true;
  }
  const char* error() const { return error_; }

 private:
  const uint8_t* p_;
  size_t n_;
  size_t off_ = 0;
  const char* error_ = nullptr;
};

}  // namespace nl
