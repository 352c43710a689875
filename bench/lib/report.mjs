// Turning trial results into the summary: medians, ratios to the C limit, a text table, and a
// hand-written SVG bar chart (no dependencies).

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * One row per contender of a workload: median µs per op over the repetitions, ops/s, ratio to
 * C with one request per sendmsg and to the fastest C variant (the limit), peak RSS.
 */
export function summarize(workload, rows) {
  for (const r of rows) {
    const ok = r.reps.filter((x) => x.status === 'ok');
    if (r.status === 'ok' && ok.length > 0) {
      r.usPerOp = median(ok.map((x) => x.usPerOp));
      // Spread of the repetitions, (max - min) / median: how far to trust the median.
      r.spread = ok.length > 1 ? (Math.max(...ok.map((x) => x.usPerOp)) - Math.min(...ok.map((x) => x.usPerOp))) / r.usPerOp : undefined;
      r.opsPerSec = 1e6 / r.usPerOp;
      // CPU time (user + system) of the contender's own process: on a busy machine it does not
      // count waiting for a CPU. Not for the command-line contenders: the ip/nft processes they
      // start do the work, and their CPU time is not the driver's.
      const cpus = ok.map((x) => x.cpuPerOp);
      if (!r.id.startsWith('cli') && cpus.every((x) => Number.isFinite(x))) r.cpuPerOp = median(cpus);
      r.maxrssKb = Math.max(...ok.map((x) => x.maxrssKb ?? 0));
      // Per-phase medians (µs per workload unit), e.g. create vs delete, wall and CPU: one
      // figure for add + delete can hide a regression in either half (issue #13).
      r.phases = {};
      r.phaseCpu = {};
      for (const p of ok[0].phases) {
        const of = (x) => x.phases.find((q) => q.name === p.name);
        r.phases[p.name] = median(ok.map((x) => of(x).us / x.n));
        const cpus = ok.map((x) => of(x).cpu / x.n);
        if (r.cpuPerOp !== undefined && cpus.every((x) => Number.isFinite(x))) r.phaseCpu[p.name] = median(cpus);
      }
    }
  }
  const done = rows.filter((r) => r.usPerOp !== undefined);
  const c1 = done.find((r) => r.id === 'c-1');
  const cs = done.filter((r) => r.kind === 'c');
  const best = cs.length ? Math.min(...cs.map((r) => r.usPerOp)) : undefined;
  for (const r of done) {
    if (c1) r.ratioToC1 = r.usPerOp / c1.usPerOp;
    if (best !== undefined) r.ratioToCBest = r.usPerOp / best;
    if (c1?.cpuPerOp !== undefined && r.cpuPerOp !== undefined) r.cpuRatioToC1 = r.cpuPerOp / c1.cpuPerOp;
    // Each phase against c-1's phase of the same name (add vs add, del vs del).
    if (c1) {
      r.phaseRatioToC1 = {};
      r.phaseCpuRatioToC1 = {};
      for (const [k, v] of Object.entries(r.phases ?? {})) {
        if (c1.phases?.[k]) r.phaseRatioToC1[k] = v / c1.phases[k];
        if (r.phaseCpu?.[k] !== undefined && c1.phaseCpu?.[k]) r.phaseCpuRatioToC1[k] = r.phaseCpu[k] / c1.phaseCpu[k];
      }
    }
  }
  return { id: workload.id, title: workload.title, unit: workload.unit, rows };
}

const fmt = (x, digits = 1) => (x === undefined ? '' : x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(digits));
const ratio = (x) => (x === undefined ? '' : x >= 100 ? `${Math.round(x)}×` : `${x.toFixed(2)}×`);

export function table(summaries) {
  const head = ['contender', 'n', 'µs/op', 'spread', 'ops/s', '×C 1/send', '×C best', 'CPU µs/op', 'CPU ×C 1/send', 'peak RSS', 'phases: µs/op ×C-1 phase [cpu µs/op ×C-1]'];
  const out = [];
  for (const s of summaries) {
    out.push('', `${s.id} ${s.title} — one op = ${s.unit}`);
    const rows = s.rows.map((r) => {
      if (r.usPerOp === undefined) {
        const why = r.status === 'skipped' ? `skipped: ${r.reason}` : r.status === 'error' ? `ERROR: ${r.reason}` : r.status;
        return [r.label, '', '', '', '', '', '', '', '', '', why];
      }
      // 'add 5.61 1.21× [cpu 4.90 1.15×]': wall µs/op and ratio to c-1's same phase, then CPU.
      const phases = Object.entries(r.phases).map(([k, v]) => {
        const x = r.phaseRatioToC1?.[k], c = r.phaseCpu?.[k], cx = r.phaseCpuRatioToC1?.[k];
        const cpu = c === undefined ? '' : ` [cpu ${fmt(c, 2)}${cx === undefined ? '' : ` ${ratio(cx)}`}]`;
        return `${k} ${fmt(v, 2)}${x === undefined ? '' : ` ${ratio(x)}`}${cpu}`;
      }).join(', ');
      const spread = r.spread === undefined ? '' : `±${Math.round((r.spread * 100) / 2)}%`;
      return [r.label, String(r.n), fmt(r.usPerOp, 2), spread, fmt(r.opsPerSec, 0), ratio(r.ratioToC1), ratio(r.ratioToCBest),
        fmt(r.cpuPerOp, 2), ratio(r.cpuRatioToC1), `${(r.maxrssKb / 1024).toFixed(1)} MB`, phases];
    });
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
    out.push(line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line));
  }
  return out.join('\n');
}

