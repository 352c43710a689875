#include "request.h"

namespace nl {

bool ReqFields::parse(const uint8_t* p, size_t n) {
  RecordReader rr(p, n);
  FieldReader fr(nullptr, 0);
  if (!rr.next(fr)) {
    malformed_ = true;
    why_ = rr.error() ? rr.error() : "no request record";
    return false;
  }
  FieldView f;
  while (fr.next(f)) {
    if (f.id > kMax) continue;  // not ours to read: ignored like an unknown key
    // A repeated field keeps every occurrence in fields_; the table holds the last.
    at_[f.id] = f;
    has_[f.id] = true;
    fields_.push_back(f);
  }
  if (fr.error()) {
    malformed_ = true;
    why_ = fr.error();
    return false;
  }
  return true;
}

const FieldView* ReqFields::bytes(uint16_t id, std::initializer_list<uint32_t> sizes) const {
  if (!has(id)) return nullptr;
  if (sizes.size() == 0) return &at_[id];
  for (uint32_t s : sizes)
    if (at_[id].len == s) return &at_[id];
  flag(id);
  return nullptr;
}

std::vector<FieldView> ReqFields::all(uint16_t id) const {
  std::vector<FieldView> out;
  for (const auto& f : fields_)
    if (f.id == id) out.push_back(f);
  return out;
}

std::vector<RequestDef>& request_registry() {
  static std::vector<RequestDef> r;  // filled by static RequestRegistration objects at load
  return r;
}

const RequestDef* request_for(const std::string& name) {
  for (const auto& d : request_registry())
    if (name == d.name) return &d;
  return nullptr;
}

Error build_request(const std::string& name, const uint8_t* p, size_t n, MessageBuffer& m, uint32_t seq,
                    const RequestDef** def) {
  const RequestDef* d = request_for(name);
  if (!d) return Error::bad("internal: unknown request " + name);
  if (def) *def = d;
  ReqFields r;
  if (!r.parse(p, n)) return Error::bad("internal: malformed " + name + " request: " + r.why());
  Error e = d->build(r, m, seq);
  if (e) return e;
  if (r.malformed()) return Error::bad("internal: malformed " + name + " request: " + r.why());
  if (m.overflowed()) return Error::bad(name + ": request too large for a netlink message");
  return Error{};
}

}  // namespace nl
