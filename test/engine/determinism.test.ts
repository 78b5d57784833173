/**
 * Determinism: the same seed gives the same bytes (model, forward, backward,
 * dropout masks); a different seed gives different ones. And the Rng itself:
 * streams, forks, state round-trips and the distributions it draws.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mlp } from '../../src/nn/mlp.js';
import type { DType } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { erf } from '../../src/tensor/special.js';
import { randomMatrix } from '../helpers/random.js';
import { assertMoments, KURTOSIS } from '../helpers/stats.js';

/** Every byte a training step produces: output, input gradient, parameters, gradients, buffers. */
function stepBytes(seed: number, dtype: DType): Uint8Array<ArrayBufferLike>[] {
  const model = mlp([4, 8, 8, 3], {
    seed,
    dtype,
    pDrop: 0.3,
    norm: 'batch',
    residual: true,
    spectralNorm: true,
  });
  const x = randomMatrix(new Rng(seed + 1), 5, 4, dtype);
  const y = model.forward(x, { training: true, rng: new Rng(seed + 2) });
  const bytes: Uint8Array<ArrayBufferLike>[] = [new Uint8Array(y.data.slice().buffer)];
  const dx = model.backward(randomMatrix(new Rng(seed + 3), 5, 3, dtype), true);
  assert.ok(dx);
  bytes.push(new Uint8Array(dx.data.slice().buffer));
  for (const a of [model.getParams(), model.getParams('grad'), model.getBuffers()]) {
    for (const v of Object.values(a)) bytes.push(new Uint8Array(v.buffer));
  }
  return bytes;
}

describe('same seed, same bytes', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`${dtype}: build + dropout forward + backward twice gives identical bytes; another seed differs`, () => {
      const a = stepBytes(7, dtype);
      assert.deepEqual(stepBytes(7, dtype), a);
      const b = stepBytes(8, dtype);
      // Output, input gradient and the first weight all change with the seed (biases start at zero either way).
      for (const k of [0, 1, 2])
        assert.ok(!Buffer.from(a[k]).equals(Buffer.from(b[k])), `part ${k} did not change`);
    });
  }

  it('only the dropout rng changes the mask: same model, different forward seeds, different outputs', () => {
    const model = mlp([3, 16, 2], { seed: 1, pDrop: 0.5, dtype: 'float64' });
    const x = randomMatrix(new Rng(2), 4, 3);
    const y1 = model.forward(x, { training: true, rng: new Rng(10) }).data.slice();
    const y2 = model.forward(x, { training: true, rng: new Rng(10) }).data.slice();
    const y3 = model.forward(x, { training: true, rng: new Rng(11) }).data.slice();
    assert.deepEqual(y2, y1);
    assert.notDeepEqual(y3, y1);
  });
});

