// Field ids of the tc records. One schema ("tcobj") serves both ways: lib/tc writes requests
// with it (encodeRecords) and the decoder writes listed qdiscs/classes/filters with it, so a
// listed object can be sent back as is (the round-trip property). Each typed kind has its own
// nested schema under its own field (tbf → "tc_tbf" …); kinds without one travel as raw
// TCA_OPTIONS bytes (OPTIONS).
#pragma once
#include <cstdint>

namespace nl_tc {

// Which object a record describes.
enum Obj : uint8_t { QDISC = 0, CLASS = 1, FILTER = 2 };
// What a request does (tc's verbs).
enum Verb : uint8_t { ADD = 0, REPLACE = 1, CHANGE = 2, DELETE = 3 };

namespace f {
enum : uint16_t {
  OBJ = 1, VERB, IFINDEX, HANDLE, PARENT, PRIO, PROTOCOL, KIND, CHAIN,
  OPTIONS,  // raw TCA_OPTIONS payload (kinds without a typed schema)
  RAW,      // other attributes, as received
  BYTES, PACKETS, DROPS, OVERLIMITS, BACKLOG, QLEN, REQUEUES,
  // typed options, one nested schema per kind
  TBF = 32, HTB, HTB_CLASS, FIFO, FQ_CODEL, NETEM, PRIO_Q, SFQ, FQ,
  U32 = 48, MATCHALL, FLOWER, BPF,
};
}  // namespace f

namespace tbf { enum : uint16_t { RATE = 1, BURST, LIMIT, LATENCY, PEAKRATE, MTU, MPU, OVERHEAD }; }
namespace htb { enum : uint16_t { DEFAULT = 1, R2Q, DIRECT_QLEN, VERSION, DIRECT_PACKETS }; }
namespace htbc { enum : uint16_t { RATE = 1, CEIL, BURST, CBURST, PRIO, QUANTUM, MTU, LEVEL }; }
namespace fifo { enum : uint16_t { LIMIT = 1 }; }
namespace fqc { enum : uint16_t { LIMIT = 1, FLOWS, TARGET, INTERVAL, QUANTUM, ECN }; }
namespace netem { enum : uint16_t { LATENCY = 1, JITTER, LIMIT, LOSS, GAP, DUPLICATE }; }
namespace prio { enum : uint16_t { BANDS = 1, PRIOMAP }; }
namespace sfq { enum : uint16_t { QUANTUM = 1, PERTURB, LIMIT }; }
namespace fq { enum : uint16_t { LIMIT = 1, FLOW_LIMIT, QUANTUM, INITIAL_QUANTUM, MAXRATE }; }
namespace u32 { enum : uint16_t { CLASSID = 1, KEY, ACTION, DIVISOR, TERMINAL, HASH, LINK }; }
namespace u32key { enum : uint16_t { MASK = 1, VAL, OFF, OFFMASK }; }
namespace mall { enum : uint16_t { CLASSID = 1, ACTION, FLAGS }; }
namespace flower { enum : uint16_t { ETH_TYPE = 1, IP_PROTO, SRC_PORT, DST_PORT, CLASSID, ACTION, FLAGS }; }
namespace bpf { enum : uint16_t { OPS = 1, CLASSID, ACTION }; }
namespace act {
enum : uint16_t {
  KIND = 1, INDEX, VERDICT,           // every action: TC_ACT_* verdict
  MIRRED_ACTION, IFINDEX,             // mirred: TCA_EGRESS_REDIR … and the target
  RATE, BURST, MTU,                   // police
  OPTIONS,                            // raw TCA_ACT_OPTIONS payload (other kinds)
  BYTES, PACKETS, DROPS, OVERLIMITS,
};
}

}  // namespace nl_tc
