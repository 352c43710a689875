// The bad-input table (issue #5): every public function fed what callers get wrong — names,
// CIDRs, MACs, MTUs, ports, namespaces, sysctl keys, wrong types, oversized values. Each row says
// what must come back: TypeError/RangeError with a message naming the fix, before anything is
// sent (no native call at all — asserted by counting calls into the addon), or a NetlinkError
// from the kernel. Either way the namespace is unchanged (ip -j link/addr/route, nft -j list
// ruleset compared before and after).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeNetwork, Netlink, NetlinkError, createNetns, deleteNetns, getSysctl, setSysctl } from '../../lib/index.js';
import { native } from '../../lib/native.js';
import { ipJson, removeNetns, uniqueName, waitLinkLocal } from '../helpers/ns.js';
import { nftJson } from '../nft/util.js';

type Expect = typeof TypeError | typeof RangeError | typeof NetlinkError;
interface Row {
  fn: string;
  what: string;
  call: (h: Netlink) => Promise<unknown> | AsyncGenerator<unknown>;
  error: Expect;
  /** The message must say what to fix. */
  message: RegExp;
  /** NetlinkError code, for kernel refusals. */
  code?: string;
}

// Calls into the addon that can send something (everything except constants and codecs).
const SENDING = Object.keys(native).filter((k) => typeof (native as unknown as Record<string, unknown>)[k] === 'function' &&
  !/^(encode|decode|messageDecoders|nftConstants|linkEncode|linkDecode|nftEncode|nftDecode)/.test(k));
let nativeCalls = 0;
const originals = new Map<string, unknown>();

const big = (n: number) => 'x'.repeat(n);
const T = TypeError, R = RangeError, N = NetlinkError;

