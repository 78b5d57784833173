/**
 * Binary cross-entropy on logits z (torch's BCEWithLogitsLoss), averaged over
 * every element. Written so no exp can overflow:
 *   ℓ = max(z, 0) − z·y + log(1 + e^{−|z|})      ∂ℓ/∂z = σ(z) − y
 * Label smoothing ε pulls the targets toward ½: y ← y·(1 − ε) + ε/2 (Keras's rule).
 */

import type { Matrix } from '../../tensor/matrix.js';
import { sigmoid } from '../../tensor/special.js';
import { checkSameShape, GradBuffer, LastPass, type Loss } from './loss.js';
import { checkSmoothing } from './smoothing.js';

export class BceWithLogitsLoss implements Loss {
  readonly name = 'bce';
  readonly takesLogits = true;
  private readonly pass = new LastPass();
  private readonly grad = new GradBuffer();

  constructor(readonly labelSmoothing = 0) {
    checkSmoothing('bce', labelSmoothing);
  }

  forward(pred: Matrix, target: Matrix): number {
    checkSameShape(this.name, pred, target);
    const z = pred.data;
    const t = target.data;
    const keep = 1 - this.labelSmoothing;
    const half = this.labelSmoothing / 2;
    let s = 0;
    for (let i = 0; i < z.length; i++) {
      const zi = z[i];
      s += Math.max(zi, 0) - zi * (t[i] * keep + half) + Math.log1p(Math.exp(-Math.abs(zi)));
    }
    this.pass.remember(pred, target);
    return s / z.length;
  }

  backward(): Matrix {
    const { pred, target } = this.pass.recall(this.name);
    const g = this.grad.like(pred);
    const z = pred.data;
    const t = target.data;
    const keep = 1 - this.labelSmoothing;
    const half = this.labelSmoothing / 2;
    const inv = 1 / z.length;
    for (let i = 0; i < z.length; i++) g.data[i] = (sigmoid(z[i]) - (t[i] * keep + half)) * inv;
    return g;
  }
}
