// netlinkts, the library under test, imported from the compiled package (dist/). The ways to
// use it: one awaited call at a time (`single`), every call started before any is awaited
// (`inflight`, Promise.all), the batch API (handle.batch(): pipelined requests, 256 per sendmsg,
// every one ACKed (`batch`) or only the last of each sendmsg (`batchLast`)), and the interface
// group trick for teardown (`group`, `batchGroup`: one RTM_DELLINK for every veth).
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
  // IPv4 only, as the C contender (an AF_INET dump) and npm-netlink: the same job. Without a
  // family the dump also carries the veth pair's IPv6 link-local routes.
  W5: ({ n, iter, timeMedian }) => withHandle(async (h) => {
    const check = await h.listRoutes({ family: 4 });
    if (check.length < n) throw new Error(`listRoutes returned ${check.length} routes, expected at least ${n}`);
    await timeMedian('dump', n, iter, () => h.listRoutes({ family: 4 }));
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
  W7: ({ n, time }) => withHandle(async (h) => {
    await time('delete', n, async () => { for (let i = 0; i < n; i++) await h.deleteLink(vethName(i)); });
  }),
  W8: ({ n, iter, timeMedian }) => withHandle(async (h) => {
    const nft = nftOf(h);
    const rules = (rs) => rs.tables.reduce((s, t) => s + t.chains.reduce((c, ch) => c + ch.rules.length, 0), 0);
    const check = rules(await nft.listRuleset());
    if (check < n) throw new Error(`listRuleset returned ${check} rules, expected at least ${n}`);
    await timeMedian('list', n, iter, () => nft.listRuleset());
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

// Same pipelining as the C contenders c-256-each / c-256-last: 256 requests per sendmsg.
const PER_SEND = 256;

function committer(ack) {
  return async (b) => {
    const results = await b.commit({ perSend: PER_SEND, ack });
    const failed = results.find((r) => !r.ok);
    if (failed) throw failed.error;
  };
}

function batchTrials(commit) {
  return {
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
    W7: ({ n, time }) => withHandle(async (h) => {
      batchOf(h, 'deleteLink');
      await time('delete', n, () => {
        const b = h.batch();
        for (let i = 0; i < n; i++) b.deleteLink(vethName(i));
        return commit(b);
      });
    }),
  };
}

export const batch = batchTrials(committer('each'));
export const batchLast = batchTrials(committer('last'));

// ---- W1 only: create in an interface group, delete the whole group with one request ----
export const group = {
  W1: ({ n, time }) => withHandle(async (h) => {
    await time('create', n, async () => {
      for (let i = 0; i < n; i++) await h.createLink({ kind: 'veth', name: vethName(i), group: GROUP, peer: { name: peerName(i) } });
    });
    await time('delete', n, () => h.deleteLinkGroup(GROUP));
  }),
  // The veths already exist (group GROUP): one request deletes them all.
  W7: ({ n, time }) => withHandle(async (h) => {
    await time('delete', n, () => h.deleteLinkGroup(GROUP));
  }),
};

// ---- the batch API with the group trick: created in a batch, torn down by one queued deleteLinkGroup ----
export const batchGroup = {
  W1: ({ n, time }) => withHandle(async (h) => {
    batchOf(h, 'createVeth', 'deleteLinkGroup');
    const commit = committer('each');
    await time('create', n, () => {
      const b = h.batch();
      for (let i = 0; i < n; i++) b.createVeth(vethName(i), peerName(i), { group: GROUP });
      return commit(b);
    });
    await time('delete', n, () => commit(h.batch().deleteLinkGroup(GROUP)));
  }),
  W7: ({ n, time }) => withHandle(async (h) => {
    batchOf(h, 'deleteLinkGroup');
    await time('delete', n, () => committer('each')(h.batch().deleteLinkGroup(GROUP)));
  }),
};

// ---- the floor of one awaited call (issue #13) ----
// The caller's own loop awaiting the addon's plain-IPv4 entry points directly: the same request
// bytes, sendmsg and ACK read as `single`'s fast path, with none of the library's JavaScript
// (validation, dispatch, error mapping). What separates this from C is Node itself — the loop,
// the string argument, the N-API crossing and the await — so `single` ÷ `floor` is what the
// library adds, and `floor` ÷ C what no N-API library can remove.
async function nativeOf() {
  try {
    return (await import(new URL('../../dist/native.js', import.meta.url).href)).native;
  } catch (e) {
    throw new Skip(`netlinkts not built (${e.code ?? e.message})`);
  }
}
const SETTLED = Promise.resolve(true);

// One phase pair of the floor: `change(socketId, changeCode, text, ifindex)` for every i, awaited.
function floorOf(change, textOf, del) {
  return ({ n, time }) => withHandle(async (h) => {
    const native = await nativeOf();
    const dev = await index(h, DEV);
    const id = h.routeSocket('bench').id;
    const one = (code, i) => {
      if (!change(native, id, code, textOf(i), dev)) throw new Error(`not the plain IPv4 shape: ${textOf(i)}`);
      return SETTLED;
    };
    await time('add', n, async () => { for (let i = 0; i < n; i++) await one(0, i); });
    await time('del', n, async () => { for (let i = 0; i < n; i++) await one(del, i); });
  });
}

export const floor = {
  // Fixed arity (no rest/spread), so that the measured call is only the addon's.
  W3: floorOf((native, id, code, text, dev) => native.addrChangeV4(id, code, text, dev), localCidr, 1),
  W4: floorOf((native, id, code, text, dev) => native.routeChangeV4(id, code, text, dev), routeDst, 2),
};

// ---- W5 for bulk readers: the listing as typed-array columns (issue #13) ----
export const columnar = {
  W5: ({ n, iter, timeMedian }) => withHandle(async (h) => {
    if (typeof h.listRoutesColumnar !== 'function') throw new Skip('listRoutesColumnar not available');
    // A periodic bulk reader refills its previous listing (`reuse`), as the C contender refills
    // its array of structs; IPv4 only, as it dumps.
    let cols = await h.listRoutesColumnar({ family: 4 });
    if (cols.length < n) throw new Error(`listRoutesColumnar returned ${cols.length} routes, expected at least ${n}`);
    await timeMedian('dump', n, iter, async () => { cols = await h.listRoutesColumnar({ family: 4 }, { reuse: cols }); });
    if (cols.length < n) throw new Error(`listRoutesColumnar returned ${cols.length} routes, expected at least ${n}`);
  }),
};
