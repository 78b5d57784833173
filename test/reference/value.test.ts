/** The reference autodiff itself: each primitive's derivative and the chain rule over shared subgraphs. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { activationNames, activations } from '../../src/nn/activations.js';
import { centralDifference, relErr, scaledErr } from '../helpers/gradcheck.js';
import { referenceActivation } from './nn.js';
import { erf, topologicalOrder, Value } from './value.js';

/** d/dx of a one-argument Value function at x, by the reference and by central differences. */
function derivatives(f: (v: Value) => Value, x: number): { reference: number; numeric: number } {
  const v = new Value(x);
  f(v).backward();
  const cell = new Float64Array([x]);
  const numeric = centralDifference(() => f(new Value(cell[0])).data, cell, 0, 1e-5);
  return { reference: v.grad, numeric };
}

describe('reference Value: primitives', () => {
  const unary: [string, (v: Value) => Value, (x: number) => number, [number, number]][] = [
    ['neg', (v) => v.neg(), () => -1, [-3, 3]],
    ['pow 3', (v) => v.pow(3), (x) => 3 * x * x, [-3, 3]],
    ['pow −1', (v) => v.pow(-1), (x) => -1 / (x * x), [0.5, 3]],
    ['pow −½', (v) => v.pow(-0.5), (x) => -0.5 * x ** -1.5, [0.5, 3]],
    ['sqrt', (v) => v.sqrt(), (x) => 0.5 / Math.sqrt(x), [0.5, 3]],
    ['exp', (v) => v.exp(), (x) => Math.exp(x), [-3, 3]],
    ['log', (v) => v.log(), (x) => 1 / x, [0.5, 3]],
    ['tanh', (v) => v.tanh(), (x) => 1 - Math.tanh(x) ** 2, [-3, 3]],
    ['sin', (v) => v.sin(), (x) => Math.cos(x), [-3, 3]],
    ['relu', (v) => v.relu(), (x) => (x > 0 ? 1 : 0), [-3, 3]],
    ['erf', (v) => v.erf(), (x) => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x), [-3, 3]],
  ];
  for (const [name, f, df, [lo, hi]] of unary) {
    it(`${name}: grad equals the closed-form derivative and central differences`, () => {
      fc.assert(
        fc.property(fc.double({ min: lo, max: hi, noNaN: true }), (x) => {
          // Keep the relu kink a margin away from the difference step.
          fc.pre(Math.abs(x) > 1e-3);
          const { reference, numeric } = derivatives(f, x);
          assert.ok(relErr(reference, df(x)) < 1e-14, `${name}'(${x}) = ${reference}, expected ${df(x)}`);
          // Central differences at h = 1e-5 err by about ε·|f|/h + h²·|f'''|/6 ≤ 1e-9 on
          // these ranges: an absolute error for small derivatives, relative for large ones.
          assert.ok(
            scaledErr(reference, numeric) < 1e-8,
            `${name}'(${x}) = ${reference}, numeric ${numeric}`,
          );
        }),
        { seed: 101, numRuns: 100 },
      );
    });
  }

  it('binary operations: ∂/∂a and ∂/∂b of add, sub, mul, div', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0.5, max: 3, noNaN: true }),
        (a, b) => {
          const cases: [(x: Value, y: Value) => Value, number, number][] = [
            [(x, y) => x.add(y), 1, 1],
            [(x, y) => x.sub(y), 1, -1],
            [(x, y) => x.mul(y), b, a],
            [(x, y) => x.div(y), 1 / b, -a / (b * b)],
          ];
          for (const [op, da, db] of cases) {
            const x = new Value(a);
            const y = new Value(b);
            op(x, y).backward();
            // Numeric equality: the chain rule's 0 + (−0)·1 gives +0 where the closed form gives −0.
            assert.ok(x.grad === da, `∂/∂a = ${x.grad}, expected ${da}`);
            assert.ok(y.grad === db, `∂/∂b = ${y.grad}, expected ${db}`);
          }
        },
      ),
      { seed: 102, numRuns: 100 },
    );
  });

  it('sum and dot: every term gets its coefficient', () => {
    const a = [1, 2, 3].map((v) => new Value(v));
    const b = [4, 5, 6].map((v) => new Value(v));
    const d = Value.dot(a, b);
    assert.equal(d.data, 32);
    d.backward();
    assert.deepEqual(
      a.map((v) => v.grad),
      [4, 5, 6],
    );
    assert.deepEqual(
      b.map((v) => v.grad),
      [1, 2, 3],
    );
    assert.throws(() => Value.dot(a, b.slice(1)), /lengths 3 and 2/);
  });
});

