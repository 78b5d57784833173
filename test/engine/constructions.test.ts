/**
 * The engine runs the library's exact constructions exactly: with dyadic
 * inputs every product and sum it forms is exact in float64, so outputs are
 * compared with ===. (test/analysis/ checks the constructions themselves.)
 * The hard-threshold gates stay here: they exercise hard_sigmoid, which the
 * library's ReLU constructions do not use.
 */
import { describe, it } from 'node:test';
import {
  absNet,
  dyadicGrid,
  evaluate1d,
  evaluateRows,
  GATES,
  gateTruth,
  logicNet,
  maxNet,
  minNet,
  sawtoothNet,
  squareHinges,
  yarotskySquare,
} from '../../src/analysis/index.js';
import { Activation } from '../../src/nn/activationLayer.js';
import { Linear } from '../../src/nn/linear.js';
import { Sequential } from '../../src/nn/sequential.js';
import { fromRows } from '../../src/tensor/matrix.js';
import { assertExact } from '../helpers/exact.js';

const inputs = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

describe('the library constructions run exactly in the engine', () => {
  it('|x|, max (both forms) and min', () => {
    const xs = dyadicGrid(4, 6);
    assertExact('|x|', evaluate1d(absNet(), xs), xs.map(Math.abs));
    const pairs = dyadicGrid(2, 3).flatMap((a) => dyadicGrid(2, 3).map((b) => [a, b]));
    const max = pairs.map(([a, b]) => Math.max(a, b));
    assertExact('max', evaluateRows(maxNet(), pairs).flat(), max);
    assertExact('max skip', evaluateRows(maxNet({ skip: true }), pairs).flat(), max);
    assertExact(
      'min',
      evaluateRows(minNet(), pairs).flat(),
      pairs.map(([a, b]) => Math.min(a, b)),
    );
  });

  it('AND, OR, NAND, XOR with ReLU units', () => {
    for (const gate of GATES)
      assertExact(
        gate,
        evaluateRows(logicNet(gate), inputs).flat(),
        inputs.map(([a, b]) => gateTruth[gate](a, b)),
      );
  });

  it('Yarotsky: x − Σ_{s≤k} T^s(x)/4^s from the sawtooths equals the hinge interpolant and the Yarotsky net', () => {
    const k = 5;
    const xs = Array.from({ length: 2 ** (k + 3) + 1 }, (_, i) => i / 2 ** (k + 3));
    const teeth = Array.from({ length: k }, (_, s) => evaluate1d(sawtoothNet(s + 1), xs));
    const sum = xs.map((x, i) => teeth.reduce((acc, t, s) => acc - t[i] / 4 ** (s + 1), x));
    assertExact('yarotsky', evaluate1d(yarotskySquare(k), xs), sum);
    // squareHinges interpolates on [−1, 1]; at 2^(k+1) pieces its knots on [0, 1] are those of the sawtooth sum.
    assertExact('hinges', evaluate1d(squareHinges(2 ** (k + 1)).model, xs), sum);
  });
});

describe('logic gates with hard-threshold units', () => {
  // hard_sigmoid(t) = clamp(t/6 + ½, 0, 1) is 0 for t ≤ −3 and 1 for t ≥ 3, so
  // t = 6·s − 9 fires only for s = 2 (AND), t = 6·s − 3 for s ≥ 1 (OR).
  it('AND, OR, NOT, NAND and (two layers) XOR', () => {
    const outputs = (model: Sequential, rows: number[][]) =>
      Array.from(model.predict(fromRows(rows, 'float64')).data);
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
