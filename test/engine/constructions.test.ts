/**
 * Exact constructions from the seeds, written by hand with setWeights and
 * checked with === on grids of dyadic numbers, where every product and sum
 * the engine forms is exact in float64.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Activation } from '../../src/nn/activationLayer.js';
import type { ActivationName } from '../../src/nn/layer.js';
import { Linear } from '../../src/nn/linear.js';
import { mlp } from '../../src/nn/mlp.js';
import { Sequential } from '../../src/nn/sequential.js';
import { column, fromRows, toRows } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { scaledErr } from '../helpers/gradcheck.js';
import { matmul, toNested, transpose } from '../helpers/linalg.js';
import { randomMatrix } from '../helpers/random.js';

type Weights = { weight: number[][]; bias: number[] };

/** Linear → activation → Linear, from plain arrays. */
function oneHidden(first: Weights, second: Weights, activation: ActivationName = 'relu'): Sequential {
  const nIn = first.weight[0].length;
  const nHidden = first.weight.length;
  const nOut = second.weight.length;
  return new Sequential([
    new Linear(nIn, nHidden, { dtype: 'float64' }).setWeights(first.weight, first.bias),
    new Activation(nHidden, activation, 'float64'),
    new Linear(nHidden, nOut, { dtype: 'float64' }).setWeights(second.weight, second.bias),
  ]);
}

function outputs(model: Sequential, inputs: number[][]): number[] {
  return Array.from(model.predict(fromRows(inputs, 'float64')).data);
}

/** k/2^bits for |k| ≤ range·2^bits. */
function dyadicGrid(range: number, bits: number): number[] {
  const n = range * 2 ** bits;
  return Array.from({ length: 2 * n + 1 }, (_, i) => (i - n) / 2 ** bits);
}

function assertExact(label: string, got: number[], want: number[]): void {
  assert.equal(got.length, want.length, `${label}: ${got.length} outputs, ${want.length} expected`);
  for (let i = 0; i < got.length; i++)
    assert.ok(got[i] === want[i], `${label} #${i}: got ${got[i]}, want ${want[i]}`);
}

describe('|x|, max and min with ReLU', () => {
  const xs = dyadicGrid(4, 6);
  const pairs = dyadicGrid(2, 3).flatMap((a) => dyadicGrid(2, 3).map((b) => [a, b]));

  it('|x| = relu(x) + relu(−x)', () => {
    const net = oneHidden({ weight: [[1], [-1]], bias: [0, 0] }, { weight: [[1, 1]], bias: [0] });
    assertExact(
      '|x|',
      outputs(
        net,
        xs.map((x) => [x]),
      ),
      xs.map(Math.abs),
    );
  });

  it('max(x1, x2) = x2 + relu(x1 − x2), with x2 = relu(x2) − relu(−x2)', () => {
    const net = oneHidden(
      {
        weight: [
          [1, -1],
          [0, 1],
          [0, -1],
        ],
        bias: [0, 0, 0],
      },
      { weight: [[1, 1, -1]], bias: [0] },
    );
    assertExact(
      'max',
      outputs(net, pairs),
      pairs.map(([a, b]) => Math.max(a, b)),
    );
  });

  it('min(x1, x2) = x2 − relu(x2 − x1)', () => {
    const net = oneHidden(
      {
        weight: [
          [-1, 1],
          [0, 1],
          [0, -1],
        ],
        bias: [0, 0, 0],
      },
      { weight: [[-1, 1, -1]], bias: [0] },
    );
    assertExact(
      'min',
      outputs(net, pairs),
      pairs.map(([a, b]) => Math.min(a, b)),
    );
  });
});

