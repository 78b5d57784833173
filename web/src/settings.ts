/**
 * Everything that defines a run, as plain JSON: the page's controls edit it,
 * the URL carries it, and the worker rebuilds data, model and trainer from it.
 * The choices come from the library's own records so a new activation or
 * optimizer shows up here without a second list.
 */
// Single modules and types only: the page's own bundle stays free of the engine and the expression parser.
import type { SyntheticName } from '../../src/data/synthetic.js';
import { activationNames } from '../../src/nn/activations.js';
import type { ActivationName } from '../../src/nn/layer.js';
import type { NormKind } from '../../src/nn/mlp.js';
import type { OptimizerName } from '../../src/optim/options.js';
import { type HandEdit, sanitizeEdits } from './handEdits.js';

export type TaskName = SyntheticName | 'function' | 'custom';

/**
 * The kind of each synthetic set. The library's SYNTHETIC record holds the same
 * (a unit test compares them); it is not imported here because its regression
 * sets pull in the expression parser. The mapped type makes a set added to the
 * library a compile error here until it is listed.
 */
export const SYNTHETIC_KINDS: { readonly [K in SyntheticName]: 'classification' | 'regression' } = {
  xor: 'classification',
  circles: 'classification',
  moons: 'classification',
  spirals: 'classification',
  gaussians: 'classification',
  checkerboard: 'classification',
  plane: 'regression',
  saddle: 'regression',
  ripple: 'regression',
};
const SYNTHETIC_NAMES = Object.keys(SYNTHETIC_KINDS) as SyntheticName[];
export const CLASSIFICATION_TASKS = SYNTHETIC_NAMES.filter((n) => SYNTHETIC_KINDS[n] === 'classification');
export const REGRESSION_TASKS = SYNTHETIC_NAMES.filter((n) => SYNTHETIC_KINDS[n] === 'regression');
export const TASKS: readonly TaskName[] = [
  ...CLASSIFICATION_TASKS,
  ...REGRESSION_TASKS,
  'function',
  'custom',
];

export const ACTIVATIONS: readonly ActivationName[] = activationNames;
export const INITS = [
  'default',
  'he_uniform',
  'he_normal',
  'xavier_uniform',
  'xavier_normal',
  'lecun_normal',
  'orthogonal',
] as const;
export const NORMS: readonly NormKind[] = ['none', 'batch', 'layer'];
export const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'adam', 'adamw', 'rmsprop', 'adagrad'];
export const SCHEDULES = ['constant', 'step', 'cosine', 'cosine_restarts', 'onecycle'] as const;
export type ScheduleChoice = (typeof SCHEDULES)[number];
export const CLASSIFICATION_LOSSES = ['cross_entropy', 'mse'] as const;
export const REGRESSION_LOSSES = ['mse', 'mae', 'huber'] as const;
export type LossChoice = (typeof CLASSIFICATION_LOSSES)[number] | (typeof REGRESSION_LOSSES)[number];

/** Units per hidden layer beyond which the page refuses (a 2-D playground never needs more). */
export const MAX_UNITS = 1024;
export const MAX_LAYERS = 12;
export const MAX_SAMPLES = 5000;

/** Control groups a teacher can hide (classroom mode): for focus, not security. */
export const CLASSROOM_ITEMS = ['data', 'network', 'training', 'files', 'tours', 'points'] as const;
export type ClassroomItem = (typeof CLASSROOM_ITEMS)[number];

export interface HiddenLayer {
  units: number;
  activation: ActivationName;
}

/** The input features the TensorFlow Playground offers, over the plane's x1 and x2 (for 1-D tasks, x1 is x and terms with x2 drop out), in column order. */
export const FEATURE_TERMS = ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'] as const;
export type FeatureTerm = (typeof FEATURE_TERMS)[number];
/** Most Fourier frequencies the page offers (each gives two columns). */
export const MAX_FOURIER_FEATURES = 64;

