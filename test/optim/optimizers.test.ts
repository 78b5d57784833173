/**
 * Each optimizer runs a few steps on a tiny parameter vector with given
 * gradients and is compared with a scalar re-derivation of torch.optim's
 * documented update rule, written out here independently of src/optim.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Param } from '../../src/nn/layer.js';
import { param } from '../../src/nn/param.js';
import { clipByGlobalNorm, clipByValue, globalGradNorm } from '../../src/optim/clip.js';
import { Optimizer, resolveOptimizerSpec } from '../../src/optim/optimizer.js';
import type { OptimizerSpec } from '../../src/optim/options.js';

const P0 = [0.5, -1.5, 2];
const GRADS = [
  [0.3, -0.2, 1.0],
  [-0.1, 0.4, 0.5],
  [0.25, 0.05, -0.7],
  [0.6, -0.3, 0.2],
];

function vector(values: readonly number[], decay = true): Param {
  const p = param('weight', 1, values.length, 'float64', decay);
  p.value.data.set(values);
  return p;
}

/** Runs the optimizer over GRADS; returns the parameter after each step. */
function run(spec: OptimizerSpec, lrs?: readonly number[], decay = true): number[][] {
  const p = vector(P0, decay);
  const opt = new Optimizer([{ path: 'w', param: p }], spec);
  return GRADS.map((g, t) => {
    p.grad.data.set(g);
    opt.step(lrs?.[t] ?? opt.spec.lr);
    return Array.from(p.value.data);
  });
}

function assertClose(actual: number[][], expected: number[][], tol = 1e-13): void {
  actual.forEach((row, t) => {
    row.forEach((v, i) => {
      assert.ok(
        Math.abs(v - expected[t][i]) <= tol * Math.max(1, Math.abs(expected[t][i])),
        `step ${t + 1}, entry ${i}: got ${v}, expected ${expected[t][i]}`,
      );
    });
  });
}

/** Applies a per-element scalar rule (state kept per element) to P0 over GRADS. */
function reference<S>(init: () => S, rule: (p: number, g: number, s: S, t: number) => number): number[][] {
  const p = [...P0];
  const states = P0.map(init);
  return GRADS.map((g, k) => {
    for (let i = 0; i < p.length; i++) p[i] = rule(p[i], g[i], states[i], k + 1);
    return [...p];
  });
}

describe('SGD (torch.optim.SGD)', () => {
  it('plain: p ← p − lr·g', () => {
    assertClose(
      run({ name: 'sgd', lr: 0.1 }),
      reference(
        () => ({}),
        (p, g) => p - 0.1 * g,
      ),
    );
  });

  it('momentum 0.9 by hand: p = 1, g = 1 three times gives 0.9, 0.71, 0.439', () => {
    const p = vector([1]);
    const opt = new Optimizer([{ path: 'w', param: p }], { name: 'sgd', lr: 0.1, momentum: 0.9 });
    const seen = [1, 2, 3].map(() => {
      p.grad.data[0] = 1;
      opt.step(opt.spec.lr);
      return p.value.data[0];
    });
    // b = 1, 1.9, 2.71; p = 1 − 0.1·b cumulatively.
    assertClose([seen], [[0.9, 0.71, 0.439]]);
  });

  for (const [label, momentum, dampening, nesterov, wd] of [
    ['momentum + dampening', 0.9, 0.3, false, 0],
    ['nesterov', 0.8, 0, true, 0],
    ['momentum + weight decay', 0.5, 0, false, 0.1],
    ['nesterov + weight decay', 0.9, 0, true, 0.05],
  ] as const) {
    it(`${label}: b₁ = g, b_t = μb + (1 − τ)g, d = g + μb (nesterov) or b`, () => {
      const expected = reference(
        () => ({ b: 0 }),
        (p, g0, s, t) => {
          const g = g0 + wd * p;
          s.b = t === 1 ? g : momentum * s.b + (1 - dampening) * g;
          const d = nesterov ? g + momentum * s.b : s.b;
          return p - 0.05 * d;
        },
      );
      assertClose(run({ name: 'sgd', lr: 0.05, momentum, dampening, nesterov, weightDecay: wd }), expected);
    });
  }

  it('rejects nesterov without momentum with a hint', () => {
    assert.throws(() => resolveOptimizerSpec({ name: 'sgd', nesterov: true }), /nesterov needs momentum > 0/);
  });
});

