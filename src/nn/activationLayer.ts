/** An elementwise activation as a layer. Its input is the pre-activation the instruments read. */

import {
  activateBackwardFast,
  activateFast,
  type FastActivation,
  fastActivation,
} from '../tensor/elementwise.js';
import { type DType, type Matrix, Workspace } from '../tensor/matrix.js';
import { type ActivationDef, activations, resolveActivation } from './activations.js';
import type { ActivationName, ActivationSpec, Layer, LayerSpec } from './layer.js';

export class Activation implements Layer {
  readonly kind = 'activation';
  readonly params = [];
  readonly buffers = [];
  readonly nOut: number;
  readonly name: ActivationName;
  readonly alpha: number;
  /** Looked up once: indexing the record by name on every pass costs a megamorphic lookup. */
  private readonly def: ActivationDef;
  /** This activation's name in the fast kernels, when it has one there and the layer is float32. */
  private readonly fastName: FastActivation | null;
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
    this.fastName = fastActivation(this.name, dtype === 'float32');
    this.nOut = nIn;
    this.out = new Workspace(dtype, nIn);
    this.dxBuf = new Workspace(dtype, nIn);
  }

  forward(x: Matrix): Matrix {
    const y = this.out.get(x.rows);
    const n = x.rows * x.cols;
    const fast = this.fastName !== null && activateFast(this.fastName, this.alpha, x.data, y.data, n);
    if (!fast) this.def.forward(y.data, x.data, n, this.alpha);
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
    const fast =
      this.fastName !== null &&
      activateBackwardFast(this.fastName, this.alpha, dx.data, dy.data, x.data, y.data, n);
    if (!fast) this.def.backward(dx.data, dy.data, x.data, y.data, n, this.alpha);
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
