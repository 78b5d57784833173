/**
 * The vector kernels of asm/dense.ts on their own, for layers too large for
 * the fused dense path: activations (`activate`, `activateBackward`; W3's ReLU
 * over 128×256 values) and the column sums of a Linear's bias gradient
 * (`columnSums`).
 * V8 runs the TypeScript loops at about 2.5 ns per value; here the copies in
 * and out run at memcpy speed and the arithmetic four lanes at a time, with
 * the same bits as the TypeScript passes.
 */
import { DENSE_ACTIVATIONS, type DenseActivation, denseModule } from './wasmDense.js';
import { copyFrom, copyInto, HeapViews } from './wasmModule.js';

interface VectorExports {
  activate(z: number, y: number, n: number, act: number, alpha: number): void;
  activateBackward(dy: number, z: number, y: number, dz: number, n: number, act: number, alpha: number): void;
  columnSums(rows: number, cols: number, x: number, out: number): void;
  heapBase(): number;
}

const PAGE_BYTES = 65536;
/** Lengths whose output views are kept per region, so copy-outs allocate nothing for the sizes a training loop repeats. */
const VIEW_CACHE_MAX = 16;
/**
 * The most values one pass takes here: the memory holds three regions of the
 * largest pass and is kept for the life of the process, so it stays under
 * 48 MiB; larger passes (inference over a whole data set) take the TypeScript loop.
 */
export const WASM_VECTOR_MAX = 1 << 22;

export class WasmVector {
  private readonly wasm: VectorExports;
  private readonly memory: WebAssembly.Memory;
  private readonly base: number;
  private heap: Float32Array;
  /** Floats per operand region in the current layout: three regions, back to back, at a, b, c. */
  private stride = 0;
  private a = 0;
  private b = 0;
  private c = 0;
  /** Views of regions b (forward output) and c (backward output), by length. */
  private readonly bViews = new HeapViews(VIEW_CACHE_MAX);
  private readonly cViews = new HeapViews(VIEW_CACHE_MAX);

  constructor(module: WebAssembly.Module) {
    this.memory = new WebAssembly.Memory({ initial: 1 });
    this.wasm = new WebAssembly.Instance(module, { env: { memory: this.memory } })
      .exports as unknown as VectorExports;
    this.base = Math.ceil(this.wasm.heapBase() / 16) * 4;
    this.heap = new Float32Array(this.memory.buffer);
  }

  /** y = f(x) over n values; false (nothing done) when n is over WASM_VECTOR_MAX or the memory cannot grow. */
  forward(act: DenseActivation, alpha: number, x: Float32Array, y: Float32Array, n: number): boolean {
    if (!this.reserve(n)) return false;
    const { a, b, heap } = this;
    copyInto(heap, x, n, a);
    this.wasm.activate(4 * a, 4 * b, n, DENSE_ACTIVATIONS[act], alpha);
    copyFrom(y, heap, b, n, this.bViews);
    return true;
  }

  /** dx = dy ⊙ f′(x) over n values (y = f(x) is what tanh′ reads); false as for forward. */
  backward(
    act: DenseActivation,
    alpha: number,
    dx: Float32Array,
    dy: Float32Array,
    x: Float32Array,
    y: Float32Array,
    n: number,
  ): boolean {
    if (!this.reserve(n)) return false;
    const { a, b, c, heap } = this;
    copyInto(heap, dy, n, a);
    copyInto(heap, act === 'tanh' ? y : x, n, b);
    this.wasm.activateBackward(4 * a, 4 * b, 4 * b, 4 * c, n, DENSE_ACTIVATIONS[act], alpha);
    copyFrom(dx, heap, c, n, this.cViews);
    return true;
  }

  /**
   * out = the column sums of the rows×cols matrix x, rows in order (the bits of
   * rowops.ts's sumColumns): a Linear's bias gradient. False as for forward.
   */
  columnSums(out: Float32Array, x: Float32Array, rows: number, cols: number): boolean {
    const n = rows * cols;
    // At least cols floats, padded: out's region must hold whole vectors of cols even with no rows.
    if (!this.reserve(Math.max(n, cols))) return false;
    const { a, b, heap } = this;
    copyInto(heap, x, n, a);
    this.wasm.columnSums(rows, cols, 4 * a, 4 * b);
    copyFrom(out, heap, b, cols, this.bViews);
    return true;
  }

  /** Makes each of the three regions hold n floats (padded to whole vectors), growing the memory if needed. */
  private reserve(n: number): boolean {
    if (n <= this.stride) return true;
    if (n > WASM_VECTOR_MAX) return false;
    const stride = Math.ceil(Math.min(Math.max(n, 2 * this.stride), WASM_VECTOR_MAX) / 4) * 4;
    const bytes = 4 * (this.base + 3 * stride);
    const have = this.memory.buffer.byteLength;
    try {
      if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE_BYTES));
    } catch {
      return false;
    }
    this.heap = new Float32Array(this.memory.buffer);
    this.bViews.clear();
    this.cViews.clear();
    this.stride = stride;
    this.a = this.base;
    this.b = this.base + stride;
    this.c = this.base + 2 * stride;
    return true;
  }
}

let instance: WasmVector | null | undefined;

/** The shared vector kernels, or null where the module is unavailable (denseModule). */
export function wasmVector(): WasmVector | null {
  if (instance === undefined) {
    const m = denseModule();
    instance = m ? new WasmVector(m) : null;
  }
  return instance;
}
