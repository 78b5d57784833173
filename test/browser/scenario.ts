/**
 * One engine run that executes unchanged in Node and in a browser page: it
 * imports only engine modules (no Node built-ins, no bare specifiers), so the
 * page loads it straight from dist/ as ES modules. Its result is plain JSON, so
 * the two runtimes' results can be compared value for value.
 */
import { mlp } from '../../src/nn/mlp.js';
import { gemmAuto, gemmReference, initWasmGemm, wasmGemmSync } from '../../src/tensor/gemm.js';
import { fromData } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { Trainer } from '../../src/train/trainer.js';

export interface ScenarioResult {
  /** Linear layers the W1-shaped net ran fused. */
  fused: number[];
  /** W1-shaped 2-8-8-1 tanh, SGD: losses at steps 0, 100, 200, 299, and every weight after 300 steps. */
  sgdLosses: number[];
  sgdParams: number[];
  /** 2-16-1 ReLU with Adam (the wasm Adam kernel where SIMD is present): every weight after 50 steps. */
  adamParams: number[];
  /** Largest |wasm or fallback GEMM − reference| on a 64×300·300×40 product, before and after initWasmGemm(). */
  gemmErrorSync: number;
  gemmErrorAsync: number;
  /** Whether a wasm GEMM kernel was available synchronously, and after initWasmGemm(). */
  wasmGemmSync: boolean;
  wasmGemmAsync: boolean;
  /** µs per W1-shaped training step after warm-up: reported, never asserted. */
  w1StepUs: number;
}

function batches(seed: number, count: number, rows: number): { x: Float32Array; y: Float32Array }[] {
  const rng = new Rng(seed);
  const out: { x: Float32Array; y: Float32Array }[] = [];
  for (let b = 0; b < count; b++) {
    const x = new Float32Array(rows * 2);
    rng.fillUniform(x, -1, 1);
    const y = new Float32Array(rows);
    for (let i = 0; i < rows; i++) y[i] = Math.fround(x[2 * i] * x[2 * i + 1] > 0 ? 0.5 : -0.5);
    out.push({ x, y });
  }
  return out;
}

function gemmError(): number {
  const M = 64;
  const N = 40;
  const K = 300;
  const rng = new Rng(7);
  const A = new Float32Array(M * K);
  const B = new Float32Array(K * N);
  rng.fillUniform(A, -1, 1);
  rng.fillUniform(B, -1, 1);
  const got = new Float32Array(M * N);
  const want = new Float64Array(M * N);
  gemmAuto(false, false, M, N, K, A, B, got, false);
  gemmReference(false, false, M, N, K, A, B, want, false);
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  return worst;
}

export async function runScenario(): Promise<ScenarioResult> {
  const data = batches(3, 30, 10);
  const model = mlp([2, 8, 8, 1], { activation: 'tanh', seed: 1 });
  const trainer = new Trainer(model, { loss: 'mse', optimizer: 'sgd', lr: 0.03 });
  const sgdLosses: number[] = [];
  for (let step = 0; step < 300; step++) {
    const { x, y } = data[step % data.length];
    const loss = trainer.step(fromData(10, 2, x), fromData(10, 1, y));
    if (step === 0 || step === 100 || step === 200 || step === 299) sgdLosses.push(loss);
  }
  const fused = model.fusedLayers();
  const sgdParams = Object.values(model.getParams()).flatMap((a) => Array.from(a));

  const adamModel = mlp([2, 16, 1], { activation: 'relu', seed: 2 });
  const adam = new Trainer(adamModel, { loss: 'mse', optimizer: 'adam', lr: 0.01 });
  for (let step = 0; step < 50; step++) {
    const { x, y } = data[step % data.length];
    adam.step(fromData(10, 2, x), fromData(10, 1, y));
  }
  const adamParams = Object.values(adamModel.getParams()).flatMap((a) => Array.from(a));

  const hadSync = wasmGemmSync() !== null;
  const gemmErrorSync = gemmError();
  const asyncKernel = await initWasmGemm();
  const gemmErrorAsync = gemmError();

  const x = fromData(10, 2, data[0].x);
  const y = fromData(10, 1, data[0].y);
  for (let i = 0; i < 20000; i++) trainer.step(x, y);
  const steps = 50000;
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) trainer.step(x, y);
  const w1StepUs = ((performance.now() - t0) * 1000) / steps;

  return {
    fused,
    sgdLosses,
    sgdParams,
    adamParams,
    gemmErrorSync,
    gemmErrorAsync,
    wasmGemmSync: hadSync,
    wasmGemmAsync: asyncKernel !== null,
    w1StepUs,
  };
}
