// The walkthrough's NAT, proven by packets. Topology (all namespaces made here):
//   ctr [eth0 172.18.0.2/24] ── [ctr0 172.18.0.1/24] host [uplink 10.99.0.1/24] ── [eth0 10.99.0.2/24] out
// "out" has no route to 172.18.0.0/24, so it can only answer the container when masquerade
// rewrote the source to the host's uplink address.
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { canAdmin } from '../helpers/ns.js';
import { client, server, topology } from './traffic.js';

describe.skipIf(!canAdmin)('walkthrough NAT by packets', () => {
  it('masquerade: a server outside sees the host uplink address as the source', async () => {
    const { host, out, ctr } = topology();
    await server(out, '10.99.0.2', 8080, 'peer');
    // Without NAT the reply has no route back to 172.18.0.2.
    expect(client(ctr, '10.99.0.2', 8080)).toMatch(/TIMEOUT|ERROR/);

    using h = await Netlink.open({ netns: host });
    await h.nft.masquerade({ source: '172.18.0.0/24', outInterface: 'uplink' });
    expect(client(ctr, '10.99.0.2', 8080)).toBe('10.99.0.1');
  });

  it('portForward: a client outside reaching host:80 gets the container\'s answer', async () => {
    const { host, out, ctr } = topology();
    await server(ctr, '172.18.0.2', 80, 'hello from the container');
    expect(client(out, '10.99.0.1', 80)).toMatch(/ERROR|TIMEOUT/);

    using h = await Netlink.open({ netns: host });
    await h.nft.portForward({ protocol: 'tcp', port: 80, to: '172.18.0.2:80', inInterface: 'uplink' });
    expect(client(out, '10.99.0.1', 80)).toBe('hello from the container');
  });
});
