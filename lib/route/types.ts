// Route shapes: what callers pass (RouteSpec) and what listing returns (Route).
import type { LinkRef, RawAttribute } from '../link/types.js';

/** 'universe' is what ip prints as 'global' (both accepted). */
export type RouteScope = 'universe' | 'site' | 'link' | 'host' | 'nowhere';
/** The route type (`ip route add TYPE …`): unicast by default; blackhole, unreachable, prohibit drop. */
export type RouteType = 'unicast' | 'blackhole' | 'unreachable' | 'prohibit' | 'local'
  | 'broadcast' | 'anycast' | 'multicast' | 'throw' | 'nat';

/** One path of a multipath route (`nexthop via G dev D weight W`). */
export interface RouteNexthop {
  via?: string;
  dev?: LinkRef;
  /** 1..256 (ip's `weight`); default 1. */
  weight?: number;
  /** Use this leg's gateway even if it is not on the device's subnets (`nexthop via G dev D onlink`). */
  onlink?: boolean;
}

/** A route to add, replace or delete: the fields of `ip route add DST [via G] [dev D] [src S] [table T] [metric M] …`. */
export interface RouteSpec {
  /** 'default' | '172.18.0.0/24' | '2001:db8::/64' | '10.0.0.1' (= /32) */
  dst: string;
  dev?: LinkRef;
  /** Gateway. An IPv6 gateway for an IPv4 route is sent as RTA_VIA (ip route add … via inet6 G). */
  via?: string;
  /** Preferred source address (ip's `src`). */
  src?: string;
  table?: number | 'main' | 'local' | 'default';
  metric?: number;
  scope?: RouteScope | 'global';
  /** A name ('boot', 'static', 'kernel', 'dhcp', …) or 0..255. Default 'boot', as ip route add. */
  protocol?: string | number;
  type?: RouteType;
  /** Multipath: each leg with its own gateway/device/weight (ip route add … nexthop … nexthop …). */
  nexthops?: RouteNexthop[];
  /** Needed only for 'default' without via/src/nexthops to say it is IPv6 (ip -6 route add default …). */
  family?: 4 | 6;
  /** A nexthop object (addNexthop) instead of via/dev/nexthops (ip route add … nhid N). */
  nhid?: number;
  /** Use the gateway even if it is not on the device's subnets (ip route add … onlink). */
  onlink?: boolean;
  /** Route metrics (ip route add … mtu [lock] M advmss A window W rtt R hoplimit H initcwnd I). */
  metrics?: RouteMetrics;
  /** IPv6 router preference (ip -6 route add … pref low|medium|high). */
  pref?: 'low' | 'medium' | 'high';
  /** IPv6: seconds until the route expires (ip -6 route add … expires S). Listed: seconds left. */
  expires?: number;
  /** Routing realm 1..65535 (ip route add … realm R; needs CONFIG_IP_ROUTE_CLASSID to stick). */
  realm?: number;
}

/** Route metrics; rtt in milliseconds. `lock`: metrics the kernel must not change (ip's `lock`). */
export interface RouteMetrics {
  mtu?: number; advmss?: number; window?: number; rtt?: number; hoplimit?: number; initcwnd?: number;
  lock?: ('mtu' | 'advmss' | 'window' | 'rtt' | 'hoplimit' | 'initcwnd')[];
}

/** A leg of a listed multipath route; dev is the interface name, index its ifindex. */
export interface ListedNexthop extends RouteNexthop {
  index: number | null;
  weight: number;
  flags: string[];
}

/**
 * A listed route, normalized: dst is 'default' for a /0, otherwise always 'addr/len'; dev is the
 * interface name and index its ifindex; table a number (254 = main).
 */
export interface Route extends RouteSpec {
  family: 4 | 6;
  index: number | null;
  dev?: string;
  table: number;
  metric: number;
  scope: RouteScope;
  protocol: string | number;
  type: RouteType;
  nexthops?: ListedNexthop[];
  /** 'linkdown', 'onlink', 'dead', 'offload', … as ip prints them. */
  flags: string[];
  /** IPv6 router preference: 'low' | 'medium' | 'high'. */
  pref?: 'low' | 'medium' | 'high';
  /** Attributes not decoded above, as received. */
  raw?: RawAttribute[];
}

/** ip route get's lookup keys besides the destination. */
export interface RouteGetOptions {
  /** Source address (ip route get … from S). */
  src?: string;
  /** Pretend the packet arrived on this link (ip route get … iif D). */
  iif?: LinkRef;
  oif?: LinkRef;
  /** Firewall mark (ip route get … mark M). */
  mark?: number;
  /** Socket owner uid (ip route get … uid U). */
  uid?: number;
  // No table: the kernel refuses RTA_TABLE in a route get ("Unsupported attribute"); steer the
  // lookup with mark/uid/iif and policy rules instead.
}

/** Which routes listRoutes returns (`ip route show [table T] [dev D]`, `-4`/`-6`). */
export interface RouteFilter {
  /** Default 'main', as `ip route show`; 'all' = every table. */
  table?: number | 'main' | 'local' | 'default' | 'all';
  family?: 4 | 6;
  dev?: LinkRef;
}

/** Options of listRoutesColumnar. */
export interface RouteColumnsOptions {
  /**
   * An earlier listing of this process to write this one into, for a reader that lists
   * periodically: its memory is reused (grown when too small) and it is the object returned,
   * with the new rows; its earlier rows are gone, and column arrays read from it before are
   * stale (read them from the object again). Without it, every listing allocates fresh
   * memory, ~33 bytes a route, whose first touch costs more than the kernel's dump on some VMs.
   */
  reuse?: RouteColumns;
}

/**
 * A route listing as columns (listRoutesColumnar): row i of every array is route i, in the order
 * listRoutes returns them. Numbers are the kernel's (scope RT_SCOPE_*, protocol RTPROT_*, type
 * RTN_*, flags RTNH_F_* bits); addresses take `addrLength` bytes per row: 4 when every route is
 * a plain IPv4 one, else 16 (an IPv4 address in the first 4, the rest zero). A zero `index`,
 * `via` or `src` means the route has none.
 */
export interface RouteColumns {
  /** Number of routes (rows). */
  readonly length: number;
  /** Bytes per address in dst, via and src: 4 or 16. */
  readonly addrLength: 4 | 16;
  /** 4 or 6. */
  readonly family: Uint8Array;
  /** Destination prefix length (0 = default). */
  readonly dstLen: Uint8Array;
  /** Destination address, addrLength bytes per row. */
  readonly dst: Uint8Array;
  /** Gateway, addrLength bytes per row (zero: none, or one of the other family: see route(i)). */
  readonly via: Uint8Array;
  /** Preferred source address, addrLength bytes per row. */
  readonly src: Uint8Array;
  /** Outgoing ifindex (0: none). */
  readonly index: Uint32Array;
  readonly table: Uint32Array;
  readonly metric: Uint32Array;
  readonly scope: Uint8Array;
  readonly protocol: Uint8Array;
  readonly type: Uint8Array;
  readonly flags: Uint32Array;
  /**
   * Route `i` exactly as listRoutes would return it (names, next hops, metrics…), built on
   * demand; device names are looked up once per listing, on first need.
   */
  route(i: number): Route;
}
