/**
 * The native BLAS backend (src/kernels/native/): it loads (CI installs
 * OpenBLAS, so a missing library fails here with the reason), its products
 * agree with the reference in every transposition and precision, gemmAuto
 * hands it exactly the products from the crossover table, training is the
 * same bits run after run on it and within float32 tolerance of the
 * WebAssembly backend, and MLP_LAB_BLAS turns it off or points it elsewhere.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadBlas, ONE_THREAD_WORK } from '../../src/kernels/native/blas.node.js';
import {
  backendInfo,
  installNativeBlas,
  NATIVE_MIN_WORK_F32,
  NATIVE_MIN_WORK_F64,
  setBlasThreads,
} from '../../src/kernels/native/install.node.js';
import { mlp } from '../../src/nn/mlp.js';
import { Optimizer } from '../../src/optim/optimizer.js';
import { type GemmKernel, gemm, gemmReference, nativeGemm, setNativeGemm } from '../../src/tensor/gemm.js';
import { type FloatArray, fromData } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { createLoss } from '../../src/train/losses/index.js';

const defaultThreads = backendInfo().threads;
after(() => {
  installNativeBlas();
  if (defaultThreads > 0) setBlasThreads(defaultThreads);
});

function filled(make: (n: number) => FloatArray, n: number, rng: Rng): FloatArray {
  const a = make(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal();
  return a;
}

function native(): GemmKernel {
  const n = nativeGemm();
  assert.ok(n, `no native BLAS installed: ${backendInfo().reason}`);
  return n.kernel;
}

/** Trains a 784-64-64-10 ReLU MLP with Adam for a few steps on fixed batches; returns its parameters. */
function train(steps: number): Float32Array[] {
  const model = mlp([784, 64, 64, 10], { activation: 'relu', seed: 3 });
  const opt = new Optimizer(model, { name: 'adam', lr: 1e-3 });
  const loss = createLoss('cross_entropy');
  const rng = new Rng(4);
  const rows = 96;
  const x = fromData(
    rows,
    784,
    filled((n) => new Float32Array(n), rows * 784, rng),
  );
  const y = fromData(
    rows,
    1,
    Float32Array.from({ length: rows }, (_, i) => i % 10),
  );
  for (let s = 0; s < steps; s++) {
    loss.forward(model.forward(x, { training: true }), y);
    model.backward(loss.backward());
    opt.step(1e-3);
  }
  return model.params().map((p) => Float32Array.from(p.value.data));
}

