import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataset } from '../../src/data/dataset.js';
import { mlp } from '../../src/nn/mlp.js';
import type { Sequential } from '../../src/nn/sequential.js';
import { column, fromRows, type Matrix, zeros } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { evaluate } from '../../src/train/evaluate.js';
import { fit } from '../../src/train/fit.js';
import type { EpochRecord, ProgressEvent } from '../../src/train/fitTypes.js';
import type { Loss } from '../../src/train/losses/index.js';
import { MseLoss } from '../../src/train/losses/index.js';

/** y = 2·x₀ − x₁ + 0.5 on rows in [−1, 1]²; the index of each row is stored in a third, unused column of x. */
function regression(n: number, seed = 1): Dataset {
  const rng = new Rng(seed);
  const x = zeros(n, 2);
  const y = zeros(n, 1);
  for (let i = 0; i < n; i++) {
    const a = rng.uniformIn(-1, 1);
    const b = rng.uniformIn(-1, 1);
    x.data[2 * i] = a;
    x.data[2 * i + 1] = b;
    y.data[i] = 2 * a - b + 0.5;
  }
  return { x, y, task: 'regression' };
}

/** Row i has target i: a loss that records its targets shows which rows each batch held. */
function indexed(n: number): Dataset {
  return {
    x: fromRows(Array.from({ length: n }, (_, i) => [i / n, 1 - i / n])),
    y: column(Array.from({ length: n }, (_, i) => i)),
    task: 'regression',
  };
}

class RecordingLoss implements Loss {
  readonly name = 'recording';
  readonly takesLogits = false;
  readonly batches: number[][] = [];
  private readonly inner = new MseLoss();
  recording = true;

  forward(pred: Matrix, target: Matrix): number {
    if (this.recording) this.batches.push(Array.from(target.data));
    return this.inner.forward(pred, target);
  }

  backward(): Matrix {
    return this.inner.backward();
  }
}

function weights(model: Sequential): number[] {
  return model.params().flatMap((p) => Array.from(p.value.data));
}

const quick = { optimizer: 'adam' as const, lr: 0.01, schedule: 'constant' as const };

