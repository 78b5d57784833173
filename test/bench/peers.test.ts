/**
 * The peers train the same model the same way: from the same initial weights on
 * the same batches, mlp-lab, the naive loop and TF.js must reach the same loss
 * (so hyperparameters such as Adam's eps match), and brain.js must learn.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialParams, loadAdapter, type NodePeerId, type PeerModel } from '../../bench/peers/peer.js';
import { lossOf, makeData, type WorkloadId, workloads } from '../../bench/workloads.js';

async function lossesAfter(peer: NodePeerId, id: WorkloadId, steps: number): Promise<number[]> {
  const w = workloads[id];
  const data = makeData(w, 3);
  const adapter = await loadAdapter(peer);
  const model: PeerModel = await adapter.build(w, initialParams(w, 3));
  const prepared = data.train.map((b) => model.prepare(b));
  const losses = [lossOf(w, model.predict(data.probe), data.probe)];
  for (let i = 0; i < steps; i++) {
    model.trainStep(prepared[i % prepared.length]);
    if ((i + 1) % (steps / 2) === 0) losses.push(lossOf(w, model.predict(data.probe), data.probe));
  }
  for (const p of prepared) model.release(p);
  model.dispose();
  return losses;
}

function assertClose(
  actual: readonly number[],
  expected: readonly number[],
  rel: number,
  what: string,
): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => {
    const e = expected[i];
    assert.ok(
      Math.abs(a - e) <= rel * Math.abs(e),
      `${what}: loss ${i} is ${a}, expected ${e} (±${rel * 100}%)`,
    );
  });
}

describe('bench peers', () => {
  for (const [id, steps] of [
    ['W1', 60],
    ['W2', 40],
  ] as const) {
    it(`${id}: mlp-lab and the naive loop follow the same loss curve, and it falls`, async () => {
      const mine = await lossesAfter('mlp-lab', id, steps);
      const naive = await lossesAfter('naive-ts', id, steps);
      assert.ok(mine[2] < 0.9 * mine[0], `${id}: mlp-lab loss ${mine.join(' → ')} did not fall`);
      assertClose(mine, naive, 1e-3, `${id} naive-ts`);
    });
  }

  it('W2: TF.js cpu with the same Adam settings follows the same loss curve', async () => {
    const mine = await lossesAfter('mlp-lab', 'W2', 20);
    const tf = await lossesAfter('tfjs-cpu', 'W2', 20);
    assertClose(mine, tf, 5e-3, 'W2 tfjs-cpu');
  });

  it('brain.js learns W1 and W2 (its ReLU output is kept alive) and declines the softmax workloads', async () => {
    for (const id of ['W1', 'W2'] as const) {
      const losses = await lossesAfter('brain.js', id, 40);
      assert.ok(
        losses[2] < losses[1] && losses[1] < losses[0],
        `${id}: brain.js loss ${losses.join(' → ')} did not fall`,
      );
    }
    const brain = await loadAdapter('brain.js');
    assert.match(brain.unsupported(workloads.W3) ?? '', /n\/a/);
  });
});
