/**
 * Input features in the playground, in Debian's Chromium: circles on x1² and
 * x2² with no hidden layer reach 100% test accuracy where x1, x2 cannot; the
 * diagram's input nodes carry the feature names; the regions panel says why
 * it shows no regions; a link with features replays to the bit, and an
 * exported model file brings its features back when imported.
 * Screenshots go to .tmp/playground/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { parseModel } from '../../src/io/modelFile.js';
import { exact, launchPlayground, type Playground, ready, repo } from './harness.js';

const shots = join(repo, '.tmp', 'playground');

async function setFeature(page: Page, term: string, on: boolean): Promise<void> {
  await page.setChecked(`[id="feature-${term}"]`, on);
  await ready(page);
}

async function trainUntil(page: Page, cond: () => boolean, timeout: number): Promise<void> {
  await page.click('[data-testid=play]');
  try {
    await page.waitForFunction(cond, null, { timeout, polling: 100 });
  } finally {
    await page.click('[data-testid=play]');
    await page.waitForSelector('[data-testid=step]:not([disabled])');
  }
}

describe('input features in the playground', () => {
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

  it('a linear model on x1, x2 cannot separate circles', async () => {
    await page.selectOption('#sel-task', 'circles');
    await ready(page);
    // No hidden layer: the output is one affine map of the features.
    while ((await page.locator('.layer-row').count()) > 0) {
      await page.locator('.layer-row button').first().click();
      await ready(page);
    }
    assert.equal(await page.locator('[data-testid=input-name]').count(), 2);
    await page.click('[data-testid=play]');
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=steps]')?.textContent) >= 1000,
    );
    await page.click('[data-testid=play]');
    await page.waitForSelector('[data-testid=step]:not([disabled])');
    assert.ok(Number(await exact(page, 'test-acc')) < 0.75, `test accuracy ${await exact(page, 'test-acc')}`);
  });

  it('x1² and x2² let the same model reach 100% test accuracy, with the features named on the diagram', async () => {
    await setFeature(page, 'x1^2', true);
    await setFeature(page, 'x2^2', true);
    await setFeature(page, 'x1', false);
    await setFeature(page, 'x2', false);
    assert.deepEqual(await page.locator('[data-testid=input-name]').allTextContents(), ['x1²', 'x2²']);
    await trainUntil(
      page,
      () => document.querySelector('[data-testid=test-acc]')?.getAttribute('data-exact') === '1',
      30_000,
    );
    assert.equal(await exact(page, 'test-acc'), '1');
    await page.waitForSelector('[data-testid=regions-features]');
    assert.equal(await page.textContent('[data-testid=region-count]'), '–');
    // The collapsed map of a net with no hidden layer is written in its features.
    assert.match((await page.textContent('[data-testid=collapsed]')) ?? '', /x1².*x2²/);
    await page.locator('[data-testid=map]').click({ position: { x: 60, y: 60 } });
    await page.waitForSelector('[data-testid=local-map]');
    assert.match((await page.textContent('[data-testid=local-map]')) ?? '', /y = .*·x1² .*·x2²/);
    await page.screenshot({ path: join(shots, 'features-circles.png'), fullPage: true });
  });

  it('an empty choice gets its message, and Fourier features make more input columns', async () => {
    await setFeature(page, 'x1^2', false);
    await page.setChecked('[id="feature-x2^2"]', false);
    await page.waitForFunction(() =>
      /no inputs/.test(document.querySelector('[data-testid=features-error]')?.textContent ?? ''),
    );
    await page.fill('#num-fourier', '3');
    await page.press('#num-fourier', 'Tab');
    await ready(page);
    assert.equal(await page.textContent('[data-testid=features-error]'), '');
    assert.equal(await page.locator('[data-testid=input-name]').count(), 6);
    assert.equal(await page.locator('[data-testid=input-name]').first().textContent(), 'sin(2π·b1·x)');
  });

  it('replays a link with features to the same loss, to the bit', async () => {
    await setFeature(page, 'x1*x2', true);
    await page.click('[data-testid=play]');
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=steps]')?.textContent) >= 300,
    );
    await page.click('[data-testid=play]');
    await page.waitForSelector('[data-testid=step]:not([disabled])');
    const n = await page.textContent('[data-testid=steps]');
    const loss = await exact(page, 'train-loss');
    await page.click('[data-testid=share]');
    const url = await page.inputValue('[data-testid=share-url]');
    const other = await pg.browser.newPage({ viewport: { width: 390, height: 900 } });
    pg.watch(other);
    await other.goto(url);
    await other.waitForFunction(
      (want) => document.querySelector('[data-testid=steps]')?.textContent === want,
      n,
      { timeout: 60_000, polling: 200 },
    );
    await ready(other);
    assert.equal(await other.isChecked('[id="feature-x1*x2"]'), true);
    assert.equal(await other.isChecked('[id="feature-x1"]'), false);
    assert.equal(await other.inputValue('#num-fourier'), '3');
    assert.equal(await exact(other, 'train-loss'), loss);
    // At 390 px the page still fits without sideways scrolling.
    assert.ok(await other.evaluate(() => document.documentElement.scrollWidth <= 390));
    await other.locator('[data-testid=features]').screenshot({ path: join(shots, 'features-390.png') });
    await other.close();
  });

  it('exports a model that records its features, and importing it into a fresh page restores them', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=export-model]'),
    ]);
    const file = join(shots, 'features-model.json');
    await download.saveAs(file);
    const loss = await exact(page, 'train-loss');
    const { metadata } = parseModel(readFileSync(file, 'utf8'), file);
    assert.deepEqual(metadata.inputFeatures, {
      inputs: ['x1', 'x2'],
      terms: ['x1*x2'],
      fourier: { count: 3, scale: 1, seed: 1 },
    });
    const fresh = await pg.browser.newPage();
    pg.watch(fresh);
    await fresh.goto(`${pg.origin}/`);
    await ready(fresh);
    await fresh.setInputFiles('[data-testid=import-model]', file);
    await fresh.waitForFunction(() =>
      /Model loaded/.test(document.querySelector('[data-testid=notice]')?.textContent ?? ''),
    );
    assert.equal(await fresh.isChecked('[id="feature-x1*x2"]'), true);
    assert.equal(await fresh.isChecked('[id="feature-x1"]'), false);
    assert.equal(await fresh.inputValue('#num-fourier'), '3');
    assert.equal(await exact(fresh, 'train-loss'), loss);
    await fresh.close();
  });

  it('logged no console error or warning and loaded nothing from another origin', () => {
    assert.deepEqual(pg.problems, []);
  });
});
