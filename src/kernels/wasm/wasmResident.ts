/**
 * Two activation regions resident in a WebAssembly memory of their own, for
 * Sequential.infer() (src/nn/inferencePlan.ts): a product writes a layer's
 * output straight into a region (the native BLAS through koffi, or any other
 * GEMM through the view), the activation runs in place there, and the next
 * product reads it where it lies. The training path's activation copies its
 * operand into the vector module's memory and back (wasmVector.ts): at batch
 * 1024 of a 256-wide layer that is 2 MiB of copies per layer, about a tenth of
 * the pass. The kernel is asm/dense.ts's `activate`, so the bits are those of
 * the TypeScript passes.
 */
import { DENSE_ACTIVATIONS, type DenseActivation, denseModule } from './wasmDense.js';

interface ResidentExports {
  activate(z: number, y: number, n: number, act: number, alpha: number): void;
  heapBase(): number;
}

const PAGE_BYTES = 65536;

export class ResidentRegions {
  private readonly wasm: ResidentExports;
  private readonly memory: WebAssembly.Memory;
  /** Float index of region 0; region 1 follows it after `stride` floats. */
  private readonly base: number;
  private stride = 0;
  /** The latest view of each region and its length: a forward asks for the same lengths call after call. */
  private readonly views: [Float32Array, Float32Array];

  constructor(module: WebAssembly.Module) {
    this.memory = new WebAssembly.Memory({ initial: 1 });
    this.wasm = new WebAssembly.Instance(module, { env: { memory: this.memory } })
      .exports as unknown as ResidentExports;
    this.base = Math.ceil(this.wasm.heapBase() / 16) * 4;
    this.views = [new Float32Array(0), new Float32Array(0)];
  }

  /**
   * Makes each region hold n floats (padded to whole vectors), growing the
   * memory if needed; false when it cannot grow. Growing detaches every view
   * handed out before.
   */
  reserve(n: number): boolean {
    if (n <= this.stride) return true;
    const stride = Math.ceil(n / 4) * 4;
    const bytes = 4 * (this.base + 2 * stride);
    const have = this.memory.buffer.byteLength;
    try {
      if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE_BYTES));
    } catch {
      return false;
    }
    this.stride = stride;
    this.views[0] = new Float32Array(0);
    this.views[1] = new Float32Array(0);
    return true;
  }

  /** The first n floats of region k (0 or 1), after reserve(n). */
  view(k: 0 | 1, n: number): Float32Array {
    const v = this.views[k];
    if (v.length === n && v.buffer === this.memory.buffer) return v;
    const fresh = new Float32Array(this.memory.buffer, 4 * (this.base + k * this.stride), n);
    this.views[k] = fresh;
    return fresh;
  }

  /** Region k's first n values := f(themselves), four lanes at a time. */
  activate(k: 0 | 1, n: number, act: DenseActivation, alpha: number): void {
    const at = 4 * (this.base + k * this.stride);
    this.wasm.activate(at, at, n, DENSE_ACTIVATIONS[act], alpha);
  }
}

/** Fresh regions (one memory per caller), or null where WebAssembly SIMD is missing. */
export function createResidentRegions(): ResidentRegions | null {
  const m = denseModule();
  return m ? new ResidentRegions(m) : null;
}
