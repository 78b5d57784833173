/** A model trained on input features (the playground's x1², sin x1, Fourier columns) stays usable from the command line. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { applyFeatures, type FeatureSpec } from '../../src/data/features.js';
import { stringifyModel } from '../../src/io/modelFile.js';
import { mlp } from '../../src/nn/mlp.js';
import { fromRows } from '../../src/tensor/matrix.js';
import { runCli } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'mlp-lab-features-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const spec: FeatureSpec = {
  inputs: ['x1', 'x2'],
  terms: ['x1^2', 'x1*x2', 'sin(x2)'],
  fourier: { count: 2, scale: 1.5, seed: 4 },
};
const model = mlp([7, 5, 1], { activation: 'tanh', seed: 3 });
const file = join(dir, 'model.json');
writeFileSync(
  file,
  stringifyModel(model, {
    task: 'regression',
    featureNames: ['x1²', 'x1·x2', 'sin(x2)', 's1', 'c1', 's2', 'c2'],
    inputFeatures: spec,
  }),
);

describe('model files with input features', () => {
  it('info names the features and the raw inputs predict takes', () => {
    const r = runCli(['info', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /input features: x1², x1·x2, sin\(x2\), sin\(2π·b1·x\), cos\(2π·b1·x\), sin\(2π·b2·x\), cos\(2π·b2·x\) \(computed from x1, x2; predict takes x1, x2\)/,
    );
  });

  it('predict computes the features from raw inputs, from --input and from a CSV with the raw header', () => {
    const rows = [
      [0.5, -1],
      [2, 0.25],
    ];
    const expected = Array.from(model.predict(applyFeatures(spec, fromRows(rows))).data);
    const r = runCli(['predict', file, '--input', '0.5,-1;2,0.25', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const got = (JSON.parse(r.stdout) as { input: number[]; output: number[] }[]).map((p) => p.output[0]);
    assert.deepEqual(got, expected);
    const csv = join(dir, 'in.csv');
    writeFileSync(csv, 'x1,x2\n0.5,-1\n2,0.25\n');
    const c = runCli(['predict', file, '--csv', csv, '--json']);
    assert.equal(c.code, 0, c.stderr);
    assert.deepEqual(
      (JSON.parse(c.stdout) as { output: number[] }[]).map((p) => p.output[0]),
      expected,
    );
    const wide = runCli(['predict', file, '--input', '1,2,3']);
    assert.notEqual(wide.code, 0);
    assert.match(wide.stderr, /--input must be rows of 2 finite numbers/);
  });

  it('the loader refuses features that do not give the model its input width, and ONNX export refuses features', () => {
    const small = mlp([3, 1], { seed: 1 });
    assert.throws(
      () => stringifyModel(small, { inputFeatures: { inputs: ['x1', 'x2'], terms: ['x1'] } }),
      /metadata.inputFeatures gives 1 columns but the model takes 3 inputs/,
    );
    // A file edited by hand: one term more than the model takes.
    const text = stringifyModel(small, {
      inputFeatures: { inputs: ['x1', 'x2'], terms: ['x1', 'x2', 'x1^2'] },
    });
    assert.ok(text.includes('"x1^2"]'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, text.replace('"x1^2"]', '"x1^2","x2^2"]'));
    const r = runCli(['info', bad]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /metadata.inputFeatures gives 4 columns but the model takes 3 inputs/);
    const o = runCli(['export', file, '--format', 'onnx', '--out', join(dir, 'm.onnx')]);
    assert.notEqual(o.code, 0);
    assert.match(o.stderr, /input features .* that the ONNX graph would not compute/);
  });
});
