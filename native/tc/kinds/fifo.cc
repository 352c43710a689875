// pfifo / bfifo: Equivalent to: tc qdisc add … pfifo|bfifo [limit N] — TCA_OPTIONS is a bare
// tc_fifo_qopt (packets for pfifo, bytes for bfifo), not attributes.
#include <linux/pkt_sched.h>

#include "../fields.h"
#include "../schema.h"
#include "../tc.h"

namespace nl_tc {
namespace {

nl::Error encode(nl::MessageBuffer& m, nl::FieldReader& r, uint8_t) {
  Fields<fifo::LIMIT> o(r);
  if (o.error) return nl::Error::bad(std::string("tc_fifo: ") + o.error);
  tc_fifo_qopt q{};
  if (!o.get(fifo::LIMIT, q.limit)) return nl::Error{};  // no limit: tc sends no options
  m.put_raw(&q, sizeof q);
  return nl::Error{};
}

bool decode(const nl::Attr& opts, nl::RecordWriter& w, uint8_t) {
  tc_fifo_qopt q;
  if (!opts.read(&q, sizeof q)) return false;
  w.u32(fifo::LIMIT, q.limit);
  return true;
}

}  // namespace

extern const Kind kPfifo{"pfifo", f::FIFO, 0, &encode, &decode};
extern const Kind kBfifo{"bfifo", f::FIFO, 0, &encode, &decode};

}  // namespace nl_tc