describe('native BLAS backend', () => {
  it('loads the system BLAS at start-up and says which, with its thread count', () => {
    const info = backendInfo();
    assert.equal(info.backend, 'native', `CI installs OpenBLAS (.ci/run); here: ${info.reason}`);
    assert.ok(info.library);
    assert.ok(info.threads >= 1);
  });

  it('agrees with the reference product in every transposition, both precisions, with and without accumulate', () => {
    const kernel = native();
    const rng = new Rng(1);
    for (const [make, tol] of [
      [(n: number) => new Float32Array(n), 1e-5],
      [(n: number) => new Float64Array(n), 1e-12],
    ] as const) {
      for (const [M, N, K] of [
        [1, 1, 1],
        [3, 70, 5],
        [64, 33, 300],
        [129, 17, 65],
      ]) {
        for (const transA of [false, true]) {
          for (const transB of [false, true]) {
            for (const accumulate of [false, true]) {
              const A = filled(make, M * K, rng);
              const B = filled(make, K * N, rng);
              const C0 = filled(make, M * N, rng);
              const got = C0.slice();
              const want = C0.slice();
              kernel(transA, transB, M, N, K, A, B, got, accumulate);
              gemmReference(transA, transB, M, N, K, A, B, want, accumulate);
              const what = `${M}×${N}×${K} ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} acc=${accumulate}`;
              // Sums of K standard-normal products are about √K in size, whatever the cancellation.
              const scale = Math.sqrt(K) + 1;
              for (let i = 0; i < want.length; i++) {
                assert.ok(Math.abs(got[i] - want[i]) <= tol * Math.max(scale, Math.abs(want[i])), what);
              }
            }
          }
        }
      }
    }
  });

  it('writes through subarray views, handles K = 0 and M = 0, and sends mixed precisions to the blocked kernel', () => {
    const kernel = native();
    const backing = new Float32Array(4 + 6).fill(7);
    const A = Float32Array.from([1, 2, 3, 4]);
    const B = Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1]).subarray(0, 6);
    kernel(false, false, 2, 3, 2, A, B, backing.subarray(4), false);
    assert.deepEqual(Array.from(backing), [7, 7, 7, 7, 1, 2, 0, 3, 4, 0]);
    const C = new Float32Array(6).fill(5);
    kernel(false, false, 2, 3, 0, new Float32Array(0), new Float32Array(0), C, false);
    assert.deepEqual(Array.from(C), [0, 0, 0, 0, 0, 0]);
    C.fill(5);
    kernel(false, false, 2, 3, 0, new Float32Array(0), new Float32Array(0), C, true);
    kernel(false, false, 0, 3, 2, new Float32Array(0), new Float32Array(6), C, false);
    assert.deepEqual(Array.from(C), [5, 5, 5, 5, 5, 5]);
    const mixed = new Float64Array(4);
    kernel(
      false,
      false,
      2,
      2,
      2,
      Float64Array.from([1, 2, 3, 4]),
      Float32Array.from([1, 0, 0, 1]),
      mixed,
      false,
    );
    assert.deepEqual(Array.from(mixed), [1, 2, 3, 4]);
  });

  it('takes exactly the products the crossover table gives it', () => {
    const installed = nativeGemm();
    assert.ok(installed);
    const seen: number[] = [];
    setNativeGemm({
      ...installed,
      kernel: (tA, tB, M, N, K, A, B, C, acc) => {
        seen.push(M * N * K);
        installed.kernel(tA, tB, M, N, K, A, B, C, acc);
      },
    });
    try {
      const run = (M: number, N: number, K: number, make: (n: number) => FloatArray) =>
        gemm(false, true, M, N, K, make(M * K), make(N * K), make(M * N));
      const f32 = (n: number) => new Float32Array(n);
      const f64 = (n: number) => new Float64Array(n);
      run(1, 1, NATIVE_MIN_WORK_F32 - 1, f32);
      run(1, 1, NATIVE_MIN_WORK_F32, f32);
      run(1, 1, NATIVE_MIN_WORK_F64 - 1, f64);
      run(1, 1, NATIVE_MIN_WORK_F64, f64);
      assert.deepEqual(seen, [NATIVE_MIN_WORK_F32, NATIVE_MIN_WORK_F64]);
    } finally {
      setNativeGemm(installed);
    }
  });

  it('trains to the same bits run after run, at the default thread count and at one thread', () => {
    native();
    assert.deepEqual(train(4), train(4));
    assert.ok(setBlasThreads(1));
    assert.equal(backendInfo().threads, 1);
    assert.deepEqual(train(4), train(4));
    setBlasThreads(defaultThreads);
  });

  it('runs products in ONE_THREAD_WORK with the bits of one thread, and gives the thread count back', () => {
    const library = backendInfo().library;
    assert.ok(library, backendInfo().reason);
    const own = loadBlas(library, [0, 0]);
    const ours = native();
    const threads = backendInfo().threads;
    const [from, below] = ONE_THREAD_WORK;
    const rng = new Rng(9);
    // W3's output layer at batch 1024 (inside the range), one product below it and one above.
    for (const [M, N, K] of [
      [1024, 10, 256],
      [32, 32, 32],
      [256, 256, 64],
    ]) {
      const inside = M * N * K >= from && M * N * K < below;
      assert.equal(inside, M === 1024);
      for (const [transA, transB] of [
        [false, true],
        [false, false],
        [true, false],
      ]) {
        const what = `${M}×${N}×${K} ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'}`;
        const A = filled((n) => new Float32Array(n), M * K, rng);
        const B = filled((n) => new Float32Array(n), K * N, rng);
        const C0 = filled((n) => new Float32Array(n), M * N, rng);
        const mine = Float32Array.from(C0);
        ours(transA, transB, M, N, K, A, B, mine, true);
        assert.equal(backendInfo().threads, threads, `${what}: the thread count is back where it was`);
        const theirs = Float32Array.from(C0);
        own.setThreads(inside ? 1 : threads);
        own.gemm(transA, transB, M, N, K, A, B, theirs, true);
        own.setThreads(threads);
        assert.deepEqual(mine, theirs, what);
      }
    }
  });

  it('trains within float32 tolerance of the WebAssembly backend (MLP_LAB_BLAS=off)', () => {
    native();
    const onNative = train(6);
    assert.equal(installNativeBlas({ MLP_LAB_BLAS: 'off' }).backend, 'wasm');
    assert.equal(nativeGemm(), null);
    const onWasm = train(6);
    installNativeBlas();
    let worst = 0;
    onNative.forEach((p, k) => {
      for (let i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(p[i] - onWasm[k][i]));
    });
    assert.ok(worst < 1e-4, `largest parameter difference ${worst}`);
    assert.notDeepEqual(onNative, train(0), 'the steps moved the parameters');
  });

  it("import 'mlp-lab' in Node takes the package's node condition and gets the native backend", () => {
    const root = fileURLToPath(
      new URL(import.meta.url.endsWith('.ts') ? '../../' : '../../../', import.meta.url),
    );
    const script = "import { backendInfo } from 'mlp-lab'; process.stdout.write(backendInfo().backend);";
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
    const native = run({});
    assert.equal(native.status, 0, native.stderr);
    assert.equal(native.stdout, 'native');
    assert.equal(run({ MLP_LAB_BLAS: 'off' }).stdout, 'wasm');
  });

  it('MLP_LAB_BLAS names the library, and a path without one or without CBLAS leaves WebAssembly with the reason', () => {
    const loaded = backendInfo().library as string;
    const named = installNativeBlas({ MLP_LAB_BLAS: loaded });
    assert.equal(named.backend, 'native');
    assert.equal(named.library, loaded);
    const missing = installNativeBlas({ MLP_LAB_BLAS: '/no/such/libblas.so' });
    assert.equal(missing.backend, 'wasm');
    assert.match(missing.reason, /no\/such\/libblas\.so/);
    assert.equal(nativeGemm(), null);
    assert.equal(setBlasThreads(1), false);
    if (process.platform === 'linux') {
      const noCblas = installNativeBlas({ MLP_LAB_BLAS: 'libm.so.6' });
      assert.equal(noCblas.backend, 'wasm');
      assert.match(noCblas.reason, /cblas_sgemm/);
    }
    assert.equal(installNativeBlas({ MLP_LAB_BLAS_THREADS: '1' }).threads, 1);
    installNativeBlas();
  });
});
