/**
 * The engine in a real browser: Debian's Chromium, driven by playwright-core,
 * loads the built engine from dist/ as plain ES modules over a localhost
 * server and runs test/browser/scenario.ts on its main thread; the same
 * scenario runs here in Node, and the two must agree to the bit. This is where
 * the WebAssembly paths meet a browser's rules: no SharedArrayBuffer without
 * cross-origin isolation (so a one-thread GEMM), and, in some browsers, no
 * synchronous compilation of modules over 4 KiB on the main thread (so
 * initWasmGemm() for the GEMM; the fused dense and Adam modules stay under it).
 *
 * The Node side pins MLP_LAB_BLAS=off: the native BLAS (src/kernels/native/)
 * agrees with the WebAssembly kernels within float32 tolerance, not to the bit.
 *
 * Needs /usr/bin/chromium (Debian's `chromium` package; .ci/run installs it).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { installNativeBlas } from '../../src/kernels/native/install.node.js';
import { nativeGemm } from '../../src/tensor/gemm.js';
import { runScenario, type ScenarioResult } from './scenario.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** dist/, found from this file (dist/test/browser/engine.test.js). */
const distRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const PAGE = `<!doctype html><meta charset="utf-8"><title>mlp-lab engine</title>
<script type="module">
import { runScenario } from '/test/browser/scenario.js';
runScenario().then((r) => { window.result = r; }, (e) => { window.failure = String(e && e.stack || e); });
</script>`;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html' };

/** Serves the page at / and dist/'s .js files; nothing else. */
function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': TYPES['.html'] });
      res.end(PAGE);
      return;
    }
    const file = normalize(join(distRoot, decodeURIComponent(url.pathname)));
    if (!file.startsWith(distRoot + sep) || extname(file) !== '.js' || !existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES['.js'] });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('the engine in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let inBrowser: ScenarioResult;
  let inNode: ScenarioResult;

  before(async () => {
    assert.ok(
      existsSync(CHROMIUM),
      `${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium), as .ci/run does`,
    );
    server = await serve();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    const page = await browser.newPage();
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'result' in globalThis || 'failure' in globalThis, null, {
      timeout: 120_000,
    });
    const failure = await page.evaluate(() => (globalThis as { failure?: string }).failure);
    assert.equal(failure, undefined, `the scenario threw in the page: ${failure}`);
    inBrowser = await page.evaluate(() => (globalThis as unknown as { result: ScenarioResult }).result);
    // Bit for bit holds only between the same kernels: the Node side runs with
    // MLP_LAB_BLAS=off, whatever loaded the native BLAS before it.
    const native = installNativeBlas({ MLP_LAB_BLAS: 'off' });
    assert.equal(nativeGemm(), null, `the Node side must run without native BLAS (${native.backend})`);
    try {
      inNode = await runScenario();
    } finally {
      installNativeBlas();
    }
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  it('trains the W1-shaped net on the fused dense path, and the loss falls', () => {
    assert.deepEqual(inBrowser.fused, [0, 2, 4]);
    const [first, , , last] = inBrowser.sgdLosses;
    assert.ok(last < 0.75 * first, `loss ${first} → ${last}`);
  });

  it('gives the same bits as Node: SGD and Adam weights, losses', () => {
    assert.deepEqual(inBrowser.sgdLosses, inNode.sgdLosses);
    assert.deepEqual(inBrowser.sgdParams, inNode.sgdParams);
    assert.deepEqual(inBrowser.adamParams, inNode.adamParams);
  });

  it('multiplies correctly before and after initWasmGemm(), which gives a wasm kernel on the main thread', (t) => {
    // Whether the GEMM also compiled synchronously depends on the browser: reported, not asserted.
    assert.ok(inBrowser.gemmErrorSync < 1e-3, `sync GEMM error ${inBrowser.gemmErrorSync}`);
    assert.ok(inBrowser.gemmErrorAsync < 1e-3, `async GEMM error ${inBrowser.gemmErrorAsync}`);
    assert.equal(inBrowser.wasmGemmAsync, true);
    t.diagnostic(
      `wasm GEMM compiled synchronously on the main thread: ${inBrowser.wasmGemmSync}; ` +
        `W1 step ${inBrowser.w1StepUs.toFixed(2)} µs in Chromium, ${inNode.w1StepUs.toFixed(2)} µs in Node`,
    );
  });
});
