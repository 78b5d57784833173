import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fromRows, type Matrix, zeros } from '../../src/tensor/matrix.js';
import { createLoss, type Loss, type LossSpec, losses } from '../../src/train/losses/index.js';
import { compareGradients, numericGradient } from '../helpers/gradcheck.js';
import { arbDim, arbSeed, randomAwayFrom, randomMatrix, rngFrom } from '../helpers/random.js';

/** Checks loss.backward() against central differences of loss.forward() over every prediction entry. */
function gradError(loss: Loss, pred: Matrix, target: Matrix): number {
  loss.forward(pred, target);
  const analytic = Float64Array.from(loss.backward().data);
  const numeric = numericGradient(() => loss.forward(pred, target), pred.data);
  return compareGradients(loss.name, analytic, numeric).relErr;
}

/** Predictions target + d with every d at least 1e-3 away from the loss's kinks. */
function awayFromKinks(seed: number, target: Matrix, kinks: readonly number[]): Matrix {
  const d = randomAwayFrom(rngFrom(seed + 1), target.data.length, -3, 3, kinks, 1e-3);
  const pred = zeros(target.rows, target.cols, 'float64');
  for (let i = 0; i < d.length; i++) pred.data[i] = target.data[i] + d[i];
  return pred;
}

function labels(seed: number, rows: number, classes: number): Matrix {
  const rng = rngFrom(seed + 2);
  const y = zeros(rows, 1, 'float64');
  for (let i = 0; i < rows; i++) y.data[i] = rng.int(classes);
  return y;
}

function probabilityRows(seed: number, rows: number, classes: number): Matrix {
  const q = randomMatrix(rngFrom(seed + 3), rows, classes, 'float64', 0.01, 1);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let c = 0; c < classes; c++) s += q.data[i * classes + c];
    for (let c = 0; c < classes; c++) q.data[i * classes + c] /= s;
  }
  return q;
}

const run = { numRuns: 25 };

describe('loss gradients match central differences (float64, rel err < 1e-6)', () => {
  const regression: [LossSpec, number[]][] = [
    ['mse', []],
    ['mae', [0]],
    [{ name: 'huber', delta: 0.7 }, [-0.7, 0.7]],
  ];
  for (const [spec, kinks] of regression) {
    it(`${JSON.stringify(spec)} away from its kinks`, () => {
      fc.assert(
        fc.property(arbSeed, arbDim(5), arbDim(3), (seed, rows, cols) => {
          const target = randomMatrix(rngFrom(seed), rows, cols);
          assert.ok(gradError(createLoss(spec), awayFromKinks(seed, target, kinks), target) < 1e-6);
        }),
        run,
      );
    });
  }

  it('bce on logits, with and without label smoothing', () => {
    fc.assert(
      fc.property(arbSeed, arbDim(5), arbDim(3), fc.constantFrom(0, 0.2), (seed, rows, cols, eps) => {
        const z = randomMatrix(rngFrom(seed), rows, cols, 'float64', -6, 6);
        const y = randomMatrix(rngFrom(seed + 1), rows, cols, 'float64', 0, 1);
        for (let i = 0; i < y.data.length; i++) y.data[i] = y.data[i] < 0.5 ? 0 : 1;
        assert.ok(gradError(createLoss({ name: 'bce', labelSmoothing: eps }), z, y) < 1e-6);
      }),
      run,
    );
  });

  it('softmax cross-entropy with class indices and with probability rows, with and without smoothing', () => {
    fc.assert(
      fc.property(arbSeed, arbDim(5), arbDim(5, 2), fc.constantFrom(0, 0.1), (seed, rows, classes, eps) => {
        const z = randomMatrix(rngFrom(seed), rows, classes, 'float64', -5, 5);
        const hard = createLoss({ name: 'cross_entropy', labelSmoothing: eps });
        const soft = createLoss({ name: 'soft_cross_entropy', labelSmoothing: eps });
        assert.ok(gradError(hard, z, labels(seed, rows, classes)) < 1e-6);
        assert.ok(gradError(soft, z, probabilityRows(seed, rows, classes)) < 1e-6);
      }),
      run,
    );
  });
});

