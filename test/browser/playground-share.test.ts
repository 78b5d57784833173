/**
 * The playground's sharing features in Debian's Chromium (playwright-core):
 * every panel's PNG download (a real PNG of the panel's size, at twice the CSS
 * resolution, not blank, dark in the dark theme), classroom mode through a
 * shared link, status messages that go when the state they describe goes, a
 * three-class hidden-space fit, and the tour table in Chinese. Screenshots go
 * to .tmp/playground-share/.
 *
 * Needs /usr/bin/chromium (Debian's `chromium` package; .ci/run installs it).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { launchPlayground, type Playground, ready, repo } from './harness.js';

const shots = join(repo, '.tmp', 'playground-share');

async function setNumber(page: Page, name: string, value: number): Promise<void> {
  const box = page.locator(`#num-${name}`);
  await box.fill(String(value));
  await box.press('Tab');
}

async function notice(page: Page): Promise<string> {
  return (await page.textContent('[data-testid=notice]')) ?? '';
}

/** Clicks and returns the bytes of the download it starts. */
async function downloadOf(page: Page, target: Locator): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), target.click()]);
  const path = await download.path();
  assert.ok(path, 'the download was saved');
  return readFileSync(path);
}

/** The PNG's pixel size from its IHDR chunk, after checking the signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  assert.deepEqual(
    [...bytes.subarray(0, 8)],
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    'PNG signature',
  );
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Decodes the PNG in the page: its number of distinct colours and the mean brightness of its top-left corner. */
async function decode(page: Page, bytes: Buffer): Promise<{ colours: number; corner: number }> {
  return page.evaluate(async (b64) => {
    const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([raw], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D;
    ctx.drawImage(bitmap, 0, 0);
    const px = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < px.length; i += 4) seen.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
    const c = ctx.getImageData(2, 2, 4, 4).data;
    let sum = 0;
    for (let i = 0; i < c.length; i += 4) sum += (c[i] + c[i + 1] + c[i + 2]) / 3;
    return { colours: seen.size, corner: sum / 16 };
  }, bytes.toString('base64'));
}

