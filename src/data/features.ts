/**
 * Input features: fixed functions of the raw inputs that a model takes in
 * their place, as in the TensorFlow Playground (x1², x1·x2, sin x1), and
 * random Fourier features (Tancik et al., 2020). A spec is plain JSON, so a
 * model file records it and `mlp-lab predict` applies it to raw inputs.
 * Browser-safe.
 */

import { type Matrix, zeros } from '../tensor/matrix.js';
import { Rng } from '../tensor/rng.js';
import type { Dataset } from './dataset.js';

/** Sine and cosine of 2π·b·x for `count` frequency vectors b drawn from N(0, scale²) by Rng(seed). */
export type FourierSpec = {
  readonly count: number;
  /** Standard deviation of each frequency, in cycles per unit of input. */
  readonly scale: number;
  readonly seed: number;
};

/**
 * Which columns the model sees. A type rather than an interface so that it is
 * a JSON value a model file's metadata can hold.
 */
export type FeatureSpec = {
  /** Names of the raw input columns, in order, e.g. ['x1', 'x2']. */
  readonly inputs: readonly string[];
  /** Terms over those names, in column order: 'x1', 'x1^2', 'x1*x2', 'sin(x1)'. */
  readonly terms: readonly string[];
  /** Appended after the terms: 2·count columns, sine and cosine of each frequency. */
  readonly fourier?: FourierSpec;
};

/** More Fourier frequencies than a playground or a small fit needs; a larger count is a typo. */
export const MAX_FOURIER = 256;

type Term =
  | { kind: 'input'; i: number }
  | { kind: 'square'; i: number }
  | { kind: 'product'; i: number; j: number }
  | { kind: 'sin'; i: number };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TERM_FORMS = "a name, 'name^2', 'name*other' or 'sin(name)'";

function termOf(text: string, inputs: readonly string[]): Term {
  const index = (name: string): number => {
    const i = inputs.indexOf(name);
    if (i < 0) {
      throw new Error(
        `feature term '${text}' uses '${name}', which is not an input (${inputs.join(', ')}); use the input names`,
      );
    }
    return i;
  };
  let m = /^([A-Za-z_][A-Za-z0-9_]*)$/.exec(text);
  if (m) return { kind: 'input', i: index(m[1]) };
  m = /^([A-Za-z_][A-Za-z0-9_]*)\^2$/.exec(text);
  if (m) return { kind: 'square', i: index(m[1]) };
  m = /^([A-Za-z_][A-Za-z0-9_]*)\*([A-Za-z_][A-Za-z0-9_]*)$/.exec(text);
  if (m) {
    const i = index(m[1]);
    const j = index(m[2]);
    if (i === j) throw new Error(`feature term '${text}' multiplies an input by itself; write '${m[1]}^2'`);
    return { kind: 'product', i, j };
  }
  m = /^sin\(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(text);
  if (m) return { kind: 'sin', i: index(m[1]) };
  throw new Error(`feature term '${text}' is not one of the forms ${TERM_FORMS}`);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A checked spec from untrusted JSON (a model file, a link); throws one line naming what is wrong. */
export function parseFeatureSpec(input: unknown, what = 'feature spec'): FeatureSpec {
  const fail = (why: string): never => {
    throw new Error(`${what}: ${why}`);
  };
  if (!isObject(input)) fail('must be an object with inputs, terms and optionally fourier');
  const spec = input as Record<string, unknown>;
  for (const key of Object.keys(spec)) {
    if (!['inputs', 'terms', 'fourier'].includes(key))
      fail(`unknown field '${key}'; the fields are inputs, terms and fourier`);
  }
  const { inputs, terms, fourier } = spec;
  if (
    !Array.isArray(inputs) ||
    inputs.length === 0 ||
    !inputs.every((n) => typeof n === 'string' && NAME.test(n))
  )
    fail("inputs must be a non-empty list of names such as ['x1', 'x2']");
  const names = inputs as string[];
  if (new Set(names).size !== names.length) fail(`inputs name a column twice (${names.join(', ')})`);
  if (!Array.isArray(terms) || !terms.every((t) => typeof t === 'string'))
    fail(`terms must be a list of strings, each ${TERM_FORMS}`);
  const texts = terms as string[];
  if (new Set(texts).size !== texts.length) fail(`terms list a term twice (${texts.join(', ')})`);
  try {
    for (const t of texts) termOf(t, names);
  } catch (e) {
    fail((e as Error).message);
  }
  let checkedFourier: FourierSpec | undefined;
  if (fourier !== undefined) {
    if (!isObject(fourier)) fail('fourier must be an object { count, scale, seed }');
    const { count, scale, seed } = fourier as Record<string, unknown>;
    if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > MAX_FOURIER)
      fail(`fourier.count must be an integer from 1 to ${MAX_FOURIER}, got ${JSON.stringify(count)}`);
    if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0)
      fail(`fourier.scale must be a positive number, got ${JSON.stringify(scale)}`);
    if (!Number.isInteger(seed) || (seed as number) < 0 || (seed as number) > 2 ** 32 - 1)
      fail(`fourier.seed must be an integer from 0 to 2^32 - 1, got ${JSON.stringify(seed)}`);
    checkedFourier = { count: count as number, scale: scale as number, seed: seed as number };
  }
  if (texts.length === 0 && checkedFourier === undefined)
    fail('gives no columns: list at least one term or add fourier features');
  return checkedFourier === undefined
    ? { inputs: [...names], terms: [...texts] }
    : { inputs: [...names], terms: [...texts], fourier: checkedFourier };
}

