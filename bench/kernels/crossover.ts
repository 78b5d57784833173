/**
 * Where the native BLAS overtakes the WebAssembly kernel: µs per product of
 * both on square products n³ and on the workloads' products (shapes.ts), timed
 * in alternation (A, B, A, B …) so a shared machine's load hits both alike.
 * The fixed table in src/kernels/native/install.node.ts comes from this.
 * Run: npm run build && node dist/bench/kernels/crossover.js [float64]
 */

import { gemmBlocked } from '../../src/kernels/gemmBlocked.js';
import { BLAS_CANDIDATES, loadBlas } from '../../src/kernels/native/blas.node.js';
import { type GemmKernel, wasmGemmSync } from '../../src/tensor/gemm.js';
import { type GemmShape, workloads } from './shapes.js';

const f64 = process.argv.includes('float64');
const blas = loadBlas(process.env.MLP_LAB_BLAS || BLAS_CANDIDATES[0]);
const other: GemmKernel = f64 ? gemmBlocked : (wasmGemmSync() as GemmKernel);
const make = (n: number) => {
  const a = f64 ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.sin(i);
  return a;
};

function timeUs(
  k: GemmKernel,
  s: GemmShape,
  A: Float32Array | Float64Array,
  B: typeof A,
  C: typeof A,
): number {
  const work = s.M * s.N * s.K;
  const iters = Math.max(1, Math.min(20000, Math.floor(2e7 / (work + 2000))));
  const t = performance.now();
  for (let i = 0; i < iters; i++) k(s.transA, s.transB, s.M, s.N, s.K, A, B, C, false);
  return ((performance.now() - t) * 1000) / iters;
}

function compare(s: GemmShape): string {
  const A = make(s.M * s.K);
  const B = make(s.K * s.N);
  const C = make(s.M * s.N);
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < 7; r++) {
    a.push(timeUs(other, s, A, B, C));
    b.push(timeUs(blas.gemm, s, A, B, C));
  }
  const med = (x: number[]) => x.sort((p, q) => p - q)[x.length >> 1];
  const [wa, na] = [med(a), med(b)];
  const op = `${s.transA ? 'T' : 'N'}${s.transB ? 'T' : 'N'}`;
  return `${s.workload.padEnd(22)} ${s.name.padEnd(8)} ${op} ${`${s.M}×${s.N}×${s.K}`.padEnd(14)} work ${String(s.M * s.N * s.K).padStart(9)}  ${f64 ? 'blocked' : 'wasm'} ${wa.toFixed(2).padStart(9)} µs  blas ${na.toFixed(2).padStart(9)} µs  ${(wa / na).toFixed(2)}×`;
}

console.log(`${blas.library} (${blas.config}), ${blas.threads()} thread(s), ${f64 ? 'float64' : 'float32'}`);
const shapes: GemmShape[] = [];
for (const n of [4, 8, 12, 16, 24, 32, 40, 48, 64, 96, 128]) {
  for (const [transA, transB] of [
    [false, true],
    [false, false],
    [true, false],
  ] as const) {
    shapes.push({ workload: `square ${n}`, name: '', transA, transB, M: n, N: n, K: n });
  }
}
shapes.push(
  ...workloads,
  ...[[256, 64, 64]].flatMap(([M, N, K]) => [
    { workload: '1-64-64-1 b256 train', name: 'L2 fwd', transA: false, transB: true, M, N, K },
    { workload: '1-64-64-1 b256 train', name: 'L2 dx', transA: false, transB: false, M, N, K },
    { workload: '1-64-64-1 b256 train', name: 'L2 dW', transA: true, transB: false, M: N, N: K, K: M },
  ]),
);
for (const s of shapes) console.log(compare(s));
