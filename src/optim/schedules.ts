/**
 * Learning-rate schedules as plain JSON specs and pure functions of the tick
 * t = 0, 1, 2, … (an optimizer step or an epoch; the trainer says which).
 * Each follows the closed form torch.optim.lr_scheduler documents; lengths a
 * spec leaves out (cosine's tMax, one-cycle's totalSteps) are filled with the
 * run's length by resolveSchedule. Reduce-on-plateau is the one schedule with
 * state; it lives in plateau.ts and enters here as its current lr.
 */
import { checkPlateauSpec, type PlateauSpec } from './plateau.js';

export type ScheduleSpec =
  | { kind: 'constant' }
  /** lr = base·γ^⌊t/stepSize⌋ (StepLR). */
  | { kind: 'step'; stepSize: number; gamma?: number }
  /** lr = base·γ^(number of milestones ≤ t) (MultiStepLR). */
  | { kind: 'multistep'; milestones: readonly number[]; gamma?: number }
  /** lr = base·γ^t (ExponentialLR). */
  | { kind: 'exponential'; gamma: number }
  /** lr = ηmin + (base − ηmin)(1 + cos(πt/tMax))/2 (CosineAnnealingLR, closed form). */
  | { kind: 'cosine'; tMax?: number; etaMin?: number }
  /** Cosine over periods t0, t0·tMult, t0·tMult², … restarting at base (CosineAnnealingWarmRestarts). */
  | { kind: 'cosine_restarts'; t0: number; tMult?: number; etaMin?: number }
  /** lr = base·(s + (e − s)·min(t, T)/T): a linear warm-up (or decay) of the factor (LinearLR). */
  | { kind: 'linear'; startFactor?: number; endFactor?: number; totalIters?: number }
  /** Up from maxLr/divFactor to maxLr, then down to that over finalDivFactor (OneCycleLR; learning rate only). */
  | {
      kind: 'onecycle';
      maxLr?: number;
      totalSteps?: number;
      pctStart?: number;
      divFactor?: number;
      finalDivFactor?: number;
      annealStrategy?: 'cos' | 'linear';
      threePhase?: boolean;
    }
  | PlateauSpec
  /** schedules[i] runs from milestones[i−1] with its own clock restarted at 0 (SequentialLR). */
  | { kind: 'sequential'; schedules: readonly ScheduleSpec[]; milestones: readonly number[] }
  /** The product of the children's factors lr_i/base (ChainedScheduler). */
  | { kind: 'chain'; schedules: readonly ScheduleSpec[] };

export type ScheduleKind = ScheduleSpec['kind'];

/** Every schedule by kind, with the line the CLI shows. */
export const schedules: { readonly [K in ScheduleKind]: { readonly description: string } } = {
  constant: { description: 'the base learning rate throughout' },
  step: { description: 'multiply by gamma (0.1) every stepSize ticks' },
  multistep: { description: 'multiply by gamma (0.1) at each milestone' },
  exponential: { description: 'multiply by gamma every tick' },
  cosine: { description: 'cosine from the base down to etaMin (0) over tMax ticks (default: the whole run)' },
  cosine_restarts: { description: 'cosine annealing restarted after t0, t0·tMult, … ticks (SGDR)' },
  linear: {
    description:
      'linear change of the factor from startFactor (1/3) to endFactor (1) over totalIters (5): warm-up',
  },
  onecycle: {
    description: 'one-cycle policy: warm up to maxLr for pctStart (0.3) of the run, then anneal far below',
  },
  plateau: {
    description:
      'multiply by factor (0.1) after patience (10) epochs without improvement of the monitored metric',
  },
  sequential: { description: 'run schedules one after another, switching at milestones' },
  chain: { description: 'multiply the factors of several schedules' },
};

/** Warm up linearly from startFactor·base over `warmup` ticks, then cosine-anneal to etaMin by `total`. */
/** `schedule` after `warmup` steps of linear warm-up from 1/(warmup+1) of the rate: what `--warmup` means for fit and sweep jobs alike. */
export function withWarmup(schedule: ScheduleSpec, warmup: number): ScheduleSpec {
  if (warmup === 0) return schedule;
  return {
    kind: 'sequential',
    schedules: [
      { kind: 'linear', startFactor: 1 / (warmup + 1), endFactor: 1, totalIters: warmup },
      schedule,
    ],
    milestones: [warmup],
  };
}

