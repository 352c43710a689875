// libFuzzer target: the conntrack flow decoder (nl_ct::parse/write), the filter matcher and the
// delete builder on arbitrary IPCTNL_MSG_CT_* messages; and the "ctfilter" reader on the same
// bytes. Invariants: a DecodeError with a path, or a well-formed record; a delete built from a
// decoded flow is one well-formed message; never a read outside the input (ASan).
#include <cstdlib>

#include "../support.h"
#include "conntrack/flow.h"
#include "conntrack/schema.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  {
    nl_ct::Filter q;
    (void)nl_ct::read_filter(data, size, q);  // any bytes: an error or a filter, nothing else
    nl::MessageBuffer m;
    nl_ct::build_dump(m, 1, q);
    if (m.count() != 1) std::abort();
  }
  if (size < NLMSG_HDRLEN) return 0;
  support::Aligned a(data, size);
  nlmsghdr* h = a.hdr();
  if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > size) h->nlmsg_len = static_cast<uint32_t>(size);
  nl_ct::Flow f;
  nl::Error e = nl_ct::parse(h, f);
  if (e) {
    if (!e.decode || e.where.empty()) std::abort();
    return 0;
  }
  nl::RecordWriter w;
  nl_ct::write(f, w);
  std::vector<std::vector<support::Field>> recs;
  if (!support::parse_records(w.buffer(), recs) || recs.size() != 1) std::abort();
  for (const auto& fld : recs[0]) {
    std::vector<support::Field> sub;
    if ((fld.id == nl_ct::ff::ORIG || fld.id == nl_ct::ff::REPLY || fld.id == nl_ct::ff::MASTER ||
         fld.id == nl_ct::ff::COUNTERS_ORIG || fld.id == nl_ct::ff::RAW) &&
        !support::parse_fields(fld.bytes.data(), fld.bytes.size(), sub))
      std::abort();
  }
  nl_ct::Filter all;
  if (!nl_ct::matches(all, f)) std::abort();  // the empty filter matches every flow
  if (f.orig.present) {
    nl::MessageBuffer m;
    nl_ct::build_delete(m, 1, f);
    if (m.count() != 1 || reinterpret_cast<const nlmsghdr*>(m.data())->nlmsg_len != m.size()) std::abort();
  }
  return 0;
}
