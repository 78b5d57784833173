/**
 * `mlp-lab demo NAME`: a claim about MLPs, computed by src/analysis/ and
 * checked with numbers. Text mode prints the demo's account and a table of
 * its claims; --json prints exactly the report; --out writes the report and
 * every figure (SVG and PNG). A claim that does not hold exits 4. `xor` is
 * what `npm start` shows.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../io/atomic.node.js';
import { svgToPng } from '../viz/png.node.js';
import type { Claim, DemoOutput } from './demos/demo.js';
import { type Demo, demos } from './demos/index.js';
import { ClaimError, UsageError } from './errors.js';
import { MAX_SEED } from './fitOptions.js';
import { parseIntegerOption } from './values.js';

interface DemoOptions {
  seed: string;
  list?: boolean;
  json?: boolean;
  out?: string;
  quick?: boolean;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run a demonstration of a claim about MLPs and check it with numbers')
    .argument('[name]', `one of: ${Object.keys(demos).join(', ')}`, 'xor')
    .option('--seed <n>', `random seed, 0..${MAX_SEED}; e.g. --seed 3`, '1')
    .option('--json', 'print the report as one JSON object; e.g. mlp-lab demo abs --json')
    .option('--out <dir>', 'write NAME.json and each figure as SVG and PNG into DIR; e.g. --out figures')
    .option('--quick', 'a smaller run (fewer seeds, coarser grids), same claims; e.g. --quick')
    .option('--list', 'list the demonstrations, one a line, name first; e.g. mlp-lab demo --list')
    .addHelpText(
      'after',
      `\nDemonstrations:\n${listing()}\n\nA claim that does not hold exits with code 4.\n\nExamples:\n  mlp-lab demo xor --seed 3\n  mlp-lab demo telgarsky --json\n  mlp-lab demo square --out figures`,
    )
    .action(async (name: string, opts: DemoOptions) => {
      if (opts.list) {
        process.stdout.write(`${listing()}\n`);
        return;
      }
      const demo: Demo | undefined = demos[name];
      if (!demo)
        throw new UsageError(`unknown demo '${name}'; choose one of: ${Object.keys(demos).join(', ')}`);
      const seed = parseIntegerOption('--seed', opts.seed, 0);
      if (seed > MAX_SEED) throw new UsageError(`--seed must be at most ${MAX_SEED}, got ${opts.seed}`);
      const output = await demo.run({ seed, quick: opts.quick === true });
      if (opts.out) writeOutputs(opts.out, name, output);
      process.stdout.write(
        opts.json
          ? `${JSON.stringify(output.report, null, 2)}\n`
          : `${output.text.trimEnd()}\n\n${claimsTable(output.report.claims)}\n`,
      );
      const failed = output.report.claims.filter((c) => !c.holds);
      if (failed.length > 0)
        throw new ClaimError(
          `${failed.length} of ${output.report.claims.length} claims of '${name}' did not hold: ${failed.map((c) => c.name).join('; ')}`,
        );
    });
}

function listing(): string {
  return Object.entries(demos)
    .map(([name, d]) => `${name.padEnd(16)}${d.summary}`)
    .join('\n');
}

function format(v: Claim['measured']): string {
  if (typeof v === 'number')
    return Number.isInteger(v) || v === 0
      ? String(v)
      : Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6
        ? v.toExponential(3)
        : String(Number(v.toPrecision(6)));
  return String(v);
}

/** One line per claim: ✓ or ✗, its name, what was measured and what the claim expects. */
export function claimsTable(claims: readonly Claim[]): string {
  const width = Math.max(...claims.map((c) => c.name.length));
  const lines = claims.map(
    (c) =>
      `${c.holds ? '✓' : '✗'} ${c.name.padEnd(width)}  measured ${format(c.measured)}, expected ${format(c.expected)}`,
  );
  const held = claims.filter((c) => c.holds).length;
  lines.push(
    held === claims.length
      ? `All ${claims.length} claims hold.`
      : `${claims.length - held} of ${claims.length} claims did not hold.`,
  );
  return lines.join('\n');
}

function writeOutputs(dir: string, name: string, output: DemoOutput): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, `${name}.json`), `${JSON.stringify(output.report, null, 2)}\n`);
  for (const figure of output.figures) {
    writeFileAtomic(join(dir, `${figure.name}.svg`), figure.svg);
    writeFileAtomic(join(dir, `${figure.name}.png`), svgToPng(figure.svg, figure.width));
  }
}
