/**
 * The expression parser (mathjs, most of what the worker used to load) stays
 * out of the playground's first load. The built site keeps it in a chunk that
 * only a dynamic import reaches, from the training worker and from the sweep
 * workers; in Debian's Chromium a run on a synthetic set trains without ever
 * requesting that chunk, and a typed 1-D function loads it once and trains to
 * the bits the library gives in Node for the same settings. Screenshot in
 * .tmp/playground-parser/.
 *
 * Needs /usr/bin/chromium (Debian's `chromium` package; .ci/run installs it).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { Lab } from '../../web/src/lab.js';
import { decodeState } from '../../web/src/share.js';
import { exact, launchPlayground, type Playground, ready, repo } from './harness.js';

const site = join(repo, 'dist', 'playground');
const shots = join(repo, '.tmp', 'playground-parser');

/** Messages of mathjs's own parser (lib/esm/expression/parse.js): text that no other code in the site contains. */
const MATHJS_MARKERS = ['Unexpected end of expression', 'Syntax error in part'];

interface Chunk {
  readonly text: string;
  /** Chunks loaded before this one runs (import … from "./x.js"). */
  readonly imports: readonly string[];
  /** Chunks loaded when the code asks for them (import("./x.js")). */
  readonly dynamicImports: readonly string[];
}

