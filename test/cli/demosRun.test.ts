/**
 * Every demonstration, run small (--quick) through its function, checked by
 * its numbers: the claims hold and the report carries the values the claims
 * are about.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DemoReport } from '../../src/cli/demos/demo.js';
import { demos } from '../../src/cli/demos/index.js';
import { parseSvg } from '../viz/svgCheck.js';

// biome-ignore lint/suspicious/noExplicitAny: each test reads the fields its demo documents and checks them
type Report = DemoReport & Record<string, any>;

async function run(name: string, seed = 1, figures: string[] = []): Promise<Report> {
  const out = await demos[name].run({ seed, quick: true });
  assert.deepEqual(
    out.figures.map((f) => f.name),
    figures,
  );
  for (const f of out.figures) {
    const root = parseSvg(f.svg)[0];
    assert.equal(root.name, 'svg');
    assert.equal(Number(root.attrs.width), f.width, `${f.name}: svg width`);
    assert.ok(f.title.length > 0);
  }
  const report = out.report as Report;
  assert.equal(report.demo, name);
  assert.ok(report.claims.length > 0);
  for (const c of report.claims)
    assert.ok(c.holds, `${name}: ${c.name}: measured ${c.measured}, expected ${c.expected}`);
  assert.ok(out.text.length > 0);
  // The report is plain JSON: it survives a round trip unchanged.
  assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
  return report;
}

describe('the demonstrations, run small', () => {
  it('registers the constructions, the drawings, the regions demo and the experiments', () => {
    assert.deepEqual(Object.keys(demos).sort(), [
      'abs',
      'activations',
      'bumps',
      'depth-vs-width',
      'elements',
      'gradflow',
      'init',
      'linear-collapse',
      'logic',
      'max',
      'memorize',
      'probes',
      'regions',
      'regularisation',
      'schedules',
      'spectral',
      'square',
      'telgarsky',
      'universal',
      'xor',
      'yarotsky',
    ]);
  });

  it('linear-collapse: the folded map equals the net; XOR stays at ½', async () => {
    const r = await run('linear-collapse', 1, ['linear-collapse-xor']);
    assert.ok(r.maxError <= 1e-12);
    assert.deepEqual(r.parameters, {
      stack: 3 * 16 + 16 + 16 * 16 + 16 + 16 * 16 + 16 + 16 * 2 + 2,
      collapsed: 8,
    });
    assert.ok(r.xor.probabilities.every((p: number) => Math.abs(p - 0.5) < 0.05));
  });

  it('xor: a solved seed, 100%; linear fits 50% in input space and 100% in hidden space', async () => {
    const r = await run('xor', 1, ['xor-spaces']);
    assert.equal(r.trained.accuracy, 1);
    assert.equal(r.solved.hidden2[0], r.trained.seed);
    assert.equal(r.inputSpace.linearFit.accuracy, 0.5);
    assert.equal(r.hiddenSpace.linearFit.accuracy, 1);
    assert.equal(r.hiddenSpace.points.length, 4);
    assert.deepEqual(r.exact.outputs, [0, 1, 1, 0]);
  });

  it('xor: when none of the ten seeds from --seed solves it, the search goes on to one that does', async () => {
    const r = await run('xor', 61, ['xor-spaces']);
    assert.deepEqual(r.solved.hidden2, []);
    assert.ok(r.trained.seed > 70);
    assert.equal(r.trained.accuracy, 1);
    assert.equal(r.hiddenSpace.linearFit.accuracy, 1);
  });

  it('abs, max, logic: zero error, with the units each construction needs', async () => {
    const abs = await run('abs', 1, ['abs-net', 'abs-fit']);
    assert.equal(abs.maxError, 0);
    assert.equal(abs.pieces, 2);
    const max = await run('max', 1, ['max-net', 'max-skip-net', 'max-plane']);
    assert.equal(max.maxError, 0);
    assert.deepEqual(max.units, { max: 3, maxSkip: 1, min: 3 });
    const logic = await run('logic', 1, ['logic-xor-net']);
    assert.equal(logic.maxError, 0);
    for (const g of logic.gates) assert.deepEqual(g.outputs, g.truth);
    assert.deepEqual(logic.gates.find((g: { gate: string }) => g.gate === 'xor').outputs, [0, 1, 1, 0]);
  });

  it('bumps: ramp, tent and memorisation exact, three units per point', async () => {
    const r = await run('bumps', 7, ['bumps-memorize']);
    assert.equal(r.maxError, 0);
    assert.equal(r.memorize.units, 3 * r.memorize.points);
  });

  it('square: sup error 1/k² with k hinges', async () => {
    const r = await run('square', 1, ['square-hinges-4', 'square-error']);
    for (const h of r.hinges)
      assert.ok(Math.abs(h.maxError * h.k * h.k - 1) < 1e-12, `k = ${h.k}: ${h.maxError}`);
  });

  it('telgarsky: pieces [{ depth, pieces }] are 2^depth; the shallow net needs 2^depth units', async () => {
    const r = await run('telgarsky', 1, ['telgarsky-sawtooth', 'telgarsky-units']);
    assert.deepEqual(
      r.pieces,
      [1, 2, 3, 4, 5].map((depth) => ({ depth, pieces: 2 ** depth })),
    );
    for (const c of r.comparison) {
      assert.equal(c.shallowUnits, 2 ** c.depth);
      assert.equal(c.deepParameters, 6 * c.depth + 1);
    }
  });

  it('yarotsky: steps [{ m, maxError }] with maxError exactly 2^(−2m−2)', async () => {
    const r = await run('yarotsky', 1, ['yarotsky-steps', 'yarotsky-error']);
    assert.deepEqual(
      r.steps.map((s: { m: number; maxError: number }) => [s.m, s.maxError]),
      [1, 2, 3, 4].map((m) => [m, 2 ** (-2 * m - 2)]),
    );
  });

  it('memorize: width 2, one layer per point, 100% accuracy', async () => {
    const r = await run('memorize', 5, ['memorize-fit']);
    assert.equal(r.accuracy, 1);
    assert.equal(r.width, 2);
    assert.equal(r.depth, r.points);
    assert.equal(r.paperDepthBound, 2 * r.points + 4 * r.classes - 1);
  });
});
