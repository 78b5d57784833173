/**
 * Turns job results into figures, ratios and target verdicts, and prints them
 * as one table or as JSON. Every ratio is oriented so that >1 means mlp-lab
 * is better: mlp-lab ÷ peer for throughputs, peer ÷ mlp-lab for times and
 * memory.
 */
import os from 'node:os';
import type { BenchResult, EpochResult, HeapResult, SanityResult } from './jobs.js';
import type { Timing } from './measure.js';
import type { PeerId } from './peers/peer.js';
import type { SweepScaling } from './sweepPool.js';
import { type WorkloadId, workloads } from './workloads.js';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly platform: string;
  readonly memoryGiB: number;
  readonly date: string;
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    date: new Date().toISOString(),
  };
}

export interface Cell {
  readonly value: number | null;
  /** >1 means mlp-lab is better; null when either side is missing or the figure is not a speed. */
  readonly ratio?: number | null;
  /** Why there is no value (n/a, skipped, failed), or a qualifier. */
  readonly note?: string;
  /** Fastest and slowest repeat, in the figure's unit. */
  readonly range?: readonly [number, number];
  /** Loss after the run is below the loss before it. */
  readonly trained?: boolean;
}

export interface Row {
  readonly workload: WorkloadId;
  readonly figure: string;
  readonly unit: string;
  readonly better: 'higher' | 'lower';
  /** Whether ratios are meaningful (not for accuracy). */
  readonly ratios: boolean;
  readonly cells: Partial<Record<PeerId, Cell>>;
}

export interface Target {
  readonly label: string;
  readonly required: number;
  readonly actual: number | null;
  readonly pass: boolean | null;
  readonly detail: string;
}

export interface Report {
  readonly machine: Machine;
  readonly options: Record<string, unknown>;
  readonly mlplab: Record<string, string>;
  /** Per peer that says: the threads and BLAS it computed on (like for like is the reader's check). */
  readonly threads: Readonly<Record<string, string>>;
  readonly peers: readonly PeerId[];
  readonly rows: readonly Row[];
  readonly targets: readonly Target[];
  readonly heap: HeapResult | null;
  readonly sanity: readonly SanityResult[];
  /** The short sweep-pool measurement, when it ran. */
  readonly sweep?: SweepScaling;
  readonly notes: readonly string[];
  readonly failures: readonly string[];
  readonly seconds: number;
}

/** What the orchestrator collected: results by workload and peer, failures by label. */
export interface Collected {
  readonly bench: Map<string, BenchResult | string>;
  readonly epoch: Map<PeerId, EpochResult | string>;
  heap: HeapResult | string | null;
  readonly sanity: SanityResult[];
}

export const key = (w: WorkloadId, p: PeerId) => `${w}/${p}`;

type Pick = (r: BenchResult) => { value: number; range?: [number, number] } | null;

const throughput =
  (perIter: number, t: (r: BenchResult) => Timing | undefined): Pick =>
  (r) => {
    const tm = t(r);
    if (!tm) return null;
    return {
      value: (perIter * 1000) / tm.medianMs,
      range: [(perIter * 1000) / tm.maxMs, (perIter * 1000) / tm.minMs],
    };
  };

const usPerStep: Pick = (r) => ({
  value: r.train.medianMs * 1000,
  range: [r.train.minMs * 1000, r.train.maxMs * 1000],
});

function ratioOf(better: 'higher' | 'lower', mine: number | null, theirs: number | null): number | null {
  if (mine === null || theirs === null || !(mine > 0) || !(theirs > 0)) return null;
  return better === 'higher' ? mine / theirs : theirs / mine;
}

function benchRow(
  c: Collected,
  peers: readonly PeerId[],
  workload: WorkloadId,
  figure: string,
  unit: string,
  better: 'higher' | 'lower',
  pick: Pick,
): Row {
  const raw: Partial<Record<PeerId, Cell>> = {};
  for (const p of peers) {
    const r = c.bench.get(key(workload, p));
    if (r === undefined) continue;
    if (typeof r === 'string') {
      raw[p] = { value: null, note: r };
      continue;
    }
    const v = pick(r);
    raw[p] = v
      ? { value: v.value, range: v.range, trained: r.lossAfter < r.lossBefore }
      : { value: null, note: 'not measured' };
  }
  return withRatios({ workload, figure, unit, better, ratios: true, cells: raw });
}

function withRatios(row: Row): Row {
  const mine = row.cells['mlp-lab']?.value ?? null;
  const cells: Partial<Record<PeerId, Cell>> = {};
  for (const [p, cell] of Object.entries(row.cells) as [PeerId, Cell][]) {
    cells[p] =
      p === 'mlp-lab' || !row.ratios ? cell : { ...cell, ratio: ratioOf(row.better, mine, cell.value) };
  }
  return { ...row, cells };
}

