// Byte-vector helpers shared by the codec tests: captured hex with its seq/pid masked, and our
// request with NLA_F_NESTED cleared where iproute2 omits it.
const NLA_F_NESTED = 0x8000;

/** Captured hex → bytes with nlmsg_seq set to `seq` (portid is 0 in requests). */
export function captured(hex: string, seq = 0): Buffer {
  const b = Buffer.from(hex.replace(/\s+/g, ''), 'hex');
  b.writeUInt32LE(seq, 8);
  return b;
}

/**
 * Clears NLA_F_NESTED on nests below `start` (a family header's end). We set the flag on every
 * nest (the kernel's strict validation wants it for new attributes); iproute2 omits it on old
 * ones. Only attributes whose payload parses as attributes are walked.
 */
export function clearNested(b: Buffer, start: number, end = b.length): Buffer {
  let p = start;
  while (p + 4 <= end) {
    const len = b.readUInt16LE(p);
    const type = b.readUInt16LE(p + 2);
    if (len < 4 || p + len > end) return b;
    if (type & NLA_F_NESTED) {
      b.writeUInt16LE(type & ~NLA_F_NESTED, p + 2);
      clearNested(b, p + 4, p + len);
    }
    p += (len + 3) & ~3;
  }
  return b;
}
