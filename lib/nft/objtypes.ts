// nftables named stateful objects as netlinkts shows them: what you ask for (…Spec) and what
// lists back (`nft list counters|quotas|limits`, `nft list ct helpers`, the objects of a table).
import type { NftFamily } from './types.js';

/** The object types netlinkts names, as nft writes them: `nft add counter|quota|limit|ct helper|ct timeout …`. */
export type NftObjectType = 'counter' | 'quota' | 'limit' | 'ct helper' | 'ct timeout';

interface ObjectBase {
  family: NftFamily; table: string; name: string;
  /** Stored in the object's userdata the way nft does (`comment "…"`). */
  comment?: string;
}
/** `counter NAME { packets P bytes B }` (values default to 0). */
export interface CounterObjectSpec extends ObjectBase { type: 'counter'; packets?: number; bytes?: number }
/** `quota NAME { [over] BYTES bytes [used U bytes] }`: `over` matches once more than BYTES passed. */
export interface QuotaObjectSpec extends ObjectBase {
  type: 'quota'; bytes: number; used?: number; over?: boolean;
  /** Listed only: the quota is used up (the kernel's NFT_QUOTA_F_DEPLETED); never sent. */
  depleted?: boolean;
}
/** `limit NAME { rate [over] N/UNIT [burst B packets|bytes] }` (rate and burst in bytes when unit is 'bytes'). */
export interface LimitObjectSpec extends ObjectBase {
  type: 'limit'; rate: number; per: 'second' | 'minute' | 'hour' | 'day' | 'week';
  /** Default: 5 packets, or 0 for a byte rate (as nft). */
  burst?: number; unit?: 'packets' | 'bytes'; over?: boolean;
}
/** `ct helper NAME { type "ftp" protocol tcp; [l3proto ip|ip6|inet;] }` (l3proto defaults to the table's family). */
export interface CtHelperObjectSpec extends ObjectBase { type: 'ct helper'; helper: string; protocol: 'tcp' | 'udp'; l3proto?: 'ip' | 'ip6' | 'inet' }
/**
 * `ct timeout NAME { protocol tcp; [l3proto ip;] policy = { established: 100, close: 4 } }`: per-state
 * timeouts in seconds; states left out get nft's defaults (listing shows only the states that differ).
 */
export interface CtTimeoutObjectSpec extends ObjectBase { type: 'ct timeout'; protocol: 'tcp' | 'udp'; l3proto?: 'ip' | 'ip6' | 'inet'; policy?: Record<string, number> }
/** A named object to add (`nft add counter|quota|limit|ct helper|ct timeout FAMILY TABLE NAME { … }`). */
export type NftObjectSpec = CounterObjectSpec | QuotaObjectSpec | LimitObjectSpec | CtHelperObjectSpec | CtTimeoutObjectSpec;
/** A listed named object: the spec's fields (with current values) plus its handle and use count. */
export type NftObject = NftObjectSpec & { handle: number; use: number };
/** A listed object netlinkts cannot describe exactly (another type, or attributes it does not name); never written back. */
export interface UnknownObject {
  family: NftFamily; table: string; name: string; handle: number; use: number; unknown: true;
  /** NFT_OBJECT_* */
  typeId: number;
  /** The attributes of NFTA_OBJ_DATA as the kernel listed them. */
  data: { type: number; nested?: boolean; data: Buffer }[];
  comment?: string;
}
/** What names objects to list or reset: all, or of one family / table / type, or one object by name (table and type needed). */
export interface ObjectFilter { family?: NftFamily; table?: string; type?: NftObjectType; name?: string }
/** What names one object to delete: `nft delete counter FAMILY TABLE NAME` (or `handle H`). */
export interface ObjectRef { family: NftFamily; table: string; type: NftObjectType; name?: string; handle?: number }