describe('Rng', () => {
  const take = (r: Rng, n: number) => Array.from({ length: n }, () => r.nextU32());

  it('same seed, same stream; different seeds, different streams', () => {
    assert.deepEqual(take(new Rng(42), 1000), take(new Rng(42), 1000));
    assert.notDeepEqual(take(new Rng(42), 10), take(new Rng(43), 10));
    // Seeds beyond 32 bits still matter.
    assert.notDeepEqual(take(new Rng(1), 10), take(new Rng(1 + 2 ** 32), 10));
  });

  it('gives every safe integer its own state, and seeds below 2^32 the plain splitmix32 words', () => {
    const splitmix = (seed: number) => {
      let x = seed;
      return Array.from({ length: 4 }, () => {
        x = (x + 0x9e3779b9) | 0;
        let z = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
        return (z ^ (z >>> 16)) >>> 0;
      });
    };
    for (const seed of [0, 1, 42, 2 ** 31, 2 ** 32 - 1])
      assert.deepEqual(new Rng(seed).getState(), splitmix(seed));
    // Pairs a fold of the two 32-bit halves into one word would confuse.
    for (const [a, b] of [
      [0, 2 ** 32 + 1],
      [-1, 2 ** 32 - 1],
      [5, 5 * 2 ** 32 + 5],
      [-(2 ** 53 - 1), 2 ** 53 - 1],
    ]) {
      assert.notDeepEqual(new Rng(a).getState(), new Rng(b).getState(), `${a} vs ${b}`);
    }
  });

  it('refuses seeds that are not safe integers, which would share a stream with a neighbour', () => {
    for (const bad of [0.5, -1.25, 2 ** 53, -(2 ** 60), Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(
        () => new Rng(bad),
        /rng seed must be a whole number between -\(2\^53 - 1\) and 2\^53 - 1/,
      );
    }
    assert.deepEqual(take(new Rng(2 ** 53 - 1), 3), take(new Rng(2 ** 53 - 1), 3));
    assert.notDeepEqual(take(new Rng(-(2 ** 53 - 1)), 3), take(new Rng(2 ** 53 - 1), 3));
  });

  it('getState/setState and fromState resume the stream exactly', () => {
    const r = new Rng(5);
    take(r, 17);
    const state = r.getState();
    const ahead = take(r, 100);
    assert.deepEqual(take(Rng.fromState(state), 100), ahead);
    const s = new Rng(99);
    s.setState(state);
    assert.deepEqual(take(s, 100), ahead);
    assert.throws(() => s.setState([0, 0, 0, 0]), /not all zero/);
  });

  it('fork: deterministic, and independent of the parent and of sibling forks', () => {
    const a = new Rng(3);
    const b = new Rng(3);
    const fa = a.fork();
    assert.deepEqual(take(fa, 50), take(b.fork(), 50));
    const parent = take(a, 1000);
    const child = take(fa, 1000);
    const sibling = take(a.fork(), 1000);
    // Independent 32-bit streams agree at a position with probability 2⁻³²; their uniforms are uncorrelated.
    const same = (p: number[], q: number[]) => p.filter((v, i) => v === q[i]).length;
    assert.equal(same(parent, child), 0);
    assert.equal(same(child, sibling), 0);
    const u = (xs: number[]) => xs.map((v) => v / 2 ** 32 - 0.5);
    const corr = u(child).reduce((s, v, i) => s + v * u(sibling)[i], 0) / (1000 / 12);
    assert.ok(Math.abs(corr) < 5 / Math.sqrt(1000), `correlation ${corr}`);
  });

  it('uniform: in [0, 1) with mean ½ and variance 1/12; int(n) in range', () => {
    const r = new Rng(11);
    const u = Array.from({ length: 50_000 }, () => r.uniform());
    assert.ok(u.every((v) => v >= 0 && v < 1));
    assertMoments(u, { mean: 0.5, variance: 1 / 12, kurtosis: KURTOSIS.uniform }, 'uniform');
    const k = Array.from({ length: 10_000 }, () => r.int(7));
    assert.ok(k.every((v) => Number.isInteger(v) && v >= 0 && v < 7));
    assert.equal(new Set(k).size, 7);
  });

  it('normal(mean, std): moments of N(mean, std²)', () => {
    const r = new Rng(12);
    const z = Array.from({ length: 50_000 }, () => r.normal(1.5, 2));
    assertMoments(z, { mean: 1.5, variance: 4, kurtosis: KURTOSIS.normal }, 'normal');
  });

  it('truncatedNormal: inside ±bound·std, with the truncated normal variance', () => {
    const r = new Rng(13);
    const b = 2;
    const t = Array.from({ length: 50_000 }, () => r.truncatedNormal(0, 1, b));
    assert.ok(t.every((v) => Math.abs(v) <= b));
    // For N(0,1) cut at ±b, Z = P(|X| ≤ b): Var = 1 − 2bφ(b)/Z, E[X⁴] = 3 − 2(b³ + 3b)φ(b)/Z.
    const phi = Math.exp((-b * b) / 2) / Math.sqrt(2 * Math.PI);
    const Z = erf(b / Math.SQRT2);
    const variance = 1 - (2 * b * phi) / Z;
    const m4 = 3 - (2 * (b ** 3 + 3 * b) * phi) / Z;
    assertMoments(t, { mean: 0, variance, kurtosis: m4 / (variance * variance) }, 'truncatedNormal');
    const shifted = Array.from({ length: 1000 }, () => r.truncatedNormal(10, 0.5, 1));
    assert.ok(shifted.every((v) => v >= 9.5 && v <= 10.5));
  });

  it('permutation: a permutation of 0..n−1, each value equally likely at each position', () => {
    const r = new Rng(14);
    const n = 5;
    const trials = 20_000;
    const counts = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let t = 0; t < trials; t++) {
      const p = r.permutation(n);
      assert.deepEqual([...p].sort(), [0, 1, 2, 3, 4]);
      p.forEach((v, pos) => {
        counts[pos][v]++;
      });
    }
    const expected = trials / n;
    const se = Math.sqrt(trials * (1 / n) * (1 - 1 / n));
    for (const row of counts) for (const c of row) assert.ok(Math.abs(c - expected) < 5 * se, `count ${c}`);
  });
});
