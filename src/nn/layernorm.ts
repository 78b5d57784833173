/** LayerNorm over the features of each row: y = γ·(x − μ_row)/√(σ²_row + eps) + β. */
import { type DType, type Matrix, Workspace } from '../tensor/matrix.js';
import type { Layer, LayerSpec, Param } from './layer.js';
import { param } from './param.js';

export class LayerNorm implements Layer {
  readonly kind = 'layernorm';
  readonly nOut: number;
  readonly gamma: Param;
  readonly beta: Param;
  readonly params: readonly Param[];
  readonly buffers = [];
  private readonly invStd: Workspace;
  private readonly xhat: Workspace;
  private readonly out: Workspace;
  private readonly dxBuf: Workspace;

  constructor(
    readonly nIn: number,
    readonly eps = 1e-5,
    readonly dtype: DType = 'float32',
  ) {
    if (!(eps > 0)) throw new Error(`LayerNorm: eps must be positive, got ${eps}`);
    this.nOut = nIn;
    this.gamma = param('gamma', 1, nIn, dtype, false);
    this.gamma.value.data.fill(1);
    this.beta = param('beta', 1, nIn, dtype, false);
    this.params = [this.gamma, this.beta];
    this.invStd = new Workspace(dtype, 1);
    this.xhat = new Workspace(dtype, nIn);
    this.out = new Workspace(dtype, nIn);
    this.dxBuf = new Workspace(dtype, nIn);
  }

  forward(x: Matrix): Matrix {
    const B = x.rows;
    const C = this.nIn;
    const xhat = this.xhat.get(B).data;
    const invStd = this.invStd.get(B).data;
    const y = this.out.get(B).data;
    const g = this.gamma.value.data;
    const b = this.beta.value.data;
    for (let i = 0; i < B; i++) {
      const o = i * C;
      let mean = 0;
      for (let j = 0; j < C; j++) mean += x.data[o + j];
      mean /= C;
      let variance = 0;
      for (let j = 0; j < C; j++) {
        const d = x.data[o + j] - mean;
        variance += d * d;
      }
      const s = 1 / Math.sqrt(variance / C + this.eps);
      invStd[i] = s;
      for (let j = 0; j < C; j++) {
        const h = (x.data[o + j] - mean) * s;
        xhat[o + j] = h;
        y[o + j] = g[j] * h + b[j];
      }
    }
    return this.out.get(B);
  }

  backward(dy: Matrix, needInputGrad: boolean): Matrix | null {
    const B = dy.rows;
    const C = this.nIn;
    const xhat = this.xhat.get(B).data;
    const invStd = this.invStd.get(B).data;
    const g = this.gamma.value.data;
    const dg = this.gamma.grad.data;
    const db = this.beta.grad.data;
    dg.fill(0);
    db.fill(0);
    const dx = needInputGrad ? this.dxBuf.get(B) : null;
    for (let i = 0; i < B; i++) {
      const o = i * C;
      let meanD = 0;
      let meanDX = 0;
      for (let j = 0; j < C; j++) {
        const d = dy.data[o + j];
        dg[j] += d * xhat[o + j];
        db[j] += d;
        const dh = d * g[j];
        meanD += dh;
        meanDX += dh * xhat[o + j];
      }
      if (!dx) continue;
      meanD /= C;
      meanDX /= C;
      for (let j = 0; j < C; j++) {
        dx.data[o + j] = invStd[i] * (dy.data[o + j] * g[j] - meanD - xhat[o + j] * meanDX);
      }
    }
    return dx;
  }

  spec(): LayerSpec {
    return { kind: 'layernorm', nIn: this.nIn, eps: this.eps };
  }

  toString(): string {
    return `LayerNorm(${this.nIn})`;
  }
}
