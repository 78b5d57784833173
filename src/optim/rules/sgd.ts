/**
 * SGD as torch.optim.SGD documents it (g already holds + wd·p when weight decay is set):
 *   b₁ = g;  b_t = μ·b_{t−1} + (1 − τ)·g        (momentum μ > 0; no dampening on the first step)
 *   d = g + μ·b_t  (Nesterov)  or  d = b_t       (or d = g without momentum)
 *   p ← p − lr·d
 */
import type { SgdOptions } from '../options.js';
import { checkNonNegative, type UpdateRule } from '../rule.js';

export const sgd: UpdateRule<SgdOptions> = {
  description: 'stochastic gradient descent with optional (Nesterov) momentum',
  defaults: { lr: 1e-3, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 },
  decoupledDecay: false,
  validate(h) {
    checkNonNegative('sgd', 'momentum', h.momentum);
    checkNonNegative('sgd', 'dampening', h.dampening);
    checkNonNegative('sgd', 'weightDecay', h.weightDecay);
    if (h.nesterov && (h.momentum <= 0 || h.dampening !== 0)) {
      throw new Error(
        'sgd: nesterov needs momentum > 0 and dampening 0; set momentum (e.g. 0.9) or turn nesterov off',
      );
    }
  },
  slots: (h) => (h.momentum > 0 ? ['momentum_buffer'] : []),
  update(h, p, g, state, t, lr) {
    const n = p.length;
    if (h.momentum === 0) {
      for (let i = 0; i < n; i++) p[i] -= lr * g[i];
      return;
    }
    const b = state[0];
    const mu = h.momentum;
    const keep = 1 - h.dampening;
    for (let i = 0; i < n; i++) {
      b[i] = t === 1 ? g[i] : mu * b[i] + keep * g[i];
      p[i] -= lr * (h.nesterov ? g[i] + mu * b[i] : b[i]);
    }
  },
};
