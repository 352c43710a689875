// Each family's N-API entry points register themselves on the exports object.
#pragma once
#include <napi.h>

namespace napi_nl {
void InitConstants(Napi::Env env, Napi::Object exports);
void InitLink(Napi::Env env, Napi::Object exports);
void InitAddr(Napi::Env env, Napi::Object exports);
void InitRoute(Napi::Env env, Napi::Object exports);
void InitNetns(Napi::Env env, Napi::Object exports);
void InitSysctl(Napi::Env env, Napi::Object exports);
void InitTun(Napi::Env env, Napi::Object exports);
void InitBatch(Napi::Env env, Napi::Object exports);
void InitNft(Napi::Env env, Napi::Object exports);
void InitMonitor(Napi::Env env, Napi::Object exports);
void InitDump(Napi::Env env, Napi::Object exports);
// network layer (issue #11): flock for IPAM state
void InitFlock(Napi::Env env, Napi::Object exports);
// issue 9 part B: nexthop objects
void InitNexthop(Napi::Env env, Napi::Object exports);
// -- issue 9 part A: record-encoded requests (rules, neighbours, FDB, bridge ports/VLANs, nsid) --
void InitRtObj(Napi::Env env, Napi::Object exports);
// conntrack (issue #10)
void InitConntrack(Napi::Env env, Napi::Object exports);
void InitTc(Napi::Env env, Napi::Object exports);  // tc (traffic control)
// nft named objects and nft monitor (issue 8)
void InitNftObj(Napi::Env env, Napi::Object exports);
// deleteLink { wait: 'unlisted' } (issue #11): the kernel's teardown off the event loop
void InitLinkDelete(Napi::Env env, Napi::Object exports);
}  // namespace napi_nl
