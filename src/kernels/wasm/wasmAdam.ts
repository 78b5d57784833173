/**
 * The WebAssembly SIMD float32 Adam step (asm/adam.ts). V8 runs the scalar
 * loop at about 6 ns per parameter, bound by its float64 divisions and square
 * roots; four float32 lanes per instruction bring it under 1 ns, the copies in
 * and out of the module's memory included (they run at memcpy speed).
 *
 * Two ways in. wasmAdam(): one shared memory that grows to the largest
 * parameter seen and takes copies of p, g, m, v each step. AdamArena: an
 * optimizer's moments live in a memory of their own, so only p and g travel.
 * Views are cached per length, so a warm training loop allocates nothing here.
 */
import { adamWasmBase64 } from './generated/adamWasm.js';
import { compileOnce } from './wasmModule.js';

interface AdamExports {
  adam(n: number, p: number, g: number, m: number, v: number, hyper: number): void;
  heapBase(): number;
}

/**
 * Updates p, m, v in place from g: one Adam step on one float32 parameter,
 * with stepSize = lr/(1 − β₁ᵗ) and invBc2Sqrt = 1/√(1 − β₂ᵗ).
 */
export type AdamKernel = (
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  beta1: number,
  beta2: number,
  eps: number,
  stepSize: number,
  invBc2Sqrt: number,
) => void;

const PAGE_BYTES = 65536;

interface Views {
  readonly p: Float32Array;
  readonly g: Float32Array;
}

interface MomentViews extends Views {
  readonly m: Float32Array;
  readonly v: Float32Array;
}

/** Bytes at the heap base that hold the step's hyperparameters (7 floats); operands follow. */
const HYPER_BYTES = 32;

/**
 * Runs the module's adam on p, g, m, v, which must be views of its memory.
 * The hyperparameters go through the memory at `hyperAt`: V8 boxes every float
 * argument of a call into wasm, which would be garbage on every step.
 */
function adamKernelOf(wasm: AdamExports, memory: WebAssembly.Memory, hyperAt: number): AdamKernel {
  let hyper = new Float32Array(memory.buffer, hyperAt, 7);
  return (p, g, m, v, beta1, beta2, eps, stepSize, invBc2Sqrt) => {
    // A grown memory detaches the old view, which then reads as empty.
    if (hyper.length === 0) hyper = new Float32Array(memory.buffer, hyperAt, 7);
    hyper[0] = beta1;
    hyper[1] = 1 - beta1;
    hyper[2] = beta2;
    hyper[3] = 1 - beta2;
    hyper[4] = stepSize;
    hyper[5] = invBc2Sqrt;
    hyper[6] = eps;
    wasm.adam(p.length, p.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, hyperAt);
  };
}

function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): AdamExports {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as AdamExports;
}

/** Bytes of n floats rounded up to whole 16-byte vectors. */
const vectorBytes = (n: number) => Math.ceil(n / 4) * 16;

/** The compiled module (under a kilobyte, so browsers compile it synchronously), or null. */
const adamModule = compileOnce(adamWasmBase64);

let heapBase: number | undefined;

/** The first 16-byte aligned byte past the module's static data: the same for every instance, so read once. */
function alignedHeapBase(module: WebAssembly.Module): number {
  heapBase ??= Math.ceil(instantiate(module, new WebAssembly.Memory({ initial: 1 })).heapBase() / 16) * 16;
  return heapBase;
}

