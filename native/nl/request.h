// Option-rich requests (policy rules, neighbours, FDB, bridge ports …) cross N-API as one
// compact record (lib/records.ts encodeRecords, read here with FieldReader) instead of a long
// positional argument list. Each family registers its builders by name; the N-API layer
// (native/napi/rtobj.cc) looks them up, so adding a request touches no shared N-API file.
// Nothing here knows any netlink family.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "error.h"
#include "message.h"
#include "record.h"

namespace nl {

// One request record read into a table by field id (ids are small: kMax bounds them). Getters
// return nullopt when the field is absent; a field of the wrong size marks the record malformed
// (a bug in lib/, reported as an internal error, never sent half-built).
class ReqFields {
 public:
  static constexpr uint16_t kMax = 63;
  // Reads the first record of a records buffer (u32 length, fields). False when malformed.
  bool parse(const uint8_t* p, size_t n);
  bool has(uint16_t id) const { return id <= kMax && has_[id]; }
  std::optional<uint8_t> u8(uint16_t id) const { return get<uint8_t>(id); }
  std::optional<uint16_t> u16(uint16_t id) const { return get<uint16_t>(id); }
  std::optional<uint32_t> u32(uint16_t id) const { return get<uint32_t>(id); }
  std::optional<int32_t> s32(uint16_t id) const { return get<int32_t>(id); }
  std::optional<bool> boolean(uint16_t id) const {
    auto v = get<uint8_t>(id);
    if (!v) return std::nullopt;
    return *v != 0;
  }
  std::optional<std::string> str(uint16_t id) const {
    if (!has(id)) return std::nullopt;
    return at_[id].str();
  }
  // Raw bytes (an address: 4, 6 or 16 bytes); `sizes` lists the accepted lengths (0 = any).
  const FieldView* bytes(uint16_t id, std::initializer_list<uint32_t> sizes = {}) const;
  // Every occurrence of a repeated field, in order.
  std::vector<FieldView> all(uint16_t id) const;
  bool malformed() const { return malformed_; }
  const std::string& why() const { return why_; }

 private:
  template <typename T>
  std::optional<T> get(uint16_t id) const {
    if (!has(id)) return std::nullopt;
    T v;
    if (!at_[id].get(v)) { flag(id); return std::nullopt; }
    return v;
  }
  void flag(uint16_t id) const {
    malformed_ = true;
    if (why_.empty()) why_ = "field " + std::to_string(id) + " has the wrong size";
  }
  FieldView at_[kMax + 1]{};
  bool has_[kMax + 1]{};
  std::vector<FieldView> fields_;
  mutable bool malformed_ = false;
  mutable std::string why_;
};

using BuildFn = Error (*)(const ReqFields& r, MessageBuffer& m, uint32_t seq);

struct RequestDef {
  const char* name;     // "rule.add", "neigh.dump" …
  BuildFn build;
  bool dump;            // NLM_F_DUMP: replies until NLMSG_DONE
  uint16_t reply_type;  // data replies to decode (0: the request is only ACKed)
  DecodeFn decode;      // decoder for replies of reply_type (writes records)
};

std::vector<RequestDef>& request_registry();
const RequestDef* request_for(const std::string& name);
struct RequestRegistration {
  explicit RequestRegistration(RequestDef d) { request_registry().push_back(d); }
};

// Builds request `name` from the record `p[0..n)` into `m`; an Error (internal) when the name is
// unknown or the record malformed.
Error build_request(const std::string& name, const uint8_t* p, size_t n, MessageBuffer& m, uint32_t seq,
                    const RequestDef** def = nullptr);

}  // namespace nl
