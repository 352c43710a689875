// netlinkts, the library under test, imported from the compiled package (dist/). Three ways to
// use it: one awaited call at a time (`single`), every call started before any is awaited
// (`inflight`, Promise.all) and the batch API (`batch`, handle.batch(): pipelined requests).
// Link names are resolved to ifindexes once, outside the timed part, as a careful caller would.
import { BRIDGE, DEV, GROUP, NAT, localCidr, natSource, peerName, routeDst, vethName } from '../names.mjs';
import { Skip } from '../lib/skip.mjs';

async function load() {
  try {
    return await import(new URL('../../dist/index.js', import.meta.url).href);
  } catch (e) {
    throw new Skip(`netlinkts not built (${e.code ?? e.message})`);
  }
}

/** Opens a handle in the trial's namespace (the child already runs inside it). */
async function withHandle(fn) {
  const { Netlink } = await load();
  const h = await Netlink.open();
  try {
    return await fn(h);
  } finally {
    h.close();
  }
}

const range = (n) => Array.from({ length: n }, (_, i) => i);
const index = async (h, name) => (await h.getLink(name)).index;

function rule(i) {
  return { ...NAT, match: { saddr: natSource(i), oifname: DEV }, action: { masquerade: {} } };
}

function nftOf(h) {
  if (typeof h.nft?.transaction !== 'function') throw new Skip('not implemented');
  return h.nft;
}

// ---- awaited one at a time ----
export const single = {
  W1: ({ n, time }) => withHandle(async (h) => {
    await time('create', n, async () => { for (let i = 0; i < n; i++) await h.createVeth(vethName(i), peerName(i)); });
    await time('delete', n, async () => { for (let i = 0; i < n; i++) await h.deleteLink(vethName(i)); });
  }),
  W2: ({ n, time }) => withHandle(async (h) => {
    const br = await index(h, BRIDGE);
    await time('port', n, async () => {
      for (let i = 0; i < n; i++) {
        await h.createVeth(vethName(i), peerName(i));
        await h.setLink(vethName(i), { master: br, up: true });
      }
    });
  }),
  W3: ({ n, time }) => withHandle(async (h) => {
    const dev = await index(h, DEV);
    await time('add', n, async () => { for (let i = 0; i < n; i++) await h.addAddress(dev, localCidr(i)); });
    await time('del', n, async () => { for (let i = 0; i < n; i++) await h.deleteAddress(dev, localCidr(i)); });
  }),
  W4: ({ n, time }) => withHandle(async (h) => {
    const dev = await index(h, DEV);
    await time('add', n, async () => { for (let i = 0; i < n; i++) await h.addRoute({ dst: routeDst(i), dev }); });
    await time('del', n, async () => { for (let i = 0; i < n; i++) await h.deleteRoute({ dst: routeDst(i), dev }); });
  }),
  W5: ({ n, iter, timeMedian }) => withHandle(async (h) => {
    const check = await h.listRoutes();
    if (check.length < n) throw new Error(`listRoutes returned ${check.length} routes, expected at least ${n}`);
    await timeMedian('dump', n, iter, () => h.listRoutes());
  }),
  W6: ({ n, time }) => withHandle(async (h) => {
    const nft = nftOf(h);
    await time('rules', n, async () => {
      for (let i = 0; i < n; i++) {
        const tx = nft.transaction();
        tx.addRule(rule(i));
        await tx.commit();
      }
    });
  }),
};

