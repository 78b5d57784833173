/**
 * Weight initialisers, with the formulas PyTorch's torch.nn.init documents.
 * For a weight [nOut×nIn]: fan_in = nIn, fan_out = nOut.
 *   xavier_uniform  U(−a, a), a = gain·√(6/(fan_in+fan_out))
 *   xavier_normal   N(0, σ²), σ = gain·√(2/(fan_in+fan_out))
 *   he_uniform      U(−a, a), a = gain·√(3/fan)      (fan = fan_in or fan_out)
 *   he_normal       N(0, σ²), σ = gain/√fan
 *   lecun_normal    N(0, σ²), σ = 1/√fan_in
 *   orthogonal      a uniformly random (Haar) orthogonal matrix times gain
 */
import type { Matrix } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';

export type InitName =
  | 'zeros'
  | 'constant'
  | 'uniform'
  | 'normal'
  | 'xavier_uniform'
  | 'xavier_normal'
  | 'he_uniform'
  | 'he_normal'
  | 'lecun_normal'
  | 'orthogonal';

export interface InitOptions {
  /** Multiplies the scale (xavier, he, orthogonal). Defaults: he uses the activation's gain, the others 1. */
  gain?: number;
  /** Which fan He scales by. Default fan_in. */
  mode?: 'fan_in' | 'fan_out';
  /** constant: the value. */
  value?: number;
  /** uniform: the bounds (default −0.05, 0.05). */
  low?: number;
  high?: number;
  /** normal: mean and standard deviation (default 0, 0.05). */
  mean?: number;
  std?: number;
}

export type InitSpec =
  | InitName
  | 'he'
  | 'kaiming'
  | 'xavier'
  | 'glorot'
  | 'lecun'
  | ({ name: InitName } & InitOptions);

interface InitDef {
  readonly description: string;
  apply(W: Matrix, rng: Rng, o: InitOptions): void;
}

export const initializers: { readonly [K in InitName]: InitDef } = {
  zeros: { description: 'all zeros', apply: (W) => W.data.fill(0) },
  constant: { description: 'every entry equal to value', apply: (W, _r, o) => W.data.fill(o.value ?? 0) },
  uniform: {
    description: 'U(low, high)',
    apply: (W, rng, o) => rng.fillUniform(W.data, o.low ?? -0.05, o.high ?? 0.05),
  },
  normal: {
    description: 'N(mean, std²)',
    apply: (W, rng, o) => rng.fillNormal(W.data, o.mean ?? 0, o.std ?? 0.05),
  },
  xavier_uniform: {
    description: 'Glorot uniform: U(±gain·√(6/(fan_in+fan_out)))',
    apply: (W, rng, o) => {
      const a = (o.gain ?? 1) * Math.sqrt(6 / (W.cols + W.rows));
      rng.fillUniform(W.data, -a, a);
    },
  },
  xavier_normal: {
    description: 'Glorot normal: N(0, gain²·2/(fan_in+fan_out))',
    apply: (W, rng, o) => rng.fillNormal(W.data, 0, (o.gain ?? 1) * Math.sqrt(2 / (W.cols + W.rows))),
  },
  he_uniform: {
    description: 'Kaiming uniform: U(±gain·√(3/fan))',
    apply: (W, rng, o) => {
      const a = (o.gain ?? Math.SQRT2) * Math.sqrt(3 / fan(W, o.mode));
      rng.fillUniform(W.data, -a, a);
    },
  },
  he_normal: {
    description: 'Kaiming normal: N(0, gain²/fan)',
    apply: (W, rng, o) => rng.fillNormal(W.data, 0, (o.gain ?? Math.SQRT2) / Math.sqrt(fan(W, o.mode))),
  },
  lecun_normal: {
    description: 'LeCun normal: N(0, 1/fan_in)',
    apply: (W, rng) => rng.fillNormal(W.data, 0, 1 / Math.sqrt(W.cols)),
  },
  orthogonal: {
    description: 'random orthogonal rows (or columns, when taller than wide) times gain',
    apply: (W, rng, o) => orthogonal(W, rng, o.gain ?? 1),
  },
};

const aliases: Record<string, InitName> = {
  he: 'he_normal',
  kaiming: 'he_normal',
  xavier: 'xavier_uniform',
  glorot: 'xavier_uniform',
  lecun: 'lecun_normal',
};

export const initNames = [...Object.keys(initializers), ...Object.keys(aliases)];

export function resolveInit(spec: InitSpec): { name: InitName; options: InitOptions } {
  const raw = typeof spec === 'string' ? spec : spec.name;
  const name = aliases[raw] ?? raw;
  if (!Object.hasOwn(initializers, name)) {
    throw new Error(`unknown initialiser '${raw}': choose one of ${initNames.join(', ')}`);
  }
  return { name: name as InitName, options: typeof spec === 'string' ? {} : spec };
}

/** Fills W in place. defaultGain is used where the spec gives none (the mlp builder passes the activation's gain for He). */
export function initialize(W: Matrix, spec: InitSpec, rng: Rng, defaultGain?: number): void {
  const { name, options } = resolveInit(spec);
  const gain = options.gain ?? (name === 'he_uniform' || name === 'he_normal' ? defaultGain : undefined);
  initializers[name].apply(W, rng, { ...options, gain });
}

function fan(W: Matrix, mode: InitOptions['mode']): number {
  return mode === 'fan_out' ? W.rows : W.cols;
}

/**
 * Gram–Schmidt on Gaussian vectors, which gives the same Haar distribution as
 * PyTorch's QR with sign correction. The shorter side gets orthonormal
 * vectors: rows when rows ≤ cols, else columns.
 */
function orthogonal(W: Matrix, rng: Rng, gain: number): void {
  const { rows, cols } = W;
  const wide = rows <= cols;
  const count = wide ? rows : cols;
  const len = wide ? cols : rows;
  const q = new Float64Array(count * len);
  for (let k = 0; k < count; k++) {
    for (;;) {
      const v = q.subarray(k * len, (k + 1) * len);
      for (let t = 0; t < len; t++) v[t] = rng.normal();
      // Two passes of projection keep orthogonality to float64 round-off.
      for (let pass = 0; pass < 2; pass++) {
        for (let p = 0; p < k; p++) {
          const u = q.subarray(p * len, (p + 1) * len);
          let d = 0;
          for (let t = 0; t < len; t++) d += u[t] * v[t];
          for (let t = 0; t < len; t++) v[t] -= d * u[t];
        }
      }
      let norm = 0;
      for (let t = 0; t < len; t++) norm += v[t] * v[t];
      norm = Math.sqrt(norm);
      if (norm > 1e-8) {
        for (let t = 0; t < len; t++) v[t] /= norm;
        break;
      }
    }
  }
  for (let k = 0; k < count; k++) {
    for (let t = 0; t < len; t++) {
      const value = gain * q[k * len + t];
      if (wide) W.data[k * cols + t] = value;
      else W.data[t * cols + k] = value;
    }
  }
}