function readChunks(): Map<string, Chunk> {
  const chunks = new Map<string, Chunk>();
  for (const name of readdirSync(join(site, 'assets'))) {
    if (!name.endsWith('.js')) continue;
    const text = readFileSync(join(site, 'assets', name), 'utf8');
    const refs = (re: RegExp) => [...text.matchAll(re)].map((m) => m[1]);
    chunks.set(name, {
      text,
      imports: refs(/(?:\bfrom|\bimport)\s*["'`]\.\/([\w.-]+\.js)["'`]/g),
      dynamicImports: refs(/\bimport\(\s*["'`]\.\/([\w.-]+\.js)["'`]\s*\)/g),
    });
  }
  return chunks;
}

/** The chunk and every chunk it imports statically, transitively: what loads before its first line runs. */
function initialLoad(chunks: Map<string, Chunk>, entry: string): string[] {
  const seen = new Set([entry]);
  for (const name of seen) {
    const chunk = chunks.get(name);
    assert.ok(chunk, `${name} is imported but not in ${site}/assets`);
    for (const next of chunk.imports) seen.add(next);
  }
  return [...seen];
}

const hasMathjs = (chunks: Map<string, Chunk>, name: string): boolean =>
  MATHJS_MARKERS.some((m) => chunks.get(name)?.text.includes(m));

async function trainFor(page: Page, ms: number): Promise<void> {
  await page.click('[data-testid=play]');
  await page.waitForTimeout(ms);
  await page.click('[data-testid=play]');
  await page.waitForSelector('[data-testid=step]:not([disabled])');
}

describe('the expression parser, loaded only for a typed function', () => {
  let pg: Playground;
  let page: Page;
  /** The site's JavaScript files the page and its workers requested, in order. */
  const requested: string[] = [];
  let parserChunks: string[] = [];

  before(async () => {
    mkdirSync(shots, { recursive: true });
    pg = await launchPlayground();
  });

  after(async () => {
    await pg?.close();
  });

  it('keeps mathjs out of the page and the workers, in a chunk that only a dynamic import reaches', () => {
    const chunks = readChunks();
    const html = readFileSync(join(site, 'index.html'), 'utf8');
    const pageEntry = /<script[^>]+src="\.\/assets\/([\w.-]+\.js)"/.exec(html)?.[1];
    assert.ok(pageEntry, 'index.html loads a script from assets/');
    const workers = [
      ...(chunks.get(pageEntry)?.text ?? '').matchAll(
        /new URL\(\s*["'`]\.?\/?([\w.-]+\.js)["'`]\s*,\s*import\.meta\.url/g,
      ),
    ].map((m) => m[1]);
    assert.deepEqual(
      workers.map((w) => w.replace(/-[\w-]+\.js$/, '')).sort(),
      ['sweepWorker', 'worker'],
      'the page starts the training worker and the sweep workers',
    );
    for (const entry of [pageEntry, ...workers]) {
      for (const name of initialLoad(chunks, entry))
        assert.ok(!hasMathjs(chunks, name), `${entry} loads mathjs before it runs, in ${name}`);
    }
    for (const worker of workers) {
      const lazy = initialLoad(chunks, worker).flatMap((name) => chunks.get(name)?.dynamicImports ?? []);
      const parser = lazy.filter((name) => hasMathjs(chunks, name));
      assert.equal(parser.length, 1, `${worker} imports the parser's chunk dynamically: ${lazy.join(', ')}`);
      // Every marker is really in it: a marker that mathjs dropped would make the check above pass for nothing.
      for (const m of MATHJS_MARKERS)
        assert.ok(chunks.get(parser[0])?.text.includes(m), `${parser[0]}: ${m}`);
      parserChunks.push(parser[0]);
    }
    parserChunks = [...new Set(parserChunks)];
  });

  it('trains the default task without requesting the parser', async () => {
    page = await pg.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    pg.watch(page);
    page.on('request', (r) => {
      if (r.url().endsWith('.js')) requested.push(r.url().slice(r.url().lastIndexOf('/') + 1));
    });
    await page.goto(`${pg.origin}/`);
    await ready(page);
    assert.equal(await page.inputValue('#sel-task'), 'xor');
    await trainFor(page, 500);
    assert.ok(Number(await page.textContent('[data-testid=steps]')) > 0, 'the default run trained');
    assert.ok(
      requested.some((name) => name.startsWith('worker-')),
      `the worker's own requests are seen: ${requested.join(', ')}`,
    );
    assert.deepEqual(
      requested.filter((name) => parserChunks.includes(name)),
      [],
      'the parser was requested for a synthetic set',
    );
  });

  it('loads the parser once for a typed function, which trains to the bits Node gives', async () => {
    await page.selectOption('#sel-task', 'function');
    await page.fill('#expression', 'sin(3*x) + abs(x)/2 - (x > 0.5 ? x^2 : 0)');
    await page.press('#expression', 'Tab');
    await ready(page);
    assert.equal(await page.textContent('[data-testid=expression-error]'), '');
    assert.equal(requested.filter((name) => parserChunks.includes(name)).length, 1, requested.join(', '));
    await trainFor(page, 700);
    for (let i = 0; i < 3; i++) await page.click('[data-testid=step]');
    await page.waitForSelector('[data-testid=step]:not([disabled])');
    await page.click('[data-testid=share]');
    const url = await page.inputValue('[data-testid=share-url]');
    const shared = decodeState(new URL(url).hash);
    assert.ok(shared, url);
    const { settings, steps } = shared.state;
    assert.equal(settings.expression, 'sin(3*x) + abs(x)/2 - (x > 0.5 ? x^2 : 0)');
    assert.ok(steps > 3, `steps ${steps}`);
    const lab = await Lab.open(settings);
    assert.equal(lab.run(steps), steps);
    assert.equal(await exact(page, 'train-loss'), String(lab.metrics(lab.data.train).loss));
    assert.equal(await exact(page, 'test-loss'), String(lab.metrics(lab.data.test).loss));
    await page.screenshot({ path: join(shots, 'function-after-lazy-parser.png'), fullPage: true });
    // Another bad expression is reported by the loaded parser, inline, without a second load.
    await page.fill('#expression', 'sin(3*x');
    await page.press('#expression', 'Tab');
    await page.waitForFunction(
      () => (document.querySelector('[data-testid=expression-error]')?.textContent ?? '') !== '',
    );
    assert.match((await page.textContent('[data-testid=expression-error]')) ?? '', /parse/);
    assert.equal(requested.filter((name) => parserChunks.includes(name)).length, 1);
  });

  it('left no console errors or warnings and asked no other origin', () => {
    assert.deepEqual(pg.problems, []);
  });
});
