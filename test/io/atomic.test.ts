import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readJsonFile, writeFileAtomic, writeJsonAtomic } from '../../src/io/atomic.node.js';
import { ModelFileError } from '../../src/io/modelFile.js';
import { loadModel, saveModel } from '../../src/io/modelFile.node.js';
import { mlp } from '../../src/nn/mlp.js';
import { bytesOf, randomInput, withTempDir } from './helpers.js';

describe('atomic writes', () => {
  it('writes, then replaces, leaving no temp files', () =>
    withTempDir((dir) => {
      const p = join(dir, 'a.json');
      writeFileAtomic(p, 'one');
      writeFileAtomic(p, new TextEncoder().encode('two'));
      assert.equal(readFileSync(p, 'utf8'), 'two');
      assert.deepEqual(readdirSync(dir), ['a.json']);
    }));

  it('a failure after the data is written (a crash before the rename) keeps the old file intact', () =>
    withTempDir((dir) => {
      const p = join(dir, 'ckpt.json');
      writeJsonAtomic(p, { epoch: 1 });
      let sawTemp = '';
      assert.throws(
        () =>
          writeJsonAtomic(
            p,
            { epoch: 2, big: 'x'.repeat(100000) },
            {
              beforeRename: (temp) => {
                sawTemp = temp;
                // The new data is fully on disk in the temp file, next to the target.
                assert.ok(readFileSync(temp, 'utf8').includes('"epoch": 2'));
                throw new Error('simulated crash');
              },
            },
          ),
        /simulated crash/,
      );
      assert.ok(sawTemp.startsWith(join(dir, '.ckpt.json.')));
      assert.deepEqual(readJsonFile(p), { epoch: 1 });
      assert.deepEqual(readdirSync(dir), ['ckpt.json']);
    }));

  it('a value that cannot be serialised never touches the disk', () =>
    withTempDir((dir) => {
      const p = join(dir, 'ckpt.json');
      writeJsonAtomic(p, { ok: true });
      assert.throws(
        () => writeJsonAtomic(p, { loss: Number.NaN }),
        /loss: it is NaN, which JSON cannot represent/,
      );
      assert.throws(() => writeJsonAtomic(p, { n: 1n }), TypeError);
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      assert.throws(() => writeJsonAtomic(p, cyclic));
      assert.deepEqual(readJsonFile(p), { ok: true });
      assert.deepEqual(readdirSync(dir), ['ckpt.json']);
    }));

  it('writing into a missing directory or over a directory fails cleanly', () =>
    withTempDir((dir) => {
      assert.throws(() => writeFileAtomic(join(dir, 'nope', 'a.json'), 'x'), /ENOENT/);
      mkdirSync(join(dir, 'sub'));
      writeFileSync(join(dir, 'sub', 'keep'), 'k');
      assert.throws(() => writeFileAtomic(join(dir, 'sub'), 'x'));
      assert.equal(readFileSync(join(dir, 'sub', 'keep'), 'utf8'), 'k');
      assert.deepEqual(readdirSync(dir).sort(), ['sub']);
    }));

  it('typed arrays are written as number arrays', () =>
    withTempDir((dir) => {
      const p = join(dir, 'c.json');
      writeJsonAtomic(p, { w: new Float32Array([0.5, -1]) });
      assert.deepEqual(readJsonFile(p), { w: [0.5, -1] });
    }));

  it('readJsonFile gives one-line errors naming the file', () =>
    withTempDir((dir) => {
      assert.throws(
        () => readJsonFile(join(dir, 'x.json'), 'checkpoint'),
        /x\.json: no such checkpoint \(check the path\)$/,
      );
      writeFileSync(join(dir, 'bad.json'), '{');
      assert.throws(() => readJsonFile(join(dir, 'bad.json')), /bad\.json: not valid JSON/);
    }));
});

describe('model files on disk', () => {
  it('save then load is exact', () =>
    withTempDir((dir) => {
      const p = join(dir, 'model.json');
      const model = mlp([2, 16, 1], { activation: 'tanh', seed: 8 });
      saveModel(p, model, { task: 'regression', target: 'x*y' });
      const { model: back, metadata } = loadModel(p);
      const x = randomInput(11, 2, 3);
      assert.ok(bytesOf(back.predict(x).data).equals(bytesOf(model.predict(x).data)));
      assert.equal(metadata.target, 'x*y');
    }));

  it('saving a diverged model fails and keeps the previous good model', () =>
    withTempDir((dir) => {
      const p = join(dir, 'model.json');
      const model = mlp([1, 4, 1], { seed: 1 });
      saveModel(p, model);
      const before = readFileSync(p, 'utf8');
      model.setParams({ '0.bias': [0, Number.POSITIVE_INFINITY, 0, 0] });
      assert.throws(() => saveModel(p, model), /parameter '0.bias' value 1 is Infinity/);
      assert.equal(readFileSync(p, 'utf8'), before);
      assert.deepEqual(readdirSync(dir), ['model.json']);
      loadModel(p);
    }));

  it('load errors name the file: missing, directory, not JSON, not a model', () =>
    withTempDir((dir) => {
      const check = (p: string, re: RegExp) =>
        assert.throws(
          () => loadModel(p),
          (e: unknown) => e instanceof ModelFileError && e.message.startsWith(`${p}: `) && re.test(e.message),
        );
      check(join(dir, 'missing.json'), /no such model file/);
      check(dir, /is a directory, expected a model file/);
      writeFileSync(join(dir, 'x.json'), 'hello');
      check(join(dir, 'x.json'), /not valid JSON/);
      writeFileSync(join(dir, 'c.json'), '{"epoch": 3}');
      check(join(dir, 'c.json'), /no "format" field/);
    }));
});
