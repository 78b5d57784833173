/**
 * Gradient clipping, the first piece of the optax chain. Both rewrite the
 * gradients in place, as torch.nn.utils.clip_grad_norm_/clip_grad_value_ do.
 */
import type { Param } from '../nn/layer.js';

/** √(Σ g²) over every gradient, accumulated in float64. */
export function globalGradNorm(params: readonly Param[]): number {
  let s = 0;
  for (const p of params) {
    const g = p.grad.data;
    for (let i = 0; i < g.length; i++) s += g[i] * g[i];
  }
  return Math.sqrt(s);
}

/**
 * Scales all gradients by maxNorm/(‖g‖ + 1e-6) when that is below 1 (torch's
 * rule: the 1e-6 keeps a zero gradient finite). Returns the norm before clipping.
 */
export function clipByGlobalNorm(params: readonly Param[], maxNorm: number): number {
  const norm = globalGradNorm(params);
  const coef = maxNorm / (norm + 1e-6);
  if (coef < 1) {
    for (const p of params) {
      const g = p.grad.data;
      for (let i = 0; i < g.length; i++) g[i] *= coef;
    }
  }
  return norm;
}

/** Clamps every gradient component to [−clipValue, clipValue]. */
export function clipByValue(params: readonly Param[], clipValue: number): void {
  for (const p of params) {
    const g = p.grad.data;
    for (let i = 0; i < g.length; i++) {
      if (g[i] > clipValue) g[i] = clipValue;
      else if (g[i] < -clipValue) g[i] = -clipValue;
    }
  }
}
