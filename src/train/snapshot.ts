/**
 * A copy of a model's parameters and buffers in arrays allocated once, so
 * "remember the last good / best weights" costs a copy per epoch and nothing more.
 */
import type { ParamValues, Sequential } from '../nn/sequential.js';
import type { FloatArray, Matrix } from '../tensor/matrix.js';

export class WeightSnapshot {
  private readonly targets: readonly { path: string; value: Matrix }[];
  private readonly copies: readonly FloatArray[];
  private filled = false;

  constructor(model: Sequential) {
    this.targets = [
      ...model.namedParams().map(({ path, param }) => ({ path, value: param.value })),
      ...model.namedBuffers().map(({ path, buffer }) => ({ path, value: buffer.value })),
    ];
    this.copies = this.targets.map((t) => t.value.data.slice());
  }

  get isFilled(): boolean {
    return this.filled;
  }

  capture(): void {
    this.targets.forEach((t, k) => {
      this.copies[k].set(t.value.data);
    });
    this.filled = true;
  }

  restore(): void {
    if (!this.filled) return;
    this.targets.forEach((t, k) => {
      t.value.data.set(this.copies[k]);
    });
  }

  /** The stored values by path (copies), parameters and buffers together as setParams takes them. */
  values(): ParamValues {
    const out: ParamValues = {};
    this.targets.forEach((t, k) => {
      out[t.path] = this.copies[k].slice();
    });
    return out;
  }

  load(values: Readonly<Record<string, ArrayLike<number>>>): void {
    this.targets.forEach((t, k) => {
      const v = values[t.path];
      if (!v || v.length !== this.copies[k].length)
        throw new Error(`snapshot lacks '${t.path}' or its size differs`);
      this.copies[k].set(v);
    });
    this.filled = true;
  }
}

/** Whether every parameter and buffer value is finite. */
export function allFinite(model: Sequential): boolean {
  for (const p of model.params()) if (!finiteArray(p.value.data)) return false;
  for (const { buffer } of model.namedBuffers()) if (!finiteArray(buffer.value.data)) return false;
  return true;
}

function finiteArray(a: FloatArray): boolean {
  for (let i = 0; i < a.length; i++) {
    // x − x is 0 for finite x and NaN for ±∞ and NaN: one test instead of two.
    if (a[i] - a[i] !== 0) return false;
  }
  return true;
}
