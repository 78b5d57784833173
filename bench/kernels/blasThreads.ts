/**
 * Where the native BLAS's second thread starts to pay: µs per product on one
 * thread and on the library's default count, over the workloads' products
 * (shapes.ts) in order of work, timed in alternation (1, n, 1, n …) so a
 * shared machine's load hits both alike. ONE_THREAD_WORK in
 * src/kernels/native/blas.node.ts comes from this and from whole steps timed
 * both ways (docs/performance.md): a product timed alone keeps its operands in
 * one core's cache, so it understates what a split costs inside a step.
 * Run: npm run build && node dist/bench/kernels/blasThreads.js
 */

import { BLAS_CANDIDATES, loadBlas } from '../../src/kernels/native/blas.node.js';
import { type GemmShape, mlpProducts, workloads } from './shapes.js';

// [0, 0]: the library's own choice of threads for every product, the thing measured here.
const blas = loadBlas(process.env.MLP_LAB_BLAS || BLAS_CANDIDATES[0], [0, 0]);
const many = blas.threads();

function timeUs(threads: number, s: GemmShape, A: Float32Array, B: Float32Array, C: Float32Array): number {
  blas.setThreads(threads);
  const work = s.M * s.N * s.K;
  const iters = Math.max(1, Math.min(20000, Math.floor(5e7 / (work + 2000))));
  const t = performance.now();
  for (let i = 0; i < iters; i++) blas.gemm(s.transA, s.transB, s.M, s.N, s.K, A, B, C, false);
  return ((performance.now() - t) * 1000) / iters;
}

function compare(s: GemmShape): string {
  const make = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i));
  const [A, B, C] = [make(s.M * s.K), make(s.K * s.N), make(s.M * s.N)];
  const one: number[] = [];
  const all: number[] = [];
  for (let r = 0; r < 9; r++) {
    one.push(timeUs(1, s, A, B, C));
    all.push(timeUs(many, s, A, B, C));
  }
  const med = (x: number[]) => x.sort((p, q) => p - q)[x.length >> 1];
  const [t1, tn] = [med(one), med(all)];
  const op = `${s.transA ? 'T' : 'N'}${s.transB ? 'T' : 'N'}`;
  return `${s.workload.padEnd(26)} ${s.name.padEnd(7)} ${op} ${`${s.M}×${s.N}×${s.K}`.padEnd(14)} work ${String(s.M * s.N * s.K).padStart(9)}  1 thread ${t1.toFixed(1).padStart(8)} µs  ${many} threads ${tn.toFixed(1).padStart(8)} µs  ${(t1 / tn).toFixed(2)}×`;
}

console.log(`${blas.library} (${blas.config}), float32, 1 thread against ${many}`);
const shapes = [...workloads, ...mlpProducts('1-64-64-1 b256 train', [1, 64, 64, 1], 256)];
for (const s of shapes.sort((a, b) => a.M * a.N * a.K - b.M * b.N * b.K)) console.log(compare(s));
blas.setThreads(many);
