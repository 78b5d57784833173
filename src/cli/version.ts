import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ONE_THREAD_WORK } from '../kernels/native/blas.node.js';
import { backendInfo } from '../kernels/native/install.node.js';

/** The version in package.json, found by walking up from this file (it runs from src/ under tsx and from dist/src/ when built). */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'mlp-lab' && pkg.version) return pkg.version;
    } catch {
      // not here: keep walking up
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

/**
 * What `mlp-lab --version` prints: the version on the first line (scripts read
 * it), then the matrix-product backend, the BLAS library and its thread count.
 */
export function versionText(): string {
  const info = backendInfo();
  const [from, below] = ONE_THREAD_WORK.map((n) => n.toLocaleString('en-US'));
  const oneThreadNote = ` (1 for products of ${from} to ${below} multiply-adds)`;
  const backend =
    info.backend === 'native'
      ? `backend: native BLAS for large products, WebAssembly SIMD for small ones\nblas: ${info.library}${info.config ? ` (${info.config})` : ''}\nblas threads: ${info.threads}${info.threads > 1 ? oneThreadNote : ''}`
      : `backend: ${info.backend === 'wasm' ? 'WebAssembly SIMD' : 'TypeScript'} (no native BLAS: ${info.reason})`;
  return `${packageVersion()}\n${backend}`;
}
