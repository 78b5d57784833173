/**
 * Softmax cross-entropy on logits z (one row per sample, C classes), averaged
 * over rows, as torch's CrossEntropyLoss. With lse = log Σ_c e^{z_c} (computed
 * after subtracting the row max, so nothing overflows) and target weights q:
 *   ℓ = Σ_c q_c·(lse − z_c)       ∂ℓ/∂z_c = (Σq)·softmax(z)_c − q_c
 * Integer labels give q = one-hot(y); probability rows give q directly. Label
 * smoothing ε mixes in the uniform distribution: q ← (1 − ε)·q + ε/C.
 */
import { type Matrix, Workspace } from '../../tensor/matrix.js';
import { GradBuffer, LastPass, type Loss } from './loss.js';
import { checkSmoothing } from './smoothing.js';

abstract class SoftmaxLoss implements Loss {
  abstract readonly name: string;
  readonly takesLogits = true;
  private readonly pass = new LastPass();
  private readonly grad = new GradBuffer();
  /** Per-row log-sum-exp of the latest forward, for backward. */
  private readonly lse = new Workspace('float64', 1);

  constructor(readonly labelSmoothing = 0) {
    checkSmoothing('cross-entropy', labelSmoothing);
  }

  /** Validates the target shape for a prediction of C columns. */
  protected abstract check(pred: Matrix, target: Matrix): void;
  /** Target weight q_c of row i before smoothing. */
  protected abstract weight(target: Matrix, i: number, c: number): number;
  /** Σ_c q_c of row i before smoothing. */
  protected abstract mass(target: Matrix, i: number): number;

  forward(pred: Matrix, target: Matrix): number {
    if (pred.cols < 2) {
      throw new Error(
        `${this.name}: the model has ${pred.cols} output; softmax needs one per class (≥ 2). For two classes with one output use bce`,
      );
    }
    this.check(pred, target);
    const C = pred.cols;
    const z = pred.data;
    const lse = this.lse.get(pred.rows).data;
    const keep = 1 - this.labelSmoothing;
    const uniform = this.labelSmoothing / C;
    let total = 0;
    for (let i = 0; i < pred.rows; i++) {
      const o = i * C;
      let max = z[o];
      for (let c = 1; c < C; c++) if (z[o + c] > max) max = z[o + c];
      let sum = 0;
      for (let c = 0; c < C; c++) sum += Math.exp(z[o + c] - max);
      const l = max + Math.log(sum);
      lse[i] = l;
      for (let c = 0; c < C; c++) total += (keep * this.weight(target, i, c) + uniform) * (l - z[o + c]);
    }
    this.pass.remember(pred, target);
    return total / pred.rows;
  }

  backward(): Matrix {
    const { pred, target } = this.pass.recall(this.name);
    const g = this.grad.like(pred);
    const C = pred.cols;
    const z = pred.data;
    const lse = this.lse.get(pred.rows).data;
    const keep = 1 - this.labelSmoothing;
    const uniform = this.labelSmoothing / C;
    const inv = 1 / pred.rows;
    for (let i = 0; i < pred.rows; i++) {
      const o = i * C;
      const mass = keep * this.mass(target, i) + this.labelSmoothing;
      for (let c = 0; c < C; c++) {
        const q = keep * this.weight(target, i, c) + uniform;
        g.data[o + c] = (mass * Math.exp(z[o + c] - lse[i]) - q) * inv;
      }
    }
    return g;
  }
}

/** Targets are n×1 class indices 0..C−1 (how a multiclass Dataset stores them). */
export class CrossEntropyLoss extends SoftmaxLoss {
  readonly name = 'cross_entropy';

  protected check(pred: Matrix, target: Matrix): void {
    if (target.cols !== 1 || target.rows !== pred.rows) {
      throw new Error(
        `cross_entropy: targets must be ${pred.rows}x1 class indices, got ${target.rows}x${target.cols}; for probability rows use soft_cross_entropy`,
      );
    }
    const C = pred.cols;
    for (let i = 0; i < target.rows; i++) {
      const y = target.data[i];
      if (!(Number.isInteger(y) && y >= 0 && y < C)) {
        throw new Error(
          `cross_entropy: label ${y} in row ${i} is not a class index 0..${C - 1}; does the output width match the classes?`,
        );
      }
    }
  }

  protected weight(target: Matrix, i: number, c: number): number {
    return target.data[i] === c ? 1 : 0;
  }

  protected mass(): number {
    return 1;
  }
}

/** Targets are n×C rows of class probabilities (one-hot included). */
export class SoftCrossEntropyLoss extends SoftmaxLoss {
  readonly name = 'soft_cross_entropy';

  protected check(pred: Matrix, target: Matrix): void {
    if (target.rows !== pred.rows || target.cols !== pred.cols) {
      throw new Error(
        `soft_cross_entropy: targets must be ${pred.rows}x${pred.cols} probability rows, got ${target.rows}x${target.cols}; for class indices use cross_entropy`,
      );
    }
  }

  protected weight(target: Matrix, i: number, c: number): number {
    return target.data[i * target.cols + c];
  }

  protected mass(target: Matrix, i: number): number {
    let s = 0;
    for (let c = 0; c < target.cols; c++) s += target.data[i * target.cols + c];
    return s;
  }
}
