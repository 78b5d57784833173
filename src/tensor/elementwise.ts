/**
 * The elementwise passes a layer hands to a faster kernel when one serves it:
 * float32 relu, leaky_relu and tanh and their derivatives, and the column sums
 * of a bias gradient, in WebAssembly SIMD (src/kernels/wasm/wasmVector.ts)
 * with the same bits as the TypeScript loops.
 */
import type { DenseActivation } from '../kernels/wasm/wasmDense.js';
import { wasmVector } from '../kernels/wasm/wasmVector.js';
import type { FloatArray } from './matrix.js';
import { sumColumns } from './rowops.js';

export type { DenseActivation as FastActivation } from '../kernels/wasm/wasmDense.js';

/**
 * Values from which an activation pass runs in WebAssembly SIMD rather than
 * in the TypeScript loop: the call and its copies cost about as much as a few
 * hundred values of the loop.
 */
export const WASM_ACTIVATION_MIN = 1024;
/** Values of x from which float32 column sums run in WebAssembly SIMD (~2 ns per value in TypeScript). */
export const WASM_COLUMN_SUMS_MIN = 1024;

const FAST: ReadonlySet<string> = new Set<DenseActivation>(['relu', 'leaky_relu', 'tanh']);

/** The activation's name in the fast kernels, when it has one there and the data is float32. */
export function fastActivation(name: string, float32: boolean): DenseActivation | null {
  return float32 && FAST.has(name) ? (name as DenseActivation) : null;
}

/** y = f(x) over n values in the fast kernel; false when the caller must run its own loop. */
export function activateFast(
  name: DenseActivation,
  alpha: number,
  x: FloatArray,
  y: FloatArray,
  n: number,
): boolean {
  return (
    n >= WASM_ACTIVATION_MIN &&
    x instanceof Float32Array &&
    y instanceof Float32Array &&
    (wasmVector()?.forward(name, alpha, x, y, n) ?? false)
  );
}

/** dx = dy·f′ over n values in the fast kernel; false when the caller must run its own loop. */
export function activateBackwardFast(
  name: DenseActivation,
  alpha: number,
  dx: FloatArray,
  dy: FloatArray,
  x: FloatArray,
  y: FloatArray,
  n: number,
): boolean {
  return (
    n >= WASM_ACTIVATION_MIN &&
    dx instanceof Float32Array &&
    dy instanceof Float32Array &&
    x instanceof Float32Array &&
    y instanceof Float32Array &&
    (wasmVector()?.backward(name, alpha, dx, dy, x, y, n) ?? false)
  );
}

/** out[j] = Σᵢ x[i·cols + j], in the fast kernel when large and float32, else in the TypeScript loop. */
export function columnSums(out: FloatArray, x: FloatArray, rows: number, cols: number): void {
  const inWasm =
    rows * cols >= WASM_COLUMN_SUMS_MIN &&
    out instanceof Float32Array &&
    x instanceof Float32Array &&
    (wasmVector()?.columnSums(out, x, rows, cols) ?? false);
  if (!inWasm) sumColumns(out, x, rows, cols);
}
