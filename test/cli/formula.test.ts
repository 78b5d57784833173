import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseTarget } from '../../src/data/expression.js';
import { saveModel } from '../../src/io/modelFile.node.js';
import { mlp } from '../../src/nn/mlp.js';
import { fromRows, toRows } from '../../src/tensor/matrix.js';
import { runCli } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'mlp-lab-formula-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('mlp-lab info --formula', () => {
  const model = mlp([2, 3, 1], { activation: 'tanh', seed: 7, dtype: 'float64' });
  const path = join(dir, 'model.json');
  saveModel(path, model, { featureNames: ['u', 'v'] });

  it('prints formulas over the feature names that, read back at full precision, compute what the model does', async () => {
    const r = runCli(['info', path, '--formula', 'full']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^h1_1 = tanh\(.*\*u .*\*v .*\)$/m);
    const env = new Map<string, number>([
      ['u', 0.3],
      ['v', -1.2],
    ]);
    for (const line of r.stdout.trim().split('\n')) {
      if (line.startsWith('#')) continue;
      const [name, rhs] = line.split(' = ');
      const t = await parseTarget(rhs, [...env.keys()]);
      env.set(name, t.evaluate(...t.variables.map((k) => env.get(k) as number)));
    }
    const want = toRows(model.predict(fromRows([[0.3, -1.2]], 'float64')))[0][0];
    assert.ok(Math.abs((env.get('y') as number) - want) < 1e-12, `${env.get('y')} vs ${want}`);
  });

  it('rounds to the digits asked and refuses a bad digit count with exit 2', () => {
    const r = runCli(['info', path, '--formula', '2']);
    assert.equal(r.code, 0, r.stderr);
    for (const m of r.stdout.matchAll(/\d+\.\d+(e-?\d+)?/g))
      assert.ok(
        m[0]
          .replace(/^0\.0*/, '')
          .replace('.', '')
          .replace(/e.*/, '').length <= 2,
        m[0],
      );
    const bad = runCli(['info', path, '--formula', '40']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--formula takes a number of digits from 1 to 17 or full, got 40/);
  });
});