describe('Adam, AdamW (torch.optim.Adam / AdamW)', () => {
  const adamRef = (
    lr: number,
    b1: number,
    b2: number,
    eps: number,
    wd: number,
    amsgrad: boolean,
    decoupled: boolean,
  ) =>
    reference(
      () => ({ m: 0, v: 0, vmax: 0 }),
      (p0, g0, s, t) => {
        let p = p0;
        let g = g0;
        if (decoupled) p = p * (1 - lr * wd);
        else g = g + wd * p;
        s.m = b1 * s.m + (1 - b1) * g;
        s.v = b2 * s.v + (1 - b2) * g * g;
        s.vmax = Math.max(s.vmax, s.v);
        const mHat = s.m / (1 - b1 ** t);
        const vHat = (amsgrad ? s.vmax : s.v) / (1 - b2 ** t);
        return p - (lr * mHat) / (Math.sqrt(vHat) + eps);
      },
    );

  it('first step moves every entry by lr·g/(|g| + ε), about lr against the sign of g', () => {
    const [first] = run({ name: 'adam', lr: 0.01 });
    first.forEach((v, i) => {
      const g = GRADS[0][i];
      assert.ok(Math.abs(v - (P0[i] - (0.01 * g) / (Math.abs(g) + 1e-8))) < 1e-15);
    });
  });

  it('adam with defaults, with L2 weight decay, with amsgrad', () => {
    assertClose(run({ name: 'adam', lr: 0.01 }), adamRef(0.01, 0.9, 0.999, 1e-8, 0, false, false));
    assertClose(
      run({ name: 'adam', lr: 0.02, beta1: 0.8, beta2: 0.9, eps: 1e-3, weightDecay: 0.1 }),
      adamRef(0.02, 0.8, 0.9, 1e-3, 0.1, false, false),
    );
    assertClose(
      run({ name: 'adam', lr: 0.01, beta2: 0.5, amsgrad: true }),
      adamRef(0.01, 0.9, 0.5, 1e-8, 0, true, false),
    );
  });

  it('adamw decays p by (1 − lr·wd) before the Adam step, with the scheduled lr', () => {
    const lrs = [0.1, 0.05, 0.02, 0.01];
    const p = [...P0];
    const s = P0.map(() => ({ m: 0, v: 0 }));
    const expected = GRADS.map((g, k) => {
      const t = k + 1;
      const lr = lrs[k];
      for (let i = 0; i < 3; i++) {
        p[i] *= 1 - lr * 0.3;
        s[i].m = 0.9 * s[i].m + 0.1 * g[i];
        s[i].v = 0.999 * s[i].v + 0.001 * g[i] * g[i];
        p[i] -= (lr / (1 - 0.9 ** t)) * (s[i].m / (Math.sqrt(s[i].v / (1 - 0.999 ** t)) + 1e-8));
      }
      return [...p];
    });
    assertClose(run({ name: 'adamw', weightDecay: 0.3 }, lrs), expected);
    assertClose(
      run({ name: 'adamw', lr: 0.01, weightDecay: 0.3, amsgrad: true }),
      adamRef(0.01, 0.9, 0.999, 1e-8, 0.3, true, true),
    );
  });

  it('weight decay skips parameters with decay=false (biases, norm parameters)', () => {
    assertClose(
      run({ name: 'adamw', lr: 0.01, weightDecay: 0.5 }, undefined, false),
      adamRef(0.01, 0.9, 0.999, 1e-8, 0, false, true),
    );
    assertClose(
      run({ name: 'sgd', lr: 0.1, weightDecay: 0.5 }, undefined, false),
      run({ name: 'sgd', lr: 0.1 }),
    );
  });
});

describe('RMSprop (torch.optim.RMSprop)', () => {
  for (const [label, momentum, centered, wd] of [
    ['plain', 0, false, 0],
    ['centered', 0, true, 0],
    ['momentum', 0.9, false, 0],
    ['centered + momentum + weight decay', 0.5, true, 0.1],
  ] as const) {
    it(`${label}: v ← αv + (1 − α)g², divide by √(v − ḡ²) + ε`, () => {
      const alpha = 0.9;
      const eps = 1e-6;
      const lr = 0.01;
      const expected = reference(
        () => ({ v: 0, gAvg: 0, b: 0 }),
        (p, g0, s) => {
          const g = g0 + wd * p;
          s.v = alpha * s.v + (1 - alpha) * g * g;
          s.gAvg = alpha * s.gAvg + (1 - alpha) * g;
          const denom = Math.sqrt(centered ? s.v - s.gAvg * s.gAvg : s.v) + eps;
          if (momentum > 0) {
            s.b = momentum * s.b + g / denom;
            return p - lr * s.b;
          }
          return p - (lr * g) / denom;
        },
      );
      assertClose(run({ name: 'rmsprop', lr, alpha, eps, momentum, centered, weightDecay: wd }), expected);
    });
  }
});

describe('Adagrad (torch.optim.Adagrad)', () => {
  it('lr/(1 + (t − 1)·lrDecay), sum of g² from the initial accumulator', () => {
    const lr = 0.1;
    const lrDecay = 0.5;
    const init = 0.2;
    const expected = reference(
      () => ({ sum: init }),
      (p, g, s, t) => {
        s.sum += g * g;
        return p - ((lr / (1 + (t - 1) * lrDecay)) * g) / (Math.sqrt(s.sum) + 1e-10);
      },
    );
    assertClose(run({ name: 'adagrad', lr, lrDecay, initialAccumulatorValue: init }), expected);
  });
});

