/**
 * Adam's moments in an AdamArena (wasm memory of the optimizer's own) step to
 * the same bits as the shared wasm kernel that copies them in and out, through
 * Adam and AdamW, getState/setState and several parameter lengths (SIMD body
 * and scalar tails); amsgrad and float64 keep plain arrays.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wasmAdam } from '../../src/kernels/wasm/wasmAdam.js';
import type { Param } from '../../src/nn/layer.js';
import { param } from '../../src/nn/param.js';
import { Optimizer } from '../../src/optim/optimizer.js';
import type { OptimizerName, OptimizerSpec } from '../../src/optim/options.js';
import { stateKernel } from '../../src/optim/rules/adam.js';
import type { DType } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

const LENGTHS = [1, 3, 8, 17, 1001, 70_003];

function params(dtype: DType, seed: number): Param[] {
  const rng = new Rng(seed);
  return LENGTHS.map((n, i) => {
    const p = param(i % 2 ? 'bias' : 'weight', 1, n, dtype, i % 2 === 0);
    for (let k = 0; k < n; k++) p.value.data[k] = rng.normal();
    return p;
  });
}

function setGrads(ps: readonly Param[], rng: Rng): void {
  for (const p of ps) {
    const g = p.grad.data;
    for (let k = 0; k < g.length; k++) g[k] = rng.normal() * 10 ** ((k % 5) - 3);
  }
}

function optimizer(ps: readonly Param[], spec: OptimizerSpec | OptimizerName): Optimizer {
  return new Optimizer(
    ps.map((param, i) => ({ path: `p${i}`, param })),
    spec,
  );
}

/** The state of each parameter, as the optimizer holds it (not copies). */
function liveStates(opt: Optimizer): Float32Array[][] {
  return (opt as unknown as { entries: { state: Float32Array[] }[] }).entries.map((e) => e.state);
}

/**
 * The same steps with the shared kernel on plain arrays: decoupled decay as
 * the AdamW rule applies it, then one kernel call per parameter.
 */
function sharedKernelSteps(
  ps: readonly Param[],
  spec: { lr: number; weightDecay: number; decoupled: boolean },
  steps: number,
  seed: number,
) {
  const kernel = wasmAdam();
  assert.ok(kernel);
  const rng = new Rng(seed);
  const m = ps.map((p) => new Float32Array(p.value.data.length));
  const v = ps.map((p) => new Float32Array(p.value.data.length));
  for (let t = 1; t <= steps; t++) {
    setGrads(ps, rng);
    ps.forEach((p, i) => {
      const w = p.value.data as Float32Array;
      const g = p.grad.data as Float32Array;
      if (spec.decoupled && p.decay) {
        const k = 1 - spec.lr * spec.weightDecay;
        for (let j = 0; j < w.length; j++) w[j] *= k;
      } else if (!spec.decoupled && p.decay && spec.weightDecay > 0) {
        for (let j = 0; j < w.length; j++) g[j] += spec.weightDecay * w[j];
      }
      kernel(w, g, m[i], v[i], 0.9, 0.999, 1e-8, spec.lr / (1 - 0.9 ** t), 1 / Math.sqrt(1 - 0.999 ** t));
    });
  }
  return { m, v };
}

describe('AdamArena', () => {
  for (const [name, weightDecay] of [
    ['adam', 0],
    ['adam', 0.01],
    ['adamw', 0.01],
  ] as const) {
    it(`${name} (weight decay ${weightDecay}) keeps float32 moments in the arena, to the shared kernel's bits`, () => {
      const lr = 3e-3;
      const inArena = params('float32', 7);
      const plain = params('float32', 7);
      const opt = optimizer(inArena, { name, lr, weightDecay });
      for (const state of liveStates(opt)) {
        assert.ok(stateKernel(state), 'the state carries the arena kernel');
        assert.equal(state[0].buffer, state[1].buffer, 'both moments live in the arena');
      }
      const rng = new Rng(11);
      for (let t = 0; t < 6; t++) {
        setGrads(inArena, rng);
        opt.step(opt.spec.lr);
      }
      const want = sharedKernelSteps(plain, { lr, weightDecay, decoupled: name === 'adamw' }, 6, 11);
      inArena.forEach((p, i) => {
        assert.deepEqual(p.value.data, plain[i].value.data, `p${i}`);
        const s = opt.getState().slots[`p${i}`];
        assert.deepEqual(s.exp_avg, want.m[i], `p${i}.exp_avg`);
        assert.deepEqual(s.exp_avg_sq, want.v[i], `p${i}.exp_avg_sq`);
      });
    });
  }

  it('restores a state into the arena and resumes to the same bits as an uninterrupted run', () => {
    const straight = params('float32', 3);
    const resumed = params('float32', 3);
    const a = optimizer(straight, 'adam');
    const b = optimizer(resumed, 'adam');
    const ra = new Rng(5);
    const rb = new Rng(5);
    for (let t = 0; t < 3; t++) {
      setGrads(straight, ra);
      a.step(a.spec.lr);
      setGrads(resumed, rb);
      b.step(b.spec.lr);
    }
    const saved = b.getState();
    const c = optimizer(resumed, 'adam');
    c.setState(saved);
    for (const state of liveStates(c)) assert.ok(stateKernel(state));
    for (let t = 0; t < 3; t++) {
      setGrads(straight, ra);
      a.step(a.spec.lr);
      setGrads(resumed, rb);
      c.step(c.spec.lr);
    }
    straight.forEach((p, i) => {
      assert.deepEqual(resumed[i].value.data, p.value.data, `p${i}`);
    });
    assert.deepEqual(c.getState(), a.getState());
  });

  it('leaves amsgrad and float64 moments in plain arrays', () => {
    for (const state of liveStates(optimizer(params('float32', 1), { name: 'adam', amsgrad: true })))
      assert.equal(stateKernel(state), undefined);
    for (const state of liveStates(optimizer(params('float64', 1), 'adam')))
      assert.equal(stateKernel(state), undefined);
  });

  it('falls back to plain arrays and the shared kernel when the parameters mix float32 and float64', () => {
    const mixed = [...params('float32', 4).slice(0, 3), ...params('float64', 4).slice(3)];
    const opt = optimizer(mixed, 'adam');
    for (const state of liveStates(opt)) assert.equal(stateKernel(state), undefined);
    const alone = params('float32', 4).slice(0, 3);
    const reference = optimizer(alone, 'adam');
    const rng = new Rng(9);
    for (let t = 0; t < 3; t++) {
      setGrads(mixed, rng);
      alone.forEach((p, i) => {
        p.grad.data.set(mixed[i].grad.data);
      });
      opt.step(opt.spec.lr);
      reference.step(reference.spec.lr);
    }
    alone.forEach((p, i) => {
      assert.deepEqual(mixed[i].value.data, p.value.data, `p${i}`);
    });
  });

  it('refuses a parameter length it did not lay out', () => {
    const ps = params('float32', 2);
    const opt = optimizer(ps, 'adam');
    const [state] = liveStates(opt);
    const [m, v] = state;
    const kernel = stateKernel(state);
    assert.ok(kernel);
    assert.throws(
      () => kernel(new Float32Array(2), new Float32Array(2), m, v, 0.9, 0.999, 1e-8, 1e-3, 1),
      /no parameter of 2 values/,
    );
  });
});
