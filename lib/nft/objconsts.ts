// Kernel numbers of nft named objects and of the nft monitor (native/napi/nft_obj.cc, from the
// UAPI headers), apart from objects.ts so the statement compiler can use them without a cycle.
import { native } from '../native.js';
import type { NftObjectType } from './objtypes.js';

/** Kernel numbers for objects and the nft monitor (native/napi/nft_obj.cc, from the UAPI headers). */
export const OK = native.nftObjConstants as Record<string, number>;

export const OBJECT_TYPES: Record<NftObjectType, number> = {
  counter: OK.NFT_OBJECT_COUNTER!, quota: OK.NFT_OBJECT_QUOTA!, limit: OK.NFT_OBJECT_LIMIT!,
  'ct helper': OK.NFT_OBJECT_CT_HELPER!, 'ct timeout': OK.NFT_OBJECT_CT_TIMEOUT!,
};
export const objectTypeName = (n: number): NftObjectType | undefined =>
  (Object.keys(OBJECT_TYPES) as NftObjectType[]).find((t) => OBJECT_TYPES[t] === n);

