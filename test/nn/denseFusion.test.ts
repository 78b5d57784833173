/**
 * The fused dense path (one WebAssembly call per Linear and activation pair)
 * against the unfused layers it replaces, which the reference autodiff and the
 * finite-difference checks already pin down: outputs, every gradient, the
 * state the layers keep for the instruments, training trajectories, and the
 * rules for when it runs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { denseWasmBase64 } from '../../src/kernels/wasm/generated/denseWasm.js';
import { decodeBase64 } from '../../src/kernels/wasm/wasmModule.js';
import { Activation } from '../../src/nn/activationLayer.js';
import { activations } from '../../src/nn/activations.js';
import { BatchNorm1d } from '../../src/nn/batchnorm.js';
import { FUSED_MAX_WORK, SKINNY_MAX_IN, SKINNY_MAX_WORK } from '../../src/nn/denseFusion.js';
import { Dropout } from '../../src/nn/dropout.js';
import type { ActivationSpec, Layer } from '../../src/nn/layer.js';
import { Linear } from '../../src/nn/linear.js';
import { mlp } from '../../src/nn/mlp.js';
import { Sequential } from '../../src/nn/sequential.js';
import { gemmReference, setGemmKernel } from '../../src/tensor/gemm.js';
import { fromData, type Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { arbSeed, randomMatrix } from '../helpers/random.js';

interface Pass {
  out: Float32Array;
  dx: Float32Array;
  grads: Record<string, Float32Array | Float64Array>;
  fused: number[];
}

/**
 * Forward and backward (with the input gradient) on the fused or the unfused
 * path. Afterwards the layers' buffers and gradients are poisoned with NaN, so
 * the next pass cannot pass by leaving this one's values in place.
 */
function pass(model: Sequential, x: Matrix, dy: Matrix, fused: boolean, training = false): Pass {
  model.denseFusion = fused;
  const y = model.forward(x, { training, rng: new Rng(5) });
  const out = Float32Array.from(y.data);
  const fusedLayers = model.fusedLayers();
  const g = model.backward(dy, true) as Matrix;
  const dx = Float32Array.from(g.data);
  const grads = model.getParams('grad');
  y.data.fill(Number.NaN);
  g.data.fill(Number.NaN);
  for (const p of model.params()) p.grad.data.fill(Number.NaN);
  return { out, dx, grads, fused: fusedLayers };
}

function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string, tol = 2e-5): void {
  assert.equal(got.length, want.length, `${what}: length`);
  let scale = 1;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) {
    assert.ok(
      Math.abs(got[i] - want[i]) <= tol * scale,
      `${what}[${i}]: fused ${got[i]}, unfused ${want[i]} (scale ${scale})`,
    );
  }
}

function assertPassesAgree(model: Sequential, x: Matrix, dy: Matrix, training = false): Pass {
  const unfused = pass(model, x, dy, false, training);
  const fused = pass(model, x, dy, true, training);
  assert.deepEqual(unfused.fused, [], 'denseFusion = false leaves nothing fused');
  assertClose(fused.out, unfused.out, 'output');
  assertClose(fused.dx, unfused.dx, 'input gradient');
  for (const path of Object.keys(unfused.grads)) assertClose(fused.grads[path], unfused.grads[path], path);
  return fused;
}

function randomize(model: Sequential, rng: Rng): void {
  for (const p of model.params()) rng.fillUniform(p.value.data, -0.8, 0.8);
}

const ACTIVATIONS: ActivationSpec[] = [
  'relu',
  'tanh',
  'leaky_relu',
  { name: 'leaky_relu', alpha: 0.2 },
  'sigmoid',
  'gelu',
];

