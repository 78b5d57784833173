/**
 * Degenerate weights: parallel, duplicate, concurrent and dead units, cuts
 * through vertices and along edges of the domain. One hidden layer with
 * small integer weights is checked against an exact count in rational
 * arithmetic (each line adds 1 + its distinct crossings with earlier lines
 * inside the box); deeper degenerate nets against invariants.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { randomReluNet } from '../../src/analysis/regions/examples.js';
import { linearRegions1d } from '../../src/analysis/regions/regions1d.js';
import { linearRegions2d } from '../../src/analysis/regions/regions2d.js';
import { Activation } from '../../src/nn/activationLayer.js';
import { Linear } from '../../src/nn/linear.js';
import { Sequential } from '../../src/nn/sequential.js';
import { Rng } from '../../src/tensor/rng.js';
import { area, patternMatches } from './regionsHelpers.js';

type Row = [number, number, number];
const B = 3;
const box = { x: [-B, B] as [number, number], y: [-B, B] as [number, number] };

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The crossing of a0 x + a1 y + c = 0 and b0 x + b1 y + d = 0 as reduced fractions, when inside the open box. */
function crossing(p: Row, q: Row): string | null {
  const det = p[0] * q[1] - p[1] * q[0];
  if (det === 0) return null;
  const xn = -p[2] * q[1] + q[2] * p[1];
  const yn = -q[2] * p[0] + p[2] * q[0];
  if (!(Math.abs(xn) < B * Math.abs(det) && Math.abs(yn) < B * Math.abs(det))) return null;
  const s = Math.sign(det);
  const gx = gcd(xn, det) || 1;
  const gy = gcd(yn, det) || 1;
  return `${(s * xn) / gx}/${Math.abs(det) / gx},${(s * yn) / gy}/${Math.abs(det) / gy}`;
}

/** Whether the line meets the open box: it takes both signs on the corners. */
function meetsBox(r: Row): boolean {
  const v = [
    [-B, -B],
    [B, -B],
    [B, B],
    [-B, B],
  ].map(([x, y]) => r[0] * x + r[1] * y + r[2]);
  return v.some((f) => f > 0) && v.some((f) => f < 0);
}

const sameLine = (p: Row, q: Row): boolean =>
  p[0] * q[1] - p[1] * q[0] === 0 && p[0] * q[2] - p[2] * q[0] === 0 && p[1] * q[2] - p[2] * q[1] === 0;

/** Regions cut from the box by the lines: each new line that meets it adds 1 + its distinct crossings inside. */
function arrangementCount(rows: readonly Row[]): number {
  const lines: Row[] = [];
  for (const r of rows) if (meetsBox(r) && !lines.some((l) => sameLine(l, r))) lines.push(r);
  let count = 1;
  lines.forEach((line, i) => {
    const points = new Set<string>();
    for (let j = 0; j < i; j++) {
      const p = crossing(line, lines[j]);
      if (p) points.add(p);
    }
    count += 1 + points.size;
  });
  return count;
}

function oneHidden(rows: readonly Row[], out: readonly number[]): Sequential {
  return new Sequential([
    new Linear(2, rows.length, { dtype: 'float64' }).setWeights(
      rows.map((r) => [r[0], r[1]]),
      rows.map((r) => r[2]),
    ),
    new Activation(rows.length, 'relu', 'float64'),
    new Linear(rows.length, 1, { dtype: 'float64' }).setWeights([out as number[]], [0]),
  ]);
}

const smallInt = fc.integer({ min: -2, max: 2 });
const row = fc.tuple(smallInt, smallInt, fc.integer({ min: -3, max: 3 })) as fc.Arbitrary<Row>;

function checkTiling(model: Sequential, regions: ReturnType<typeof linearRegions2d>['regions']): void {
  let total = 0;
  for (const r of regions) {
    total += area(r.polygon);
    assert.ok(patternMatches(model, r.interior, r.pattern), `${r.pattern} at (${r.interior})`);
  }
  assert.ok(Math.abs(total - (2 * B) ** 2) < 1e-9, `areas sum to ${total}`);
  assert.equal(new Set(regions.map((r) => r.pattern)).size, regions.length, 'no pattern twice');
}

