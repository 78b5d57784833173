/**
 * Activation functions: forward and derivative side by side, over flat
 * buffers. The record is typed by name, so adding an activation without its
 * backward or its init gain is a compile error, and the CLI and playground
 * list their choices from the same record.
 */
import type { FloatArray } from '../tensor/matrix.js';
import { erfc, sigmoid, softplus } from '../tensor/special.js';
import { tanhF32 } from '../tensor/tanh32.js';
import type { ActivationName, ActivationSpec } from './layer.js';

export interface ActivationDef {
  readonly description: string;
  /** Default for the activation's alpha (leaky_relu slope, elu saturation); 0 when unused. */
  readonly defaultAlpha: number;
  /** y = f(x) elementwise over the first n entries. */
  forward(y: FloatArray, x: FloatArray, n: number, alpha: number): void;
  /** dx = dy · f'(x); y = f(x) is passed because several derivatives are cheapest from it. */
  backward(dx: FloatArray, dy: FloatArray, x: FloatArray, y: FloatArray, n: number, alpha: number): void;
  /**
   * Recommended init gain, as PyTorch's calculate_gain defines it; 1 where
   * PyTorch defines none, except hard_tanh, which takes tanh's 5/3 as tanh's
   * piecewise-linear stand-in.
   */
  gain(alpha: number): number;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const GELU_C = 0.044715;

export const activations: { readonly [K in ActivationName]: ActivationDef } = {
  identity: {
    description: 'f(x) = x (no nonlinearity: stacked layers collapse to one affine map)',
    defaultAlpha: 0,
    forward: (y, x, n) => {
      for (let i = 0; i < n; i++) y[i] = x[i];
    },
    backward: (dx, dy, _x, _y, n) => {
      for (let i = 0; i < n; i++) dx[i] = dy[i];
    },
    gain: () => 1,
  },
  relu: {
    description: 'f(x) = max(0, x)',
    defaultAlpha: 0,
    // Multiplying by the comparison's 0 or 1 keeps both passes free of branches, which on
    // random signs mispredict half the time (about 3× slower); `+ 0` turns −0 into 0, the
    // clamp keeps −∞·0 from making NaN, and NaN still propagates as Math.max(x, 0) would.
    forward: (y, x, n) => {
      for (let i = 0; i < n; i++) {
        const v = Math.max(x[i], -Number.MAX_VALUE);
        y[i] = v * +(v > 0) + 0;
      }
    },
    backward: (dx, dy, x, _y, n) => {
      for (let i = 0; i < n; i++) dx[i] = dy[i] * +(x[i] > 0) + 0;
    },
    gain: () => Math.SQRT2,
  },
  leaky_relu: {
    description: 'f(x) = x for x > 0, alpha·x otherwise (alpha defaults to 0.01)',
    defaultAlpha: 0.01,
    forward: (y, x, n, a) => {
      for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : a * x[i];
    },
    backward: (dx, dy, x, _y, n, a) => {
      for (let i = 0; i < n; i++) dx[i] = x[i] > 0 ? dy[i] : a * dy[i];
    },
    gain: (a) => Math.sqrt(2 / (1 + a * a)),
  },
  elu: {
    description: 'f(x) = x for x > 0, alpha·(eˣ − 1) otherwise (alpha defaults to 1)',
    defaultAlpha: 1,
    forward: (y, x, n, a) => {
      for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : a * Math.expm1(x[i]);
    },
    backward: (dx, dy, x, y, n, a) => {
      for (let i = 0; i < n; i++) dx[i] = x[i] > 0 ? dy[i] : dy[i] * (y[i] + a);
    },
    gain: () => 1,
  },
  gelu: {
    description: 'f(x) = x·Φ(x), Φ the standard normal CDF (exact erf form)',
    defaultAlpha: 0,
    forward: (y, x, n) => {
      // Φ(x) = erfc(−x/√2)/2 rather than (1 + erf(x/√2))/2, which cancels for x ≪ 0.
      for (let i = 0; i < n; i++) y[i] = 0.5 * x[i] * erfc(-x[i] * INV_SQRT_2);
    },
    backward: (dx, dy, x, _y, n) => {
      for (let i = 0; i < n; i++) {
        const v = x[i];
        const cdf = 0.5 * erfc(-v * INV_SQRT_2);
        dx[i] = dy[i] * (cdf + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v));
      }
    },
    gain: () => 1,
  },
  gelu_tanh: {
    description: 'f(x) = ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (the tanh approximation of GELU)',
    defaultAlpha: 0,
    forward: (y, x, n) => {
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + GELU_C * v * v * v)));
      }
    },
    backward: (dx, dy, x, _y, n) => {
      for (let i = 0; i < n; i++) {
        const v = x[i];
        const t = Math.tanh(SQRT_2_OVER_PI * (v + GELU_C * v * v * v));
        const du = SQRT_2_OVER_PI * (1 + 3 * GELU_C * v * v);
        dx[i] = dy[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * du);
      }
    },
    gain: () => 1,
  },
  silu: {
    description: 'f(x) = x·σ(x) (also called swish)',
    defaultAlpha: 0,
    forward: (y, x, n) => {
      for (let i = 0; i < n; i++) y[i] = x[i] * sigmoid(x[i]);
    },
    backward: (dx, dy, x, _y, n) => {
      for (let i = 0; i < n; i++) {
        const s = sigmoid(x[i]);
        dx[i] = dy[i] * (s + x[i] * s * (1 - s));
      }
    },
    gain: () => 1,
  },
  softplus: {
    description: 'f(x) = log(1 + eˣ), a smooth ReLU',
    defaultAlpha: 0,
    forward: (y, x, n) => {
      for (let i = 0; i < n; i++) y[i] = softplus(x[i]);
    },
    backward: (dx, dy, x, _y, n) => {
      for (let i = 0; i < n; i++) dx[i] = dy[i] * sigmoid(x[i]);
    },
    gain: () => 1,
  },
  sigmoid: {
    description: 'f(x) = 1 / (1 + e⁻ˣ)',
    defaultAlpha: 0,
    forward: (y, x, n) => {
      for (let i = 0; i < n; i++) y[i] = sigmoid(x[i]);
    },
    backward: (dx, dy, _x, y, n) => {
      for (let i = 0; i < n; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
    },
    gain: () => 1,
  },
  tanh: {
    description: 'f(x) = tanh(x)',
    defaultAlpha: 0,
    forward: (y, x, n) => {
      // Float32 outputs take a rational within one float32 ulp, 3× faster than Math.tanh.
      if (y instanceof Float32Array) tanhF32(y, x, n);
      else for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]);
    },
    backward: (dx, dy, _x, y, n) => {
      for (let i = 0; i < n; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
    },
    gain: () => 5 / 3,
  },
  hard_sigmoid: {
    description: 'f(x) = clamp(x/6 + 1/2, 0, 1) (PyTorch Hardsigmoid)',
    defaultAlpha: 0,
    forward: (y, x, n) => {
      for (let i = 0; i < n; i++) y[i] = x[i] <= -3 ? 0 : x[i] >= 3 ? 1 : x[i] / 6 + 0.5;
    },
    backward: (dx, dy, x, _y, n) => {
      for (let i = 0; i < n; i++) dx[i] = x[i] > -3 && x[i] < 3 ? dy[i] / 6 : 0;
    },
    gain: () => 1,
  },
  hard_tanh: {
    description: 'f(x) = clamp(x, −1, 1)',
    defaultAlpha: 0,
    forward: (y, x, n) => {
      for (let i = 0; i < n; i++) y[i] = x[i] < -1 ? -1 : Math.min(x[i], 1);
    },
    backward: (dx, dy, x, _y, n) => {
      for (let i = 0; i < n; i++) dx[i] = x[i] > -1 && x[i] < 1 ? dy[i] : 0;
    },
    gain: () => 5 / 3,
  },
  sin: {
    description: 'f(x) = sin(x) (periodic; SIREN-style networks)',
    defaultAlpha: 0,
    forward: (y, x, n) => {
      for (let i = 0; i < n; i++) y[i] = Math.sin(x[i]);
    },
    backward: (dx, dy, x, _y, n) => {
      for (let i = 0; i < n; i++) dx[i] = dy[i] * Math.cos(x[i]);
    },
    gain: () => 1,
  },
};

export const activationNames = Object.keys(activations) as ActivationName[];

export function isActivationName(name: string): name is ActivationName {
  return Object.hasOwn(activations, name);
}

/** Normalises a spec to {name, alpha}, rejecting unknown names with the list of valid ones. */
export function resolveActivation(spec: ActivationSpec): { name: ActivationName; alpha: number } {
  const name = typeof spec === 'string' ? spec : spec.name;
  if (!isActivationName(name)) {
    throw new Error(`unknown activation '${name}': choose one of ${activationNames.join(', ')}`);
  }
  const alpha =
    typeof spec === 'string' || spec.alpha === undefined ? activations[name].defaultAlpha : spec.alpha;
  if (!Number.isFinite(alpha))
    throw new Error(`activation ${name}: alpha must be a finite number, got ${alpha}`);
  return { name, alpha };
}

/** The init gain for an activation (PyTorch calculate_gain). */
export function activationGain(spec: ActivationSpec): number {
  const { name, alpha } = resolveActivation(spec);
  return activations[name].gain(alpha);
}
