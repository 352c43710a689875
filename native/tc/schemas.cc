// The tc record schemas, exported to TypeScript (lib/tc reads and writes records with them).
#include <linux/rtnetlink.h>

#include "../nl/record.h"
#include "schema.h"
#include "tc.h"

namespace nl_tc {
namespace {
using nl::FieldType;
constexpr FieldType U8 = FieldType::U8, U16 = FieldType::U16, U32 = FieldType::U32, S32 = FieldType::S32,
                    U64 = FieldType::U64, BOOL = FieldType::BOOL, STR = FieldType::STR, BYTES = FieldType::BYTES,
                    REC = FieldType::REC;

const nl::FieldDef kObj[] = {
    {f::OBJ, "obj", U8, false, nullptr},         {f::VERB, "verb", U8, false, nullptr},
    {f::IFINDEX, "ifindex", U32, false, nullptr}, {f::HANDLE, "handle", U32, false, nullptr},
    {f::PARENT, "parent", U32, false, nullptr},   {f::PRIO, "prio", U16, false, nullptr},
    {f::PROTOCOL, "protocol", U16, false, nullptr}, {f::KIND, "kind", STR, false, nullptr},
    {f::CHAIN, "chain", U32, false, nullptr},     {f::OPTIONS, "options", BYTES, false, nullptr},
    {f::RAW, "raw", REC, true, "rawattr"},        {f::BYTES, "bytes", U64, false, nullptr},
    {f::PACKETS, "packets", U32, false, nullptr}, {f::DROPS, "drops", U32, false, nullptr},
    {f::OVERLIMITS, "overlimits", U32, false, nullptr}, {f::BACKLOG, "backlog", U32, false, nullptr},
    {f::QLEN, "qlen", U32, false, nullptr},       {f::REQUEUES, "requeues", U32, false, nullptr},
    {f::TBF, "tbf", REC, false, "tc_tbf"},        {f::HTB, "htb", REC, false, "tc_htb"},
    {f::HTB_CLASS, "htbClass", REC, false, "tc_htb_class"}, {f::FIFO, "fifo", REC, false, "tc_fifo"},
    {f::FQ_CODEL, "fqCodel", REC, false, "tc_fq_codel"}, {f::NETEM, "netem", REC, false, "tc_netem"},
    {f::PRIO_Q, "prioQdisc", REC, false, "tc_prio"}, {f::SFQ, "sfq", REC, false, "tc_sfq"},
    {f::FQ, "fq", REC, false, "tc_fq"},           {f::U32, "u32", REC, false, "tc_u32"},
    {f::MATCHALL, "matchall", REC, false, "tc_matchall"}, {f::FLOWER, "flower", REC, false, "tc_flower"},
    {f::BPF, "bpf", REC, false, "tc_bpf"},
};
const nl::FieldDef kTbfF[] = {
    {tbf::RATE, "rate", U64, false, nullptr},     {tbf::BURST, "burst", U32, false, nullptr},
    {tbf::LIMIT, "limit", U32, false, nullptr},   {tbf::LATENCY, "latency", U32, false, nullptr},
    {tbf::PEAKRATE, "peakrate", U64, false, nullptr}, {tbf::MTU, "mtu", U32, false, nullptr},
    {tbf::MPU, "mpu", U32, false, nullptr},       {tbf::OVERHEAD, "overhead", U32, false, nullptr},
};
const nl::FieldDef kHtbF[] = {
    {htb::DEFAULT, "default", U32, false, nullptr}, {htb::R2Q, "r2q", U32, false, nullptr},
    {htb::DIRECT_QLEN, "directQlen", U32, false, nullptr}, {htb::VERSION, "version", U32, false, nullptr},
    {htb::DIRECT_PACKETS, "directPackets", U32, false, nullptr},
};
const nl::FieldDef kHtbClassF[] = {
    {htbc::RATE, "rate", U64, false, nullptr},   {htbc::CEIL, "ceil", U64, false, nullptr},
    {htbc::BURST, "burst", U32, false, nullptr}, {htbc::CBURST, "cburst", U32, false, nullptr},
    {htbc::PRIO, "prio", U32, false, nullptr},   {htbc::QUANTUM, "quantum", U32, false, nullptr},
    {htbc::MTU, "mtu", U32, false, nullptr},     {htbc::LEVEL, "level", U32, false, nullptr},
};
const nl::FieldDef kFifoF[] = {{fifo::LIMIT, "limit", U32, false, nullptr}};
const nl::FieldDef kFqCodelF[] = {
    {fqc::LIMIT, "limit", U32, false, nullptr},   {fqc::FLOWS, "flows", U32, false, nullptr},
    {fqc::TARGET, "target", U32, false, nullptr}, {fqc::INTERVAL, "interval", U32, false, nullptr},
    {fqc::QUANTUM, "quantum", U32, false, nullptr}, {fqc::ECN, "ecn", BOOL, false, nullptr},
};
const nl::FieldDef kNetemF[] = {
    {netem::LATENCY, "delay", U32, false, nullptr}, {netem::JITTER, "jitter", U32, false, nullptr},
    {netem::LIMIT, "limit", U32, false, nullptr},   {netem::LOSS, "loss", U32, false, nullptr},
    {netem::GAP, "gap", U32, false, nullptr},       {netem::DUPLICATE, "duplicate", U32, false, nullptr},
};
const nl::FieldDef kPrioF[] = {
    {prio::BANDS, "bands", U32, false, nullptr}, {prio::PRIOMAP, "priomap", BYTES, false, nullptr},
};
const nl::FieldDef kSfqF[] = {
    {sfq::QUANTUM, "quantum", U32, false, nullptr}, {sfq::PERTURB, "perturb", U32, false, nullptr},
    {sfq::LIMIT, "limit", U32, false, nullptr},
};
const nl::FieldDef kFqF[] = {
    {fq::LIMIT, "limit", U32, false, nullptr},     {fq::FLOW_LIMIT, "flowLimit", U32, false, nullptr},
    {fq::QUANTUM, "quantum", U32, false, nullptr}, {fq::INITIAL_QUANTUM, "initialQuantum", U32, false, nullptr},
    {fq::MAXRATE, "maxrate", U64, false, nullptr},
};
const nl::FieldDef kU32F[] = {
    {u32::CLASSID, "classid", U32, false, nullptr}, {u32::KEY, "keys", REC, true, "tc_u32key"},
    {u32::ACTION, "actions", REC, true, "tc_act"},  {u32::DIVISOR, "divisor", U32, false, nullptr},
    {u32::TERMINAL, "terminal", BOOL, false, nullptr}, {u32::HASH, "hash", U32, false, nullptr},
    {u32::LINK, "link", U32, false, nullptr},
};
const nl::FieldDef kU32KeyF[] = {
    {u32key::MASK, "mask", U32, false, nullptr}, {u32key::VAL, "val", U32, false, nullptr},
    {u32key::OFF, "off", S32, false, nullptr},   {u32key::OFFMASK, "offmask", S32, false, nullptr},
};
const nl::FieldDef kMatchallF[] = {
    {mall::CLASSID, "classid", U32, false, nullptr}, {mall::ACTION, "actions", REC, true, "tc_act"},
    {mall::FLAGS, "flags", U32, false, nullptr},
};
const nl::FieldDef kFlowerF[] = {
    {flower::ETH_TYPE, "ethType", U16, false, nullptr}, {flower::IP_PROTO, "ipProto", U8, false, nullptr},
    {flower::SRC_PORT, "srcPort", U16, false, nullptr}, {flower::DST_PORT, "dstPort", U16, false, nullptr},
    {flower::CLASSID, "classid", U32, false, nullptr},  {flower::ACTION, "actions", REC, true, "tc_act"},
    {flower::FLAGS, "flags", U32, false, nullptr},
};
const nl::FieldDef kBpfF[] = {
    {bpf::OPS, "ops", BYTES, false, nullptr}, {bpf::CLASSID, "classid", U32, false, nullptr},
    {bpf::ACTION, "actions", REC, true, "tc_act"},
};
const nl::FieldDef kActF[] = {
    {act::KIND, "kind", STR, false, nullptr},       {act::INDEX, "index", U32, false, nullptr},
    {act::VERDICT, "verdict", U32, false, nullptr}, {act::MIRRED_ACTION, "mirredAction", U32, false, nullptr},
    {act::IFINDEX, "ifindex", U32, false, nullptr}, {act::RATE, "rate", U64, false, nullptr},
    {act::BURST, "burst", U32, false, nullptr},     {act::MTU, "mtu", U32, false, nullptr},
    {act::OPTIONS, "options", BYTES, false, nullptr}, {act::BYTES, "bytes", U64, false, nullptr},
    {act::PACKETS, "packets", U32, false, nullptr}, {act::DROPS, "drops", U32, false, nullptr},
    {act::OVERLIMITS, "overlimits", U32, false, nullptr},
};
}  // namespace

NL_SCHEMA(kObjSchema, "tcobj", kObj)
NL_SCHEMA(kTbfSchema, "tc_tbf", kTbfF)
NL_SCHEMA(kHtbSchema, "tc_htb", kHtbF)
NL_SCHEMA(kHtbClassSchema, "tc_htb_class", kHtbClassF)
NL_SCHEMA(kFifoSchema, "tc_fifo", kFifoF)
NL_SCHEMA(kFqCodelSchema, "tc_fq_codel", kFqCodelF)
NL_SCHEMA(kNetemSchema, "tc_netem", kNetemF)
NL_SCHEMA(kPrioSchema, "tc_prio", kPrioF)
NL_SCHEMA(kSfqSchema, "tc_sfq", kSfqF)
NL_SCHEMA(kFqSchema, "tc_fq", kFqF)
NL_SCHEMA(kU32Schema, "tc_u32", kU32F)
NL_SCHEMA(kU32KeySchema, "tc_u32key", kU32KeyF)
NL_SCHEMA(kMatchallSchema, "tc_matchall", kMatchallF)
NL_SCHEMA(kFlowerSchema, "tc_flower", kFlowerF)
NL_SCHEMA(kBpfSchema, "tc_bpf", kBpfF)
NL_SCHEMA(kActSchema, "tc_act", kActF)
// For event monitors: tc notifications decode like dump replies.
static nl::DecoderRegistration reg_newqdisc({RTM_NEWQDISC, "newqdisc", "tcobj", &decode});
static nl::DecoderRegistration reg_delqdisc({RTM_DELQDISC, "delqdisc", "tcobj", &decode});
static nl::DecoderRegistration reg_newclass({RTM_NEWTCLASS, "newtclass", "tcobj", &decode});
static nl::DecoderRegistration reg_delclass({RTM_DELTCLASS, "deltclass", "tcobj", &decode});
static nl::DecoderRegistration reg_newfilter({RTM_NEWTFILTER, "newtfilter", "tcobj", &decode});
static nl::DecoderRegistration reg_delfilter({RTM_DELTFILTER, "deltfilter", "tcobj", &decode});

}  // namespace nl_tc
