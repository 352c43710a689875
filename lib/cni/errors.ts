// CNI error results (spec "Error"): { cniVersion, code, msg, details } on stdout, exit status 1.
// Codes 1–99 are the spec's; 100+ are this plugin's own.
export const CODES = {
  incompatibleVersion: 1,
  unsupportedField: 2,
  unknownContainer: 3,
  invalidEnvironment: 4,
  ioFailure: 5,
  decodeFailure: 6,
  invalidConfig: 7,
  tryAgainLater: 11,
  notAvailable: 50,
  limitedConnectivity: 51,
  /** The kernel refused an operation (details: the errno name and the kernel's message). */
  kernel: 100,
  /** ADD for a (container, ifname) that is already attached. */
  alreadyAttached: 101,
  /** CHECK found the kernel state different from the attachment (msg names each difference). */
  checkFailed: 102,
} as const;

export class CniError extends Error {
  constructor(readonly code: number, msg: string, readonly details?: string) {
    super(msg);
  }
  toJSON(cniVersion: string): object {
    return { cniVersion, code: this.code, msg: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}
