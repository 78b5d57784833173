import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LINE_VALUES, modelFileLines } from '../../src/io/modelFile.js';
import { loadModel, saveModel } from '../../src/io/modelFile.node.js';
import { mlp } from '../../src/nn/mlp.js';

describe('large model files are written and read a line at a time', () => {
  it('no line grows with the model, and a 6-million-parameter model round-trips exactly', () => {
    const model = mlp([1, 2_000_000, 1], { seed: 1 });
    // A base64 line of LINE_VALUES float32 values plus its quotes and newline.
    const longest = 4 * Math.ceil((LINE_VALUES * 4) / 3) + 3;
    let lines = 0;
    for (const line of modelFileLines(model)) {
      if (lines++ > 0) assert.ok(line.length <= longest, `line ${lines} has ${line.length} characters`);
    }
    assert.equal(lines, 1 + 3 * Math.ceil(2_000_000 / LINE_VALUES) + 1);
    const dir = mkdtempSync(join(tmpdir(), 'mlp-lab-large-'));
    try {
      const path = join(dir, 'model.json');
      saveModel(path, model);
      assert.ok(statSync(path).size > 32e6);
      const back = loadModel(path).model;
      const a = model.getParams();
      const b = back.getParams();
      for (const key of Object.keys(a))
        assert.ok(Buffer.from(a[key]!.buffer).equals(Buffer.from(b[key]!.buffer)), key);
      assert.equal(readFileSync(path, 'utf8').split('\n')[0]!.length < 2000, true, 'the header stays small');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