// ---- everything in flight, then awaited together ----
export const inflight = {
  W1: ({ n, time }) => withHandle(async (h) => {
    await time('create', n, () => Promise.all(range(n).map((i) => h.createVeth(vethName(i), peerName(i)))));
    await time('delete', n, () => Promise.all(range(n).map((i) => h.deleteLink(vethName(i)))));
  }),
  W2: ({ n, time }) => withHandle(async (h) => {
    const br = await index(h, BRIDGE);
    await time('port', n, () => Promise.all(range(n).map(async (i) => {
      await h.createVeth(vethName(i), peerName(i));
      await h.setLink(vethName(i), { master: br, up: true });
    })));
  }),
  W3: ({ n, time }) => withHandle(async (h) => {
    const dev = await index(h, DEV);
    await time('add', n, () => Promise.all(range(n).map((i) => h.addAddress(dev, localCidr(i)))));
    await time('del', n, () => Promise.all(range(n).map((i) => h.deleteAddress(dev, localCidr(i)))));
  }),
  W4: ({ n, time }) => withHandle(async (h) => {
    const dev = await index(h, DEV);
    await time('add', n, () => Promise.all(range(n).map((i) => h.addRoute({ dst: routeDst(i), dev }))));
    await time('del', n, () => Promise.all(range(n).map((i) => h.deleteRoute({ dst: routeDst(i), dev }))));
  }),
  // W5 (one dump) has nothing to overlap.
  W6: ({ n, time }) => withHandle(async (h) => {
    const nft = nftOf(h);
    await time('rules', n, () => Promise.all(range(n).map((i) => {
      const tx = nft.transaction();
      tx.addRule(rule(i));
      return tx.commit();
    })));
  }),
};

// ---- the batch API: queue everything, one commit (pipelined by the library) ----

function batchOf(h, ...methods) {
  if (typeof h.batch !== 'function') throw new Skip('batch API not available');
  const b = h.batch();
  for (const m of methods) if (typeof b[m] !== 'function') throw new Skip(`batch has no ${m}()`);
  return b;
}

async function commit(b) {
  const results = await b.commit();
  const failed = results.find((r) => !r.ok);
  if (failed) throw failed.error;
}

export const batch = {
  W1: ({ n, time }) => withHandle(async (h) => {
    batchOf(h, 'createVeth', 'deleteLink');
    await time('create', n, () => {
      const b = h.batch();
      for (let i = 0; i < n; i++) b.createVeth(vethName(i), peerName(i));
      return commit(b);
    });
    await time('delete', n, () => {
      const b = h.batch();
      for (let i = 0; i < n; i++) b.deleteLink(vethName(i));
      return commit(b);
    });
  }),
  W2: ({ n, time }) => withHandle(async (h) => {
    batchOf(h, 'createVeth', 'setLink');
    const br = await index(h, BRIDGE);
    await time('port', n, () => {
      const b = h.batch();
      for (let i = 0; i < n; i++) {
        b.createVeth(vethName(i), peerName(i));
        b.setLink(vethName(i), { master: br, up: true });
      }
      return commit(b);
    });
  }),
  W3: ({ n, time }) => withHandle(async (h) => {
    batchOf(h, 'addAddress', 'deleteAddress');
    const dev = await index(h, DEV);
    await time('add', n, () => {
      const b = h.batch();
      for (let i = 0; i < n; i++) b.addAddress(dev, localCidr(i));
      return commit(b);
    });
    await time('del', n, () => {
      const b = h.batch();
      for (let i = 0; i < n; i++) b.deleteAddress(dev, localCidr(i));
      return commit(b);
    });
  }),
  W4: ({ n, time }) => withHandle(async (h) => {
    batchOf(h, 'addRoute', 'deleteRoute');
    const dev = await index(h, DEV);
    await time('add', n, () => {
      const b = h.batch();
      for (let i = 0; i < n; i++) b.addRoute({ dst: routeDst(i), dev });
      return commit(b);
    });
    await time('del', n, () => {
      const b = h.batch();
      for (let i = 0; i < n; i++) b.deleteRoute({ dst: routeDst(i), dev });
      return commit(b);
    });
  }),
  // W6's batch is an nft transaction holding every rule (nf_tables' own unit of batching).
  W6: ({ n, time }) => withHandle(async (h) => {
    const nft = nftOf(h);
    await time('rules', n, () => {
      const tx = nft.transaction();
      for (let i = 0; i < n; i++) tx.addRule(rule(i));
      return tx.commit();
    });
  }),
};

// ---- W1 only: create in an interface group, delete the whole group with one request ----
export const group = {
  W1: ({ n, time }) => withHandle(async (h) => {
    await time('create', n, async () => {
      for (let i = 0; i < n; i++) await h.createLink({ kind: 'veth', name: vethName(i), group: GROUP, peer: { name: peerName(i) } });
    });
    await time('delete', n, () => h.deleteLinkGroup(GROUP));
  }),
};
