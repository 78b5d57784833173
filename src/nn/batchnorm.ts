/**
 * BatchNorm1d over a batch of feature rows, as PyTorch defines it: training
 * normalises with the batch mean and biased variance and moves the running
 * statistics by momentum (the running variance uses the unbiased estimate);
 * evaluation normalises with the running statistics.
 */
import { type DType, type Matrix, Workspace, zeros } from '../tensor/matrix.js';
import type { Buffer, ForwardContext, Layer, LayerSpec, Param } from './layer.js';
import { param } from './param.js';

export class BatchNorm1d implements Layer {
  readonly kind = 'batchnorm';
  readonly nOut: number;
  readonly gamma: Param;
  readonly beta: Param;
  readonly params: readonly Param[];
  readonly runningMean: Matrix;
  readonly runningVar: Matrix;
  readonly buffers: readonly Buffer[];
  private readonly invStd: Matrix;
  private readonly xhat: Workspace;
  private readonly out: Workspace;
  private readonly dxBuf: Workspace;
  private trainedPass = false;

  constructor(
    readonly nIn: number,
    readonly momentum = 0.1,
    readonly eps = 1e-5,
    readonly dtype: DType = 'float32',
  ) {
    if (!(momentum >= 0 && momentum <= 1))
      throw new Error(`BatchNorm1d: momentum must be in [0, 1], got ${momentum}`);
    if (!(eps > 0)) throw new Error(`BatchNorm1d: eps must be positive, got ${eps}`);
    this.nOut = nIn;
    this.gamma = param('gamma', 1, nIn, dtype, false);
    this.gamma.value.data.fill(1);
    this.beta = param('beta', 1, nIn, dtype, false);
    this.params = [this.gamma, this.beta];
    this.runningMean = zeros(1, nIn, dtype);
    this.runningVar = zeros(1, nIn, dtype);
    this.runningVar.data.fill(1);
    this.buffers = [
      { name: 'running_mean', value: this.runningMean },
      { name: 'running_var', value: this.runningVar },
    ];
    this.invStd = zeros(1, nIn, dtype);
    this.xhat = new Workspace(dtype, nIn);
    this.out = new Workspace(dtype, nIn);
    this.dxBuf = new Workspace(dtype, nIn);
  }

  forward(x: Matrix, ctx: ForwardContext): Matrix {
    const B = x.rows;
    const C = this.nIn;
    const xd = x.data;
    const xhat = this.xhat.get(B).data;
    const y = this.out.get(B);
    const invStd = this.invStd.data;
    const rm = this.runningMean.data;
    const rv = this.runningVar.data;
    this.trainedPass = ctx.training;
    for (let j = 0; j < C; j++) {
      let mean: number;
      let variance: number;
      if (ctx.training) {
        if (B < 2) throw new Error('BatchNorm1d in training needs a batch of at least 2 rows');
        mean = 0;
        for (let i = 0; i < B; i++) mean += xd[i * C + j];
        mean /= B;
        variance = 0;
        for (let i = 0; i < B; i++) {
          const d = xd[i * C + j] - mean;
          variance += d * d;
        }
        variance /= B;
        rm[j] = (1 - this.momentum) * rm[j] + this.momentum * mean;
        rv[j] = (1 - this.momentum) * rv[j] + (this.momentum * variance * B) / (B - 1);
      } else {
        mean = rm[j];
        variance = rv[j];
      }
      const s = 1 / Math.sqrt(variance + this.eps);
      invStd[j] = s;
      const g = this.gamma.value.data[j];
      const b = this.beta.value.data[j];
      for (let i = 0; i < B; i++) {
        const h = (xd[i * C + j] - mean) * s;
        xhat[i * C + j] = h;
        y.data[i * C + j] = g * h + b;
      }
    }
    return y;
  }

  backward(dy: Matrix, needInputGrad: boolean): Matrix | null {
    const B = dy.rows;
    const C = this.nIn;
    const xhat = this.xhat.get(B).data;
    const dyd = dy.data;
    const dx = needInputGrad ? this.dxBuf.get(B) : null;
    for (let j = 0; j < C; j++) {
      let sumDy = 0;
      let sumDyXhat = 0;
      for (let i = 0; i < B; i++) {
        sumDy += dyd[i * C + j];
        sumDyXhat += dyd[i * C + j] * xhat[i * C + j];
      }
      this.gamma.grad.data[j] = sumDyXhat;
      this.beta.grad.data[j] = sumDy;
      if (!dx) continue;
      const k = this.gamma.value.data[j] * this.invStd.data[j];
      if (this.trainedPass) {
        const meanDy = sumDy / B;
        const meanDyXhat = sumDyXhat / B;
        for (let i = 0; i < B; i++) {
          dx.data[i * C + j] = k * (dyd[i * C + j] - meanDy - xhat[i * C + j] * meanDyXhat);
        }
      } else {
        for (let i = 0; i < B; i++) dx.data[i * C + j] = k * dyd[i * C + j];
      }
    }
    return dx;
  }

  spec(): LayerSpec {
    return { kind: 'batchnorm', nIn: this.nIn, momentum: this.momentum, eps: this.eps };
  }

  toString(): string {
    return `BatchNorm1d(${this.nIn})`;
  }
}
