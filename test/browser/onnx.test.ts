/**
 * ONNX in the playground, in Debian's Chromium: the page's "Export ONNX" file
 * runs under onnxruntime-node and returns what the library computes from the
 * page's model file; a PyTorch export imports, rebuilding the network with the
 * graph's layers and weights; a file that is not ONNX gets an inline message.
 * One page session of its own (about 10 s).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import type { Download, Page } from 'playwright-core';
import { parseModel } from '../../src/io/modelFile.js';
import { fromData } from '../../src/tensor/matrix.js';
import { launchPlayground, type Playground, ready, repo } from './harness.js';

const fixtures = join(repo, 'test', 'fixtures', 'onnx');

async function bytesOf(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFileSync(path);
}

async function exportBoth(page: Page): Promise<{ json: string; onnx: Buffer }> {
  const [a] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-model]')]);
  const [b] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-onnx]')]);
  assert.match(b.suggestedFilename(), /\.onnx$/);
  return { json: (await bytesOf(a)).toString('utf8'), onnx: await bytesOf(b) };
}

async function notice(page: Page, re: RegExp): Promise<void> {
  try {
    await page.waitForFunction(
      (src) => new RegExp(src).test(document.querySelector('[data-testid=notice]')?.textContent ?? ''),
      re.source,
      { timeout: 15_000 },
    );
  } catch {
    assert.fail(`the notice reads "${await page.textContent('[data-testid=notice]')}", not ${re}`);
  }
}

describe('ONNX in the playground', () => {
  let pg: Playground;
  let page: Page;

  before(async () => {
    pg = await launchPlayground();
    page = await pg.open({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    await ready(page);
  });

  after(async () => {
    await pg?.close();
  });

  it("exports ONNX that onnxruntime runs to the library's predictions of the page's model", async () => {
    for (let i = 0; i < 20; i++) await page.click('[data-testid=step]');
    await page.waitForSelector('[data-testid=step]:not([disabled])');
    const { json, onnx } = await exportBoth(page);
    const { model } = parseModel(json);
    const rows = 6;
    const x = Float32Array.from([0.1, 0.2, -0.9, 0.4, 0.5, -0.5, 1.2, 1.1, -0.3, -0.7, 0, 0]);
    const want = model.predict(fromData(rows, 2, x)).data;
    const session = await ort.InferenceSession.create(new Uint8Array(onnx));
    const result = await session.run({ input: new ort.Tensor('float32', x, [rows, 2]) });
    const logits = result.logits!.data as Float32Array;
    const output = result.output!.data as Float32Array;
    for (let i = 0; i < rows; i++) {
      assert.ok(Math.abs(logits[i]! - want[i]!) < 1e-4, `row ${i}: ${logits[i]} vs ${want[i]}`);
      const p = 1 / (1 + Math.exp(-want[i]!));
      assert.ok(Math.abs(output[i]! - p) < 1e-5, `row ${i}: probability ${output[i]} vs ${p}`);
    }
  });

  it("imports a PyTorch export: the page rebuilds the graph's layers with its weights", async () => {
    await page.setInputFiles('[data-testid=import-model]', join(fixtures, 'relu_tanh.onnx'));
    await notice(page, /Model loaded/);
    const { json } = await exportBoth(page);
    const { model } = parseModel(json);
    assert.equal(
      model
        .spec()
        .layers.map((l) => `${l.kind}${'nOut' in l ? l.nOut : ''}`)
        .join(' '),
      'linear16 activation linear16 activation linear1',
    );
    const fixture = JSON.parse(readFileSync(join(fixtures, 'relu_tanh.json'), 'utf8')) as {
      inputs: number[][];
      outputs: number[][];
    };
    const got = model.predict(
      fromData(fixture.inputs.length, 2, Float32Array.from(fixture.inputs.flat())),
    ).data;
    fixture.outputs.forEach((o, i) => {
      assert.ok(Math.abs(got[i]! - o[0]!) < 1e-4, `row ${i}: ${got[i]} vs ${o[0]}`);
    });
  });

  it('says why a file that is not ONNX cannot be loaded, without a console error', async () => {
    await page.setInputFiles('[data-testid=import-model]', {
      name: 'junk.onnx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from([0x08, 0xff, 0xff, 0x13, 0x37, 0x00, 0x42]),
    });
    await notice(page, /Cannot load this model file: .*junk\.onnx/);
    assert.deepEqual(pg.problems, []);
  });
});
