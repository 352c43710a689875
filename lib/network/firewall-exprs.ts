// The nf_tables expressions the network layer needs that the typed match/action cannot say yet:
// `fib daddr type local`, `meta mark set meta mark | BIT`, `meta mark & BIT == BIT`. Written as
// raw expressions exactly as `nft --debug=netlink` shows nft emitting them (nftables 1.0.6), in
// this one module so that moving to typed matches (issue #8) is a local change.
import { META, REG_1, CMP } from '../nft/consts.js';
import type { Expr } from '../nft/types.js';

// UAPI linux/netfilter/nf_tables.h (enum nft_fib_attributes, nft_fib_result, nft_fib_flags) and
// linux/rtnetlink.h (RTN_LOCAL). The addon does not export them yet (issue #8 adds fib).
const NFTA_FIB_DREG = 1, NFTA_FIB_RESULT = 2, NFTA_FIB_FLAGS = 3;
const NFT_FIB_RESULT_ADDRTYPE = 3;
const NFTA_FIB_F_DADDR = 1 << 1;
const RTN_LOCAL = 2;

const be32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(n >>> 0); return b; };
const le32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32LE(n >>> 0); return b; };

/** nft: fib daddr type local  →  [ fib daddr type => reg 1 ] [ cmp eq reg 1 0x00000002 ] */
export function fibDaddrLocal(): Expr[] {
  return [
    { name: 'fib', raw: [
      { type: NFTA_FIB_DREG, data: be32(REG_1) },
      { type: NFTA_FIB_RESULT, data: be32(NFT_FIB_RESULT_ADDRTYPE) },
      { type: NFTA_FIB_FLAGS, data: be32(NFTA_FIB_F_DADDR) },
    ] },
    { name: 'cmp', sreg: REG_1, op: CMP.eq, data: le32(RTN_LOCAL) },
  ];
}

/** nft: meta mark set meta mark | BIT */
export function markOr(bit: number): Expr[] {
  return [
    { name: 'meta', key: META.mark, dreg: REG_1 },
    { name: 'bitwise', sreg: REG_1, dreg: REG_1, len: 4, mask: le32(~bit), xor: le32(bit) },
    { name: 'meta', key: META.mark, sreg: REG_1 },
  ];
}

/** nft: meta mark & BIT == BIT */
export function markHas(bit: number): Expr[] {
  return [
    { name: 'meta', key: META.mark, dreg: REG_1 },
    { name: 'bitwise', sreg: REG_1, dreg: REG_1, len: 4, mask: le32(bit), xor: le32(0) },
    { name: 'cmp', sreg: REG_1, op: CMP.eq, data: le32(bit) },
  ];
}