export function buildRows(
  c: Collected,
  selected: readonly WorkloadId[],
  peers: readonly PeerId[],
  epochs: number,
): Row[] {
  const rows: Row[] = [];
  const has = (w: WorkloadId) => selected.includes(w);
  // The full-batch workloads (W2, W4): one step is the whole pool, so steps/s is the figure.
  const stepsPerSecond = (w: WorkloadId) =>
    benchRow(
      c,
      peers,
      w,
      'train steps per second',
      'steps/s',
      'higher',
      throughput(1, (r) => r.train),
    );
  if (has('W1')) rows.push(benchRow(c, peers, 'W1', 'train time per step', 'µs/step', 'lower', usPerStep));
  if (has('W2')) rows.push(stepsPerSecond('W2'));
  if (has('W3')) {
    const w = workloads.W3;
    rows.push(
      benchRow(
        c,
        peers,
        'W3',
        `train samples/s (batch ${w.batch})`,
        'samples/s',
        'higher',
        throughput(w.batch, (r) => r.train),
      ),
    );
    rows.push(
      benchRow(
        c,
        peers,
        'W3',
        `infer samples/s (batch ${w.inferBatch})`,
        'samples/s',
        'higher',
        throughput(w.inferBatch ?? 0, (r) => r.infer),
      ),
    );
    rows.push(
      benchRow(c, peers, 'W3', 'peak RSS of the process', 'MiB', 'lower', (r) => ({ value: r.maxRssMiB })),
    );
  }
  if (has('W4')) rows.push(stepsPerSecond('W4'));
  if (has('W5')) {
    const time: Partial<Record<PeerId, Cell>> = {};
    const acc: Partial<Record<PeerId, Cell>> = {};
    for (const p of peers) {
      const r = c.epoch.get(p);
      if (r === undefined) continue;
      if (typeof r === 'string') {
        time[p] = { value: null, note: r };
        acc[p] = { value: null, note: r };
        continue;
      }
      const s = [...r.epochSeconds].sort((a, b) => a - b);
      time[p] = {
        value: s[s.length >> 1],
        range: [s[0], s[s.length - 1]],
        note: r.partialBatches ? `~ from ${r.partialBatches} batches` : undefined,
        trained: r.testLoss < r.lossBefore,
      };
      acc[p] = { value: r.testAccuracy * 100, trained: r.testLoss < r.lossBefore };
    }
    rows.push(
      withRatios({
        workload: 'W5',
        figure: 'seconds per epoch',
        unit: 's',
        better: 'lower',
        ratios: true,
        cells: time,
      }),
    );
    rows.push({
      workload: 'W5',
      figure: `test accuracy after ${epochs} epoch${epochs === 1 ? '' : 's'}`,
      unit: '%',
      better: 'higher',
      ratios: false,
      cells: acc,
    });
  }
  return rows;
}

export function buildTargets(rows: readonly Row[]): Target[] {
  const find = (w: WorkloadId, prefix: string) =>
    rows.find((r) => r.workload === w && r.figure.startsWith(prefix));
  const ratio = (row: Row | undefined, p: PeerId) => row?.cells[p]?.ratio ?? null;
  const target = (label: string, required: number, actual: number | null, detail: string): Target => ({
    label,
    required,
    actual,
    pass: actual === null ? null : actual >= required,
    detail,
  });
  const out: Target[] = [];
  const w1 = find('W1', 'train');
  if (w1) {
    const cpu = ratio(w1, 'tfjs-cpu');
    const wasm = ratio(w1, 'tfjs-wasm');
    const both = [cpu, wasm].filter((x): x is number => x !== null);
    out.push(
      target(
        'W1 ≥ 50× TF.js (its faster backend)',
        50,
        both.length ? Math.min(...both) : null,
        `cpu ${fmtRatio(cpu)}, wasm ${fmtRatio(wasm)}`,
      ),
    );
    out.push(target('W1 ≥ 3× brain.js', 3, ratio(w1, 'brain.js'), 'µs per 10-sample step'));
  }
  const w3t = find('W3', 'train');
  if (w3t) out.push(target('W3 train ≥ 8× TF.js-wasm', 8, ratio(w3t, 'tfjs-wasm'), 'samples/s, batch 128'));
  const w3i = find('W3', 'infer');
  if (w3i) out.push(target('W3 infer ≥ 1× TF.js-wasm', 1, ratio(w3i, 'tfjs-wasm'), 'samples/s, batch 1024'));
  // The native path (issue 14): against PyTorch and NumPy on the same machine, and W1 against mlp-lab without it.
  const native: [WorkloadId, string, PeerId, number, string][] = [
    ['W3', 'train', 'pytorch', 0.8, 'samples/s, batch 128 (goal 1.0×)'],
    ['W3', 'infer', 'pytorch', 1, 'samples/s, batch 1024'],
    ['W3', 'peak RSS', 'pytorch', 1, 'peak RSS of the process'],
    ['W2', 'train', 'numpy', 1, 'steps/s, full batch 256'],
    ['W4', 'train', 'pytorch', 1, 'steps/s, full batch 1024'],
    ['W1', 'train', 'mlp-lab-wasm', 0.95, 'µs per step, MLP_LAB_BLAS=off in the same run (5% noise allowed)'],
  ];
  for (const [w, figure, peer, required, detail] of native) {
    const row = find(w, figure);
    if (row?.cells[peer])
      out.push(target(`${w} ${figure} ≥ ${required}× ${peer}`, required, ratio(row, peer), detail));
  }
  return out;
}

