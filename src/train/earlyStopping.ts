/**
 * Early stopping as Keras defines it: an epoch improves when the monitored
 * metric beats the best by more than minDelta; after `patience` epochs in a
 * row without improvement the run stops. The counters are plain JSON so a
 * checkpoint resumes them exactly.
 */
import { higherIsBetter, type Monitor } from './metrics.js';

export interface EarlyStoppingOptions {
  /** Default: 'val_loss' when there is validation data, 'loss' otherwise. */
  monitor?: Monitor;
  /** Epochs without improvement before stopping. Default 10. */
  patience?: number;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Put back the weights of the best epoch when stopping early. Default true. */
  restoreBest?: boolean;
}

export interface EarlyStoppingState {
  /** Best monitored value so far; null before the first epoch. */
  readonly best: number | null;
  /** 1-based epoch that reached best; 0 before the first epoch. */
  readonly bestEpoch: number;
  /** Epochs since the last improvement. */
  readonly wait: number;
}

export class EarlyStopping {
  readonly monitor: Monitor;
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBest: boolean;
  private s: EarlyStoppingState = { best: null, bestEpoch: 0, wait: 0 };

  constructor(options: EarlyStoppingOptions, defaultMonitor: Monitor) {
    this.monitor = options.monitor ?? defaultMonitor;
    this.patience = options.patience ?? 10;
    this.minDelta = options.minDelta ?? 0;
    this.restoreBest = options.restoreBest ?? true;
    if (!(Number.isInteger(this.patience) && this.patience >= 1))
      throw new Error(`earlyStopping: patience must be an integer ≥ 1, got ${this.patience}`);
    if (!(this.minDelta >= 0)) throw new Error(`earlyStopping: minDelta must be ≥ 0, got ${this.minDelta}`);
  }

  /** Records one epoch's metric; returns whether it improved on the best. */
  observe(epoch: number, value: number): boolean {
    const { best } = this.s;
    const improved =
      !Number.isNaN(value) &&
      (best === null ||
        (higherIsBetter(this.monitor) ? value - this.minDelta > best : value + this.minDelta < best));
    this.s = improved ? { best: value, bestEpoch: epoch, wait: 0 } : { ...this.s, wait: this.s.wait + 1 };
    return improved;
  }

  get shouldStop(): boolean {
    return this.s.wait >= this.patience;
  }

  getState(): EarlyStoppingState {
    return this.s;
  }

  setState(state: EarlyStoppingState): void {
    this.s = { ...state };
  }
}
