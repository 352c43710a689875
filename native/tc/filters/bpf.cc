// bpf (classic BPF bytecode): Equivalent to: tc filter add … bpf bytecode 'N,c t f k,…'
//   [classid C] [action …] — the program as sock_filter instructions (8 bytes each).
#include <linux/filter.h>
#include <linux/pkt_cls.h>

#include "../fields.h"
#include "../schema.h"
#include "../tc.h"

namespace nl_tc {
namespace {

nl::Error encode(nl::MessageBuffer& m, nl::FieldReader& r, uint8_t) {
  Fields<bpf::ACTION> o(r);
  if (o.error) return nl::Error::bad(std::string("tc_bpf: ") + o.error);
  uint32_t v;
  if (o.get(bpf::CLASSID, v)) m.put_u32(TCA_BPF_CLASSID, v);
  if (o.has[bpf::OPS]) {
    const nl::FieldView& ops = o.at[bpf::OPS];
    if (ops.len == 0 || ops.len % sizeof(sock_filter) || ops.len / sizeof(sock_filter) > BPF_MAXINSNS) {
      return nl::Error::bad("tc_bpf: ops must be 1…4096 sock_filter instructions");
    }
    m.put_u16(TCA_BPF_OPS_LEN, static_cast<uint16_t>(ops.len / sizeof(sock_filter)));
    m.put(TCA_BPF_OPS, ops.data, ops.len);
  }
  std::vector<nl::FieldView> acts = o.list(bpf::ACTION);
  if (!acts.empty()) {
    if (nl::Error e = encode_actions(m, TCA_BPF_ACT, acts.data(), acts.size())) return e;
  }
  return nl::Error{};
}

bool decode(const nl::Attr& opts, nl::RecordWriter& w, uint8_t) {
  nl::AttrTable<TCA_BPF_MAX> t;
  if (!t.parse(opts)) return false;
  uint32_t v;
  if (t.get(TCA_BPF_CLASSID) && t.get(TCA_BPF_CLASSID)->u32(v)) w.u32(bpf::CLASSID, v);
  if (const nl::Attr* a = t.get(TCA_BPF_OPS)) w.bytes(bpf::OPS, a->data, a->len);
  if (const nl::Attr* a = t.get(TCA_BPF_ACT)) decode_actions(*a, w, bpf::ACTION);
  return true;
}

}  // namespace

extern const Kind kBpf{"bpf", f::BPF, 0, &encode, &decode};

}  // namespace nl_tc