describe('fit: batches and shuffling', () => {
  it('cuts each epoch into ⌈n/batchSize⌉ batches that cover every row once, in a fresh order per epoch', () => {
    const loss = new RecordingLoss();
    const model = mlp([2, 4, 1], { seed: 1 });
    const result = fit(model, indexed(10), { ...quick, epochs: 3, batchSize: 3, loss, evalBatchSize: 100 });
    assert.equal(result.steps, 12);
    assert.equal(result.epochs, 3);
    assert.equal(result.stopped, 'completed');
    // 12 training batches, then the final evaluation (1 forward of all 10 rows).
    const epochs = [0, 1, 2].map((e) => loss.batches.slice(4 * e, 4 * e + 4));
    for (const batches of epochs) {
      assert.deepEqual(
        batches.map((b) => b.length),
        [3, 3, 3, 1],
      );
      assert.deepEqual(
        batches.flat().sort((a, b) => a - b),
        Array.from({ length: 10 }, (_, i) => i),
      );
    }
    assert.notDeepEqual(epochs[0].flat(), epochs[1].flat());
  });

  it('keeps the row order with shuffle off and drops the tail batch with dropLast', () => {
    const loss = new RecordingLoss();
    fit(mlp([2, 4, 1], { seed: 1 }), indexed(10), {
      ...quick,
      epochs: 2,
      batchSize: 4,
      loss,
      shuffle: false,
      dropLast: true,
    });
    assert.deepEqual(loss.batches.slice(0, 4), [
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
  });

  it('is deterministic in the seed: same seed, same bits; another seed, other weights', () => {
    const train = (seed: number) => {
      const model = mlp([2, 8, 1], { seed: 3, pDrop: 0.2 });
      fit(model, regression(40), { ...quick, epochs: 3, batchSize: 8, seed });
      return weights(model);
    };
    assert.deepEqual(train(5), train(5));
    assert.notDeepEqual(train(5), train(6));
  });
});

describe('fit: validation and metrics', () => {
  it('holds out round(n·fraction) rows for validation and reports regression metrics', () => {
    const loss = new RecordingLoss();
    const model = mlp([2, 8, 1], { seed: 2 });
    const result = fit(model, regression(40), {
      ...quick,
      epochs: 2,
      batchSize: 100,
      loss,
      validationSplit: 0.25,
    });
    assert.equal(loss.batches[0].length, 30);
    assert.equal(loss.batches[1].length, 10);
    const last = result.history[1];
    assert.ok(last.validation);
    for (const m of [last.train, last.validation, result.final.train, result.final.validation]) {
      assert.ok(m && m.rmse !== undefined && m.maxAbsError !== undefined && m.accuracy === undefined);
      assert.ok(m.maxAbsError >= m.rmse);
    }
  });

  it('evaluates an explicit validation set, and final metrics equal evaluate() on the trained model', () => {
    const data = regression(32, 1);
    const validation = regression(16, 2);
    const model = mlp([2, 8, 1], { seed: 2 });
    const result = fit(model, data, { ...quick, epochs: 5, batchSize: 8, validationData: validation });
    assert.deepEqual(result.final.train, evaluate(model, data));
    assert.deepEqual(result.final.validation, evaluate(model, validation));
    assert.deepEqual(result.history[4].validation, evaluate(model, validation));
    // MSE loss is the square of RMSE on a single output.
    const v = result.final.validation;
    assert.ok(v?.rmse !== undefined && Math.abs(v.loss - v.rmse ** 2) < 1e-6 * v.loss);
  });

  it('reports accuracy for classification with the task default loss', () => {
    const x = fromRows([
      [-2, 0],
      [-1, 1],
      [1, -1],
      [2, 0],
      [-1.5, 0.5],
      [1.5, 0.5],
    ]);
    const binary: Dataset = { x, y: column([0, 0, 1, 1, 0, 1]), task: 'binary' };
    const r1 = fit(mlp([2, 4, 1], { seed: 1 }), binary, { ...quick, lr: 0.05, epochs: 100, batchSize: 6 });
    assert.equal(r1.final.train.accuracy, 1);
    assert.equal(r1.final.train.rmse, undefined);
    const multi: Dataset = { x, y: column([0, 0, 2, 2, 1, 1]), task: 'multiclass' };
    const r2 = fit(mlp([2, 8, 3], { seed: 1 }), multi, { ...quick, lr: 0.05, epochs: 150, batchSize: 6 });
    assert.equal(r2.final.train.accuracy, 1);
    assert.ok(r2.history[0].train.loss > r2.history[149].train.loss);
  });

  it('rejects conflicting or impossible options with one line', () => {
    const data = regression(8);
    const model = mlp([2, 2, 1]);
    assert.throws(
      () => fit(model, data, { validationSplit: 0.5, validationData: data }),
      /validationSplit or validationData, not both/,
    );
    assert.throws(() => fit(model, data, { monitor: 'val_loss' }), /needs validation data/);
    assert.throws(() => fit(model, data, { monitor: 'accuracy' }), /not a regression metric/);
    assert.throws(() => fit(mlp([3, 2, 1]), data), /takes 3 inputs but the data has 2 columns/);
    assert.throws(() => fit(model, data, { batchSize: 0 }), /batchSize must be a positive integer/);
  });
});

describe('fit: callbacks, progress and cancellation', () => {
  it('calls the callbacks in order and emits a progress event per batch and per epoch', () => {
    const calls: string[] = [];
    const events: ProgressEvent[] = [];
    fit(mlp([2, 2, 1]), indexed(4), {
      ...quick,
      epochs: 2,
      batchSize: 2,
      callbacks: [
        {
          onEpochBegin: (i) => {
            calls.push(`E${i.epoch}`);
          },
          onBatchBegin: (i) => {
            calls.push(`b${i.batch}`);
          },
          onBatchEnd: (i) => {
            calls.push(`s${i.step}`);
          },
          onEpochEnd: (i, r) => {
            calls.push(`e${i.epoch}:${r.epoch}`);
          },
        },
      ],
      onProgress: (e) => {
        events.push(e);
      },
    });
    assert.deepEqual(calls, ['E1', 'b0', 's1', 'b1', 's2', 'e1:1', 'E2', 'b0', 's3', 'b1', 's4', 'e2:2']);
    assert.deepEqual(
      events.map((e) => `${e.kind}:${e.fraction}`),
      ['batch:0.25', 'batch:0.5', 'epoch:0.5', 'batch:0.75', 'batch:1', 'epoch:1'],
    );
  });

  it('stops when a callback returns stop, or before the next batch once the signal aborts', () => {
    const byCallback = fit(mlp([2, 2, 1]), indexed(8), {
      ...quick,
      epochs: 10,
      batchSize: 4,
      callbacks: { onEpochEnd: (i) => (i.epoch === 2 ? 'stop' : undefined) },
    });
    assert.equal(byCallback.stopped, 'cancelled');
    assert.equal(byCallback.epochs, 2);
    assert.equal(byCallback.history.length, 2);

    const controller = new AbortController();
    const interrupted = mlp([2, 2, 1], { seed: 5 });
    const bySignal = fit(interrupted, indexed(8), {
      ...quick,
      epochs: 10,
      batchSize: 2,
      signal: controller.signal,
      callbacks: {
        onBatchEnd: (i) => {
          if (i.step === 7) controller.abort();
        },
      },
    });
    assert.equal(bySignal.stopped, 'cancelled');
    assert.match(bySignal.message ?? '', /cancelled in epoch 2 at batch 4 of 4/);
    // Stopped inside epoch 2: the model and the counts are those of epoch 1 exactly.
    assert.equal(bySignal.epochs, 1);
    assert.equal(bySignal.steps, 4);
    const oneEpoch = mlp([2, 2, 1], { seed: 5 });
    fit(oneEpoch, indexed(8), {
      ...quick,
      epochs: 10,
      batchSize: 2,
      callbacks: { onEpochEnd: (i) => (i.epoch === 1 ? 'stop' : undefined) },
    });
    assert.deepEqual(interrupted.getParams(), oneEpoch.getParams());
  });
});

describe('fit: early stopping', () => {
  it('stops after patience epochs without improvement (lr 0: the loss never moves)', () => {
    const result = fit(mlp([2, 4, 1]), regression(16), {
      optimizer: 'sgd',
      lr: 0,
      epochs: 50,
      batchSize: 16,
      earlyStopping: { patience: 3 },
    });
    assert.equal(result.stopped, 'early_stopping');
    assert.equal(result.epochs, 4);
    assert.equal(result.bestEpoch, 1);
    assert.match(result.message ?? '', /loss did not improve for 3 epochs/);
  });

  it('restores the weights of the best epoch of the monitored metric', () => {
    // A loss that reports a scripted value per epoch (the gradient is mse's), so the best epoch is known.
    const script = [5, 4, 2, 3, 3.5, 6, 7];
    let batch = 0;
    const inner = new MseLoss();
    const scripted: Loss = {
      name: 'scripted',
      takesLogits: false,
      forward: (p, t) => {
        inner.forward(p, t);
        return script[Math.min(batch++, script.length - 1)];
      },
      backward: () => inner.backward(),
    };
    const snapshots: number[][] = [];
    const model = mlp([2, 4, 1], { seed: 4 });
    const result = fit(model, regression(8), {
      ...quick,
      loss: scripted,
      epochs: 7,
      batchSize: 8,
      earlyStopping: { patience: 3, minDelta: 0.1 },
      callbacks: {
        onEpochEnd: () => {
          snapshots.push(weights(model));
        },
      },
    });
    assert.equal(result.stopped, 'early_stopping');
    assert.equal(result.epochs, 6);
    assert.equal(result.bestEpoch, 3);
    assert.deepEqual(
      result.history.map((r: EpochRecord) => r.train.loss),
      [5, 4, 2, 3, 3.5, 6],
    );
    assert.deepEqual(weights(model), snapshots[2]);
  });
});

describe('fit: divergence', () => {
  it('stops on a non-finite loss, says so, and keeps the weights of the last completed epoch', () => {
    const data = regression(16);
    for (let i = 0; i < data.y.data.length; i++) data.y.data[i] *= 1e6;
    const snapshots: number[][] = [];
    const model = mlp([2, 8, 1], { seed: 1 });
    const result = fit(model, data, {
      optimizer: 'sgd',
      lr: 1e3,
      schedule: 'constant',
      epochs: 100,
      batchSize: 4,
      callbacks: {
        onEpochEnd: () => {
          snapshots.push(weights(model));
        },
      },
    });
    assert.equal(result.stopped, 'diverged');
    assert.match(
      result.message ?? '',
      /training diverged in epoch \d+ at batch \d: .*Lower the learning rate/,
    );
    assert.ok(weights(model).every(Number.isFinite));
    assert.deepEqual(weights(model), snapshots.at(-1) ?? weights(mlp([2, 8, 1], { seed: 1 })));
  });

  it('stops when a weight turns non-finite, restoring the weights from before', () => {
    const model = mlp([2, 4, 1], { seed: 1 });
    let kept: number[] = [];
    const result = fit(model, regression(8), {
      ...quick,
      epochs: 5,
      batchSize: 8,
      callbacks: {
        onEpochEnd: (i) => {
          if (i.epoch !== 2) return;
          kept = weights(model);
          model.params()[0].value.data[0] = Number.NaN;
        },
      },
    });
    assert.equal(result.stopped, 'diverged');
    assert.equal(result.epochs, 2);
    assert.deepEqual(weights(model), kept);
  });
});
