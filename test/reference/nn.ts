/**
 * The engine's layers re-derived on the reference autodiff (value.ts): a
 * model is read from its public description only — the layer specs of
 * model.spec(), the parameter values of getParams() and the buffers of
 * getBuffers(), by path — and evaluated with scalar Values, so the gradients
 * come from the chain rule and not from any hand-written backward.
 *
 * The math follows the documented definitions (PyTorch's, where the engine
 * says so), written from scratch: no engine kernel is called. The only engine
 * object used is Rng, to replay dropout's random draws in the same order.
 */
import type { ActivationName, ActivationSpec, LayerSpec } from '../../src/nn/layer.js';
import type { ModelSpec } from '../../src/nn/sequential.js';
import { Rng } from '../../src/tensor/rng.js';
import { type Scalar, Value } from './value.js';

type Row = Value[];
type Batch = Row[];

export interface ReferenceOptions {
  /** Training mode: dropout drops, BatchNorm uses batch statistics, spectral norm iterates. */
  readonly training: boolean;
  /** Seed of the Rng the engine's forward received, to replay dropout masks. */
  readonly rngSeed?: number;
}

export interface ReferenceResult {
  readonly output: number[][];
  /** dL/dx for L = Σ r ⊙ y. */
  readonly inputGrad: number[][];
  /** dL/dθ by parameter path. */
  readonly paramGrads: Record<string, number[]>;
  /** The buffers as a forward in this mode leaves them (running stats, spectral-norm u and v). */
  readonly buffers: Record<string, number[]>;
}

/** Default alphas as documented: leaky_relu slope 0.01, elu saturation 1. */
const defaultAlpha: Partial<Record<ActivationName, number>> = { leaky_relu: 0.01, elu: 1 };

/** An activation written with the primitives of Value only. */
export function referenceActivation(spec: ActivationSpec, x: Value): Value {
  const name = typeof spec === 'string' ? spec : spec.name;
  const alpha = (typeof spec === 'string' ? undefined : spec.alpha) ?? defaultAlpha[name] ?? 0;
  const sigmoid = (v: Value) => v.neg().exp().add(1).pow(-1);
  switch (name) {
    case 'identity':
      return x;
    case 'relu':
      return x.relu();
    case 'leaky_relu': // relu(x) − α·relu(−x)
      return x.relu().sub(x.neg().relu().mul(alpha));
    case 'elu': // relu(x) + α·(exp(−relu(−x)) − 1)
      return x.relu().add(x.neg().relu().neg().exp().sub(1).mul(alpha));
    case 'gelu': // x·Φ(x) = ½x(1 + erf(x/√2))
      return x.mul(0.5).mul(x.div(Math.SQRT2).erf().add(1));
    case 'gelu_tanh':
      return x.mul(0.5).mul(
        x
          .add(x.pow(3).mul(0.044715))
          .mul(Math.sqrt(2 / Math.PI))
          .tanh()
          .add(1),
      );
    case 'silu':
      return x.mul(sigmoid(x));
    case 'softplus':
      return x.exp().add(1).log();
    case 'sigmoid':
      return sigmoid(x);
    case 'tanh':
      return x.tanh();
    case 'hard_sigmoid': // clamp(x/6 + ½, 0, 1) = relu(x/6 + ½) − relu(x/6 − ½)
      return x.div(6).add(0.5).relu().sub(x.div(6).sub(0.5).relu());
    case 'hard_tanh': // clamp(x, −1, 1) = relu(x + 1) − relu(x − 1) − 1
      return x.add(1).relu().sub(x.sub(1).relu()).sub(1);
    case 'sin':
      return x.sin();
    default:
      throw new Error(`reference: no activation '${name}'`);
  }
}

interface Context {
  readonly params: Map<string, Value[]>;
  readonly buffers: Record<string, number[]>;
  readonly training: boolean;
  readonly rng: Rng | null;
}

function paramOf(ctx: Context, path: string): Value[] {
  const p = ctx.params.get(path);
  if (!p) throw new Error(`reference: the model has no parameter '${path}'`);
  return p;
}

