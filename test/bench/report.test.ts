import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BenchResult } from '../../bench/jobs.js';
import type { Timing } from '../../bench/measure.js';
import { parseArgs } from '../../bench/options.js';
import type { PeerId } from '../../bench/peers/peer.js';
import { torchThreads } from '../../bench/peers/python.js';
import { buildRows, buildTargets, type Collected, key, renderJson, renderText } from '../../bench/report.js';
import type { WorkloadId } from '../../bench/workloads.js';

const timing = (ms: number): Timing => ({
  medianMs: ms,
  minMs: ms,
  maxMs: ms,
  samples: [ms],
  itersPerRepeat: 1,
  warmupIters: 1,
});

function result(workload: WorkloadId, peer: PeerId, ms: number): BenchResult {
  return {
    kind: 'bench',
    workload,
    peer,
    train: timing(ms),
    infer: workload === 'W3' ? timing(ms * 4) : undefined,
    lossBefore: 1,
    lossAfter: peer === 'naive-ts' ? 2 : 0.5,
    steps: 10,
    maxRssMiB: ms * 10,
    info: {},
    notes: [],
  };
}

function collected(entries: [WorkloadId, PeerId, number][]): Collected {
  const c: Collected = { bench: new Map(), epoch: new Map(), heap: null, sanity: [] };
  for (const [w, p, ms] of entries) c.bench.set(key(w, p), result(w, p, ms));
  return c;
}

describe('bench report', () => {
  it('orients every ratio so that > 1 means mlp-lab is better, for times and for throughputs', () => {
    const c = collected([
      ['W1', 'mlp-lab', 0.01],
      ['W1', 'tfjs-cpu', 1],
      ['W2', 'mlp-lab', 2],
      ['W2', 'tfjs-cpu', 8],
      ['W3', 'mlp-lab', 10],
      ['W3', 'tfjs-cpu', 5],
    ]);
    const rows = buildRows(c, ['W1', 'W2', 'W3'], ['mlp-lab', 'tfjs-cpu'], 1);
    const ratio = (w: WorkloadId, prefix: string) =>
      rows.find((r) => r.workload === w && r.figure.startsWith(prefix))?.cells['tfjs-cpu']?.ratio;
    assert.equal(rows.find((r) => r.workload === 'W1')?.cells['mlp-lab']?.value, 10);
    assert.ok(Math.abs((ratio('W1', 'train') ?? 0) - 100) < 1e-9);
    assert.ok(Math.abs((ratio('W2', 'train') ?? 0) - 4) < 1e-9);
    assert.ok(Math.abs((ratio('W3', 'train') ?? 0) - 0.5) < 1e-9);
    assert.ok(Math.abs((ratio('W3', 'peak') ?? 0) - 0.5) < 1e-9);
    const w1Target = buildTargets(rows).find((t) => t.label.startsWith('W1 ≥ 50×'));
    assert.equal(w1Target?.pass, true);
  });

  it('JSON gives, per workload, mlp-lab’s figure, each peer’s figure and the ratio to it', () => {
    const c = collected([
      ['W2', 'mlp-lab', 2],
      ['W2', 'naive-ts', 6],
    ]);
    const peers: PeerId[] = ['mlp-lab', 'naive-ts'];
    const rows = buildRows(c, ['W2'], peers, 1);
    const report = {
      machine: { cpu: 'x', cores: 1, node: 'v20', platform: 'linux', memoryGiB: 1, date: '' },
      options: {},
      mlplab: {},
      threads: { 'mlp-lab': 'OpenBLAS 2 per product', 'naive-ts': 'one thread' },
      peers,
      rows,
      targets: [],
      heap: null,
      sanity: [],
      notes: [],
      failures: [],
      seconds: 1,
    };
    const json = JSON.parse(renderJson(report));
    assert.deepEqual(json.threads, report.threads);
    const text = renderText(report);
    assert.match(
      text,
      /Threads and BLAS[^\n]*\n {2}mlp-lab: OpenBLAS 2 per product\n {2}naive-ts: one thread/,
    );
    const fig = json.workloads.W2.figures[0];
    assert.equal(fig.mlplab.value, 500);
    assert.ok(Math.abs(fig.peers['naive-ts'].value - 1000 / 6) < 1e-9);
    assert.ok(Math.abs(fig.peers['naive-ts'].ratio - 3) < 1e-9);
    assert.equal(fig.peers['naive-ts'].trained, false);
  });

  it('parses options and names the fix for a bad one', () => {
    const o = parseArgs(['--quick', '--only', 'w1,W3', '--peers=brain.js', '--json']);
    assert.deepEqual(o.only, ['W1', 'W3']);
    assert.deepEqual(o.peers, ['mlp-lab', 'brain.js']);
    assert.ok(o.quick && o.json);
    assert.throws(() => parseArgs(['--only', 'W9']), /unknown 'W9'; choose from W1/);
    assert.throws(() => parseArgs(['--fast']), /unknown option '--fast'; try --help/);
  });

  it('reads MLP_LAB_TORCH_THREADS, and names the fix for a bad one', () => {
    assert.equal(torchThreads({}), null);
    assert.equal(torchThreads({ MLP_LAB_TORCH_THREADS: ' 2 ' }), 2);
    for (const bad of ['two', '0', '1.5'])
      assert.throws(
        () => torchThreads({ MLP_LAB_TORCH_THREADS: bad }),
        new RegExp(`MLP_LAB_TORCH_THREADS must be a whole number ≥ 1, got '${bad}'; unset it`),
      );
  });
});