/** What the model sees of each point: some of FEATURE_TERMS and, when fourier > 0, that many random Fourier frequencies. */
export interface FeatureChoice {
  terms: FeatureTerm[];
  fourier: number;
  /** Standard deviation of the Fourier frequencies, in cycles per unit. */
  fourierScale: number;
}

/** A drawn or loaded point: inputs in the plane and a class index. */
export interface Point {
  x: number;
  y: number;
  c: number;
}

export interface Settings {
  task: TaskName;
  classes: number;
  noise: number;
  samples: number;
  testRatio: number;
  expression: string;
  seed: number;
  layers: HiddenLayer[];
  init: (typeof INITS)[number];
  norm: NormKind;
  dropout: number;
  residual: boolean;
  loss: LossChoice;
  optimizer: OptimizerName;
  lr: number;
  schedule: ScheduleChoice;
  batchSize: number;
  weightDecay: number;
  /** Stop on its own after this many epochs; 0 runs until paused. */
  stopEpochs: number;
  /** Stop once the training loss (on the whole training split) is at most this; 0 never. */
  lossTarget: number;
  /** The data of the 'custom' task. */
  points: Point[];
  /** Control groups hidden in classroom mode; empty shows everything. */
  hide: ClassroomItem[];
  features: FeatureChoice;
  /** Weights and biases set by hand, in step order; replayed at their steps. */
  edits: HandEdit[];
}

export const DEFAULTS: Settings = {
  task: 'xor',
  classes: 2,
  noise: 0.05,
  samples: 200,
  testRatio: 0.3,
  expression: 'sin(3*x)',
  seed: 1,
  layers: [
    { units: 8, activation: 'relu' },
    { units: 8, activation: 'relu' },
  ],
  init: 'default',
  norm: 'none',
  dropout: 0,
  residual: false,
  loss: 'cross_entropy',
  optimizer: 'adam',
  lr: 0.03,
  schedule: 'constant',
  batchSize: 10,
  weightDecay: 0,
  stopEpochs: 0,
  lossTarget: 0,
  points: [],
  hide: [],
  features: { terms: ['x1', 'x2'], fourier: 0, fourierScale: 1 },
  edits: [],
};

export type TaskKind = 'classification' | 'regression' | 'function';

export function taskKind(task: TaskName): TaskKind {
  if (task === 'function') return 'function';
  if (task === 'custom') return 'classification';
  return SYNTHETIC_KINDS[task];
}

/** The settings that change the data or the architecture: editing one of them starts over from step 0. */
export const STRUCTURAL: readonly (keyof Settings)[] = [
  'task',
  'classes',
  'noise',
  'samples',
  'testRatio',
  'expression',
  'seed',
  'layers',
  'init',
  'norm',
  'dropout',
  'residual',
  'points',
  'features',
];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Settings from untrusted JSON (a URL, a file): each known field of the right
 * type is taken, anything else keeps its default; the returned list names what
 * was ignored so the page can say so.
 */
