import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { registerDemo } from '../../src/cli/demo.js';
import { FIT_EXAMPLES, registerFit } from '../../src/cli/fit.js';
import { registerPlayground } from '../../src/cli/playground.js';
import { registerPredict } from '../../src/cli/predict.js';
import { runCli } from './run.js';

describe('mlp-lab --help is the manual', () => {
  const program = new Command('mlp-lab');
  registerDemo(program);
  registerFit(program);
  registerPredict(program);
  registerPlayground(program);
  for (const cmd of program.commands) {
    it(`every option of '${cmd.name()}' comes with an example`, () => {
      assert.ok(cmd.options.length > 0 || cmd.name() === 'info');
      for (const option of cmd.options) assert.match(option.description, /e\.g\. /, option.flags);
    });
  }

  it('every example in fit --help runs (one epoch each)', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'mlp-lab-help-'));
    const rows = ['rooms,city,area,price'];
    for (let i = 0; i < 60; i++)
      rows.push(`${1 + (i % 5)},${['Oslo', 'Bergen', 'Tromsø'][i % 3]},${40 + i},${100 + 20 * (i % 5) + i}`);
    writeFileSync(join(cwd, 'data.csv'), `${rows.join('\n')}\n`);
    const help = runCli(['fit', '--help']);
    for (const example of FIT_EXAMPLES) {
      assert.ok(help.stdout.includes(example), `--help shows: ${example}`);
      const args = example
        .replace(/^mlp-lab /, '')
        .match(/'[^']*'|\S+/g)!
        .map((a) => a.replace(/^'|'$/g, ''));
      // Fashion-MNIST is 60 000 images; a few hundred show that the example's options work.
      const extra = args.includes('fashion-mnist') ? ['--limit', '300'] : [];
      const r = runCli([...args, '--epochs', '1', ...extra, '--quiet'], { cwd });
      assert.equal(r.code, 0, `${example}: ${r.stderr}`);
    }
  });
});
