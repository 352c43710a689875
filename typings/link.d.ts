// native/napi/link.cc
import type { NativeSocket, RecordBuffer } from './native.js';

export type NativeLinkRef = number | string;
export interface NativeLinkSettings {
  name?: string; alias?: string; mtu?: number; txqlen?: number; master?: number; group?: number;
  address?: Buffer; broadcast?: Buffer; up?: boolean; netnsFd?: number; netnsPid?: number;
  promisc?: boolean; allmulti?: boolean; arp?: boolean;
}
export interface NativeLinkSpec {
  kind: string; settings?: NativeLinkSettings; peer?: NativeLinkSettings; parent?: number;
  stpState?: number; forwardDelay?: number; vlanFiltering?: number; macvlanMode?: number;
  ageingTime?: number; vlanDefaultPvid?: number; mcastSnooping?: number; // issue 9 part A: bridge options
  vni?: number; port?: number; ttl?: number; learning?: number; remote?: Buffer; local?: Buffer; vxGroup?: Buffer;
  // native/link/kinds.h
  vlanId?: number; vlanProtocol?: number; ipvlanMode?: number; ipvlanFlags?: number; vrfTable?: number;
  bondMode?: number; miimon?: number; updelay?: number; downdelay?: number; minLinks?: number;
  xmitHashPolicy?: number; lacpRate?: number; tunLocal?: Buffer; tunRemote?: Buffer; tunTtl?: number;
  tunTos?: number; greKey?: number; nopmtudisc?: boolean; geneveId?: number; genevePort?: number;
}

import type { LinkNative } from './link.js';
import type { AddrNative } from './addr.js';
import type { RouteNative } from './route.js';
import type { NetnsNative } from './netns.js';
import type { SysctlNative } from './sysctl.js';
import type { TunNative } from './tun.js';
import type { BatchNative } from './batch.js';
import type { NftNative } from './nft.js';

/** The whole addon: each family declares its entry points in typings/<family>.d.ts. */
export interface LinkNative {
  /** RTM_NEWLINK create; with echo the kernel returns the new link (NLM_F_ECHO). */
  linkCreate(s: NativeSocket, spec: NativeLinkSpec, echo: boolean): RecordBuffer;
  /** linkCreate(s, spec, true) reading only [ifindex, IFLA_LINK] from the echo (-1 when absent; [-1, -1] without an echo). */
  linkCreateIds(s: NativeSocket, spec: NativeLinkSpec): [number, number];
  linkSet(s: NativeSocket, ref: NativeLinkRef, settings: NativeLinkSettings): void;
  linkDelete(s: NativeSocket, ref: NativeLinkRef): void;
  /**
   * RTM_DELLINK of ifindex in namespace netnsFd (-1: the caller's) sent from libuv's pool:
   * `unlisted` settles when the link is gone from the namespace (its RTM_DELLINK event; or with
   * the result when that event was lost), `done` with the request's result after the teardown.
   */
  linkDeleteUnlisted(netnsFd: number, ifindex: number): { unlisted: Promise<void>; done: Promise<void> };
  /** One RTM_DELLINK matching IFLA_GROUP: deletes every link of the group. */
  linkDeleteGroup(s: NativeSocket, group: number): void;
  linkGet(s: NativeSocket, ref: NativeLinkRef): RecordBuffer;
  /** ifindex of a name in the socket's namespace (SIOCGIFINDEX; ENODEV when absent). */
  linkIndex(s: NativeSocket, name: string): number;
  /** kind '' = any; master -1 = any. */
  linkDump(s: NativeSocket, kind: string, master: number): RecordBuffer;

  // Codec entry points: the exact bytes a call would send, and decoding of captured replies,
  // with no socket involved (byte-vector tests and tools).
  linkEncodeCreate(spec: NativeLinkSpec, echo: boolean, seq: number): Buffer;
  linkEncodeSet(ref: NativeLinkRef, settings: NativeLinkSettings, seq: number): Buffer;
  linkEncodeDelete(ref: NativeLinkRef, seq: number): Buffer;
  linkDecode(messages: Buffer): RecordBuffer;
  /** RTM_NEWLINKPROP / RTM_DELLINKPROP with IFLA_PROP_LIST › IFLA_ALT_IFNAME for each name. */
  linkAltnames(s: NativeSocket, ref: NativeLinkRef, names: string[], add: boolean): void;
  linkEncodeAltnames(ref: NativeLinkRef, names: string[], add: boolean, seq: number): Buffer;
}
