/**
 * A network written out as formulas from its current weights: every hidden
 * unit as h = act(Σ w·input + b), the outputs as y = Σ v·h + c, evaluation
 * mode throughout. Batch norm (running statistics) and the normalisation of a
 * residual block are affine per unit, so they are folded into the numbers of
 * the Linear next to them; dropout is the identity when predicting; layer norm
 * is written out as its mean, variance and per-unit rows. The right-hand sides
 * use only syntax the library's expression parser (src/data/expression.ts)
 * reads, so a formula printed at full precision can be parsed back and checked
 * against predict. Structured rows for pages, plain text for the terminal.
 */
import { Activation } from '../nn/activationLayer.js';
import { BatchNorm1d } from '../nn/batchnorm.js';
import { Dropout } from '../nn/dropout.js';
import type { Layer } from '../nn/layer.js';
import { LayerNorm } from '../nn/layernorm.js';
import { Linear } from '../nn/linear.js';
import { Residual } from '../nn/residual.js';
import type { Sequential } from '../nn/sequential.js';

export interface FormulaTerm {
  readonly coef: number;
  /** The name of the input or earlier unit it multiplies. */
  readonly input: string;
}

/** One computed quantity: a unit act(Σ terms + bias) [+ skip], or a layer norm's helper rows. */
export type FormulaRow =
  | {
      readonly kind: 'unit';
      readonly name: string;
      /** 0-based index of the unit in its layer. */
      readonly unit: number;
      readonly activation: { readonly name: string; readonly alpha: number };
      readonly terms: readonly FormulaTerm[];
      readonly bias: number;
      /** A residual block's input, added after the activation. */
      readonly skip?: string;
      /** The right-hand side at the chosen precision. */
      readonly expression: string;
    }
  | { readonly kind: 'mean' | 'variance' | 'layernorm'; readonly name: string; readonly expression: string };

/** What a folded or skipped layer does to the formulas next to it. */
export type FormulaNote = 'batchnorm' | 'dropout' | 'residual' | 'layernorm' | 'spectralnorm';

export const FORMULA_NOTES: { readonly [K in FormulaNote]: string } = {
  batchnorm: 'batch norm (running statistics, as predict uses them) is folded into these numbers',
  dropout: 'dropout after this layer: the identity when predicting (it drops units only in training)',
  residual: 'residual block: each unit adds its input back after the activation',
  layernorm: 'layer norm: each input is centred and scaled by the mean and variance over its own layer',
  spectralnorm: 'spectral norm: the weights shown are W/σ(W), as predict uses them',
};

export interface FormulaLayer {
  /** 'hidden' (1-based number), 'output', or a layer norm's rows. */
  readonly kind: 'hidden' | 'output' | 'layernorm';
  readonly index: number;
  readonly rows: readonly FormulaRow[];
  /** Units left out by maxUnits. */
  readonly omitted: number;
  /** What folded or skipped layers did here (FORMULA_NOTES says it in words). */
  readonly notes: FormulaNote[];
}

export interface NetworkFormula {
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly layers: readonly FormulaLayer[];
  /** False when a row uses a function the expression parser lacks (gelu needs erf). */
  readonly parseable: boolean;
  /** One line per row, `name = expression`, after notes starting with '#'. */
  readonly text: string;
}

export interface FormulaOptions {
  /** Input names; default x1, x2, … (x for one input). */
  readonly inputs?: readonly string[];
  /** Significant digits of every number, or 'full' for the shortest text that reads back to the same value. */
  readonly precision?: number | 'full';
  /** Rows per layer to write out; the rest are counted as omitted. Default all. */
  readonly maxUnits?: number;
}

export class FormulaError extends Error {}

const IDENTITY = { name: 'identity', alpha: 0 } as const;
const GELU_TANH_C = Math.sqrt(2 / Math.PI);

