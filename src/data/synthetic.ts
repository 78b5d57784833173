/**
 * The registry of synthetic data sets, keyed by name so the CLI and the
 * playground list their choices (and defaults) from one place.
 */
import type { DType } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';
import { checkCount, checkNonNegative, checkSampleCount } from './check.js';
import type { Dataset } from './dataset.js';
import {
  checkerboard,
  circles,
  type GeneratorOptions,
  gaussians,
  moons,
  spirals,
  xor,
} from './syntheticClassification.js';
import { surface } from './syntheticRegression.js';

export type SyntheticName =
  | 'xor'
  | 'circles'
  | 'moons'
  | 'spirals'
  | 'gaussians'
  | 'checkerboard'
  | 'plane'
  | 'saddle'
  | 'ripple';

export interface SyntheticOptions {
  readonly n: number;
  readonly rng: Rng;
  /** Default: the set's defaultNoise. */
  readonly noise?: number;
  /** Number of classes, for the sets whose classCount is variable. */
  readonly classes?: number;
  readonly dtype?: DType;
}

export interface SyntheticSpec {
  readonly kind: 'classification' | 'regression';
  readonly description: string;
  /** Coordinate jitter for classification (blob spread for gaussians), target noise for regression. */
  readonly defaultNoise: number;
  /** Fixed class count, or the default of a variable one; absent for regression. */
  readonly classCount?: { readonly default: number; readonly variable: boolean };
  readonly generate: (options: GeneratorOptions) => Dataset;
}

const MAX_CLASSES = 64;

export const SYNTHETIC: Readonly<Record<SyntheticName, SyntheticSpec>> = {
  xor: {
    kind: 'classification',
    description: 'two classes by the sign of x1·x2 in [-1, 1]²',
    defaultNoise: 0.05,
    classCount: { default: 2, variable: false },
    generate: xor,
  },
  circles: {
    kind: 'classification',
    description: 'a ring of radius 0.5 inside a ring of radius 1',
    defaultNoise: 0.05,
    classCount: { default: 2, variable: false },
    generate: circles,
  },
  moons: {
    kind: 'classification',
    description: 'two interleaving half circles',
    defaultNoise: 0.1,
    classCount: { default: 2, variable: false },
    generate: moons,
  },
  spirals: {
    kind: 'classification',
    description: 'k interleaved spiral arms (k = classes, default 2)',
    defaultNoise: 0.03,
    classCount: { default: 2, variable: true },
    generate: spirals,
  },
  gaussians: {
    kind: 'classification',
    description: 'k Gaussian blobs on a circle of radius 2 (k = classes, default 3)',
    defaultNoise: 0.5,
    classCount: { default: 3, variable: true },
    generate: gaussians,
  },
  checkerboard: {
    kind: 'classification',
    description: 'a 4 × 4 checkerboard over [-1, 1]²',
    defaultNoise: 0,
    classCount: { default: 2, variable: false },
    generate: checkerboard,
  },
  plane: {
    kind: 'regression',
    description: 'the plane 0.8·x1 − 0.5·x2 + 0.3 over [-1, 1]²',
    defaultNoise: 0.1,
    generate: (o) => surface('plane', o),
  },
  saddle: {
    kind: 'regression',
    description: 'the saddle x1² − x2² over [-1, 1]²',
    defaultNoise: 0.05,
    generate: (o) => surface('saddle', o),
  },
  ripple: {
    kind: 'regression',
    description: 'damped circular ripples cos(2π·r)·exp(−r) over [-1, 1]²',
    defaultNoise: 0.05,
    generate: (o) => surface('ripple', o),
  },
};

export const SYNTHETIC_NAMES = Object.keys(SYNTHETIC) as readonly SyntheticName[];

export function isSyntheticName(name: string): name is SyntheticName {
  return Object.hasOwn(SYNTHETIC, name);
}

export function generateSynthetic(name: SyntheticName, options: SyntheticOptions): Dataset {
  if (!isSyntheticName(name)) {
    throw new Error(`unknown synthetic data set "${name}": choose one of ${SYNTHETIC_NAMES.join(', ')}`);
  }
  const spec = SYNTHETIC[name];
  const { n, rng, noise = spec.defaultNoise, dtype = 'float32' } = options;
  checkSampleCount(n, `${name}: sample count n`);
  checkNonNegative(noise, `${name}: noise`);
  const classes = resolveClasses(name, spec, options.classes);
  if (n < classes) throw new Error(`${name} with ${classes} classes needs n >= ${classes}, got ${n}`);
  return spec.generate({ n, noise, rng, classes, dtype });
}

function resolveClasses(name: string, spec: SyntheticSpec, requested: number | undefined): number {
  const count = spec.classCount;
  if (count === undefined) {
    if (requested !== undefined)
      throw new Error(`${name} is a regression set: the classes option does not apply`);
    return 1;
  }
  if (requested === undefined) return count.default;
  if (!count.variable) {
    if (requested !== count.default)
      throw new Error(`${name} always has ${count.default} classes, got ${requested}`);
    return requested;
  }
  checkCount(requested, `${name}: classes`, 2);
  if (requested > MAX_CLASSES)
    throw new Error(`${name}: classes must be at most ${MAX_CLASSES}, got ${requested}`);
  return requested;
}
