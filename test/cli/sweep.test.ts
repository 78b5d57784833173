import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import type { SweepRow } from '../../src/analysis/sweep/job.js';
import { registerSweep } from '../../src/cli/sweep.js';
import { runCli } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'mlp-lab-sweep-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const rowsOf = (path: string): SweepRow[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as SweepRow);

const fromSource = import.meta.url.endsWith('.ts');
const main = fileURLToPath(new URL(`../../src/cli/main.${fromSource ? 'ts' : 'js'}`, import.meta.url));
const nodeArgs = fromSource ? ['--import', import.meta.resolve('tsx'), main] : [main];

describe('mlp-lab sweep', () => {
  it('documents every option of sweep and worker with an example', () => {
    const program = new Command('mlp-lab');
    registerSweep(program);
    assert.deepEqual(
      program.commands.map((c) => c.name()),
      ['sweep', 'worker'],
    );
    for (const cmd of program.commands) {
      for (const option of cmd.options) assert.match(option.description, /e\.g\. /, option.flags);
    }
  });

  it('runs every job of the grid once, each row what fit reports for the same options', () => {
    const out = join(dir, 'grid.jsonl');
    const r = runCli([
      'sweep',
      '--target',
      'sin(5*x)',
      '--arch',
      '1-{4,8}-1',
      '--activation',
      'relu,tanh',
      '--seed',
      '0..1',
      '--epochs',
      '5',
      '--samples',
      '128',
      '--workers',
      '2',
      '--out',
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const rows = rowsOf(out);
    assert.equal(rows.length, 8);
    assert.equal(new Set(rows.map((row) => row.key)).size, 8);
    const combos = new Set(
      rows.map((row) => `${row.options.arch!.join('-')} ${row.options.activation} ${row.options.seed}`),
    );
    assert.equal(combos.size, 8);
    for (const row of rows) {
      assert.ok(row.wallTimeSec >= 0 && typeof row.worker === 'string');
      assert.equal(row.metrics.epochs, 5);
    }
    const one = rows.find(
      (row) => row.options.arch![1] === 8 && row.options.activation === 'tanh' && row.options.seed === 1,
    )!;
    const fit = runCli([
      'fit',
      '--target',
      'sin(5*x)',
      '--arch',
      '1-8-1',
      '--activation',
      'tanh',
      '--seed',
      '1',
      '--epochs',
      '5',
      '--samples',
      '128',
      '--json',
    ]);
    assert.equal(fit.code, 0, fit.stderr);
    const summary = JSON.parse(fit.stdout) as { test: unknown; train: unknown };
    assert.deepEqual(one.metrics.test, summary.test);
    assert.deepEqual(one.metrics.train, summary.train);
  });

  it('continues a killed sweep: each key exactly once, earlier rows untouched, a torn last line dropped', async () => {
    const out = join(dir, 'killed.jsonl');
    const args = [
      'sweep',
      '--target',
      'sin(3*x)',
      '--arch',
      '1-16-1',
      '--seed',
      '0..9',
      '--epochs',
      '60',
      '--samples',
      '512',
      '--workers',
      '1',
      '--quiet',
      '--out',
      out,
    ];
    const child = spawn(process.execPath, [...nodeArgs, ...args], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (!(existsSync(out) && rowsOf(out).length >= 2) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
    await exited;
    const before = readFileSync(out, 'utf8');
    const kept = rowsOf(out);
    assert.ok(kept.length >= 2 && kept.length < 10, `${kept.length} rows before the kill`);
    // What a kill in the middle of a write leaves behind.
    appendFileSync(out, before.split('\n')[0]!.slice(0, 57));
    const r = runCli(args);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^${10 - kept.length} jobs finished, ${kept.length} were already in`));
    const after = readFileSync(out, 'utf8');
    assert.ok(after.startsWith(before), 'rows written before the kill are kept as they were');
    const rows = rowsOf(out);
    assert.equal(rows.length, 10);
    assert.deepEqual(
      rows.map((row) => row.options.seed).sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.equal(new Set(rows.map((row) => row.key)).size, 10);
    const again = runCli(args);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /all 10 jobs are already in/);
    assert.equal(readFileSync(out, 'utf8'), after);
  });

  it('refuses a bad value in a list before running anything, in one line with exit 2', () => {
    const out = join(dir, 'bad.jsonl');
    const r = runCli(['sweep', '--target', 'x', '--activation', 'relu,nope', '--out', out]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /--activation 'nope' is not one of .*relu/);
    assert.equal(existsSync(out), false);
    const lr = runCli(['sweep', '--target', 'x', '--lr', '0.1,-1', '--out', out]);
    assert.equal(lr.code, 2);
    assert.match(lr.stderr, /--lr must be > 0/);
  });

  it('refuses an --out file that is not a sweep output, naming the line', () => {
    const out = join(dir, 'other.jsonl');
    writeFileSync(out, '{"key":"a","options":{},"metrics":{}}\nhello\n');
    const r = runCli(['sweep', '--target', 'x', '--epochs', '1', '--out', out]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /other\.jsonl line 2 is not a sweep row/);
  });
});
