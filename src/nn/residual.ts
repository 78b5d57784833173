/** A residual block y = x + f(norm(x)), with f a short stack of layers that keeps the width. */
import { type DType, type Matrix, Workspace } from '../tensor/matrix.js';
import type { ForwardContext, Layer, LayerSpec } from './layer.js';

export class Residual implements Layer {
  readonly kind = 'residual';
  readonly params = [];
  readonly buffers = [];
  readonly children: readonly Layer[];
  readonly nIn: number;
  readonly nOut: number;
  private readonly out: Workspace;
  private readonly dxBuf: Workspace;

  constructor(
    readonly norm: Layer | null,
    readonly body: readonly Layer[],
    readonly dtype: DType = 'float32',
  ) {
    if (body.length === 0) throw new Error('Residual: the body needs at least one layer');
    const n = (norm ?? body[0]).nIn;
    let width = norm ? norm.nOut : n;
    for (const layer of body) {
      if (layer.nIn !== width)
        throw new Error(`Residual: ${layer} takes ${layer.nIn} inputs but receives ${width}`);
      width = layer.nOut;
    }
    if (width !== n)
      throw new Error(
        `Residual: the body maps ${n} features to ${width}; a residual block must keep the width`,
      );
    this.nIn = n;
    this.nOut = n;
    this.children = norm ? [norm, ...body] : [...body];
    this.out = new Workspace(dtype, n);
    this.dxBuf = new Workspace(dtype, n);
  }

  forward(x: Matrix, ctx: ForwardContext): Matrix {
    let h = x;
    for (const layer of this.children) h = layer.forward(h, ctx);
    const y = this.out.get(x.rows);
    for (let i = 0; i < x.rows * x.cols; i++) y.data[i] = x.data[i] + h.data[i];
    return y;
  }

  backward(dy: Matrix, needInputGrad: boolean): Matrix | null {
    let g: Matrix | null = dy;
    for (let k = this.children.length - 1; k >= 0; k--) {
      g = this.children[k].backward(g as Matrix, k > 0 || needInputGrad);
    }
    if (!needInputGrad || !g) return null;
    const dx = this.dxBuf.get(dy.rows);
    for (let i = 0; i < dy.rows * dy.cols; i++) dx.data[i] = dy.data[i] + g.data[i];
    return dx;
  }

  spec(): LayerSpec {
    return {
      kind: 'residual',
      nIn: this.nIn,
      norm: this.norm ? this.norm.spec() : null,
      body: this.body.map((l) => l.spec()),
    };
  }

  toString(): string {
    const inner = [this.norm ? String(this.norm) : null, ...this.body.map(String)]
      .filter(Boolean)
      .join(' → ');
    return `Residual(x + ${inner})`;
  }
}
