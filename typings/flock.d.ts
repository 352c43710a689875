// native/napi/flock.cc
export interface FlockNative {
  /**
   * flock(2) without blocking: mode 'exclusive' | 'shared' takes the lock (LOCK_NB) and returns
   * false when another open file description holds it; 'unlock' releases. Errors throw.
   */
  flockTry(fd: number, mode: 'exclusive' | 'shared' | 'unlock'): boolean;
}
