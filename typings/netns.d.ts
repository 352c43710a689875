// native/napi/netns.cc
import type { NativeSocket } from './native.js';

export interface NetnsNative {
  /**
   * Equivalent to: ip netns add NAME (NETNS_RUN_DIR = dir). Runs off the event loop; the new
   * namespace is made on a throwaway thread, so no caller thread changes namespace.
   * Rejects with the step that failed ("create /run/netns/NAME": EEXIST, …).
   */
  netnsCreate(dir: string, name: string): Promise<void>;
  /** Equivalent to: ip netns delete NAME — umount2(MNT_DETACH), then unlink. */
  netnsDelete(dir: string, name: string): void;
  /**
   * RTM_GETNSID: the id the socket's namespace gives the namespace behind `netnsFd`
   * (what IFLA_LINK_NETNSID refers to); -1 when none is assigned.
   */
  nsidGet(s: NativeSocket, netnsFd: number): number;
}
