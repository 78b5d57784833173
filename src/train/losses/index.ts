/** Every loss by name (the CLI lists the choices from this record) and the default for each task. */
import type { Task } from '../../data/dataset.js';
import { BceWithLogitsLoss } from './binary.js';
import { CrossEntropyLoss, SoftCrossEntropyLoss } from './crossEntropy.js';
import type { Loss } from './loss.js';
import { HuberLoss, MaeLoss, MseLoss } from './regression.js';

export interface LossOptions {
  /** huber: where the quadratic turns linear. Default 1. */
  delta?: number;
  /** bce, cross_entropy, soft_cross_entropy: target smoothing ε in [0, 1). Default 0. */
  labelSmoothing?: number;
}

export type LossName = 'mse' | 'mae' | 'huber' | 'bce' | 'cross_entropy' | 'soft_cross_entropy';
export type LossSpec = LossName | ({ name: LossName } & LossOptions);

export interface LossInfo {
  readonly description: string;
  readonly create: (options: LossOptions) => Loss;
}

export const losses: { readonly [K in LossName]: LossInfo } = {
  mse: { description: 'mean squared error', create: () => new MseLoss() },
  mae: { description: 'mean absolute error', create: () => new MaeLoss() },
  huber: {
    description: 'Huber: squared below delta (1), absolute above',
    create: (o) => new HuberLoss(o.delta),
  },
  bce: {
    description: 'binary cross-entropy on logits (0/1 targets)',
    create: (o) => new BceWithLogitsLoss(o.labelSmoothing),
  },
  cross_entropy: {
    description: 'softmax cross-entropy on logits with class-index targets',
    create: (o) => new CrossEntropyLoss(o.labelSmoothing),
  },
  soft_cross_entropy: {
    description: 'softmax cross-entropy on logits with probability-row targets',
    create: (o) => new SoftCrossEntropyLoss(o.labelSmoothing),
  },
};

/** What fit uses when no loss is given: regression → mse, binary → bce, multiclass → cross_entropy. */
export const defaultLossForTask: { readonly [T in Task]: LossName } = {
  regression: 'mse',
  binary: 'bce',
  multiclass: 'cross_entropy',
};

export function createLoss(spec: LossSpec | Loss): Loss {
  if (typeof spec === 'object' && 'forward' in spec) return spec;
  const { name, ...options } = typeof spec === 'string' ? { name: spec } : spec;
  const info = losses[name];
  if (!info) throw new Error(`unknown loss '${name}'; choose one of: ${Object.keys(losses).join(', ')}`);
  return info.create(options);
}

export type { Loss };
export { BceWithLogitsLoss, CrossEntropyLoss, HuberLoss, MaeLoss, MseLoss, SoftCrossEntropyLoss };
