/** Turning the embedded base64 of a generated kernel module back into a compiled WebAssembly.Module. */

export function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * A getter that compiles the module on its first call and returns it from then
 * on; null where WebAssembly SIMD is missing or synchronous compilation is
 * refused (some browsers refuse it on their main thread for modules over 4 KiB).
 */
export function compileOnce(base64: string): () => WebAssembly.Module | null {
  let module: WebAssembly.Module | null | undefined;
  return () => {
    if (module === undefined) {
      try {
        module = new WebAssembly.Module(decodeBase64(base64));
      } catch {
        module = null;
      }
    }
    return module;
  };
}

/** Copies up to this many floats run as a scalar loop: a set() call costs about as much. */
export const SMALL_COPY = 16;

/** Copies the first n floats of src into heap at float offset `at`, the way every kernel loader feeds its module. */
export function copyInto(heap: Float32Array, src: Float32Array, n: number, at: number): void {
  if (n <= SMALL_COPY) for (let i = 0; i < n; i++) heap[at + i] = src[i];
  else heap.set(src.length === n ? src : src.subarray(0, n), at);
}

/** Copies n floats from heap at float offset `at` into dst, through a cached view when it is long. */
export function copyFrom(
  dst: Float32Array,
  heap: Float32Array,
  at: number,
  n: number,
  views: HeapViews,
): void {
  if (n <= SMALL_COPY) for (let i = 0; i < n; i++) dst[i] = heap[at + i];
  else dst.set(views.get(heap, at, n));
}

/**
 * Views of one place in a module's heap, by length: a training loop copies out
 * the same few sizes over and over, and a new subarray per copy would be
 * garbage every step. Emptied when full, so the sizes in use come back, and
 * when the heap is replaced (clear()).
 */
export class HeapViews {
  private readonly views = new Map<number, Float32Array>();

  constructor(private readonly max: number) {}

  /** The view of n floats at float offset `at` of heap; `at` must be the same on every call. */
  get(heap: Float32Array, at: number, n: number): Float32Array {
    let v = this.views.get(n);
    if (v === undefined) {
      if (this.views.size >= this.max) this.views.clear();
      v = heap.subarray(at, at + n);
      this.views.set(n, v);
    }
    return v;
  }

  clear(): void {
    this.views.clear();
  }
}
