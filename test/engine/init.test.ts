/**
 * Initialisers against their formulas (PyTorch's torch.nn.init): sample mean
 * and variance within 5 standard errors, on non-square weights so a wrong fan
 * would show, and activationGain against PyTorch's calculate_gain table.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activationGain, activationNames } from '../../src/nn/activations.js';
import { type InitSpec, initialize } from '../../src/nn/init.js';
import { mlp } from '../../src/nn/mlp.js';
import { type Matrix, zeros } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { gramColumns, gramRows, maxDeviationFromScaledIdentity } from '../helpers/linalg.js';
import { assertMoments, KURTOSIS, uniformVariance } from '../helpers/stats.js';

/** A weight [nOut×nIn] = [200×300]: fan_in 300, fan_out 200, 60 000 draws. */
const FAN_OUT = 200;
const FAN_IN = 300;

function draw(spec: InitSpec, seed: number, defaultGain?: number): Matrix {
  const W = zeros(FAN_OUT, FAN_IN, 'float64');
  initialize(W, spec, new Rng(seed), defaultGain);
  return W;
}

describe('constant initialisers', () => {
  it('zeros and constant fill every entry with the value', () => {
    assert.ok(draw('zeros', 1).data.every((v) => v === 0));
    assert.ok(draw({ name: 'constant', value: 0.7 }, 1).data.every((v) => v === 0.7));
  });
});

describe('distributions match their formulas', () => {
  const g = 1.7;
  const cases: [string, InitSpec, number, number, number][] = [
    // label, spec, mean, variance, kurtosis
    [
      'uniform(−0.3, 0.5)',
      { name: 'uniform', low: -0.3, high: 0.5 },
      0.1,
      uniformVariance(-0.3, 0.5),
      KURTOSIS.uniform,
    ],
    ['uniform default ±0.05', 'uniform', 0, uniformVariance(-0.05, 0.05), KURTOSIS.uniform],
    ['normal(0.2, 0.4²)', { name: 'normal', mean: 0.2, std: 0.4 }, 0.2, 0.16, KURTOSIS.normal],
    ['normal default std 0.05', 'normal', 0, 0.0025, KURTOSIS.normal],
    ['xavier_uniform', 'xavier_uniform', 0, 2 / (FAN_IN + FAN_OUT), KURTOSIS.uniform],
    [
      'xavier_uniform gain',
      { name: 'xavier_uniform', gain: g },
      0,
      (g * g * 2) / (FAN_IN + FAN_OUT),
      KURTOSIS.uniform,
    ],
    ['xavier_normal', 'xavier_normal', 0, 2 / (FAN_IN + FAN_OUT), KURTOSIS.normal],
    [
      'xavier_normal gain',
      { name: 'xavier_normal', gain: g },
      0,
      (g * g * 2) / (FAN_IN + FAN_OUT),
      KURTOSIS.normal,
    ],
    ['he_uniform (default gain √2, fan_in)', 'he_uniform', 0, 2 / FAN_IN, KURTOSIS.uniform],
    ['he_uniform fan_out', { name: 'he_uniform', mode: 'fan_out' }, 0, 2 / FAN_OUT, KURTOSIS.uniform],
    ['he_uniform gain', { name: 'he_uniform', gain: g }, 0, (g * g) / FAN_IN, KURTOSIS.uniform],
    ['he_normal fan_in', 'he_normal', 0, 2 / FAN_IN, KURTOSIS.normal],
    [
      'he_normal fan_out gain',
      { name: 'he_normal', mode: 'fan_out', gain: g },
      0,
      (g * g) / FAN_OUT,
      KURTOSIS.normal,
    ],
    ['lecun_normal', 'lecun_normal', 0, 1 / FAN_IN, KURTOSIS.normal],
  ];
  cases.forEach(([label, spec, mean, variance, kurtosis], k) => {
    it(label, () => {
      assertMoments(draw(spec, 10 + k).data, { mean, variance, kurtosis }, label);
    });
  });

  it('uniform bounds: every draw lies in [low, high), and xavier/he in ±bound', () => {
    const u = draw({ name: 'uniform', low: -0.3, high: 0.5 }, 30).data;
    assert.ok(u.every((v) => v >= -0.3 && v < 0.5));
    const a = Math.sqrt(6 / (FAN_IN + FAN_OUT));
    assert.ok(draw('xavier_uniform', 31).data.every((v) => Math.abs(v) <= a));
    const b = Math.SQRT2 * Math.sqrt(3 / FAN_IN);
    assert.ok(draw('he_uniform', 32).data.every((v) => Math.abs(v) <= b));
  });

  it("the builder's defaultGain reaches he only; an explicit gain wins", () => {
    assertMoments(
      draw('he_normal', 40, 5 / 3).data,
      { mean: 0, variance: 25 / 9 / FAN_IN, kurtosis: 3 },
      'he tanh',
    );
    assertMoments(
      draw('xavier_normal', 41, 5 / 3).data,
      { mean: 0, variance: 2 / (FAN_IN + FAN_OUT), kurtosis: 3 },
      'xavier',
    );
    assertMoments(
      draw({ name: 'he_normal', gain: 1 }, 42, 5 / 3).data,
      { mean: 0, variance: 1 / FAN_IN, kurtosis: 3 },
      'explicit',
    );
  });

  it('aliases: he and kaiming are he_normal, xavier and glorot xavier_uniform, lecun lecun_normal', () => {
    for (const [alias, name] of [
      ['he', 'he_normal'],
      ['kaiming', 'he_normal'],
      ['xavier', 'xavier_uniform'],
      ['glorot', 'xavier_uniform'],
      ['lecun', 'lecun_normal'],
    ] as const) {
      assert.deepEqual(draw(alias, 50).data, draw(name, 50).data, alias);
    }
    assert.throws(() => draw('nope' as InitSpec, 1), /unknown initialiser 'nope': choose one of/);
  });

  it('mlp() defaults: He uniform with the activation gain for ReLU, Xavier uniform for tanh', () => {
    const relu = mlp([FAN_IN, FAN_OUT, 1], { dtype: 'float64', seed: 60 }).linears()[0].weight.value;
    assertMoments(relu.data, { mean: 0, variance: 2 / FAN_IN, kurtosis: KURTOSIS.uniform }, 'relu');
    const tanh = mlp([FAN_IN, FAN_OUT, 1], { activation: 'tanh', dtype: 'float64', seed: 61 }).linears()[0]
      .weight.value;
    assertMoments(
      tanh.data,
      { mean: 0, variance: 2 / (FAN_IN + FAN_OUT), kurtosis: KURTOSIS.uniform },
      'tanh',
    );
    const leaky = mlp([FAN_IN, FAN_OUT, 1], {
      activation: { name: 'leaky_relu', alpha: 0.5 },
      dtype: 'float64',
      seed: 62,
    });
    assertMoments(
      leaky.linears()[0].weight.value.data,
      { mean: 0, variance: 2 / 1.25 / FAN_IN, kurtosis: KURTOSIS.uniform },
      'leaky',
    );
  });
});

