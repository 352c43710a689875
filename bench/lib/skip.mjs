// A contender that cannot run a workload says why (the table shows the reason instead of a number).
export class Skip extends Error {
  constructor(reason) {
    super(reason);
    this.name = 'Skip';
    this.reason = reason;
  }
}

/** The reason to report when an error means "this API is not there yet" rather than a failure. */
export function skipReason(e) {
  if (e instanceof Skip) return e.reason;
  const msg = e instanceof Error ? e.message : String(e);
  if (/not implemented/i.test(msg)) return 'not implemented';
  return null;
}
