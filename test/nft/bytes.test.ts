// Byte vectors: the NEWRULE messages nft 1.0.6 sends (captured from its sendmsg with strace)
// decode with our decoder and re-encode byte for byte; and the same rule built from our typed
// match/action encodes to exactly nft's bytes. Capture: ip netns exec NS strace -f -e trace=sendmsg -e write=all nft add rule …
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { native } from '../../lib/native.js';
import { decodeRecords, encodeRecords } from '../../lib/records.js';
import { compileRule } from '../../lib/nft/compile.js';
import { FAMILIES } from '../../lib/nft/consts.js';
import { canAdmin, makeNetns } from '../helpers/ns.js';
import { captureNft, messages, nftApply, normalized } from './util.js';
import type { NftRuleSpec } from '../../lib/index.js';

const NLM_F_ACK = 4;
const NFT_MSG_NEWRULE = (10 << 8) | 6;

let hasStrace = true;
try { execFileSync('strace', ['-V'], { stdio: 'ignore' }); } catch { hasStrace = false; }

const HEAD = `
table ip nat {
  chain postrouting { type nat hook postrouting priority srcnat; policy accept; }
  chain prerouting { type nat hook prerouting priority dstnat; policy accept; }
  chain other { }
}
table ip6 nat6 {
  chain post { type nat hook postrouting priority srcnat; policy accept; }
}
`;

const cases: { args: string; rule: NftRuleSpec }[] = [
  { args: 'add rule ip nat postrouting ip saddr 172.18.0.0/24 oifname "eth0" counter masquerade comment "ctr"',
    rule: { family: 'ip', table: 'nat', chain: 'postrouting', match: { saddr: '172.18.0.0/24', oifname: 'eth0' }, counter: true, action: { masquerade: {} }, comment: 'ctr' } },
  { args: 'add rule ip nat postrouting masquerade',
    rule: { family: 'ip', table: 'nat', chain: 'postrouting', action: { masquerade: {} } } },
  { args: 'add rule ip nat prerouting tcp dport 80 dnat to 172.18.0.2:80',
    rule: { family: 'ip', table: 'nat', chain: 'prerouting', match: { protocol: 'tcp', dport: 80 }, action: { dnat: { addr: '172.18.0.2', port: 80 } } } },
  { args: 'add rule ip nat prerouting iifname "eth*" udp dport 53 counter dnat to 172.18.0.2:5353',
    rule: { family: 'ip', table: 'nat', chain: 'prerouting', match: { iifname: 'eth*', protocol: 'udp', dport: 53 }, counter: true, action: { dnat: { addr: '172.18.0.2', port: 5353 } } } },
  { args: 'add rule ip nat postrouting ip saddr 10.0.0.0/20 ip daddr 10.1.2.3 tcp sport 100-200 snat to 1.2.3.4-1.2.3.9:100-200',
    rule: { family: 'ip', table: 'nat', chain: 'postrouting', match: { saddr: '10.0.0.0/20', daddr: '10.1.2.3', protocol: 'tcp', sport: [100, 200] }, action: { snat: { addr: ['1.2.3.4', '1.2.3.9'], port: [100, 200] } } } },
  { args: 'add rule ip nat postrouting oifname "eth0" masquerade random,persistent,fully-random',
    rule: { family: 'ip', table: 'nat', chain: 'postrouting', match: { oifname: 'eth0' }, action: { masquerade: { random: true, persistent: true, fullyRandom: true } } } },
  { args: 'add rule ip nat prerouting ct state established,related meta mark 0x10 jump other',
    rule: { family: 'ip', table: 'nat', chain: 'prerouting', match: { ctState: ['established', 'related'], mark: 16 }, action: { jump: 'other' } } },
  { args: 'add rule ip nat prerouting tcp dport 8080 redirect to :80',
    rule: { family: 'ip', table: 'nat', chain: 'prerouting', match: { protocol: 'tcp', dport: 8080 }, action: { redirect: { port: 80 } } } },
  { args: 'add rule ip6 nat6 post ip6 saddr fd00::/60 oifname "eth0" snat to fd00::5',
    rule: { family: 'ip6', table: 'nat6', chain: 'post', match: { saddr: 'fd00::/60', oifname: 'eth0' }, action: { snat: { addr: 'fd00::5' } } } },
];

describe.skipIf(!canAdmin || !hasStrace)('nft byte vectors', () => {
  it('nft\'s NEWRULE messages decode and re-encode byte for byte, and our compiler emits the same bytes', () => {
    const ns = makeNetns('nftb');
    nftApply(ns, HEAD);
    for (const c of cases) {
      const batch = captureNft(ns, ['--', ...splitArgs(c.args)]);
      const theirs = messages(batch).find((m) => m.readUInt16LE(4) === NFT_MSG_NEWRULE);
      expect(theirs, c.args).toBeDefined();

      // decode → re-encode
      const rec = decodeRecords(native.nftDecode(theirs!, 'rules'), 'nftrule', 'test')[0]!;
      const op = { kind: 'newrule', mode: 'append', family: rec.family as number, table: rec.table, chain: rec.chain, exprs: rec.exprs, userdata: rec.userdata };
      const again = messages(native.nftEncode(encodeRecords([op], 'nftop'), -1, 1))[1]!;
      again.writeUInt16LE(again.readUInt16LE(6) & ~NLM_F_ACK, 6);
      expect(normalized(again).toString('hex'), c.args).toBe(normalized(theirs!).toString('hex'));

      // typed spec → bytes
      const built = { kind: 'newrule', mode: 'append', family: FAMILIES[c.rule.family], table: c.rule.table, chain: c.rule.chain, exprs: compileRule(c.rule), comment: c.rule.comment };
      const ours = messages(native.nftEncode(encodeRecords([built], 'nftop'), -1, 1))[1]!;
      ours.writeUInt16LE(ours.readUInt16LE(6) & ~NLM_F_ACK, 6);
      expect(normalized(ours).toString('hex'), c.args).toBe(normalized(theirs!).toString('hex'));
    }
  });
});

/** Splits an nft command line, keeping "quoted strings" as nft expects them (with quotes). */
function splitArgs(s: string): string[] {
  return s.match(/"[^"]*"|\S+/g)!;
}
