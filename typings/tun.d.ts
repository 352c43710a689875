// native/napi/tun.cc
export interface TunNative {
  /**
   * Creates a tun (tap=false) or tap device through /dev/net/tun inside namespace `netnsFd`
   * (-1: the caller's), on a helper thread. owner/group -1 = unset.
   */
  tunCreate(netnsFd: number, name: string, tap: boolean, multiQueue: boolean, persist: boolean, owner: number, group: number): void;
}