/** act(inner) in the expression parser's syntax. */
function applyActivation(name: string, alpha: number, inner: string, num: (v: number) => string): string {
  const z = `(${inner})`;
  switch (name) {
    case 'identity':
      return inner;
    case 'relu':
    case 'sigmoid':
    case 'tanh':
    case 'sin':
      return `${name}(${inner})`;
    case 'leaky_relu':
      return `(${z} > 0 ? ${z} : ${num(alpha)}*${z})`;
    case 'elu':
      return `(${z} > 0 ? ${z} : ${num(alpha)}*expm1(${z}))`;
    case 'gelu':
      return `gelu(${inner})`;
    case 'gelu_tanh':
      return `0.5*${z}*(1 + tanh(${num(GELU_TANH_C)}*(${z} + 0.044715*${z}^3)))`;
    case 'silu':
      return `${z}*sigmoid(${z})`;
    case 'softplus':
      return `(max(${z}, 0) + log1p(exp(-abs(${z}))))`;
    case 'hard_sigmoid':
      return `min(max(${z}/6 + 0.5, 0), 1)`;
    case 'hard_tanh':
      return `min(max(${inner}, -1), 1)`;
    default:
      throw new FormulaError(`no formula for the activation ${name}`);
  }
}

function numberFormat(precision: number | 'full'): (v: number) => string {
  if (precision === 'full') return (v) => String(v);
  if (!Number.isInteger(precision) || precision < 1 || precision > 17)
    throw new FormulaError(
      `precision must be 'full' or a whole number of digits from 1 to 17, got ${precision}`,
    );
  return (v) => String(Number(v.toPrecision(precision)));
}

/** Σ coef·input + bias as text, signs folded in: `0.5*x1 - 0.25*x2 + 1`. */
function affineText(terms: readonly FormulaTerm[], bias: number, num: (v: number) => string): string {
  let s = '';
  for (const { coef, input } of terms) {
    const c = num(Math.abs(coef));
    const neg = coef < 0 || Object.is(coef, -0);
    s += s === '' ? `${neg ? '-' : ''}${c}*${input}` : ` ${neg ? '-' : '+'} ${c}*${input}`;
  }
  const b = num(Math.abs(bias));
  if (s === '') return num(bias);
  return `${s} ${bias < 0 ? '-' : '+'} ${b}`;
}

/** An affine map pending until the activation (or the end) that consumes it, over named inputs. */
interface Pending {
  inputs: readonly string[];
  /** How many outputs the map has. */
  units: number;
  /** [row][nIn] and bias[row] for the first rows only (maxUnits): the rows written out. */
  weight: number[][];
  bias: number[];
  notes: FormulaNote[];
}

interface Walk {
  names: readonly string[];
  pending: Pending | null;
  layers: FormulaLayer[];
  hidden: number;
  norms: number;
  num: (v: number) => string;
  maxUnits: number;
  parseable: boolean;
  /** Notes for the next layer written out. */
  carried: FormulaNote[];
}

const diag = (names: readonly string[], scale: ArrayLike<number>, shift: ArrayLike<number>): Pending => ({
  inputs: names,
  units: names.length,
  weight: names.map((_, i) => names.map((__, j) => (i === j ? scale[i] : 0))),
  bias: Array.from(shift),
  notes: [],
});

function linearOf(l: Linear, w: Walk): Pending {
  // A pending map cut to its first rows cannot be composed with: its units become rows of their own.
  if (w.pending && w.pending.weight.length < w.pending.units) emitUnits(w, IDENTITY, 'hidden');
  const W = l.effectiveWeight(false);
  const rows = Math.min(l.nOut, w.maxUnits);
  const weight = Array.from({ length: rows }, (_, o) =>
    Array.from(W.data.subarray(o * l.nIn, (o + 1) * l.nIn)),
  );
  const bias = Array.from({ length: rows }, (_, o) => (l.bias ? l.bias.value.data[o] : 0));
  const notes: FormulaNote[] = l.hasSpectralNorm ? ['spectralnorm'] : [];
  const p = { inputs: w.names, units: l.nOut, weight, bias, notes };
  return w.pending ? compose(p, w.pending) : p;
}

