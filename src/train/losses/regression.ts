/**
 * Elementwise regression losses, averaged over every element (torch's
 * reduction='mean'): with N = rows·cols and d = pred − target,
 *   mse:   mean d²                      ∂/∂pred = 2d/N
 *   mae:   mean |d|                     ∂/∂pred = sign(d)/N   (0 at d = 0, as torch)
 *   huber: mean ½d² (|d| ≤ δ), δ(|d| − ½δ) otherwise   ∂/∂pred = clamp(d, −δ, δ)/N
 */
import type { Matrix } from '../../tensor/matrix.js';
import { checkSameShape, GradBuffer, LastPass, type Loss } from './loss.js';

abstract class ElementwiseLoss implements Loss {
  abstract readonly name: string;
  readonly takesLogits = false;
  private readonly pass = new LastPass();
  private readonly grad = new GradBuffer();

  protected abstract value(d: number): number;
  protected abstract slope(d: number): number;

  forward(pred: Matrix, target: Matrix): number {
    checkSameShape(this.name, pred, target);
    const p = pred.data;
    const y = target.data;
    let s = 0;
    for (let i = 0; i < p.length; i++) s += this.value(p[i] - y[i]);
    this.pass.remember(pred, target);
    return s / p.length;
  }

  backward(): Matrix {
    const { pred, target } = this.pass.recall(this.name);
    const g = this.grad.like(pred);
    const p = pred.data;
    const y = target.data;
    const inv = 1 / p.length;
    for (let i = 0; i < p.length; i++) g.data[i] = this.slope(p[i] - y[i]) * inv;
    return g;
  }
}

export class MseLoss extends ElementwiseLoss {
  readonly name = 'mse';
  protected value(d: number): number {
    return d * d;
  }
  protected slope(d: number): number {
    return 2 * d;
  }
}

export class MaeLoss extends ElementwiseLoss {
  readonly name = 'mae';
  protected value(d: number): number {
    return Math.abs(d);
  }
  protected slope(d: number): number {
    return Math.sign(d);
  }
}

export class HuberLoss extends ElementwiseLoss {
  readonly name = 'huber';
  constructor(readonly delta = 1) {
    super();
    if (!(delta > 0) || !Number.isFinite(delta))
      throw new Error(`huber: delta must be a positive number, got ${delta}`);
  }
  protected value(d: number): number {
    const a = Math.abs(d);
    return a <= this.delta ? 0.5 * d * d : this.delta * (a - 0.5 * this.delta);
  }
  protected slope(d: number): number {
    return d > this.delta ? this.delta : Math.max(d, -this.delta);
  }
}
