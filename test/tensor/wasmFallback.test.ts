/**
 * Where WebAssembly SIMD is missing, gemmAuto must fall back silently to the
 * TypeScript kernels; where it is present, the async (browser) loader must give
 * a working kernel too. The fallback runs in a child process whose
 * WebAssembly.validate rejects every module, as a runtime without SIMD would.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { initWasmGemm } from '../../src/kernels/wasm/wasmGemm.js';
import { gemmReference } from '../../src/tensor/gemm.js';

// Resolves to src/tensor/gemm.ts under tsx and to dist/src/tensor/gemm.js when built.
const gemmModule = new URL('../../src/tensor/gemm.js', import.meta.url).href;

const childScript = `
WebAssembly.validate = () => false;
const { gemmAuto, gemmBlocked, wasmGemmSync, wasmSimdSupported } = await import(${JSON.stringify(gemmModule)});
const M = 40, N = 30, K = 300;
const A = new Float32Array(M * K).map((_, i) => Math.sin(i));
const B = new Float32Array(K * N).map((_, i) => Math.cos(i));
const auto = new Float32Array(M * N);
const blocked = new Float32Array(M * N);
gemmAuto(false, false, M, N, K, A, B, auto, false);
gemmBlocked(false, false, M, N, K, A, B, blocked, false);
console.log(JSON.stringify({
  supported: wasmSimdSupported(),
  kernel: wasmGemmSync(),
  sameAsBlocked: auto.every((v, i) => v === blocked[i]),
}));
`;

describe('wasm availability', () => {
  it('without WebAssembly SIMD, gemmAuto silently runs the blocked TypeScript kernel', () => {
    const run = spawnSync(process.execPath, [...process.execArgv, '--input-type=module', '-e', childScript], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { supported: false, kernel: null, sameAsBlocked: true });
  });

  it('initWasmGemm resolves to a working kernel', async () => {
    const kernel = await initWasmGemm();
    assert.ok(kernel);
    const A = Float32Array.of(1, 2, 3, 4, 5, 6);
    const B = Float32Array.of(1, -1, 2, 0, 0.5, 1);
    const C = new Float32Array(4);
    const expected = new Float32Array(4);
    kernel(true, false, 2, 2, 3, A, B, C, false);
    gemmReference(true, false, 2, 2, 3, A, B, expected, false);
    assert.deepEqual(C, expected);
  });
});
