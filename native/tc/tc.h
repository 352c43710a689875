// Traffic control (rtnetlink RTM_*QDISC / RTM_*TCLASS / RTM_*TFILTER): requests built from a
// "tcobj" record (native/tc/schema.h) and the decoder for the kernel's qdisc, class and filter
// messages. Pure C++ (no N-API) so native tests and fuzzers can drive it directly.
#pragma once
#include <linux/rtnetlink.h>

#include <cstddef>
#include <cstdint>

#include "../nl/attr.h"
#include "../nl/error.h"
#include "../nl/message.h"
#include "../nl/record.h"

namespace nl_tc {

// Builds the request one "tcobj" record describes (verb, object, kind and options). A malformed
// record is a bug in lib/tc and is reported, never sent.
nl::Error build_request(nl::MessageBuffer& m, uint32_t seq, const uint8_t* rec, size_t len);
// Equivalent to: tc qdisc|class|filter show dev IFINDEX [parent P]
void build_dump(nl::MessageBuffer& m, uint32_t seq, uint8_t obj, uint32_t ifindex, uint32_t parent);
// Decodes one RTM_NEW/DEL{QDISC,TCLASS,TFILTER} message into a "tcobj" record.
nl::Error decode(const nlmsghdr* h, nl::RecordWriter& w);

// ---- per-kind codecs (native/tc/kinds, filters, actions) ----
// Encoders read the kind's nested record and write the inside of TCA_OPTIONS; decoders read
// TCA_OPTIONS and write the kind's nested record. `obj` tells a qdisc from a class (htb).
using KindEncode = nl::Error (*)(nl::MessageBuffer& m, nl::FieldReader& opts, uint8_t obj);
using KindDecode = bool (*)(const nl::Attr& options, nl::RecordWriter& w, uint8_t obj);
struct Kind {
  const char* name;
  uint16_t field;       // f::TBF …
  uint16_t class_field; // for kinds whose classes have their own options (htb), else 0
  KindEncode encode;
  KindDecode decode;    // false: undecodable, the caller keeps the options raw
};
const Kind* kind_by_name(const char* name, size_t len);
const Kind* kind_by_field(uint16_t field);

// Actions (TCA_*_ACT nests), shared by the filters: encode a list of "tc_act" records as
// TCA_ACT_TAB-style numbered nests under attribute `type`, and decode them back.
nl::Error encode_actions(nl::MessageBuffer& m, uint16_t type, const nl::FieldView* acts, size_t n);
void decode_actions(const nl::Attr& tab, nl::RecordWriter& w, uint16_t field);

// Statistics (TCA_STATS2) into the record's BYTES … fields (`base` = f::BYTES or act::BYTES).
void decode_stats2(const nl::Attr& a, nl::RecordWriter& w, uint16_t bytes, uint16_t packets,
                   uint16_t drops, uint16_t overlimits, uint16_t backlog, uint16_t qlen);

}  // namespace nl_tc
