// Nexthop objects (ip nexthop): what callers pass (NexthopSpec) and what listing returns (Nexthop).
import type { LinkRef, RawAttribute } from '../link/types.js';

/** A member of a nexthop group: another nexthop object's id and its weight (1..256, default 1). */
export interface NexthopGroupMember { id: number; weight?: number }

/** A nexthop object to add: a gateway/device, a blackhole, or a group of other nexthops. */
export interface NexthopSpec {
  /** 1..4294967295 (ip nexthop add id N). */
  id: number;
  /** Gateway (ip nexthop add … via G). */
  via?: string;
  dev?: LinkRef;
  /** Use the gateway even if it is not on the device's subnets. */
  onlink?: boolean;
  /** Drop what is routed here (no via/dev/group). */
  blackhole?: boolean;
  /** A nexthop for bridge FDB entries (vxlan remotes): via only, or a group of such. */
  fdb?: boolean;
  /** A group of other nexthop objects (ip nexthop add id N group A[,W]/B[,W]). */
  group?: NexthopGroupMember[];
  /** 'mpath' (hash-threshold, the default) or 'resilient' (needs buckets). */
  groupType?: 'mpath' | 'resilient';
  /** Resilient groups: number of hash buckets, idle and unbalanced timers in seconds. */
  buckets?: number;
  idleTimer?: number;
  unbalancedTimer?: number;
  /** 4 or 6: needed only for a blackhole or dev-only IPv6 nexthop (ip -6 nexthop add …). */
  family?: 4 | 6;
  /** A name ('boot', 'static', 'zebra', …) or 0..255 (ip nexthop add … proto P). Default: unset (0). */
  protocol?: string | number;
}

/** A listed nexthop object; dev is the interface name, index its ifindex. */
export interface Nexthop extends NexthopSpec {
  family?: 4 | 6;
  index: number | null;
  dev?: string;
  group?: { id: number; weight: number }[];
  /** RTNH_F_* flags as ip prints them ('onlink', 'dead', 'linkdown', …). */
  flags: string[];
  scope: string;
  protocol: string | number;
  /** Attributes not decoded above, as received. */
  raw?: RawAttribute[];
}

/** What listNexthops returns only (`ip nexthop show [dev D] [groups] [fdb]`). */
export interface NexthopFilter {
  /** Only nexthops using this device (ip nexthop show dev D). */
  dev?: LinkRef;
  /** Only groups (ip nexthop show groups). */
  groups?: boolean;
  /** Only fdb nexthops (ip nexthop show fdb). */
  fdb?: boolean;
}
