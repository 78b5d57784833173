/**
 * `mlp-lab figures --out DIR`: regenerates every figure the README and docs/
 * show. Figures come from the demo registry, so a demo that gains figures is
 * covered without touching this file. Writes NAME.svg and NAME.png for each,
 * plus index.md and index.json listing what was written and by which demo.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../io/atomic.node.js';
import { svgToPng } from '../viz/png.node.js';
import { demos } from './demos/index.js';
import { ClaimError, UsageError } from './errors.js';
import { MAX_SEED } from './fitOptions.js';
import { parseIntegerOption } from './values.js';

type Format = 'svg' | 'png' | 'both';

interface FiguresOptions {
  out: string;
  format: string;
  only?: string;
  quick?: boolean;
  seed: string;
}

export interface FigureEntry {
  readonly name: string;
  readonly title: string;
  readonly demo: string;
  readonly svg: string | null;
  readonly png: string | null;
  readonly width: number;
  readonly height: number;
}

export function registerFigures(program: Command): void {
  program
    .command('figures')
    .description('regenerate every figure the README and docs show (SVG and PNG) from the demonstrations')
    .requiredOption('--out <dir>', 'directory for the figures and their index; e.g. --out docs/figures')
    .option('--only <names>', 'only these demos, comma-separated; e.g. --only activations,elements')
    .option('--quick', 'run each demo small (coarser grids, fewer seeds): faster, same claims')
    .option('--seed <n>', 'random seed passed to every demo', '1')
    .option('--format <f>', 'svg, png or both; e.g. --format png for the PNGs docs/ commits', 'both')
    .action(async (opts: FiguresOptions) => {
      const names = opts.only ? opts.only.split(',').map((s) => s.trim()) : Object.keys(demos);
      const unknown = names.filter((n) => !Object.hasOwn(demos, n));
      if (unknown.length > 0)
        throw new UsageError(
          `unknown demo '${unknown.join("', '")}'; choose from: ${Object.keys(demos).join(', ')}`,
        );
      if (!['svg', 'png', 'both'].includes(opts.format))
        throw new UsageError(`--format must be svg, png or both, got '${opts.format}'`);
      const format = opts.format as Format;
      const seed = parseIntegerOption('--seed', opts.seed, 0);
      if (seed > MAX_SEED) throw new UsageError(`--seed must be at most ${MAX_SEED}, got ${opts.seed}`);
      mkdirSync(opts.out, { recursive: true });
      const entries: FigureEntry[] = [];
      const failed: string[] = [];
      for (const demo of names) {
        const output = await demos[demo].run({ seed, quick: opts.quick === true });
        if (output.report.claims.some((c) => !c.holds)) failed.push(demo);
        for (const figure of output.figures) {
          const clash = entries.find((e) => e.name === figure.name);
          if (clash)
            throw new Error(`demos '${clash.demo}' and '${demo}' both make a figure named '${figure.name}'`);
          const svg = format === 'png' ? null : `${figure.name}.svg`;
          const png = format === 'svg' ? null : `${figure.name}.png`;
          if (svg) writeFileAtomic(join(opts.out, svg), figure.svg);
          if (png) writeFileAtomic(join(opts.out, png), svgToPng(figure.svg, Math.round(figure.width)));
          entries.push({
            name: figure.name,
            title: figure.title,
            demo,
            svg,
            png,
            width: figure.width,
            height: figure.height,
          });
        }
        const count = output.figures.length;
        process.stdout.write(`${demo.padEnd(16)}${count} figure${count === 1 ? '' : 's'}\n`);
      }
      writeFileAtomic(join(opts.out, 'index.json'), `${JSON.stringify(entries, null, 2)}\n`);
      writeFileAtomic(join(opts.out, 'index.md'), indexMarkdown(entries));
      process.stdout.write(`${entries.length} figures written to ${opts.out} (index.md, index.json)\n`);
      if (failed.length > 0) throw new ClaimError(`claims did not hold in: ${failed.join(', ')}`);
    });
}

function files(e: FigureEntry): string {
  const links: string[] = [];
  if (e.svg) links.push(`[SVG](${e.svg})`);
  if (e.png) links.push(`[PNG](${e.png})`);
  return links.join(' · ');
}

/** A list rather than a table: it stays as written under the repository's Markdown formatter. */
function indexMarkdown(entries: readonly FigureEntry[]): string {
  return [
    '# Figures',
    '',
    'Regenerate with `mlp-lab figures --out DIR` (`--format png` for the PNGs alone).',
    '',
    ...entries.map((e) => `- ${e.title} (\`mlp-lab demo ${e.demo}\`): ${files(e)}`),
    '',
  ].join('\n');
}