describe('the playground: PNG, classroom mode, messages, hidden space (Chromium)', () => {
  let pg: Playground;
  let page: Page;

  before(async () => {
    mkdirSync(shots, { recursive: true });
    pg = await launchPlayground();
    page = await pg.open({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    await ready(page);
    for (let i = 0; i < 20; i++) await page.click('[data-testid=step]');
  });

  after(async () => {
    await pg?.close();
  });

  it('every panel downloads as a PNG of its size at 2x, with several colours', async () => {
    await page.waitForSelector('[data-testid=hidden-space]');
    const buttons = page.locator('[data-testid=png]');
    const count = await buttons.count();
    assert.ok(count >= 9, `${count} PNG buttons`);
    for (let i = 0; i < count; i++) {
      const button = buttons.nth(i);
      const name = (await button.getAttribute('aria-label')) ?? '';
      assert.match(name, /^Download the .+ panel as PNG$/);
      const box = await button.evaluate((b) => {
        const r = (b.closest('section') as HTMLElement).getBoundingClientRect();
        return { width: r.width, height: r.height };
      });
      const bytes = await downloadOf(page, button);
      const size = pngSize(bytes);
      assert.equal(size.width, Math.round(box.width * 2), name);
      assert.equal(size.height, Math.round(box.height * 2), name);
      const { colours } = await decode(page, bytes);
      assert.ok(colours >= 8, `${name}: ${colours} colours`);
      if (/Output/.test(name)) writeFileSync(join(shots, 'output-light.png'), bytes);
    }
  });

  it('draws the dark theme as the screen shows it', async () => {
    await page.click('header button[aria-pressed]');
    const bytes = await downloadOf(page, page.locator('section[aria-labelledby=h-loss] [data-testid=png]'));
    writeFileSync(join(shots, 'loss-dark.png'), bytes);
    const { colours, corner } = await decode(page, bytes);
    assert.ok(corner < 80, `corner brightness ${corner}`);
    assert.ok(colours >= 8, `${colours} colours`);
    const map = await downloadOf(page, page.locator('section[aria-labelledby=h-output] [data-testid=png]'));
    writeFileSync(join(shots, 'output-dark.png'), map);
    await page.click('header button[aria-pressed]');
  });

  it('fits three classes in hidden space and colours the background by predicted class', async () => {
    await page.selectOption('#sel-task', 'gaussians');
    await ready(page);
    await setNumber(page, 'classes', 3);
    await ready(page);
    await page.click('[data-testid=play]');
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=steps]')?.textContent) > 100,
    );
    await page.click('[data-testid=play]');
    await ready(page);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=hidden-space] rect[data-class]').length === 24 * 24,
    );
    const classes = await page.$$eval('[data-testid=hidden-space] rect[data-class]', (rs) =>
      [...new Set(rs.map((r) => r.getAttribute('data-class')))].sort(),
    );
    assert.deepEqual(classes, ['0', '1', '2']);
    const fit = Number(await page.getAttribute('[data-testid=hidden-space]', 'data-fit'));
    assert.ok(fit > 0.8, `fit ${fit}`);
    assert.match((await page.textContent('section[aria-labelledby=h-hidden]')) ?? '', /softmax regression/);
    await page.locator('section[aria-labelledby=h-hidden]').screenshot({ path: join(shots, 'hidden-3.png') });
  });

  it('clears "Model loaded." once a tour is picked or a setting changes, and the shown link once the settings change', async () => {
    const model = await downloadOf(page, page.locator('[data-testid=export-model]'));
    const file = join(shots, 'model.json');
    writeFileSync(file, model);
    await page.setInputFiles('[data-testid=import-model]', file);
    await page.waitForFunction(() =>
      /Model loaded/.test(document.querySelector('[data-testid=notice]')?.textContent ?? ''),
    );
    await page.selectOption('#sel-tour', 'gates');
    await page.waitForSelector('[data-testid=tour-row]');
    assert.equal(await notice(page), '');
    await ready(page);
    await page.setInputFiles('[data-testid=import-model]', file);
    await page.waitForFunction(() =>
      /Model loaded/.test(document.querySelector('[data-testid=notice]')?.textContent ?? ''),
    );
    await ready(page);
    await setNumber(page, 'lr', 0.01);
    assert.equal(await notice(page), '');
    await page.click('[data-testid=share]');
    await page.waitForSelector('[data-testid=share-url]');
    await setNumber(page, 'lr', 0.02);
    assert.equal(await page.locator('[data-testid=share-url]').count(), 0);
  });

  it('shows the tour table in Chinese', async () => {
    await page.selectOption('#lang', 'zh');
    await page.waitForSelector('[data-testid=tour-row]');
    const labels = await page.$$eval('[data-testid=tour-row] td:first-child', (tds) =>
      tds.map((td) => td.textContent ?? ''),
    );
    assert.equal(labels.length, 3);
    for (const l of labels) assert.match(l, /[\u4e00-\u9fff]/, l);
    assert.ok(labels.every((l) => !/[{}]/.test(l)));
    await page.locator('section[aria-labelledby=h-tours]').screenshot({ path: join(shots, 'tour-zh.png') });
    await page.selectOption('#sel-tour', '');
    await page.selectOption('#lang', 'en');
    await ready(page);
  });

  it('classroom mode: a link hides the chosen controls, the rest work, and everything can be shown again', async () => {
    await page.click('[data-testid=classroom-picker] summary');
    for (const item of ['data', 'files', 'tours']) await page.check(`[data-testid=classroom-${item}]`);
    // The teacher sees the effect at once.
    assert.equal(await page.locator('#sel-task').count(), 0);
    // At step 0 the student's page has no steps to replay.
    await page.click('[data-testid=reset]');
    await ready(page);
    await page.click('[data-testid=share]');
    const url = await page.inputValue('[data-testid=share-url]');
    // A phone's screen with 3 device pixels per CSS pixel: its PNGs come at 3x.
    const student = await pg.browser.newPage({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 3,
      acceptDownloads: true,
    });
    pg.watch(student);
    await student.goto(url);
    await ready(student);
    assert.ok(await student.isVisible('[data-testid=classroom-mark]'));
    for (const gone of ['#sel-task', '[data-testid=export-model]', '[data-testid=import-model]', '#sel-tour'])
      assert.equal(await student.locator(gone).count(), 0, gone);
    assert.ok(await student.isVisible('#sel-activation-0'));
    await setNumber(student, 'lr', 0.05);
    const before = Number(await student.textContent('[data-testid=steps]'));
    await student.click('[data-testid=step]');
    await student.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=steps]')?.textContent) === n + 1,
      before,
    );
    await student.screenshot({ path: join(shots, 'classroom-student.png') });
    const png = student.locator('section[aria-labelledby=h-output] [data-testid=png]');
    const width = await png.evaluate(
      (b) => (b.closest('section') as HTMLElement).getBoundingClientRect().width,
    );
    assert.equal(pngSize(await downloadOf(student, png)).width, Math.round(width * 3));
    await student.click('[data-testid=classroom-show-all]');
    await student.waitForSelector('#sel-task');
    assert.equal(await student.locator('[data-testid=classroom-mark]').count(), 0);
    assert.ok(await student.isVisible('[data-testid=export-model]'));
    await student.close();
  });

  it('logs no console error or warning and asks no other origin', () => {
    assert.deepEqual(pg.problems, []);
  });
});
