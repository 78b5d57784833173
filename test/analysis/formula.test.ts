import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FormulaError, networkFormula } from '../../src/analysis/formula.js';
import { Activation } from '../../src/nn/activationLayer.js';
import { activationNames } from '../../src/nn/activations.js';
import { Linear } from '../../src/nn/linear.js';
import { mlp } from '../../src/nn/mlp.js';
import { Sequential } from '../../src/nn/sequential.js';
import { fromRows, toRows } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { evaluateText } from '../helpers/formulaText.js';

function randomizeNorms(model: Sequential, rng: Rng): void {
  for (const { path, param } of model.namedParams())
    if (path.endsWith('gamma') || path.endsWith('beta')) rng.fillUniform(param.value.data, 0.5, 1.5);
  for (const { path, buffer } of model.namedBuffers())
    rng.fillUniform(buffer.value.data, path.endsWith('running_var') ? 0.5 : -0.5, 2);
}

async function assertAgrees(model: Sequential, seed: number): Promise<void> {
  const f = networkFormula(model);
  assert.ok(f.parseable);
  const rng = new Rng(seed);
  const xs = Array.from({ length: 12 }, () => Array.from({ length: model.nIn }, () => rng.uniformIn(-2, 2)));
  const want = toRows(model.predict(fromRows(xs, model.dtype)));
  for (const [n, x] of xs.entries()) {
    const got = await evaluateText(f, x);
    got.forEach((v, i) => {
      const tol = (model.dtype === 'float64' ? 1e-10 : 2e-5) * Math.max(1, Math.abs(want[n][i]));
      assert.ok(Math.abs(v - want[n][i]) <= tol, `${model.label} row ${n} out ${i}: ${v} vs ${want[n][i]}`);
    });
  }
}

describe('networkFormula', () => {
  it('writes each unit as act(Σ w·input + b) with the current weights', () => {
    const m = new Sequential([
      new Linear(2, 2, { dtype: 'float64' }).setWeights(
        [
          [1, -1],
          [-1, 1],
        ],
        [0, 0.5],
      ),
      new Activation(2, 'relu', 'float64'),
      new Linear(2, 1, { dtype: 'float64' }).setWeights([[1, 1]], [-0.25]),
    ]);
    const f = networkFormula(m);
    assert.deepEqual(f.inputs, ['x1', 'x2']);
    assert.deepEqual(f.outputs, ['y']);
    assert.equal(
      f.text,
      '# inputs: x1, x2\nh1_1 = relu(1*x1 - 1*x2 + 0)\nh1_2 = relu(-1*x1 + 1*x2 + 0.5)\ny = 1*h1_1 + 1*h1_2 - 0.25\n',
    );
    const unit = f.layers[0].rows[1];
    assert.equal(unit.kind, 'unit');
    if (unit.kind === 'unit') {
      assert.deepEqual(unit.terms, [
        { coef: -1, input: 'x1' },
        { coef: 1, input: 'x2' },
      ]);
      assert.equal(unit.bias, 0.5);
      assert.equal(unit.activation.name, 'relu');
    }
  });

  it('rounds to the chosen precision and names inputs as asked', () => {
    const m = mlp([1, 3, 1], { seed: 4, dtype: 'float64' });
    m.linears()[0].setWeights([[1.23456789], [-2], [0.5]], [0.000123456, 0, -7]);
    const f = networkFormula(m, { precision: 3, inputs: ['t'] });
    assert.match(f.text, /^h1_1 = relu\(1\.23\*t \+ 0\.000123\)$/m);
    assert.match(f.text, /^h1_3 = relu\(0\.5\*t - 7\)$/m);
    assert.throws(() => networkFormula(m, { precision: 0 }), FormulaError);
    assert.throws(() => networkFormula(m, { inputs: ['a', 'b'] }), /takes 1 inputs but 2/);
    assert.throws(() => networkFormula(m, { inputs: ['h1_1'] }), /cannot be used/);
  });

  it('parsed back at full precision, it computes what predict computes, for every parseable activation', async () => {
    let seed = 1;
    for (const activation of activationNames) {
      if (activation === 'gelu') continue;
      await assertAgrees(mlp([2, 5, 4, 2], { activation, seed: seed++, dtype: 'float64' }), seed);
      await assertAgrees(mlp([2, 5, 4, 1], { activation, seed: seed++ }), seed);
    }
  });

  it('folds batch norm, writes layer norm out, skips dropout and adds residual inputs, and still agrees with predict', async () => {
    const rng = new Rng(9);
    for (const norm of ['batch', 'layer'] as const) {
      for (const residual of [false, true]) {
        const m = mlp([2, 4, 4, 4, 3], {
          norm,
          residual,
          pDrop: 0.2,
          activation: 'tanh',
          seed: 3,
          dtype: 'float64',
        });
        randomizeNorms(m, rng);
        await assertAgrees(m, 5);
        const f = networkFormula(m);
        const notes = f.layers.flatMap((l) => l.notes);
        assert.ok(notes.includes('dropout'));
        assert.match(f.text, /# dropout after this layer: the identity when predicting/);
        if (norm === 'batch') assert.match(f.text, /# batch norm .* folded/);
        else assert.ok(f.layers.some((l) => l.kind === 'layernorm'));
        if (residual)
          assert.ok(
            notes.includes('residual') &&
              f.layers.some((l) => l.rows.some((r) => r.kind === 'unit' && r.skip !== undefined)),
          );
      }
    }
  });

  it('lists the first units of a wide layer and counts the rest; gelu is written but marked unparseable', () => {
    const f = networkFormula(mlp([2, 40, 1], { seed: 2 }), { maxUnits: 3 });
    assert.equal(f.layers[0].rows.length, 3);
    assert.equal(f.layers[0].omitted, 37);
    assert.match(f.text, /… 37 more units/);
    // Cut to two rows per layer, every row written is the full formula's row, with norms and residual blocks too.
    for (const norm of ['batch', 'layer'] as const) {
      const m = mlp([2, 5, 5, 5, 1], { norm, residual: true, seed: 6, dtype: 'float64' });
      randomizeNorms(m, new Rng(2));
      const full = networkFormula(m);
      const cut = networkFormula(m, { maxUnits: 2 });
      assert.equal(cut.layers.length, full.layers.length);
      cut.layers.forEach((layer, i) => {
        const want = full.layers[i].rows.filter((r) => r.kind === 'mean' || r.kind === 'variance').length + 2;
        assert.deepEqual(
          layer.rows,
          full.layers[i].rows.slice(0, Math.min(want, full.layers[i].rows.length)),
        );
      });
    }
    const g = networkFormula(mlp([1, 2, 1], { activation: 'gelu', seed: 2 }));
    assert.equal(g.parseable, false);
    assert.match(g.text, /gelu\(/);
  });
});
