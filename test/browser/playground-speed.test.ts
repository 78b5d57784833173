/**
 * The playground's speed hook in Chromium: the page's worker times bench's W1
 * with bench's own function (bench/w1.ts), the number
 * scripts/measure-playground.mjs sets beside Node's. Checks that it runs in
 * the worker and answers a well-formed timing, never how fast.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { MeasureOptions, Timing } from '../../bench/measure.js';
import { launchPlayground, type Playground, ready } from './harness.js';

describe("the playground's W1 timing in Chromium", () => {
  let pg: Playground;
  let page: Page;

  before(async () => {
    pg = await launchPlayground();
    page = await pg.open();
    await ready(page);
  });

  after(async () => {
    await pg?.close();
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
    assert.deepEqual(pg.problems, []);
  });
});
