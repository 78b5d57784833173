import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatEta } from '../../src/cli/progress.js';
import { runCli } from './run.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'mlp-lab-msg-'));

/** Exit 2 and one line on stderr that matches. */
function refused(args: readonly string[], pattern: RegExp, options: { cwd?: string } = {}): string {
  const r = runCli(args, options);
  assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, pattern);
  return r.stderr;
}

describe('messages name only what the command line has', () => {
  it('a CSV hint names --categorical-columns and --ignore, and both options work', () => {
    const dir = tmp();
    const rows = ['size,name,price'];
    for (let i = 0; i < 1100; i++) rows.push(`${i === 7 ? 'n/a' : i % 4},item${i},${i % 4}`);
    writeFileSync(join(dir, 'shop.csv'), `${rows.join('\n')}\n`);
    const common = ['fit', '--dataset', 'shop.csv', '--epochs', '1', '--quiet'];
    refused(common, /list "size" in --categorical-columns/, { cwd: dir });
    const stderr = refused([...common, '--categorical-columns', 'size'], /drop|leave it out with --ignore/, {
      cwd: dir,
    });
    assert.doesNotMatch(stderr, /the ignore option|the categorical option/);
    const ok = runCli([...common, '--categorical-columns', 'size', '--ignore', 'name'], { cwd: dir });
    assert.equal(ok.code, 0, ok.stderr);
  });

  it('predict --csv with a ragged row: exit 2, the file and the 1-based line', () => {
    const dir = tmp();
    const fit = runCli([
      'fit',
      '--target',
      'x*y',
      '--epochs',
      '1',
      '--arch',
      '2-4-1',
      '--quiet',
      '--out',
      dir,
    ]);
    assert.equal(fit.code, 0, fit.stderr);
    writeFileSync(join(dir, 'in.csv'), 'x,y\n1,2\n3\n');
    refused(
      ['predict', join(dir, 'model.json'), '--csv', join(dir, 'in.csv')],
      /in\.csv:3: the row has 1 fields but the header \(line 1\) has 2/,
    );
  });

  it('long inputs are cut in messages', () => {
    const dir = tmp();
    const fit = runCli([
      'fit',
      '--target',
      'x*y',
      '--epochs',
      '1',
      '--arch',
      '2-4-1',
      '--quiet',
      '--out',
      dir,
    ]);
    assert.equal(fit.code, 0, fit.stderr);
    writeFileSync(join(dir, 'in.csv'), `x,y\n1,${'9'.repeat(200_000)}z\n`);
    const stderr = refused(
      ['predict', join(dir, 'model.json'), '--csv', join(dir, 'in.csv')],
      /in\.csv:2: column y is '9+… \(200001 characters\)', not a number/,
    );
    assert.ok(stderr.length < 400, `${stderr.length} characters`);
    const arch = refused(
      ['fit', '--target', 'x', '--arch', `1-${'x'.repeat(100_000)}`],
      /--arch must be layer sizes/,
    );
    assert.ok(arch.length < 400);
  });

  it('deeply nested or long expressions say so; a huge domain too', () => {
    refused(['fit', '--target', `${'('.repeat(500)}x${')'.repeat(500)}`], /too deeply nested \(500 levels/);
    refused(['fit', '--target', `${'sin('.repeat(300)}x${')'.repeat(300)}`], /too deeply nested/);
    refused(['fit', '--target', '-'.repeat(1500) + 'x'], /too deeply nested/);
    refused(['fit', '--target', 'x', '--domain=0,1e308'], /--domain 0,1e308 is too large/);
  });

  it('info and predict refuse a device or a FIFO at once', () => {
    refused(['info', '/dev/zero'], /\/dev\/zero: is not a regular file/);
    refused(['predict', '/dev/zero', '--input', '1'], /\/dev\/zero: is not a regular file/);
    const fifo = join(tmp(), 'pipe');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    refused(['info', fifo], /pipe: is not a regular file/);
  });
});

describe('exit codes and the shape of errors', () => {
  it('commander errors are one mlp-lab line', () => {
    refused(['fit', '--lr'], /^mlp-lab: option '--lr <x>' argument missing; run mlp-lab --help for usage\n$/);
    refused(['--bogus'], /^mlp-lab: unknown option '--bogus'/);
  });

  it('--help and the README document every exit code', () => {
    const help = runCli(['--help']).stdout;
    const root = import.meta.url.endsWith('.ts') ? '../../' : '../../../';
    const readme = readFileSync(new URL(`${root}README.md`, import.meta.url), 'utf8');
    for (const code of [0, 1, 2, 3, 4, 130]) {
      assert.match(help, new RegExp(`^  ${code} +\\S`, 'm'), `--help lists ${code}`);
      assert.match(readme, new RegExp(`\\| ${code} +\\|`), `the README lists ${code}`);
    }
    assert.match(help, /1 +a bug in mlp-lab/);
  });

  it('the progress ETA is a time or nothing', () => {
    assert.equal(formatEta(0, 0), '');
    assert.equal(formatEta(5, Number.NaN), '');
    assert.equal(formatEta(Number.POSITIVE_INFINITY, 0.5), '');
    assert.equal(formatEta(10, 0.5), ' | eta 10s');
    assert.equal(formatEta(30, 0.25), ' | eta 1m30s');
    assert.equal(formatEta(3600, 0.5), ' | eta 1h00m');
    assert.equal(formatEta(1e-9, 1e-300), '');
  });
});
