/**
 * A chain of layers, and the public window the instruments look through:
 * named parameters and gradients, pre-activations, activations and activation
 * patterns of a forward pass.
 */
import { gemmIsAuto } from '../tensor/gemm.js';
import { clone, type DType, type Matrix } from '../tensor/matrix.js';
import { Activation } from './activationLayer.js';
import { DensePlan } from './denseFusion.js';
import { InferencePlan } from './inferencePlan.js';
import type { Buffer, ForwardContext, Layer, LayerSpec, Param } from './layer.js';
import { Linear } from './linear.js';

export interface NamedParam {
  /** Dotted path, e.g. '0.weight' or '2.1.bias' (inside a residual block). */
  readonly path: string;
  readonly param: Param;
  readonly layer: Layer;
}

export interface NamedBuffer {
  readonly path: string;
  readonly buffer: Buffer;
}

export interface ModelSpec {
  readonly dtype: DType;
  readonly label?: string;
  readonly layers: readonly LayerSpec[];
}

export interface ActivationRecord {
  /** Path of the activation layer. */
  readonly path: string;
  readonly activation: string;
  /** Input of the activation (copy). */
  readonly pre: Matrix;
  /** Output of the activation (copy). */
  readonly post: Matrix;
}

/** Parameter values by path: the portable form the model file and checkpoints use. */
export type ParamValues = Record<string, Float32Array | Float64Array>;

export class Sequential {
  readonly dtype: DType;
  readonly nIn: number;
  readonly nOut: number;
  /** The fused dense path, built on the first forward that may use it (null: nothing fuses). */
  private plan: DensePlan | null | undefined;
  /** Whether the latest forward ran through the plan: its backward must too. */
  private planned = false;
  /** infer()'s resident path, built on its first call (null: this model takes forward()). */
  private inference: InferencePlan | null | undefined;
  /**
   * Whether small float32 layers may take the fused dense path (denseFusion.ts;
   * on by default): this model's choice, for comparisons and tests. Set it
   * between a backward and the next forward. The path also steps aside while
   * setGemmKernel has replaced gemmAuto, so an installed kernel sees every product.
   */
  denseFusion = true;

  constructor(
    readonly layers: readonly Layer[],
    readonly label?: string,
  ) {
    if (layers.length === 0) throw new Error('Sequential needs at least one layer');
    this.dtype = layers[0].dtype;
    for (let i = 0; i < layers.length; i++) {
      const l = layers[i];
      if (l.dtype !== this.dtype)
        throw new Error(`layer ${i} (${l}) is ${l.dtype} but layer 0 is ${this.dtype}`);
      if (i > 0 && l.nIn !== layers[i - 1].nOut) {
        throw new Error(
          `layer ${i} (${l}) takes ${l.nIn} inputs but layer ${i - 1} (${layers[i - 1]}) gives ${layers[i - 1].nOut}`,
        );
      }
    }
    this.nIn = layers[0].nIn;
    this.nOut = layers[layers.length - 1].nOut;
  }

  /** The output is a view owned by the last layer, valid until the next forward; copy it to keep it. */
  forward(x: Matrix, ctx: ForwardContext = { training: false }): Matrix {
    if (x.cols !== this.nIn)
      throw new Error(`${this.describe()}: input has ${x.cols} columns, expected ${this.nIn}`);
    this.planned = this.denseFusion && this.dtype === 'float32' && gemmIsAuto();
    if (this.planned) {
      if (this.plan === undefined) this.plan = DensePlan.build(this.layers);
      if (this.plan) return this.plan.forward(x, ctx);
      this.planned = false;
    }
    let h = x;
    for (let k = 0; k < this.layers.length; k++) h = this.layers[k].forward(h, ctx);
    return h;
  }

  /**
   * Evaluation-mode outputs for throughput (scoring a batch or a data set):
   * the bits of forward(x) in evaluation mode, with nothing kept for backward
   * or the instruments (lastPass() and the layers' buffers keep the latest
   * forward's values). Plain float32 MLPs (Linear layers, each optionally
   * followed by relu, leaky_relu or tanh) keep their hidden activations in
   * WebAssembly memory and activate them in place (inferencePlan.ts); other
   * models and batches small enough for the fused dense path run forward().
   * The output is a view valid until the next infer() or forward().
   */
  infer(x: Matrix): Matrix {
    if (x.cols !== this.nIn)
      throw new Error(`${this.describe()}: input has ${x.cols} columns, expected ${this.nIn}`);
    if (this.inference === undefined) this.inference = InferencePlan.build(this.layers);
    return this.inference?.run(x, this.denseFusion && gemmIsAuto()) ?? this.forward(x, { training: false });
  }

  /** Evaluation-mode forward returning a copy the caller owns. */
  predict(x: Matrix): Matrix {
    return clone(this.forward(x, { training: false }));
  }

  /**
   * Back-propagates dL/dy of the latest forward, writing every param's grad.
   * Returns dL/dx only when inputGrad is set (analysis of input sensitivity).
   * Change no weight between a forward and its backward: layers on the fused
   * dense path differentiate at the weights their forward used, the others
   * read the current ones (training never changes weights in between).
   */
  backward(dy: Matrix, inputGrad = false): Matrix | null {
    if (this.planned) return (this.plan as DensePlan).backward(dy, inputGrad);
    let g: Matrix | null = dy;
    for (let k = this.layers.length - 1; k >= 0; k--) {
      g = this.layers[k].backward(g as Matrix, k > 0 || inputGrad);
    }
    return g;
  }

