import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { breakdown, buildParts, fullStep } from '../../bench/breakdown.js';
import { type CpuProfile, selfTimes } from '../../bench/cpuprofile.js';
import { measure, median } from '../../bench/measure.js';
import { initialParams, loadAdapter } from '../../bench/peers/peer.js';
import { makeData, workloads } from '../../bench/workloads.js';

describe('bench tools', () => {
  it('median of odd and even samples', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  it('measure warms up, then calls fn with a counter that keeps counting across repeats', () => {
    const seen: number[] = [];
    const t = measure((i) => seen.push(i), {
      warmupMs: 0,
      warmupIters: 4,
      warmupMaxMs: 1000,
      repeats: 3,
      repeatMs: 0.01,
      budgetMs: 1000,
      minRepeats: 3,
    });
    assert.equal(t.samples.length, 3);
    assert.equal(t.warmupIters, 4);
    assert.equal(seen.length, 4 + 3 * t.itersPerRepeat);
    assert.deepEqual(
      seen,
      seen.map((_, k) => k),
    );
    assert.ok(t.minMs <= t.medianMs && t.medianMs <= t.maxMs);
  });

  it('selfTimes adds up samples per function and sorts by time', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', '') },
        { id: 2, callFrame: frame('gemm', 'file:///x/src/tensor/gemm.ts') },
        { id: 3, callFrame: frame('gemm', 'file:///x/src/tensor/gemm.ts') },
        { id: 4, callFrame: frame('adamStep', 'file:///x/src/optim/rules/adam.ts') },
      ],
      samples: [2, 4, 3, 1],
      timeDeltas: [1000, 500, 2000, 500],
    };
    const rows = selfTimes(profile);
    assert.deepEqual(
      rows.map((r) => [r.where, r.ms]),
      [
        ['gemm (src/tensor/gemm.ts)', 3],
        ['adamStep (src/optim/rules/adam.ts)', 0.5],
        ['(root)', 0.5],
      ],
    );
    assert.equal(rows[0].share, 0.75);
  });

  it('the breakdown step trains exactly as the bench’s mlp-lab peer does', async () => {
    const w = workloads.W1;
    const parts = buildParts(w, 2);
    const peer = await (await loadAdapter('mlp-lab')).build(w, initialParams(w, 2));
    const batch = makeData(w, 2).train[0];
    const prepared = peer.prepare(batch);
    for (let i = 0; i < 5; i++) {
      fullStep(parts);
      peer.trainStep(prepared);
    }
    assert.deepEqual(
      Array.from(peer.predict(batch)),
      Array.from(parts.model.forward(parts.x, { training: false }).data),
    );
  });

  it('the breakdown times the fused model forward and backward as wholes', () => {
    const b = breakdown('W1', 1, 1, 1);
    assert.deepEqual(
      b.phases.map((p) => p.name),
      [
        'model forward (Linear 0, 2, 4 fused)',
        'loss forward',
        'loss backward',
        'model backward',
        'sgd update (105 params)',
        'overhead (step − Σ phases)',
      ],
    );
    assert.ok(b.phases.every((p) => Number.isFinite(p.us)));
  });

  it('unfused, the breakdown times every layer both ways and the GEMMs of every Linear', () => {
    const b = breakdown('W1', 1, 1, 1, false);
    const names = b.phases.map((p) => p.name);
    const layers = buildParts(workloads.W1, 1).model.layers;
    for (const [k, layer] of layers.entries()) {
      assert.ok(names.includes(`${k} ${layer} forward`), `no forward of layer ${k}`);
      assert.ok(names.includes(`${k} ${layer} backward`), `no backward of layer ${k}`);
    }
    // The first Linear needs no input gradient: 2 + 3 + 3 products for 2-8-8-1.
    assert.equal(b.phases.filter((p) => p.group === 'gemm').length, 8);
    assert.ok(b.phases.every((p) => Number.isFinite(p.us)));
    assert.ok(b.stepUs > 0);
  });
});