// ---------------------------------------------------------------- formatting

export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

export function fmtRatio(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return '—';
  if (r >= 100) return `${Math.round(r).toLocaleString('en-US')}×`;
  if (r >= 10) return `${r.toFixed(1)}×`;
  return `${r.toFixed(2)}×`;
}

const fmtBytes = (b: number) => `${(b / 2 ** 20).toFixed(2)} MiB`;
const fmtDelta = (b: number) => `${b >= 0 ? '+' : '−'}${(Math.abs(b) / 1024).toFixed(1)} KiB`;

function table(header: readonly string[], body: readonly (readonly string[])[], rightFrom = 2): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i >= rightFrom ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function cellText(row: Row, p: PeerId, cell: Cell | undefined): string {
  if (!cell) return '';
  // The reason after the colon is in the notes; the table keeps the first word.
  if (cell.value === null) return (cell.note ?? '—').split(':')[0];
  const flag = cell.trained === false ? ' !' : '';
  const approx = cell.note?.startsWith('~') ? '~' : '';
  const value = `${approx}${fmt(cell.value)}${flag}`;
  if (p === 'mlp-lab' || !row.ratios) return value;
  return `${value} (${fmtRatio(cell.ratio)})`;
}

function figureLines(r: Report): string[] {
  const out: string[] = [];
  out.push(
    "Figures are medians of repeats after warm-up; in parentheses mlp-lab's advantage over that peer:",
  );
  out.push(
    'mlp-lab ÷ peer for throughputs, peer ÷ mlp-lab for times and memory, so >1× always means mlp-lab is better.',
  );
  out.push('');
  const header = ['workload', 'figure', ...r.peers];
  const body = r.rows.map((row) => [
    row.workload,
    `${row.figure} [${row.unit}, ${row.better}=better]`,
    ...r.peers.map((p) => cellText(row, p, row.cells[p])),
  ]);
  out.push(table(header, body));
  const untrained = r.rows.flatMap((row) =>
    Object.entries(row.cells)
      .filter(([, c]) => c?.trained === false)
      .map(([p]) => `${row.workload}/${p}`),
  );
  const checked = r.rows.reduce(
    (n, row) => n + Object.values(row.cells).filter((c) => c?.trained !== undefined).length,
    0,
  );
  out.push('');
  out.push(
    untrained.length
      ? `Loss check: loss did NOT fall in ${[...new Set(untrained)].join(', ')} (marked !)`
      : `Loss check: the probe loss fell during every measured run (${checked} figures checked).`,
  );
  return out;
}

/** The sweep pool's jobs per second with 1 worker and with N, and the cores each side really got. */
function sweepLines(sweep: SweepScaling): string[] {
  const c = sweep.conditions;
  const n = String(c.workers);
  const side = (k: string) =>
    `${sweep.jobsPerSec[k].median} jobs/s on ${sweep.coresUsed[k].median} cores used`;
  return [
    `Sweep pool (${c.jobs} fit jobs of ${c.epochs} epoch${c.epochs > 1 ? 's' : ''}, 1-64-64-1 tanh on sin(3x), ${c.repeats} repeat${c.repeats > 1 ? 's' : ''}; npm run bench:sweep for the full run):`,
    `  1 worker: ${side('1')}; ${n} workers: ${side(n)}; speed-up ×${sweep.speedupOfMedians} (load average ${sweep.conditions.loadavg1.median} on ${c.cores} cores)`,
  ];
}

