/**
 * ONNX files exported by PyTorch (scripts/make-onnx-fixtures.py, Debian's
 * python3-torch 1.13, opset 17) read into mlp-lab: the imported net must
 * compute what PyTorch computed. The committed fixtures always run; where
 * torch is importable they are also regenerated into a temporary folder and
 * checked the same way, so a change in torch's export shows up here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { onnxToModel } from '../../src/io/onnx/import.js';
import { fromRows } from '../../src/tensor/matrix.js';

const root = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../../' : '../../../', import.meta.url),
);
const committed = join(root, 'test', 'fixtures', 'onnx');

interface Fixture {
  inputs: number[][];
  outputs: number[][];
}

/** mlp-lab's prediction as PyTorch's net returns it: softmax applied for a multiclass model. */
function predict(bytes: Uint8Array, inputs: number[][], source: string): number[][] {
  const { model, metadata } = onnxToModel(bytes, source);
  const out = model.predict(fromRows(inputs, 'float32'));
  const rows: number[][] = [];
  for (let r = 0; r < out.rows; r++) {
    const row = Array.from(out.data.subarray(r * out.cols, (r + 1) * out.cols));
    if (metadata.task !== 'multiclass') rows.push(row);
    else {
      const max = Math.max(...row);
      const e = row.map((v) => Math.exp(v - max));
      const s = e.reduce((a, b) => a + b, 0);
      rows.push(e.map((v) => v / s));
    }
  }
  return rows;
}

function checkFolder(dir: string): string[] {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.onnx'))
    .map((f) => f.slice(0, -5));
  for (const name of names) {
    const fixture = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Fixture;
    const got = predict(readFileSync(join(dir, `${name}.onnx`)), fixture.inputs, `${name}.onnx`);
    for (const [r, row] of fixture.outputs.entries()) {
      for (const [c, want] of row.entries()) {
        const diff = Math.abs(got[r]![c]! - want);
        assert.ok(
          diff <= 1e-5 * Math.max(1, Math.abs(want)),
          `${name} row ${r} col ${c}: ${got[r]![c]} vs torch ${want}`,
        );
      }
    }
  }
  return names;
}

const torchPython = ['/usr/bin/python3', 'python3'].find(
  (python) => spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore', timeout: 120_000 }).status === 0,
);

describe('ONNX import of PyTorch exports', () => {
  it('the committed fixtures compute what PyTorch computed', () => {
    const names = checkFolder(committed);
    assert.deepEqual(names.sort(), [
      'batchnorm_layernorm',
      'elu_hardsigmoid_softplus_hardtanh_silu',
      'leaky_sigmoid_softmax',
      'relu_tanh',
    ]);
  });

  if (torchPython) {
    const fresh = mkdtempSync(join(tmpdir(), 'mlp-lab-onnx-fixtures-'));
    after(() => rmSync(fresh, { recursive: true, force: true }));
    it(`fixtures exported again by this machine's torch (${torchPython}) read the same way`, () => {
      const r = spawnSync(torchPython, [join(root, 'scripts', 'make-onnx-fixtures.py'), fresh], {
        encoding: 'utf8',
        timeout: 300_000,
      });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(checkFolder(fresh).length, 4);
    });
  }
});
