// Waiting for the kernel to finish tearing down the last trial's namespace. `ip netns del`
// returns at once; the kernel's cleanup_net runs later and holds the rtnl lock while it
// unregisters what was left (500 bridge ports: ~0.3 s). A trial started meanwhile measures
// that instead of itself (seen: 200 route adds taking 10× longer 100 ms after such a delete).
// So: a probe namespace of our own, a tiny route add/delete timed there, repeated until it runs
// at its idle speed again.
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { createNs, deleteNs, runSetup } from './ns.mjs';

const PROBE_ROUTES = '200';

export class Settler {
  constructor(nlbench) {
    this.nlbench = nlbench;
    this.ns = createNs();
    runSetup(this.ns, [
      ['ip', 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1'],
      ['ip', 'link', 'set', 'veth0', 'up'],
      ['ip', 'link', 'set', 'veth1', 'up'],
    ]);
    const idle = [];
    for (let k = 0; k < 7; k++) idle.push(this.probe());
    this.idleUs = Math.min(...idle);
  }

  /** µs for PROBE_ROUTES route adds (then removed again, untimed). */
  probe() {
    const run = (cmd) => JSON.parse(execFileSync('ip', ['netns', 'exec', this.ns, this.nlbench, cmd, PROBE_ROUTES], { encoding: 'utf8' }));
    const add = run('route-add');
    run('route-del');
    return add.us_total;
  }

  /** Resolves once two probes in a row run within 2× idle speed (or after maxMs). */
  async settle(maxMs = 5000) {
    const t0 = Date.now();
    let good = 0;
    while (good < 2 && Date.now() - t0 < maxMs) {
      await sleep(20);
      good = this.probe() <= 2 * this.idleUs ? good + 1 : 0;
    }
    return Date.now() - t0;
  }

  close() {
    deleteNs(this.ns);
  }
}
