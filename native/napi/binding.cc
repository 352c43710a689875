// The addon's entry point: the N-API surface only. Protocol work lives in native/<family>/,
// transport and codec in native/nl/. lib/native.ts is the one place that loads this.
#include <napi.h>

#include "families.h"
#include "socket_wrap.h"

namespace napi_nl {

Napi::Object InitAll(Napi::Env env, Napi::Object exports) {
  SocketWrap::Init(env, exports);
  InitConstants(env, exports);
  InitLink(env, exports);
  InitAddr(env, exports);
  InitRoute(env, exports);
  InitNetns(env, exports);
  InitSysctl(env, exports);
  InitTun(env, exports);
  InitBatch(env, exports);
  InitNft(env, exports);
  InitMonitor(env, exports);
  InitDump(env, exports);
  // network layer (issue #11)
  InitFlock(env, exports);
  // issue 9 part B: nexthop objects
  InitNexthop(env, exports);
  // -- issue 9 part A: record-encoded requests --
  InitRtObj(env, exports);
  // conntrack (issue #10)
  InitConntrack(env, exports);
  InitTc(env, exports);  // tc (traffic control)
  InitNftObj(env, exports);  // nft named objects and nft monitor (issue 8)
  InitLinkDelete(env, exports);  // deleteLink { wait: 'unlisted' } (issue #11)
  return exports;
}

}  // namespace napi_nl

static Napi::Object Init(Napi::Env env, Napi::Object exports) { return napi_nl::InitAll(env, exports); }
NODE_API_MODULE(netlinkts, Init)