describe('logic gates on {0, 1}', () => {
  const inputs = [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ];
  const truth: Record<string, (a: number, b: number) => number> = {
    AND: (a, b) => a & b,
    OR: (a, b) => a | b,
    NAND: (a, b) => 1 - (a & b),
    XOR: (a, b) => a ^ b,
  };
  // With ReLU, s = x1 + x2: AND = relu(s − 1), OR = s − relu(s − 1),
  // NAND = 1 − relu(s − 1), XOR = relu(s) − 2·relu(s − 1).
  // OR and XOR read the same two hidden units, relu(s) and relu(s − 1).
  const sAndSMinusOne = {
    weight: [
      [1, 1],
      [1, 1],
    ],
    bias: [0, -1],
  };
  const relu: Record<string, Sequential> = {
    AND: oneHidden({ weight: [[1, 1]], bias: [-1] }, { weight: [[1]], bias: [0] }),
    OR: oneHidden(sAndSMinusOne, { weight: [[1, -1]], bias: [0] }),
    NAND: oneHidden({ weight: [[1, 1]], bias: [-1] }, { weight: [[-1]], bias: [1] }),
    XOR: oneHidden(sAndSMinusOne, { weight: [[1, -2]], bias: [0] }),
  };
  for (const [gate, net] of Object.entries(relu)) {
    it(`${gate} with ReLU units`, () => {
      assertExact(
        gate,
        outputs(net, inputs),
        inputs.map(([a, b]) => truth[gate](a, b)),
      );
    });
  }

  it('NOT = relu(1 − x)', () => {
    const net = oneHidden({ weight: [[-1]], bias: [1] }, { weight: [[1]], bias: [0] });
    assertExact('NOT', outputs(net, [[0], [1]]), [1, 0]);
  });

  // A hard threshold: hard_sigmoid(t) = clamp(t/6 + ½, 0, 1) is 0 for t ≤ −3 and
  // 1 for t ≥ 3, so t = 6·s − 9 fires only for s = 2 (AND), t = 6·s − 3 for s ≥ 1 (OR).
  it('AND, OR, NOT, NAND and (two layers) XOR with hard-threshold units', () => {
    const unit = (weight: number[][], bias: number[]) =>
      new Sequential([
        new Linear(weight[0].length, weight.length, { dtype: 'float64' }).setWeights(weight, bias),
        new Activation(weight.length, 'hard_sigmoid', 'float64'),
      ]);
    assertExact('AND', outputs(unit([[6, 6]], [-9]), inputs), [0, 0, 0, 1]);
    assertExact('OR', outputs(unit([[6, 6]], [-3]), inputs), [0, 1, 1, 1]);
    assertExact('NAND', outputs(unit([[-6, -6]], [9]), inputs), [1, 1, 1, 0]);
    assertExact('NOT', outputs(unit([[-6]], [3]), [[0], [1]]), [1, 0]);
    // XOR = AND(OR, NAND).
    const xor = new Sequential([
      new Linear(2, 2, { dtype: 'float64' }).setWeights(
        [
          [6, 6],
          [-6, -6],
        ],
        [-3, 9],
      ),
      new Activation(2, 'hard_sigmoid', 'float64'),
      new Linear(2, 1, { dtype: 'float64' }).setWeights([[6, 6]], [-9]),
      new Activation(1, 'hard_sigmoid', 'float64'),
    ]);
    assertExact('XOR', outputs(xor, inputs), [0, 1, 1, 0]);
  });
});

/** The tent map T(x) = 2·relu(x) − 4·relu(x − ½) composed k times: one ReLU layer per composition. */
function sawtooth(k: number): Sequential {
  const layers = [];
  for (let i = 0; i < k; i++) {
    layers.push(
      new Linear(1, 2, { dtype: 'float64' }).setWeights([[1], [1]], [0, -0.5]),
      new Activation(2, 'relu', 'float64'),
      new Linear(2, 1, { dtype: 'float64' }).setWeights([[2, -4]], [0]),
    );
  }
  return new Sequential(layers);
}

/** Linear pieces of a sampled piecewise-linear function: 1 + the number of slope changes. */
function countPieces(xs: number[], ys: number[]): number {
  let pieces = 1;
  let slope = (ys[1] - ys[0]) / (xs[1] - xs[0]);
  for (let i = 2; i < xs.length; i++) {
    const s = (ys[i] - ys[i - 1]) / (xs[i] - xs[i - 1]);
    if (s !== slope) pieces++;
    slope = s;
  }
  return pieces;
}