function kernelFrom(module: WebAssembly.Module): AdamKernel {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const run = adamKernelOf(instantiate(module, memory), memory, alignedHeapBase(module));
  const base = alignedHeapBase(module) + HYPER_BYTES;
  let bytes = memory.buffer.byteLength;
  const byLength = new Map<number, MomentViews>();

  function views(n: number): MomentViews {
    let w = byLength.get(n);
    if (w) return w;
    const stride = vectorBytes(n);
    const needed = base + 4 * stride;
    if (needed > bytes) {
      memory.grow(Math.ceil((needed - bytes) / PAGE_BYTES));
      bytes = memory.buffer.byteLength;
      byLength.clear();
    }
    const at = (k: number) => new Float32Array(memory.buffer, base + k * stride, n);
    w = { p: at(0), g: at(1), m: at(2), v: at(3) };
    byLength.set(n, w);
    return w;
  }

  return (p, g, m, v, beta1, beta2, eps, stepSize, invBc2Sqrt) => {
    const n = p.length;
    const w = views(n);
    w.p.set(p);
    w.g.set(g);
    w.m.set(m);
    w.v.set(v);
    run(w.p, w.g, w.m, w.v, beta1, beta2, eps, stepSize, invBc2Sqrt);
    p.set(w.p);
    m.set(w.m);
    v.set(w.v);
  };
}

/**
 * An optimizer's Adam moments kept in a wasm memory of their own, so a step
 * copies only p and g in and p out (three of the shared kernel's seven copies;
 * in W3 the copies were more than half of Adam's time). The memory is sized
 * once, at construction, and never grows: growing would detach the moment
 * arrays, which the optimizer holds as plain Float32Arrays (views of it).
 */
export class AdamArena {
  /** Per parameter, its [m, v]: zeros, in the arena. */
  readonly moments: readonly (readonly [Float32Array, Float32Array])[];
  private readonly run: AdamKernel;
  /** Scratch p and g views by parameter length, made up front so steps allocate nothing. */
  private readonly scratch = new Map<number, Views>();

  constructor(module: WebAssembly.Module, lengths: readonly number[]) {
    const hyperAt = alignedHeapBase(module);
    const base = hyperAt + HYPER_BYTES;
    const largest = Math.max(0, ...lengths);
    const scratch = vectorBytes(largest);
    const total = base + 2 * scratch + lengths.reduce((s, n) => s + 2 * vectorBytes(n), 0);
    const memory = new WebAssembly.Memory({ initial: Math.ceil(total / PAGE_BYTES) });
    this.run = adamKernelOf(instantiate(module, memory), memory, hyperAt);
    const buffer = memory.buffer;
    for (const n of lengths) {
      const view = (at: number) => new Float32Array(buffer, at, n);
      this.scratch.set(n, { p: view(base), g: view(base + scratch) });
    }
    let at = base + 2 * scratch;
    const take = (n: number) => {
      const a = new Float32Array(buffer, at, n);
      at += vectorBytes(n);
      return a;
    };
    this.moments = lengths.map((n) => [take(n), take(n)] as const);
  }

  /** The kernel's step with m and v in place in the arena (moments): only p and g are copied. */
  readonly step: AdamKernel = (p, g, m, v, beta1, beta2, eps, stepSize, invBc2Sqrt) => {
    const n = p.length;
    const w = this.scratch.get(n);
    if (!w || m.length !== n) throw new Error(`AdamArena: no parameter of ${n} values was laid out here`);
    w.p.set(p);
    w.g.set(g);
    this.run(w.p, w.g, m, v, beta1, beta2, eps, stepSize, invBc2Sqrt);
    p.set(w.p);
  };
}

/**
 * A new arena for parameters of these lengths, or null where WebAssembly SIMD
 * is missing or the memory cannot be had (the optimizer then keeps plain arrays).
 */
export function adamArena(lengths: readonly number[]): AdamArena | null {
  const module = adamModule();
  if (!module) return null;
  let arena: AdamArena;
  try {
    arena = new AdamArena(module, lengths);
  } catch {
    return null;
  }
  return arena;
}

let kernel: AdamKernel | null | undefined;

/** The wasm Adam kernel for moments held anywhere (copied in and out each step); null where WebAssembly SIMD is unavailable. */
export function wasmAdam(): AdamKernel | null {
  if (kernel === undefined) {
    const module = adamModule();
    kernel = module ? kernelFrom(module) : null;
  }
  return kernel;
}
