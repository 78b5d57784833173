/**
 * GEMM micro-benchmark: GFLOP/s of every kernel on the products of the tuned
 * workloads (shapes.ts). Float32 operands, fixed seed, median of a few timed
 * repeats. Run: node --import tsx bench/kernels/gemm.bench.ts [--quick] [--json]
 */

import { createWasmGemm, wasmGemmSync } from '../../src/kernels/wasm/wasmGemm.js';
import { availableCores } from '../../src/kernels/wasm/wasmThreads.js';
import { type GemmKernel, gemmAuto, gemmBlocked, gemmLoops, gemmReference } from '../../src/tensor/gemm.js';
import { Rng } from '../../src/tensor/rng.js';
import { flops, type GemmShape, workloads } from './shapes.js';

const quick = process.argv.includes('--quick');
const json = process.argv.includes('--json');
const repeatMs = quick ? 40 : 150;
const repeats = quick ? 3 : 5;

const kernels: [string, GemmKernel][] = [
  ['reference', gemmReference],
  ['loops', gemmLoops],
  ['blocked', gemmBlocked],
];
const wasm = wasmGemmSync();
if (wasm)
  kernels.push(['wasm-1t', createWasmGemm({ threads: 1 })], [`wasm-${Math.min(4, availableCores())}t`, wasm]);
kernels.push(['auto', gemmAuto]);

function operands(s: GemmShape, rng: Rng) {
  const a = new Float32Array(s.M * s.K);
  const b = new Float32Array(s.K * s.N);
  rng.fillUniform(a, -1, 1);
  rng.fillUniform(b, -1, 1);
  return { a, b, c: new Float32Array(s.M * s.N) };
}

/** Median GFLOP/s over `repeats` runs of enough calls to last about repeatMs. */
function gflops(kernel: GemmKernel, s: GemmShape, rng: Rng): number {
  const { a, b, c } = operands(s, rng);
  const call = () => kernel(s.transA, s.transB, s.M, s.N, s.K, a, b, c, false);
  const t0 = performance.now();
  call();
  const once = Math.max(performance.now() - t0, 1e-4);
  const n = Math.max(1, Math.round(repeatMs / once));
  for (let i = 0; i < Math.min(n, 20); i++) call();
  const rates: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    for (let i = 0; i < n; i++) call();
    rates.push((flops(s) * n) / ((performance.now() - t) * 1e6));
  }
  rates.sort((x, y) => x - y);
  return rates[rates.length >> 1];
}

const rng = new Rng(20240601);
const rows = workloads.map((s) => {
  const rates: Record<string, number> = {};
  for (const [name, kernel] of kernels) rates[name] = gflops(kernel, s, rng);
  return { workload: s.workload, product: s.name, shape: `${s.M}x${s.N}x${s.K}`, rates };
});

if (json) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const names = kernels.map(([n]) => n);
  console.log(
    ['workload'.padEnd(28), 'product'.padEnd(8), 'MxNxK'.padEnd(14), ...names.map((n) => n.padStart(9))].join(
      ' ',
    ),
  );
  for (const r of rows) {
    const cells = names.map((n) => r.rates[n].toFixed(2).padStart(9));
    console.log([r.workload.padEnd(28), r.product.padEnd(8), r.shape.padEnd(14), ...cells].join(' '));
  }
  console.log(
    'GFLOP/s (2·M·N·K per call), float32; wasm-Nt uses N threads; timings are noisy on a shared machine.',
  );
}