const rows: Row[] = [
  // ---- links: names ----
  { fn: 'createVeth', what: 'empty name', call: (h) => h.createVeth('', 'p0'), error: R, message: /must not be empty/ },
  { fn: 'createVeth', what: '16-byte name', call: (h) => h.createVeth('sixteen-bytes-xx', 'p0'), error: R, message: /16 bytes; Linux allows at most 15/ },
  { fn: 'createVeth', what: "name with '/'", call: (h) => h.createVeth('a/b', 'p0'), error: R, message: /must not contain '\/'/ },
  { fn: 'createVeth', what: 'name with a space', call: (h) => h.createVeth('a b', 'p0'), error: R, message: /whitespace/ },
  { fn: 'createVeth', what: 'name with NUL', call: (h) => h.createVeth('a\0b', 'p0'), error: R, message: /NUL/ },
  { fn: 'createVeth', what: 'number as peer name', call: (h) => h.createVeth('n0', 7 as never), error: T, message: /must be a string, got number 7/ },
  { fn: 'createVeth', what: 'peer in unknown namespace', call: (h) => h.createVeth('n0', 'p0', { peerNetns: 'nlts-no-such-ns-zz' }), error: N, code: 'ENOENT', message: /no such network namespace/ },
  { fn: 'createVeth', what: "'../etc' as peer namespace", call: (h) => h.createVeth('n0', 'p0', { peerNetns: '../etc' }), error: R, message: /single path component/ },
  { fn: 'createBridge', what: 'mtu 0', call: (h) => h.createBridge('br9', { mtu: 0 }), error: R, message: /mtu must be between 68 and 65535, got 0/ },
  { fn: 'createBridge', what: 'mtu 70000', call: (h) => h.createBridge('br9', { mtu: 70000 }), error: R, message: /between 68 and 65535, got 70000/ },
  { fn: 'createBridge', what: 'stp as string', call: (h) => h.createBridge('br9', { stp: 'yes' as never }), error: T, message: /stp must be true or false/ },
  { fn: 'createLink', what: 'no kind', call: (h) => h.createLink({ name: 'x0' } as never), error: T, message: /needs a kind/ },
  { fn: 'createLink', what: 'vxlan vni over 24 bits', call: (h) => h.createLink({ kind: 'vxlan', name: 'vx9', vni: 1 << 24 } as never), error: R, message: /vni must be between 0 and 16777215/ },
  { fn: 'createLink', what: 'vxlan port 0', call: (h) => h.createLink({ kind: 'vxlan', name: 'vx9', vni: 5, port: 0 } as never), error: R, message: /port must be between 1 and 65535, got 0/ },
  { fn: 'createLink', what: 'vxlan port 65536', call: (h) => h.createLink({ kind: 'vxlan', name: 'vx9', vni: 5, port: 65536 } as never), error: R, message: /port must be between 1 and 65535, got 65536/ },
  { fn: 'createLink', what: 'macvlan of a missing parent', call: (h) => h.createLink({ kind: 'macvlan', name: 'mv9', parent: 'nosuch0' } as never), error: N, code: 'ENODEV', message: /getLink|createLink/ },
  { fn: 'deleteLink', what: 'ifindex 0', call: (h) => h.deleteLink(0), error: R, message: /between 1 and 2147483647, got 0/ },
  { fn: 'deleteLink', what: 'missing link', call: (h) => h.deleteLink('nosuch0'), error: N, code: 'ENODEV', message: /deleteLink/ },
  { fn: 'deleteLink', what: "wait 'soon'", call: (h) => h.deleteLink('lo', { wait: 'soon' as never }), error: R, message: /wait must be 'ack' or 'unlisted'/ },
  { fn: 'deleteLink', what: "missing link, wait 'unlisted'", call: (h) => h.deleteLink('nosuch0', { wait: 'unlisted' }), error: N, code: 'ENODEV', message: /deleteLink/ },
  { fn: 'deleteLink', what: "missing ifindex, wait 'unlisted' (refused on the pool thread)", call: (h) => h.deleteLink(99999, { wait: 'unlisted' }), error: N, code: 'ENODEV', message: /deleteLink/ },
  { fn: 'deleteLinkGroup', what: 'group 0 (every link)', call: (h) => h.deleteLinkGroup(0), error: R, message: /group must be between 1/ },
  { fn: 'getLink', what: 'boolean ref', call: (h) => h.getLink(true as never), error: T, message: /interface name \(string\) or ifindex \(number\)/ },
  { fn: 'getLink', what: 'fractional ifindex', call: (h) => h.getLink(1.5), error: R, message: /must be an integer, got 1.5/ },
  { fn: 'listLinks', what: 'filter not an object', call: (h) => h.listLinks('veth' as never), error: T, message: /filter must be an object/ },
  { fn: 'setLink', what: 'MAC with 5 bytes', call: (h) => h.setLink('v0', { address: '02:00:00:00:00' }), error: R, message: /six hex bytes/ },
  { fn: 'setLink', what: 'multicast MAC', call: (h) => h.setLink('v0', { address: '01:00:5e:00:00:01' }), error: R, message: /multicast address; unicast addresses have an even first byte/ },
  { fn: 'setLink', what: 'MAC as number', call: (h) => h.setLink('v0', { address: 0x020000000001 as never }), error: T, message: /address must be a string like "02:00:00:00:00:01", got number/ },
  { fn: 'setLink', what: 'mtu as string', call: (h) => h.setLink('v0', { mtu: '1500' as never }), error: T, message: /mtu must be a number, got "1500"/ },
  { fn: 'setLink', what: 'alias of 300 bytes', call: (h) => h.setLink('v0', { alias: big(300) }), error: R, message: /alias is longer than 255 bytes/ },
  { fn: 'setLink', what: 'txqlen 2^32', call: (h) => h.setLink('v0', { txqlen: 2 ** 32 }), error: R, message: /txqlen must be between 0 and 4294967295/ },
  { fn: 'setLink', what: 'rename onto an existing name', call: (h) => h.setLink('v0', { name: 'v1' }), error: N, code: 'EEXIST', message: /setLink: File exists/ },
  { fn: 'setLinkUp', what: '16-byte name', call: (h) => h.setLinkUp('abcdefghijklmnop'), error: R, message: /at most 15/ },
  { fn: 'setLinkDown', what: 'null ref', call: (h) => h.setLinkDown(null as never), error: T, message: /got null/ },
  { fn: 'setLinkMaster', what: 'undefined master', call: (h) => h.setLinkMaster('v0', undefined as never), error: T, message: /master must be a link or null/ },
  { fn: 'moveLink', what: "'../etc' as namespace", call: (h) => h.moveLink('v0', '../etc'), error: R, message: /single path component/ },
  { fn: 'moveLink', what: 'unknown namespace', call: (h) => h.moveLink('v0', 'nlts-no-such-ns-zz'), error: N, code: 'ENOENT', message: /no such network namespace: \/run\/netns\/nlts-no-such-ns-zz/ },
  { fn: 'moveLink', what: 'namespace { pid: -1 }', call: (h) => h.moveLink('v0', { pid: -1 }), error: R, message: /pid \} must be between 1/ },
  { fn: 'getVethPeer', what: 'not a veth', call: (h) => h.getVethPeer('lo'), error: N, code: 'EINVAL', message: /lo is not a veth/ },
  { fn: 'getNetnsId', what: 'namespace as number', call: (h) => h.getNetnsId(5 as never), error: T, message: /namespace must be a name, \{ path \}, \{ pid \} or \{ fd \}/ },
  // ---- addresses ----
  { fn: 'addAddress', what: '300.1.1.1/24', call: (h) => h.addAddress('v0', '300.1.1.1/24'), error: R, message: /not an address\/prefix like "172.18.0.1\/24"/ },
  { fn: 'addAddress', what: '10.0.0.1/33', call: (h) => h.addAddress('v0', '10.0.0.1/33'), error: R, message: /prefix length 33 is over 32 for IPv4/ },
  { fn: 'addAddress', what: '2001:db8::1/129', call: (h) => h.addAddress('v0', '2001:db8::1/129'), error: R, message: /prefix length 129 is over 128 for IPv6/ },
  { fn: 'addAddress', what: 'garbage CIDR', call: (h) => h.addAddress('v0', 'ten.0.0.1/8'), error: R, message: /not an address\/prefix/ },
  { fn: 'addAddress', what: 'CIDR as number', call: (h) => h.addAddress('v0', 167772161 as never), error: T, message: /must be a string like "172.18.0.1\/24", got number/ },
  { fn: 'addAddress', what: 'IPv4 broadcast on IPv6', call: (h) => h.addAddress('v0', '2001:db8::1/64', { broadcast: '10.0.0.255' }), error: R, message: /broadcast applies to IPv4 addresses only/ },
  { fn: 'addAddress', what: 'IPv6 peer on IPv4', call: (h) => h.addAddress('v0', '10.0.0.1/24', { peer: '::1' }), error: R, message: /families cannot be mixed/ },
  { fn: 'addAddress', what: 'label of 16 bytes', call: (h) => h.addAddress('v0', '10.0.0.1/24', { label: 'v0:abcdefghijklm' }), error: R, message: /label is longer than 15 bytes/ },
  { fn: 'addAddress', what: 'missing link', call: (h) => h.addAddress('nosuch0', '10.0.0.1/24'), error: N, code: 'ENODEV', message: /no such link: nosuch0/ },
  { fn: 'deleteAddress', what: 'address not on the link', call: (h) => h.deleteAddress('v0', '10.123.0.1/24'), error: N, code: 'EADDRNOTAVAIL', message: /deleteAddress/ },
  { fn: 'listAddresses', what: 'family 5', call: (h) => h.listAddresses({ family: 5 as never }), error: R, message: /family must be 4 or 6, got number 5/ },
  // ---- routes ----
  { fn: 'addRoute', what: '::1/24 with family 4', call: (h) => h.addRoute({ dst: '::1/24', dev: 'v0', family: 4 } as never), error: R, message: /is IPv6 but family is 4/ },
  { fn: 'addRoute', what: 'host bits set', call: (h) => h.addRoute({ dst: '10.1.0.5/24', dev: 'v0' }), error: R, message: /has host bits set; the network is 10.1.0.0\/24/ },
  { fn: 'addRoute', what: 'dst as number', call: (h) => h.addRoute({ dst: 10 as never, dev: 'v0' }), error: T, message: /dst must be a string like "172.18.0.1\/24", got number 10/ },
  { fn: 'addRoute', what: 'no dev/via/nexthops', call: (h) => h.addRoute({ dst: '10.2.0.0/24' }), error: R, message: /needs dev, via or nexthops/ },
  { fn: 'addRoute', what: 'IPv4 gateway on IPv6 route', call: (h) => h.addRoute({ dst: '2001:db8:1::/64', via: '10.0.0.1' }), error: R, message: /an IPv6 route needs an IPv6 gateway/ },
  { fn: 'addRoute', what: 'metric 2^32', call: (h) => h.addRoute({ dst: '10.2.0.0/24', dev: 'v0', metric: 2 ** 32 }), error: R, message: /metric must be between 0 and 4294967295/ },
  { fn: 'addRoute', what: 'unknown table name', call: (h) => h.addRoute({ dst: '10.2.0.0/24', dev: 'v0', table: 'mian' as never }), error: R, message: /not a known table name; use 'main'/ },
  { fn: 'addRoute', what: 'nexthop weight 0', call: (h) => h.addRoute({ dst: '10.2.0.0/24', nexthops: [{ dev: 'v0', weight: 0 }] }), error: R, message: /weight must be between 1 and 256/ },
  { fn: 'addRoute', what: 'gateway not reachable', call: (h) => h.addRoute({ dst: '10.2.0.0/24', via: '10.250.0.1' }), error: N, code: 'ENETUNREACH', message: /addRoute/ },
  { fn: 'replaceRoute', what: 'scope nonsense', call: (h) => h.replaceRoute({ dst: '10.2.0.0/24', dev: 'v0', scope: 'galaxy' as never }), error: R, message: /scope must be one of/ },
  { fn: 'deleteRoute', what: 'route that does not exist', call: (h) => h.deleteRoute({ dst: '10.77.0.0/16', dev: 'v0' }), error: N, code: 'ESRCH', message: /deleteRoute/ },
  { fn: 'listRoutes', what: 'table -1', call: (h) => h.listRoutes({ table: -1 }), error: R, message: /table filter must be between 1 and 4294967295/ },
  { fn: 'getRoute', what: 'CIDR instead of an address', call: (h) => h.getRoute('10.0.0.0/8'), error: R, message: /not an IPv4 or IPv6 address/ },
  // ---- sysctl ----
  { fn: 'setSysctl', what: 'key escaping /proc/sys/net', call: (h) => h.setSysctl('net/../../kernel/hostname', 'x'), error: R, message: /empty, "." or ".." component/ },
  { fn: 'setSysctl', what: 'absolute path', call: (h) => h.setSysctl('/proc/sys/net/ipv4/ip_forward', 1), error: R, message: /must be relative to \/proc\/sys/ },
  { fn: 'setSysctl', what: 'non-net key', call: (h) => h.setSysctl('kernel.hostname', 'x'), error: R, message: /only network sysctls/ },
  { fn: 'setSysctl', what: 'value with newline', call: (h) => h.setSysctl('net.ipv4.ip_forward', '1\n0'), error: R, message: /must not contain a newline/ },
  { fn: 'setSysctl', what: 'value of 5000 bytes', call: (h) => h.setSysctl('net.ipv4.ip_forward', big(5000)), error: R, message: /longer than 4096 bytes/ },
  { fn: 'getSysctl', what: 'number as key', call: (h) => h.getSysctl(42 as never), error: T, message: /sysctl key must be a string like "net.ipv4.ip_forward", got number 42/ },
  { fn: 'getSysctl', what: 'key that does not exist', call: (h) => h.getSysctl('net.ipv4.no_such_setting'), error: N, code: 'ENOENT', message: /getSysctl/ },
  { fn: 'setSysctl (module)', what: "'../etc' namespace", call: () => setSysctl('net.ipv4.ip_forward', 1, { netns: '../etc' }), error: R, message: /single path component/ },
  { fn: 'getSysctl (module)', what: 'unknown namespace', call: () => getSysctl('net.ipv4.ip_forward', { netns: 'nlts-no-such-ns-zz' }), error: N, code: 'ENOENT', message: /no such network namespace/ },
  // ---- namespaces ----
  { fn: 'createNetns', what: "'../etc'", call: () => createNetns('../etc'), error: R, message: /single path component \(no '\/', '.', '..' or NUL\)/ },
  { fn: 'createNetns', what: 'empty name', call: () => createNetns(''), error: R, message: /must not be empty/ },
  { fn: 'createNetns', what: 'number', call: () => createNetns(3 as never), error: T, message: /namespace name must be a string, got number 3/ },
  { fn: 'deleteNetns', what: 'name that does not exist', call: () => deleteNetns('nlts-no-such-ns-zz'), error: N, code: 'ENOENT', message: /deleteNetns/ },
  { fn: 'Netlink.open', what: 'unknown namespace', call: () => Netlink.open({ netns: 'nlts-no-such-ns-zz' }), error: N, code: 'ENOENT', message: /no such network namespace/ },
  { fn: 'Netlink.open', what: 'namespace { fd: -3 }', call: () => Netlink.open({ netns: { fd: -3 } }), error: R, message: /fd \} must be between 0/ },
  // ---- nft ----
  { fn: 'nft.transaction().addTable', what: 'unknown family', call: async (h) => h.nft.transaction().addTable({ family: 'ipv4' as never, name: 't' }), error: R, message: /table family must be one of ip, ip6, inet/ },
  { fn: 'nft.addTable', what: 'name of 300 bytes', call: (h) => h.nft.addTable({ family: 'ip', name: big(300) }), error: R, message: /table name is longer than 255 bytes/ },
  { fn: 'nft.addChain', what: 'hook without type', call: (h) => h.nft.addChain({ family: 'ip', table: 't', name: 'c', hook: 'input' } as never), error: T, message: /needs both type and hook/ },
  { fn: 'nft.addChain', what: 'policy reject', call: (h) => h.nft.addChain({ family: 'ip', table: 't', name: 'c', type: 'filter', hook: 'input', policy: 'reject' as never }), error: R, message: /policy must be accept or drop/ },
  { fn: 'nft.addRule', what: 'dport 0', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', match: { protocol: 'tcp', dport: 0 }, action: 'accept' } as never), error: R, message: /between 1 and 65535, got 0/ },
  { fn: 'nft.addRule', what: 'dport 65536', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', match: { protocol: 'tcp', dport: 65536 }, action: 'accept' } as never), error: R, message: /between 1 and 65535, got 65536/ },
  { fn: 'nft.addRule', what: 'port without protocol', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', match: { dport: 80 }, action: 'accept' } as never), error: T, message: /needs match.protocol/ },
  { fn: 'nft.addRule', what: 'comment of 200 bytes', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', match: {}, action: 'accept', comment: big(200) } as never), error: R, message: /comment is longer than 128 bytes/ },
  { fn: 'nft.addRule', what: 'saddr /33', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', match: { saddr: '10.0.0.0/33' }, action: 'accept' } as never), error: R, message: /prefix length 33 is over 32/ },
  { fn: 'nft.deleteRule', what: 'handle 0', call: (h) => h.nft.deleteRule({ family: 'ip', table: 't', chain: 'c', handle: 0 }), error: R, message: /rule handle must be between 1/ },
  { fn: 'nft.deleteTable', what: 'table that does not exist', call: (h) => h.nft.deleteTable({ family: 'ip', name: 'nosuch' }), error: N, code: 'ENOENT', message: /element 1 of 1 \(table ip nosuch\) refused/ },
  { fn: 'nft.transaction().commit', what: 'genid -1', call: (h) => h.nft.transaction().commit({ genid: -1 }), error: R, message: /genid must be between 0/ },
  { fn: 'nft.listRules', what: 'unknown family', call: (h) => h.nft.listRules({ family: 'ether' as never }), error: R, message: /must be one of ip, ip6, inet/ },
  { fn: 'nft.masquerade', what: 'source 300.1.1.1/24', call: (h) => h.nft.masquerade({ source: '300.1.1.1/24' }), error: R, message: /masquerade source "300.1.1.1\/24" is not an address\/prefix/ },
  { fn: 'nft.masquerade', what: 'outInterface with space', call: (h) => h.nft.masquerade({ source: '10.0.0.0/24', outInterface: 'eth 0' }), error: R, message: /whitespace/ },
  { fn: 'nft.portForward', what: 'port 0', call: (h) => h.nft.portForward({ protocol: 'tcp', port: 0, to: '10.0.0.2:80' }), error: R, message: /portForward port must be between 1 and 65535, got 0/ },
  { fn: 'nft.portForward', what: 'to-port 65536', call: (h) => h.nft.portForward({ protocol: 'tcp', port: 80, to: '10.0.0.2:65536' }), error: R, message: /portForward to port must be between 1 and 65535, got 65536/ },
  { fn: 'nft.portForward', what: 'protocol sctp', call: (h) => h.nft.portForward({ protocol: 'sctp' as never, port: 80, to: '10.0.0.2' }), error: R, message: /protocol must be tcp or udp/ },
  { fn: 'nft.snat', what: 'to garbage', call: (h) => h.nft.snat({ source: '10.0.0.0/24', to: 'gateway' }), error: R, message: /snat to "gateway" is not an IPv4 or IPv6 address/ },
  // ---- nft: issue 8 (typed match/statements/actions, sets and maps) ----
  { fn: 'nft.addRule', what: 'action { accept: true }', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', action: { accept: true } as never }), error: T, message: /action "accept" is a string: use action: 'accept'/ },
  { fn: 'nft.addRule', what: 'unknown action string', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', action: 'reject' as never }), error: R, message: /unknown action "reject"; simple verdicts are 'accept', 'drop' or 'return'/ },
  { fn: 'nft.addRule', what: 'mark { lt } (host byte order)', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', match: { mark: { lt: 5 } as never }, action: 'accept' }), error: R, message: /match.mark: lt is not available here/ },
  { fn: 'nft.addRule', what: 'dport range reversed in { not }', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', match: { protocol: 'tcp', dport: { not: [2000, 1000] } }, action: 'accept' }), error: R, message: /range \[2000, 1000\] is reversed/ },
  { fn: 'nft.addRule', what: 'ipProtocol in an ip6 table', call: (h) => h.nft.addRule({ family: 'ip6', table: 't', chain: 'c', match: { ipProtocol: 'tcp' }, action: 'accept' }), error: R, message: /match.ipProtocol is an IPv4 field but the table family is ip6/ },
  { fn: 'nft.addRule', what: 'fibDaddrType "home"', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', match: { fibDaddrType: 'home' as never }, action: 'accept' }), error: R, message: /match.fibDaddrType must be one of unspec, unicast, local/ },
  { fn: 'nft.addRule', what: 'ctStatus "natted"', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', match: { ctStatus: ['natted' as never] }, action: 'accept' }), error: R, message: /match.ctStatus: unknown value "natted"/ },
  { fn: 'nft.addRule', what: 'icmpType without protocol icmp', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', match: { icmpType: 'echo-request' }, action: 'accept' }), error: T, message: /match.icmpType needs match.protocol 'icmp'/ },
  { fn: 'nft.addRule', what: 'tcpFlags "syn" (not an array)', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', match: { protocol: 'tcp', tcpFlags: 'syn' as never }, action: 'accept' }), error: T, message: /match.tcpFlags must be an array of flags/ },
  { fn: 'nft.addRule', what: 'setMark with or and xor', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', statements: [{ setMark: { from: 'mark', or: 1, xor: 2 } }] }), error: R, message: /or cannot be combined with and\/xor/ },
  { fn: 'nft.addRule', what: 'limit per fortnight', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', statements: [{ limit: { rate: 1, per: 'fortnight' as never } }] }), error: R, message: /limit.per must be one of second, minute, hour, day, week/ },
  { fn: 'nft.addRule', what: 'log level with group', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', statements: [{ log: { level: 'info', group: 1 } }] }), error: R, message: /level and group exclude each other/ },
  { fn: 'nft.addRule', what: 'unknown statement', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', statements: [{ queue: 1 } as never] }), error: R, message: /unknown statement "queue"/ },
  { fn: 'nft.addRule', what: 'reject icmpv6 in an ip table', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', action: { reject: { with: { icmpv6: 'admin-prohibited' } } } }), error: R, message: /reject.with.icmpv6 needs an ip6 or inet table/ },
  { fn: 'nft.addRule', what: 'reject with unknown icmpx code', call: (h) => h.nft.addRule({ family: 'inet', table: 't', chain: 'c', action: { reject: { with: { icmpx: 'go-away' } } } }), error: R, message: /unknown code "go-away"/ },
  { fn: 'nft.addRule', what: 'vmap map without @', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', action: { vmap: { key: 'th dport', map: 'ports' as never } } }), error: T, message: /vmap.map must name a verdict map like "@ports"/ },
  { fn: 'nft.addRule', what: 'vmap key "ip ttl"', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', action: { vmap: { key: 'ip ttl' as never, map: '@m' } } }), error: R, message: /vmap.key: unknown key "ip ttl"/ },
  { fn: 'nft.addSet', what: 'key type "ipv5_addr"', call: (h) => h.nft.addSet({ family: 'ip', table: 't', name: 's', type: 'ipv5_addr' as never }), error: R, message: /set type must be one of ipv4_addr/ },
  { fn: 'nft.addSet', what: 'concatenation of one type', call: (h) => h.nft.addSet({ family: 'ip', table: 't', name: 's', type: ['ipv4_addr'] }), error: R, message: /a concatenation needs at least two types/ },
  { fn: 'nft.addSet', what: 'flag "fast"', call: (h) => h.nft.addSet({ family: 'ip', table: 't', name: 's', type: 'ipv4_addr', flags: ['fast' as never] }), error: R, message: /set flag "fast" is not one of interval, timeout, dynamic, constant/ },
  { fn: 'nft.addSet', what: 'policy "speed"', call: (h) => h.nft.addSet({ family: 'ip', table: 't', name: 's', type: 'ipv4_addr', policy: 'speed' as never }), error: R, message: /set policy must be performance or memory/ },
  { fn: 'nft.addSet', what: 'map element without value', call: (h) => h.nft.addSet({ family: 'ip', table: 't', name: 'm', type: 'inet_service', map: 'verdict', elements: [22] }), error: T, message: /a map element needs a value/ },
  { fn: 'nft.addSet', what: 'verdict "allow"', call: (h) => h.nft.addSet({ family: 'ip', table: 't', name: 'm', type: 'inet_service', map: 'verdict', elements: [{ key: 22, value: 'allow' as never }] }), error: T, message: /value must be 'accept', 'drop', 'return', 'continue', \{ jump \} or \{ goto \}/ },
  { fn: 'nft.addSet', what: 'concatenated element with 2 of 3 fields', call: (h) => h.nft.addSet({ family: 'ip', table: 't', name: 's', type: ['ipv4_addr', 'inet_proto', 'inet_service'], elements: [['10.0.0.1', 'tcp']] }), error: T, message: /must be an array of 3 values/ },
  { fn: 'nft.addSet', what: 'MAC with 5 bytes', call: (h) => h.nft.addSet({ family: 'ip', table: 't', name: 's', type: 'ether_addr', elements: ['02:00:00:00:01'] }), error: R, message: /must be a MAC address/ },
  { fn: 'nft.addSet', what: 'element timeout 0', call: (h) => h.nft.addSet({ family: 'ip', table: 't', name: 's', type: 'ipv4_addr', flags: ['timeout'], elements: [{ key: '10.0.0.1', timeout: 0 }] }), error: R, message: /timeout must be between 1/ },
  { fn: 'nft.transaction().addSetElements', what: 'empty element list', call: async (h) => h.nft.transaction().addSetElements({ family: 'ip', table: 't', set: 's', type: 'ipv4_addr', elements: [] }), error: R, message: /use flushSet to remove every element/ },
  // ---- monitor ----
  { fn: 'monitor', what: 'unknown kind', call: (h) => h.monitor(['neigh' as never]), error: R, message: /unknown monitor kind "neigh": use 'link', 'address', 'route', 'neighbor', 'fdb', 'routingRule', 'nsid', 'nexthop' or 'bridgeVlan'/ },
  { fn: 'monitor', what: 'empty kinds', call: (h) => h.monitor([]), error: T, message: /non-empty array/ },
  { fn: 'monitor', what: 'rcvbuf 0', call: (h) => h.monitor(['link'], { rcvbuf: 0 }), error: R, message: /monitor rcvbuf must be between 1/ },
  { fn: 'monitor', what: 'signal not an AbortSignal', call: (h) => h.monitor(['link'], { signal: 'stop' as never }), error: T, message: /must be an AbortSignal/ },
  // -- issue 9 part A: bridge ports, policy rules, neighbours, FDB, bridge VLANs, namespace ids --
  { fn: 'setBridgePort', what: 'priority 64', call: (h) => h.setBridgePort('v0', { priority: 64 }), error: R, message: /bridge port priority must be between 0 and 63, got 64/ },
  { fn: 'setBridgePort', what: 'cost 0', call: (h) => h.setBridgePort('v0', { cost: 0 }), error: R, message: /bridge port cost must be between 1 and 65535, got 0/ },
  { fn: 'setBridgePort', what: 'unknown state', call: (h) => h.setBridgePort('v0', { state: 'up' as never }), error: R, message: /state must be one of disabled, listening, learning, forwarding, blocking/ },
  { fn: 'setBridgePort', what: "hairpin 'on'", call: (h) => h.setBridgePort('v0', { hairpin: 'on' as never }), error: T, message: /hairpin must be true or false/ },
  { fn: 'setBridgePort', what: 'no option', call: (h) => h.setBridgePort('v0', {}), error: T, message: /needs at least one option/ },
  { fn: 'setBridgePort', what: 'misspelt option', call: (h) => h.setBridgePort('v0', { hairPin: true } as never), error: T, message: /unknown bridge port option "hairPin"/ },
  { fn: 'getBridgePort', what: 'link that is no port', call: (h) => h.getBridgePort('v0'), error: N, code: 'ENOTCONN', message: /v0 is not a bridge port/ },
  { fn: 'addRoutingRule', what: 'priority 2^32', call: (h) => h.addRoutingRule({ priority: 2 ** 32, table: 100 }), error: R, message: /routing rule priority must be between 0 and 4294967295/ },
  { fn: 'addRoutingRule', what: 'unknown table name', call: (h) => h.addRoutingRule({ table: 'vpn' as never }), error: R, message: /routing rule table must be a number or 'main', 'local', 'default', got "vpn"/ },
  { fn: 'addRoutingRule', what: 'src not a prefix', call: (h) => h.addRoutingRule({ src: '10.0.0.300/8', table: 100 }), error: R, message: /routing rule src/ },
  { fn: 'addRoutingRule', what: 'src v4, dst v6', call: (h) => h.addRoutingRule({ src: '10.0.0.0/8', dst: '2001:db8::/32' }), error: R, message: /dst 2001:db8:: is not an IPv4 prefix/ },
  { fn: 'addRoutingRule', what: 'fwmask without fwmark', call: (h) => h.addRoutingRule({ fwmask: 0xff, table: 100 }), error: T, message: /fwmask needs fwmark/ },
  { fn: 'addRoutingRule', what: 'sport range reversed', call: (h) => h.addRoutingRule({ sport: [2000, 1000], table: 100 }), error: R, message: /sport range 2000-1000 ends before it starts/ },
  { fn: 'addRoutingRule', what: "action 'drop'", call: (h) => h.addRoutingRule({ action: 'drop' as never }), error: R, message: /action must be one of lookup, goto, nop, blackhole, unreachable, prohibit/ },
  { fn: 'addRoutingRule', what: 'goto without a target', call: (h) => h.addRoutingRule({ action: 'goto' }), error: T, message: /needs goto/ },
  { fn: 'addRoutingRule', what: 'table with blackhole', call: (h) => h.addRoutingRule({ action: 'blackhole', table: 100 }), error: T, message: /table applies to action 'lookup'/ },
  { fn: 'addRoutingRule', what: 'iif with a space', call: (h) => h.addRoutingRule({ iif: 'eth 0', table: 100 }), error: R, message: /whitespace/ },
  { fn: 'addRoutingRule', what: 'ipProto unknown', call: (h) => h.addRoutingRule({ ipProto: 'quic', table: 100 }), error: R, message: /ipProto must be a number or one of/ },
  { fn: 'deleteRoutingRule', what: 'empty spec (would delete any rule)', call: (h) => h.deleteRoutingRule({}), error: T, message: /needs at least one field/ },
  { fn: 'deleteRoutingRule', what: 'missing rule', call: (h) => h.deleteRoutingRule({ priority: 4242 }), error: N, code: 'ENOENT', message: /deleteRoutingRule/ },
  { fn: 'listRoutingRules', what: 'family 5', call: (h) => h.listRoutingRules({ family: 5 as never }), error: R, message: /family must be 4 or 6, got number 5/ },
  { fn: 'addNeighbor', what: 'invalid lladdr', call: (h) => h.addNeighbor({ dev: 'v0', address: '10.0.0.9', lladdr: '02:00:00:00:00' }), error: R, message: /neighbor lladdr "02:00:00:00:00" is not six hex bytes/ },
  { fn: 'addNeighbor', what: 'unknown state', call: (h) => h.addNeighbor({ dev: 'v0', address: '10.0.0.9', lladdr: '02:00:00:00:00:09', state: 'sticky' as never }), error: R, message: /neighbor state must be one of .*permanent/ },
  { fn: 'addNeighbor', what: 'address not an IP', call: (h) => h.addNeighbor({ dev: 'v0', address: 'gateway', lladdr: '02:00:00:00:00:09' }), error: R, message: /neighbor address/ },
  { fn: 'addNeighbor', what: 'proxy with lladdr', call: (h) => h.addNeighbor({ dev: 'v0', address: '10.0.0.9', proxy: true, lladdr: '02:00:00:00:00:09' }), error: T, message: /proxy neighbor has no lladdr/ },
  { fn: 'addNeighbor', what: 'missing dev', call: (h) => h.addNeighbor({ dev: 'nosuch0', address: '10.0.0.9', lladdr: '02:00:00:00:00:09' }), error: N, code: 'ENODEV', message: /no such link: nosuch0/ },
  { fn: 'deleteNeighbor', what: 'missing entry', call: (h) => h.deleteNeighbor({ dev: 'v0', address: '10.0.0.99' }), error: N, code: 'ENOENT', message: /deleteNeighbor/ },
  { fn: 'flushNeighbors', what: 'no dev', call: (h) => h.flushNeighbors({} as never), error: T, message: /flushNeighbors needs dev/ },
  { fn: 'addFdbEntry', what: 'vlan 0', call: (h) => h.addFdbEntry({ dev: 'v0', lladdr: '02:00:00:00:00:09', vlan: 0 }), error: R, message: /fdb vlan must be between 1 and 4094, got 0/ },
  { fn: 'addFdbEntry', what: 'vlan 4095', call: (h) => h.addFdbEntry({ dev: 'v0', lladdr: '02:00:00:00:00:09', vlan: 4095 }), error: R, message: /fdb vlan must be between 1 and 4094, got 4095/ },
  { fn: 'addFdbEntry', what: 'invalid lladdr', call: (h) => h.addFdbEntry({ dev: 'v0', lladdr: 'zz:00:00:00:00:09' }), error: R, message: /fdb lladdr "zz:00:00:00:00:09" is not six hex bytes/ },
  { fn: 'addFdbEntry', what: 'vni over 24 bits', call: (h) => h.addFdbEntry({ dev: 'v0', lladdr: '02:00:00:00:00:09', vni: 1 << 24 }), error: R, message: /fdb vni must be between 0 and 16777215/ },
  { fn: 'addFdbEntry', what: 'unknown state', call: (h) => h.addFdbEntry({ dev: 'v0', lladdr: '02:00:00:00:00:09', state: 'sticky' as never }), error: R, message: /fdb state must be one of permanent, static, dynamic/ },
  { fn: 'deleteFdbEntry', what: 'self entry on a veth (no own FDB)', call: (h) => h.deleteFdbEntry({ dev: 'v0', lladdr: '02:00:00:00:00:99' }), error: N, code: 'EINVAL', message: /deleteFdbEntry/ },
  { fn: 'setNetnsId', what: 'id -1', call: (h) => h.setNetnsId('nlts-no-such-ns-zz', -1), error: R, message: /netns id must be between 0 and 2147483647, got -1/ },
  { fn: 'setNetnsId', what: 'unknown namespace', call: (h) => h.setNetnsId('nlts-no-such-ns-zz', 5), error: N, code: 'ENOENT', message: /no such network namespace/ },
  // -- end issue 9 part A --
  // ---- conntrack (issue #10) ----
  { fn: 'conntrack.list', what: 'filter as a string', call: (h) => h.conntrack.list('udp' as never), error: T, message: /conntrack.list filter must be an object, got "udp"/ },
  { fn: 'conntrack.list', what: 'unknown filter field', call: (h) => h.conntrack.list({ dport: 53 } as never), error: R, message: /unknown field "dport" \(expected family, protocol, orig, reply/ },
  { fn: 'conntrack.list', what: 'family inet', call: (h) => h.conntrack.list({ family: 'inet' as never }), error: R, message: /family must be 'ipv4' or 'ipv6', got "inet"/ },
  { fn: 'conntrack.list', what: 'protocol quic', call: (h) => h.conntrack.list({ protocol: 'quic' as never }), error: R, message: /protocol "quic" is not one of tcp, udp/ },
  { fn: 'conntrack.list', what: 'protocol 256', call: (h) => h.conntrack.list({ protocol: 256 }), error: R, message: /protocol must be between 0 and 255, got 256/ },
  { fn: 'conntrack.list', what: 'port without protocol', call: (h) => h.conntrack.list({ orig: { dport: 53 } }), error: T, message: /ports need a protocol/ },
  { fn: 'conntrack.list', what: 'orig.src 300.1.1.1', call: (h) => h.conntrack.list({ orig: { src: '300.1.1.1' } }), error: R, message: /orig.src "300.1.1.1" is not an address\/prefix/ },
  { fn: 'conntrack.list', what: 'v6 address with family ipv4', call: (h) => h.conntrack.list({ family: 'ipv4', reply: { dst: 'fd00::1' } }), error: R, message: /reply.dst fd00::1 is IPv6 but family is ipv4/ },
  { fn: 'conntrack.count', what: 'sport 65536', call: (h) => h.conntrack.count({ protocol: 'udp', orig: { sport: 65536 } }), error: R, message: /orig.sport must be between 0 and 65535, got 65536/ },
  { fn: 'conntrack.count', what: 'mask without mark', call: (h) => h.conntrack.count({ mask: 0xff }), error: T, message: /mask needs a mark/ },
  { fn: 'conntrack.count', what: 'mark -1', call: (h) => h.conntrack.count({ mark: -1 }), error: R, message: /mark must be between 0 and 4294967295, got -1/ },
  { fn: 'conntrack.delete', what: 'no filter', call: (h) => h.conntrack.delete(undefined as never), error: T, message: /needs a filter \(\{\} deletes every flow\)/ },
  { fn: 'conntrack.delete', what: 'unknown status flag', call: (h) => h.conntrack.delete({ status: ['NATTED' as never] }), error: R, message: /unknown flag "NATTED" \(expected EXPECTED, SEEN_REPLY/ },
  { fn: 'conntrack.delete', what: 'state on udp', call: (h) => h.conntrack.delete({ protocol: 'udp', state: 'ESTABLISHED' }), error: R, message: /state applies to tcp flows only/ },
  { fn: 'conntrack.delete', what: 'zone 70000', call: (h) => h.conntrack.delete({ zone: 70000 }), error: R, message: /zone must be between 0 and 65535, got 70000/ },
  { fn: 'conntrack.flush', what: 'family ip', call: (h) => h.conntrack.flush({ family: 'ip' as never }), error: R, message: /conntrack.flush family must be 'ipv4' or 'ipv6', got "ip"/ },
  { fn: 'conntrack.flush', what: 'unknown option', call: (h) => h.conntrack.flush({ protocol: 'udp' } as never), error: R, message: /unknown field "protocol" \(expected family\)/ },
  { fn: 'conntrack.events', what: 'unknown kind', call: (h) => h.conntrack.events({ kinds: ['expect' as never] }), error: R, message: /unknown kind "expect": use 'new', 'update' or 'destroy'/ },
  { fn: 'conntrack.events', what: 'empty kinds', call: (h) => h.conntrack.events({ kinds: [] }), error: T, message: /non-empty array/ },
  { fn: 'conntrack.events', what: 'signal not an AbortSignal', call: (h) => h.conntrack.events({ signal: 'stop' as never }), error: T, message: /must be an AbortSignal/ },
  { fn: 'conntrack.events', what: 'rcvbuf 0', call: (h) => h.conntrack.events({ rcvbuf: 0 }), error: R, message: /rcvbuf must be between 1/ },
  // ---- issue 9 part B: nexthop objects, route extras, address lifetimes ----
  { fn: 'addNexthop', what: 'id 0', call: (h) => h.addNexthop({ id: 0, dev: 1 }), error: R, message: /nexthop id must be between 1 and 4294967295, got 0/ },
  { fn: 'addNexthop', what: 'id 2^32', call: (h) => h.addNexthop({ id: 2 ** 32, dev: 1 }), error: R, message: /nexthop id must be between 1/ },
  { fn: 'addNexthop', what: 'group naming a missing nexthop', call: (h) => h.addNexthop({ id: 10, group: [{ id: 4242 }] }), error: N, code: 'EINVAL', message: /Invalid nexthop id/ },
  { fn: 'addNexthop', what: 'group containing itself', call: (h) => h.addNexthop({ id: 10, group: [{ id: 10 }] }), error: R, message: /is the group itself/ },
  { fn: 'addNexthop', what: 'group member twice', call: (h) => h.addNexthop({ id: 10, group: [{ id: 1 }, { id: 1 }] }), error: R, message: /appears twice/ },
  { fn: 'addNexthop', what: 'group weight 0', call: (h) => h.addNexthop({ id: 10, group: [{ id: 1, weight: 0 }] }), error: R, message: /group\[0\]\.weight must be between 1 and 256, got 0/ },
  { fn: 'addNexthop', what: 'group weight 257', call: (h) => h.addNexthop({ id: 10, group: [{ id: 1, weight: 257 }] }), error: R, message: /weight must be between 1 and 256, got 257/ },
  { fn: 'addNexthop', what: 'empty group', call: (h) => h.addNexthop({ id: 10, group: [] }), error: R, message: /non-empty array/ },
  { fn: 'addNexthop', what: 'groupType bogus', call: (h) => h.addNexthop({ id: 10, group: [{ id: 1 }], groupType: 'hash' as never }), error: R, message: /groupType must be 'mpath' or 'resilient'/ },
  { fn: 'addNexthop', what: 'buckets on an mpath group', call: (h) => h.addNexthop({ id: 10, group: [{ id: 1 }], buckets: 8 }), error: R, message: /buckets applies to resilient groups only/ },
  { fn: 'addNexthop', what: 'blackhole with via', call: (h) => h.addNexthop({ id: 10, blackhole: true, via: '10.0.0.2' }), error: R, message: /blackhole nexthop takes no via or dev/ },
  { fn: 'addNexthop', what: 'nothing to forward to', call: (h) => h.addNexthop({ id: 10 }), error: R, message: /needs via, dev, blackhole or group/ },
  { fn: 'addNexthop', what: 'via without dev', call: (h) => h.addNexthop({ id: 10, via: '10.0.0.2' }), error: R, message: /a gateway needs dev/ },
  { fn: 'addNexthop', what: 'via 10.0.0.300', call: (h) => h.addNexthop({ id: 10, via: '10.0.0.300', dev: 2 }), error: R, message: /via/ },
  { fn: 'deleteNexthop', what: 'id -1', call: (h) => h.deleteNexthop(-1), error: R, message: /nexthop id must be between 1/ },
  { fn: 'deleteNexthop', what: 'id that does not exist', call: (h) => h.deleteNexthop(4242), error: N, code: 'ENOENT', message: /deleteNexthop/ },
  { fn: 'addRoute', what: 'nhid 0', call: (h) => h.addRoute({ dst: '10.9.0.0/24', nhid: 0 }), error: R, message: /nhid must be between 1/ },
  { fn: 'addRoute', what: 'nhid with via', call: (h) => h.addRoute({ dst: '10.9.0.0/24', nhid: 1, via: '10.0.0.2' }), error: R, message: /give nhid or via\/dev\/nexthops, not both/ },
  { fn: 'addRoute', what: 'nhid of a missing nexthop', call: (h) => h.addRoute({ dst: '10.9.0.0/24', nhid: 4242 }), error: N, code: 'EINVAL', message: /addRoute/ },
  { fn: 'addRoute', what: 'metrics.hoplimit 256', call: (h) => h.addRoute({ dst: '10.9.0.0/24', dev: 2, metrics: { hoplimit: 256 } }), error: R, message: /metrics\.hoplimit must be between 1 and 255, got 256/ },
  { fn: 'addRoute', what: 'metrics.mtu 67', call: (h) => h.addRoute({ dst: '10.9.0.0/24', dev: 2, metrics: { mtu: 67 } }), error: R, message: /metrics\.mtu must be between 68/ },
  { fn: 'addRoute', what: 'unknown metric', call: (h) => h.addRoute({ dst: '10.9.0.0/24', dev: 2, metrics: { ssthresh: 5 } as never }), error: R, message: /unknown route metric "ssthresh"/ },
  { fn: 'addRoute', what: 'lock of an unknown metric', call: (h) => h.addRoute({ dst: '10.9.0.0/24', dev: 2, metrics: { lock: ['cwnd' as never] } }), error: R, message: /metrics\.lock: unknown metric "cwnd"/ },
  { fn: 'addRoute', what: 'pref on IPv4', call: (h) => h.addRoute({ dst: '10.9.0.0/24', dev: 2, pref: 'high' }), error: R, message: /pref applies to IPv6 routes only/ },
  { fn: 'addRoute', what: 'pref "urgent"', call: (h) => h.addRoute({ dst: '2001:db8:9::/64', dev: 2, pref: 'urgent' as never }), error: R, message: /pref must be 'low', 'medium' or 'high'/ },
  { fn: 'addRoute', what: 'expires on IPv4', call: (h) => h.addRoute({ dst: '10.9.0.0/24', dev: 2, expires: 60 }), error: R, message: /expires applies to IPv6 routes only/ },
  { fn: 'addRoute', what: 'realm 0', call: (h) => h.addRoute({ dst: '10.9.0.0/24', dev: 2, realm: 0 }), error: R, message: /realm must be between 1 and 65535/ },
  { fn: 'addRoute', what: 'onlink "yes"', call: (h) => h.addRoute({ dst: '10.9.0.0/24', dev: 2, onlink: 'yes' as never }), error: T, message: /onlink must be true or false/ },
  { fn: 'appendRoute', what: 'no dev/via/nexthops/nhid', call: (h) => h.appendRoute({ dst: '10.9.0.0/24' }), error: R, message: /needs dev, via or nexthops/ },
  { fn: 'getRoute', what: 'mark -1', call: (h) => h.getRoute('10.5.0.1', { mark: -1 }), error: R, message: /mark must be between 0/ },
  { fn: 'getRoute', what: 'src of the other family', call: (h) => h.getRoute('10.5.0.1', { src: '2001:db8::1' }), error: R, message: /src/ },
  { fn: 'addAddress', what: 'validLifetime 0', call: (h) => h.addAddress(2, '10.0.9.1/24', { validLifetime: 0 }), error: R, message: /validLifetime must be at least 1 second/ },
  { fn: 'addAddress', what: 'preferred over valid', call: (h) => h.addAddress(2, '10.0.9.1/24', { validLifetime: 10, preferredLifetime: 20 }), error: R, message: /preferredLifetime \(20\) must not exceed validLifetime \(10\)/ },
  { fn: 'addAddress', what: 'mngtmpaddr not a boolean', call: (h) => h.addAddress(2, '2001:db8::9/64', { mngtmpaddr: 'yes' as never }), error: T, message: /mngtmpaddr/ },
  { fn: 'addAddress', what: 'home on IPv4', call: (h) => h.addAddress(2, '10.0.9.1/24', { home: true }), error: R, message: /home applies to IPv6 addresses only/ },
  { fn: 'addAddress', what: 'autojoin not a boolean', call: (h) => h.addAddress(2, '239.1.1.1/32', { autojoin: 1 as never }), error: T, message: /autojoin/ },
  { fn: 'replaceAddress', what: 'cidr 10.0.0.1/33', call: (h) => h.replaceAddress(2, '10.0.0.1/33'), error: R, message: /33/ },
  { fn: 'createLink', what: 'vlan id 0', call: (h) => h.createLink({ kind: 'vlan', name: 'x0', parent: 2, id: 0 }), error: R, message: /vlan id must be between 1 and 4094, got 0/ },
  { fn: 'createLink', what: 'vlan id 4095', call: (h) => h.createLink({ kind: 'vlan', name: 'x0', parent: 2, id: 4095 }), error: R, message: /vlan id must be between 1 and 4094, got 4095/ },
  { fn: 'createLink', what: 'vlan protocol 802.1x', call: (h) => h.createLink({ kind: 'vlan', name: 'x0', parent: 2, id: 5, protocol: '802.1x' as never }), error: R, message: /vlan protocol must be one of 802.1q, 802.1ad/ },
  { fn: 'createLink', what: 'vlan without parent', call: (h) => h.createLink({ kind: 'vlan', name: 'x0', id: 5 } as never), error: T, message: /vlan parent must be an interface name/ },
  { fn: 'createLink', what: 'ipvlan mode l4', call: (h) => h.createLink({ kind: 'ipvlan', name: 'x0', parent: 2, mode: 'l4' as never }), error: R, message: /ipvlan mode must be one of l2, l3, l3s/ },
  { fn: 'createLink', what: 'bond mode lacp', call: (h) => h.createLink({ kind: 'bond', name: 'x0', mode: 'lacp' as never }), error: R, message: /bond mode must be one of balance-rr/ },
  { fn: 'createLink', what: 'vrf without table', call: (h) => h.createLink({ kind: 'vrf', name: 'x0' } as never), error: T, message: /vrf table must be a number/ },
  { fn: 'createLink', what: 'gre with an IPv6 remote', call: (h) => h.createLink({ kind: 'gre', name: 'x0', remote: '2001:db8::2' }), error: R, message: /gre remote 2001:db8::2 is IPv6; this tunnel kind needs IPv4/ },
  { fn: 'createLink', what: 'ipip with a key', call: (h) => h.createLink({ kind: 'ipip', name: 'x0', key: 5 }), error: R, message: /key applies to gre, gretap and ip6gre tunnels, not ipip/ },
  { fn: 'createLink', what: 'geneve id 2^24', call: (h) => h.createLink({ kind: 'geneve', name: 'x0', id: 2 ** 24, remote: '10.0.0.2' }), error: R, message: /geneve id must be between 0 and 16777215/ },
  { fn: 'createLink', what: 'kind the kernel lacks (dummy)', call: (h) => h.createLink({ kind: 'dummy', name: 'x0' }), error: N, code: 'EOPNOTSUPP', message: /createLink/ },
  { fn: 'setLink', what: 'promisc "on"', call: (h) => h.setLink('v0', { promisc: 'on' as never }), error: T, message: /link promisc must be true or false/ },
  { fn: 'addAltnames', what: 'empty list', call: (h) => h.addAltnames('v0', []), error: T, message: /needs a non-empty array of names/ },
  { fn: 'addAltnames', what: 'name with a space', call: (h) => h.addAltnames('v0', ['a b']), error: R, message: /without whitespace/ },
  { fn: 'addAltnames', what: '128-byte name', call: (h) => h.addAltnames('v0', [big(128)]), error: R, message: /127/ },
  { fn: 'deleteAltnames', what: 'name the link does not have', call: (h) => h.deleteAltnames('v0', ['nosuchname']), error: N, code: 'ENOENT', message: /deleteAltnames/ },
  { fn: 'replaceAddress', what: 'lifetime "soon"', call: (h) => h.replaceAddress(2, '10.0.0.1/24', { validLifetime: 'soon' as never }), error: T, message: /validLifetime must be a number/ },
  // ---- tc (traffic control) ----
  { fn: 'addQdisc', what: 'no kind', call: (h) => h.addQdisc('v0', {} as never), error: T, message: /kind must be a tc kind name like 'tbf'/ },
  { fn: 'addQdisc', what: 'tbf without burst', call: (h) => h.addQdisc('v0', { kind: 'tbf', rate: '1mbit', latency: '25ms' } as never), error: T, message: /tbf needs rate and burst/ },
  { fn: 'addQdisc', what: 'tbf latency and limit', call: (h) => h.addQdisc('v0', { kind: 'tbf', rate: '1mbit', burst: '10kb', latency: '25ms', limit: 1000 }), error: T, message: /latency or limit \(one of them\)/ },
  { fn: 'addQdisc', what: 'rate unit unknown', call: (h) => h.addQdisc('v0', { kind: 'tbf', rate: '1 furlong', burst: '10kb', latency: '25ms' }), error: R, message: /tbf rate: cannot parse "1 furlong" \(e.g. '1mbit'\)/ },
  { fn: 'addQdisc', what: 'negative rate', call: (h) => h.addQdisc('v0', { kind: 'tbf', rate: -1, burst: 1000, latency: 1000 }), error: R, message: /tbf rate must be an integer in 0/ },
  { fn: 'addQdisc', what: 'peakrate without mtu', call: (h) => h.addQdisc('v0', { kind: 'tbf', rate: '1mbit', burst: '10kb', latency: '25ms', peakrate: '2mbit' }), error: T, message: /peakrate needs mtu/ },
  { fn: 'addQdisc', what: 'bad handle', call: (h) => h.addQdisc('v0', { kind: 'pfifo', handle: '1:2:3' }), error: R, message: /handle: cannot parse "1:2:3" \(use 'root', 'ingress', 'clsact', '1:' or '1:10'\)/ },
  { fn: 'addQdisc', what: 'prio map of 3', call: (h) => h.addQdisc('v0', { kind: 'prio', priomap: [1, 2, 3] }), error: R, message: /priomap must be 16 band numbers/ },
  { fn: 'addQdisc', what: 'netem loss 150%', call: (h) => h.addQdisc('v0', { kind: 'netem', loss: 150 }), error: R, message: /netem loss must be a percentage 0…100/ },
  { fn: 'addQdisc', what: 'kernel lacks fq_codel', call: (h) => h.addQdisc('v0', { kind: 'fq_codel', limit: 100 }), error: N, code: 'ENOENT', message: /Specified qdisc kind is unknown/ },
  { fn: 'addQdisc', what: 'missing link', call: (h) => h.addQdisc('nosuch0', { kind: 'pfifo' }), error: N, code: 'ENODEV', message: /no such link: nosuch0/ },
  { fn: 'replaceQdisc', what: 'options not a Buffer', call: (h) => h.replaceQdisc('v0', { kind: 'weird', options: 'x' as never }), error: T, message: /options must be a Buffer/ },
  { fn: 'changeQdisc', what: 'no qdisc there', call: (h) => h.changeQdisc('v0', { kind: 'pfifo', handle: '7:', limit: 5 }), error: N, code: 'ENOENT', message: /Qdisc not found. To create specify NLM_F_CREATE flag/ },
  { fn: 'deleteQdisc', what: 'no parent', call: (h) => h.deleteQdisc('v0', {} as never), error: T, message: /parent is required/ },
  { fn: 'deleteQdisc', what: 'nothing at ingress', call: (h) => h.deleteQdisc('v0', { parent: 'ingress' }), error: N, code: 'ENOENT', message: /Cannot find specified qdisc on specified device/ },
  { fn: 'listQdiscs', what: 'dev as object', call: (h) => h.listQdiscs({ dev: {} as never }), error: T, message: /dev must be/ },
  { fn: 'addClass', what: 'no classid', call: (h) => h.addClass('v0', { kind: 'htb', parent: '1:', rate: '1mbit' } as never), error: T, message: /classid and parent are required/ },
  { fn: 'addClass', what: 'htb without rate', call: (h) => h.addClass('v0', { kind: 'htb', parent: '1:', classid: '1:1' } as never), error: T, message: /an htb class needs a rate/ },
  { fn: 'addClass', what: 'htb prio 9', call: (h) => h.addClass('v0', { kind: 'htb', parent: '1:', classid: '1:1', rate: 1000, prio: 9 }), error: R, message: /htb prio must be/ },
  { fn: 'replaceClass', what: 'no htb qdisc', call: (h) => h.replaceClass('v0', { kind: 'htb', parent: '9:', classid: '9:1', rate: 1000 }), error: N, code: 'ENOENT', message: /replaceClass: No such file or directory/ },
  { fn: 'deleteClass', what: 'no classid', call: (h) => h.deleteClass('v0', {} as never), error: T, message: /classid is required/ },
  { fn: 'listClasses', what: 'no dev', call: (h) => h.listClasses({} as never), error: T, message: /dev is required \(tc class show dev DEV\)/ },
  { fn: 'addFilter', what: 'no parent', call: (h) => h.addFilter('v0', { kind: 'u32', match: 'all' } as never), error: T, message: /parent is required/ },
  { fn: 'addFilter', what: 'u32 IPv6 src', call: (h) => h.addFilter('v0', { kind: 'u32', parent: 'ffff:', match: { ip: { src: '2001:db8::/32' } } }), error: R, message: /u32 ip src: IPv4 only/ },
  { fn: 'addFilter', what: 'u32 port 70000', call: (h) => h.addFilter('v0', { kind: 'u32', parent: 'ffff:', match: { ip: { dport: 70000 } } }), error: R, message: /u32 ip dport must be/ },
  { fn: 'addFilter', what: 'prio 70000', call: (h) => h.addFilter('v0', { kind: 'u32', parent: 'ffff:', match: { ip: { sport: 1 } }, protocol: 'ip', prio: 70000 }), error: R, message: /prio must be/ },
  { fn: 'addFilter', what: 'unknown protocol', call: (h) => h.addFilter('v0', { kind: 'u32', parent: 'ffff:', protocol: 'ipx' as never }), error: R, message: /protocol must be one of all, ip, ipv6, arp, 802.1q or an ethertype/ },
  { fn: 'addFilter', what: 'mirred bad direction', call: (h) => h.addFilter('v0', { kind: 'u32', parent: 'ffff:', actions: [{ kind: 'mirred', direction: 'up' as never, action: 'redirect', dev: 1 }] }), error: R, message: /mirred: direction must be 'egress'\|'ingress'/ },
  { fn: 'addFilter', what: 'gact verdict unknown', call: (h) => h.addFilter('v0', { kind: 'u32', parent: 'ffff:', actions: [{ kind: 'gact', verdict: 'explode' as never }] }), error: R, message: /gact verdict must be one of pass/ },
  { fn: 'addFilter', what: 'bpf empty', call: (h) => h.addFilter('v0', { kind: 'bpf', parent: 'ffff:', bytecode: [] }), error: R, message: /bpf bytecode must be 1…4096 instructions/ },
  { fn: 'addFilter', what: 'no ingress qdisc', call: (h) => h.addFilter('v0', { kind: 'u32', parent: 'ffff:', match: 'all', classid: '1:1' }), error: N, code: 'EINVAL', message: /Parent Qdisc doesn't exists/ },
  { fn: 'replaceFilter', what: 'handle garbage', call: (h) => h.replaceFilter('v0', { kind: 'u32', parent: 'ffff:', handle: 'zz' as never }), error: R, message: /filter handle must be a number/ },
  { fn: 'deleteFilter', what: 'handle without kind', call: (h) => h.deleteFilter('v0', { parent: 'ffff:', handle: 1 }), error: T, message: /deleting by handle needs the kind/ },
  { fn: 'listFilters', what: 'no dev', call: (h) => h.listFilters({} as never), error: T, message: /dev is required \(tc filter show dev DEV\)/ },
  { fn: 'setBandwidth', what: 'nothing to limit', call: (h) => h.setBandwidth('v0', {}), error: T, message: /give ingress and\/or egress/ },
  { fn: 'setBandwidth', what: 'rate 0', call: (h) => h.setBandwidth('v0', { ingress: { rate: 0 } }), error: R, message: /ingress.rate must be > 0/ },
  { fn: 'setBandwidth', what: 'ifb name too long', call: (h) => h.setBandwidth('v0', { egress: { rate: '1mbit' }, ifb: 'sixteen-bytes-xx' }), error: R, message: /16 bytes; Linux allows at most 15/ },
  { fn: 'clearBandwidth', what: 'missing link', call: (h) => h.clearBandwidth('nosuch0'), error: N, code: 'ENODEV', message: /no such link: nosuch0/ },
  // ---- container network layer (issue #11): rejected before the host namespace is opened ----
  ...((): Row[] => {
    const ok = { name: 'n0', bridge: 'nlbr0', subnet: '10.89.0.0/24', stateDir: '/tmp/nlts-never-created' };
    const open = (o: object) => () => BridgeNetwork.open({ ...ok, ...o } as never);
    return [
      { fn: 'BridgeNetwork.open', what: 'network name with a space', call: open({ name: 'a b' }), error: R, message: /network name must be 1-32 letters/ },
      { fn: 'BridgeNetwork.open', what: 'bridge name too long', call: open({ bridge: 'sixteen-bytes-xx' }), error: R, message: /at most 15/ },
      { fn: 'BridgeNetwork.open', what: 'relative stateDir', call: open({ stateDir: 'state' }), error: T, message: /stateDir must be an absolute path/ },
      { fn: 'BridgeNetwork.open', what: 'subnet with host bits', call: open({ subnet: '10.89.0.1/24' }), error: R, message: /has host bits set; the network is 10\.89\.0\.0\/24/ },
      { fn: 'BridgeNetwork.open', what: 'subnet /31', call: open({ subnet: '10.89.0.0/31' }), error: R, message: /too small/ },
      { fn: 'BridgeNetwork.open', what: 'gateway outside the subnet', call: open({ gateway: '10.1.1.1' }), error: R, message: /gateway 10\.1\.1\.1 is not in 10\.89\.0\.0\/24/ },
      { fn: 'BridgeNetwork.open', what: 'subnet6 that is IPv4', call: open({ subnet6: '10.90.0.0/24' }), error: R, message: /subnet6 must be IPv6/ },
      { fn: 'BridgeNetwork.open', what: 'mtu 10', call: open({ mtu: 10 }), error: R, message: /mtu must be between 68/ },
      { fn: 'BridgeNetwork.open', what: 'masquerade "yes"', call: open({ masquerade: 'yes' }), error: T, message: /masquerade must be true or false/ },
    ];
  })(),
  // ---- route listing for bulk readers (issue #13) ----
  { fn: 'listRoutesColumnar', what: 'family 5', call: (h) => h.listRoutesColumnar({ family: 5 as never }), error: R, message: /family must be 4 or 6, got number 5/ },
  { fn: 'listRoutesColumnar', what: 'table -1', call: (h) => h.listRoutesColumnar({ table: -1 }), error: R, message: /table filter must be between 1 and 4294967295/ },
  { fn: 'listRoutesColumnar', what: 'filter as string', call: (h) => h.listRoutesColumnar('main' as never), error: T, message: /listRoutesColumnar filter must be an object/ },
  { fn: 'listRoutesColumnar', what: 'options as string', call: (h) => h.listRoutesColumnar({}, 'x' as never), error: T, message: /listRoutesColumnar options must be an object/ },
  { fn: 'listRoutesColumnar', what: 'reuse a plain object', call: (h) => h.listRoutesColumnar({}, { reuse: { length: 0 } as never }), error: T, message: /reuse must be a RouteColumns returned by listRoutesColumnar, got an object/ },
  { fn: 'listRoutesColumnar', what: 'reuse an array of routes', call: (h) => h.listRoutesColumnar({}, { reuse: [] as never }), error: T, message: /reuse must be a RouteColumns returned by listRoutesColumnar, got an array/ },
  // -- nft-exprs (issue 8 part 2): values from maps, ct tuples, ct count, link layer, fib, per-element expressions, priorities --
  { fn: 'nft.addRule', what: 'setMark map without @', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', statements: [{ setMark: { map: { key: 'ip saddr', set: 'marks' as never } } }] }), error: T, message: /setMark.map.set must name a map like "@markmap"/ },
  { fn: 'nft.addRule', what: 'setMark map with a default', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', statements: [{ setMark: { map: { key: 'ip saddr', set: '@m', default: 1 } as never } }] }), error: R, message: /setMark.map: unknown key "default"/ },
  { fn: 'nft.addRule', what: 'dnat from a map in inet without addrFamily', call: (h) => h.nft.addRule({ family: 'inet', table: 't', chain: 'c', action: { dnat: { addr: { map: { key: 'ip daddr', set: '@m' } } } } }), error: T, message: /action.dnat.addrFamily \('ip' or 'ip6'\) is needed with a map in a inet table/ },
  { fn: 'nft.addRule', what: 'dnat from a map with a fixed port', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', action: { dnat: { addr: { map: { key: 'ip daddr', set: '@m' } }, port: 80 } } }), error: R, message: /action.dnat.port must be 'map'/ },
  { fn: 'nft.addRule', what: 'dnat addrFamily with a fixed address', call: (h) => h.nft.addRule({ family: 'inet', table: 't', chain: 'c', action: { dnat: { addr: '10.0.0.1', addrFamily: 'ip' } } }), error: R, message: /addrFamily is only for a map as addr/ },
  { fn: 'nft.addRule', what: 'snat from a map, addrFamily ip6 in an ip table', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', action: { snat: { addr: { map: { key: 'ip saddr', set: '@m' } }, addrFamily: 'ip6' } } }), error: R, message: /addrFamily ip6 does not fit a ip table/ },
  { fn: 'nft.addRule', what: "setTcpMss 'pmtu'", call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', statements: [{ setTcpMss: 'pmtu' as never }] }), error: R, message: /setTcpMss must be a number or 'rt mtu'/ },
  { fn: 'nft.addRule', what: 'ctOriginalSaddr /33', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', match: { ctOriginalSaddr: '10.0.0.0/33' }, action: 'accept' }), error: R, message: /prefix length 33 is over 32/ },
  { fn: 'nft.addRule', what: 'ctReplySaddr IPv6 in an ip table', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', match: { ctReplySaddr: '2001:db8::1' }, action: 'accept' }), error: R, message: /is IPv6 but the table family is ip/ },
  { fn: 'nft.addRule', what: 'ctOriginalProtoDst without protocol', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', match: { ctOriginalProtoDst: 80 }, action: 'accept' }), error: T, message: /match.ctOriginalProtoDst needs match.protocol/ },
  { fn: 'nft.addRule', what: 'ctCount { under: 3 }', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', match: { ctCount: { under: 3 } as never }, action: 'accept' }), error: T, message: /match.ctCount must be a number or \{ over: number \}/ },
  { fn: 'nft.addRule', what: 'ctCount -1', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', match: { ctCount: -1 }, action: 'accept' }), error: R, message: /match.ctCount must be between 0/ },
  { fn: 'nft.addRule', what: 'iiftype "wifi"', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', match: { iiftype: 'wifi' as never }, action: 'accept' }), error: R, message: /match.iiftype must be a number or one of ether, ppp/ },
  { fn: 'nft.addRule', what: 'etherSaddr of 5 bytes', call: (h) => h.nft.addRule({ family: 'bridge', table: 't', chain: 'c', match: { etherSaddr: '02:00:00:00:01' }, action: 'accept' }), error: R, message: /match.etherSaddr "02:00:00:00:01" is not six hex bytes/ },
  { fn: 'nft.addRule', what: 'etherType "ipx"', call: (h) => h.nft.addRule({ family: 'bridge', table: 't', chain: 'c', match: { etherType: 'ipx' as never }, action: 'accept' }), error: R, message: /match.etherType must be a number or one of ip, arp, ip6/ },
  { fn: 'nft.addRule', what: 'ether saddr in an arp table', call: (h) => h.nft.addRule({ family: 'arp', table: 't', chain: 'c', match: { etherSaddr: '02:00:00:00:00:01' }, action: 'accept' }), error: R, message: /match.etherSaddr needs a bridge, netdev, ip, ip6 or inet table, not arp/ },
  { fn: 'nft.addRule', what: 'vlanId 4096', call: (h) => h.nft.addRule({ family: 'bridge', table: 't', chain: 'c', match: { vlanId: 4096 }, action: 'accept' }), error: R, message: /match.vlanId must be between 0 and 4095, got 4096/ },
  { fn: 'nft.addRule', what: 'fib lookup saddr and daddr', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', match: { fib: { lookup: ['saddr', 'daddr'], result: 'oif', missing: true } }, action: 'drop' }), error: R, message: /match.fib.lookup needs exactly one of saddr, daddr/ },
  { fn: 'nft.addRule', what: "fib result 'oifname'", call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', match: { fib: { lookup: ['daddr'], result: 'oifname' } as never }, action: 'drop' }), error: R, message: /match.fib.result must be 'type' or 'oif'/ },
  { fn: 'nft.addRule', what: 'addSet with ctCount and limit', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', statements: [{ addSet: { set: '@m', key: 'ip saddr', ctCount: 3, limit: { rate: 1, per: 'second' } } }] }), error: R, message: /give ctCount or limit, not both/ },
  { fn: 'nft.addRule', what: 'updateSet with a counter key', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', statements: [{ updateSet: { set: '@m', key: 'ip saddr', counter: true } as never }] }), error: R, message: /updateSet: unknown key "counter"; use set, key, timeout, ctCount or limit/ },
  { fn: 'nft.addChain', what: "priority 'out' in an ip table", call: (h) => h.nft.addChain({ family: 'ip', table: 't', name: 'c', type: 'filter', hook: 'output', priority: 'out' }), error: R, message: /chain priority "out" is not one of raw, mangle, dstnat, filter, security, srcnat .* for a ip table/ },
  { fn: 'nft.addChain', what: "priority 'dstnat plus 10'", call: (h) => h.nft.addChain({ family: 'ip', table: 't', name: 'c', type: 'nat', hook: 'prerouting', priority: 'dstnat plus 10' as never }), error: R, message: /chain priority "dstnat plus 10" is not one of/ },
  // -- end nft-exprs --
  // ---- nft named objects and nft monitor (issue 8) ----
  { fn: 'nft.addObject', what: 'unknown type "meter"', call: (h) => h.nft.addObject({ family: 'ip', table: 't', name: 'o', type: 'meter' } as never), error: R, message: /object.type must be one of counter, quota, limit, ct helper, ct timeout/ },
  { fn: 'nft.addObject', what: 'counter with negative packets', call: (h) => h.nft.addObject({ family: 'ip', table: 't', name: 'o', type: 'counter', packets: -1 }), error: R, message: /object.packets must be between 0/ },
  { fn: 'nft.addObject', what: 'counter with a quota key', call: (h) => h.nft.addObject({ family: 'ip', table: 't', name: 'o', type: 'counter', over: true } as never), error: R, message: /object: unknown key "over"/ },
  { fn: 'nft.addObject', what: 'quota without bytes', call: (h) => h.nft.addObject({ family: 'ip', table: 't', name: 'o', type: 'quota' } as never), error: T, message: /a quota needs bytes/ },
  { fn: 'nft.addObject', what: 'quota over "yes"', call: (h) => h.nft.addObject({ family: 'ip', table: 't', name: 'o', type: 'quota', bytes: 10, over: 'yes' as never }), error: T, message: /object.over must be true or false/ },
  { fn: 'nft.addObject', what: 'limit per "fortnight"', call: (h) => h.nft.addObject({ family: 'ip', table: 't', name: 'o', type: 'limit', rate: 1, per: 'fortnight' as never }), error: R, message: /object.per must be one of second, minute/ },
  { fn: 'nft.addObject', what: 'limit rate 0', call: (h) => h.nft.addObject({ family: 'ip', table: 't', name: 'o', type: 'limit', rate: 0, per: 'second' }), error: R, message: /object.rate must be between 1/ },
  { fn: 'nft.addObject', what: 'limit unit "frames"', call: (h) => h.nft.addObject({ family: 'ip', table: 't', name: 'o', type: 'limit', rate: 1, per: 'second', unit: 'frames' as never }), error: R, message: /object.unit must be packets or bytes/ },
  { fn: 'nft.addObject', what: 'ct helper protocol sctp', call: (h) => h.nft.addObject({ family: 'ip', table: 't', name: 'o', type: 'ct helper', helper: 'ftp', protocol: 'sctp' as never }), error: R, message: /object.protocol must be tcp or udp/ },
  { fn: 'nft.addObject', what: 'ct helper name of 20 bytes', call: (h) => h.nft.addObject({ family: 'ip', table: 't', name: 'o', type: 'ct helper', helper: big(20), protocol: 'tcp' }), error: R, message: /object.helper is longer than 15 bytes/ },
  { fn: 'nft.addObject', what: 'ct helper l3proto "arp"', call: (h) => h.nft.addObject({ family: 'ip', table: 't', name: 'o', type: 'ct helper', helper: 'ftp', protocol: 'tcp', l3proto: 'arp' as never }), error: R, message: /object.l3proto must be ip, ip6 or inet/ },
  { fn: 'nft.addObject', what: 'ct timeout unknown tcp state', call: (h) => h.nft.addObject({ family: 'ip', table: 't', name: 'o', type: 'ct timeout', protocol: 'tcp', policy: { estab: 5 } }), error: R, message: /unknown tcp state "estab"; use syn_sent/ },
  { fn: 'nft.addObject', what: 'ct timeout of 0 s', call: (h) => h.nft.addObject({ family: 'ip', table: 't', name: 'o', type: 'ct timeout', protocol: 'udp', policy: { replied: 0 } }), error: R, message: /object.policy.replied must be between 1/ },
  { fn: 'nft.addObject', what: 'empty name', call: (h) => h.nft.addObject({ family: 'ip', table: 't', name: '', type: 'counter' }), error: R, message: /object name must not be empty/ },
  { fn: 'nft.addObject', what: 'listed unknown object', call: (h) => h.nft.addObject({ family: 'ip', table: 't', name: 'o', handle: 1, use: 0, unknown: true, typeId: 9, data: [] }), error: T, message: /listed as unknown/ },
  { fn: 'nft.deleteObject', what: 'neither name nor handle', call: (h) => h.nft.deleteObject({ family: 'ip', table: 't', type: 'counter' }), error: T, message: /object name must be a string/ },
  { fn: 'nft.deleteObject', what: 'counter that does not exist', call: (h) => h.nft.deleteObject({ family: 'ip', table: 'nosuch', type: 'counter', name: 'c' }), error: N, code: 'ENOENT', message: /element 1 of 1 \(counter ip nosuch c\) refused/ },
  { fn: 'nft.listObjects', what: 'type "meter"', call: (h) => h.nft.listObjects({ type: 'meter' as never }), error: R, message: /nft.listObjects type must be one of counter, quota/ },
  { fn: 'nft.resetObjects', what: 'name without table and type', call: (h) => h.nft.resetObjects({ name: 'c' }), error: T, message: /naming one object needs its family, table and type too/ },
  { fn: 'nft.addRule', what: 'setCtHelper ""', call: (h) => h.nft.addRule({ family: 'ip', table: 't', chain: 'c', statements: [{ setCtHelper: '' }] }), error: R, message: /statements\[0\].setCtHelper needs an object name/ },
  { fn: 'nft.monitor', what: 'rcvbuf 0', call: (h) => h.nft.monitor({ rcvbuf: 0 }).next(), error: R, message: /nft.monitor rcvbuf must be between 1/ },
  { fn: 'nft.monitor', what: 'options null', call: (h) => h.nft.monitor(null as never).next(), error: T, message: /nft.monitor options must be an object/ },
  // -- issue 9 brvlan: bridge VLANs, bridge options on an existing bridge, multipath onlink legs --
  { fn: 'addBridgeVlan', what: 'vid 0', call: (h) => h.addBridgeVlan('v0', { vid: 0 }), error: R, message: /bridge vlan vid must be between 1 and 4094, got 0/ },
  { fn: 'addBridgeVlan', what: 'vid 4095', call: (h) => h.addBridgeVlan('v0', { vid: 4095 }), error: R, message: /bridge vlan vid must be between 1 and 4094, got 4095/ },
  { fn: 'addBridgeVlan', what: 'vid 4096', call: (h) => h.addBridgeVlan('v0', { vid: 4096 }), error: R, message: /bridge vlan vid must be between 1 and 4094, got 4096/ },
  { fn: 'addBridgeVlan', what: 'range from > to', call: (h) => h.addBridgeVlan('v0', { range: [30, 20] }), error: R, message: /bridge vlan range 30-20 ends before it starts/ },
  { fn: 'addBridgeVlan', what: 'vid range ending at 4095', call: (h) => h.addBridgeVlan('v0', { vid: [10, 4095] }), error: R, message: /bridge vlan vid to must be between 1 and 4094, got 4095/ },
  { fn: 'addBridgeVlan', what: 'pvid on a range', call: (h) => h.addBridgeVlan('v0', { vid: [10, 20], pvid: true }), error: R, message: /pvid cannot be set on a VLAN range \(10-20\)/ },
  { fn: 'addBridgeVlan', what: 'vid and range', call: (h) => h.addBridgeVlan('v0', { vid: 10, range: [10, 20] }), error: R, message: /give vid or range, not both/ },
  { fn: 'addBridgeVlan', what: 'no vid', call: (h) => h.addBridgeVlan('v0', { pvid: true }), error: T, message: /needs vid/ },
  { fn: 'addBridgeVlan', what: 'unknown key', call: (h) => h.addBridgeVlan('v0', { vlan: 10 } as never), error: T, message: /unknown bridge vlan option "vlan" \(expected vid, range, pvid, untagged, self, master\)/ },
  { fn: 'addBridgeVlan', what: 'range of three', call: (h) => h.addBridgeVlan('v0', { range: [1, 2, 3] as never }), error: T, message: /range must be \[from, to\]/ },
  { fn: 'addBridgeVlan', what: "untagged 'yes'", call: (h) => h.addBridgeVlan('v0', { vid: 10, untagged: 'yes' as never }), error: T, message: /bridge vlan untagged must be true or false/ },
  { fn: 'addBridgeVlan', what: 'link that is no bridge port (or no VLAN filtering)', call: (h) => h.addBridgeVlan('v0', { vid: 10 }), error: N, code: 'EOPNOTSUPP', message: /addBridgeVlan/ },
  { fn: 'addBridgeVlan', what: 'missing link', call: (h) => h.addBridgeVlan('nosuch0', { vid: 10 }), error: N, code: 'ENODEV', message: /nosuch0/ },
  { fn: 'deleteBridgeVlan', what: 'vid 0', call: (h) => h.deleteBridgeVlan('v0', { vid: 0 }), error: R, message: /bridge vlan vid must be between 1 and 4094, got 0/ },
  { fn: 'listBridgeVlans', what: 'unknown filter key', call: (h) => h.listBridgeVlans({ port: 'v0' } as never), error: T, message: /unknown listBridgeVlans filter "port" \(expected dev\)/ },
  { fn: 'listBridgeVlans', what: 'dev as object', call: (h) => h.listBridgeVlans({ dev: {} as never }), error: T, message: /listBridgeVlans dev must be/ },
  { fn: 'setBridge', what: 'no option', call: (h) => h.setBridge('v0', {}), error: T, message: /setBridge needs at least one option/ },
  { fn: 'setBridge', what: 'unknown option', call: (h) => h.setBridge('v0', { stpState: 1 } as never), error: T, message: /unknown bridge option "stpState" \(expected stp, forwardDelay/ },
  { fn: 'setBridge', what: 'vlanDefaultPvid 4095', call: (h) => h.setBridge('v0', { vlanDefaultPvid: 4095 }), error: R, message: /bridge vlanDefaultPvid must be between 1 and 4094, got 4095/ },
  { fn: 'setBridge', what: "stp 'on'", call: (h) => h.setBridge('v0', { stp: 'on' as never }), error: T, message: /bridge stp must be true or false/ },
  { fn: 'setBridge', what: 'a link that is no bridge', call: (h) => h.setBridge('v0', { stp: true }), error: N, code: 'EOPNOTSUPP', message: /setBridge/ },
  { fn: 'getBridge', what: 'a link that is no bridge', call: (h) => h.getBridge('v0'), error: N, code: 'EINVAL', message: /v0 is not a bridge \(kind veth\)/ },
  { fn: 'addRoute', what: "nexthop onlink 'yes'", call: (h) => h.addRoute({ dst: '10.9.0.0/24', nexthops: [{ via: '10.0.0.2', dev: 'v0', onlink: 'yes' as never }] }), error: T, message: /nexthops\[0\]\.onlink must be true or false/ },
  { fn: 'monitor', what: 'unknown kind next to bridgeVlan', call: (h) => h.monitor(['bridgeVlan', 'vlan' as never]), error: R, message: /unknown monitor kind "vlan".*'bridgeVlan'/ },
  // -- end issue 9 brvlan --
];

/** Runs a row's call to its first result: a Promise, or the first step of a generator. */
async function settle(r: Promise<unknown> | AsyncGenerator<unknown>): Promise<unknown> {
  if (typeof (r as AsyncGenerator<unknown>).next === 'function') {
    const g = r as AsyncGenerator<unknown>;
    try { return await g.next(); } finally { await g.return(undefined); }
  }
  return r;
}

function snapshot(ns: string): string {
  return JSON.stringify([
    ipJson(ns, '-d', 'link', 'show'), ipJson(ns, 'addr', 'show'), ipJson(ns, 'route', 'show', 'table', 'all'),
    ipJson(ns, '-6', 'route', 'show', 'table', 'all'), nftJson(ns),
  ]);
}

describe('bad input table', () => {
  const ns = uniqueName('bad');
  let h: Netlink;

  beforeAll(async () => {
    execFileSync('ip', ['netns', 'add', ns]);
    // No DAD: IPv6 link-local addresses must not change state (tentative → valid) mid-table.
    for (const k of ['all', 'default']) execFileSync('ip', ['netns', 'exec', ns, 'sysctl', '-qw', `net.ipv6.conf.${k}.accept_dad=0`]);
    for (const cmd of [
      ['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1'], ['link', 'set', 'v0', 'up'], ['link', 'set', 'v1', 'up'],
      ['addr', 'add', '10.0.0.1/24', 'dev', 'v0'], ['route', 'add', '10.5.0.0/16', 'via', '10.0.0.2'],
    ]) execFileSync('ip', ['-n', ns, ...cmd]);
    execFileSync('ip', ['netns', 'exec', ns, 'nft', 'add table ip t; add chain ip t c { type filter hook input priority 0; }']);
    h = await Netlink.open({ netns: ns });
    // Carrier and operstate settle asynchronously after `up` (linkwatch may delay the carrier by
    // up to a second, longer on a loaded machine), and the carrier brings IPv6 link-local
    // addresses and routes. Wait for that final state — both ends UP with their fe80:: address —
    // then for two equal snapshots; a deadline, not a sleep, decides failure.
    await waitLinkLocal(ns, ['v0', 'v1']);
    const deadline = Date.now() + 30000;
    for (let prev = ''; ;) {
      const now = snapshot(ns);
      if (now === prev) break;
      if (Date.now() > deadline) throw new Error(`namespace ${ns} did not settle in 30 s`);
      prev = now;
      await new Promise((r) => setTimeout(r, 100));
    }
    const n = native as unknown as Record<string, (...a: unknown[]) => unknown>;
    for (const k of SENDING) {
      const f = n[k]!;
      originals.set(k, f);
      // Classes (NativeSocket, NativeMonitor) are constructed; keep `new` working.
      n[k] = new Proxy(f, {
        apply(target, self, args) { nativeCalls++; return Reflect.apply(target, self, args); },
        construct(target, args) { nativeCalls++; return Reflect.construct(target, args); },
      });
    }
  });
  afterAll(() => {
    const n = native as unknown as Record<string, unknown>;
    for (const [k, f] of originals) n[k] = f;
    h?.close();
    removeNetns(ns);
    const types = { TypeError: 0, RangeError: 0, NetlinkError: 0 };
    for (const r of rows) types[r.error.name as keyof typeof types]++;
    const fns = new Set(rows.map((r) => r.fn.replace(/ \(module\)$/, '')));
    console.log(`bad-input table: ${rows.length} cases over ${fns.size} public functions ` +
      `(${types.TypeError} TypeError, ${types.RangeError} RangeError, ${types.NetlinkError} NetlinkError)`);
  });

  it('covers at least 40 cases', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
  });

  it.each(rows.map((r) => [`${r.fn}: ${r.what}`, r] as const))('%s', async (_label, row) => {
    const before = snapshot(ns);
    const calls = nativeCalls;
    let caught: unknown = null;
    try {
      await settle(row.call(h));
    } catch (e) {
      caught = e;
    }
    expect(caught, 'must be rejected').toBeInstanceOf(row.error);
    expect((caught as Error).message).toMatch(row.message);
    if (row.error === NetlinkError) {
      expect((caught as NetlinkError).code).toBe(row.code);
    } else {
      // The caller's mistake: rejected before the addon was asked for anything.
      expect(nativeCalls - calls, 'native calls before the rejection').toBe(0);
    }
    expect(snapshot(ns)).toBe(before);
  });
});