describe('Telgarsky sawtooth', () => {
  for (let k = 1; k <= 6; k++) {
    it(`T∘…∘T (${k}×) has 2^${k} linear pieces and 2^${k - 1} teeth, exactly`, () => {
      // Grid spacing 2^−(k+2): four samples per piece, so every kink is a grid point.
      const xs = Array.from({ length: 2 ** (k + 2) + 1 }, (_, i) => i / 2 ** (k + 2));
      const ys = Array.from(sawtooth(k).predict(column(xs, 'float64')).data);
      assert.equal(countPieces(xs, ys), 2 ** k);
      const peaks = ys.filter((y, i) => i > 0 && i < ys.length - 1 && y > ys[i - 1] && y > ys[i + 1]);
      assert.equal(peaks.length, 2 ** (k - 1));
      assert.ok(peaks.every((y) => y === 1));
      // Valleys at the even multiples of 2^−k, peaks at the odd ones.
      xs.forEach((x, i) => {
        const m = x * 2 ** k;
        if (Number.isInteger(m)) assert.equal(ys[i], m % 2, `T^${k}(${x})`);
      });
    });
  }
});

describe('x² on [0, 1] by ReLU hinges', () => {
  /** The interpolant of x² at i/2^k: slope (2i + 1)/2^k on the i-th piece, one hinge per interior node. */
  function hinges(k: number): Sequential {
    const n = 2 ** k;
    const weight = Array.from({ length: n }, () => [1]);
    const bias = Array.from({ length: n }, (_, i) => -i / n);
    const out = Array.from({ length: n }, (_, i) => (i === 0 ? 1 / n : 2 / n));
    return oneHidden({ weight, bias }, { weight: [out], bias: [0] });
  }

  for (let k = 1; k <= 6; k++) {
    it(`2^${k} pieces: exact at the nodes, max error 1/(4·4^${k}) at the midpoints`, () => {
      const xs = Array.from({ length: 2 ** (k + 3) + 1 }, (_, i) => i / 2 ** (k + 3));
      const ys = Array.from(hinges(k).predict(column(xs, 'float64')).data);
      const errors = ys.map((y, i) => y - xs[i] * xs[i]);
      assert.ok(
        errors.every((e) => e >= 0),
        'the chord lies above the convex x²',
      );
      assert.equal(Math.max(...errors), 1 / (4 * 4 ** k));
      xs.forEach((x, i) => {
        const m = x * 2 ** k;
        if (Number.isInteger(m)) assert.equal(errors[i], 0, `node ${x}`);
        if (Number.isInteger(m - 0.5)) assert.equal(errors[i], 1 / (4 * 4 ** k), `midpoint ${x}`);
      });
      assert.equal(countPieces(xs, ys), 2 ** k);
    });
  }

  it('Yarotsky: x − Σ_{s≤k} T^s(x)/4^s is the same interpolant, built from sawtooths', () => {
    const k = 5;
    const xs = Array.from({ length: 2 ** (k + 3) + 1 }, (_, i) => i / 2 ** (k + 3));
    const teeth = Array.from({ length: k }, (_, s) =>
      Array.from(sawtooth(s + 1).predict(column(xs, 'float64')).data),
    );
    const yarotsky = xs.map((x, i) => teeth.reduce((acc, t, s) => acc - t[i] / 4 ** (s + 1), x));
    assertExact('yarotsky', yarotsky, Array.from(hinges(k).predict(column(xs, 'float64')).data));
  });
});

describe('linear collapse', () => {
  it('an mlp with identity activations equals the single affine map W3·W2·W1 (and its bias)', () => {
    const model = mlp([3, 5, 4, 2], { activation: 'identity', dtype: 'float64', seed: 9 });
    const rng = new Rng(10);
    for (const l of model.linears()) if (l.bias) rng.fillUniform(l.bias.value.data, -1, 1);
    const [l1, l2, l3] = model.linears().map((l) => l.getWeights());
    const W = matmul(l3.weight, matmul(l2.weight, l1.weight));
    const col = (b: number[] | null) => (b ?? []).map((v) => [v]);
    const b = matmul(l3.weight, matmul(l2.weight, col(l1.bias))).map(
      (r, i) => r[0] + matmul(l3.weight, col(l2.bias))[i][0] + (l3.bias ?? [])[i],
    );
    const x = randomMatrix(rng, 6, 3);
    const collapsed = matmul(toNested(x), transpose(W)).map((r) => r.map((v, j) => v + b[j]));
    const y = toRows(model.predict(x));
    y.forEach((r, i) => {
      r.forEach((v, j) => {
        assert.ok(
          scaledErr(v, collapsed[i][j]) < 1e-14,
          `y[${i}][${j}] = ${v}, W x + b = ${collapsed[i][j]}`,
        );
      });
    });
    assert.equal(W.length, 2);
    assert.equal(W[0].length, 3);
  });
});