export function renderText(r: Report): string {
  const m = r.machine;
  const out: string[] = [];
  out.push(`mlp-lab benchmark — ${m.date}`);
  out.push(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}`);
  out.push(
    `mlp-lab: ${
      Object.entries(r.mlplab)
        .map(([k, v]) => `${k} = ${v}`)
        .join('; ') || '(no info)'
    }`,
  );
  out.push(`options: ${JSON.stringify(r.options)}`);
  out.push('');
  if (r.rows.length) out.push(...figureLines(r));
  const threaded = Object.entries(r.threads);
  if (threaded.length) {
    out.push('');
    out.push("Threads and BLAS (on this machine's defaults unless the environment says otherwise):");
    for (const [peer, t] of threaded) out.push(`  ${peer}: ${t}`);
  }
  for (const row of r.rows) {
    for (const [p, c] of Object.entries(row.cells))
      if (c?.note?.startsWith('~'))
        out.push(`  ${row.workload}/${p}: ${c.note.slice(2)}, extrapolated (--quick).`);
  }

  if (r.targets.length) {
    out.push('');
    out.push('Targets (from the issue; reported, not asserted):');
    out.push(
      table(
        ['target', 'actual', 'result', 'detail'],
        r.targets.map((t) => [
          t.label,
          fmtRatio(t.actual),
          t.pass === null ? 'n/a' : t.pass ? 'PASS' : 'FAIL',
          t.detail,
        ]),
        1,
      ),
    );
  }

  if (r.heap) {
    out.push('');
    out.push(
      `Heap stability (mlp-lab, heapUsed after ${r.heap.gc ? 'a forced gc' : 'NO forced gc (run with --expose-gc for clean figures)'}):`,
    );
    out.push(
      table(
        ['run', 'steps', 'heap before', 'heap after', 'Δ 1st half', 'Δ 2nd half', 'Δ external+arrayBuffers'],
        r.heap.entries.map((e) => [
          e.label,
          String(e.steps),
          fmtBytes(e.heapBefore),
          fmtBytes(e.heapAfter),
          fmtDelta(e.heapMiddle - e.heapBefore),
          fmtDelta(e.heapAfter - e.heapMiddle),
          fmtDelta(e.externalAfter - e.externalBefore),
        ]),
        1,
      ),
    );
  }

  if (r.sanity.length) {
    out.push('');
    out.push('Sanity (probe loss at steps 0, ¼, ½, end):');
    out.push(
      table(
        ['run', 'losses', 'falls'],
        r.sanity.map((s) => [
          `${s.workload}/${s.peer}`,
          s.losses.map((l) => `${l.step}: ${l.loss.toPrecision(4)}`).join('  '),
          s.losses[s.losses.length - 1].loss < s.losses[0].loss ? 'yes' : 'NO',
        ]),
        3,
      ),
    );
  }

  if (r.sweep) out.push('', ...sweepLines(r.sweep));

  if (r.failures.length) {
    out.push('');
    out.push('Failures:');
    for (const f of r.failures) out.push(`  ${f}`);
  }
  out.push('');
  out.push('How it was measured:');
  for (const n of r.notes) out.push(`  - ${n}`);
  out.push(`  (whole run: ${r.seconds.toFixed(0)} s)`);
  return out.join('\n');
}

/** Per workload: mlp-lab's figure, each peer's figure and the ratio to each peer. */
export function renderJson(r: Report): string {
  const byWorkload: Record<string, unknown> = {};
  for (const row of r.rows) {
    const entry = (byWorkload[row.workload] ??= { title: workloads[row.workload].title, figures: [] }) as {
      figures: unknown[];
    };
    const peers: Record<string, unknown> = {};
    for (const p of r.peers) {
      if (p === 'mlp-lab') continue;
      const c = row.cells[p];
      if (!c) continue;
      peers[p] = {
        value: c.value,
        ratio: row.ratios ? (c.ratio ?? null) : null,
        note: c.note,
        range: c.range,
        trained: c.trained,
      };
    }
    const mine = row.cells['mlp-lab'];
    entry.figures.push({
      figure: row.figure,
      unit: row.unit,
      better: row.better,
      ratioMeaning: row.ratios
        ? (row.better === 'higher' ? 'mlp-lab / peer' : 'peer / mlp-lab') + ' (>1: mlp-lab better)'
        : null,
      mlplab: mine ? { value: mine.value, note: mine.note, range: mine.range, trained: mine.trained } : null,
      peers,
    });
  }
  return JSON.stringify(
    {
      machine: r.machine,
      options: r.options,
      mlplab: r.mlplab,
      threads: r.threads,
      workloads: byWorkload,
      targets: r.targets,
      heap: r.heap,
      sanity: r.sanity,
      sweep: r.sweep ?? null,
      notes: r.notes,
      failures: r.failures,
      seconds: r.seconds,
    },
    null,
    2,
  );
}
