/**
 * Gradient checking against central finite differences, for layers, models
 * and (later) losses. Everything here is float64 arithmetic on whatever typed
 * arrays the engine uses; gradient checks should run models in float64.
 *
 * The scalar being differentiated is L = Σ r ⊙ y with a random fixed r, so
 * every output entry matters and dL/dy = r is what backward receives.
 *
 * Error measure, per entry of each gradient tensor:
 *   relErr(a, n) = |a − n| / max(floor, |a| + |n|)
 *   floor        = max(absFloor, relFloor · max(‖a‖∞, ‖n‖∞))
 * Central differences carry an absolute error of about ε·Σ|r⊙y|/h (round-off,
 * ~1e-10 at h = 1e-5) plus h²·|f'''|/6 (truncation). Without a floor, an entry
 * whose true value is ~0 (a bias before BatchNorm has exactly zero gradient;
 * other entries cancel by chance) would be judged by that noise divided by its
 * own tiny size. So the floor is relative: relFloor of the tensor's largest
 * entry, and, in the layer/model checks, absFloor = LOSS_FLOOR·max(1, Σ|r⊙y|).
 * Entries above the floor are judged by plain relative error; entries below it
 * must agree to tol·floor in absolute terms (≈1e-9 for O(1) losses).
 */
import assert from 'node:assert/strict';
import type { ForwardContext, Layer } from '../../src/nn/layer.js';
import type { Sequential } from '../../src/nn/sequential.js';
import type { FloatArray, Matrix } from '../../src/tensor/matrix.js';
import { zeros } from '../../src/tensor/matrix.js';
import type { Rng } from '../../src/tensor/rng.js';

/** Default central-difference step: near the optimum (3ε)^{1/3} ≈ 1e-5 for O(1) inputs and curvature. */
export const FD_STEP = 1e-5;
/** Default tolerance on relErr. */
export const GRAD_TOL = 1e-6;
/** Default floors of the relErr denominator (see the file comment). */
export const ABS_FLOOR = 1e-8;
export const REL_FLOOR = 1e-3;
/** Default absFloor of layer and model checks, per unit of Σ|r ⊙ y|. */
export const LOSS_FLOOR = 1e-3;

export interface CompareOptions {
  absFloor?: number;
  relFloor?: number;
}

export interface GradCheckOptions extends CompareOptions {
  /** Central-difference step. Default FD_STEP. */
  h?: number;
  /**
   * Richardson-extrapolate two central differences, (4·D(h/2) − D(h))/3, which
   * cancels the h² term: for functions with large third derivatives (BatchNorm
   * over a batch with a small spread). Costs twice the forwards.
   */
  richardson?: boolean;
}

/** |a − n| / max(floor, |a| + |n|). */
export function relErr(a: number, n: number, floor = ABS_FLOOR): number {
  if (a === n) return 0;
  return Math.abs(a - n) / Math.max(floor, Math.abs(a) + Math.abs(n));
}

/**
 * |a − b| / max(1, |a|, |b|): relative error for values above 1, absolute
 * below. For O(1)-scaled functions near a zero crossing (elu(1e-6), a
 * derivative of 3e-6) cancellation and finite differences leave an absolute,
 * not a relative, error, so plain relErr would judge round-off noise.
 */
export function scaledErr(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
}

/** The entry with the largest relErr between two gradients, and the floor used. */
export interface GradReport {
  readonly name: string;
  readonly size: number;
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
  readonly relErr: number;
  readonly floor: number;
}

