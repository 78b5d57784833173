/**
 * Adagrad as torch.optim.Adagrad documents it:
 *   lr_t = lr / (1 + (t − 1)·lrDecay)
 *   s ← s + g²              (s starts at initialAccumulatorValue)
 *   p ← p − lr_t · g / (√s + ε)
 */
import type { AdagradOptions } from '../options.js';
import { checkNonNegative, type UpdateRule } from '../rule.js';

export const adagrad: UpdateRule<AdagradOptions> = {
  description: 'Adagrad: divide by the root of the summed squared gradients',
  defaults: { lr: 1e-2, lrDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, weightDecay: 0 },
  decoupledDecay: false,
  validate(h) {
    checkNonNegative('adagrad', 'lrDecay', h.lrDecay);
    checkNonNegative('adagrad', 'initialAccumulatorValue', h.initialAccumulatorValue);
    checkNonNegative('adagrad', 'eps', h.eps);
    checkNonNegative('adagrad', 'weightDecay', h.weightDecay);
  },
  slots: () => ['sum'],
  slotInit: (h) => h.initialAccumulatorValue,
  update(h, p, g, state, t, lr) {
    const s = state[0];
    const clr = lr / (1 + (t - 1) * h.lrDecay);
    for (let i = 0; i < p.length; i++) {
      const gi = g[i];
      s[i] += gi * gi;
      p[i] -= (clr * gi) / (Math.sqrt(s[i]) + h.eps);
    }
  },
};