/** outer ∘ inner; inner is the identity-shaped pending of a batch norm or another Linear. */
function compose(outer: Pending, inner: Pending): Pending {
  const nIn = inner.inputs.length;
  const weight = outer.weight.map((row) => {
    const out = new Array<number>(nIn).fill(0);
    row.forEach((v, k) => {
      if (v === 0) return;
      const ir = inner.weight[k];
      for (let j = 0; j < nIn; j++) if (ir[j] !== 0) out[j] += v * ir[j];
    });
    return out;
  });
  const bias = outer.weight.map((row, i) => row.reduce((s, v, k) => s + v * inner.bias[k], outer.bias[i]));
  return { inputs: inner.inputs, units: outer.units, weight, bias, notes: [...inner.notes, ...outer.notes] };
}

function batchNormOf(l: BatchNorm1d, w: Walk): Pending {
  const scale = Array.from(l.gamma.value.data, (g, j) => g / Math.sqrt(l.runningVar.data[j] + l.eps));
  const shift = scale.map((s, j) => l.beta.value.data[j] - s * l.runningMean.data[j]);
  const note = 'batchnorm' as const;
  if (!w.pending) return { ...diag(w.names, scale, shift), notes: [note] };
  const p = w.pending;
  return {
    inputs: p.inputs,
    units: p.units,
    weight: p.weight.map((row, i) => row.map((v) => v * scale[i])),
    bias: p.bias.map((b, i) => b * scale[i] + shift[i]),
    notes: [...p.notes, note],
  };
}

/** Writes a layer of units act(pending) [+ skip], and makes them the current names. */
function emitUnits(
  w: Walk,
  layerAct: { name: string; alpha: number },
  kind: 'hidden' | 'output',
  skip?: readonly string[],
): void {
  const act = { name: layerAct.name, alpha: layerAct.alpha };
  const p = w.pending ?? diag(w.names, new Array(w.names.length).fill(1), new Array(w.names.length).fill(0));
  const index = kind === 'hidden' ? ++w.hidden : 0;
  const n = p.units;
  const names = Array.from({ length: n }, (_, j) =>
    kind === 'hidden' ? `h${index}_${j + 1}` : n === 1 ? 'y' : `y${j + 1}`,
  );
  if (act.name === 'gelu') w.parseable = false;
  const shown = Math.min(n, w.maxUnits);
  const rows: FormulaRow[] = [];
  for (let j = 0; j < shown; j++) {
    const terms = p.weight[j].map((coef, i) => ({ coef, input: p.inputs[i] }));
    const inner = affineText(terms, p.bias[j], w.num);
    let expression = applyActivation(act.name, act.alpha, inner, w.num);
    if (skip) expression = `${skip[j]} + ${expression}`;
    rows.push({
      kind: 'unit',
      name: names[j],
      unit: j,
      activation: act,
      terms,
      bias: p.bias[j],
      ...(skip ? { skip: skip[j] } : {}),
      expression,
    });
  }
  const notes = [...w.carried, ...p.notes];
  if (skip) notes.push('residual');
  w.layers.push({ kind, index, rows, omitted: n - shown, notes });
  w.carried = [];
  w.names = names;
  w.pending = null;
}

function emitLayerNorm(w: Walk, l: LayerNorm): void {
  if (w.pending) emitUnits(w, IDENTITY, 'hidden');
  const k = ++w.norms;
  const n = w.names.length;
  const mean = `m${k}`;
  const variance = `v${k}`;
  const { num } = w;
  const rows: FormulaRow[] = [
    { kind: 'mean', name: mean, expression: `(${w.names.join(' + ')})/${n}` },
    {
      kind: 'variance',
      name: variance,
      expression: `(${w.names.map((s) => `(${s} - ${mean})^2`).join(' + ')})/${n}`,
    },
  ];
  const names = w.names.map((_, j) => `n${k}_${j + 1}`);
  const shown = Math.min(n, w.maxUnits);
  for (let j = 0; j < shown; j++) {
    const g = l.gamma.value.data[j];
    const b = l.beta.value.data[j];
    rows.push({
      kind: 'layernorm',
      name: names[j],
      expression: `${num(g)}*(${w.names[j]} - ${mean})/sqrt(${variance} + ${num(l.eps)}) ${b < 0 ? '-' : '+'} ${num(Math.abs(b))}`,
    });
  }
  w.layers.push({
    kind: 'layernorm',
    index: k,
    rows,
    omitted: n - shown,
    notes: ['layernorm'],
  });
  w.names = names;
}

