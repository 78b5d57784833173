/**
 * Sequential.infer() for plain float32 MLPs: Linear layers, each optionally
 * followed by relu, leaky_relu or tanh. Every hidden layer's output lives in
 * one of two regions of a WebAssembly memory (src/kernels/wasm/wasmResident.ts):
 * the product writes it there onto the preloaded bias, the activation runs in
 * place, the next product reads it where it lies. Nothing is recorded for
 * backward or the instruments. The outputs have the bits of forward() in
 * evaluation mode: the same products on the same operands (Linear.affineInto)
 * and the activation kernel the layers use.
 */
import type { DenseActivation } from '../kernels/wasm/wasmDense.js';
import { createResidentRegions, type ResidentRegions } from '../kernels/wasm/wasmResident.js';
import { activateFast } from '../tensor/elementwise.js';
import { type FloatArray, type Matrix, Workspace } from '../tensor/matrix.js';
import { Activation } from './activationLayer.js';
import { activations } from './activations.js';
import { fusedMaxRows } from './denseFusion.js';
import type { Layer } from './layer.js';
import { Linear } from './linear.js';

/**
 * The most floats a region holds (8 MiB; 8,192 rows of a 256-wide layer):
 * the memory is kept for the model's life, so a larger batch runs forward().
 * Not split into chunks of rows: OpenBLAS's result for a row depends on how
 * many rows the product has, and infer() keeps forward()'s bits.
 */
export const RESIDENT_MAX = 1 << 21;

const RESIDENT: ReadonlySet<string> = new Set<DenseActivation>(['relu', 'leaky_relu', 'tanh']);

interface Unit {
  readonly linear: Linear;
  readonly act: DenseActivation | null;
  readonly alpha: number;
}

export class InferencePlan {
  private readonly out: Workspace;
  /** The widest hidden output: it sizes the regions. */
  private readonly widest: number;
  /** Rows up to which some layer takes the fused dense path in forward(), which is faster there. */
  private readonly fusedRows: number;

  private constructor(
    private readonly units: readonly Unit[],
    private readonly regions: ResidentRegions,
  ) {
    const last = units[units.length - 1].linear;
    this.out = new Workspace('float32', last.nOut);
    let widest = 1;
    for (let i = 0; i < units.length - 1; i++) widest = Math.max(widest, units[i].linear.nOut);
    this.widest = widest;
    let fusedRows = 0;
    for (const u of units) fusedRows = Math.max(fusedRows, fusedMaxRows(u.linear.nIn, u.linear.nOut));
    this.fusedRows = fusedRows;
  }

  /** A plan for these layers, or null when they are not a plain float32 MLP or WebAssembly SIMD is missing. */
  static build(layers: readonly Layer[]): InferencePlan | null {
    const units: Unit[] = [];
    for (let i = 0; i < layers.length; i++) {
      const linear = layers[i];
      if (!(linear instanceof Linear) || linear.dtype !== 'float32' || linear.hasSpectralNorm) return null;
      const next = layers[i + 1];
      if (next instanceof Activation) {
        if (!RESIDENT.has(next.name)) return null;
        units.push({ linear, act: next.name as DenseActivation, alpha: next.alpha });
        i++;
      } else units.push({ linear, act: null, alpha: 0 });
    }
    const regions = createResidentRegions();
    return regions ? new InferencePlan(units, regions) : null;
  }

  /**
   * The outputs for x (a view owned by the plan, valid until its next run), or
   * null when the caller should run forward() instead: x is not float32, the
   * batch needs more than RESIDENT_MAX floats per region or the memory cannot
   * grow, or `fusion` is on and the batch is small enough for the fused dense path.
   */
  run(x: Matrix, fusion: boolean): Matrix | null {
    const rows = x.rows;
    if (!(x.data instanceof Float32Array) || (fusion && rows <= this.fusedRows)) return null;
    if (rows * this.widest > RESIDENT_MAX || !this.regions.reserve(rows * this.widest)) return null;
    const units = this.units;
    const last = units.length - 1;
    let h: FloatArray = x.data;
    let k: 0 | 1 = 0;
    for (let i = 0; i < last; i++) {
      const { linear, act, alpha } = units[i];
      const n = rows * linear.nOut;
      const z = this.regions.view(k, n);
      linear.affineInto(h, rows, z);
      if (act) this.regions.activate(k, n, act, alpha);
      h = z;
      k = k === 0 ? 1 : 0;
    }
    const { linear, act, alpha } = units[last];
    const y = this.out.get(rows);
    const n = rows * linear.nOut;
    linear.affineInto(h, rows, y.data);
    if (act && !activateFast(act, alpha, y.data, y.data, n))
      activations[act].forward(y.data, y.data, n, alpha);
    return y;
  }
}
