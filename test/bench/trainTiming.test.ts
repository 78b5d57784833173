import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MeasureOptions } from '../../bench/measure.js';
import { initialParams } from '../../bench/peers/initialParams.js';
import { MlpLab } from '../../bench/peers/mlplabModel.js';
import { loadAdapter } from '../../bench/peers/peer.js';
import type { PeerModel } from '../../bench/peers/peerModel.js';
import { timeTraining } from '../../bench/trainTiming.js';
import { timeW1 } from '../../bench/w1.js';
import { type Batch, makeData, workloads } from '../../bench/workloads.js';

const tiny: MeasureOptions = {
  warmupMs: 0,
  warmupIters: 3,
  warmupMaxMs: 1000,
  repeats: 2,
  repeatMs: 1,
  budgetMs: 1000,
  minRepeats: 2,
};

describe('bench training timing', () => {
  it('prepares each batch once, steps through them in turn and releases them', () => {
    const batches: Batch[] = [0, 1, 2].map((k) => ({
      rows: 1,
      x: Float32Array.of(k),
      y: Float32Array.of(k),
    }));
    const prepared: number[] = [];
    const stepped: number[] = [];
    const released: number[] = [];
    const model: PeerModel<number> = {
      prepare: (b) => {
        prepared.push(b.x[0]);
        return b.x[0];
      },
      release: (p) => released.push(p),
      trainStep: (p) => stepped.push(p),
      infer: () => {},
      predict: () => new Float32Array(0),
      dispose: () => {},
    };
    const t = timeTraining(model, batches, tiny);
    assert.deepEqual(prepared, [0, 1, 2]);
    assert.deepEqual(released, [0, 1, 2]);
    assert.equal(stepped.length, t.warmupIters + t.samples.length * t.itersPerRepeat);
    assert.deepEqual(
      stepped,
      stepped.map((_, i) => i % 3),
    );
  });

  it("times W1 with the mlp-lab peer's own model, so the playground's figure is bench's", async () => {
    const w = workloads.W1;
    const peer = await (await loadAdapter('mlp-lab')).build(w, initialParams(w, 1));
    assert.ok(peer instanceof MlpLab);
    const before = peer.predict(makeData(w, 1).probe);
    const mine = new MlpLab(w, initialParams(w, 1)).predict(makeData(w, 1).probe);
    assert.deepEqual(mine, before);
    const t = timeW1(tiny);
    assert.equal(t.samples.length, 2);
    assert.ok(t.samples.every((s) => Number.isFinite(s) && s > 0));
  });
});
