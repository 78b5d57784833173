import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type CliResult, interruptCli, runCli, runCliLines } from './run.js';

interface Summary {
  task: string;
  arch: number[];
  params: number;
  epochs: number;
  stopped: string;
  wallTimeSec: number;
  train: { loss: number; rmse?: number; accuracy?: number; maxAbsError?: number };
  test: { loss: number; rmse?: number; accuracy?: number; maxAbsError?: number };
}

function fitJson(args: readonly string[]): Summary {
  const r = runCli(['fit', ...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'with --json stdout holds exactly one line');
  return JSON.parse(lines[0]!) as Summary;
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'mlp-lab-fit-'));

/** A model or checkpoint file's header line. */
const fileHeader = (path: string) =>
  JSON.parse(readFileSync(path, 'utf8').split('\n')[0]!) as {
    checkpoint: { epoch: number };
    metadata: { training: { epochs: number; steps: number } };
  };

/** The data lines of a model file: equal lines mean bit-identical weights. */
const weightLines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').slice(1);

describe('mlp-lab fit', () => {
  it('fits sin(3x) on [-pi, pi] with a 1-64-64-1 tanh net to test RMSE < 0.02 on the default settings', () => {
    const s = fitJson([
      '--target',
      'sin(3*x)',
      '--domain',
      '-3.14159,3.14159',
      '--arch',
      '1-64-64-1',
      '--activation',
      'tanh',
    ]);
    assert.equal(s.task, 'regression');
    assert.deepEqual(s.arch, [1, 64, 64, 1]);
    assert.equal(s.params, 64 * 2 + 64 * 65 + 65);
    assert.equal(s.stopped, 'completed');
    assert.ok(s.test.rmse! < 0.02, `test RMSE ${s.test.rmse}`);
    assert.ok(s.test.maxAbsError! >= s.test.rmse!);
  });

  it('reads negative numbers in both spellings, --domain -3,3 and --domain=-3,3, identically', () => {
    const a = fitJson(['--target', 'x^2', '--domain', '-3,3', '--epochs', '2', '--samples', '64']);
    const b = fitJson(['--target', 'x^2', '--domain=-3,3', '--epochs', '2', '--samples', '64']);
    assert.deepEqual({ ...a, wallTimeSec: 0 }, { ...b, wallTimeSec: 0 });
  });

  it('is deterministic: the same seed gives the same metrics, another seed different ones', () => {
    const args = ['--dataset', 'moons', '--samples', '200', '--epochs', '3'];
    const a = fitJson([...args, '--seed', '5']);
    const b = fitJson([...args, '--seed', '5']);
    const c = fitJson([...args, '--seed', '6']);
    assert.deepEqual(a.test, b.test);
    assert.notDeepEqual(a.test, c.test);
  });

  it('trains a classifier on a synthetic set and reports accuracy', () => {
    const s = fitJson([
      '--dataset',
      'circles',
      '--samples',
      '400',
      '--epochs',
      '60',
      '--lr',
      '0.01',
      '--arch',
      '2-16-16-1',
    ]);
    assert.equal(s.task, 'binary');
    assert.ok(s.test.accuracy! > 0.9, `accuracy ${s.test.accuracy}`);
  });

  it('trains on a CSV file with a header and a named label column', () => {
    const dir = tmp();
    const rows = ['a,b,colour,label'];
    for (let i = 0; i < 120; i++) {
      const a = (i % 12) / 6 - 1;
      const b = Math.floor(i / 12) / 5 - 1;
      rows.push(`${a},${b},${i % 2 ? 'red' : 'blue'},${a + b > 0 ? 'yes' : 'no'}`);
    }
    writeFileSync(join(dir, 'd.csv'), `${rows.join('\n')}\n`);
    const s = fitJson([
      '--dataset',
      join(dir, 'd.csv'),
      '--label',
      'label',
      '--epochs',
      '60',
      '--lr',
      '0.01',
      '--batch-size',
      '16',
      '--arch',
      '4-8-1',
    ]);
    assert.equal(s.task, 'binary');
    assert.ok(s.test.accuracy! >= 0.9, `accuracy ${s.test.accuracy}`);
  });

  it('--categorical embedding:4 learns a label decided by a category; info and predict --csv handle the model', () => {
    const dir = tmp();
    const shops = ['Aker', 'Bryn', 'Dal', 'Eik', 'Fjell', 'Gran'];
    const rows = ['noise,shop,label'];
    for (let i = 0; i < 240; i++) {
      const shop = (i * 7) % shops.length;
      rows.push(`${((i * 37) % 100) / 50 - 1},${shops[shop]},${shop % 2 ? 'yes' : 'no'}`);
    }
    writeFileSync(join(dir, 'd.csv'), `${rows.join('\n')}\n`);
    const out = join(dir, 'run');
    const s = fitJson([
      '--dataset',
      join(dir, 'd.csv'),
      '--categorical',
      'embedding:4',
      '--epochs',
      '30',
      '--out',
      out,
    ]);
    assert.equal(s.task, 'binary');
    assert.deepEqual(s.arch, [2, 64, 64, 1], '--arch counts the CSV feature columns');
    assert.ok(s.test.accuracy! >= 0.99, `accuracy ${s.test.accuracy}`);
    const info = runCli(['info', join(out, 'model.json')]);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /EmbeddingInput\(2→5; column 1: 6×4\)/);
    assert.match(info.stdout, /Linear\(5→64\)/);

    writeFileSync(join(dir, 'in.csv'), 'noise,shop\n0.3,Bryn\n-0.3,Dal\n');
    const r = runCli(['predict', join(out, 'model.json'), '--csv', join(dir, 'in.csv'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const predictions = JSON.parse(r.stdout) as { input: number[]; label: string }[];
    assert.deepEqual(
      predictions.map((p) => [p.input, p.label]),
      [
        [[0.3, 1], 'yes'],
        [[-0.3, 2], 'no'],
      ],
    );
    writeFileSync(join(dir, 'bad.csv'), 'noise,shop\n0.3,Holm\n');
    const bad = runCli(['predict', join(out, 'model.json'), '--csv', join(dir, 'bad.csv')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /column shop is 'Holm', not one of the categories the model was trained on/);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    const code = runCli(['predict', join(out, 'model.json'), '--input', '0.3,6']);
    assert.equal(code.code, 2);
    assert.match(code.stderr, /input column 1 holds 6 in row 0, but it takes category codes, integers 0..5/);
  });

  it('writes a model file, metrics and run.json with --out, and resume checks the original options', () => {
    const dir = tmp();
    const common = ['--target', 'sin(2*x)', '--domain', '-2,2', '--samples', '128', '--quiet'];
    const first = runCli(['fit', ...common, '--epochs', '4', '--out', dir]);
    assert.equal(first.code, 0, first.stderr);
    const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as { history: unknown[] };
    assert.equal(metrics.history.length, 4);
    const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { epochs: number; arch: number[] };
    assert.deepEqual([run.epochs, run.arch], [4, [1, 64, 64, 1]]);
    const ckpt = join(dir, 'checkpoint.json');
    // The checkpoint itself records the options: without run.json beside it a change is still refused.
    rmSync(join(dir, 'run.json'));
    for (const [args, pattern] of [
      [['--epochs', '4'], /already at epoch 4; --epochs is the total/],
      [['--epochs', '8'], /epochs was 4 in the original run but is 8 now/],
      [
        ['--epochs', '8', '--arch', '1-8-1'],
        /holds an mlp \[1, 64, 64, 1\] but this run asks for \[1, 8, 1\]/,
      ],
      [['--epochs', '8', '--lr', '0.5'], /lr was 0.01 in the original run but is 0.5 now/],
    ] as const) {
      const r = runCli(['fit', ...common, ...args, '--resume', ckpt]);
      assert.equal(r.code, 2, r.stdout);
      assert.match(r.stderr, pattern);
    }
  });

  it('Ctrl-C then --resume ends bit-identical to an uninterrupted run, on the default settings', async () => {
    const dir = tmp();
    const common = ['--target', 'sin(3*x)', '--domain', '-3,3', '--samples', '4096', '--epochs', '30'];
    const straight = runCli(['fit', ...common, '--quiet', '--out', join(dir, 'straight')]);
    assert.equal(straight.code, 0, straight.stderr);
    const cut = await interruptCli(
      [...['fit', ...common], '--checkpoint-every', '2', '--out', join(dir, 'cut')],
      /epoch +6\/30/,
    );
    assert.equal(cut.code, 130, cut.stderr);
    const stoppedAt = fileHeader(join(dir, 'cut', 'checkpoint.json')).checkpoint.epoch;
    assert.ok(stoppedAt >= 6 && stoppedAt < 30 && stoppedAt % 2 === 0, `checkpoint at epoch ${stoppedAt}`);
    const resumed = runCli([
      'fit',
      ...common,
      '--quiet',
      '--out',
      join(dir, 'cut'),
      '--resume',
      join(dir, 'cut', 'checkpoint.json'),
    ]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(
      weightLines(join(dir, 'cut', 'model.json')),
      weightLines(join(dir, 'straight', 'model.json')),
    );
  });

  const refusals = [
    ['a bad expression', ['--target', 'sin(3*x'], /cannot parse target/],
    ['an unknown function', ['--target', 'foo(x)'], /foo/],
    [
      'an arch that does not match the data',
      ['--target', 'x', '--arch', '2-8-1'],
      /--arch 2-8-1 does not match the data/,
    ],
    ['a malformed arch', ['--target', 'x', '--arch', '1-a-1'], /--arch must be layer sizes/],
    ['a reversed domain', ['--target', 'x', '--domain', '3,-3'], /--domain must be lo,hi pairs with lo < hi/],
    ['a negative learning rate', ['--target', 'x', '--lr', '-0.1'], /--lr must be > 0/],
    ['an unknown data set', ['--dataset', 'nope'], /unknown data set "nope"/],
    ['a missing CSV file', ['--dataset', '/no/such/file.csv'], /no\/such\/file\.csv/],
    [
      'both target and dataset',
      ['--target', 'x', '--dataset', 'xor'],
      /exactly one of --target EXPR or --dataset NAME/,
    ],
    ['an unknown schedule', ['--target', 'x', '--schedule', 'zigzag'], /unknown schedule 'zigzag'/],
    ['an unknown activation', ['--target', 'x', '--activation', 'swish2'], /swish2/],
    ['a bad checkpoint', ['--target', 'x', '--resume', '/no/such/checkpoint.json'], /cannot resume from/],
    [
      'an unknown schedule parameter',
      ['--target', 'x', '--schedule', 'step:foo=3'],
      /has no parameter 'foo'; it takes stepSize, gamma/,
    ],
    ['a schedule JSON without kind', ['--target', 'x', '--schedule', '{}'], /needs "kind"/],
    [
      '--label without a CSV',
      ['--dataset', 'xor', '--label', 'foo'],
      /--label only applies to a CSV --dataset/,
    ],
    [
      '--categorical without a CSV',
      ['--dataset', 'xor', '--categorical', 'embedding'],
      /--categorical only applies to a CSV --dataset/,
    ],
    [
      'a bad --categorical',
      ['--dataset', 'data.csv', '--categorical', 'embedding:0'],
      /--categorical must be onehot, embedding or embedding:DIM with DIM from 1 to 1024, got 'embedding:0'/,
    ],
    [
      '--domain without --target',
      ['--dataset', 'xor', '--domain', '-2,2'],
      /--domain only applies with --target/,
    ],
    ['a hexadecimal count', ['--target', 'x', '--samples', '0x10'], /--samples must be an integer/],
    [
      'an absurd sample count',
      ['--target', 'x', '--samples', '1000000000000'],
      /--samples must be at most 10000000/,
    ],
    ['a seed beyond 32 bits', ['--target', 'x', '--seed', '4294967296'], /--seed must be at most 4294967295/],
    [
      'a warm-up longer than the run',
      ['--target', 'x', '--warmup', '5', '--epochs', '5'],
      /--warmup 5 must be shorter/,
    ],
    [
      '--residual without equal widths',
      ['--target', 'x', '--arch', '1-8-4-1', '--residual'],
      /--residual needs two consecutive/,
    ],
    [
      '--out on an existing file',
      ['--target', 'x', '--out', '/etc/hostname'],
      /exists and is not a directory/,
    ],
  ] as const;
  // Each refusal stops before anything is written, so one process runs them all, the first test asking.
  let refused: CliResult[] | undefined;
  refusals.forEach(([what, , pattern], i) => {
    it(`rejects ${what} with exit 2 and one line on stderr`, () => {
      refused ??= runCliLines(refusals.map(([, a]) => ['fit', '--epochs', '1', ...a]));
      const r = refused[i]!;
      assert.equal(r.code, 2, r.stdout);
      assert.match(r.stderr, pattern);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.equal(r.stdout, '');
    });
  });

  it('a refusal and the help, run with others in one process, are what their own processes give', () => {
    const lines = [
      ['fit', '--epochs', '1', ...refusals[0][1]],
      ['fit', '--help'],
    ];
    assert.deepEqual(
      runCliLines(lines),
      lines.map((args) => runCli(args)),
    );
  });

  it('a diverging run exits 3 with a one-line reason and keeps its last good weights on disk', () => {
    const dir = tmp();
    const r = runCli([
      'fit',
      '--target',
      'x^2',
      '--optimizer',
      'sgd',
      '--lr',
      '1e6',
      '--epochs',
      '5',
      '--quiet',
      '--out',
      dir,
    ]);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /diverged/);
    assert.ok(existsSync(join(dir, 'model.json')));
    const check = runCli([
      'fit',
      '--target',
      'x^2',
      '--epochs',
      '1',
      '--quiet',
      '--json',
      '--resume',
      join(dir, 'nope.json'),
    ]);
    assert.equal(check.code, 2);
    const model = readFileSync(join(dir, 'model.json'), 'utf8');
    assert.doesNotMatch(model, /NaN|Infinity/);
  });
});

describe('mlp-lab predict and info', () => {
  it('predict applies the saved standardiser and labels classes; info describes the file', () => {
    const dir = tmp();
    const trained = runCli([
      'fit',
      '--dataset',
      'xor',
      '--samples',
      '400',
      '--epochs',
      '40',
      '--lr',
      '0.01',
      '--quiet',
      '--out',
      dir,
    ]);
    assert.equal(trained.code, 0, trained.stderr);
    const r = runCli(['predict', join(dir, 'model.json'), '--input', '0.8,0.8;-0.8,0.8', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const predictions = JSON.parse(r.stdout) as { input: number[]; label: string; probability: number }[];
    assert.deepEqual(
      predictions.map((p) => p.input),
      [
        [0.8, 0.8],
        [-0.8, 0.8],
      ],
    );
    assert.notEqual(
      predictions[0]!.label,
      predictions[1]!.label,
      'opposite quadrants of XOR get different classes',
    );
    for (const p of predictions) assert.ok(p.probability > 0.5 && p.probability <= 1);
    const info = runCli(['info', join(dir, 'model.json')]);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /Linear\(2→64\)/);
    assert.match(info.stdout, /"dataset": "xor"/);
  });

  it('rejects a missing model file, a corrupt one, and inputs of the wrong width with exit 2', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.json'), '{"format": "mlp-lab-model", "version": 99}');
    for (const args of [
      ['predict', join(dir, 'none.json'), '--input', '1'],
      ['predict', join(dir, 'bad.json'), '--input', '1'],
      ['info', join(dir, 'bad.json')],
    ]) {
      const r = runCli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
    const trained = runCli([
      'fit',
      '--target',
      'x',
      '--epochs',
      '1',
      '--samples',
      '32',
      '--quiet',
      '--out',
      dir,
    ]);
    assert.equal(trained.code, 0, trained.stderr);
    const wide = runCli(['predict', join(dir, 'model.json'), '--input', '1,2']);
    assert.equal(wide.code, 2);
    assert.match(wide.stderr, /--input must be rows of 1 finite numbers/);
  });
});
