import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildReport } from '../../src/cli/report.js';
import { generateSynthetic } from '../../src/data/synthetic.js';
import { saveModel } from '../../src/io/modelFile.node.js';
import { mlp } from '../../src/nn/mlp.js';
import { Rng } from '../../src/tensor/rng.js';
import { fit } from '../../src/train/fit.js';
import { runCli } from '../cli/run.js';

describe('experiments report and probes command', () => {
  it('report writes one self-contained HTML page and a JSON of the numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlp-lab-report-'));
    try {
      await buildReport({ out: dir, size: 'test', seed: 0, only: ['spectral', 'init'] });
      const html = readFileSync(join(dir, 'report.html'), 'utf8');
      assert.match(html, /^<!doctype html>/);
      assert.match(html, /<\/html>\s*$/);
      const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
      assert.ok(svgs.length >= 4, `${svgs.length} inline figures`);
      // Self-contained: nothing is fetched (no scripts, no external images, styles or fonts).
      assert.doesNotMatch(html, /<script|<link|src="http|url\(http/);
      assert.doesNotMatch(html, /<\?xml/);
      const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
      assert.deepEqual(Object.keys(json.experiments), ['spectral', 'init']);
      for (const e of Object.values(json.experiments) as { claims: { holds: boolean }[] }[]) {
        assert.ok(e.claims.length > 0);
        assert.ok(e.claims.every((c) => c.holds));
      }
      assert.ok(json.experiments.init.cases[0].measured.variance.length === 20);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('mlp-lab probes reports per-layer probe accuracy of a saved model', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlp-lab-probes-'));
    try {
      const data = generateSynthetic('spirals', { n: 600, rng: new Rng(0) });
      const model = mlp([2, 24, 24, 2], { seed: 0 });
      fit(model, data, { epochs: 60, loss: 'cross_entropy' });
      const path = join(dir, 'model.json');
      saveModel(path, model);
      const r = runCli([
        'probes',
        path,
        '--dataset',
        'spirals',
        '--samples',
        '600',
        '--epochs',
        '60',
        '--json',
      ]);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.deepEqual(
        out.layers.map((l: { layer: string }) => l.layer),
        ['input', '1', '3'],
      );
      const acc = out.layers.map((l: { testAccuracy: number }) => l.testAccuracy);
      assert.ok(acc[2] > acc[0] + 0.2, `probe accuracies ${acc}`);
      const bad = runCli(['probes', path, '--dataset', 'saddle']);
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /classification/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
