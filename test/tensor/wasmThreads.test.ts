/**
 * The worker pool behind the threaded wasm GEMM: a worker runs what it is
 * posted on the shared memory, and a trap inside a worker surfaces as an error
 * on the waiting thread instead of a hang, leaving the worker usable.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gemmWasmSharedBase64 } from '../../src/kernels/wasm/generated/gemmWasmShared.js';
import { type SgemmArgs, startGemmWorkers } from '../../src/kernels/wasm/wasmThreads.js';
import { gemmReference } from '../../src/tensor/gemm.js';

const PAGE = 65536;

function setup() {
  const module = new WebAssembly.Module(
    Uint8Array.from(atob(gemmWasmSharedBase64), (ch) => ch.charCodeAt(0)),
  );
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 16384, shared: true });
  const workers = startGemmWorkers(module, memory, 1);
  assert.ok(workers, 'Node 20 here has worker threads');
  return { memory, workers };
}

describe('gemm worker threads', () => {
  it('a worker computes a posted product in the shared memory', () => {
    const { memory, workers } = setup();
    const [M, N, K] = [5, 6, 7];
    // Layout: scratch from 2 MiB (the kernel needs ~1.2 MB), operands from 3 MiB.
    const work = 2 << 20;
    const a = 3 << 20;
    const b = a + 4 * M * K;
    const c = b + 4 * K * N;
    const heap = new Float32Array(memory.buffer);
    const A = Float32Array.from({ length: M * K }, (_, i) => Math.sin(i + 1));
    const B = Float32Array.from({ length: K * N }, (_, i) => Math.cos(i + 1));
    heap.set(A, a / 4);
    heap.set(B, b / 4);
    workers.args(0).set([0, 0, M, N, K, a, K, b, N, c, N, 0, work]);
    workers.post(0);
    workers.wait(0);
    const expected = new Float64Array(M * N);
    gemmReference(false, false, M, N, K, A, B, expected, false);
    const got = heap.subarray(c / 4, c / 4 + M * N);
    for (let i = 0; i < M * N; i++) assert.ok(Math.abs(got[i] - expected[i]) < 1e-5, `C[${i}]`);
  });

  it('a trap in a worker makes wait() throw, and the worker keeps serving', () => {
    const { memory, workers } = setup();
    const outside = memory.buffer.byteLength + 64 * PAGE;
    const bad: SgemmArgs = [0, 0, 64, 64, 64, outside, 64, outside, 64, outside, 64, 0, 0];
    workers.args(0).set(bad);
    workers.post(0);
    assert.throws(() => workers.wait(0), /worker thread failed/);
    const heap = new Float32Array(memory.buffer);
    const at = 3 << 20;
    heap.set([2, 3], at / 4);
    workers.args(0).set([0, 0, 1, 1, 2, at, 2, at, 1, at + 8, 1, 0, 2 << 20]);
    workers.post(0);
    workers.wait(0);
    assert.equal(heap[at / 4 + 2], 2 * 2 + 3 * 3);
  });
});