/** Compares two gradients entry by entry (see the file comment for the floor). */
export function compareGradients(
  name: string,
  analytic: ArrayLike<number>,
  numeric: ArrayLike<number>,
  options: CompareOptions = {},
): GradReport {
  assert.equal(
    analytic.length,
    numeric.length,
    `${name}: analytic has ${analytic.length} entries, numeric ${numeric.length}`,
  );
  let scale = 0;
  for (let i = 0; i < analytic.length; i++) {
    scale = Math.max(scale, Math.abs(analytic[i]), Math.abs(numeric[i]));
  }
  const floor = Math.max(options.absFloor ?? ABS_FLOOR, (options.relFloor ?? REL_FLOOR) * scale);
  let worst: GradReport = {
    name,
    size: analytic.length,
    index: -1,
    analytic: 0,
    numeric: 0,
    relErr: 0,
    floor,
  };
  for (let i = 0; i < analytic.length; i++) {
    const e = relErr(analytic[i], numeric[i], floor);
    // `!(e <= worst)` also catches NaN.
    if (!(e <= worst.relErr))
      worst = { ...worst, index: i, analytic: analytic[i], numeric: numeric[i], relErr: e };
  }
  return worst;
}

/**
 * dL/dx[i] by central difference, perturbing x in place and restoring it
 * exactly. The step actually taken is (x+h) − (x−h) as stored, so rounding of
 * x ± h (or float32 storage) does not bias the quotient.
 */
export function centralDifference(f: () => number, x: FloatArray, i: number, h = FD_STEP): number {
  const x0 = x[i];
  x[i] = x0 + h;
  const xp = x[i];
  const fp = f();
  x[i] = x0 - h;
  const xm = x[i];
  const fm = f();
  x[i] = x0;
  return (fp - fm) / (xp - xm);
}

/** The whole numeric gradient of f with respect to every entry of x. */
export function numericGradient(
  f: () => number,
  x: FloatArray,
  h = FD_STEP,
  richardson = false,
): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const d = centralDifference(f, x, i, h);
    g[i] = richardson ? (4 * centralDifference(f, x, i, h / 2) - d) / 3 : d;
  }
  return g;
}

/** Numeric gradient of f w.r.t. x compared with the given analytic one. */
export function checkGradient(
  name: string,
  f: () => number,
  x: FloatArray,
  analytic: ArrayLike<number>,
  options: GradCheckOptions = {},
): GradReport {
  return compareGradients(name, analytic, numericGradient(f, x, options.h, options.richardson), options);
}

/** Σ r ⊙ y over the first y.rows·y.cols entries. */
export function weightedSum(y: Matrix, r: Matrix | ArrayLike<number>): number {
  const rd = 'data' in r ? r.data : r;
  const n = y.rows * y.cols;
  assert.equal(rd.length, n, `weights have ${rd.length} entries, output ${n}`);
  let s = 0;
  for (let i = 0; i < n; i++) s += rd[i] * y.data[i];
  return s;
}

/** A trainable tensor for gradient checking: value is perturbed, grad holds the analytic gradient after backward. */
export interface CheckedParam {
  readonly name: string;
  readonly value: Matrix;
  readonly grad: Matrix;
}

export interface FunctionCheck extends GradCheckOptions {
  /** Runs a forward pass on `input` (the same matrix object every time) and returns the output. */
  forward: () => Matrix;
  /** Back-propagates dL/dy; returns dL/dinput. Called once, right after a forward. */
  backward: (dy: Matrix) => Matrix | null;
  input: Matrix;
  params: readonly CheckedParam[];
  /** The fixed weights r of L = Σ r ⊙ y; random U(−1, 1) from rng when absent. */
  r?: Matrix;
  rng?: Rng;
}

/**
 * Checks the input gradient and every parameter gradient of a differentiable
 * function of `input` and `params`. Returns one report per tensor, the input first
 * (named 'input'); assert with assertGradients.
 */
export function gradCheckFunction(check: FunctionCheck): GradReport[] {
  const y0 = check.forward();
  let r = check.r;
  if (!r) {
    if (!check.rng) throw new Error('gradCheckFunction: pass r or an rng to draw it from');
    r = zeros(y0.rows, y0.cols, 'float64');
    check.rng.fillUniform(r.data, -1, 1);
  }
  const dyType = y0.data instanceof Float64Array ? 'float64' : 'float32';
  const dy = zeros(r.rows, r.cols, dyType);
  dy.data.set(r.data);
  const dx = check.backward(dy);
  assert.ok(dx, 'backward returned no input gradient');
  const analyticInput = Float64Array.from(dx.data);
  const analyticParams = check.params.map((p) => Float64Array.from(p.grad.data));
  const rr = r;
  let magnitude = 0;
  for (let i = 0; i < y0.rows * y0.cols; i++) magnitude += Math.abs(rr.data[i] * y0.data[i]);
  const options = { ...check, absFloor: check.absFloor ?? LOSS_FLOOR * Math.max(1, magnitude) };
  const loss = () => weightedSum(check.forward(), rr);
  const reports = [checkGradient('input', loss, check.input.data, analyticInput, options)];
  check.params.forEach((p, k) => {
    reports.push(checkGradient(p.name, loss, p.value.data, analyticParams[k], options));
  });
  return reports;
}

