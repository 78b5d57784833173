/**
 * The affine map y = x·Wᵀ + b, W stored [nOut×nIn] as in PyTorch, so row i
 * holds the weights of unit i. With spectralNorm the forward uses W/σ(W).
 */
import { columnSums } from '../tensor/elementwise.js';
import { gemm } from '../tensor/gemm.js';
import {
  type DType,
  type FloatArray,
  fromRows,
  type Matrix,
  toRows,
  Workspace,
  zeros,
} from '../tensor/matrix.js';
import { addRowVector, fillRows } from '../tensor/rowops.js';
import type { Buffer, ForwardContext, Layer, LayerSpec, Param } from './layer.js';
import { param } from './param.js';
import { powerIterate, sigmaEstimate, spectralNormBackward, spectralNormForward } from './spectralNorm.js';

/**
 * Output width from which the bias is copied into y row by row and the product
 * accumulated onto it: below it a scalar add pass is cheaper than a copy call per row.
 */
const FILL_MIN_COLS = 32;

export interface LinearOptions {
  bias?: boolean;
  dtype?: DType;
  /** Power-iteration steps per training forward; enables spectral normalisation of W. */
  spectralNorm?: { iterations: number };
}

interface SpectralState {
  readonly iterations: number;
  readonly u: Matrix;
  readonly v: Matrix;
  readonly wsn: Matrix;
  readonly gsn: Matrix;
  sigma: number;
}

export class Linear implements Layer {
  readonly kind = 'linear';
  readonly dtype: DType;
  readonly weight: Param;
  readonly bias: Param | null;
  readonly params: readonly Param[];
  readonly buffers: readonly Buffer[];
  private readonly sn: SpectralState | null;
  private x: Matrix | null = null;
  private readonly out: Workspace;
  private readonly dxBuf: Workspace;

  constructor(
    readonly nIn: number,
    readonly nOut: number,
    options: LinearOptions = {},
  ) {
    if (!(Number.isInteger(nIn) && nIn > 0 && Number.isInteger(nOut) && nOut > 0)) {
      throw new Error(`Linear(${nIn}→${nOut}): sizes must be positive integers`);
    }
    const dtype = (this.dtype = options.dtype ?? 'float32');
    this.weight = param('weight', nOut, nIn, dtype, true);
    this.bias = options.bias === false ? null : param('bias', 1, nOut, dtype, false);
    this.params = this.bias ? [this.weight, this.bias] : [this.weight];
    this.out = new Workspace(dtype, nOut);
    this.dxBuf = new Workspace(dtype, nIn);
    if (options.spectralNorm) {
      const iterations = options.spectralNorm.iterations;
      if (!(Number.isInteger(iterations) && iterations >= 1)) {
        throw new Error(`Linear spectral norm: iterations must be an integer ≥ 1, got ${iterations}`);
      }
      const u = zeros(1, nOut, dtype);
      this.sn = {
        iterations,
        u,
        v: zeros(1, nIn, dtype),
        wsn: zeros(nOut, nIn, dtype),
        gsn: zeros(nOut, nIn, dtype),
        sigma: 1,
      };
      this.buffers = [
        { name: 'sn_u', value: this.sn.u },
        { name: 'sn_v', value: this.sn.v },
      ];
    } else {
      this.sn = null;
      this.buffers = [];
    }
  }

  forward(x: Matrix, ctx: ForwardContext): Matrix {
    if (x.cols !== this.nIn) throw new Error(`${this}: input has ${x.cols} columns, expected ${this.nIn}`);
    const y = this.out.get(x.rows);
    this.affine(this.effectiveWeight(ctx.training), x.data, x.rows, y.data);
    this.x = x;
    return y;
  }

  /**
   * y = x·Wᵀ + b over `rows` rows of x into the caller's buffer, with the bits
   * of an evaluation-mode forward and nothing recorded for backward: for
   * Sequential.infer(), whose buffers live outside the layer.
   */
  affineInto(x: FloatArray, rows: number, y: FloatArray): void {
    this.affine(this.effectiveWeight(false), x, rows, y);
  }

  private affine(W: Matrix, x: FloatArray, rows: number, y: FloatArray): void {
    const b = this.bias?.value.data;
    if (b && this.nOut >= FILL_MIN_COLS) {
      fillRows(y, b, rows, this.nOut);
      gemm(false, true, rows, this.nOut, this.nIn, x, W.data, y, true);
    } else {
      gemm(false, true, rows, this.nOut, this.nIn, x, W.data, y);
      if (b) addRowVector(y, b, rows, this.nOut);
    }
  }

