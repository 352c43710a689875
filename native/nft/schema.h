// Field ids of the records native/nft writes (exported to TypeScript as schemas).
#pragma once
#include <cstdint>

namespace nl_nft::tf {  // "nfttable"
enum : uint16_t { FAMILY = 1, NAME, FLAGS, USE, HANDLE, USERDATA, COMMENT, RAW };
}
namespace nl_nft::cf {  // "nftchain"
enum : uint16_t {
  FAMILY = 1, TABLE, NAME, HANDLE, HOOK, PRIORITY, POLICY, TYPE, FLAGS, USE, USERDATA, COMMENT, DEV, RAW,
};
}
namespace nl_nft::rf {  // "nftrule"
enum : uint16_t { FAMILY = 1, TABLE, CHAIN, HANDLE, POSITION, EXPRS, USERDATA, COMMENT, RAW };
}
namespace nl_nft::sf {  // "nftset"
enum : uint16_t {
  FAMILY = 1, TABLE, NAME, HANDLE, FLAGS, KEY_TYPE, KEY_LEN, DATA_TYPE, DATA_LEN, ID, USERDATA, RAW,
};
}
namespace nl_nft::ef {  // "nftelem" (one element of a set)
enum : uint16_t { KEY = 1, KEY_END, FLAGS, RAW };
}
namespace nl_nft::lf {  // "nftelems": the elements of one set
enum : uint16_t { FAMILY = 1, TABLE, SET, ELEMS };
}
namespace nl_nft::gf {  // "nftgen"
enum : uint16_t { ID = 1, PROC_PID, PROC_NAME };
}
namespace nl_nft::of {  // "nftop": one element of a transaction, as lib/nft/transaction.ts writes it
enum : uint16_t {
  KIND = 1, FAMILY, EXCL, MODE, NAME, TABLE, CHAIN, SET, HANDLE, POSITION, FLAGS, HOOK, PRIORITY, TYPE,
  POLICY, DEV, USERDATA, COMMENT, KEY_TYPE, KEY_LEN, DATA_TYPE, DATA_LEN, ID, SET_ID, EXPRS, ELEMS,
  RAW,  // newset: attributes after the known ones (policy, desc, timeout, gc interval), as lib/nft builds them
  // named objects (newobj/delobj): NFT_OBJECT_* and the attributes inside NFTA_OBJ_DATA
  OBJ_TYPE, OBJ_DATA,
};
}
// -- nft named objects --
namespace nl_nft::obf {  // "nftobj": a named stateful object (counter, quota, limit, ct helper, …)
enum : uint16_t { FAMILY = 1, TABLE, NAME, TYPE, USE, HANDLE, USERDATA, COMMENT, DATA, RAW };
}
