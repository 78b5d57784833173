import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataset } from '../../src/data/dataset.js';
import { mlp } from '../../src/nn/mlp.js';
import type { Sequential } from '../../src/nn/sequential.js';
import { fromRows } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { fit, fitAsync } from '../../src/train/fit.js';

function sine(n: number): Dataset {
  const rng = new Rng(3);
  const xs = Array.from({ length: n }, () => rng.uniformIn(-2, 2));
  return {
    x: fromRows(xs.map((x) => [x])),
    y: fromRows(xs.map((x) => [Math.sin(2 * x)])),
    task: 'regression',
  };
}

const bytes = (m: Sequential): number[] =>
  m.namedParams().flatMap(({ param }) => Array.from(new Uint8Array(param.value.data.slice().buffer)));

describe('fitAsync', () => {
  it('takes the same steps as fit: identical weights and history', async () => {
    const data = sine(200);
    const options = { epochs: 5, batchSize: 16, seed: 2 };
    const a = mlp([1, 16, 1], { seed: 4 });
    const b = mlp([1, 16, 1], { seed: 4 });
    const ra = fit(a, data, options);
    // sliceMs 0 yields after every batch: the most interleaving there can be.
    const rb = await fitAsync(b, data, options, 0);
    assert.deepEqual(bytes(a), bytes(b));
    assert.deepEqual(
      ra.history.map((h) => h.train),
      rb.history.map((h) => h.train),
    );
  });

  it('lets a timer abort the run through its AbortSignal (what Ctrl-C does in the CLI)', async () => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 20);
    const result = await fitAsync(mlp([1, 32, 32, 1], { seed: 1 }), sine(500), {
      epochs: 1_000_000,
      batchSize: 8,
      signal: abort.signal,
    });
    clearTimeout(timer);
    assert.equal(result.stopped, 'cancelled');
    assert.ok(result.epochs < 1_000_000);
    assert.match(result.message ?? '', /cancelled in epoch \d+ at batch \d+/);
  });
});
