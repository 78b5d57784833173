import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { finishSplit, sampleTargetSplit } from '../../src/data/prepare.js';
import { Rng } from '../../src/tensor/rng.js';

describe('data preparation shared by the CLI and the playground', () => {
  it('samples a target on its domain, splits it, and standardises on the training rows only', async () => {
    const raw = await sampleTargetSplit(
      { target: 'x*y', domain: [[0, 4]], samples: 500, testRatio: 0.2 },
      new Rng(1),
    );
    assert.deepEqual(raw.metadata, { task: 'regression', target: 'x*y', domain: [0, 4, 0, 4] });
    const prepared = finishSplit(raw, true);
    const { train, test } = prepared.split;
    assert.equal(train.x.rows + test.x.rows, 500);
    assert.match(
      prepared.description,
      /^target x\*y on \[0, 4\] × \[0, 4\]: 400 train \/ 100 test rows, 2 inputs, regression$/,
    );
    for (let c = 0; c < 2; c++) {
      let mean = 0;
      for (let r = 0; r < train.x.rows; r++) mean += train.x.data[r * 2 + c]! / train.x.rows;
      assert.ok(Math.abs(mean) < 1e-5, `column ${c} mean ${mean}`);
    }
    assert.equal(prepared.metadata.standardizer, prepared.standardizer);
    const again = finishSplit(
      await sampleTargetSplit({ target: 'x*y', domain: [[0, 4]], samples: 500, testRatio: 0.2 }, new Rng(1)),
      true,
    );
    assert.deepEqual(Array.from(again.split.train.x.data), Array.from(train.x.data));
    assert.equal(finishSplit(raw, false).standardizer, undefined);
    await assert.rejects(
      () =>
        sampleTargetSplit(
          {
            target: 'x*y',
            domain: [
              [0, 1],
              [0, 1],
              [0, 1],
            ],
            samples: 10,
            testRatio: 0.2,
          },
          new Rng(1),
        ),
      /gives 3 intervals but 'x\*y' uses 2 variables/,
    );
  });
});