export function warmupCosine(warmup: number, total: number, etaMin = 0, startFactor = 0.01): ScheduleSpec {
  return {
    kind: 'sequential',
    schedules: [
      { kind: 'linear', startFactor, endFactor: 1, totalIters: warmup },
      { kind: 'cosine', tMax: total - warmup, etaMin },
    ],
    milestones: [warmup],
  };
}

/**
 * Checks a spec and fills the lengths it leaves to the run (cosine tMax,
 * onecycle totalSteps) with `ticks`, the number of ticks the schedule spans.
 */
export function resolveSchedule(spec: ScheduleSpec, ticks?: number): ScheduleSpec {
  const need = (what: string): number => {
    if (ticks === undefined)
      throw new Error(`${spec.kind} schedule: give ${what} (or let fit fill it with the run length)`);
    return Math.max(1, ticks);
  };
  switch (spec.kind) {
    case 'constant':
      return spec;
    case 'step':
      positiveInt('step', 'stepSize', spec.stepSize);
      return spec;
    case 'multistep':
      spec.milestones.forEach((m, i) => {
        nonNegativeInt('multistep', 'milestones', m);
        if (i > 0 && m < spec.milestones[i - 1])
          throw new Error('multistep schedule: milestones must be increasing');
      });
      return spec;
    case 'exponential':
      positive('exponential', 'gamma', spec.gamma);
      return spec;
    case 'cosine': {
      const tMax = spec.tMax ?? need('tMax');
      positiveInt('cosine', 'tMax', tMax);
      return { ...spec, tMax };
    }
    case 'cosine_restarts':
      positiveInt('cosine_restarts', 't0', spec.t0);
      positiveInt('cosine_restarts', 'tMult', spec.tMult ?? 1);
      return spec;
    case 'linear': {
      const s = spec.startFactor ?? 1 / 3;
      const e = spec.endFactor ?? 1;
      if (!(s > 0 && s <= 1)) throw new Error(`linear schedule: startFactor must be in (0, 1], got ${s}`);
      if (!(e >= 0 && e <= 1)) throw new Error(`linear schedule: endFactor must be in [0, 1], got ${e}`);
      positiveInt('linear', 'totalIters', spec.totalIters ?? 5);
      return spec;
    }
    case 'onecycle': {
      const totalSteps = spec.totalSteps ?? need('totalSteps');
      positiveInt('onecycle', 'totalSteps', totalSteps);
      const pct = spec.pctStart ?? 0.3;
      if (!(pct >= 0 && pct <= 1))
        throw new Error(`onecycle schedule: pctStart must be in [0, 1], got ${pct}`);
      positive('onecycle', 'divFactor', spec.divFactor ?? 25);
      positive('onecycle', 'finalDivFactor', spec.finalDivFactor ?? 1e4);
      return { ...spec, totalSteps };
    }
    case 'plateau':
      return checkPlateauSpec(spec);
    case 'sequential': {
      const { schedules: children, milestones } = spec;
      if (children.length === 0) throw new Error('sequential schedule: give at least one schedule');
      if (milestones.length !== children.length - 1) {
        throw new Error(
          `sequential schedule: ${children.length} schedules need ${children.length - 1} milestones, got ${milestones.length}`,
        );
      }
      milestones.forEach((m, i) => {
        positiveInt('sequential', 'milestones', m);
        if (i > 0 && m <= milestones[i - 1])
          throw new Error('sequential schedule: milestones must be strictly increasing');
      });
      const resolved = children.map((c, i) => {
        const start = i === 0 ? 0 : milestones[i - 1];
        const end = i < milestones.length ? milestones[i] : ticks;
        return resolveSchedule(c, end === undefined ? undefined : Math.max(1, end - start));
      });
      return { ...spec, schedules: resolved };
    }
    case 'chain':
      return { ...spec, schedules: spec.schedules.map((c) => resolveSchedule(c, ticks)) };
    default:
      throw new Error(
        `unknown schedule '${(spec as { kind: string }).kind}'; choose one of: ${Object.keys(schedules).join(', ')}`,
      );
  }
}

/**
 * The learning rate at tick t of a resolved spec. plateauLr is the current lr
 * of a reduce-on-plateau node (its state), base when there is none.
 */