describe('reference Value: chain rule', () => {
  it('accumulates over every path to a shared node: d/dx (x·x + x) = 2x + 1', () => {
    const x = new Value(3);
    const y = x.mul(x).add(x);
    y.backward();
    assert.equal(y.data, 12);
    assert.equal(x.grad, 7);
  });

  it('a diamond a → (b, c) → d is ordered with each parent before its child, each node once', () => {
    const a = new Value(2);
    const b = a.exp();
    const c = a.sin();
    const d = b.mul(c);
    const order = topologicalOrder(d);
    assert.equal(order.length, new Set(order).size);
    assert.equal(order.length, 4);
    for (const v of order) for (const p of v.parents) assert.ok(order.indexOf(p) < order.indexOf(v));
    d.backward();
    // d/da e^a sin a = e^a (sin a + cos a)
    assert.ok(relErr(a.grad, Math.exp(2) * (Math.sin(2) + Math.cos(2))) < 1e-15);
  });

  it('backward twice gives the same grads (they are reset, not accumulated across calls)', () => {
    const x = new Value(0.7);
    const y = x.tanh().mul(x);
    y.backward();
    const first = x.grad;
    y.backward();
    assert.equal(x.grad, first);
  });

  it('a deep chain (10 000 nodes) does not overflow the stack', () => {
    const x = new Value(1);
    let y = x;
    for (let i = 0; i < 10_000; i++) y = y.mul(1.0001);
    y.backward();
    assert.ok(relErr(x.grad, 1.0001 ** 10_000) < 1e-10);
  });
});

describe('reference erf (positive series)', () => {
  // mpmath.erf at 40 digits, rounded to double.
  const known: [number, number][] = [
    [0.1, 0.1124629160182849],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [2, 0.9953222650189527],
    [2.5, 0.999593047982555],
    [3, 0.9999779095030014],
    [5, 0.9999999999984626],
    [-0.7, -0.6778011938374184],
  ];
  for (const [x, v] of known) {
    it(`erf(${x}) = ${v} to 1e-15`, () => assert.ok(Math.abs(erf(x) - v) <= 1e-15, `erf(${x}) = ${erf(x)}`));
  }
});

describe('reference activations match the engine forward and derivative', () => {
  for (const name of activationNames) {
    it(name, () => {
      const def = activations[name];
      fc.assert(
        fc.property(
          fc.double({ min: -5, max: 5, noNaN: true }),
          fc.double({ min: 0.05, max: 2, noNaN: true }),
          (x, alpha) => {
            // Stay off the kinks, where the one-sided derivatives differ.
            fc.pre([0, 1, -1, 3, -3].every((k) => Math.abs(x - k) > 1e-6));
            const spec = { name, alpha };
            const a = def.defaultAlpha === 0 ? def.defaultAlpha : alpha;
            const v = new Value(x);
            const out = referenceActivation(spec, v);
            out.backward();
            const y = new Float64Array(1);
            const dx = new Float64Array(1);
            def.forward(y, new Float64Array([x]), 1, a);
            def.backward(dx, new Float64Array([1]), new Float64Array([x]), y, 1, a);
            // Scaled, not relative: the reference's compositions (α·(e^x − 1) for elu,
            // 1 + erf for gelu) cancel near zero crossings where the engine's kernels do not.
            assert.ok(
              scaledErr(out.data, y[0]) < 1e-12,
              `${name}(${x}): reference ${out.data}, engine ${y[0]}`,
            );
            assert.ok(
              scaledErr(v.grad, dx[0]) < 1e-12,
              `${name}'(${x}): reference ${v.grad}, engine ${dx[0]}`,
            );
          },
        ),
        { seed: 103, numRuns: 200 },
      );
    });
  }
});
