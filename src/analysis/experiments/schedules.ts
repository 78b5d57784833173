/**
 * Learning-rate schedules on one task (3-arm spirals, SGD with momentum): a
 * constant rate, StepLR, cosine annealing with warm restarts and one-cycle,
 * each drawn as its learning rate per step beside the training loss it
 * produces. Decaying the rate lets SGD settle into the minimum its noise
 * kept it circling; restarts show as loss bumps right after each jump.
 */
import { generateSynthetic } from '../../data/synthetic.js';
import { mlp } from '../../nn/mlp.js';
import type { ScheduleSpec } from '../../optim/schedules.js';
import { Rng } from '../../tensor/rng.js';
import { fit } from '../../train/fit.js';
import type { Chart, Claim } from './common.js';
import { round } from './universal.js';

export interface SchedulesOptions {
  readonly epochs: number;
  readonly samples: number;
  readonly hidden: readonly number[];
  readonly lr: number;
  readonly batchSize: number;
  readonly seed: number;
}

export const schedulesPresets: Record<'full' | 'quick' | 'test', SchedulesOptions> = {
  full: { epochs: 150, samples: 600, hidden: [48, 48], lr: 0.1, batchSize: 16, seed: 0 },
  quick: { epochs: 80, samples: 600, hidden: [48, 48], lr: 0.15, batchSize: 16, seed: 0 },
  test: { epochs: 60, samples: 450, hidden: [32, 32], lr: 0.15, batchSize: 16, seed: 0 },
};

export interface ScheduleRun {
  readonly name: string;
  readonly spec: ScheduleSpec;
  /** Learning rate of every step. */
  readonly lr: readonly number[];
  /** Loss of every step's batch. */
  readonly loss: readonly number[];
  /** Mean training loss of each epoch. */
  readonly epochLoss: readonly number[];
  readonly finalLoss: number;
  readonly finalAccuracy: number;
}

export interface SchedulesResult {
  readonly experiment: 'schedules';
  readonly options: SchedulesOptions;
  readonly runs: readonly ScheduleRun[];
  readonly claims: readonly Claim[];
  readonly charts: readonly Chart[];
}

function specs(o: SchedulesOptions, stepsPerEpoch: number): { name: string; spec: ScheduleSpec }[] {
  const total = o.epochs * stepsPerEpoch;
  return [
    { name: 'constant', spec: { kind: 'constant' } },
    { name: 'StepLR (×0.1 every third)', spec: { kind: 'step', stepSize: Math.ceil(total / 3), gamma: 0.1 } },
    {
      name: 'cosine, warm restarts (4 periods)',
      spec: { kind: 'cosine_restarts', t0: Math.ceil(total / 4) },
    },
    { name: 'one-cycle', spec: { kind: 'onecycle', maxLr: o.lr, totalSteps: total } },
  ];
}

export function runSchedules(o: SchedulesOptions): SchedulesResult {
  const data = generateSynthetic('spirals', { n: o.samples, rng: new Rng(o.seed + 11), classes: 3 });
  const stepsPerEpoch = Math.ceil(o.samples / o.batchSize);
  const runs: ScheduleRun[] = specs(o, stepsPerEpoch).map(({ name, spec }) => {
    const model = mlp([2, ...o.hidden, 3], { activation: 'relu', seed: o.seed });
    const lr: number[] = [];
    const loss: number[] = [];
    const result = fit(model, data, {
      epochs: o.epochs,
      batchSize: o.batchSize,
      seed: o.seed,
      optimizer: { name: 'sgd', momentum: 0.9 },
      lr: o.lr,
      schedule: spec,
      scheduleUnit: 'step',
      callbacks: {
        onBatchEnd: (info) => {
          lr.push(info.lr);
          loss.push(info.loss ?? Number.NaN);
        },
      },
    });
    return {
      name,
      spec,
      lr,
      loss,
      epochLoss: result.history.map((h) => h.train.loss),
      finalLoss: result.final.train.loss,
      finalAccuracy: result.final.train.accuracy ?? Number.NaN,
    };
  });
  const [constant, ...scheduled] = runs;
  const restarts = runs[2];
  const t0 = (restarts.spec as { t0: number }).t0;
  const jumps = restarts.lr.filter((v, i) => i > 0 && v > restarts.lr[i - 1] * 1.5).length;
  const claims: Claim[] = [
    {
      name: 'final training loss: each decaying schedule against a constant rate',
      measured: `${scheduled.map((r) => `${r.name} ${round(r.finalLoss)}`).join(', ')}; constant ${round(constant.finalLoss)}`,
      expected: 'lower than constant',
      holds: scheduled.every((r) => r.finalLoss < constant.finalLoss),
    },
    {
      name: `cosine with warm restarts jumps back to the base rate every ${t0} steps`,
      measured: jumps,
      expected: String(Math.ceil(restarts.lr.length / t0) - 1),
      holds: jumps === Math.ceil(restarts.lr.length / t0) - 1,
    },
  ];
  const steps = (n: number) => Array.from({ length: n }, (_, i) => i);
  const epochs = (n: number) => Array.from({ length: n }, (_, i) => (i + 1) * stepsPerEpoch);
  const charts: Chart[] = [
    {
      name: 'schedules-lr',
      title: 'Learning rate per step',
      x: { label: 'step' },
      y: { label: 'learning rate', log: true },
      series: runs.map((r) => ({ label: r.name, x: steps(r.lr.length), y: r.lr })),
    },
    {
      name: 'schedules-loss',
      title: 'Training loss per epoch (mean over its batches)',
      x: { label: 'step' },
      y: { label: 'cross-entropy', log: true },
      series: runs.map((r) => ({
        label: `${r.name} (final ${round(r.finalLoss)})`,
        x: epochs(r.epochLoss.length),
        y: r.epochLoss,
      })),
    },
  ];
  return { experiment: 'schedules', options: o, runs, claims, charts };
}
