/** The one shape every loader and generator returns, and every trainer consumes. */
import type { Matrix } from '../tensor/matrix.js';

export type Task = 'regression' | 'binary' | 'multiclass';

export interface Dataset {
  /** n × d inputs. */
  readonly x: Matrix;
  /**
   * Targets. regression: n × k values. binary: n × 1 of 0/1.
   * multiclass: n × 1 of class indices 0..classes.length-1 (stored as numbers).
   */
  readonly y: Matrix;
  readonly task: Task;
  /** Class names for binary and multiclass sets. */
  readonly classes?: readonly string[];
  readonly featureNames?: readonly string[];
  readonly name?: string;
}

export interface SplitDataset {
  readonly train: Dataset;
  readonly test: Dataset;
}
