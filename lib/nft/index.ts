// nftables over nfnetlink. Owned by the nftables work (issue 3).
import type { Netlink } from '../handle.js';

export class Nft {
  readonly #h: Netlink;
  constructor(h: Netlink) { this.#h = h; }
  /** The handle this nft view belongs to. */
  get handle(): Netlink { return this.#h; }
}
