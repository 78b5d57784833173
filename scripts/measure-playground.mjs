#!/usr/bin/env node
/**
 * Measures the playground in Debian's Chromium (playwright-core): bundle size
 * (gzip), time from navigation to the first training step, training steps per
 * second as the page runs them (views drawn every frame) for 2-8-8-1 and
 * 2-256-256-1, and µs per W1 step inside the worker beside the same loop in
 * Node. Builds what is missing first. Prints a Markdown table and, with
 * --json, the numbers as JSON.
 *
 *   node scripts/measure-playground.mjs [--seconds 5] [--json]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1]) || 5;
const json = args.includes('--json');

if (!existsSync(join(root, 'dist/src/cli/playground.js')))
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (!existsSync(join(root, 'dist/playground/index.html')))
  execFileSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });

const { chromium } = await import('playwright-core');
const { servePlayground } = await import(join(root, 'dist/src/cli/playground.js'));
const { mlp, Trainer, Rng, zeros, fromData } = await import(join(root, 'dist/src/index.js'));

const site = join(root, 'dist/playground');
const assets = readdirSync(join(site, 'assets')).map((f) => join('assets', f));
const gz = (f) => gzipSync(readFileSync(join(site, f)), { level: 9 }).length;
const sizes = { page: 0, worker: 0, css: 0, html: gz('index.html') };
for (const f of assets) {
  if (f.endsWith('.css')) sizes.css += gz(f);
  else if (f.includes('worker')) sizes.worker += gz(f);
  else if (f.endsWith('.js')) sizes.page += gz(f);
}
sizes.total = sizes.page + sizes.worker + sizes.css + sizes.html;

function nodeW1(steps) {
  const model = mlp([2, 8, 8, 1], { activation: 'tanh', seed: 1 });
  const trainer = new Trainer(model, { loss: 'mse', optimizer: 'sgd', lr: 0.03 });
  const rng = new Rng(3);
  const x = zeros(10, 2);
  rng.fillUniform(x.data, -1, 1);
  const y = fromData(
    10,
    1,
    new Float32Array(10).map((_, i) => x.data[2 * i] * x.data[2 * i + 1]),
  );
  for (let i = 0; i < 500; i++) trainer.step(x, y);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) trainer.step(x, y);
  return ((performance.now() - t0) * 1000) / steps;
}

const server = await servePlayground({ port: 0 });
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const ready = () => page.waitForSelector('[data-testid=play]:not([disabled])', { timeout: 120_000 });
const steps = async () => Number(await page.textContent('[data-testid=steps]'));

await page.goto(url);
await ready();
await page.click('[data-testid=play]');
await page.waitForFunction(() => performance.getEntriesByName('mlp-lab:first-step').length > 0);
const firstStepMs = await page.evaluate(
  () => performance.getEntriesByName('mlp-lab:first-step')[0].startTime,
);
await page.click('[data-testid=play]');
await page.waitForSelector('[data-testid=step]:not([disabled])');

async function stepsPerSecond() {
  const s0 = await steps();
  const t0 = Date.now();
  await page.click('[data-testid=play]');
  await page.waitForTimeout(seconds * 1000);
  await page.click('[data-testid=play]');
  await page.waitForSelector('[data-testid=step]:not([disabled])');
  return ((await steps()) - s0) / ((Date.now() - t0) / 1000);
}

const small = await stepsPerSecond();
for (const i of [0, 1]) {
  await page.locator(`#num-units-${i}`).fill('256');
  await page.locator(`#num-units-${i}`).press('Tab');
  await ready();
}
const wide = await stepsPerSecond();
const workerW1 = await page.evaluate(() => globalThis.mlpLabBenchW1(20000));
const nodeW1Us = nodeW1(20000);
await browser.close();
server.close();

const result = {
  gzipBytes: sizes,
  firstTrainingStepMs: Math.round(firstStepMs),
  stepsPerSecond: { '2-8-8-1': Math.round(small), '2-256-256-1': Math.round(wide) },
  w1UsPerStep: {
    chromiumWorker: +workerW1.toFixed(2),
    node: +nodeW1Us.toFixed(2),
    ratio: +(workerW1 / nodeW1Us).toFixed(2),
  },
  chromium: browser.version(),
};
if (json) console.log(JSON.stringify(result, null, 2));
const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;
console.log(`| measure | value |
|---|---|
| bundle, gzip: page / worker / css+html / total | ${kb(sizes.page)} / ${kb(sizes.worker)} / ${kb(sizes.css + sizes.html)} / ${kb(sizes.total)} |
| navigation → first training step | ${result.firstTrainingStepMs} ms |
| steps/s in the page, 2-8-8-1 relu, Adam, batch 10 (views drawn every frame) | ${result.stepsPerSecond['2-8-8-1']} |
| steps/s in the page, 2-256-256-1 relu, Adam, batch 10 | ${result.stepsPerSecond['2-256-256-1']} |
| W1 (2-8-8-1 tanh, SGD, batch 10) µs/step: worker in Chromium / Node | ${result.w1UsPerStep.chromiumWorker} / ${result.w1UsPerStep.node} (× ${result.w1UsPerStep.ratio}) |`);
