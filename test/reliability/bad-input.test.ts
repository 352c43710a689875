// The bad-input table (issue #5): every public function fed what callers get wrong — names,
// CIDRs, MACs, MTUs, ports, namespaces, sysctl keys, wrong types, oversized values. Each row says
// what must come back: TypeError/RangeError with a message naming the fix, before anything is
// sent (no native call at all — asserted by counting calls into the addon), or a NetlinkError
// from the kernel. Either way the namespace is unchanged (ip -j link/addr/route, nft -j list
// ruleset compared before and after).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Netlink, NetlinkError, createNetns, deleteNetns, getSysctl, setSysctl } from '../../lib/index.js';
import { native } from '../../lib/native.js';
import { ipJson, removeNetns, uniqueName } from '../helpers/ns.js';
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
  // ---- monitor ----
  { fn: 'monitor', what: 'unknown kind', call: (h) => h.monitor(['neigh' as never]), error: R, message: /unknown monitor kind "neigh": use 'link', 'address', 'route', 'neighbor', 'fdb', 'routingRule' or 'nsid'/ },
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
    // Carrier and operstate settle asynchronously after `up`: wait for two equal snapshots.
    for (let prev = '', i = 0; i < 50; i++) {
      const now = snapshot(ns);
      if (now === prev) break;
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
