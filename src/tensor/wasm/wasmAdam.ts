/**
 * The WebAssembly SIMD float32 Adam step (asm/adam.ts). V8 runs the scalar
 * loop at about 6 ns per parameter, bound by its float64 divisions and square
 * roots; four float32 lanes per instruction bring it under 1 ns, the copies in
 * and out of the module's memory included (they run at memcpy speed).
 *
 * The module's memory is private to this loader, grows to the largest
 * parameter seen, and holds p, g, m, v back to back; views of it are cached
 * per length, so a warm training loop allocates nothing here.
 */
import { adamWasmBase64 } from './generated/adamWasm.js';
import { decodeBase64 } from './wasmGemm.js';

interface AdamExports {
  adam(
    n: number,
    p: number,
    g: number,
    m: number,
    v: number,
    beta1: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    stepSize: number,
    invBc2Sqrt: number,
    eps: number,
  ): void;
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
  readonly m: Float32Array;
  readonly v: Float32Array;
}

function kernelFrom(module: WebAssembly.Module): AdamKernel {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const wasm = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as AdamExports;
  const base = Math.ceil(wasm.heapBase() / 16) * 16;
  let bytes = memory.buffer.byteLength;
  const byLength = new Map<number, Views>();

  function views(n: number): Views {
    let w = byLength.get(n);
    if (w) return w;
    const stride = Math.ceil(n / 4) * 16;
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
    const stride = w.g.byteOffset - w.p.byteOffset;
    const at = w.p.byteOffset;
    wasm.adam(
      n,
      at,
      at + stride,
      at + 2 * stride,
      at + 3 * stride,
      beta1,
      1 - beta1,
      beta2,
      1 - beta2,
      stepSize,
      invBc2Sqrt,
      eps,
    );
    p.set(w.p);
    m.set(w.m);
    v.set(w.v);
  };
}

let kernel: AdamKernel | null | undefined;

/**
 * The wasm Adam kernel, compiled on first use (the module is under a kilobyte,
 * so synchronous compilation is allowed even on a browser's main thread); null
 * where WebAssembly SIMD is unavailable.
 */
export function wasmAdam(): AdamKernel | null {
  if (kernel !== undefined) return kernel;
  try {
    kernel = kernelFrom(new WebAssembly.Module(decodeBase64(adamWasmBase64)));
  } catch {
    kernel = null;
  }
  return kernel;
}
