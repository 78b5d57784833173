/**
 * Inverted dropout: in training each unit is zeroed with probability pDrop and
 * the survivors are scaled by 1/(1 − pDrop), so evaluation is the identity.
 * The parameter is the *drop* probability (JAX stax's Dropout takes the keep
 * rate; the name says which one this is).
 */
import { type DType, type Matrix, Workspace } from '../tensor/matrix.js';
import type { ForwardContext, Layer, LayerSpec } from './layer.js';

export class Dropout implements Layer {
  readonly kind = 'dropout';
  readonly params = [];
  readonly buffers = [];
  readonly nOut: number;
  private readonly mask: Workspace;
  private readonly out: Workspace;
  private readonly dxBuf: Workspace;
  private dropped = false;

  constructor(
    readonly nIn: number,
    readonly pDrop: number,
    readonly dtype: DType = 'float32',
  ) {
    if (!(pDrop >= 0 && pDrop < 1)) throw new Error(`Dropout: pDrop must be in [0, 1), got ${pDrop}`);
    this.nOut = nIn;
    this.mask = new Workspace(dtype, nIn);
    this.out = new Workspace(dtype, nIn);
    this.dxBuf = new Workspace(dtype, nIn);
  }

  forward(x: Matrix, ctx: ForwardContext): Matrix {
    this.dropped = ctx.training && this.pDrop > 0;
    if (!this.dropped) return x;
    if (!ctx.rng)
      throw new Error('Dropout in training needs a random generator: pass rng in the forward context');
    const rng = ctx.rng;
    const n = x.rows * x.cols;
    const mask = this.mask.get(x.rows).data;
    const y = this.out.get(x.rows);
    const scale = 1 / (1 - this.pDrop);
    for (let i = 0; i < n; i++) {
      mask[i] = rng.uniform() < this.pDrop ? 0 : scale;
      y.data[i] = x.data[i] * mask[i];
    }
    return y;
  }

  backward(dy: Matrix, needInputGrad: boolean): Matrix | null {
    if (!needInputGrad) return null;
    if (!this.dropped) return dy;
    const mask = this.mask.get(dy.rows).data;
    const dx = this.dxBuf.get(dy.rows);
    for (let i = 0; i < dy.rows * dy.cols; i++) dx.data[i] = dy.data[i] * mask[i];
    return dx;
  }

  spec(): LayerSpec {
    return { kind: 'dropout', nIn: this.nIn, pDrop: this.pDrop };
  }

  toString(): string {
    return `Dropout(pDrop=${this.pDrop})`;
  }
}
