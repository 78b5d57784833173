/**
 * Adam and AdamW as torch.optim documents and implements them:
 *   m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²,   v_max ← max(v_max, v) (amsgrad)
 *   p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * eps sits outside the square root and after the bias correction of v.
 * Adam's weight decay is an L2 term already in g; AdamW's is decoupled and
 * applied first: p ← p·(1 − lr·wd).
 */

import { type AdamKernel, adamArena, wasmAdam } from '../../kernels/wasm/wasmAdam.js';
import type { FloatArray } from '../../tensor/matrix.js';
import type { AdamOptions } from '../options.js';
import { checkNonNegative, checkUnitInterval, type UpdateRule } from '../rule.js';

function validate(rule: string, h: Required<AdamOptions>): void {
  checkUnitInterval(rule, 'beta1', h.beta1);
  checkUnitInterval(rule, 'beta2', h.beta2);
  checkNonNegative(rule, 'eps', h.eps);
  checkNonNegative(rule, 'weightDecay', h.weightDecay);
}

function adamStep(
  h: Required<AdamOptions>,
  p: FloatArray,
  g: FloatArray,
  state: readonly FloatArray[],
  t: number,
  lr: number,
): void {
  // Indexed, not destructured: destructuring runs the iterator protocol until V8 optimises it away.
  const m = state[0];
  const v = state[1];
  const vmax = state[2];
  const stepSize = lr / (1 - h.beta1 ** t);
  const bc2Sqrt = Math.sqrt(1 - h.beta2 ** t);
  if (vmax || !(p instanceof Float32Array && g instanceof Float32Array)) {
    adamGeneric(h, p, g, m, v, vmax, stepSize, bc2Sqrt);
  } else {
    const kernel = stateKernel(state) ?? wasmAdam() ?? adamF32;
    kernel(p, g, m as Float32Array, v as Float32Array, h.beta1, h.beta2, h.eps, stepSize, 1 / bc2Sqrt);
  }
}

/** A parameter's moments in an AdamArena, carrying the arena's step that reads them in place. */
type ArenaState = FloatArray[] & { readonly kernel: AdamKernel };

/** The kernel a parameter's state carries, when its moments live in an AdamArena. */
export function stateKernel(state: readonly FloatArray[]): AdamKernel | undefined {
  return (state as Partial<ArenaState>).kernel;
}

/** Float32 moments without amsgrad go into an AdamArena, where the wasm step reads them in place. */
function allocState(h: Required<AdamOptions>, params: readonly FloatArray[]): FloatArray[][] | null {
  if (h.amsgrad || params.length === 0 || !params.every((p) => p instanceof Float32Array)) return null;
  const arena = adamArena(params.map((p) => p.length));
  return arena
    ? arena.moments.map(([m, v]): ArenaState => Object.assign([m, v], { kernel: arena.step }))
    : null;
}

/**
 * The float32 path without amsgrad where WebAssembly SIMD is missing: one pass,
 * no branch. Math.fround gives the moment the array keeps without loading it
 * back, and multiplying by 1/√(1 − β₂ᵗ) saves one of the three divisions.
 */
export const adamF32: AdamKernel = (p, g, m, v, beta1, beta2, eps, stepSize, invBc2Sqrt) => {
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const mi = Math.fround(beta1 * m[i] + c1 * gi);
    const vi = Math.fround(beta2 * v[i] + c2 * gi * gi);
    m[i] = mi;
    v[i] = vi;
    p[i] -= (stepSize * mi) / (Math.sqrt(vi) * invBc2Sqrt + eps);
  }
};

function adamGeneric(
  h: Required<AdamOptions>,
  p: FloatArray,
  g: FloatArray,
  m: FloatArray,
  v: FloatArray,
  vmax: FloatArray | undefined,
  stepSize: number,
  bc2Sqrt: number,
): void {
  const { beta1, beta2, eps } = h;
  // Moments are read back after the store so float32 models step with the values they keep, as torch does.
  for (let i = 0; i < p.length; i++) {
    const gi = g[i];
    m[i] = beta1 * m[i] + (1 - beta1) * gi;
    v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
    let vi = v[i];
    if (vmax) {
      if (vmax[i] > vi) vi = vmax[i];
      else vmax[i] = vi;
    }
    p[i] -= (stepSize * m[i]) / (Math.sqrt(vi) / bc2Sqrt + eps);
  }
}

const slots = (h: Required<AdamOptions>) =>
  h.amsgrad ? ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq'] : ['exp_avg', 'exp_avg_sq'];

export const adam: UpdateRule<AdamOptions> = {
  description: 'Adam: bias-corrected first and second moments; weight decay as L2 in the gradient',
  defaults: { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: false },
  decoupledDecay: false,
  validate: (h) => validate('adam', h),
  slots,
  allocState,
  update: (h, p, g, state, t, lr) => adamStep(h, p, g, state, t, lr),
};

export const adamw: UpdateRule<AdamOptions> = {
  description: 'AdamW: Adam with decoupled weight decay p ← p·(1 − lr·wd)',
  defaults: { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-2, amsgrad: false },
  decoupledDecay: true,
  validate: (h) => validate('adamw', h),
  slots,
  allocState,
  update(h, p, g, state, t, lr, decay) {
    if (decay && h.weightDecay !== 0) {
      const k = 1 - lr * h.weightDecay;
      for (let i = 0; i < p.length; i++) p[i] *= k;
    }
    adamStep(h, p, g, state, t, lr);
  },
};
