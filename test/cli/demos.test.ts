import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { claimsTable, registerDemo } from '../../src/cli/demo.js';
import { demos } from '../../src/cli/demos/index.js';
import { ClaimError, EXIT_CLAIM, exitCodeOf } from '../../src/cli/errors.js';
import { runCli } from './run.js';

interface Report {
  demo: string;
  claims: { name: string; measured: unknown; expected: unknown; holds: boolean }[];
  [k: string]: unknown;
}

function assertReportShape(report: Report, name: string): void {
  assert.equal(report.demo, name);
  assert.ok(report.claims.length > 0);
  for (const c of report.claims) {
    assert.deepEqual(Object.keys(c).sort(), ['expected', 'holds', 'measured', 'name']);
    assert.equal(typeof c.name, 'string');
    assert.equal(typeof c.holds, 'boolean');
  }
}

describe('mlp-lab demo: the framework', () => {
  it('--list prints one demonstration a line, its name first', () => {
    const r = runCli(['demo', '--list']);
    assert.equal(r.code, 0, r.stderr);
    const names = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/)[0]);
    assert.deepEqual(names, Object.keys(demos));
  });

  it('--json prints exactly the report, one JSON object; --out writes it and the figures', () => {
    const out = mkdtempSync(join(tmpdir(), 'mlp-lab-demo-'));
    const r = runCli(['demo', 'linear-collapse', '--json', '--quick', '--seed', '3', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assertReportShape(report, 'linear-collapse');
    assert.ok(report.claims.every((c) => c.holds));
    assert.deepEqual(JSON.parse(readFileSync(join(out, 'linear-collapse.json'), 'utf8')), report);
  });

  it('a seed outside 0..2^32−1 is a usage error (exit 2)', () => {
    const r = runCli(['demo', 'linear-collapse', '--seed', '4294967296']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--seed must be at most 4294967295/);
  });

  it('a claim that does not hold is reported with ✗ and ends in exit code 4', async () => {
    const fake = 'failing-for-test';
    (demos as Record<string, (typeof demos)[string]>)[fake] = {
      summary: 'a demonstration whose second claim fails',
      run: () => ({
        report: {
          demo: fake,
          claims: [
            { name: 'one equals one', measured: 1, expected: 1, holds: true },
            { name: 'two equals three', measured: 2, expected: 3, holds: false },
          ],
        },
        text: 'checking',
        figures: [],
      }),
    };
    const program = new Command('mlp-lab').exitOverride();
    registerDemo(program);
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => written.push(s) > 0) as typeof process.stdout.write;
    try {
      await assert.rejects(program.parseAsync(['node', 'mlp-lab', 'demo', fake]), (e: unknown) => {
        assert.ok(e instanceof ClaimError);
        assert.equal(exitCodeOf(e), EXIT_CLAIM);
        assert.equal(EXIT_CLAIM, 4);
        assert.match(e.message, /1 of 2 claims of 'failing-for-test' did not hold: two equals three/);
        return true;
      });
    } finally {
      process.stdout.write = write;
      delete (demos as Record<string, unknown>)[fake];
    }
    const text = written.join('');
    assert.match(text, /✓ one equals one +measured 1, expected 1/);
    assert.match(text, /✗ two equals three +measured 2, expected 3/);
    assert.match(text, /1 of 2 claims did not hold/);
  });

  it('claimsTable says when every claim holds', () => {
    assert.match(
      claimsTable([{ name: 'a', measured: 0.5, expected: 0.5, holds: true }]),
      /All 1 claims hold/,
    );
  });
});
