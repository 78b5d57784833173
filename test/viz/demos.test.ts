/** The activations and elements demos, run small, and `mlp-lab figures` writing what the docs show. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { demos } from '../../src/cli/demos/index.js';
import { activationNames } from '../../src/nn/activations.js';
import { runCli } from '../cli/run.js';
import { pngSize } from './svgCheck.js';

describe('demo activations', () => {
  it('checks every activation against finite differences and the classic peaks, with two figures', async () => {
    const out = await demos.activations.run({ seed: 1, quick: true });
    const { claims } = out.report;
    assert.ok(claims.every((c) => c.holds));
    for (const name of activationNames) {
      const c = claims.find((k) => k.name.startsWith(`${name}: `));
      assert.ok(c && typeof c.measured === 'number' && c.measured <= 1e-6, name);
    }
    assert.equal(out.report.sigmoidPeak, 0.25);
    assert.equal(out.report.tanhPeak, 1);
    assert.deepEqual(
      out.figures.map((f) => f.name),
      ['activations', 'activations-classic'],
    );
  });
});

describe('demo elements', () => {
  it('reports the forward pass, the loss, a lower loss after one step and matching gradients', async () => {
    const out = await demos.elements.run({ seed: 1, quick: true });
    const r = out.report as Record<string, unknown> & typeof out.report;
    assert.ok(r.claims.every((c) => c.holds));
    assert.equal(r.output, 0);
    assert.equal(r.loss, 1);
    assert.ok((r.lossAfter as number) < 0.01);
    assert.ok((r.maxGradientGap as number) < 1e-8);
    assert.deepEqual((r.gradients as Record<string, number[]>)['0.weight'], [-2, -4, 1, 2]);
    assert.match(out.text, /∂L\/∂ŷ = 2\(ŷ − y\) = -2/);
    assert.deepEqual(
      out.figures.map((f) => f.name),
      ['elements', 'elements-network'],
    );
  });
});

describe('mlp-lab figures', () => {
  it('writes SVG and PNG for every figure of the chosen demos, and an index', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlp-lab-figures-'));
    const r = runCli(['figures', '--out', dir, '--only', 'activations,elements', '--quick']);
    assert.equal(r.code, 0, r.stderr);
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as {
      name: string;
      demo: string;
      png: string;
      svg: string;
      width: number;
      height: number;
    }[];
    assert.deepEqual(
      index.map((e) => `${e.demo}/${e.name}`),
      [
        'activations/activations',
        'activations/activations-classic',
        'elements/elements',
        'elements/elements-network',
      ],
    );
    for (const e of index) {
      const size = pngSize(new Uint8Array(readFileSync(join(dir, e.png))));
      assert.equal(size.width, Math.round(e.width));
      assert.ok(readFileSync(join(dir, e.svg), 'utf8').startsWith('<svg'));
    }
    assert.deepEqual(
      readdirSync(dir).sort(),
      [...index.flatMap((e) => [e.png, e.svg]), 'index.json', 'index.md'].sort(),
    );
    const md = readFileSync(join(dir, 'index.md'), 'utf8');
    assert.match(
      md,
      /^- The elements of a network: one forward and one backward pass \(`mlp-lab demo elements`\): \[SVG\]\(elements\.svg\) · \[PNG\]\(elements\.png\)$/m,
    );
    assert.match(r.stdout, /4 figures written/);
  });

  it('--format png writes the PNGs and an index that links only them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlp-lab-figures-'));
    const r = runCli(['figures', '--out', dir, '--only', 'elements', '--quick', '--format', 'png']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(dir).sort(), [
      'elements-network.png',
      'elements.png',
      'index.json',
      'index.md',
    ]);
    const md = readFileSync(join(dir, 'index.md'), 'utf8');
    assert.match(md, /\[PNG\]\(elements\.png\)/);
    assert.doesNotMatch(md, /SVG/);
  });

  it('names the unknown demo and exits 2', () => {
    const r = runCli(['figures', '--out', mkdtempSync(join(tmpdir(), 'mlp-lab-figures-')), '--only', 'nope']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown demo 'nope'/);
  });
});
