/**
 * The fused dense path of a Sequential: each Linear, together with the
 * activation right after it when that is relu, leaky_relu or tanh, runs as one
 * WebAssembly call per direction (src/tensor/dense.ts) whenever its
 * product is small. In a 2-8-8-1 network with batch 10 every product is a few
 * hundred multiply-adds, so a GEMM call per product and a TypeScript pass per
 * bias, activation and reduction cost more than the arithmetic; one call per
 * layer halves the step. Large products keep the unfused path, whose GEMM is
 * blocked, packed and threaded.
 *
 * The layers stay the source of truth: the fused forward records its input,
 * pre-activation and activation in the layers' own buffers, so lastPass(), the
 * instruments and an unfused backward see what an unfused forward leaves.
 */

import { createDenseArena, type DenseActivation, type DenseArena, type DenseShape } from '../tensor/dense.js';
import type { Matrix } from '../tensor/matrix.js';
import { Activation } from './activationLayer.js';
import type { ForwardContext, Layer } from './layer.js';
import { Linear } from './linear.js';

/**
 * When a layer takes the fused path, in multiply-adds of its product
 * (rows·nIn·nOut), measured with bench/breakdown.ts against the unfused path:
 * up to FUSED_MAX_WORK for any shape, where calls and passes dominate; and up
 * to SKINNY_MAX_WORK for layers of at most SKINNY_MAX_IN inputs, where the
 * product is a few multiply-adds per output and the elementwise passes
 * dominate at any size (1024×2→4096: 2.1× faster fused). Between the two the
 * unfused GEMM, blocked and packed, is faster (64×64 with 10 rows: 0.66×).
 */
export const FUSED_MAX_WORK = 8192;
export const SKINNY_MAX_WORK = 1 << 23;
export const SKINNY_MAX_IN = 4;

/** Rows up to which a Linear of this shape takes the fused path (0: never). */
export function fusedMaxRows(nIn: number, nOut: number): number {
  const maxWork = nIn <= SKINNY_MAX_IN ? SKINNY_MAX_WORK : FUSED_MAX_WORK;
  return Math.floor(maxWork / (nIn * nOut));
}

const FUSABLE: ReadonlySet<string> = new Set<DenseActivation>(['relu', 'leaky_relu', 'tanh']);

interface LayerUnit {
  readonly layer: Layer;
  readonly linear: null;
}

interface DenseUnit {
  readonly layer: null;
  readonly linear: Linear;
  /** The Linear's index in the Sequential. */
  readonly index: number;
  /** The activation fused after the Linear, or null. */
  readonly act: Activation | null;
  readonly actName: DenseActivation;
  readonly slot: number;
  /** Rows up to which this unit's product is small enough to fuse. */
  readonly maxRows: number;
  /** Whether the latest forward fused this unit: its backward must match. */
  fused: boolean;
}

type Unit = LayerUnit | DenseUnit;

export class DensePlan {
  private constructor(
    private readonly units: Unit[],
    private readonly arena: DenseArena,
  ) {}

  /** A plan for these float32 layers, or null when none can fuse or WebAssembly SIMD is missing. */
  static build(layers: readonly Layer[]): DensePlan | null {
    const units: Unit[] = [];
    const shapes: DenseShape[] = [];
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i];
      if (!(layer instanceof Linear) || layer.dtype !== 'float32' || layer.hasSpectralNorm) {
        units.push({ layer, linear: null });
        continue;
      }
      const maxRows = fusedMaxRows(layer.nIn, layer.nOut);
      if (maxRows === 0) {
        units.push({ layer, linear: null });
        continue;
      }
      const next = layers[i + 1];
      const act = next instanceof Activation && FUSABLE.has(next.name) ? next : null;
      units.push({
        layer: null,
        linear: layer,
        index: i,
        act,
        actName: act ? (act.name as DenseActivation) : 'identity',
        slot: shapes.length,
        maxRows,
        fused: false,
      });
      shapes.push({ nIn: layer.nIn, nOut: layer.nOut, maxRows, hasActivation: act !== null });
      if (act) i++;
    }
    if (shapes.length === 0) return null;
    const arena = createDenseArena(shapes);
    return arena ? new DensePlan(units, arena) : null;
  }

  forward(x: Matrix, ctx: ForwardContext): Matrix {
    const rows = x.rows;
    this.arena.reserve(rows);
    let h = x;
    for (let k = 0; k < this.units.length; k++) {
      const u = this.units[k];
      if (u.layer) {
        h = u.layer.forward(h, ctx);
        continue;
      }
      const { linear, act } = u;
      const data = h.data;
      u.fused = rows <= u.maxRows && data instanceof Float32Array;
      if (!u.fused) {
        h = linear.forward(h, ctx);
        if (act) h = act.forward(h);
        continue;
      }
      const z = linear.recordForward(h);
      const y = act ? act.recordForward(z) : null;
      const bias = linear.bias;
      this.arena.forward(
        u.slot,
        rows,
        data as Float32Array,
        linear.weight.value.data as Float32Array,
        bias ? (bias.value.data as Float32Array) : null,
        z.data as Float32Array,
        y ? (y.data as Float32Array) : null,
        u.actName,
        act ? act.alpha : 0,
      );
      h = y ?? z;
    }
    return h;
  }

  /** Indices of the Linear layers the latest forward ran fused. */
  fusedLayers(): number[] {
    const out: number[] = [];
    for (const u of this.units) if (u.linear && u.fused) out.push(u.index);
    return out;
  }

  backward(dy: Matrix, inputGrad: boolean): Matrix | null {
    let g: Matrix | null = dy;
    for (let k = this.units.length - 1; k >= 0; k--) {
      const u = this.units[k];
      const need = k > 0 || inputGrad;
      if (u.layer) {
        g = u.layer.backward(g as Matrix, need);
        continue;
      }
      const { linear, act } = u;
      if (!u.fused) {
        if (act) g = act.backward(g as Matrix, true);
        g = linear.backward(g as Matrix, need);
        continue;
      }
      const d = g as Matrix;
      const dx = need ? linear.inputGradBuffer(d.rows) : null;
      const bias = linear.bias;
      this.arena.backward(
        u.slot,
        d.data as Float32Array,
        linear.weight.grad.data as Float32Array,
        bias ? (bias.grad.data as Float32Array) : null,
        dx ? (dx.data as Float32Array) : null,
      );
      g = dx;
    }
    return g;
  }
}
