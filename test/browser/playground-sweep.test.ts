/**
 * The Experiment panel in Chromium: a tiny width × depth sweep runs in its
 * own workers, its points are drawn, and a point opened (by keyboard and by
 * mouse) trains the main run to the job's step count with the job's loss, to
 * the bit. A bad list gets its inline message, the panel fits a 390 px screen
 * in dark and speaks Chinese, and a cancelled sweep says how far it got. Screenshots go to .tmp/playground/.
 *
 * Needs /usr/bin/chromium (Debian's `chromium` package; .ci/run installs it).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { launchPlayground, type Playground, ready, repo } from './harness.js';

const shots = join(repo, '.tmp', 'playground');

async function fillSweep(page: Page, v: { widths: string; depths: string; seeds: string; steps: string }) {
  for (const [k, text] of Object.entries(v)) await page.fill(`#sweep-${k}`, text);
}

/** The pool takes one worker fewer than the machine's cores: this sets what the page sees. */
async function cores(page: Page, n: number): Promise<void> {
  await page.evaluate(
    (k) => Object.defineProperty(navigator, 'hardwareConcurrency', { value: k, configurable: true }),
    n,
  );
}

/** Opens a point and waits until the main run has replayed to its step count and rests. */
async function openedLoss(
  page: Page,
  index: number,
  how: 'click' | 'enter',
): Promise<{ want: string; got: string }> {
  const point = page.locator(`[data-testid=sweep-point][data-index="${index}"]`);
  const want = (await point.getAttribute('data-test-loss')) ?? '';
  const steps = Number(await point.getAttribute('data-steps'));
  if (how === 'click') await point.click();
  else {
    await point.focus();
    await page.keyboard.press('Enter');
  }
  await page.waitForFunction(
    (n) =>
      document.querySelector('[data-testid=steps]')?.textContent === String(n) &&
      !document.querySelector('[data-testid=play]')?.hasAttribute('disabled'),
    steps,
    { timeout: 30_000, polling: 50 },
  );
  return { want, got: (await page.getAttribute('[data-testid=test-loss]', 'data-exact')) ?? '' };
}

describe('the playground sweep in Chromium', () => {
  let pg: Playground;
  let page: Page;

  before(async () => {
    mkdirSync(shots, { recursive: true });
    pg = await launchPlayground();
    page = await pg.open({ viewport: { width: 1400, height: 1000 } });
    await ready(page);
  });

  after(async () => {
    await pg?.close();
  });

  it('names the box whose list it cannot read', async () => {
    await fillSweep(page, { widths: '2,x', depths: '1', seeds: '1', steps: '10' });
    await page.click('[data-testid=sweep-run]');
    assert.match(
      (await page.textContent('[data-testid=sweep-widths-error]')) ?? '',
      /'x' is not a whole number/,
    );
    assert.equal(await page.locator('[data-testid=sweep-status]').count(), 0);
  });

  it('runs widths 2,8 × depths 1,2 and draws a point per run and a cell per network, the same on 1 or 2 workers', async () => {
    await fillSweep(page, { widths: '2,8', depths: '1,2', seeds: '3', steps: '300' });
    await cores(page, 2);
    await page.click('[data-testid=sweep-run]');
    await page.waitForSelector('[data-testid=sweep-status][data-state=done]', { timeout: 60_000 });
    assert.match((await page.textContent('[data-testid=sweep-status]')) ?? '', /parallel workers: 1/);
    assert.equal(await page.textContent('[data-testid=sweep-widths-error]'), '');
    assert.equal(await page.locator('[data-testid=sweep-point]').count(), 4);
    assert.equal(await page.locator('[data-testid=sweep-cell]').count(), 4);
    const losses = await page.$$eval('[data-testid=sweep-point]', (els) =>
      els.map((e) => Number(e.getAttribute('data-test-loss'))),
    );
    assert.equal(new Set(losses).size, 4, `four networks, four losses: ${losses}`);
    for (const l of losses) assert.ok(l > 0 && Number.isFinite(l), `loss ${l}`);
    // Two workers (as on a 3-core machine), finishing in their own order: the same results, bit for bit.
    await cores(page, 3);
    await page.click('[data-testid=sweep-run]');
    await page.waitForSelector('[data-testid=sweep-status][data-state=done]', { timeout: 60_000 });
    assert.match((await page.textContent('[data-testid=sweep-status]')) ?? '', /parallel workers: 2/);
    assert.deepEqual(
      await page.$$eval('[data-testid=sweep-point]', (els) =>
        els.map((e) => Number(e.getAttribute('data-test-loss'))),
      ),
      losses,
    );
    // Focus shows the exact numbers.
    await page.locator('[data-testid=sweep-point][data-index="3"]').focus();
    assert.match(
      (await page.textContent('[data-testid=sweep-read]')) ?? '',
      new RegExp(
        `depth 2 × width 8, seed 3: 105 parameters, 300 steps, test loss ${String(losses[3]).replace('.', '\\.')}`,
      ),
    );
    await page.locator('#h-experiment').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'sweep.png') });
  });

  it('opens a point: the main run reaches its step count with its loss, to the bit', async () => {
    const byKey = await openedLoss(page, 3, 'enter');
    assert.equal(byKey.got, byKey.want);
    assert.equal(await page.inputValue('#num-seed'), '3');
    assert.match((await page.textContent('[data-testid=sweep-opened]')) ?? '', /depth 2 × width 8, seed 3/);
    const byClick = await openedLoss(page, 0, 'click');
    assert.equal(byClick.got, byClick.want);
    assert.notEqual(byClick.got, byKey.got);
  });

  it('draws accuracy too, in dark, on a 390 px screen and in Chinese', async () => {
    await page.selectOption('#sweep-metric', 'accuracy');
    assert.equal(await page.locator('[data-testid=sweep-point]').count(), 4);
    assert.match((await page.textContent('[data-testid=sweep-grid]')) ?? '', /\d+\.\d%/);
    await page.click('text=Theme: Light');
    await page.locator('#h-experiment').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'sweep-dark.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.locator('#h-experiment').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'sweep-390.png') });
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a 390px screen`);
    await page.selectOption('#lang', 'zh');
    assert.equal(await page.textContent('#h-experiment'), '实验：宽度 × 深度扫描');
    await page.selectOption('#lang', 'en');
  });

  it('cancels a long sweep and says how far it got', async () => {
    await fillSweep(page, { widths: '4..40', depths: '1..3', seeds: '1', steps: '20000' });
    await page.click('[data-testid=sweep-run]');
    await page.waitForSelector('[data-testid=sweep-status][data-state=running]');
    await page.click('[data-testid=sweep-cancel]');
    await page.waitForSelector('[data-testid=sweep-status][data-state=cancelled]');
    assert.match(
      (await page.textContent('[data-testid=sweep-status]')) ?? '',
      /^Cancelled: \d+ of 111 runs done/,
    );
    assert.ok(await page.isEnabled('[data-testid=sweep-run]'));
  });

  it('logged no console error or warning and asked no other origin', () => {
    assert.deepEqual(pg.problems, []);
  });
});
