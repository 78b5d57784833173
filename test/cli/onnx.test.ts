import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import { runCli } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'mlp-lab-onnx-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('mlp-lab export --format onnx / import', () => {
  it('a fitted binary model: onnxruntime returns what predict does; import gives the same predictions back', async () => {
    const run = join(dir, 'moons');
    const fit = runCli([
      'fit',
      '--dataset',
      'moons',
      '--arch',
      '2-8-8-1',
      '--activation',
      'tanh',
      '--norm',
      'layer',
      '--epochs',
      '3',
      '--samples',
      '200',
      '--quiet',
      '--out',
      run,
    ]);
    assert.equal(fit.code, 0, fit.stderr);
    const onnx = join(dir, 'moons.onnx');
    const exp = runCli(['export', join(run, 'model.json'), '--format', 'onnx', '--out', onnx]);
    assert.equal(exp.code, 0, exp.stderr);
    const inputs = [
      [0.5, -0.25],
      [1.5, 0.75],
      [-1, 0.3],
    ];
    const predicted = JSON.parse(
      runCli([
        'predict',
        join(run, 'model.json'),
        '--input',
        inputs.map((r) => r.join(',')).join(';'),
        '--json',
      ]).stdout,
    ) as Array<{ output: number[]; label: string; probability: number }>;
    const session = await ort.InferenceSession.create(readFileSync(onnx));
    const result = await session.run({
      input: new ort.Tensor('float32', Float32Array.from(inputs.flat()), [3, 2]),
    });
    const probs = result.output!.data as Float32Array;
    const logits = result.logits!.data as Float32Array;
    predicted.forEach((p, i) => {
      assert.ok(Math.abs(logits[i]! - p.output[0]!) < 1e-5, `logit ${logits[i]} vs ${p.output[0]}`);
      // predict reports the winning class's probability; the graph's output is class 1's.
      const pOne = probs[i]! > 0.5 ? p.probability : 1 - p.probability;
      assert.ok(Math.abs(pOne - 1 / (1 + Math.exp(-p.output[0]!))) < 1e-6);
      assert.ok(Math.abs(probs[i]! - pOne) < 1e-5, `probability ${probs[i]} vs ${pOne}`);
    });
    const back = join(dir, 'back.json');
    const imp = runCli(['import', onnx, '--out', back]);
    assert.equal(imp.code, 0, imp.stderr);
    const again = JSON.parse(
      runCli(['predict', back, '--input', inputs.map((r) => r.join(',')).join(';'), '--json']).stdout,
    ) as typeof predicted;
    assert.deepEqual(
      again.map((p) => p.label),
      predicted.map((p) => p.label),
    );
    for (const [i, p] of again.entries()) assert.ok(Math.abs(p.output[0]! - predicted[i]!.output[0]!) < 1e-5);
  });

  it('bad input exits 2 with one line: an unknown format, a file that is not ONNX', () => {
    const fmt = runCli(['export', 'x.json', '--format', 'tflite', '--out', 'x']);
    assert.equal(fmt.code, 2);
    assert.match(fmt.stderr, /--format must be onnx, got 'tflite'/);
    const junk = join(dir, 'junk.onnx');
    writeFileSync(junk, 'this is not protobuf at all');
    const imp = runCli(['import', junk, '--out', join(dir, 'j.json')]);
    assert.equal(imp.code, 2, imp.stderr);
    assert.equal(imp.stderr.trim().split('\n').length, 1);
    assert.match(imp.stderr, /junk\.onnx/);
  });
});
