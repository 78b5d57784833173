/**
 * RMSProp as torch.optim.RMSprop documents it:
 *   v ← αv + (1 − α)g²
 *   centered: ḡ ← αḡ + (1 − α)g,  ṽ = v − ḡ²   (otherwise ṽ = v)
 *   momentum μ > 0: b ← μb + g/(√ṽ + ε),  p ← p − lr·b
 *   otherwise:      p ← p − lr·g/(√ṽ + ε)
 */
import type { RmspropOptions } from '../options.js';
import { checkNonNegative, checkUnitInterval, type UpdateRule } from '../rule.js';

export const rmsprop: UpdateRule<RmspropOptions> = {
  description:
    'RMSProp: divide by a running root-mean-square of the gradient (optionally centered, with momentum)',
  defaults: { lr: 1e-2, alpha: 0.99, eps: 1e-8, momentum: 0, centered: false, weightDecay: 0 },
  decoupledDecay: false,
  validate(h) {
    checkUnitInterval('rmsprop', 'alpha', h.alpha);
    checkNonNegative('rmsprop', 'eps', h.eps);
    checkNonNegative('rmsprop', 'momentum', h.momentum);
    checkNonNegative('rmsprop', 'weightDecay', h.weightDecay);
  },
  slots(h) {
    const s = ['square_avg'];
    if (h.momentum > 0) s.push('momentum_buffer');
    if (h.centered) s.push('grad_avg');
    return s;
  },
  update(h, p, g, state, _t, lr) {
    const { alpha, eps, momentum, centered } = h;
    const v = state[0];
    const b = momentum > 0 ? state[1] : null;
    const gAvg = centered ? state[momentum > 0 ? 2 : 1] : null;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i];
      v[i] = alpha * v[i] + (1 - alpha) * gi * gi;
      let variance = v[i];
      if (gAvg) {
        gAvg[i] = alpha * gAvg[i] + (1 - alpha) * gi;
        variance -= gAvg[i] * gAvg[i];
      }
      const step = gi / (Math.sqrt(variance) + eps);
      if (b) {
        b[i] = momentum * b[i] + step;
        p[i] -= lr * b[i];
      } else {
        p[i] -= lr * step;
      }
    }
  },
};
