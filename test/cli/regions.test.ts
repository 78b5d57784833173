/** `mlp-lab regions` on small saved models: exact counts and bounds in JSON, the plane through data rows, one-line errors. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Command } from 'commander';
import { exitCodeOf, oneLine } from '../../src/cli/errors.js';
import { registerRegions } from '../../src/cli/regions.js';
import { saveModel } from '../../src/io/modelFile.node.js';
import { Activation } from '../../src/nn/activationLayer.js';
import { Linear } from '../../src/nn/linear.js';
import { mlp } from '../../src/nn/mlp.js';
import { Sequential } from '../../src/nn/sequential.js';
import { runCli } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'mlp-lab-regions-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The command in this process (a CLI start costs more than the counting):
 * stdout captured, errors turned into the exit code and message main.ts prints.
 */
async function runRegions(
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const program = new Command('mlp-lab').exitOverride();
  registerRegions(program);
  let stdout = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => {
    stdout += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(['node', 'mlp-lab', ...args]);
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    return { code: exitCodeOf(e), stdout, stderr: `mlp-lab: ${oneLine(e)}\n` };
  } finally {
    process.stdout.write = write;
  }
}

/** relu(x), relu(y), relu(x + y − 1), relu(x − y): four lines in general position inside [-2, 2]². */
function fourLines(): Sequential {
  return new Sequential([
    new Linear(2, 4, { dtype: 'float64' }).setWeights(
      [
        [1, 0],
        [0, 1],
        [1, 1],
        [1, -1],
      ],
      [0, 0, -1, 0.5],
    ),
    new Activation(4, 'relu', 'float64'),
    new Linear(4, 1, { dtype: 'float64' }).setWeights([[1, -1, 2, -0.5]], [0.1]),
  ]);
}

describe('mlp-lab regions', () => {
  it('prints the exact count of a 2-input model with its bounds as JSON, and writes every region with --out', () => {
    const path = join(dir, 'four.json');
    saveModel(path, fourLines());
    const out = join(dir, 'map');
    const r = runCli(['regions', path, '--domain', '-2,2,-2,2', '--json', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    // Four lines in general position, every crossing inside the square: 1 + 4 + 6.
    assert.equal(report.count, 11);
    assert.deepEqual(report.bounds, { zaslavsky: 11, montufar: 11, serra: 11, naive: 4 });
    assert.deepEqual(report.widths, [2, 4, 1]);
    const written = JSON.parse(readFileSync(join(out, 'regions.json'), 'utf8'));
    assert.equal(written.regions.length, 11);
    assert.ok(written.boundary.length > 0);
    const svg = readFileSync(join(out, 'regions.svg'), 'utf8');
    assert.equal(svg.match(/<path class="region"/g)?.length, 11, 'one polygon per region');
    const png = readFileSync(join(out, 'regions.png'));
    assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  });

  it('applies the stored standardisation: the domain is in the data’s units', async () => {
    const path = join(dir, 'four-std.json');
    saveModel(path, fourLines(), { standardizer: { mean: [10, 20], std: [2, 4] } });
    // x' = (x − 10)/2 and y' = (y − 20)/4 in [−0.5, 0.5]: the axes make four quadrants, x' + y' = 1 only
    // touches a corner, and x' − y' = −0.5 runs from (−0.5, 0) to (0, 0.5), cutting the upper-left quadrant: 5.
    const r = await runRegions(['regions', path, '--domain', '9,11,18,22', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).count, 5);
  });

  it('maps a 1-input model over an interval and a 4-input model on the plane through three rows', async () => {
    const one = join(dir, 'one.json');
    saveModel(one, mlp([1, 6, 1], { dtype: 'float64', seed: 3 }));
    const r1 = await runRegions(['regions', one, '--domain', '-3,3', '--json']);
    assert.equal(r1.code, 0, r1.stderr);
    const j1 = JSON.parse(r1.stdout);
    assert.equal(j1.kind, 'interval');
    assert.equal(j1.breakpoints.length, j1.count - 1);
    const csv = join(dir, 'rows.csv');
    writeFileSync(csv, 'a,b,c,d,label\n0,0,0,0,0\n1,0,0.5,0,1\n0,1,0,-0.5,0\n');
    const four = join(dir, 'four-in.json');
    saveModel(four, mlp([4, 8, 1], { dtype: 'float64', seed: 4 }));
    const r2 = await runRegions(['regions', four, '--plane', '0,1,2', '--dataset', csv, '--json']);
    assert.equal(r2.code, 0, r2.stderr);
    const j2 = JSON.parse(r2.stdout);
    assert.equal(j2.kind, 'plane');
    assert.deepEqual(j2.domain, [-0.5, 1.5, -0.5, 1.5]);
    assert.deepEqual(j2.widths, [2, 8, 1]);
    assert.ok(j2.count >= 1 && j2.count <= (j2.bounds.zaslavsky as number));
  });

  it('draws a 1-input model as its pieces with --out: a rule at each kink, a PNG beside the SVG', async () => {
    // relu(x + 1) − 2·relu(x − 1): kinks at −1 and 1, three pieces on [−3, 3].
    const path = join(dir, 'two-kinks.json');
    saveModel(
      path,
      new Sequential([
        new Linear(1, 2, { dtype: 'float64' }).setWeights([[1], [1]], [1, -1]),
        new Activation(2, 'relu', 'float64'),
        new Linear(2, 1, { dtype: 'float64' }).setWeights([[1, -2]], [0]),
      ]),
    );
    const out = join(dir, 'pieces');
    const r = await runRegions(['regions', path, '--domain', '-3,3', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const written = JSON.parse(readFileSync(join(out, 'regions.json'), 'utf8'));
    assert.deepEqual(written.breakpoints, [-1, 1]);
    assert.equal(written.pieces.length, 3);
    const svg = readFileSync(join(out, 'regions.svg'), 'utf8');
    assert.match(svg, /Linear pieces of .* on \[-3, 3\]/);
    const rules = svg.slice(svg.indexOf('class="mark-rule role-mark'));
    // [−3, 3] is drawn 600 px wide: x = −1 at 200 px, x = 1 at 400 px.
    assert.deepEqual(
      [...rules.slice(0, rules.indexOf('</g>')).matchAll(/translate\(([\d.]+),0\)/g)].map((m) =>
        Number(m[1]),
      ),
      [200, 400],
    );
    const png = readFileSync(join(out, 'regions.png'));
    assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  });

  it('bad input is one line on stderr and exit 2', async () => {
    const path = join(dir, 'four.json');
    saveModel(path, fourLines());
    const tanh = join(dir, 'tanh.json');
    saveModel(tanh, mlp([2, 3, 1], { activation: 'tanh' }));
    for (const args of [
      ['regions', path],
      ['regions', path, '--domain', '1,0'],
      ['regions', path, '--domain', 'a,b'],
      ['regions', path, '--plane', '0,1,2'],
      ['regions', join(dir, 'missing.json'), '--domain', '0,1'],
      ['regions', tanh, '--domain', '-1,1'],
    ]) {
      const r = await runRegions(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
    // The real command prints the same one line.
    const r = runCli(['regions', tanh, '--domain', '-1,1']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^mlp-lab: layer 1 \(activation tanh\) is not piecewise linear/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});
