// The one seam that loads the C++ addon (node-gyp-build: prebuilds/ first, then build/Release).
// Everything in lib/ reaches the kernel through `native`; nothing else loads the addon.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { NativeAddon } from '../typings/native.js';

const require = createRequire(import.meta.url);
// lib/ (under vitest) and dist/ (compiled) both sit one level below the package root.
const root = fileURLToPath(new URL('..', import.meta.url));
const load = require('node-gyp-build') as (dir: string) => unknown;

export const native = load(root) as NativeAddon;

/**
 * Every export the addon must have. `satisfies` makes tsc fail when typings/ declares an entry
 * point missing here; test/native-surface.test.ts fails when the addon and this list differ.
 */
export const NATIVE_EXPORTS = {
  NativeSocket: true, IFF: true, constants: true, schemas: true,
  // link
  linkCreate: true, linkSet: true, linkDelete: true, linkDeleteGroup: true, linkGet: true, linkIndex: true, linkDump: true,
  linkEncodeCreate: true, linkEncodeSet: true, linkEncodeDelete: true, linkDecode: true,
  // batch
  batchCommit: true, batchLayout: true, batchRouteV4: true,
  // streaming dumps
  NativeDump: true,
  // monitor
  NativeMonitor: true, messageDecoders: true,
  // tun
  tunCreate: true,
  // netns
  netnsCreate: true, netnsDelete: true, nsidGet: true,
  // sysctl
  sysctlRead: true, sysctlWrite: true,
  // addr
  addrAdd: true, addrDelete: true, addrChangeV4: true, encodeAddrRequestV4: true, addrDump: true, encodeAddrRequest: true, decodeAddrMessages: true,
  // route
  routeAdd: true, routeDelete: true, routeChangeV4: true, routeParseV4: true, encodeRouteRequestV4: true, routeDump: true, routeList: true, routeListLayout: true, routeGet: true, encodeRouteRequest: true, decodeRouteMessages: true,
  // nft
  nftCommit: true, nftEncode: true, nftDump: true, nftGetGen: true, nftDecode: true, nftConstants: true,
  // network layer (issue #11): flock for IPAM state
  flockTry: true,
  // issue 9 part B: nexthop objects, batch/route codec entry points
  nexthopDump: true, nexthopGet: true, decodeNexthopMessages: true, batchEncode: true, encodeRouteGet: true,
  // -- issue 9 part A: record-encoded requests (rules, neighbours, FDB, bridge ports/VLANs, nsid) --
  rtRequest: true, rtEncode: true, rtDecode: true,
  // conntrack (issue #10)
  ctList: true, ctCount: true, ctDelete: true, ctFlush: true, ctCreate: true, ctEncode: true, ctDecode: true, ctConstants: true,
  linkAltnames: true, linkEncodeAltnames: true,
  // tc (traffic control)
  tcRequest: true, tcDump: true, encodeTcRequest: true, decodeTcMessages: true,
  // nft named objects and monitor (issue 8)
  nftObjDump: true, nftObjDecode: true, nftObjConstants: true,
  // perf13
  linkCreateIds: true, routeListColumns: true, routeListHeld: true, routeListTake: true, routeListTakeColumns: true,
  // deleteLink { wait: 'unlisted' } (issue #11)
  linkDeleteUnlisted: true,
} satisfies Record<keyof NativeAddon, true>;