describe('orthogonal', () => {
  for (const [rows, cols, gain] of [
    [5, 9, 1],
    [9, 5, 1],
    [7, 7, 1.5],
    [12, 4, 2],
  ] as const) {
    it(`${rows}×${cols}, gain ${gain}: ${rows <= cols ? 'W Wᵀ' : 'Wᵀ W'} = gain²·I`, () => {
      const W = zeros(rows, cols, 'float64');
      initialize(W, { name: 'orthogonal', gain }, new Rng(rows * 100 + cols));
      const gram = rows <= cols ? gramRows(W) : gramColumns(W);
      const dev = maxDeviationFromScaledIdentity(gram, gain * gain);
      assert.ok(dev < 1e-12, `deviation ${dev}`);
    });
  }
});

describe('activationGain follows PyTorch calculate_gain', () => {
  // torch.nn.init.calculate_gain: linear/sigmoid 1, tanh 5/3, relu √2,
  // leaky_relu √(2/(1 + slope²)) with slope 0.01 by default. PyTorch defines
  // no other gain; the engine uses 1 for those, except hard_tanh, which takes
  // tanh's 5/3.
  const table: [Parameters<typeof activationGain>[0], number][] = [
    ['identity', 1],
    ['sigmoid', 1],
    ['tanh', 5 / 3],
    ['relu', Math.SQRT2],
    ['leaky_relu', Math.sqrt(2 / (1 + 0.01 ** 2))],
    [{ name: 'leaky_relu', alpha: 0.2 }, Math.sqrt(2 / (1 + 0.04))],
    ['hard_tanh', 5 / 3],
  ];
  for (const [spec, gain] of table) {
    it(`${JSON.stringify(spec)} → ${gain}`, () => assert.equal(activationGain(spec), gain));
  }
  it('every activation PyTorch gives no gain has gain 1', () => {
    const listed = new Set(['identity', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'hard_tanh']);
    for (const name of activationNames.filter((n) => !listed.has(n)))
      assert.equal(activationGain(name), 1, name);
  });
});
