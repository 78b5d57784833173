/** An elementwise activation as a layer. Its input is the pre-activation the instruments read. */

import type { DenseActivation } from '../kernels/wasm/wasmDense.js';
import { wasmVector } from '../kernels/wasm/wasmVector.js';
import { type DType, type Matrix, Workspace } from '../tensor/matrix.js';
import { type ActivationDef, activations, resolveActivation } from './activations.js';
import type { ActivationName, ActivationSpec, Layer, LayerSpec } from './layer.js';

/**
 * Values from which a float32 relu, leaky_relu or tanh runs in WebAssembly
 * SIMD (wasmVector.ts, same bits) rather than in the TypeScript loop: the
 * call and its copies cost about as much as a few hundred values of the loop.
 */
export const WASM_ACTIVATION_MIN = 1024;

const WASM_ACTIVATIONS: ReadonlySet<string> = new Set<DenseActivation>(['relu', 'leaky_relu', 'tanh']);

export class Activation implements Layer {
  readonly kind = 'activation';
  readonly params = [];
  readonly buffers = [];
  readonly nOut: number;
  readonly name: ActivationName;
  readonly alpha: number;
  /** Looked up once: indexing the record by name on every pass costs a megamorphic lookup. */
  private readonly def: ActivationDef;
  /** This activation's name in the wasm kernel, when it has one there and the layer is float32. */
  private readonly wasmName: DenseActivation | null;
  private x: Matrix | null = null;
  private y: Matrix | null = null;
  private readonly out: Workspace;
  private readonly dxBuf: Workspace;

  constructor(
    readonly nIn: number,
    activation: ActivationSpec,
    readonly dtype: DType = 'float32',
  ) {
    ({ name: this.name, alpha: this.alpha } = resolveActivation(activation));
    this.def = activations[this.name];
    this.wasmName =
      dtype === 'float32' && WASM_ACTIVATIONS.has(this.name) ? (this.name as DenseActivation) : null;
    this.nOut = nIn;
    this.out = new Workspace(dtype, nIn);
    this.dxBuf = new Workspace(dtype, nIn);
  }

  forward(x: Matrix): Matrix {
    const y = this.out.get(x.rows);
    const n = x.rows * x.cols;
    const inWasm =
      this.wasmName !== null &&
      n >= WASM_ACTIVATION_MIN &&
      x.data instanceof Float32Array &&
      y.data instanceof Float32Array &&
      (wasmVector()?.forward(this.wasmName, this.alpha, x.data, y.data, n) ?? false);
    if (!inWasm) this.def.forward(y.data, x.data, n, this.alpha);
    this.x = x;
    this.y = y;
    return y;
  }

  /**
   * For a kernel that computes this layer outside forward() (the fused dense
   * path): records x as the latest input and returns the output buffer to fill,
   * which then becomes the latest output.
   */
  recordForward(x: Matrix): Matrix {
    const y = this.out.get(x.rows);
    this.x = x;
    this.y = y;
    return y;
  }

  backward(dy: Matrix, needInputGrad: boolean): Matrix | null {
    if (!needInputGrad) return null;
    // Read directly rather than through lastPass(), whose result object would be garbage every step.
    const { x, y } = this;
    if (!x || !y) throw new Error(`${this}: backward before forward`);
    const dx = this.dxBuf.get(dy.rows);
    const n = dy.rows * dy.cols;
    const inWasm =
      this.wasmName !== null &&
      n >= WASM_ACTIVATION_MIN &&
      dx.data instanceof Float32Array &&
      dy.data instanceof Float32Array &&
      x.data instanceof Float32Array &&
      y.data instanceof Float32Array &&
      (wasmVector()?.backward(this.wasmName, this.alpha, dx.data, dy.data, x.data, y.data, n) ?? false);
    if (!inWasm) this.def.backward(dx.data, dy.data, x.data, y.data, n, this.alpha);
    return dx;
  }

  /** The pre-activation and activation of the latest forward (views, valid until the next forward). */
  lastPass(): { x: Matrix; y: Matrix } {
    if (!this.x || !this.y) throw new Error(`${this}: no forward pass has run yet`);
    return { x: this.x, y: this.y };
  }

  spec(): LayerSpec {
    const defaultAlpha = activations[this.name].defaultAlpha;
    const activation = this.alpha === defaultAlpha ? this.name : { name: this.name, alpha: this.alpha };
    return { kind: 'activation', nIn: this.nIn, activation };
  }

  toString(): string {
    return this.alpha === activations[this.name].defaultAlpha ? this.name : `${this.name}(${this.alpha})`;
  }
}
