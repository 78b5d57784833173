/**
 * The playground end to end in Debian's Chromium (playwright-core): the built
 * site (dist/playground, built here first if missing) served by `mlp-lab
 * playground`'s own server, driven through its labelled controls as a user
 * would. Screenshots of the main views go to .tmp/playground/.
 *
 * Needs /usr/bin/chromium (Debian's `chromium` package; .ci/run installs it).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { linearRegions2d } from '../../src/analysis/regions/index.js';
import { parseModel } from '../../src/io/modelFile.js';
import { exact, launchPlayground, type Playground, ready, repo } from './harness.js';

const shots = join(repo, '.tmp', 'playground');
const cli = join(repo, 'dist', 'src', 'cli', 'main.js');

async function setNumber(page: Page, name: string, value: number): Promise<void> {
  const box = page.locator(`#num-${name}`);
  await box.fill(String(value));
  await box.press('Tab');
}

async function steps(page: Page): Promise<number> {
  return Number(await page.textContent('[data-testid=steps]'));
}

/** Runs the trainer until cond holds (or the timeout passes), then pauses and waits for the run to rest. */
async function trainUntil(page: Page, cond: () => boolean, timeout: number): Promise<void> {
  await page.click('[data-testid=play]');
  try {
    await page.waitForFunction(cond, null, { timeout, polling: 100 });
  } finally {
    await page.click('[data-testid=play]');
    await page.waitForSelector('[data-testid=step]:not([disabled])');
  }
}

async function trainFor(page: Page, ms: number): Promise<void> {
  await page.click('[data-testid=play]');
  await page.waitForTimeout(ms);
  await page.click('[data-testid=play]');
  await page.waitForSelector('[data-testid=step]:not([disabled])');
}

