// flower (the subset lib/tc types): Equivalent to: tc filter add … protocol P flower
//   [ip_proto tcp|udp|N] [src_port N] [dst_port N] [classid C] action … — attribute order as tc
//   writes it (keys, actions, flags, then the ethertype last).
#include <linux/pkt_cls.h>

#include "../fields.h"
#include "../schema.h"
#include "../tc.h"

namespace nl_tc {
namespace {

nl::Error encode(nl::MessageBuffer& m, nl::FieldReader& r, uint8_t) {
  Fields<flower::FLAGS> o(r);
  if (o.error) return nl::Error::bad(std::string("tc_flower: ") + o.error);
  uint32_t v;
  uint16_t port, eth;
  uint8_t proto = 0;
  if (o.get(flower::CLASSID, v)) m.put_u32(TCA_FLOWER_CLASSID, v);
  if (o.get(flower::IP_PROTO, proto)) m.put_u8(TCA_FLOWER_KEY_IP_PROTO, proto);
  // tc keys ports by protocol: TCP and SCTP/UDP have their own attributes.
  const bool udp = proto == 17;
  if (o.get(flower::SRC_PORT, port)) m.put_be16(udp ? TCA_FLOWER_KEY_UDP_SRC : TCA_FLOWER_KEY_TCP_SRC, port);
  if (o.get(flower::DST_PORT, port)) m.put_be16(udp ? TCA_FLOWER_KEY_UDP_DST : TCA_FLOWER_KEY_TCP_DST, port);
  std::vector<nl::FieldView> acts = o.list(flower::ACTION);
  if (!acts.empty()) {
    if (nl::Error e = encode_actions(m, TCA_FLOWER_ACT, acts.data(), acts.size())) return e;
  }
  m.put_u32(TCA_FLOWER_FLAGS, o.or_<uint32_t>(flower::FLAGS, 0));
  if (o.get(flower::ETH_TYPE, eth)) m.put_be16(TCA_FLOWER_KEY_ETH_TYPE, eth);
  return nl::Error{};
}

bool decode(const nl::Attr& opts, nl::RecordWriter& w, uint8_t) {
  nl::AttrTable<TCA_FLOWER_MAX> t;
  if (!t.parse(opts)) return false;
  uint32_t v;
  uint16_t p;
  uint8_t b;
  if (t.get(TCA_FLOWER_CLASSID) && t.get(TCA_FLOWER_CLASSID)->u32(v)) w.u32(flower::CLASSID, v);
  if (t.get(TCA_FLOWER_KEY_ETH_TYPE) && t.get(TCA_FLOWER_KEY_ETH_TYPE)->be16(p)) w.u16(flower::ETH_TYPE, p);
  if (t.get(TCA_FLOWER_KEY_IP_PROTO) && t.get(TCA_FLOWER_KEY_IP_PROTO)->u8(b)) w.u8(flower::IP_PROTO, b);
  for (int s : {TCA_FLOWER_KEY_TCP_SRC, TCA_FLOWER_KEY_UDP_SRC}) if (t.get(s) && t.get(s)->be16(p)) w.u16(flower::SRC_PORT, p);
  for (int d : {TCA_FLOWER_KEY_TCP_DST, TCA_FLOWER_KEY_UDP_DST}) if (t.get(d) && t.get(d)->be16(p)) w.u16(flower::DST_PORT, p);
  if (t.get(TCA_FLOWER_FLAGS) && t.get(TCA_FLOWER_FLAGS)->u32(v)) w.u32(flower::FLAGS, v);
  if (const nl::Attr* a = t.get(TCA_FLOWER_ACT)) decode_actions(*a, w, flower::ACTION);
  return true;
}

}  // namespace

extern const Kind kFlower{"flower", f::FLOWER, 0, &encode, &decode};

}  // namespace nl_tc
