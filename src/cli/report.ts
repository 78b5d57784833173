/**
 * `mlp-lab report --out DIR [--quick]`: every experiment run once, written as
 * one self-contained HTML page (figures inline as SVG, no network) and
 * report.json with the numbers and claims. The full run also probes
 * Fashion-MNIST when its files are installed.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Claim } from '../analysis/experiments/common.js';
import { type ExperimentSize, experiments } from '../analysis/experiments/index.js';
import type { ProbeSet } from '../analysis/experiments/probes.js';
import { lazyPoolRunner } from '../analysis/sweep/pool.node.js';
import { loadFashionMnist } from '../data/fashionMnist.node.js';
import { selectRows } from '../data/split.js';
import { writeFileAtomic } from '../io/atomic.node.js';
import { chartFigure } from '../viz/experimentChart.js';
import type { Figure } from '../viz/figure.js';
import { UsageError } from './errors.js';
import { MAX_SEED } from './fitOptions.js';
import { parseIntegerOption } from './values.js';

export interface ReportOptions {
  readonly out: string;
  readonly size: ExperimentSize;
  readonly seed: number;
  /** Run only these experiments (default: all). */
  readonly only?: readonly string[];
  readonly log?: (line: string) => void;
}

export interface ReportSection {
  readonly name: string;
  readonly summary: string;
  readonly explanation: string;
  readonly seconds: number;
  readonly claims: readonly Claim[];
  readonly figures: readonly Figure[];
  readonly result: Record<string, unknown>;
}

/** Fashion-MNIST for the probes: 6000 training and 2000 test images, or none when the files are absent. */
function fashionProbeSet(): ProbeSet[] {
  try {
    const { train, test } = loadFashionMnist();
    const take = (n: number) => Array.from({ length: n }, (_, i) => i);
    return [
      { name: 'fashion-mnist', train: selectRows(train, take(6000)), test: selectRows(test, take(2000)) },
    ];
  } catch {
    return [];
  }
}