  /**
   * Indices of the Linear layers the latest forward ran on the fused dense
   * path (with the activation after each, when relu, leaky_relu or tanh):
   * empty for float64 models, large products and runtimes without WebAssembly SIMD.
   */
  fusedLayers(): number[] {
    return this.planned && this.plan ? this.plan.fusedLayers() : [];
  }

  namedParams(): NamedParam[] {
    const out: NamedParam[] = [];
    walk(this.layers, '', (layer, path) => {
      for (const param of layer.params) out.push({ path: `${path}.${param.name}`, param, layer });
    });
    return out;
  }

  params(): Param[] {
    return this.namedParams().map((p) => p.param);
  }

  namedBuffers(): NamedBuffer[] {
    const out: NamedBuffer[] = [];
    walk(this.layers, '', (layer, path) => {
      for (const buffer of layer.buffers) out.push({ path: `${path}.${buffer.name}`, buffer });
    });
    return out;
  }

  paramCount(): number {
    return this.params().reduce((n, p) => n + p.value.data.length, 0);
  }

  /** Every Linear layer in forward order, nested ones included. */
  linears(): Linear[] {
    return this.allLayers().filter((l): l is Linear => l instanceof Linear);
  }

  /** Every activation layer in forward order, nested ones included. */
  activationLayers(): Activation[] {
    return this.allLayers().filter((l): l is Activation => l instanceof Activation);
  }

  allLayers(): Layer[] {
    const out: Layer[] = [];
    walk(this.layers, '', (layer) => out.push(layer));
    return out;
  }

  /** An evaluation forward that records each activation's input and output. */
  traceActivations(x: Matrix): ActivationRecord[] {
    this.forward(x, { training: false });
    const out: ActivationRecord[] = [];
    walk(this.layers, '', (layer, path) => {
      if (layer instanceof Activation) {
        const { x: pre, y: post } = layer.lastPass();
        out.push({ path, activation: String(layer), pre: clone(pre), post: clone(post) });
      }
    });
    return out;
  }

  /**
   * Which units are on (pre-activation > 0) for each input row, per activation
   * layer: for ReLU nets this pattern names the linear region the input lies in.
   */
  activationPatterns(x: Matrix): Uint8Array[] {
    return this.traceActivations(x).map(({ pre }) => {
      const bits = new Uint8Array(pre.data.length);
      for (let i = 0; i < bits.length; i++) bits[i] = pre.data[i] > 0 ? 1 : 0;
      return bits;
    });
  }

  /** Copies of every parameter (or, with which='grad', gradient) by path. */
  getParams(which: 'value' | 'grad' = 'value'): ParamValues {
    const out: ParamValues = {};
    for (const { path, param } of this.namedParams()) out[path] = param[which].data.slice();
    return out;
  }

  getBuffers(): ParamValues {
    const out: ParamValues = {};
    for (const { path, buffer } of this.namedBuffers()) out[path] = buffer.value.data.slice();
    return out;
  }

  /** Sets parameters (and buffers) by path; every path must exist and every length must match. */
  setParams(values: Record<string, ArrayLike<number>>): void {
    const targets = new Map<string, Matrix>();
    for (const { path, param } of this.namedParams()) targets.set(path, param.value);
    for (const { path, buffer } of this.namedBuffers()) targets.set(path, buffer.value);
    for (const [path, v] of Object.entries(values)) {
      const m = targets.get(path);
      if (!m)
        throw new Error(
          `no parameter or buffer '${path}' in ${this.describe()}; known: ${[...targets.keys()].join(', ')}`,
        );
      if (v.length !== m.data.length)
        throw new Error(`'${path}' needs ${m.data.length} values (${m.rows}x${m.cols}), got ${v.length}`);
      m.data.set(v);
    }
  }

  spec(): ModelSpec {
    return { dtype: this.dtype, label: this.label, layers: this.layers.map((l) => l.spec()) };
  }

  /** One line: the label when the builder gave one, e.g. 'MLP[2,16,16,1] relu'. */
  describe(): string {
    return this.label ?? `Sequential(${this.layers.length} layers)`;
  }

  /** The architecture table: one line per layer with its parameter count. */
  toString(): string {
    const lines = [`${this.describe()} — ${this.paramCount()} parameters, ${this.dtype}`];
    this.layers.forEach((l, i) => {
      const n = countParams(l);
      lines.push(`  ${i}: ${l}${n > 0 ? `  [${n}]` : ''}`);
    });
    return lines.join('\n');
  }
}

function countParams(layer: Layer): number {
  let n = 0;
  walk([layer], '', (l) => {
    for (const p of l.params) n += p.value.data.length;
  });
  return n;
}

function walk(layers: readonly Layer[], prefix: string, visit: (layer: Layer, path: string) => void): void {
  layers.forEach((layer, i) => {
    const path = prefix ? `${prefix}.${i}` : String(i);
    visit(layer, path);
    if (layer.children) walk(layer.children, path, visit);
  });
}