describe('degenerate weights', () => {
  it('integer lines (parallel, duplicate, concurrent, dead, through corners, along edges) give the exact arrangement count', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 9 }), (rows) => {
        const model = oneHidden(
          rows,
          rows.map((_, i) => (i % 2 ? 1 : -1)),
        );
        const { count, regions } = linearRegions2d(model, box);
        assert.equal(count, arrangementCount(rows));
        checkTiling(model, regions);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('deep nets with integer weights never crash, tile the box and keep every interior’s pattern', () => {
    const layer = (n: number, m: number) =>
      fc.tuple(
        fc.array(fc.array(smallInt, { minLength: m, maxLength: m }), { minLength: n, maxLength: n }),
        fc.array(fc.integer({ min: -3, max: 3 }), { minLength: n, maxLength: n }),
      );
    fc.assert(
      fc.property(layer(5, 2), layer(4, 5), layer(3, 4), (l1, l2, l3) => {
        const model = new Sequential([
          new Linear(2, 5, { dtype: 'float64' }).setWeights(l1[0], l1[1]),
          new Activation(5, 'relu', 'float64'),
          new Linear(5, 4, { dtype: 'float64' }).setWeights(l2[0], l2[1]),
          new Activation(4, 'relu', 'float64'),
          new Linear(4, 3, { dtype: 'float64' }).setWeights(l3[0], l3[1]),
          new Activation(3, 'hard_tanh', 'float64'),
          new Linear(3, 1, { dtype: 'float64' }).setWeights([[1, -1, 1]], [0]),
        ]);
        const { regions } = linearRegions2d(model, box);
        checkTiling(model, regions);
      }),
      { seed: 12, numRuns: 150 },
    );
  });

  it('duplicating every hidden unit leaves the count unchanged', () => {
    for (const seed of [1, 2, 3]) {
      const base = randomReluNet([2, 6, 5, 1], seed);
      const [l1, l2, l3] = base.linears().map((l) => l.getWeights());
      const dup = new Sequential([
        new Linear(2, 12, { dtype: 'float64' }).setWeights(
          [...l1.weight, ...l1.weight],
          [...(l1.bias as number[]), ...(l1.bias as number[])],
        ),
        new Activation(12, 'relu', 'float64'),
        new Linear(12, 5, { dtype: 'float64' }).setWeights(
          l2.weight.map((r) => [...r, ...r].map((w) => w / 2)),
          l2.bias as number[],
        ),
        new Activation(5, 'relu', 'float64'),
        new Linear(5, 1, { dtype: 'float64' }).setWeights(l3.weight, l3.bias as number[]),
      ]);
      const a = linearRegions2d(base, { x: [-3, 3], y: [-3, 3] });
      const b = linearRegions2d(dup, { x: [-3, 3], y: [-3, 3] });
      assert.equal(b.count, a.count, `seed ${seed}`);
    }
  });

  it('in general position a count is stable under a 1e-9 perturbation of the weights', () => {
    const rng = new Rng(9);
    for (const [widths, seed] of [
      [[2, 12, 1], 1],
      [[2, 8, 8, 1], 2],
      [[2, 8, 8, 8, 1], 3],
      [[1, 10, 10, 1], 4],
    ] as const) {
      const model = randomReluNet(widths, seed);
      const count = (): number =>
        widths[0] === 1
          ? linearRegions1d(model, -3, 3).pieces.length
          : linearRegions2d(model, { x: [-3, 3], y: [-3, 3] }).count;
      const before = count();
      for (let t = 0; t < 3; t++) {
        const saved = model.getParams();
        for (const p of model.params()) {
          const d = p.value.data;
          for (let i = 0; i < d.length; i++) d[i] += 1e-9 * rng.uniformIn(-1, 1);
        }
        assert.equal(count(), before, `[${widths}] perturbation ${t}`);
        model.setParams(saved);
      }
    }
  });

  it('a cut through a 1D end, a dead unit and a unit constant at its knot give no empty piece', () => {
    const model = new Sequential([
      new Linear(1, 4, { dtype: 'float64' }).setWeights([[1], [0], [0], [2]], [1, 0, 0.5, -1]),
      new Activation(4, 'relu', 'float64'),
      new Linear(4, 1, { dtype: 'float64' }).setWeights([[1, 1, 1, 1]], [0]),
    ]);
    // Knots at −1 (the interval's end), never (0·x + 0, 0·x + 0.5) and at 0.5.
    const { pieces, breakpoints } = linearRegions1d(model, -1, 1);
    assert.deepEqual(breakpoints, [0.5]);
    assert.equal(pieces.length, 2);
    assert.deepEqual(
      pieces.map((p) => p.pattern),
      ['1010', '1011'],
    );
  });
});