export function sanitize(input: unknown): { settings: Settings; ignored: string[] } {
  const settings: Settings = structuredClone(DEFAULTS);
  const ignored: string[] = [];
  if (!isObject(input)) return { settings, ignored: ['the whole state (not an object)'] };
  const num = (k: keyof Settings, lo: number, hi: number, integer: boolean): void => {
    const v = input[k];
    if (v === undefined) return;
    if (
      typeof v === 'number' &&
      Number.isFinite(v) &&
      v >= lo &&
      v <= hi &&
      (!integer || Number.isInteger(v))
    ) {
      (settings as unknown as Record<string, number>)[k] = v;
    } else ignored.push(k);
  };
  const pick = <T extends string>(k: keyof Settings, choices: readonly T[]): void => {
    const v = input[k];
    if (v === undefined) return;
    if (typeof v === 'string' && (choices as readonly string[]).includes(v)) {
      (settings as unknown as Record<string, string>)[k] = v;
    } else ignored.push(k);
  };
  pick('task', TASKS);
  num('classes', 2, 8, true);
  num('noise', 0, 5, false);
  num('samples', 4, MAX_SAMPLES, true);
  num('testRatio', 0.05, 0.9, false);
  if (typeof input.expression === 'string' && input.expression.length <= 2000)
    settings.expression = input.expression;
  else if (input.expression !== undefined) ignored.push('expression');
  num('seed', 0, 2 ** 31 - 1, true);
  if (Array.isArray(input.layers) && input.layers.length <= MAX_LAYERS) {
    const layers = input.layers.filter(
      (l): l is HiddenLayer =>
        isObject(l) &&
        Number.isInteger(l.units) &&
        (l.units as number) >= 1 &&
        (l.units as number) <= MAX_UNITS &&
        (ACTIVATIONS as readonly unknown[]).includes(l.activation),
    );
    if (layers.length === input.layers.length)
      settings.layers = layers.map((l) => ({ units: l.units, activation: l.activation }));
    else ignored.push('layers');
  } else if (input.layers !== undefined) ignored.push('layers');
  pick('init', INITS);
  pick('norm', NORMS);
  num('dropout', 0, 0.9, false);
  if (typeof input.residual === 'boolean') settings.residual = input.residual;
  else if (input.residual !== undefined) ignored.push('residual');
  pick('loss', [...CLASSIFICATION_LOSSES, ...REGRESSION_LOSSES]);
  pick('optimizer', OPTIMIZERS);
  num('lr', 1e-6, 10, false);
  pick('schedule', SCHEDULES);
  num('batchSize', 1, MAX_SAMPLES, true);
  num('weightDecay', 0, 1, false);
  num('stopEpochs', 0, 1e6, true);
  num('lossTarget', 0, 1e6, false);
  if (Array.isArray(input.points) && input.points.length <= MAX_SAMPLES) {
    const points = input.points.filter(
      (p): p is Point =>
        isObject(p) &&
        typeof p.x === 'number' &&
        typeof p.y === 'number' &&
        Number.isFinite(p.x) &&
        Number.isFinite(p.y) &&
        Number.isInteger(p.c) &&
        (p.c as number) >= 0 &&
        (p.c as number) < 8,
    );
    if (points.length === input.points.length)
      settings.points = points.map((p) => ({ x: p.x, y: p.y, c: p.c }));
    else ignored.push('points');
  } else if (input.points !== undefined) ignored.push('points');
  const hide = input.hide;
  if (Array.isArray(hide) && hide.every((h) => (CLASSROOM_ITEMS as readonly unknown[]).includes(h)))
    settings.hide = CLASSROOM_ITEMS.filter((h) => hide.includes(h));
  else if (hide !== undefined) ignored.push('hide');
  if (input.features !== undefined) {
    const features = sanitizeFeatures(input.features);
    if (features) settings.features = features;
    else ignored.push('features');
  }
  if (input.edits !== undefined) {
    const edits = sanitizeEdits(input.edits);
    if (edits) settings.edits = edits;
    else ignored.push('edits');
  }
  return { settings, ignored };
}

/** Terms kept in FEATURE_TERMS order (the same choice gives the same columns), or null for anything malformed. */
function sanitizeFeatures(v: unknown): FeatureChoice | null {
  if (!isObject(v) || !Array.isArray(v.terms)) return null;
  const terms = v.terms;
  if (
    !terms.every((t) => (FEATURE_TERMS as readonly unknown[]).includes(t)) ||
    new Set(terms).size !== terms.length
  )
    return null;
  const { fourier, fourierScale } = v;
  if (!Number.isInteger(fourier) || (fourier as number) < 0 || (fourier as number) > MAX_FOURIER_FEATURES)
    return null;
  if (
    typeof fourierScale !== 'number' ||
    !Number.isFinite(fourierScale) ||
    fourierScale < 0.01 ||
    fourierScale > 100
  )
    return null;
  return {
    terms: FEATURE_TERMS.filter((t) => terms.includes(t)),
    fourier: fourier as number,
    fourierScale,
  };
}