/** The frequency vectors b₁…b_count (one per row, one entry per input), drawn in row-major order. */
export function fourierFrequencies(spec: FeatureSpec): number[][] {
  const f = spec.fourier;
  if (f === undefined) return [];
  const rng = new Rng(f.seed);
  return Array.from({ length: f.count }, () => spec.inputs.map(() => rng.normal(0, f.scale)));
}

/** How many columns the spec gives: the model's input width. */
export function featureCount(spec: FeatureSpec): number {
  return spec.terms.length + 2 * (spec.fourier?.count ?? 0);
}

/** How one style writes each kind of column, from the input names it reads. */
interface ColumnStyle {
  square(a: string): string;
  product(a: string, b: string): string;
  sin(a: string): string;
  /** The k-th Fourier pair; x is the input's own name for 1-D data, else 'x'. */
  fourier(k: number, x: string): [string, string];
}

function columnNames(spec: FeatureSpec, style: ColumnStyle): string[] {
  const { inputs } = spec;
  const names = spec.terms.map((text) => {
    const t = termOf(text, inputs);
    if (t.kind === 'square') return style.square(inputs[t.i]);
    if (t.kind === 'product') return style.product(inputs[t.i], inputs[t.j]);
    if (t.kind === 'sin') return style.sin(inputs[t.i]);
    return inputs[t.i];
  });
  const x = inputs.length === 1 ? inputs[0] : 'x';
  for (let k = 1; k <= (spec.fourier?.count ?? 0); k++) names.push(...style.fourier(k, x));
  return names;
}

/** Column names as a person reads them: x1, x1², x1·x2, sin(x1), sin(2π·b1·x), cos(2π·b1·x). */
export function featureNames(spec: FeatureSpec): string[] {
  return columnNames(spec, {
    square: (a) => `${a}²`,
    product: (a, b) => `${a}·${b}`,
    sin: (a) => `sin(${a})`,
    fourier: (k, x) => [`sin(2π·b${k}·${x})`, `cos(2π·b${k}·${x})`],
  });
}

/**
 * Column names a formula can use as variables (letters, digits and _): x1, x1_sq, x1_x2,
 * sin_x1, sin_b1, cos_b1, naming the same columns as featureNames.
 */
export function featureIdentifiers(spec: FeatureSpec): string[] {
  return columnNames(spec, {
    square: (a) => `${a}_sq`,
    product: (a, b) => `${a}_${b}`,
    sin: (a) => `sin_${a}`,
    fourier: (k) => [`sin_b${k}`, `cos_b${k}`],
  });
}

/** True when the columns are the raw inputs themselves, in order: the model is then a function of the raw inputs as it stands. */
export function isIdentityFeatures(spec: FeatureSpec): boolean {
  return (
    spec.fourier === undefined &&
    spec.terms.length === spec.inputs.length &&
    spec.terms.every((t, i) => t === spec.inputs[i])
  );
}

/** n × d raw inputs → n × featureCount(spec) columns, in the input's dtype; computed in float64, rounded once. */
export function applyFeatures(spec: FeatureSpec, x: Matrix): Matrix {
  const d = spec.inputs.length;
  if (x.cols !== d) {
    throw new Error(
      `the feature spec takes ${d} inputs (${spec.inputs.join(', ')}) but the data have ${x.cols} columns`,
    );
  }
  const terms = spec.terms.map((t) => termOf(t, spec.inputs));
  const freqs = fourierFrequencies(spec);
  const width = featureCount(spec);
  const out = zeros(x.rows, width, x.data instanceof Float64Array ? 'float64' : 'float32');
  const src = x.data;
  const dst = out.data;
  for (let r = 0; r < x.rows; r++) {
    const a = r * d;
    let o = r * width;
    for (const t of terms) {
      switch (t.kind) {
        case 'input':
          dst[o++] = src[a + t.i];
          break;
        case 'square':
          dst[o++] = src[a + t.i] * src[a + t.i];
          break;
        case 'product':
          dst[o++] = src[a + t.i] * src[a + t.j];
          break;
        case 'sin':
          dst[o++] = Math.sin(src[a + t.i]);
          break;
      }
    }
    for (const b of freqs) {
      let phase = 0;
      for (let i = 0; i < d; i++) phase += b[i] * src[a + i];
      phase *= 2 * Math.PI;
      dst[o++] = Math.sin(phase);
      dst[o++] = Math.cos(phase);
    }
  }
  return out;
}

/** The data set with its inputs replaced by the spec's columns (named by featureNames); targets and classes kept. */
export function withFeatures(spec: FeatureSpec, ds: Dataset): Dataset {
  return { ...ds, x: applyFeatures(spec, ds.x), featureNames: featureNames(spec) };
}
