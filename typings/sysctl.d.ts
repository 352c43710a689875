// native/napi/sysctl.cc
export interface SysctlNative {
  /**
   * Reads /proc/sys/<relPath> inside namespace `netnsFd` (-1: the caller's), on a helper thread
   * that setns()'d. relPath must start with 'net/' (re-checked natively). Trailing newline kept.
   */
  sysctlRead(netnsFd: number, relPath: string): string;
  /** Writes `value` to /proc/sys/<relPath> inside namespace `netnsFd`, in one write(). */
  sysctlWrite(netnsFd: number, relPath: string, value: string): void;
}
