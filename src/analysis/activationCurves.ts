/**
 * Every activation of the engine sampled with its derivative, straight from
 * the forward and backward passes the layers run, and the check that the two
 * agree: the derivative the engine back-propagates against a central finite
 * difference of the forward it computes.
 */
import { activationNames, activations } from '../nn/activations.js';
import type { ActivationName } from '../nn/layer.js';

export interface ActivationCurve {
  readonly name: ActivationName;
  readonly alpha: number;
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** f'(x) as the backward pass computes it (dy = 1). */
  readonly dys: Float64Array;
}

export interface CurveRange {
  readonly lo?: number;
  readonly hi?: number;
  /**
   * Samples. The default 400 is even, so x = 0 (relu's kink, where the
   * derivative is a convention) and the other kinks at ±1 and ±3 fall
   * between samples.
   */
  readonly n?: number;
}

function forward(name: ActivationName, alpha: number, xs: Float64Array): Float64Array {
  const ys = new Float64Array(xs.length);
  activations[name].forward(ys, xs, xs.length, alpha);
  return ys;
}

export function activationCurve(name: ActivationName, range: CurveRange = {}): ActivationCurve {
  const lo = range.lo ?? -4;
  const hi = range.hi ?? 4;
  const n = range.n ?? 400;
  const alpha = activations[name].defaultAlpha;
  const xs = Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
  const ys = forward(name, alpha, xs);
  const dys = new Float64Array(n);
  activations[name].backward(dys, new Float64Array(n).fill(1), xs, ys, n, alpha);
  return { name, alpha, xs, ys, dys };
}

export function activationCurves(
  range: CurveRange = {},
  names: readonly ActivationName[] = activationNames,
): ActivationCurve[] {
  return names.map((name) => activationCurve(name, range));
}

/**
 * max over the samples of |f'(x) − (f(x + h) − f(x − h)) / 2h|, f evaluated by
 * the engine's forward in float64. With h = 1e-5 the difference itself is
 * exact to about 1e-10 wherever no kink lies within h of a sample.
 */
export function derivativeGap(curve: ActivationCurve, h = 1e-5): number {
  const plus = forward(
    curve.name,
    curve.alpha,
    curve.xs.map((x) => x + h),
  );
  const minus = forward(
    curve.name,
    curve.alpha,
    curve.xs.map((x) => x - h),
  );
  let gap = 0;
  for (let i = 0; i < curve.xs.length; i++)
    gap = Math.max(gap, Math.abs(curve.dys[i] - (plus[i] - minus[i]) / (2 * h)));
  return gap;
}