describe('loss values against hand-computed numbers', () => {
  const pred = fromRows([[1, 2, 3]], 'float64');
  const target = fromRows([[0, 2, 5]], 'float64');

  it('mse, mae and huber on d = [1, 0, −2]', () => {
    const cases: [LossSpec, number, number[]][] = [
      ['mse', (1 + 0 + 4) / 3, [2 / 3, 0, -4 / 3]],
      ['mae', (1 + 0 + 2) / 3, [1 / 3, 0, -1 / 3]],
      // δ = 1: ½·1², 0, 1·(2 − ½); slopes clamp(d, −1, 1)/3.
      ['huber', (0.5 + 0 + 1.5) / 3, [1 / 3, 0, -1 / 3]],
      // δ = 3: every |d| ≤ δ, so ½d².
      [{ name: 'huber', delta: 3 }, (0.5 + 0 + 2) / 3, [1 / 3, 0, -2 / 3]],
    ];
    for (const [spec, value, grad] of cases) {
      const loss = createLoss(spec);
      assert.ok(Math.abs(loss.forward(pred, target) - value) < 1e-15, JSON.stringify(spec));
      Array.from(loss.backward().data).forEach((g, i) => {
        assert.ok(Math.abs(g - grad[i]) < 1e-15, `${JSON.stringify(spec)} grad ${i}`);
      });
    }
  });

  it('bce: log 2 at logit 0, log(1 + e²) for logit 2 against 0, and smoothing toward ½', () => {
    const z = fromRows([[0], [2]], 'float64');
    const y = fromRows([[1], [0]], 'float64');
    const plain = createLoss('bce');
    assert.ok(Math.abs(plain.forward(z, y) - (Math.LN2 + Math.log(1 + Math.E ** 2)) / 2) < 1e-15);
    const sig2 = 1 / (1 + Math.exp(-2));
    const g = plain.backward().data;
    assert.ok(Math.abs(g[0] - (0.5 - 1) / 2) < 1e-15);
    assert.ok(Math.abs(g[1] - sig2 / 2) < 1e-15);
    // ε = 0.2 turns targets 1, 0 into 0.9, 0.1: ℓ = −t·log σ(z) − (1 − t)·log(1 − σ(z)).
    const smooth = createLoss({ name: 'bce', labelSmoothing: 0.2 });
    const expected = (Math.LN2 + -(0.1 * Math.log(sig2) + 0.9 * Math.log(1 - sig2))) / 2;
    assert.ok(Math.abs(smooth.forward(z, y) - expected) < 1e-14);
  });

  it('cross-entropy: log Σe^z − z_y, one-hot rows give the same, smoothing mixes in 1/C', () => {
    const z = fromRows(
      [
        [1, 2, 3],
        [0, 0, 0],
      ],
      'float64',
    );
    const y = fromRows([[2], [0]], 'float64');
    const lse0 = Math.log(Math.E + Math.E ** 2 + Math.E ** 3);
    const expected = (lse0 - 3 + Math.log(3)) / 2;
    const hard = createLoss('cross_entropy');
    assert.ok(Math.abs(hard.forward(z, y) - expected) < 1e-15);
    const gHard = Array.from(hard.backward().data);
    const softmax0 = [Math.E, Math.E ** 2, Math.E ** 3].map((e) => e / Math.exp(lse0));
    const expectedGrad = [softmax0[0], softmax0[1], softmax0[2] - 1, 1 / 3 - 1, 1 / 3, 1 / 3].map(
      (v) => v / 2,
    );
    gHard.forEach((g, i) => {
      assert.ok(Math.abs(g - expectedGrad[i]) < 1e-15, `grad ${i}`);
    });

    const oneHot = fromRows(
      [
        [0, 0, 1],
        [1, 0, 0],
      ],
      'float64',
    );
    const soft = createLoss('soft_cross_entropy');
    assert.ok(Math.abs(soft.forward(z, oneHot) - expected) < 1e-15);
    Array.from(soft.backward().data).forEach((g, i) => {
      assert.ok(Math.abs(g - expectedGrad[i]) < 1e-15);
    });

    // ε = 0.3, C = 3: q = 0.7·onehot + 0.1.
    const smooth = createLoss({ name: 'cross_entropy', labelSmoothing: 0.3 });
    const row0 = 0.1 * (lse0 - 1) + 0.1 * (lse0 - 2) + 0.8 * (lse0 - 3);
    const row1 = Math.log(3);
    assert.ok(Math.abs(smooth.forward(z, y) - (row0 + row1) / 2) < 1e-14);
  });
});

describe('numerical stability at huge logits', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`bce and cross-entropy stay finite and exact in the limit (${dtype})`, () => {
      const z = fromRows([[1e30], [-1e30], [1e4], [-1e4]], dtype);
      const y = fromRows([[0], [1], [1], [0]], dtype);
      const bce = createLoss('bce');
      const v = bce.forward(z, y);
      assert.ok(Number.isFinite(v));
      // Wrong by margin |z|: the loss is |z|; right by |z|: 0.
      assert.ok(Math.abs(v - (2 * Number(z.data[0])) / 4) / v < 1e-6);
      const g = Array.from(bce.backward().data);
      assert.deepEqual(g, [0.25, -0.25, 0, 0]);

      const logits = fromRows(
        [
          [1e4, 0, -1e4],
          [-1e30, 1e30, 0],
        ],
        dtype,
      );
      const ce = createLoss('cross_entropy');
      const labelsRight = fromRows([[0], [1]], dtype);
      assert.equal(ce.forward(logits, labelsRight), 0);
      const labelsWrong = fromRows([[2], [0]], dtype);
      const wrong = ce.forward(logits, labelsWrong);
      assert.ok(Number.isFinite(wrong) && wrong > 1e29);
      for (const gi of ce.backward().data) assert.ok(Number.isFinite(gi));
    });
  }
});

describe('loss errors and registry', () => {
  it('every registered loss builds, and unknown names and bad shapes fail with one line', () => {
    for (const name of Object.keys(losses)) assert.equal(createLoss(name as LossSpec).name, name);
    assert.throws(() => createLoss('hinge' as LossSpec), /unknown loss 'hinge'; choose one of: mse/);
    assert.throws(
      () => createLoss('mse').forward(zeros(2, 1), zeros(2, 2)),
      /prediction is 2x1 but target is 2x2/,
    );
    assert.throws(
      () => createLoss('cross_entropy').forward(zeros(1, 3), fromRows([[3]])),
      /label 3 in row 0 is not a class index 0..2/,
    );
    assert.throws(() => createLoss('cross_entropy').forward(zeros(1, 1), fromRows([[0]])), /use bce/);
    assert.throws(() => createLoss({ name: 'bce', labelSmoothing: 1 }), /labelSmoothing must be in \[0, 1\)/);
    assert.throws(() => createLoss('mse').backward(), /backward before forward/);
  });
});
