import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatEta } from '../../src/cli/progress.js';
import { type CliResult, runCli, runCliLines } from './run.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'mlp-lab-msg-'));

/** Exit 2 and one line on stderr that matches. */
function refusedWith(r: CliResult, args: readonly string[], pattern: RegExp): string {
  assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, pattern);
  return r.stderr;
}

function refused(args: readonly string[], pattern: RegExp, options: { cwd?: string } = {}): string {
  return refusedWith(runCli(args, options), args, pattern);
}

/** refused() for command lines that need no set-up, all run in one process (runCliLines); their stderr. */
function allRefused(lines: ReadonlyArray<{ args: readonly string[]; says: RegExp }>): string[] {
  const results = runCliLines(lines.map((l) => l.args));
  return lines.map(({ args, says }, i) => refusedWith(results[i]!, args, says));
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

  /** Bad CSV inputs to predict: what the file holds, what the one line says, and how long it may be. */
  const BAD_PREDICT_CSV: ReadonlyArray<{ name: string; csv: string; says: RegExp; maxLength?: number }> = [
    {
      name: 'a ragged row names the file and the 1-based line',
      csv: 'x,y\n1,2\n3\n',
      says: /in\.csv:3: the row has 1 fields but the header \(line 1\) has 2/,
    },
    {
      name: 'a long bad value is cut',
      csv: `x,y\n1,${'9'.repeat(200_000)}z\n`,
      says: /in\.csv:2: column y is '9+… \(200001 characters\)', not a number/,
      maxLength: 400,
    },
  ];

  it('predict --csv with bad rows: exit 2, one line naming the place, long values cut', () => {
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
    for (const { name, csv, says, maxLength } of BAD_PREDICT_CSV) {
      writeFileSync(join(dir, 'in.csv'), csv);
      const stderr = refused(['predict', join(dir, 'model.json'), '--csv', join(dir, 'in.csv')], says);
      if (maxLength !== undefined)
        assert.ok(stderr.length < maxLength, `${name}: ${stderr.length} characters`);
    }
  });

  /** Inputs refused with one line, no set-up needed: the arguments, what the line says, and how long it may be. */
  const REFUSED: ReadonlyArray<{ args: string[]; says: RegExp; maxLength?: number }> = [
    {
      args: ['fit', '--target', 'x', '--arch', `1-${'x'.repeat(100_000)}`],
      says: /--arch must be layer sizes/,
      maxLength: 400,
    },
    {
      args: ['fit', '--target', `${'('.repeat(500)}x${')'.repeat(500)}`],
      says: /too deeply nested \(500 levels/,
    },
    { args: ['fit', '--target', `${'sin('.repeat(300)}x${')'.repeat(300)}`], says: /too deeply nested/ },
    { args: ['fit', '--target', '-'.repeat(1500) + 'x'], says: /too deeply nested/ },
    { args: ['fit', '--target', 'x', '--domain=0,1e308'], says: /--domain 0,1e308 is too large/ },
    { args: ['info', '/dev/zero'], says: /\/dev\/zero: is not a regular file/ },
    { args: ['predict', '/dev/zero', '--input', '1'], says: /\/dev\/zero: is not a regular file/ },
  ];

  it('long arches, deeply nested expressions, a huge domain and devices are refused in one line', () => {
    const stderrs = allRefused(REFUSED);
    REFUSED.forEach(({ args, maxLength }, i) => {
      if (maxLength !== undefined)
        assert.ok(stderrs[i]!.length < maxLength, `${args[0]}: ${stderrs[i]!.length} characters`);
    });
  });

  it('info refuses a FIFO at once', () => {
    const fifo = join(tmp(), 'pipe');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    refused(['info', fifo], /pipe: is not a regular file/);
  });
});

describe('exit codes and the shape of errors', () => {
  it('commander errors are one mlp-lab line', () => {
    allRefused([
      {
        args: ['fit', '--lr'],
        says: /^mlp-lab: option '--lr <x>' argument missing; run mlp-lab --help for usage\n$/,
      },
      { args: ['--bogus'], says: /^mlp-lab: unknown option '--bogus'/ },
    ]);
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
    const cases: ReadonlyArray<[elapsedSec: number, fraction: number, eta: string]> = [
      [0, 0, ''],
      [5, Number.NaN, ''],
      [Number.POSITIVE_INFINITY, 0.5, ''],
      [10, 0.5, ' | eta 10s'],
      [30, 0.25, ' | eta 1m30s'],
      [3600, 0.5, ' | eta 1h00m'],
      [1e-9, 1e-300, ''],
    ];
    for (const [elapsedSec, fraction, eta] of cases)
      assert.equal(formatEta(elapsedSec, fraction), eta, `${elapsedSec}, ${fraction}`);
  });
});
