import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataset } from '../../src/data/dataset.js';
import { checkpointText, parseCheckpoint } from '../../src/io/checkpointFile.js';
import { stringifyModel } from '../../src/io/modelFile.js';
import { type MlpOptions, mlp } from '../../src/nn/mlp.js';
import type { Sequential } from '../../src/nn/sequential.js';
import { warmupCosine } from '../../src/optim/schedules.js';
import { zeros } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { type Checkpoint, modelFromCheckpoint } from '../../src/train/checkpoint.js';
import { fit } from '../../src/train/fit.js';
import type { FitOptions } from '../../src/train/fitTypes.js';

function data(n: number): Dataset {
  const rng = new Rng(11);
  const x = zeros(n, 3);
  const y = zeros(n, 1);
  rng.fillUniform(x.data, -1, 1);
  for (let i = 0; i < n; i++) y.data[i] = Math.sin(2 * x.data[3 * i]) + x.data[3 * i + 1] * x.data[3 * i + 2];
  return { x, y, task: 'regression' };
}

/** Every parameter and buffer as raw bytes, so equality means bit-identical. */
function bytes(model: Sequential): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  const all = { ...model.getParams(), ...model.getBuffers() };
  for (const [path, a] of Object.entries(all))
    out[path] = Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return out;
}

const EPOCHS = 6;
const K = 3;

function options(extra: Partial<FitOptions> = {}): FitOptions {
  return {
    epochs: EPOCHS,
    batchSize: 10,
    optimizer: { name: 'adam', lr: 0.01, amsgrad: true },
    schedule: warmupCosine(2, EPOCHS),
    seed: 42,
    validationSplit: 0.2,
    earlyStopping: { patience: 100 },
    ...extra,
  };
}

/** Trains EPOCHS uninterrupted, and K epochs + checkpoint → file text → fresh model → resume; returns both models and results. */
function bothWays(arch: MlpOptions, extra: Partial<FitOptions> = {}) {
  const ds = data(50);
  const straight = mlp([3, 8, 8, 1], { ...arch, seed: 7 });
  const straightResult = fit(straight, ds, options(extra));

  let saved = '';
  const first = mlp([3, 8, 8, 1], { ...arch, seed: 7 });
  fit(first, ds, {
    ...options(extra),
    checkpoint: {
      every: K,
      save: (c: Checkpoint) => {
        saved = checkpointText(c);
      },
    },
    callbacks: { onEpochEnd: (i) => (i.epoch === K ? 'stop' : undefined) },
  });
  assert.ok(saved.length > 0, 'no checkpoint was saved');
  const resumed = mlp([3, 8, 8, 1], { ...arch, seed: 999 });
  const resumedResult = fit(resumed, ds, { ...options(extra), resume: parseCheckpoint(saved).checkpoint });
  return { straight, straightResult, resumed, resumedResult, saved };
}

describe('checkpoints', () => {
  it('resume is bit-identical with dropout, Adam (amsgrad), warm-up + cosine and early stopping', () => {
    const { straight, straightResult, resumed, resumedResult } = bothWays({ pDrop: 0.3, activation: 'tanh' });
    assert.deepEqual(bytes(resumed), bytes(straight));
    assert.equal(resumedResult.epochs, EPOCHS);
    assert.equal(resumedResult.steps, straightResult.steps);
    assert.deepEqual(
      resumedResult.history,
      straightResult.history.map((r, i) => ({ ...r, timeMs: resumedResult.history[i].timeMs })),
    );
  });

  it('resume is bit-identical with BatchNorm running statistics and per-step schedule ticks', () => {
    const { straight, resumed } = bothWays({ norm: 'batch' }, { scheduleUnit: 'step', dropLast: true });
    assert.deepEqual(bytes(resumed), bytes(straight));
  });

  it('resume with a plateau schedule and SGD momentum is bit-identical', () => {
    const { straight, resumed } = bothWays(
      { pDrop: 0.1 },
      {
        optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true },
        schedule: { kind: 'plateau', patience: 0, factor: 0.5 },
      },
    );
    assert.deepEqual(bytes(resumed), bytes(straight));
  });

  it('differs from a run that resumes without the saved generators (the test can fail)', () => {
    const { straight, saved } = bothWays({ pDrop: 0.3 });
    const ckpt = parseCheckpoint(saved).checkpoint;
    const other = mlp([3, 8, 8, 1], { pDrop: 0.3, seed: 7 });
    fit(other, data(50), {
      ...options(),
      resume: { ...ckpt, rng: { ...ckpt.rng, dropout: new Rng(1).getState() } },
    });
    assert.notDeepEqual(bytes(other), bytes(straight));
  });

  it('holds the model architecture and weights, and rejects what is not a checkpoint', () => {
    const { saved } = bothWays({});
    const ckpt = parseCheckpoint(saved, 'c.json').checkpoint;
    assert.equal(ckpt.epoch, K);
    assert.equal(ckpt.optimizer.step, K * 4);
    const model = modelFromCheckpoint(ckpt);
    assert.equal(model.describe(), 'MLP[3,8,8,1] relu');
    assert.throws(
      () => parseCheckpoint(stringifyModel(model), 'c.json'),
      /c\.json: this is a model file, not a checkpoint/,
    );
    assert.throws(
      () => parseCheckpoint(saved.replace('"version":2', '"version":3'), 'c.json'),
      /version 3 is newer .*upgrade/,
    );
    assert.throws(
      () => fit(mlp([3, 8, 8, 1]), data(50), { ...options(), seed: 1, resume: ckpt }),
      /resume with the same seed/,
    );
    assert.throws(
      () => fit(mlp([3, 8, 8, 1]), data(50), { ...options(), optimizer: 'sgd', resume: ckpt }),
      /state is for 'adam' but this optimizer is 'sgd'/,
    );
  });
});
