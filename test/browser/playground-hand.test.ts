/**
 * Hand edits and formulas in Chromium: a weight chosen in the diagram and
 * typed in changes the output and its formula; a unit's kink dragged in the
 * contributions panel lands where it was dropped (in the panel's kinks and in
 * the unit's formula, b = −w·x); a shared link replays the edits to the same
 * weights and loss. Screenshots go to .tmp/playground/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEFAULTS } from '../../web/src/settings.js';
import { encodeState } from '../../web/src/share.js';
import { exact, launchPlayground, type Playground, repo } from './harness.js';

const shots = join(repo, '.tmp', 'playground');

async function ready(page: Page, steps: number): Promise<void> {
  await page.waitForFunction(
    (n) =>
      document.querySelector('[data-testid=steps]')?.textContent === String(n) &&
      !document.querySelector('[data-testid=play]')?.hasAttribute('disabled'),
    steps,
    { timeout: 60_000 },
  );
}

/** A formula row's numbers, exactly as the worker computed them. */
async function row(page: Page, name: string): Promise<{ coefs: number[]; bias: number }> {
  const el = page.locator(`.formula-row[data-name="${name}"]`);
  return {
    coefs: ((await el.getAttribute('data-coefs')) ?? '').split(',').map(Number),
    bias: Number(await el.getAttribute('data-bias')),
  };
}