describe('the playground in Chromium', () => {
  let pg: Playground;
  let page: Page;
  let exportedLoss = '';

  before(async () => {
    mkdirSync(shots, { recursive: true });
    pg = await launchPlayground();
    page = await pg.open({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    await ready(page);
  });

  after(async () => {
    await pg?.close();
  });

  it('loads with the XOR task, its map, diagram and neuron maps', async () => {
    assert.equal(await page.textContent('h1'), 'mlp-lab playground');
    assert.equal(await page.inputValue('#sel-task'), 'xor');
    assert.ok(await page.isVisible('[data-testid=map]'));
    assert.ok(await page.isVisible('[data-testid=diagram]'));
    assert.equal(await page.locator('canvas.neuron').count(), 16);
    assert.equal(await steps(page), 0);
  });

  it('trains XOR with ReLU to 100% test accuracy', async () => {
    // Noise-free XOR of 100 points: its 30 test points can all be classified (with noise, points cross the axes).
    await setNumber(page, 'noise', 0);
    await setNumber(page, 'samples', 100);
    await ready(page);
    await trainUntil(
      page,
      () => document.querySelector('[data-testid=test-acc]')?.getAttribute('data-exact') === '1',
      90_000,
    );
    assert.equal(await exact(page, 'test-acc'), '1');
    await page.screenshot({ path: join(shots, 'xor-relu.png'), fullPage: true });
  });

  it('shows per-layer health and linear probes of the trained XOR net', async () => {
    const latest = (id: string) =>
      page.$$eval(`[data-testid=${id}-latest]`, (lis) =>
        lis.map((li) => [li.getAttribute('data-layer'), Number(li.getAttribute('data-value'))] as const),
      );
    const grads = await latest('grad-norm');
    assert.deepEqual(
      grads.map(([l]) => l),
      ['0.weight', '2.weight', '4.weight'],
    );
    for (const [, v] of grads) assert.ok(v > 0 && Number.isFinite(v), `gradient norm ${v}`);
    for (const [, v] of await latest('update-ratio')) assert.ok(v > 0 && v < 1, `update ratio ${v}`);
    for (const [, v] of await latest('dead-units')) assert.ok(v >= 0 && v <= 1, `dead fraction ${v}`);
    const probes = await latest('probes');
    assert.deepEqual(
      probes.map(([l]) => l),
      ['input', '1', '3'],
    );
    // XOR is not linearly separable in the input; the trained net's last hidden layer makes it so.
    assert.ok(probes[0][1] < 0.8 && probes[2][1] > 0.9, JSON.stringify(probes));
    const space = page.locator('[data-testid=hidden-space]');
    await space.waitFor();
    assert.equal(await space.getAttribute('data-axes'), 'pca');
    assert.equal(await page.locator('[data-testid=hidden-space] circle').count(), 70);
    const full = Number(await space.getAttribute('data-full'));
    assert.ok(full > 0.9, `a linear fit on the last hidden layer separates ${full}`);
    await page.selectOption('#sel-hidden-layer', '0');
    await page.waitForSelector('[data-testid=hidden-space][data-layer="0"]');
    const fit = Number(await space.getAttribute('data-fit'));
    assert.ok(fit >= 0 && fit <= 1, `first layer fit ${fit}`);
    assert.match((await page.textContent('#h-hidden + div')) ?? '', new RegExp(`${(100 * fit).toFixed(1)}%`));
    await page.locator('#h-hidden').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'hidden-space.png') });
  });

  it('replays a shared link to the same step with the same loss, to the bit', async () => {
    // A few single steps past the paused point, so the link's step count is not a frame boundary.
    for (let i = 0; i < 3; i++) await page.click('[data-testid=step]');
    await page.waitForFunction(() => !document.querySelector('[data-testid=step]')?.hasAttribute('disabled'));
    const n = await steps(page);
    const loss = await exact(page, 'train-loss');
    assert.ok(n > 0 && Number(loss) > 0, `steps ${n}, loss ${loss}`);
    await page.click('[data-testid=share]');
    const url = await page.inputValue('[data-testid=share-url]');
    assert.ok(url.startsWith(`${pg.origin}/#s=`), url);
    const other = await pg.browser.newPage();
    pg.watch(other);
    await other.goto(url);
    await other.waitForFunction(
      (want) => document.querySelector('[data-testid=steps]')?.textContent === String(want),
      n,
      {
        timeout: 90_000,
      },
    );
    await ready(other);
    assert.equal(await other.inputValue('#num-noise'), '0');
    assert.equal(await other.inputValue('#num-samples'), '100');
    assert.equal(await exact(other, 'train-loss'), loss);
    assert.equal(await exact(other, 'test-loss'), await exact(page, 'test-loss'));
    await other.close();
  });

  it('exports the model, and `mlp-lab info` reads the file', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=export-model]'),
    ]);
    const file = join(shots, 'xor-model.json');
    await download.saveAs(file);
    exportedLoss = await exact(page, 'train-loss');
    const info = execFileSync(process.execPath, [cli, 'info', file], { encoding: 'utf8' });
    assert.match(info, /MLP\[2,8,8,1\]/);
    assert.match(info, /105/);
  });

  it("shows the exact region count, equal to the library's for the same weights", async () => {
    const n = await steps(page);
    await page.waitForFunction(
      (want) =>
        document.querySelector('[data-testid=region-count]')?.getAttribute('data-steps') === String(want),
      n,
    );
    const shown = Number(await page.getAttribute('[data-testid=region-count]', 'data-count'));
    const domain = JSON.parse(
      (await page.getAttribute('[data-testid=region-count]', 'data-domain')) ?? 'null',
    );
    const { model } = parseModel(readFileSync(join(shots, 'xor-model.json'), 'utf8'));
    const exact = linearRegions2d(model, domain);
    assert.ok(shown > 1, `region count ${shown}`);
    assert.equal(shown, exact.count);
    assert.equal(await page.locator('[data-testid=map] polygon').count(), exact.count);
  });

  it('inspects a clicked point: its activation pattern and exact local affine map', async () => {
    const box = await page.locator('[data-testid=map]').boundingBox();
    assert.ok(box);
    await page.mouse.click(box.x + 0.3 * box.width, box.y + 0.6 * box.height);
    await page.waitForSelector('[data-testid=pattern]');
    const pattern = (await page.textContent('[data-testid=pattern]')) ?? '';
    assert.match(pattern, /^[01]{8}\|[01]{8}$/);
    assert.match((await page.textContent('[data-testid=local-map]')) ?? '', /y = .*x1.*x2/);
    assert.equal(await page.locator('[data-testid=map] polygon.hit').count(), 1);
    await page.screenshot({ path: join(shots, 'xor-regions-inspector.png'), fullPage: true });
  });

  it('fails XOR with identity activations', async () => {
    await page.selectOption('#sel-activation-0', 'identity');
    await page.selectOption('#sel-activation-1', 'identity');
    await ready(page);
    assert.equal(await steps(page), 0);
    await trainFor(page, 3000);
    assert.ok((await steps(page)) > 500);
    const acc = Number(await exact(page, 'test-acc'));
    assert.ok(acc < 0.8, `a linear model reached test accuracy ${acc} on XOR`);
    await page.waitForSelector('[data-testid=collapsed]');
    assert.match((await page.textContent('[data-testid=collapsed]')) ?? '', /y = .*x1.*x2/);
    assert.equal(await page.getAttribute('[data-testid=region-count]', 'data-count'), '1');
    await page.screenshot({ path: join(shots, 'xor-identity.png'), fullPage: true });
  });

  it('adds points with the mouse, as the chosen class', async () => {
    const before = await page.locator('[data-testid=map] g.dots circle').count();
    await page.check('[data-testid=click-add]');
    await page.selectOption('[data-testid=add-class]', '1');
    const box = await page.locator('[data-testid=map]').boundingBox();
    assert.ok(box);
    for (const [fx, fy] of [
      [0.2, 0.2],
      [0.8, 0.3],
      [0.5, 0.9],
    ]) {
      await page.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
    }
    await ready(page);
    assert.equal(await page.inputValue('#sel-task'), 'custom');
    assert.equal(await page.locator('[data-testid=map] g.dots circle').count(), before + 3);
  });

  it('says why a junk CSV cannot be used, inline', async () => {
    await page.setInputFiles('#csv', {
      name: 'junk.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('a,b,c\n1,2\n\u0000\u0001,zz,,,\n'),
    });
    await page.waitForFunction(
      () => (document.querySelector('[data-testid=data-error]')?.textContent ?? '') !== '',
    );
    assert.match((await page.textContent('[data-testid=data-error]')) ?? '', /Cannot read this CSV/);
  });

  it('fits a typed 1-D function, and says why a bad expression cannot be used', async () => {
    await page.selectOption('#sel-task', 'function');
    await page.fill('#expression', 'sin(3*x');
    await page.press('#expression', 'Tab');
    await page.waitForFunction(
      () => (document.querySelector('[data-testid=expression-error]')?.textContent ?? '') !== '',
    );
    assert.match((await page.textContent('[data-testid=expression-error]')) ?? '', /parse/);
    await page.fill('#expression', 'abs(x)');
    await page.press('#expression', 'Tab');
    await ready(page);
    assert.equal(await page.textContent('[data-testid=expression-error]'), '');
    await page.selectOption('#sel-activation-0', 'relu');
    await page.selectOption('#sel-activation-1', 'relu');
    await ready(page);
    await trainFor(page, 2000);
    assert.ok(Number(await exact(page, 'train-loss')) < 0.05, `loss ${await exact(page, 'train-loss')}`);
    await page.screenshot({ path: join(shots, 'function-abs.png'), fullPage: true });
  });

  it('imports an exported model with its settings, and says why a corrupt one cannot be loaded', async () => {
    await page.setInputFiles('[data-testid=import-model]', {
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format": "mlp-lab-model", "version": 1, "params": [1, 2'),
    });
    await page.waitForFunction(() =>
      /Cannot load/.test(document.querySelector('[data-testid=notice]')?.textContent ?? ''),
    );
    await page.setInputFiles('[data-testid=import-model]', join(shots, 'xor-model.json'));
    await page.waitForFunction(() =>
      /Model loaded/.test(document.querySelector('[data-testid=notice]')?.textContent ?? ''),
    );
    assert.equal(await page.inputValue('#sel-task'), 'xor');
    assert.equal(await exact(page, 'train-loss'), exportedLoss);
  });

  it('fits a phone-width screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.screenshot({ path: join(shots, 'phone.png') });
    await page.setViewportSize({ width: 1400, height: 1000 });
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a 390px screen`);
  });

  it('switches to Chinese and back, every label changing', async () => {
    await page.selectOption('#lang', 'zh');
    assert.equal(await page.textContent('h1'), 'mlp-lab 演练场');
    assert.equal(await page.textContent('[data-testid=play]'), '训练');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    await page.click('header button');
    await page.screenshot({ path: join(shots, 'zh-dark.png'), fullPage: true });
    await page.click('header button');
    await page.selectOption('#lang', 'en');
    assert.equal(await page.textContent('[data-testid=play]'), 'Train');
  });

  it('guided tours load their presets and show the measured claims, in English and Chinese', async () => {
    const rows = async () => {
      await page.waitForSelector('[data-testid=tour-row]');
      return page.$$eval('[data-testid=tour-row]', (trs) =>
        trs.map((tr) => [Number(tr.getAttribute('data-value')), Number(tr.getAttribute('data-expected'))]),
      );
    };
    await page.selectOption('#sel-tour', 'hinges');
    await ready(page);
    assert.equal(await page.inputValue('#sel-task'), 'function');
    assert.equal(await page.inputValue('#expression'), 'x^2');
    const hinges = await rows();
    assert.deepEqual(
      hinges.map(([v]) => v),
      [2, 4, 8, 16, 32].map((k) => 1 / k ** 2),
    );
    assert.ok(await page.isVisible('[data-testid=tour-curve]'));
    // The preset's 1-8-1 ReLU net, trained a little: its fit taken apart into the units' contributions.
    await trainFor(page, 1500);
    const n = await steps(page);
    await page.waitForFunction(
      (want) =>
        document.querySelector('[data-testid=region-count]')?.getAttribute('data-steps') === String(want),
      n,
    );
    const contrib = page.locator('[data-testid=contributions]');
    assert.equal(await contrib.getAttribute('data-units'), '8');
    const residual = Number(await contrib.getAttribute('data-residual'));
    assert.ok(residual < 1e-4, `sum of contributions differs from the fit by ${residual}`);
    const fitPieces = Number(await page.getAttribute('[data-testid=region-count]', 'data-count'));
    assert.ok(fitPieces > 1, `pieces ${fitPieces}`);
    assert.equal(await page.locator('[data-testid=kink]').count(), fitPieces - 1);
    assert.equal(await page.locator('path.unit-line').count(), 8);
    await page.screenshot({ path: join(shots, 'tour-hinges.png'), fullPage: true });

    await page.selectOption('#sel-tour', 'telgarsky');
    const pieces = await rows();
    assert.deepEqual(
      pieces.map(([v]) => v),
      [1, 2, 3, 4, 5, 6].flatMap((d) => [2 ** d, 2 ** d]),
    );

    await page.selectOption('#sel-tour', 'absMax');
    assert.deepEqual(await rows(), [
      [0, 0],
      [0, 0],
    ]);

    await page.selectOption('#lang', 'zh');
    await page.selectOption('#sel-tour', 'collapse');
    await ready(page);
    assert.equal(await page.inputValue('#sel-task'), 'xor');
    assert.equal(await page.inputValue('#sel-activation-0'), 'identity');
    assert.match((await page.textContent('[data-testid=tour-text]')) ?? '', /仿射映射/);
    const [linear, relu] = await rows();
    assert.ok(linear[0] < 1, `identity net XOR accuracy ${linear[0]}`);
    assert.equal(relu[0], 1);
    assert.match((await page.textContent('[data-testid=tour-collapsed]')) ?? '', /y = .*x1.*x2/);
    await page.screenshot({ path: join(shots, 'tour-collapse-zh.png'), fullPage: true });
    await page.selectOption('#lang', 'en');
    await page.selectOption('#sel-tour', '');
  });

  it('logged no console error or warning and loaded nothing from another origin', () => {
    assert.deepEqual(pg.problems, []);
  });
});