export async function buildReport(o: ReportOptions): Promise<{ sections: ReportSection[]; html: string }> {
  const names = o.only ?? Object.keys(experiments);
  for (const n of names)
    if (!Object.hasOwn(experiments, n))
      throw new UsageError(`unknown experiment '${n}'; choose from: ${Object.keys(experiments).join(', ')}`);
  const probeSets = o.size === 'full' ? fashionProbeSet() : [];
  const sections: ReportSection[] = [];
  // One pool for the whole report: universal and depth-vs-width share its threads (one per core).
  const pool = lazyPoolRunner();
  try {
    for (const name of names) {
      const e = experiments[name];
      const started = performance.now();
      const { charts, claims, ...result } = await e.run({
        size: o.size,
        seed: o.seed,
        probeSets,
        runner: pool.runner,
      });
      const figures = await Promise.all(charts.map((c) => chartFigure(c)));
      const seconds = (performance.now() - started) / 1000;
      o.log?.(
        `${name}: ${claims.filter((c) => c.holds).length}/${claims.length} claims hold, ${seconds.toFixed(1)} s`,
      );
      sections.push({
        name,
        summary: e.summary,
        explanation: e.explanation,
        seconds,
        claims,
        figures,
        result,
      });
    }
  } finally {
    await pool.close();
  }
  mkdirSync(o.out, { recursive: true });
  const json = {
    generated: new Date().toISOString(),
    size: o.size,
    seed: o.seed,
    experiments: Object.fromEntries(
      sections.map((s) => [s.name, { seconds: s.seconds, claims: s.claims, ...s.result }]),
    ),
  };
  const html = renderHtml(sections, o.size);
  // Four significant digits are more than any of these measurements resolve, and keep the file small.
  const rounded = (_: string, v: unknown) =>
    typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? Number(v.toPrecision(4)) : v;
  writeFileAtomic(join(o.out, 'report.json'), `${JSON.stringify(json, rounded, 1)}\n`);
  writeFileAtomic(join(o.out, 'report.html'), html);
  return { sections, html };
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The SVG without its XML prolog, so it can sit inside HTML. */
const inlineSvg = (svg: string) => svg.replace(/^<\?xml[^>]*>\s*/, '');

function claimRows(claims: readonly Claim[]): string {
  return claims
    .map(
      (c) =>
        `<tr class="${c.holds ? 'ok' : 'no'}"><td>${c.holds ? '✓' : '✗'}</td><td>${escapeHtml(c.name)}</td><td>${escapeHtml(String(c.measured))}</td><td>${escapeHtml(String(c.expected))}</td></tr>`,
    )
    .join('\n');
}

export function renderHtml(sections: readonly ReportSection[], size: ExperimentSize): string {
  const all = sections.flatMap((s) => s.claims);
  const held = all.filter((c) => c.holds).length;
  const body = sections
    .map(
      (s) => `<section id="${s.name}">
<h2>${escapeHtml(s.name)}</h2>
<p class="summary">${escapeHtml(s.summary)} <span class="time">(${s.seconds.toFixed(1)} s)</span></p>
<p>${escapeHtml(s.explanation)}</p>
<table><thead><tr><th></th><th>claim</th><th>measured</th><th>expected</th></tr></thead><tbody>
${claimRows(s.claims)}
</tbody></table>
<div class="figures">${s.figures.map((f) => `<figure>${inlineSvg(f.svg)}</figure>`).join('\n')}</div>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>mlp-lab experiments report</title>
<style>
body { font-family: 'DejaVu Sans', sans-serif; max-width: 1250px; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ddd; padding-top: 0.6em; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
td, th { border-bottom: 1px solid #eee; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
tr.ok td:first-child { color: #2166ac; } tr.no td:first-child { color: #b2182b; font-weight: bold; }
.figures { display: flex; flex-wrap: wrap; gap: 1em; } figure { margin: 0; } figure svg { max-width: 100%; height: auto; }
.summary { font-style: italic; } .time { color: #666; font-style: normal; }
nav a { margin-right: 1em; }
</style></head><body>
<h1>mlp-lab experiments</h1>
<p>${size === 'full' ? 'Full run.' : `A ${size} run: fewer seeds, widths and steps than the full report.`} ${held} of ${all.length} claims hold. Numbers in report.json.</p>
<nav>${sections.map((s) => `<a href="#${s.name}">${escapeHtml(s.name)}</a>`).join('')}</nav>
${body}
</body></html>
`;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('run every experiment and write one self-contained HTML page with figures, plus report.json')
    .requiredOption('--out <dir>', 'directory for report.html and report.json; e.g. --out report')
    .option('--quick', 'a smaller run that finishes in about a minute; e.g. --quick')
    .option('--seed <n>', 'shift every seed by n; e.g. --seed 1', '0')
    .option('--only <names>', `comma-separated experiments, from: ${Object.keys(experiments).join(', ')}`)
    .addHelpText('after', '\nExamples:\n  mlp-lab report --out report --quick\n  mlp-lab report --out report')
    .action(async (opts: { out: string; quick?: boolean; seed: string; only?: string }) => {
      const seed = parseIntegerOption('--seed', opts.seed, 0);
      if (seed > MAX_SEED) throw new UsageError(`--seed must be at most ${MAX_SEED}, got ${opts.seed}`);
      const { sections } = await buildReport({
        out: opts.out,
        size: opts.quick ? 'quick' : 'full',
        seed,
        only: opts.only?.split(',').map((s) => s.trim()),
        log: (line) => process.stderr.write(`${line}\n`),
      });
      const claims = sections.flatMap((s) => s.claims);
      process.stdout.write(
        `${join(opts.out, 'report.html')}: ${claims.filter((c) => c.holds).length} of ${claims.length} claims hold\n`,
      );
    });
}
