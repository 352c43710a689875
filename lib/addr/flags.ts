// IFA_F_* flags → the words `ip addr` prints, in its order (iproute2's ifa_flag_data).
import { native } from '../native.js';

const k = native.constants;

// [name, bit, IPv6 only]. IFA_F_SECONDARY reads 'temporary' on IPv6 (privacy addresses).
const ORDER: [string, number, boolean][] = [
  ['secondary', k.IFA_F_SECONDARY!, false],
  ['nodad', k.IFA_F_NODAD!, true],
  ['optimistic', k.IFA_F_OPTIMISTIC!, true],
  ['dadfailed', k.IFA_F_DADFAILED!, true],
  ['home', k.IFA_F_HOMEADDRESS!, true],
  ['deprecated', k.IFA_F_DEPRECATED!, true],
  ['tentative', k.IFA_F_TENTATIVE!, true],
  ['permanent', k.IFA_F_PERMANENT!, false],
  ['mngtmpaddr', k.IFA_F_MANAGETEMPADDR!, true],
  ['noprefixroute', k.IFA_F_NOPREFIXROUTE!, false],
  ['autojoin', k.IFA_F_MCAUTOJOIN!, false],
  ['stable-privacy', k.IFA_F_STABLE_PRIVACY!, true],
];

/**
 * Flag names. 'permanent' is listed when set (ip prints nothing then) and 'dynamic' when not
 * (as ip prints it), so every address says which of the two it is.
 */
export function addressFlagNames(flags: number, family: 4 | 6): string[] {
  const out: string[] = [];
  for (const [name, bit] of ORDER) {
    if (bit === k.IFA_F_PERMANENT) {
      out.push(flags & bit ? 'permanent' : 'dynamic');
    } else if (flags & bit) {
      out.push(bit === k.IFA_F_SECONDARY && family === 6 ? 'temporary' : name);
    }
  }
  return out;
}
