/**
 * The playground's speed hook in Chromium: the page's worker times bench's W1
 * with bench's own function (bench/w1.ts), the number
 * scripts/measure-playground.mjs sets beside Node's. Checks that it runs in
 * the worker and answers a well-formed timing, never how fast.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { MeasureOptions, Timing } from '../../bench/measure.js';
import { playgroundBuilt, servePlayground } from '../../src/cli/playground.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe("the playground's W1 timing in Chromium", () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let origin: string;
  const problems: string[] = [];

  before(async () => {
    assert.ok(
      existsSync(CHROMIUM),
      `${CHROMIUM} is missing: install Debian's chromium package, as .ci/run does`,
    );
    if (!playgroundBuilt()) execFileSync('npm', ['run', 'build:web'], { cwd: repo, stdio: 'inherit' });
    server = await servePlayground({ port: 0 });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:'))
        problems.push(`request to another origin: ${url}`);
    });
    await page.goto(`${origin}/`);
    await page.waitForSelector('[data-testid=play]:not([disabled])', { timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  it("times bench's W1 inside the worker: warm-up, then the repeats asked for", async () => {
    // A warm-up of some milliseconds: a worker's clock is coarse, and the repeat length is calibrated from it.
    const options: MeasureOptions = {
      warmupMs: 50,
      warmupIters: 20,
      warmupMaxMs: 2000,
      repeats: 3,
      repeatMs: 5,
      budgetMs: 5000,
      minRepeats: 3,
    };
    const t = await page.evaluate(
      (o) =>
        (globalThis as unknown as { mlpLabBenchW1: (o: MeasureOptions) => Promise<Timing> }).mlpLabBenchW1(o),
      options,
    );
    assert.ok(t.warmupIters >= 20, JSON.stringify(t));
    assert.equal(t.samples.length, 3);
    assert.ok(t.itersPerRepeat >= 1);
    assert.ok(t.samples.every((s) => Number.isFinite(s) && s > 0));
    assert.equal(t.medianMs, [...t.samples].sort((a, b) => a - b)[1]);
  });

  it('left no console errors or warnings and asked no other origin', () => {
    assert.deepEqual(problems, []);
  });
});