describe('hand edits in the playground', () => {
  let pg: Playground;
  let page: Page;

  before(async () => {
    mkdirSync(shots, { recursive: true });
    pg = await launchPlayground();
    // |x| with four ReLUs, 40 steps in: the one-hidden-layer 1-D case whose kinks can be dragged.
    const settings = {
      ...structuredClone(DEFAULTS),
      task: 'function' as const,
      expression: 'abs(x)',
      loss: 'mse' as const,
      layers: [{ units: 4, activation: 'relu' as const }],
    };
    page = await pg.open(
      { viewport: { width: 1400, height: 1000 } },
      `/#${encodeState({ settings, steps: 40 })}`,
    );
    await ready(page, 40);
  });

  after(async () => {
    await pg?.close();
  });

  it('sets a weight picked in the diagram, and the loss and the formula follow', async () => {
    await page.locator('.formula-row[data-name="h1_2"]').waitFor();
    const lossBefore = await exact(page, 'train-loss');
    // W1[unit 2, input 1]: a click on its edge chooses it and puts the focus in the value box.
    await page.locator('[data-testid=edge-0-1-0]').click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'edit-value');
    assert.equal(await page.inputValue('[data-testid=edit-unit]'), '2');
    assert.equal(
      await page.locator('.formula-row.highlight').getAttribute('data-name'),
      'h1_2',
      "the chosen unit's formula is marked",
    );
    await page.fill('[data-testid=edit-value]', 'abc');
    await page.press('[data-testid=edit-value]', 'Enter');
    assert.match((await page.textContent('[data-testid=edit-error]')) ?? '', /Type a number/);
    await page.fill('[data-testid=edit-value]', '-1.75');
    await page.press('[data-testid=edit-value]', 'Enter');
    await page.waitForFunction(
      () => document.querySelector('.formula-row[data-name="h1_2"]')?.getAttribute('data-coefs') === '-1.75',
    );
    assert.equal(await exact(page, 'edit-now'), '-1.75');
    assert.equal(await page.textContent('[data-testid=edit-error]'), '');
    assert.match((await page.textContent('.formula-row[data-name="h1_2"]')) ?? '', /^h1_2 = relu\(−1\.75·x/);
    assert.notEqual(await exact(page, 'train-loss'), lossBefore);
    assert.match((await page.locator('[data-testid=edge-0-1-0] title').textContent()) ?? '', /= -1\.75$/);
  });

  it('moves a unit’s kink where it is dragged, by its bias alone', async () => {
    const handle = page.locator('[data-testid=kink-handle]').first();
    const unit = Number(await handle.getAttribute('data-unit'));
    const name = `h1_${unit + 1}`;
    const { coefs: before } = await row(page, name);
    const lo = Number(await handle.getAttribute('aria-valuemin'));
    const hi = Number(await handle.getAttribute('aria-valuemax'));
    await page.locator('[data-testid=contributions]').scrollIntoViewIfNeeded();
    const plot = await page.locator('[data-testid=contributions]').boundingBox();
    const box = await handle.boundingBox();
    assert.ok(plot && box);
    // Drop it a quarter of the way in from the left edge.
    const toPx = plot.x + plot.width * 0.25;
    const want = lo + 0.25 * (hi - lo);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move((box.x + toPx) / 2, box.y + 4, { steps: 3 });
    await page.mouse.move(toPx, box.y + 4, { steps: 3 });
    await page.mouse.up();
    const tol = 1e-3 * (hi - lo);
    await page.waitForFunction(
      ([u, x, t]) => {
        const h = document.querySelector(`[data-testid=kink-handle][data-unit="${u}"]`);
        return h !== null && Math.abs(Number(h.getAttribute('data-x')) - x) < t;
      },
      [unit, want, tol] as const,
    );
    const after = await row(page, name);
    assert.deepEqual(after.coefs, before, 'only the bias changes');
    assert.ok(Math.abs(-after.bias / after.coefs[0] - want) < tol, `kink at ${-after.bias / after.coefs[0]}`);
    // The exact kinks of the whole fit (linearRegions1d) include the moved one, drawn on the axis.
    await page.waitForFunction(
      (px) =>
        Array.from(document.querySelectorAll('[data-testid=kink]')).some(
          (k) => Math.abs(Number(/^M([\d.]+)/.exec(k.getAttribute('d') ?? '')?.[1]) - px) < 1,
        ),
      480 * 0.25,
    );
    // The arrow keys move it by a hundredth of the interval.
    const at = Number(
      await page.locator(`[data-testid=kink-handle][data-unit="${unit}"]`).getAttribute('data-x'),
    );
    await page.locator(`[data-testid=kink-handle][data-unit="${unit}"]`).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(
      ([u, x]) =>
        Math.abs(
          Number(
            document.querySelector(`[data-testid=kink-handle][data-unit="${u}"]`)?.getAttribute('data-x'),
          ) - x,
        ) < 1e-4,
      [unit, at + 0.01 * (hi - lo)] as const,
    );
    await page.locator('#h-contrib').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'hand-edits.png'), fullPage: true });
  });

  it('replays the edits from a shared link to the same weights and loss, to the bit', async () => {
    assert.match((await page.textContent('[data-testid=hand-edit]')) ?? '', /3 hand edits/);
    await page.click('[data-testid=share]');
    const url = await page.inputValue('[data-testid=share-url]');
    const other = await pg.browser.newPage({ viewport: { width: 390, height: 900 } });
    pg.watch(other);
    await other.goto(url);
    await ready(other, 40);
    await other.locator('.formula-row[data-name="y"]').waitFor();
    assert.equal(await exact(other, 'train-loss'), await exact(page, 'train-loss'));
    assert.equal(await exact(other, 'test-loss'), await exact(page, 'test-loss'));
    for (const name of ['h1_1', 'h1_2', 'h1_3', 'h1_4', 'y'])
      assert.deepEqual(await row(other, name), await row(page, name), name);
    const overflow = await other.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a 390px screen`);
    await other.locator('#h-formulas').scrollIntoViewIfNeeded();
    await other.screenshot({ path: join(shots, 'hand-edits-390.png') });
    await other.close();
  });

  it('drops the edits when the network changes, and edits a weight from a cell of a wide layer’s heatmap', async () => {
    const units = page.locator('#num-units-0');
    await units.fill('20');
    await units.press('Tab');
    await ready(page, 0);
    assert.doesNotMatch((await page.textContent('[data-testid=hand-edit]')) ?? '', /hand edits/);
    // Layers wider than 16 are drawn as weight matrices: W1 is 20 × 1, one column of cells.
    const matrix = page.locator('canvas.matrix').first();
    const box = await matrix.boundingBox();
    assert.ok(box);
    await matrix.click({ position: { x: box.width / 2, y: box.height * (3.5 / 20) } });
    assert.equal(await page.inputValue('[data-testid=edit-unit]'), '4');
    assert.equal(await page.inputValue('[data-testid=edit-input]'), '1');
    await page.fill('[data-testid=edit-value]', '2.5');
    await page.press('[data-testid=edit-value]', 'Enter');
    await page.waitForFunction(
      () => document.querySelector('.formula-row[data-name="h1_4"]')?.getAttribute('data-coefs') === '2.5',
    );
    assert.match((await page.textContent('[data-testid=formulas]')) ?? '', /and 14 more units in this layer/);
  });

  it('logged no console error or warning and loaded nothing from another origin', () => {
    assert.deepEqual(pg.problems, []);
  });
});