  backward(dy: Matrix, needInputGrad: boolean): Matrix | null {
    const x = this.x;
    if (!x) throw new Error(`${this}: backward before forward`);
    const { nIn, nOut } = this;
    const sn = this.sn;
    gemm(true, false, nOut, nIn, dy.rows, dy.data, x.data, sn ? sn.gsn.data : this.weight.grad.data);
    if (sn) {
      spectralNormBackward(
        this.weight.grad.data,
        sn.gsn.data,
        this.weight.value.data,
        sn.u.data,
        sn.v.data,
        sn.sigma,
        nOut,
        nIn,
      );
    }
    if (this.bias) columnSums(this.bias.grad.data, dy.data, dy.rows, nOut);
    if (!needInputGrad) return null;
    const dx = this.dxBuf.get(dy.rows);
    gemm(false, false, dy.rows, nIn, nOut, dy.data, (sn ? sn.wsn : this.weight.value).data, dx.data);
    return dx;
  }

  /**
   * For a kernel that computes this layer outside forward() (the fused dense
   * path): records x as the latest input, as forward() would, and returns the
   * output buffer to fill.
   */
  recordForward(x: Matrix): Matrix {
    this.x = x;
    return this.out.get(x.rows);
  }

  /** The buffer backward() returns dL/dx in, for a kernel that computes it outside backward(). */
  inputGradBuffer(rows: number): Matrix {
    return this.dxBuf.get(rows);
  }

  get hasSpectralNorm(): boolean {
    return this.sn !== null;
  }

  /**
   * The weight the forward uses: W itself, or W/σ(W). Training steps advance the
   * power iteration; evaluation reuses the stored vectors, as PyTorch does.
   */
  effectiveWeight(training: boolean): Matrix {
    const sn = this.sn;
    if (!sn) return this.weight.value;
    const W = this.weight.value.data;
    if (training) powerIterate(W, sn.u.data, sn.v.data, this.nOut, this.nIn, sn.iterations);
    sn.sigma = sigmaEstimate(W, sn.u.data, sn.v.data, this.nOut, this.nIn);
    spectralNormForward(sn.wsn.data, W, sn.sigma, this.nOut * this.nIn);
    return sn.wsn;
  }

  /** Sets W (nOut rows of nIn numbers) and b from plain arrays, e.g. to write an exact construction by hand. */
  setWeights(weight: readonly (readonly number[])[], bias?: readonly number[]): this {
    const W = fromRows(weight, 'float64');
    if (W.rows !== this.nOut || W.cols !== this.nIn) {
      throw new Error(
        `${this}: weight must be ${this.nOut} rows of ${this.nIn} numbers, got ${W.rows}x${W.cols}`,
      );
    }
    this.weight.value.data.set(W.data);
    if (bias !== undefined) {
      if (!this.bias) throw new Error(`${this} has no bias; build it with bias: true to set one`);
      if (bias.length !== this.nOut)
        throw new Error(`${this}: bias must have ${this.nOut} numbers, got ${bias.length}`);
      this.bias.value.data.set(bias);
    }
    this.resetSpectralVectors();
    return this;
  }

  /**
   * Restarts the power iteration from a fixed vector and runs 15 steps, as PyTorch
   * does at registration; call after changing W by hand or by an initialiser.
   */
  resetSpectralVectors(): void {
    const sn = this.sn;
    if (!sn) return;
    for (let i = 0; i < this.nOut; i++) sn.u.data[i] = 1 + i / this.nOut;
    powerIterate(this.weight.value.data, sn.u.data, sn.v.data, this.nOut, this.nIn, 15);
  }

  getWeights(): { weight: number[][]; bias: number[] | null } {
    return { weight: toRows(this.weight.value), bias: this.bias ? Array.from(this.bias.value.data) : null };
  }

  spec(): LayerSpec {
    const s: LayerSpec = { kind: 'linear', nIn: this.nIn, nOut: this.nOut, bias: this.bias !== null };
    return this.sn ? { ...s, spectralNorm: { iterations: this.sn.iterations } } : s;
  }

  toString(): string {
    return `Linear(${this.nIn}→${this.nOut}${this.bias ? '' : ', no bias'}${this.sn ? ', spectral norm' : ''})`;
  }
}