describe('penalties and clipping', () => {
  it('l1 adds l1·sign(p) to the gradient of decaying params only', () => {
    const expected = reference(
      () => ({}),
      (p, g) => p - 0.1 * (g + 0.2 * Math.sign(p)),
    );
    assertClose(run({ name: 'sgd', lr: 0.1, l1: 0.2 }), expected);
    assertClose(run({ name: 'sgd', lr: 0.1, l1: 0.2 }, undefined, false), run({ name: 'sgd', lr: 0.1 }));
  });

  it('clip by global norm scales all gradients by maxNorm/(‖g‖ + 1e-6) when above maxNorm', () => {
    const a = vector([0, 0]);
    const b = vector([0]);
    a.grad.data.set([3, 0]);
    b.grad.data.set([4]);
    assert.equal(globalGradNorm([a, b]), 5);
    assert.equal(clipByGlobalNorm([a, b], 1), 5);
    const k = 1 / (5 + 1e-6);
    assert.deepEqual(Array.from(a.grad.data), [3 * k, 0]);
    assert.deepEqual(Array.from(b.grad.data), [4 * k]);
    clipByGlobalNorm([a, b], 10);
    assert.deepEqual(Array.from(b.grad.data), [4 * k]);
  });

  it('clip by value clamps each component', () => {
    const a = vector([0, 0, 0]);
    a.grad.data.set([-2, 0.1, 7]);
    clipByValue([a], 0.5);
    assert.deepEqual(Array.from(a.grad.data), [-0.5, 0.1, 0.5]);
  });

  it('the optimizer clips by value, then by norm, then penalises, then updates', () => {
    const expected = (() => {
      const p = [...P0];
      return GRADS.map((g0) => {
        const g = g0.map((v) => Math.min(0.5, Math.max(-0.5, v)));
        const norm = Math.hypot(...g);
        const k = Math.min(1, 0.6 / (norm + 1e-6));
        for (let i = 0; i < 3; i++) p[i] -= 0.1 * (g[i] * k + 0.05 * p[i]);
        return [...p];
      });
    })();
    assertClose(run({ name: 'sgd', lr: 0.1, clipValue: 0.5, clipNorm: 0.6, weightDecay: 0.05 }), expected);
  });
});

describe('optimizer state', () => {
  it('getState/setState resumes the exact same trajectory', () => {
    const full = run({ name: 'adam', lr: 0.01, amsgrad: true });
    const p = vector(P0);
    const first = new Optimizer([{ path: 'w', param: p }], { name: 'adam', lr: 0.01, amsgrad: true });
    for (const g of GRADS.slice(0, 2)) {
      p.grad.data.set(g);
      first.step(first.spec.lr);
    }
    const state = first.getState();
    const second = new Optimizer([{ path: 'w', param: p }], { name: 'adam', lr: 0.01, amsgrad: true });
    second.setState(state);
    assert.equal(second.stepCount, 2);
    for (const g of GRADS.slice(2)) {
      p.grad.data.set(g);
      second.step(second.spec.lr);
    }
    assert.deepEqual(Array.from(p.value.data), full[3]);
  });

  it('refuses state of another optimizer or another model, and unknown options', () => {
    const p = vector(P0);
    const adam = new Optimizer([{ path: 'w', param: p }], 'adam');
    const sgd = new Optimizer([{ path: 'w', param: p }], { name: 'sgd', momentum: 0.9 });
    assert.throws(() => sgd.setState(adam.getState()), /state is for 'adam' but this optimizer is 'sgd'/);
    const other = new Optimizer([{ path: 'v', param: p }], 'adam');
    assert.throws(() => other.setState(adam.getState()), /no entry for parameter 'v'/);
    assert.throws(
      () => resolveOptimizerSpec({ name: 'adam', momentum: 0.9 } as unknown as OptimizerSpec),
      /adam: unknown option 'momentum'/,
    );
    assert.throws(() => resolveOptimizerSpec('lbfgs' as 'sgd'), /unknown optimizer 'lbfgs'; choose one of/);
    assert.throws(() => resolveOptimizerSpec({ name: 'adam', beta1: 1 }), /beta1 must be in \[0, 1\)/);
  });
});

describe('the learning rate has one owner', () => {
  it('Optimizer has no lr of its own: step takes the rate the scheduler gives', () => {
    const opt = new Optimizer([{ path: 'w', param: vector(P0, true) }], { name: 'sgd', lr: 0.5 });
    assert.equal('lr' in opt, false);
    assert.equal(Optimizer.prototype.step.length, 1, 'step declares its rate without a default');
  });
});