describe('fused dense path', () => {
  it('agrees with the unfused layers on random float32 MLPs: output, input gradient, every parameter gradient', () => {
    fc.assert(
      fc.property(
        arbSeed,
        fc.array(fc.integer({ min: 1, max: 13 }), { minLength: 2, maxLength: 5 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: ACTIVATIONS.length - 1 }),
        fc.boolean(),
        (seed, sizes, rows, a, bias) => {
          const rng = new Rng(seed);
          const model = mlp(sizes, { activation: ACTIVATIONS[a], bias, seed });
          randomize(model, rng);
          const x = randomMatrix(rng, rows, sizes[0], 'float32', -2, 2);
          const dy = randomMatrix(rng, rows, sizes[sizes.length - 1], 'float32');
          const fused = assertPassesAgree(model, x, dy);
          assert.deepEqual(fused.fused, model.linears().length > 0 ? expectedFused(model, rows) : []);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('fuses every small Linear, with or without a fusable activation after it', () => {
    const model = mlp([3, 8, 8, 2], { activation: 'tanh', seed: 1 });
    const rng = new Rng(2);
    assertPassesAgree(model, randomMatrix(rng, 10, 3, 'float32'), randomMatrix(rng, 10, 2, 'float32'));
    assert.deepEqual(model.fusedLayers(), [0, 2, 4]);
    const sig = mlp([3, 8, 2], { activation: 'sigmoid', seed: 1 });
    sig.forward(randomMatrix(rng, 4, 3, 'float32'));
    assert.deepEqual(sig.fusedLayers(), [0, 2], 'a Linear before an unfused activation still fuses alone');
  });

  it('runs Dropout and BatchNorm between fused layers, in training mode', () => {
    const rng = new Rng(3);
    const layers: Layer[] = [
      new Linear(4, 6),
      new Activation(6, 'relu'),
      new Dropout(6, 0.3),
      new Linear(6, 5),
      new BatchNorm1d(5),
      new Activation(5, 'tanh'),
      new Linear(5, 1),
    ];
    const model = new Sequential(layers);
    randomize(model, rng);
    const x = randomMatrix(rng, 12, 4, 'float32');
    const dy = randomMatrix(rng, 12, 1, 'float32');
    // Same rng seed for both passes, so Dropout drops the same units.
    const fused = assertPassesAgree(model, x, dy, true);
    assert.deepEqual(fused.fused, [0, 3, 6]);
  });

  it('leaves spectral-norm layers and float64 models unfused', () => {
    const snLinear = new Linear(3, 4, { spectralNorm: { iterations: 1 } });
    const sn = new Sequential([snLinear, new Activation(4, 'relu'), new Linear(4, 1)]);
    randomize(sn, new Rng(2));
    snLinear.resetSpectralVectors();
    sn.forward(randomMatrix(new Rng(1), 5, 3, 'float32'));
    assert.deepEqual(sn.fusedLayers(), [2]);
    const f64 = mlp([2, 4, 1], { dtype: 'float64', seed: 1 });
    f64.forward(randomMatrix(new Rng(1), 5, 2, 'float64'));
    assert.deepEqual(f64.fusedLayers(), []);
  });

  it('keeps the layers’ records: lastPass and traceActivations match the unfused forward exactly', () => {
    const rng = new Rng(4);
    const model = mlp([2, 8, 8, 1], { activation: 'relu', seed: 4 });
    randomize(model, rng);
    const x = randomMatrix(rng, 9, 2, 'float32');
    model.denseFusion = false;
    const want = model.traceActivations(x);
    model.denseFusion = true;
    const got = model.traceActivations(x);
    assert.deepEqual(model.fusedLayers(), [0, 2, 4]);
    for (let l = 0; l < want.length; l++) {
      assertClose(got[l].pre.data, want[l].pre.data, `pre ${l}`);
      // ReLU of the same pre-activation: the records agree exactly where pre does.
      const pre = got[l].pre.data;
      for (let i = 0; i < pre.length; i++)
        assert.equal(got[l].post.data[i], Math.fround(Math.max(pre[i], 0)));
    }
    const act = model.activationLayers()[1].lastPass();
    assert.equal(act.x.rows, 9);
  });

  it('gives the bits of the TypeScript activations, forward and backward, edge values included', () => {
    const rng = new Rng(21);
    const edges = [-20, -9.1, -3, -1e-30, -0, 0, 1e-7, 0.5, 3, 9.2, 40, Number.NaN, -Infinity, Infinity];
    const scales = [0.1, 1, 5];
    const xs = Float32Array.from([
      ...edges,
      ...Array.from({ length: 3000 }, (_, i) => rng.normal() * scales[i % 3]),
    ]);
    const n = xs.length;
    // Non-finite and signed-zero upstream gradients at active and inactive units alike.
    const dyEdges = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, -0, 0, 1e-38, -3];
    const dy = Float32Array.from({ length: n }, (_, i) =>
      i < edges.length ? 1 : i < edges.length + 70 ? dyEdges[i % dyEdges.length] : rng.normal(),
    );
    const specs: ActivationSpec[] = ['relu', 'tanh', 'leaky_relu', { name: 'leaky_relu', alpha: 0.2 }];
    for (const spec of specs) {
      const lin = new Linear(1, 1, { bias: false });
      lin.weight.value.data[0] = 1;
      const act = new Activation(1, spec);
      const model = new Sequential([lin, act]);
      const y = model.forward(fromData(n, 1, xs.slice()));
      assert.deepEqual(model.fusedLayers(), [0]);
      // The pre-activation, not xs: the product turns −0 into +0 on either path.
      const pre = act.lastPass().x.data as Float32Array;
      assert.deepEqual(
        Array.from(pre),
        Array.from(xs, (v) => v + 0),
      );
      const def = activations[act.name];
      const wantY = new Float32Array(n);
      def.forward(wantY, pre, n, act.alpha);
      for (let i = 0; i < n; i++)
        assert.ok(
          Object.is(y.data[i], wantY[i]),
          `${act} forward(${pre[i]}): fused ${y.data[i]}, TypeScript ${wantY[i]}`,
        );
      const dx = (model.backward(fromData(n, 1, dy.slice()), true) as Matrix).data;
      const wantDz = new Float32Array(n);
      def.backward(wantDz, dy, pre, wantY, n, act.alpha);
      // dx = dz·1 summed from +0, which turns a −0 into +0 on either path.
      for (let i = 0; i < n; i++) {
        assert.ok(
          Object.is(dx[i], wantDz[i] + 0),
          `${act} backward(x ${pre[i]}, dy ${dy[i]}): fused ${dx[i]}, TypeScript ${wantDz[i]}`,
        );
      }
    }
  });

  it('handles an empty batch, first or after others: zero gradients, as unfused', () => {
    const rng = new Rng(22);
    const model = mlp([4, 8, 8, 3], { activation: 'tanh', seed: 22 });
    randomize(model, rng);
    for (const rows of [0, 5, 0]) {
      const fused = assertPassesAgree(
        model,
        randomMatrix(rng, rows, 4, 'float32'),
        randomMatrix(rng, rows, 3, 'float32'),
      );
      assert.deepEqual(fused.fused, [0, 2, 4]);
      if (rows === 0) for (const g of Object.values(fused.grads)) assert.ok(g.every((v) => v === 0));
    }
    const wide = new Sequential([new Linear(4, 8192), new Activation(8192, 'relu')]);
    assert.equal(wide.forward(randomMatrix(rng, 0, 4, 'float32')).rows, 0);
    assert.deepEqual(wide.fusedLayers(), [0]);
  });

  it('leaves the layers inside residual blocks to themselves and fuses around them', () => {
    const rng = new Rng(23);
    const model = mlp([2, 8, 8, 1], { activation: 'relu', residual: true, seed: 23 });
    randomize(model, rng);
    const fused = assertPassesAgree(
      model,
      randomMatrix(rng, 6, 2, 'float32'),
      randomMatrix(rng, 6, 1, 'float32'),
    );
    const linears = model.layers.flatMap((l, i) => (l instanceof Linear ? [i] : []));
    assert.ok(model.layers.some((l) => l.kind === 'residual'));
    assert.deepEqual(fused.fused, linears);
  });

  it('follows changing batch sizes, and switches per layer at its size limit', () => {
    const rng = new Rng(6);
    const model = mlp([2, 32, 32, 1], { activation: 'relu', seed: 6 });
    randomize(model, rng);
    // 32×32 fuses up to FUSED_MAX_WORK / 1024 = 8 rows; the skinny first layer far beyond.
    const middleRows = Math.floor(FUSED_MAX_WORK / (32 * 32));
    const skinnyRows = Math.floor(SKINNY_MAX_WORK / (2 * 32));
    assert.ok(SKINNY_MAX_IN >= 2);
    for (const rows of [1, 3, middleRows, middleRows + 1, 100, 7, 2]) {
      const x = randomMatrix(rng, rows, 2, 'float32');
      const dy = randomMatrix(rng, rows, 1, 'float32');
      const fused = assertPassesAgree(model, x, dy);
      const want = [0, ...(rows <= middleRows ? [2] : []), ...(rows * 32 <= FUSED_MAX_WORK ? [4] : [])];
      assert.deepEqual(fused.fused, want, `${rows} rows`);
      assert.ok(rows <= skinnyRows);
    }
  });

  it('trains like the unfused path: 30 SGD steps on the same batches end at the same weights', () => {
    const runs = [true, false].map((fused) => {
      const model = mlp([2, 8, 8, 1], { activation: 'tanh', seed: 9 });
      model.denseFusion = fused;
      const rng = new Rng(10);
      for (let step = 0; step < 30; step++) {
        const x = randomMatrix(rng, 10, 2, 'float32');
        const out = model.forward(x, { training: true });
        const dy = fromData(
          10,
          1,
          out.data.map((v, i) => (2 * (v - Math.sin(3 * x.data[2 * i]))) / 10),
        );
        model.backward(dy);
        for (const p of model.params())
          for (let i = 0; i < p.value.data.length; i++) p.value.data[i] -= 0.1 * p.grad.data[i];
      }
      return model.getParams();
    });
    for (const path of Object.keys(runs[1])) assertClose(runs[0][path], runs[1][path], path, 1e-4);
  });

  it('runs the backward again on the same forward with the same result', () => {
    const rng = new Rng(13);
    const model = mlp([3, 6, 5, 2], { activation: 'tanh', seed: 13 });
    randomize(model, rng);
    model.forward(randomMatrix(rng, 7, 3, 'float32'));
    const dy = randomMatrix(rng, 7, 2, 'float32');
    const first = [
      Float32Array.from((model.backward(dy, true) as Matrix).data),
      ...Object.values(model.getParams('grad')),
    ];
    const second = [
      Float32Array.from((model.backward(dy, true) as Matrix).data),
      ...Object.values(model.getParams('grad')),
    ];
    assert.deepEqual(model.fusedLayers(), [0, 2, 4]);
    assert.deepEqual(second, first);
  });

  it('is the same bits on every run of the same seed', () => {
    const run = () => {
      const model = mlp([2, 8, 8, 1], { activation: 'relu', seed: 11 });
      const x = randomMatrix(new Rng(12), 10, 2, 'float32');
      const out = Float32Array.from(model.forward(x, { training: true }).data);
      model.backward(fromData(10, 1, new Float32Array(10).fill(0.1)));
      return [out, ...Object.values(model.getParams('grad'))];
    };
    assert.deepEqual(run(), run());
  });

  it('steps aside while setGemmKernel has replaced gemmAuto, so an installed kernel sees every product', () => {
    let calls = 0;
    const previous = setGemmKernel((...args) => {
      calls++;
      gemmReference(...args);
    });
    try {
      const model = mlp([2, 4, 1], { seed: 1 });
      model.forward(randomMatrix(new Rng(1), 3, 2, 'float32'));
      assert.deepEqual(model.fusedLayers(), []);
      assert.equal(calls, 2);
    } finally {
      setGemmKernel(previous);
    }
  });
});

/** Which Linear indices should fuse for this many rows, by the rule denseFusion.ts states. */
function expectedFused(model: Sequential, rows: number): number[] {
  const out: number[] = [];
  model.layers.forEach((l, i) => {
    if (!(l instanceof Linear)) return;
    const maxWork = l.nIn <= SKINNY_MAX_IN ? SKINNY_MAX_WORK : FUSED_MAX_WORK;
    if (rows * l.nIn * l.nOut <= maxWork) out.push(i);
  });
  return out;
}

describe('fused dense module', () => {
  it('stays under 4 KiB, the most some browsers compile synchronously on their main thread', () => {
    assert.ok(decodeBase64(denseWasmBase64).length < 4096);
  });

  it('falls back to the unfused layers where WebAssembly cannot compile it', () => {
    // Resolves to src/nn/mlp.ts under tsx and to dist/src/nn/mlp.js when built.
    const mlpModule = new URL('../../src/nn/mlp.js', import.meta.url).href;
    const script = `
WebAssembly.Module = function () { throw new WebAssembly.CompileError('no SIMD here'); };
const { mlp } = await import(${JSON.stringify(mlpModule)});
const model = mlp([2, 8, 1], { activation: 'tanh', seed: 1 });
const x = { rows: 3, cols: 2, data: Float32Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6) };
const y = model.forward(x);
model.backward({ rows: 3, cols: 1, data: Float32Array.of(1, 1, 1) });
console.log(JSON.stringify({ fused: model.fusedLayers(), finite: Array.from(y.data).every(Number.isFinite) }));
`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { fused: [], finite: true });
  });
});