function walkLayers(layers: readonly Layer[], w: Walk, last: boolean): void {
  layers.forEach((layer, i) => {
    const final = last && i === layers.length - 1;
    if (layer instanceof Linear) w.pending = linearOf(layer, w);
    else if (layer instanceof BatchNorm1d) w.pending = batchNormOf(layer, w);
    else if (layer instanceof Dropout) {
      const note = 'dropout' as const;
      const previous = w.layers[w.layers.length - 1];
      if (previous && !w.pending) previous.notes.push(note);
      else w.carried.push(note);
    } else if (layer instanceof Activation) emitUnits(w, layer, final ? 'output' : 'hidden');
    else if (layer instanceof LayerNorm) emitLayerNorm(w, layer);
    else if (layer instanceof Residual) {
      if (w.pending) emitUnits(w, IDENTITY, 'hidden');
      const skip = w.names;
      const body = layer.children;
      walkLayers(body.slice(0, -1), w, false);
      const end = body[body.length - 1];
      if (!(end instanceof Activation))
        throw new FormulaError(
          `a residual block must end with an activation to be written as formulas, got ${end}`,
        );
      emitUnits(w, end, 'hidden', skip);
    } else
      throw new FormulaError(
        `no formula for the layer ${layer}; formulas cover Linear, activations, batch and layer norm, dropout and residual blocks`,
      );
  });
}

export function networkFormula(model: Sequential, options: FormulaOptions = {}): NetworkFormula {
  const nIn = model.nIn;
  const inputs = options.inputs ?? (nIn === 1 ? ['x'] : Array.from({ length: nIn }, (_, i) => `x${i + 1}`));
  if (inputs.length !== nIn)
    throw new FormulaError(`the model takes ${nIn} inputs but ${inputs.length} input names were given`);
  for (const name of inputs) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || /^(h\d+_\d+|n\d+_\d+|[mv]\d+|y\d*)$/.test(name))
      throw new FormulaError(
        `input name "${name}" cannot be used in a formula: use letters, digits and _, not starting with a digit, and not a unit's name such as h1_2 or y`,
      );
  }
  const w: Walk = {
    names: inputs,
    pending: null,
    layers: [],
    hidden: 0,
    norms: 0,
    num: numberFormat(options.precision ?? 'full'),
    maxUnits: options.maxUnits ?? Infinity,
    parseable: true,
    carried: [],
  };
  walkLayers(model.layers, w, true);
  if (w.pending) emitUnits(w, IDENTITY, 'output');
  const outLayer = w.layers[w.layers.length - 1];
  if (outLayer?.kind !== 'output')
    throw new FormulaError(
      'the network does not end with a Linear or an activation, so it has no output formula',
    );
  const lines: string[] = [`# inputs: ${inputs.join(', ')}`];
  for (const layer of w.layers) {
    for (const note of layer.notes) lines.push(`# ${FORMULA_NOTES[note]}`);
    for (const row of layer.rows) lines.push(`${row.name} = ${row.expression}`);
    if (layer.omitted > 0) lines.push(`# … ${layer.omitted} more units in this layer`);
  }
  if (!w.parseable) lines.push('# gelu(z) = z·Φ(z), Φ the standard normal CDF');
  return {
    inputs,
    outputs: w.names,
    layers: w.layers,
    parseable: w.parseable,
    text: `${lines.join('\n')}\n`,
  };
}
