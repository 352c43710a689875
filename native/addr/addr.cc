#include "addr.h"

#include <sys/socket.h>

#include <cstring>

#include "../nl/attr.h"
#include "../nl/format.h"
#include "../nl/raw.h"
#include "addr_schema.h"

namespace nl_addr {

using nl::Attr;
using nl::FieldType;
using nl::MessageBuffer;
using nl::RecordWriter;

size_t addr_len(uint8_t family) { return family == AF_INET6 ? 16 : 4; }

namespace {

ifaddrmsg header_for(const Spec& s) {
  ifaddrmsg ifa{};
  ifa.ifa_family = s.family;
  ifa.ifa_prefixlen = s.prefixlen;
  ifa.ifa_scope = s.scope;
  ifa.ifa_index = s.index;
  // ifa_flags is 8 bits wide; newer flags (noprefixroute, managetempaddr…) need IFA_FLAGS.
  if (s.flags <= 0xff) ifa.ifa_flags = static_cast<uint8_t>(s.flags);
  return ifa;
}

// Attribute order as iproute2 6.1 sends `ip addr add LOCAL [peer P] [broadcast B] [label L]
// [flags…] [valid_lft V preferred_lft P]`: what it parses goes in as it comes (local, peer,
// broadcast, label), then IFA_FLAGS, then IFA_ADDRESS = local when there was no peer, then
// IFA_CACHEINFO — so our bytes match ip's (test/codec/route.fixtures.txt).
void put_addresses(MessageBuffer& m, const Spec& s) {
  const size_t n = addr_len(s.family);
  m.put(IFA_LOCAL, s.local, n);
  m.put(IFA_ADDRESS, s.peer ? s.peer : s.local, n);
}

}  // namespace

void build_add(MessageBuffer& m, uint32_t seq, const Spec& s, bool replace) {
  m.begin(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | (replace ? NLM_F_REPLACE : NLM_F_EXCL), seq);
  m.put_header(header_for(s));
  const size_t n = addr_len(s.family);
  m.put(IFA_LOCAL, s.local, n);
  if (s.peer) m.put(IFA_ADDRESS, s.peer, n);
  if (s.broadcast) m.put(IFA_BROADCAST, s.broadcast, 4);
  if (s.label) m.put(IFA_LABEL, s.label, std::strlen(s.label) + 1);
  if (s.flags > 0xff) m.put_u32(IFA_FLAGS, s.flags);
  if (!s.peer) m.put(IFA_ADDRESS, s.local, n);
  if (s.has_lifetime) {
    ifa_cacheinfo ci{};
    ci.ifa_valid = s.valid_lft;
    ci.ifa_prefered = s.preferred_lft;
    m.put(IFA_CACHEINFO, &ci, sizeof ci);
  }
}

void build_delete(MessageBuffer& m, uint32_t seq, const Spec& s) {
  m.begin(RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, seq);
  Spec d = s;
  d.flags = 0;  // flags do not select an address
  m.put_header(header_for(d));
  put_addresses(m, s);
  if (s.label) m.put(IFA_LABEL, s.label, std::strlen(s.label) + 1);
}

void build_dump(MessageBuffer& m, uint32_t seq, uint8_t family, uint32_t index) {
  m.begin(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, seq);
  ifaddrmsg ifa{};
  ifa.ifa_family = family;
  ifa.ifa_index = index;
  m.put_header(ifa);
}

nl::Error decode(const nlmsghdr* h, RecordWriter& w) {
  ifaddrmsg ifa;
  const uint8_t* p;
  size_t len;
  if (!nl::split_message(h, ifa, p, len)) return nl::Error::bad("RTM_NEWADDR: shorter than ifaddrmsg");

  size_t rec = w.begin();
  w.u32(f::INDEX, ifa.ifa_index);
  w.u8(f::FAMILY, ifa.ifa_family);
  w.u8(f::PREFIXLEN, ifa.ifa_prefixlen);
  w.u8(f::SCOPE, ifa.ifa_scope);

  uint32_t flags = ifa.ifa_flags;
  nl::AttrIter it(p, len);
  Attr a;
  uint32_t v32;
  uint8_t v8;
  while (it.next(a)) {
    switch (a.type) {
      case IFA_ADDRESS: w.str(f::ADDRESS, nl::ip_from_bytes(a.data, a.len)); break;
      case IFA_LOCAL: w.str(f::LOCAL, nl::ip_from_bytes(a.data, a.len)); break;
      case IFA_BROADCAST: w.str(f::BROADCAST, nl::ip_from_bytes(a.data, a.len)); break;
      case IFA_ANYCAST: w.str(f::ANYCAST, nl::ip_from_bytes(a.data, a.len)); break;
      case IFA_LABEL: w.str(f::LABEL, a.str()); break;
      // The full 32-bit flags; ifa_flags only carries the low 8.
      case IFA_FLAGS: if (a.u32(v32)) flags = v32; break;
      case IFA_RT_PRIORITY: if (a.u32(v32)) w.u32(f::RT_PRIORITY, v32); break;
      case IFA_PROTO: if (a.u8(v8)) w.u8(f::PROTO, v8); break;
      case IFA_CACHEINFO: {
        ifa_cacheinfo ci;
        if (a.read(&ci, sizeof ci)) {
          w.u32(f::PREFERRED, ci.ifa_prefered);
          w.u32(f::VALID, ci.ifa_valid);
        } else {
          nl::write_raw(w, f::RAW, a);
        }
        break;
      }
      default: nl::write_raw(w, f::RAW, a); break;
    }
  }
  if (it.error()) return nl::Error::bad(std::string("RTM_NEWADDR: ") + it.error());
  w.u32(f::FLAGS, flags);
  w.end(rec);
  return nl::Error{};
}

// ---- schema (exported to TypeScript) ----
static const nl::FieldDef kAddr[] = {
    {f::INDEX, "index", FieldType::U32, false, nullptr},
    {f::FAMILY, "family", FieldType::U8, false, nullptr},
    {f::PREFIXLEN, "prefixlen", FieldType::U8, false, nullptr},
    {f::SCOPE, "scope", FieldType::U8, false, nullptr},
    {f::FLAGS, "flags", FieldType::U32, false, nullptr},
    {f::ADDRESS, "address", FieldType::STR, false, nullptr},
    {f::LOCAL, "local", FieldType::STR, false, nullptr},
    {f::BROADCAST, "broadcast", FieldType::STR, false, nullptr},
    {f::ANYCAST, "anycast", FieldType::STR, false, nullptr},
    {f::LABEL, "label", FieldType::STR, false, nullptr},
    {f::PREFERRED, "preferred", FieldType::U32, false, nullptr},
    {f::VALID, "valid", FieldType::U32, false, nullptr},
    {f::RT_PRIORITY, "rtPriority", FieldType::U32, false, nullptr},
    {f::PROTO, "proto", FieldType::U8, false, nullptr},
    {f::RAW, "raw", FieldType::REC, true, "rawattr"},
};
NL_SCHEMA(kAddrSchema, "address", kAddr)
// For event monitors: address notifications decode like dump replies.
static nl::DecoderRegistration reg_newaddr({RTM_NEWADDR, "newaddr", "address", &decode});
static nl::DecoderRegistration reg_deladdr({RTM_DELADDR, "deladdr", "address", &decode});

}  // namespace nl_addr
