// What each typed kind contributes: its field in the "tcobj" record (native/tc/schemas.cc) and
// the conversions between the public options and that nested record.
export interface KindCodec {
  /** The tcobj field carrying this kind's options ('tbf', 'htbClass' …). */
  field: string;
  /** Validated public options → the nested record (numbers in the kernel's units). */
  encode(spec: Record<string, unknown>, op: string): Record<string, unknown> | undefined;
  /** The nested record a listing decoded → public options. */
  decode(rec: Record<string, unknown>): Record<string, unknown>;
}
