#!/usr/bin/env node
/**
 * Measures the playground in Debian's Chromium (playwright-core): bundle size
 * (gzip), time from navigation to the first training step, training steps per
 * second as the page runs them (views drawn every frame) for 2-8-8-1 and
 * 2-256-256-1, and bench's W1 timed by one function (bench/w1.ts) inside the
 * page's worker and in this Node process, turn about, so that both see the
 * same machine load. Every figure is measured --repeats times (a fresh browser
 * context each time) and printed as the median with the range. Builds what is
 * missing first. Prints a Markdown table and, with --json, the numbers.
 *
 *   node scripts/measure-playground.mjs [--seconds 5] [--repeats 3] [--json]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!(Number.isInteger(v) && v > 0)) {
    console.error(`${name} needs a positive whole number, got ${args[i + 1]}`);
    process.exit(2);
  }
  return v;
};
const seconds = option('--seconds', 5);
const repeats = option('--repeats', 3);
const json = args.includes('--json');

if (!existsSync(join(root, 'dist/test/browser/harness.js')) || !existsSync(join(root, 'dist/bench/w1.js')))
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (!existsSync(join(root, 'dist/playground/index.html')))
  execFileSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });

const { launchPlayground, ready } = await import(join(root, 'dist/test/browser/harness.js'));
// Node's side as `npm run bench` runs it: the package's Node entry (native BLAS installed when it loads) and bench's W1.
await import(join(root, 'dist/src/index.node.js'));
const { timeW1 } = await import(join(root, 'dist/bench/w1.js'));

const site = join(root, 'dist/playground');
const assets = readdirSync(join(site, 'assets')).map((f) => join('assets', f));
const gz = (f) => gzipSync(readFileSync(join(site, f)), { level: 9 }).length;
// The sweep workers load their own bundle only when a sweep runs, so it is counted apart from what the page loads first;
// so are the chunks only a dynamic import reaches (the expression parser, one copy per worker bundle, loaded by the first typed function).
const pageEntry = /<script[^>]+src="\.\/(assets\/[\w.-]+\.js)"/.exec(
  readFileSync(join(site, 'index.html'), 'utf8'),
)?.[1];
if (pageEntry === undefined) {
  console.error('dist/playground/index.html loads no script from assets/: rebuild it with npm run build:web');
  process.exit(1);
}
const sizes = { page: 0, worker: 0, sweepWorker: 0, lazy: {}, css: 0, html: gz('index.html') };
for (const f of assets) {
  if (f.endsWith('.css')) sizes.css += gz(f);
  else if (f.startsWith('assets/worker-')) sizes.worker += gz(f);
  else if (f.startsWith('assets/sweepWorker-')) sizes.sweepWorker += gz(f);
  else if (f === pageEntry) sizes.page += gz(f);
  else if (f.endsWith('.js')) sizes.lazy[f.slice('assets/'.length)] = gz(f);
}
sizes.total = sizes.page + sizes.worker + sizes.css + sizes.html;

// The tests' harness: Debian's Chromium with the tests' flags, the built site on a free loopback port.
const playground = await launchPlayground();
const { browser } = playground;
const url = `${playground.origin}/`;

/** One fresh context: first step, steps/s at both sizes, then W1 in the worker and in Node, turn about. */
async function measureOnce() {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const steps = async () => Number(await page.textContent('[data-testid=steps]'));
  const stopped = () => page.waitForSelector('[data-testid=step]:not([disabled])');

  await page.goto(url);
  await ready(page, 120_000);
  await page.click('[data-testid=play]');
  await page.waitForFunction(() => performance.getEntriesByName('mlp-lab:first-step').length > 0);
  const firstStepMs = await page.evaluate(
    () => performance.getEntriesByName('mlp-lab:first-step')[0].startTime,
  );
  await page.click('[data-testid=play]');
  await stopped();

  async function stepsPerSecond() {
    const s0 = await steps();
    const t0 = Date.now();
    await page.click('[data-testid=play]');
    await page.waitForTimeout(seconds * 1000);
    await page.click('[data-testid=play]');
    await stopped();
    return ((await steps()) - s0) / ((Date.now() - t0) / 1000);
  }
  const small = await stepsPerSecond();
  for (const i of [0, 1]) {
    await page.locator(`#num-units-${i}`).fill('256');
    await page.locator(`#num-units-${i}`).press('Tab');
    await ready(page, 120_000);
  }
  const wide = await stepsPerSecond();
  const worker = await page.evaluate(() => globalThis.mlpLabBenchW1());
  const node = timeW1();
  await context.close();
  return {
    firstStepMs,
    small,
    wide,
    workerUs: worker.medianMs * 1000,
    nodeUs: node.medianMs * 1000,
    ratio: worker.medianMs / node.medianMs,
  };
}

const runs = [];
for (let r = 0; r < repeats; r++) {
  runs.push(await measureOnce());
  process.stderr.write(`repeat ${r + 1}/${repeats} done\n`);
}
const version = browser.version();
await playground.close();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stat = (key) => {
  const xs = runs.map((r) => r[key]);
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs };
};
const result = {
  repeats,
  seconds,
  gzipBytes: sizes,
  firstTrainingStepMs: stat('firstStepMs'),
  stepsPerSecond: { '2-8-8-1': stat('small'), '2-256-256-1': stat('wide') },
  w1UsPerStep: { chromiumWorker: stat('workerUs'), benchNode: stat('nodeUs'), ratio: stat('ratio') },
  chromium: version,
  node: process.version,
};
if (json) console.log(JSON.stringify(result, null, 2));

const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;
const show = (s, digits) => `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
const w1 = result.w1UsPerStep;
console.log(`| measure (median of ${repeats}, range in brackets) | value |
|---|---|
| bundle, gzip: page / worker / css+html / total loaded first | ${kb(sizes.page)} / ${kb(sizes.worker)} / ${kb(sizes.css + sizes.html)} / ${kb(sizes.total)} |
| bundle, gzip: the sweep workers' own (loaded when a sweep runs) | ${kb(sizes.sweepWorker)} |
| bundle, gzip: chunks loaded on demand (the expression parser, once per worker bundle) | ${Object.values(sizes.lazy).map(kb).join(' / ') || 'none'} |
| navigation → first training step | ${show(result.firstTrainingStepMs, 0)} ms |
| steps/s in the page, 2-8-8-1 relu, Adam, batch 10 (views drawn every frame) | ${show(result.stepsPerSecond['2-8-8-1'], 0)} |
| steps/s in the page, 2-256-256-1 relu, Adam, batch 10 | ${show(result.stepsPerSecond['2-256-256-1'], 0)} |
| bench's W1 (2-8-8-1 tanh, SGD, batch 10), µs/step: page's worker in Chromium | ${show(w1.chromiumWorker, 2)} |
| bench's W1, µs/step: Node (\`npm run bench\`'s loop) | ${show(w1.benchNode, 2)} |
| worker ÷ Node, each repeat's pair measured back to back (bar: ≤ 2) | ${show(w1.ratio, 2)} |`);