export interface LayerCheck extends GradCheckOptions {
  /** The forward context of every pass; make it return a fresh Rng with the same seed to freeze dropout masks. */
  ctx?: () => ForwardContext;
  r?: Matrix;
  rng?: Rng;
}

/** gradCheckFunction for one layer: its input and its own params (children's params too, by path 'k.name'). */
export function gradCheckLayer(layer: Layer, x: Matrix, options: LayerCheck = {}): GradReport[] {
  return gradCheckNet(layer, x, options, collectParams(layer, ''));
}

/** gradCheckFunction for a model: input gradient and every named parameter. */
export function gradCheckModel(model: Sequential, x: Matrix, options: LayerCheck = {}): GradReport[] {
  const params = model
    .namedParams()
    .map(({ path, param }) => ({ name: path, value: param.value, grad: param.grad }));
  return gradCheckNet(model, x, options, params);
}

/** A layer and a model differ only in how their params are named; the passes are the same. */
function gradCheckNet(
  net: Pick<Layer, 'forward' | 'backward'>,
  x: Matrix,
  options: LayerCheck,
  params: readonly CheckedParam[],
): GradReport[] {
  const ctx = options.ctx ?? (() => ({ training: false }));
  return gradCheckFunction({
    ...options,
    forward: () => net.forward(x, ctx()),
    backward: (dy) => net.backward(dy, true),
    input: x,
    params,
  });
}

function collectParams(layer: Layer, prefix: string): CheckedParam[] {
  const own = layer.params.map((p) => ({ name: prefix + p.name, value: p.value, grad: p.grad }));
  const nested = (layer.children ?? []).flatMap((c, i) => collectParams(c, `${prefix}${i}.`));
  return [...own, ...nested];
}

/** Fails with the worst entry of every report above tol. */
export function assertGradients(reports: readonly GradReport[], tol = GRAD_TOL, context = ''): void {
  const bad = reports.filter((r) => !(r.relErr < tol));
  if (bad.length === 0) return;
  const lines = bad.map(
    (r) =>
      `  ${r.name}[${r.index}] of ${r.size}: analytic ${r.analytic}, numeric ${r.numeric}, relErr ${r.relErr.toExponential(2)} (floor ${r.floor.toExponential(1)})`,
  );
  assert.fail(`gradient check failed${context ? ` (${context})` : ''}, tol ${tol}:\n${lines.join('\n')}`);
}

/** The largest relErr over a set of reports (for calibration and messages). */
export function worstOf(reports: readonly GradReport[]): number {
  return reports.reduce((m, r) => Math.max(m, r.relErr), 0);
}

/**
 * Points where an activation is not smooth (f or f' or f'' jumps), so samples
 * for finite differences can keep away from them.
 */
export const activationKinks: Readonly<Record<string, readonly number[]>> = {
  relu: [0],
  leaky_relu: [0],
  elu: [0],
  hard_sigmoid: [-3, 3],
  hard_tanh: [-1, 1],
};

/** Smallest distance from any entry of x to a kink of the named activation (Infinity when smooth). */
export function distanceToKinks(name: string, x: ArrayLike<number>): number {
  const kinks = activationKinks[name] ?? [];
  let d = Number.POSITIVE_INFINITY;
  for (let i = 0; i < x.length; i++) for (const k of kinks) d = Math.min(d, Math.abs(x[i] - k));
  return d;
}
