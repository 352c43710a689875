// nf_tables named stateful objects (counter, quota, limit, ct helper, ct timeout, …):
// NFT_MSG_NEWOBJ / DELOBJ requests, GETOBJ / GETOBJ_RESET dumps and the "nftobj" record. The
// type-specific attributes inside NFTA_OBJ_DATA travel as raw attributes both ways: lib/nft/objects.ts
// builds them in libnftnl's order (so our bytes equal nft's) and names them when listing.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "../nl/error.h"
#include "../nl/message.h"
#include "../nl/record.h"
#include "expr/expr.h"

namespace nl_nft {

struct ObjSpec {
  uint8_t family = 0;
  std::string table, name;
  uint32_t type = 0;                             // NFT_OBJECT_*
  std::optional<uint64_t> handle;                // delete by handle
  std::optional<std::vector<uint8_t>> userdata;  // nft's udata (comment)
  std::vector<RawAttr> data;                     // the attributes inside NFTA_OBJ_DATA
};

// nft add|create counter|quota|limit|ct helper|ct timeout …: TABLE, NAME, TYPE, USERDATA, DATA.
void build_obj_new(nl::MessageBuffer& m, uint32_t seq, uint16_t nlflags, const ObjSpec& o);
// nft delete counter … : TABLE, NAME (or HANDLE), TYPE.
void build_obj_del(nl::MessageBuffer& m, uint32_t seq, const ObjSpec& o);
// GETOBJ / GETOBJ_RESET: a dump (optionally of one table and one type), or one object by name.
void build_obj_get(nl::MessageBuffer& m, uint32_t seq, bool reset, uint8_t family, const std::string& table,
                   const std::string& name, uint32_t type);
nl::Error decode_obj(const nlmsghdr* h, nl::RecordWriter& w);

}  // namespace nl_nft