export function lrAt(spec: ScheduleSpec, base: number, t: number, plateauLr = base): number {
  switch (spec.kind) {
    case 'constant':
      return base;
    case 'step':
      return base * (spec.gamma ?? 0.1) ** Math.floor(t / spec.stepSize);
    case 'multistep': {
      let k = 0;
      for (const m of spec.milestones) if (m <= t) k++;
      return base * (spec.gamma ?? 0.1) ** k;
    }
    case 'exponential':
      return base * spec.gamma ** t;
    case 'cosine': {
      if (spec.tMax === undefined)
        throw new Error('cosine schedule: tMax is missing; call resolveSchedule first');
      const etaMin = spec.etaMin ?? 0;
      return etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * t) / spec.tMax))) / 2;
    }
    case 'cosine_restarts': {
      const etaMin = spec.etaMin ?? 0;
      const tMult = spec.tMult ?? 1;
      let period = spec.t0;
      let tCur = t;
      if (tMult === 1) tCur = t % period;
      else {
        while (tCur >= period) {
          tCur -= period;
          period *= tMult;
        }
      }
      return etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * tCur) / period))) / 2;
    }
    case 'linear': {
      const s = spec.startFactor ?? 1 / 3;
      const e = spec.endFactor ?? 1;
      const n = spec.totalIters ?? 5;
      return base * (s + ((e - s) * Math.min(t, n)) / n);
    }
    case 'onecycle':
      return oneCycle(spec, base, t);
    case 'plateau':
      return plateauLr;
    case 'sequential': {
      let i = 0;
      while (i < spec.milestones.length && t >= spec.milestones[i]) i++;
      return lrAt(spec.schedules[i], base, i === 0 ? t : t - spec.milestones[i - 1], plateauLr);
    }
    case 'chain': {
      let lr = base;
      for (const c of spec.schedules) lr *= base === 0 ? 0 : lrAt(c, base, t, plateauLr) / base;
      return lr;
    }
  }
}

/**
 * OneCycleLR's phases: [0, pctStart·T − 1] up from initial to max, then down to
 * min at T − 1 (three-phase: back to initial at 2·pctStart·T − 2 first). Ticks
 * past T − 1 hold the final value (torch raises instead).
 */
function oneCycle(spec: Extract<ScheduleSpec, { kind: 'onecycle' }>, base: number, t: number): number {
  const total = spec.totalSteps;
  if (total === undefined)
    throw new Error('onecycle schedule: totalSteps is missing; call resolveSchedule first');
  const maxLr = spec.maxLr ?? base;
  const initial = maxLr / (spec.divFactor ?? 25);
  const min = initial / (spec.finalDivFactor ?? 1e4);
  const pct = spec.pctStart ?? 0.3;
  const anneal = spec.annealStrategy === 'linear' ? annealLinear : annealCos;
  const phases = spec.threePhase
    ? [
        { end: pct * total - 1, from: initial, to: maxLr },
        { end: 2 * pct * total - 2, from: maxLr, to: initial },
        { end: total - 1, from: initial, to: min },
      ]
    : [
        { end: pct * total - 1, from: initial, to: maxLr },
        { end: total - 1, from: maxLr, to: min },
      ];
  const step = Math.min(t, total - 1);
  let start = 0;
  for (let i = 0; i < phases.length; i++) {
    const p = phases[i];
    if (step <= p.end || i === phases.length - 1) {
      // A phase shorter than one step (tiny runs) is already complete.
      const span = p.end - start;
      return anneal(p.from, p.to, span > 0 ? (step - start) / span : 1);
    }
    start = p.end;
  }
  return min;
}

function annealCos(from: number, to: number, pct: number): number {
  return to + ((from - to) / 2) * (Math.cos(Math.PI * pct) + 1);
}

function annealLinear(from: number, to: number, pct: number): number {
  return (to - from) * pct + from;
}

function positive(kind: string, name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v))
    throw new Error(`${kind} schedule: ${name} must be a positive number, got ${v}`);
}

function positiveInt(kind: string, name: string, v: number): void {
  if (!(Number.isInteger(v) && v > 0))
    throw new Error(`${kind} schedule: ${name} must be a positive integer, got ${v}`);
}

function nonNegativeInt(kind: string, name: string, v: number): void {
  if (!(Number.isInteger(v) && v >= 0))
    throw new Error(`${kind} schedule: ${name} must be integers ≥ 0, got ${v}`);
}
