import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accuracyOf, type Batch, lossOf, makeData, workloadIds, workloads } from '../../bench/workloads.js';

describe('bench workloads', () => {
  it('synthetic data is a function of the seed, shaped as each workload says', () => {
    for (const id of workloadIds) {
      if (id === 'W5') continue;
      const w = workloads[id];
      const a = makeData(w, 5);
      const b = makeData(w, 5);
      const c = makeData(w, 6);
      assert.deepEqual(a.probe.x, b.probe.x);
      assert.deepEqual(a.probe.y, b.probe.y);
      if (id !== 'W2') assert.notDeepEqual(a.probe.x, c.probe.x);
      assert.equal(a.train.length, w.poolBatches);
      for (const t of a.train) {
        assert.equal(t.rows, w.batch);
        assert.equal(t.x.length, w.batch * w.sizes[0]);
      }
      if (w.inferBatch) assert.equal(a.infer?.rows, w.inferBatch);
    }
  });

  it('W3 labels are class indices and every class occurs', () => {
    const { probe } = makeData(workloads.W3, 1);
    const seen = new Set(probe.y);
    for (const label of seen) assert.ok(Number.isInteger(label) && label >= 0 && label < 10);
    assert.ok(seen.size >= 8, `only ${seen.size} classes in the W3 pool`);
  });

  it('lossOf is the mean squared error or the mean softmax cross-entropy', () => {
    const mseBatch: Batch = { rows: 2, x: new Float32Array(4), y: Float32Array.of(1, -1) };
    assert.equal(lossOf(workloads.W1, Float32Array.of(3, 0), mseBatch), (4 + 1) / 2);
    const ceBatch: Batch = { rows: 1, x: new Float32Array(784), y: Float32Array.of(7) };
    const uniform = new Float32Array(10).fill(2.5);
    assert.ok(Math.abs(lossOf(workloads.W3, uniform, ceBatch) - Math.log(10)) < 1e-12);
    const sure = new Float32Array(10);
    sure[7] = 50;
    assert.ok(lossOf(workloads.W3, sure, ceBatch) < 1e-12);
  });

  it('accuracyOf counts rows whose largest output is the label', () => {
    const out = Float32Array.of(0, 1, 5, 2, 0, 0);
    const b: Batch = { rows: 3, x: new Float32Array(0), y: Float32Array.of(1, 0, 1) };
    assert.equal(accuracyOf(2, out, b), 2 / 3);
  });
});
