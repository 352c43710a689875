// nf_tables notifications (NFNLGRP_NFTABLES, what `nft monitor` shows): every NEW/DEL message of
// tables, chains, rules, sets, set elements and objects, and NEWGEN closing each transaction,
// decoded by the same decoders as the listing. Registered by nlmsg_type so the event monitor
// (native/napi/monitor.cc) decodes them; lib/nft/monitor.ts types them like the listing.
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include "batch.h"
#include "chain.h"
#include "obj.h"
#include "rule.h"
#include "set.h"
#include "table.h"

namespace nl_nft {
namespace {
constexpr uint16_t t(uint16_t msg) { return static_cast<uint16_t>((NFNL_SUBSYS_NFTABLES << 8) | msg); }
nl::DecoderRegistration r0({t(NFT_MSG_NEWTABLE), "newtable", "nfttable", &decode_table});
nl::DecoderRegistration r1({t(NFT_MSG_DELTABLE), "deltable", "nfttable", &decode_table});
nl::DecoderRegistration r2({t(NFT_MSG_NEWCHAIN), "newchain", "nftchain", &decode_chain});
nl::DecoderRegistration r3({t(NFT_MSG_DELCHAIN), "delchain", "nftchain", &decode_chain});
nl::DecoderRegistration r4({t(NFT_MSG_NEWRULE), "newrule", "nftrule", &decode_rule});
nl::DecoderRegistration r5({t(NFT_MSG_DELRULE), "delrule", "nftrule", &decode_rule});
nl::DecoderRegistration r6({t(NFT_MSG_NEWSET), "newset", "nftset", &decode_set});
nl::DecoderRegistration r7({t(NFT_MSG_DELSET), "delset", "nftset", &decode_set});
nl::DecoderRegistration r8({t(NFT_MSG_NEWSETELEM), "newsetelem", "nftelems", &decode_elems});
nl::DecoderRegistration r9({t(NFT_MSG_DELSETELEM), "delsetelem", "nftelems", &decode_elems});
nl::DecoderRegistration r10({t(NFT_MSG_NEWOBJ), "newobj", "nftobj", &decode_obj});
nl::DecoderRegistration r11({t(NFT_MSG_DELOBJ), "delobj", "nftobj", &decode_obj});
nl::DecoderRegistration r12({t(NFT_MSG_NEWGEN), "newgen", "nftgen", &decode_gen});
}  // namespace
}  // namespace nl_nft
