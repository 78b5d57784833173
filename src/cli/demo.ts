/**
 * `mlp-lab demo [name]`: the seed documents' claims, run and checked by
 * numbers on embedded defaults. `xor` is what `npm start` shows until the
 * playground exists.
 */
import type { Command } from 'commander';
import { type Demo, demos } from './demos/index.js';
import { UsageError } from './errors.js';
import { parseIntegerOption } from './values.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run a demonstration of a claim from the seed documents and check it with numbers')
    .argument('[name]', `one of: ${Object.keys(demos).join(', ')}`, 'xor')
    .option('--seed <n>', 'random seed; e.g. --seed 3', '1')
    .option('--list', 'list the demonstrations and exit; e.g. mlp-lab demo --list')
    .addHelpText(
      'after',
      `\nDemonstrations:\n${Object.entries(demos)
        .map(([name, d]) => `  ${name.padEnd(16)}${d.summary}`)
        .join('\n')}\n\nExample:\n  mlp-lab demo xor --seed 3`,
    )
    .action((name: string, opts: { seed: string; list?: boolean }) => {
      if (opts.list) {
        for (const [key, d] of Object.entries(demos)) process.stdout.write(`${key.padEnd(16)}${d.summary}\n`);
        return;
      }
      const demo: Demo | undefined = demos[name];
      if (!demo)
        throw new UsageError(`unknown demo '${name}'; choose one of: ${Object.keys(demos).join(', ')}`);
      const ok = demo.run({
        seed: parseIntegerOption('--seed', opts.seed, 0),
        write: (s) => process.stdout.write(s),
      });
      if (!ok) process.exitCode = 1;
    });
}