function bufferOf(ctx: Context, path: string): number[] {
  const b = ctx.buffers[path];
  if (!b) throw new Error(`reference: the model has no buffer '${path}'`);
  return b;
}

function normalized(a: number[]): number[] {
  const n = Math.sqrt(a.reduce((s, v) => s + v * v, 0));
  return a.map((v) => v / n);
}

function linear(spec: Extract<LayerSpec, { kind: 'linear' }>, path: string, x: Batch, ctx: Context): Batch {
  const { nIn, nOut } = spec;
  let W = paramOf(ctx, `${path}.weight`);
  const b = spec.bias ? paramOf(ctx, `${path}.bias`) : null;
  if (spec.spectralNorm) {
    // W/σ with σ = uᵀWv; u and v are constants for the gradient. Training first
    // advances the power iteration v ← Wᵀu/‖·‖, u ← Wv/‖·‖.
    let u = bufferOf(ctx, `${path}.sn_u`);
    let v = bufferOf(ctx, `${path}.sn_v`);
    if (ctx.training) {
      for (let s = 0; s < spec.spectralNorm.iterations; s++) {
        v = normalized(
          Array.from({ length: nIn }, (_, j) => u.reduce((t, ui, i) => t + W[i * nIn + j].data * ui, 0)),
        );
        u = normalized(
          Array.from({ length: nOut }, (_, i) => v.reduce((t, vj, j) => t + W[i * nIn + j].data * vj, 0)),
        );
      }
      ctx.buffers[`${path}.sn_u`] = u;
      ctx.buffers[`${path}.sn_v`] = v;
    }
    const sigma = Value.sum(W.map((w, k) => w.mul(u[Math.floor(k / nIn)] * v[k % nIn])));
    W = W.map((w) => w.div(sigma));
  }
  return x.map((row) =>
    Array.from({ length: nOut }, (_, i) => {
      const s = Value.dot(W.slice(i * nIn, (i + 1) * nIn), row);
      return b ? s.add(b[i]) : s;
    }),
  );
}

function batchnorm(
  spec: Extract<LayerSpec, { kind: 'batchnorm' }>,
  path: string,
  x: Batch,
  ctx: Context,
): Batch {
  const B = x.length;
  const gamma = paramOf(ctx, `${path}.gamma`);
  const beta = paramOf(ctx, `${path}.beta`);
  const rm = bufferOf(ctx, `${path}.running_mean`);
  const rv = bufferOf(ctx, `${path}.running_var`);
  const out: Batch = x.map(() => []);
  for (let j = 0; j < spec.nIn; j++) {
    const col = x.map((row) => row[j]);
    let mean: Scalar;
    let variance: Scalar;
    if (ctx.training) {
      // Batch mean and biased variance; running stats move by momentum, the variance unbiased.
      const m = Value.sum(col).div(B);
      const v = Value.sum(col.map((c) => c.sub(m).pow(2))).div(B);
      rm[j] = (1 - spec.momentum) * rm[j] + spec.momentum * m.data;
      rv[j] = (1 - spec.momentum) * rv[j] + spec.momentum * v.data * (B / (B - 1));
      mean = m;
      variance = v;
    } else {
      mean = rm[j];
      variance = rv[j];
    }
    const invStd = Value.of(variance).add(spec.eps).pow(-0.5);
    col.forEach((c, i) => {
      out[i][j] = c.sub(mean).mul(invStd).mul(gamma[j]).add(beta[j]);
    });
  }
  return out;
}

function layernorm(
  spec: Extract<LayerSpec, { kind: 'layernorm' }>,
  path: string,
  x: Batch,
  ctx: Context,
): Batch {
  const C = spec.nIn;
  const gamma = paramOf(ctx, `${path}.gamma`);
  const beta = paramOf(ctx, `${path}.beta`);
  return x.map((row) => {
    const mean = Value.sum(row).div(C);
    const variance = Value.sum(row.map((v) => v.sub(mean).pow(2))).div(C);
    const invStd = variance.add(spec.eps).pow(-0.5);
    return row.map((v, j) => v.sub(mean).mul(invStd).mul(gamma[j]).add(beta[j]));
  });
}

