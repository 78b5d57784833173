import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkModelSize, countParams } from '../../src/cli/modelSize.js';
import { interruptCli, runCli } from './run.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'mlp-lab-rel-'));
const header = (path: string) => JSON.parse(readFileSync(path, 'utf8').split('\n')[0]!);
const weightLines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').slice(1);
const oneLineError = (stderr: string): void => assert.equal(stderr.trim().split('\n').length, 1, stderr);

const SMALL = [
  ...['--target', 'sin(2*x)', '--domain', '-2,2', '--samples', '256', '--arch', '1-16-1'],
  ...['--schedule', 'constant', '--quiet'],
];

describe('fit: an interrupted run keeps exactly its last completed epoch', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: model.json is the last completed epoch and the summary counts its steps only`, async () => {
      const dir = tmp();
      // A constant schedule makes the first E epochs of a long run the same as a run of E epochs.
      const common = [
        '--target',
        'sin(3*x)',
        '--domain',
        '-3,3',
        '--samples',
        '2048',
        '--schedule',
        'constant',
      ];
      const cut = await interruptCli(
        ['fit', ...common, '--epochs', '300', '--out', join(dir, 'cut')],
        /epoch +1\/300/,
        signal,
      );
      assert.equal(cut.code, 130, cut.stderr);
      oneLineError(cut.stderr);
      assert.match(cut.stderr, /cancelled after \d+ epochs; the last completed epoch is saved/);
      const [, e, s] = /after (\d+) epochs, (\d+) steps/.exec(cut.stdout)!;
      const epochs = Number(e);
      const steps = Number(s);
      assert.ok(epochs >= 1);
      const meta = header(join(dir, 'cut', 'model.json')).metadata.training;
      assert.deepEqual([meta.epochs, meta.steps, meta.stopped], [epochs, steps, 'cancelled']);
      const straight = runCli([
        'fit',
        ...common,
        '--epochs',
        String(epochs),
        '--json',
        '--out',
        join(dir, 'straight'),
      ]);
      assert.equal(straight.code, 0, straight.stderr);
      assert.equal(JSON.parse(straight.stdout).steps, steps, 'only the completed epochs are counted');
      assert.deepEqual(
        weightLines(join(dir, 'cut', 'model.json')),
        weightLines(join(dir, 'straight', 'model.json')),
      );
    });
  }
});

describe('fit: one --out folder, one run', () => {
  it('refuses a folder holding another run, unless --force or resuming it', () => {
    const dir = tmp();
    const first = runCli(['fit', ...SMALL, '--epochs', '2', '--out', dir]);
    assert.equal(first.code, 0, first.stderr);
    const run = readFileSync(join(dir, 'run.json'), 'utf8');
    const second = runCli(['fit', ...SMALL, '--epochs', '3', '--lr', '0.1', '--out', dir]);
    assert.equal(second.code, 2);
    oneLineError(second.stderr);
    assert.match(
      second.stderr,
      /already holds another run \(run\.json\).*--resume .*checkpoint\.json.*--force/,
    );
    assert.equal(readFileSync(join(dir, 'run.json'), 'utf8'), run, 'the first run is untouched');
    const resumed = runCli([
      'fit',
      ...SMALL,
      '--epochs',
      '3',
      '--out',
      dir,
      '--resume',
      join(dir, 'checkpoint.json'),
    ]);
    assert.equal(resumed.code, 0, resumed.stderr);
    const forced = runCli(['fit', ...SMALL, '--epochs', '2', '--lr', '0.1', '--out', dir, '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).lr, 0.1);
    assert.ok(!existsSync(join(dir, 'run.lock')), 'the lock is released');
  });

  it('a folder locked by a running process is refused; a lock left by a dead one is taken over', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'run.lock'), `${process.pid}\n`);
    const busy = runCli(['fit', ...SMALL, '--epochs', '1', '--out', dir]);
    assert.equal(busy.code, 2);
    oneLineError(busy.stderr);
    assert.match(busy.stderr, new RegExp(`in use by another mlp-lab fit \\(pid ${process.pid}\\)`));
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(dir, 'run.lock'), `${gone}\n`);
    const stale = runCli(['fit', ...SMALL, '--epochs', '1', '--out', dir]);
    assert.equal(stale.code, 0, stale.stderr);
    assert.ok(!existsSync(join(dir, 'run.lock')));
  });

  it('two runs started at once into one folder: one trains, the other is refused', async () => {
    const dir = tmp();
    let second: ReturnType<typeof runCli> | undefined;
    // The second run is tried while the first still trains; the first is stopped only afterwards.
    const first = await interruptCli(
      ['fit', ...SMALL.filter((a) => a !== '--quiet'), '--epochs', '100000', '--out', dir],
      /model:/,
      'SIGINT',
      () => {
        assert.ok(existsSync(join(dir, 'run.lock')), 'the first run holds the lock');
        second = runCli(['fit', ...SMALL, '--epochs', '1', '--out', dir, '--force']);
      },
    );
    assert.equal(second?.code, 2, second?.stderr);
    assert.match(second!.stderr, /in use by another mlp-lab fit/);
    assert.equal(first.code, 130, first.stderr);
  });
});

describe('fit --resume checks the checkpoint completely', () => {
  it('refuses NaN weights with exit 3, a model file with exit 2, and a cut file with exit 2', () => {
    const dir = tmp();
    const first = runCli(['fit', ...SMALL, '--epochs', '2', '--out', dir]);
    assert.equal(first.code, 0, first.stderr);
    const ckpt = join(dir, 'checkpoint.json');
    const lines = readFileSync(ckpt, 'utf8').split('\n');
    // The first weight line holds 16 float32 values; the first becomes NaN (bytes 00 00 c0 7f).
    const values = Buffer.from(JSON.parse(lines[1]!), 'base64');
    values.writeFloatLE(Number.NaN, 0);
    const nan = join(dir, 'nan.json');
    writeFileSync(nan, [lines[0], JSON.stringify(values.toString('base64')), ...lines.slice(2)].join('\n'));
    const bad = runCli(['fit', ...SMALL, '--epochs', '3', '--resume', nan]);
    assert.equal(bad.code, 3, bad.stderr);
    oneLineError(bad.stderr);
    assert.match(bad.stderr, /nan\.json: parameter '0\.weight' value 0 is NaN.*diverged/);
    const model = runCli(['fit', ...SMALL, '--epochs', '3', '--resume', join(dir, 'model.json')]);
    assert.equal(model.code, 2);
    assert.match(model.stderr, /this is a model file, not a checkpoint/);
    const short = join(dir, 'short.json');
    writeFileSync(short, lines.slice(0, -3).join('\n'));
    const cut = runCli(['fit', ...SMALL, '--epochs', '3', '--resume', short]);
    assert.equal(cut.code, 2);
    oneLineError(cut.stderr);
    assert.match(cut.stderr, /short\.json: .*(cut short|ends inside)/);
  });
});

describe('fit: the size of --arch is checked before training', () => {
  it('refuses a layer wider than the model file allows, at once, with the sizes', () => {
    const started = Date.now();
    const r = runCli(['fit', '--target', 'x', '--arch', '1-100000000-1', '--quiet']);
    assert.equal(r.code, 2);
    oneLineError(r.stderr);
    assert.match(
      r.stderr,
      /--arch 1-100000000-1 has a layer of 100000000 units; the model file allows at most 16777216/,
    );
    assert.ok(Date.now() - started < 10_000);
    const wide = runCli(['fit', '--target', 'x*y', '--arch', '2-20000-20000-1', '--quiet']);
    assert.equal(wide.code, 2);
    assert.match(
      wide.stderr,
      /20000x20000 weight matrix of 400000000 values \(1\.60 GB\).*at most 268435456/,
    );
  });

  it('refuses what the memory cannot train, naming parameters and bytes', () => {
    const q = {
      sizes: [1, 1_000_000, 1],
      norm: false,
      optimizer: 'adam' as const,
      batchSize: 64,
      keepsBest: false,
      checkpoints: true,
    };
    assert.equal(countParams(q.sizes, false), 3_000_001);
    assert.throws(
      () => checkModelSize(q, 50e6),
      /--arch 1-1000000-1 has 3000001 parameters \(0\.01 GB per copy\); training needs about 0\.\d+ GB but this machine has 0\.05 GB of memory; choose smaller layers/,
    );
    checkModelSize(q, 8e9);
  });
});

describe('metrics.json', () => {
  it('two identical runs differ only in the timings: summary.wallTimeSec and history[].timeMs', () => {
    const dir = tmp();
    const run = (extra: string[]) => {
      const r = runCli(['fit', ...SMALL, '--epochs', '3', '--patience', '5', '--out', dir, ...extra]);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
    };
    const a = run([]);
    const b = run(['--force']);
    assert.notEqual(a.history.length, 0);
    const untimed = (m: { summary: Record<string, unknown>; history: Record<string, unknown>[] }) => ({
      summary: { ...m.summary, wallTimeSec: 0 },
      history: m.history.map((h) => ({ ...h, timeMs: 0 })),
    });
    assert.deepEqual(untimed(b), untimed(a));
    assert.equal(typeof a.summary.wallTimeSec, 'number');
    assert.equal(typeof a.history[0].timeMs, 'number');
  });
});
