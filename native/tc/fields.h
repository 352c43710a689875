// A request record's fields by id, read once (records are small: a table beats repeated scans).
// Every field is also kept in order in `all`, for the repeated ones (u32 keys, actions).
#pragma once
#include <linux/netlink.h>

#include <cstring>
#include <vector>

#include "../nl/message.h"
#include "../nl/record.h"

namespace nl_tc {

template <size_t Max>
struct Fields {
  nl::FieldView at[Max + 1]{};
  bool has[Max + 1]{};
  std::vector<nl::FieldView> all;
  const char* error = nullptr;

  explicit Fields(nl::FieldReader& r) {
    nl::FieldView v;
    while (r.next(v)) {
      all.push_back(v);
      if (v.id <= Max) { at[v.id] = v; has[v.id] = true; }
    }
    error = r.error();
  }
  // The repeated field `id`, in order.
  std::vector<nl::FieldView> list(uint16_t id) const {
    std::vector<nl::FieldView> out;
    for (const auto& v : all) if (v.id == id) out.push_back(v);
    return out;
  }
  template <typename T>
  bool get(uint16_t id, T& out) const { return id <= Max && has[id] && at[id].get(out); }
  // A present field of the wrong width is a malformed request, not an absent option.
  template <typename T>
  bool bad(uint16_t id) const { T t; return id <= Max && has[id] && !at[id].get(t); }
  template <typename T>
  T or_(uint16_t id, T dflt) const { T v; return get(id, v) ? v : dflt; }
};

// Opens an attribute that contains other attributes *without* NLA_F_NESTED, as iproute2 writes
// TCA_OPTIONS and the action tables (the kernel accepts both; the bytes must equal tc's).
inline size_t open_plain(nl::MessageBuffer& m, uint16_t type) {
  size_t tok = m.nest_begin(type);
  nlattr a;
  std::memcpy(&a, m.data() + tok, sizeof a);
  a.nla_type = type;
  std::memcpy(m.data() + tok, &a, sizeof a);
  return tok;
}

}  // namespace nl_tc