function dropout(spec: Extract<LayerSpec, { kind: 'dropout' }>, x: Batch, ctx: Context): Batch {
  if (!ctx.training || spec.pDrop === 0) return x;
  const rng = ctx.rng;
  if (!rng) throw new Error('reference: dropout in training needs rngSeed');
  // Inverted dropout: drop with probability p (one uniform draw per entry, row-major), scale survivors by 1/(1 − p).
  return x.map((row) => row.map((v) => (rng.uniform() < spec.pDrop ? v.mul(0) : v.div(1 - spec.pDrop))));
}

/** Pass-through columns in input order, then each code column's table row; a code is read, never differentiated. */
function embedding(
  spec: Extract<LayerSpec, { kind: 'embedding' }>,
  path: string,
  x: Batch,
  ctx: Context,
): Batch {
  const tables = spec.columns.map((_, c) => paramOf(ctx, `${path}.table${c}`));
  const coded = new Set(spec.columns.map((c) => c.column));
  return x.map((row) => {
    const out = row.filter((_, j) => !coded.has(j));
    spec.columns.forEach(({ column, dim }, c) => {
      const code = row[column].data;
      for (let k = 0; k < dim; k++) out.push(tables[c][code * dim + k]);
    });
    return out;
  });
}

function layer(spec: LayerSpec, path: string, x: Batch, ctx: Context): Batch {
  switch (spec.kind) {
    case 'linear':
      return linear(spec, path, x, ctx);
    case 'activation':
      return x.map((row) => row.map((v) => referenceActivation(spec.activation, v)));
    case 'dropout':
      return dropout(spec, x, ctx);
    case 'batchnorm':
      return batchnorm(spec, path, x, ctx);
    case 'layernorm':
      return layernorm(spec, path, x, ctx);
    case 'embedding':
      return embedding(spec, path, x, ctx);
    case 'residual': {
      // x + body(norm(x)); children are numbered norm first (when present), then the body.
      const children = spec.norm ? [spec.norm, ...spec.body] : spec.body;
      let h = x;
      children.forEach((c, k) => {
        h = layer(c, `${path}.${k}`, h, ctx);
      });
      return x.map((row, i) => row.map((v, j) => v.add(h[i][j])));
    }
  }
}

/**
 * Runs the model described by spec, params and buffers on x in the reference
 * engine, back-propagates L = Σ r ⊙ y, and returns outputs, gradients and the
 * buffers as the forward leaves them.
 */
export function referencePass(
  spec: ModelSpec,
  params: Record<string, ArrayLike<number>>,
  buffers: Record<string, ArrayLike<number>>,
  x: readonly (readonly number[])[],
  r: readonly (readonly number[])[],
  options: ReferenceOptions,
): ReferenceResult {
  const leaves = new Map<string, Value[]>();
  for (const [path, values] of Object.entries(params))
    leaves.set(
      path,
      Array.from(values, (v) => new Value(v)),
    );
  const ctx: Context = {
    params: leaves,
    buffers: Object.fromEntries(Object.entries(buffers).map(([k, v]) => [k, Array.from(v)])),
    training: options.training,
    rng: options.rngSeed === undefined ? null : new Rng(options.rngSeed),
  };
  const input: Batch = x.map((row) => row.map((v) => new Value(v)));
  let h = input;
  spec.layers.forEach((s, i) => {
    h = layer(s, String(i), h, ctx);
  });
  const loss = Value.sum(h.flatMap((row, i) => row.map((v, j) => v.mul(r[i][j]))));
  loss.backward();
  return {
    output: h.map((row) => row.map((v) => v.data)),
    inputGrad: input.map((row) => row.map((v) => v.grad)),
    paramGrads: Object.fromEntries([...leaves].map(([k, vs]) => [k, vs.map((v) => v.grad)])),
    buffers: ctx.buffers,
  };
}
