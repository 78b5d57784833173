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