// ---- SVG: one panel per workload, horizontal bars on a log scale of µs/op ----

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const color = (r) => (r.kind === 'c' ? '#6b7280' : r.id.startsWith('netlinkts') ? '#2563eb' : r.id.startsWith('cli') ? '#ea580c' : '#16a34a');

export function svg(summaries, env, reps) {
  const W = 980, labelW = 330, barW = 480, rowH = 20, pad = 12;
  let y = 58;
  const parts = [];
  for (const s of summaries) {
    const ok = s.rows.filter((r) => r.usPerOp !== undefined);
    const lo = Math.min(...ok.map((r) => r.usPerOp), Infinity);
    const hi = Math.max(...ok.map((r) => r.usPerOp), -Infinity);
    const l0 = Math.floor(Math.log10(lo > 0 ? lo : 1)), l1 = Math.max(Math.ceil(Math.log10(hi > 0 ? hi : 10)), l0 + 1);
    const x = (v) => labelW + ((Math.log10(v) - l0) / (l1 - l0)) * barW;
    parts.push(`<text x="${pad}" y="${y}" class="h">${esc(`${s.id} ${s.title}`)}</text>`,
      `<text x="${W - pad}" y="${y}" class="u" text-anchor="end">${esc(`µs per ${s.unit}, log scale`)}</text>`);
    y += 10;
    const top = y;
    const fullN = Math.max(...s.rows.map((r) => r.n));
    const first = parts.length; // the grid goes under the bars: spliced in here afterwards
    for (const r of s.rows) {
      const cy = y + rowH / 2 + 4;
      parts.push(`<text x="${labelW - 8}" y="${cy}" text-anchor="end">${esc(r.label)}</text>`);
      if (r.usPerOp !== undefined) {
        const w = Math.max(1, x(r.usPerOp) - labelW);
        const note = `${fmt(r.usPerOp, 2)} µs${r.ratioToCBest !== undefined ? ` · ${ratio(r.ratioToCBest)} C best` : ''}${r.n < fullN ? ` · n=${r.n}` : ''}`;
        parts.push(`<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${color(r)}"><title>${esc(`${r.label}: ${note}`)}</title></rect>`,
          `<text x="${(labelW + w + 6).toFixed(1)}" y="${cy}" class="v">${esc(note)}</text>`);
      } else {
        parts.push(`<text x="${labelW + 4}" y="${cy}" class="s">${esc(r.status === 'skipped' ? `skipped: ${r.reason}` : `${r.status}: ${r.reason ?? ''}`)}</text>`);
      }
      y += rowH;
    }
    const grid = [];
    for (let e = l0; e <= l1; e++) {
      const gx = x(10 ** e).toFixed(1);
      grid.push(`<line x1="${gx}" y1="${top}" x2="${gx}" y2="${y}" class="g"/>`,
        `<text x="${gx}" y="${y + 12}" class="t" text-anchor="middle">${esc(e >= 0 ? (10 ** e).toLocaleString('en-US') : (10 ** e).toString())}</text>`);
    }
    parts.splice(first, 0, ...grid);
    y += 34;
  }
  const sub = `${env.date.slice(0, 10)} · kernel ${env.kernel} · ${env.cpu} (${env.cpus} CPU) · Node ${env.node} · median of ${reps} · load ${env.loadavg[0]}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y}" viewBox="0 0 ${W} ${y}" font-family="system-ui, sans-serif" font-size="12">
<style>.h{font-weight:bold;font-size:14px}.u,.t{fill:#555;font-size:10px}.v{fill:#111;font-size:11px}.s{fill:#999;font-style:italic}.g{stroke:#ddd;stroke-width:1}</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="${pad}" y="18" class="h">netlinkts benchmark — lower is better</text>
<text x="${pad}" y="32" class="u">${esc(sub)}</text>
${parts.join('\n')}
</svg>
`;
}
