/** Learning-rate schedules against torch.optim.lr_scheduler's closed forms, evaluated by hand here. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plateauStep } from '../../src/optim/plateau.js';
import { Scheduler } from '../../src/optim/scheduler.js';
import { resolveSchedule, type ScheduleSpec, warmupCosine } from '../../src/optim/schedules.js';

function lrs(spec: ScheduleSpec, base: number, n: number, ticks?: number): number[] {
  const s = new Scheduler(spec, base, ticks);
  return Array.from({ length: n }, (_, t) => s.lr(t));
}

function assertClose(actual: readonly number[], expected: readonly number[], tol = 1e-14): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((v, t) => {
    assert.ok(Math.abs(v - expected[t]) <= tol, `t = ${t}: got ${v}, expected ${expected[t]}`);
  });
}

const cosine = (base: number, etaMin: number, tCur: number, period: number) =>
  etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * tCur) / period))) / 2;

describe('closed-form schedules', () => {
  it('StepLR: base·γ^⌊t/stepSize⌋', () => {
    assertClose(lrs({ kind: 'step', stepSize: 3, gamma: 0.5 }, 1, 8), [1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25]);
  });

  it('MultiStepLR: one factor γ per milestone reached', () => {
    assertClose(
      lrs({ kind: 'multistep', milestones: [2, 5], gamma: 0.1 }, 2, 7),
      [2, 2, 0.2, 0.2, 0.2, 0.02, 0.02],
      1e-16,
    );
  });

  it('ExponentialLR: base·γ^t', () => {
    assertClose(lrs({ kind: 'exponential', gamma: 0.9 }, 0.5, 4), [0.5, 0.45, 0.405, 0.3645]);
  });

  it('CosineAnnealingLR: ηmin + (base − ηmin)(1 + cos(πt/T))/2, base at 0 and ηmin at T', () => {
    const got = lrs({ kind: 'cosine', tMax: 4, etaMin: 0.1 }, 1.1, 5);
    // cos(π/4) = √½, cos(π/2) = 0.
    assertClose(got, [1.1, 0.1 + (1 + Math.SQRT1_2) / 2, 0.6, 0.1 + (1 - Math.SQRT1_2) / 2, 0.1]);
  });

  it('CosineAnnealingWarmRestarts with T₀ = 2, T_mult = 2: restarts at 2, 6, 14', () => {
    const got = lrs({ kind: 'cosine_restarts', t0: 2, tMult: 2, etaMin: 0 }, 1, 16);
    // (T_cur, T_i) per tick: periods [0, 2), [2, 6), [6, 14), [14, 30).
    const table: [number, number][] = [
      [0, 2],
      [1, 2],
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
      [0, 8],
      [1, 8],
      [2, 8],
      [3, 8],
      [4, 8],
      [5, 8],
      [6, 8],
      [7, 8],
      [0, 16],
      [1, 16],
    ];
    assertClose(
      got,
      table.map(([tCur, period]) => cosine(1, 0, tCur, period)),
    );
    for (const restart of [2, 6, 14]) assert.equal(got[restart], 1);
    // Just before a restart the rate is the lowest of its period: half-way down the last cosine step.
    assert.ok(Math.abs(got[13] - (1 + Math.cos((7 * Math.PI) / 8)) / 2) < 1e-15);
  });

  it('CosineAnnealingWarmRestarts with T_mult = 1 repeats every T₀', () => {
    const got = lrs({ kind: 'cosine_restarts', t0: 3, etaMin: 0.5 }, 2, 7);
    assertClose(
      got,
      [0, 1, 2, 0, 1, 2, 0].map((tc) => cosine(2, 0.5, tc, 3)),
    );
  });

  it('LinearLR warm-up: factor from startFactor to endFactor over totalIters, then held', () => {
    assertClose(
      lrs({ kind: 'linear', startFactor: 0.25, endFactor: 1, totalIters: 4 }, 0.8, 6),
      [0.2, 0.35, 0.5, 0.65, 0.8, 0.8],
    );
  });

  it('OneCycleLR (cos): up from max/div to max by pct·T − 1, down to initial/finalDiv at T − 1', () => {
    const spec: ScheduleSpec = {
      kind: 'onecycle',
      maxLr: 1,
      totalSteps: 10,
      pctStart: 0.3,
      divFactor: 25,
      finalDivFactor: 1e4,
    };
    const got = lrs(spec, 1, 10);
    const initial = 0.04;
    const min = initial / 1e4;
    const anneal = (from: number, to: number, pct: number) =>
      to + ((from - to) / 2) * (Math.cos(Math.PI * pct) + 1);
    // Phase ends: 0.3·10 − 1 = 2 and 10 − 1 = 9.
    const expected = [0, 1, 2].map((t) => anneal(initial, 1, t / 2));
    for (let t = 3; t < 10; t++) expected.push(anneal(1, min, (t - 2) / 7));
    assertClose(got, expected);
    assert.equal(got[2], 1);
    assert.ok(Math.abs(got[9] - min) < 1e-18);
  });

  it('OneCycleLR three-phase linear: back to initial at 2·pct·T − 2', () => {
    const spec: ScheduleSpec = {
      kind: 'onecycle',
      maxLr: 2,
      totalSteps: 10,
      pctStart: 0.3,
      annealStrategy: 'linear',
      threePhase: true,
    };
    const got = lrs(spec, 2, 10);
    const initial = 0.08;
    const min = initial / 1e4;
    // Ends 2, 4, 9.
    const expected = [
      initial,
      initial + (2 - initial) / 2,
      2,
      2 + (initial - 2) / 2,
      initial,
      ...[1, 2, 3, 4, 5].map((k) => initial + ((min - initial) * k) / 5),
    ];
    assertClose(got, expected);
  });
});

describe('composed schedules', () => {
  it('warm-up then cosine (SequentialLR): the cosine clock restarts at the milestone', () => {
    const got = lrs(warmupCosine(3, 10, 0, 0.1), 1, 11);
    const warm = [0, 1, 2].map((t) => 0.1 + (0.9 * t) / 3);
    const cos = [0, 1, 2, 3, 4, 5, 6, 7].map((t) => cosine(1, 0, t, 7));
    assertClose(got, [...warm, ...cos]);
  });

  it('a cosine left without tMax spans the run; a sequential child spans its segment', () => {
    assertClose(
      lrs({ kind: 'cosine' }, 1, 5, 4),
      [0, 1, 2, 3, 4].map((t) => cosine(1, 0, t, 4)),
    );
    const seq = lrs(
      { kind: 'sequential', schedules: [{ kind: 'constant' }, { kind: 'cosine' }], milestones: [2] },
      1,
      7,
      6,
    );
    assertClose(seq, [1, 1, ...[0, 1, 2, 3, 4].map((t) => cosine(1, 0, t, 4))]);
  });

  it('ChainedScheduler multiplies the factors', () => {
    const got = lrs(
      {
        kind: 'chain',
        schedules: [
          { kind: 'step', stepSize: 2, gamma: 0.5 },
          { kind: 'exponential', gamma: 0.9 },
        ],
      },
      2,
      4,
    );
    assertClose(got, [2, 2 * 0.9, 2 * 0.5 * 0.81, 2 * 0.5 * 0.729]);
  });

  it('rejects malformed specs with one line naming the option', () => {
    assert.throws(
      () => resolveSchedule({ kind: 'step', stepSize: 0 }),
      /stepSize must be a positive integer/,
    );
    assert.throws(() => resolveSchedule({ kind: 'cosine' }), /give tMax/);
    assert.throws(
      () => resolveSchedule({ kind: 'sequential', schedules: [{ kind: 'constant' }], milestones: [3] }),
      /1 schedules need 0 milestones/,
    );
    assert.throws(() => new Scheduler('step', 1), /needs options/);
    assert.throws(
      () => resolveSchedule({ kind: 'warp' } as unknown as ScheduleSpec),
      /unknown schedule 'warp'/,
    );
  });
});

describe('ReduceLROnPlateau', () => {
  it('multiplies by factor after more than patience bad epochs (rel threshold), never below minLr', () => {
    const s = new Scheduler({ kind: 'plateau', factor: 0.5, patience: 2, threshold: 0.01, minLr: 0.3 }, 1);
    assert.ok(s.observesMetric);
    // 0.995 is within 1% of 1: not an improvement.
    const metrics = [1, 0.995, 0.999, 1.2, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6];
    const seen = metrics.map((m) => {
      s.observe(m);
      return s.lr(0);
    });
    // bad: 1 → 0.995, 0.999, 1.2 (three > 2) → 0.5; best 0.5 then three bad → 0.25 clamped to 0.3; then 0.3 stays.
    assertClose(seen, [1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.3, 0.3, 0.3, 0.3]);
  });

  it('max mode, absolute threshold and cooldown', () => {
    const spec = {
      kind: 'plateau' as const,
      mode: 'max' as const,
      thresholdMode: 'abs' as const,
      threshold: 0.1,
      patience: 0,
      cooldown: 1,
      factor: 0.1,
    };
    let state = { lr: 1, best: null, numBadEpochs: 0, cooldownCounter: 0, epochs: 0 } as Parameters<
      typeof plateauStep
    >[1];
    const seen = [0.5, 0.55, 0.7, 0.7, 0.7].map((m) => {
      state = plateauStep(spec, state, m);
      return state.lr;
    });
    // 0.55 is not > 0.5 + 0.1: reduce at once (patience 0), then one epoch of cooldown;
    // 0.7 improves; 0.7 again is bad → reduce; the next is cooldown.
    assertClose(seen, [1, 0.1, 0.1, 0.01, 0.01], 1e-16);
  });

  it('its state survives getState/setState and is refused by a schedule without a plateau', () => {
    const a = new Scheduler({ kind: 'plateau', patience: 0 }, 1);
    a.observe(1);
    a.observe(2);
    const b = new Scheduler({ kind: 'plateau', patience: 0 }, 1);
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    assert.equal(b.lr(0), a.lr(0));
    assert.ok(Math.abs(b.lr(0) - 0.1) < 1e-16);
    assert.throws(() => new Scheduler('constant', 1).setState(a.getState()), /does not match/);
  });
});
