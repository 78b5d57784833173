import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Dataset } from '../../src/data/dataset.js';
import { writeChunksAtomic } from '../../src/io/atomic.node.js';
import { checkpointFileLines } from '../../src/io/checkpointFile.js';
import { loadCheckpoint } from '../../src/io/modelFile.node.js';
import { mlp } from '../../src/nn/mlp.js';
import type { Sequential } from '../../src/nn/sequential.js';
import { zeros } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { modelFromCheckpoint } from '../../src/train/checkpoint.js';
import { fit } from '../../src/train/fit.js';
import type { FitOptions } from '../../src/train/fitTypes.js';

const EPOCHS = 6;
const STEPS_PER_EPOCH = 4;

function data(): Dataset {
  const rng = new Rng(3);
  const x = zeros(40, 2);
  const y = zeros(40, 1);
  rng.fillUniform(x.data, -1, 1);
  for (let i = 0; i < 40; i++) y.data[i] = Math.sin(3 * x.data[2 * i]) * x.data[2 * i + 1];
  return { x, y, task: 'regression' };
}

const options: FitOptions = {
  epochs: EPOCHS,
  batchSize: 10,
  optimizer: { name: 'adam', lr: 0.02 },
  schedule: 'cosine',
  seed: 9,
};
const fresh = (): Sequential => mlp([2, 8, 8, 1], { activation: 'tanh', pDrop: 0.2, seed: 4 });

/** What a process killed at this moment leaves behind: nothing but the files on disk. */
class Killed extends Error {}

const bytes = (m: Sequential) =>
  Object.values({ ...m.getParams(), ...m.getBuffers() }).map((a) => Buffer.from(a.buffer).toString('hex'));

describe('kill and resume', () => {
  it('killed at random steps and during checkpoint writes, a run resumed from its files ends bit-identical', () => {
    const straight = fresh();
    fit(straight, data(), options);
    const expected = bytes(straight);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            // Killed before this many more steps of this process, or during its n-th checkpoint write.
            atStep: fc.integer({ min: 1, max: EPOCHS * STEPS_PER_EPOCH }),
            inWrite: fc.option(fc.integer({ min: 1, max: EPOCHS }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        (kills) => {
          const dir = mkdtempSync(join(tmpdir(), 'mlp-lab-kill-'));
          const path = join(dir, 'checkpoint.json');
          try {
            let model: Sequential | undefined;
            for (let life = 0; ; life++) {
              const kill = kills[life];
              const resume = existsSync(path) ? loadCheckpoint(path).checkpoint : undefined;
              model = resume ? modelFromCheckpoint(resume) : fresh();
              let writes = 0;
              let steps = 0;
              try {
                const result = fit(model, data(), {
                  ...options,
                  resume,
                  callbacks: {
                    onBatchEnd: () => {
                      if (kill && ++steps === kill.atStep) throw new Killed();
                    },
                  },
                  checkpoint: {
                    every: 1,
                    save: (c) =>
                      writeChunksAtomic(path, checkpointFileLines(c), {
                        beforeRename: () => {
                          if (kill && ++writes === kill.inWrite) throw new Killed();
                        },
                      }),
                  },
                });
                assert.equal(result.epochs, EPOCHS);
                break;
              } catch (e) {
                if (!(e instanceof Killed)) throw e;
              }
            }
            assert.deepEqual(bytes(model), expected);
            // An interrupted write leaves no partial checkpoint behind, only (at most) its temporary file.
            assert.ok(readdirSync(dir).every((f) => f === 'checkpoint.json' || f.endsWith('.tmp')));
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 12, seed: 20261206 },
    );
  });
});
