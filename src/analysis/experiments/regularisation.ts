/**
 * Regularisation on a small noisy set: the same over-parameterised net
 * (1-128-128-1, about 17k parameters for 20 points) trained without help
 * drives its training error below the noise and pays for it on fresh data.
 * L2 weight decay, dropout, early stopping on a validation set and spectral
 * normalisation each give up training error for a smoother fitted function.
 */
import type { Dataset } from '../../data/dataset.js';
import { mlp } from '../../nn/mlp.js';
import { Rng } from '../../tensor/rng.js';
import { fit } from '../../train/fit.js';
import type { FitOptions } from '../../train/fitTypes.js';
import { type Chart, type Claim, rmse, sampleSpec, type TargetSpec } from './common.js';
import { round } from './universal.js';

export interface RegularisationOptions {
  readonly points: number;
  readonly noise: number;
  readonly hidden: readonly number[];
  readonly epochs: number;
  readonly lr: number;
  readonly seed: number;
  readonly weightDecay: number;
  readonly pDrop: number;
}

export const regularisationPresets: Record<'full' | 'quick' | 'test', RegularisationOptions> = {
  full: {
    points: 20,
    noise: 0.3,
    hidden: [128, 128],
    epochs: 3000,
    lr: 3e-3,
    seed: 0,
    weightDecay: 3e-3,
    pDrop: 0.2,
  },
  quick: {
    points: 20,
    noise: 0.3,
    hidden: [128, 128],
    epochs: 1500,
    lr: 3e-3,
    seed: 0,
    weightDecay: 3e-3,
    pDrop: 0.2,
  },
  test: {
    points: 20,
    noise: 0.3,
    hidden: [64, 64],
    epochs: 1000,
    lr: 3e-3,
    seed: 0,
    weightDecay: 3e-3,
    pDrop: 0.2,
  },
};

const TARGET: TargetSpec = {
  description: 'sin(πx)',
  inputs: 1,
  domain: [-1, 1],
  fn: (x) => Math.sin(Math.PI * x[0]),
};

export type Method = 'none' | 'L2' | 'dropout' | 'early stopping' | 'spectral norm';

export interface MethodResult {
  readonly method: Method;
  readonly trainRmse: number;
  /** Against the noiseless target on a grid: how far the fitted function is from the truth. */
  readonly testRmse: number;
  readonly epochs: readonly number[];
  readonly trainCurve: readonly number[];
  readonly testCurve: readonly number[];
  readonly fitted: readonly number[];
}

export interface RegularisationResult {
  readonly experiment: 'regularisation';
  readonly options: RegularisationOptions;
  readonly data: { x: number[]; y: number[] };
  readonly grid: readonly number[];
  readonly methods: readonly MethodResult[];
  readonly claims: readonly Claim[];
  readonly charts: readonly Chart[];
}

function train(
  method: Method,
  o: RegularisationOptions,
  data: Dataset,
  validation: Dataset,
  grid: Dataset,
): MethodResult {
  const model = mlp([1, ...o.hidden, 1], {
    activation: 'relu',
    seed: o.seed,
    pDrop: method === 'dropout' ? o.pDrop : 0,
    spectralNorm: method === 'spectral norm',
  });
  const epochs: number[] = [];
  const trainCurve: number[] = [];
  const testCurve: number[] = [];
  const every = Math.max(1, Math.floor(o.epochs / 100));
  const options: FitOptions = {
    epochs: o.epochs,
    batchSize: o.points,
    seed: o.seed,
    schedule: 'constant',
    optimizer: { name: 'adam', lr: o.lr, weightDecay: method === 'L2' ? o.weightDecay : 0 },
    callbacks: {
      onEpochEnd: ({ epoch }) => {
        if (epoch % every === 0) {
          epochs.push(epoch);
          trainCurve.push(rmse(model, data));
          testCurve.push(rmse(model, grid));
        }
      },
    },
    ...(method === 'early stopping'
      ? {
          validationData: validation,
          earlyStopping: { patience: Math.floor(o.epochs / 10), restoreBest: true },
        }
      : {}),
  };
  fit(model, data, options);
  return {
    method,
    trainRmse: rmse(model, data),
    testRmse: rmse(model, grid),
    epochs,
    trainCurve,
    testCurve,
    fitted: Array.from(model.predict(grid.x).data),
  };
}

export function runRegularisation(o: RegularisationOptions): RegularisationResult {
  const rng = new Rng(o.seed + 3);
  const data = sampleSpec(TARGET, o.points, rng, false, o.noise);
  const validation = sampleSpec(TARGET, o.points, rng, false, o.noise);
  const grid = sampleSpec(TARGET, 201, rng, true);
  const methods = (['none', 'L2', 'dropout', 'early stopping', 'spectral norm'] as const).map((m) =>
    train(m, o, data, validation, grid),
  );
  const none = methods[0];
  const others = methods.slice(1);
  const best = others.reduce((a, b) => (b.testRmse < a.testRmse ? b : a));
  const claims: Claim[] = [
    {
      name: 'no regularisation: training RMSE against the noise level (it fits the noise)',
      measured: round(none.trainRmse),
      expected: `< noise σ = ${o.noise}`,
      holds: none.trainRmse < o.noise,
    },
    {
      name: 'every regulariser keeps a larger training error than none',
      measured: others.map((m) => `${m.method} ${round(m.trainRmse)}`).join(', '),
      expected: `> ${round(none.trainRmse)}`,
      holds: others.every((m) => m.trainRmse > none.trainRmse),
    },
    {
      name: `best regulariser (${best.method}) against none: RMSE to the true function`,
      measured: `${round(best.testRmse)} vs ${round(none.testRmse)}`,
      expected: 'lower',
      holds: best.testRmse < none.testRmse,
    },
  ];
  const gridX = Array.from(grid.x.data);
  const charts: Chart[] = [
    {
      name: 'regularisation-fits',
      title: `Fitted functions on ${o.points} noisy points of sin(πx)`,
      x: { label: 'x' },
      y: { label: 'y' },
      series: [
        { label: 'data', x: Array.from(data.x.data), y: Array.from(data.y.data), points: true },
        { label: 'sin(πx)', x: gridX, y: Array.from(grid.y.data), dashed: true },
        ...methods.map((m) => ({ label: `${m.method} (${round(m.testRmse)})`, x: gridX, y: m.fitted })),
      ],
    },
    {
      name: 'regularisation-curves',
      title: 'Training RMSE (dashed) and RMSE to the true function (solid) over training',
      x: { label: 'epoch' },
      y: { label: 'RMSE', log: true },
      series: methods.flatMap((m) => [
        { label: `${m.method}: true function`, x: m.epochs, y: m.testCurve },
        { label: `${m.method}: train`, x: m.epochs, y: m.trainCurve, dashed: true },
      ]),
    },
  ];
  return {
    experiment: 'regularisation',
    options: o,
    data: { x: Array.from(data.x.data), y: Array.from(data.y.data) },
    grid: gridX,
    methods,
    claims,
    charts,
  };
}
