/**
 * A schedule bound to a base learning rate: lr(t) for the pure part, observe()
 * for reduce-on-plateau's metric. Its only state is the plateau state, plain
 * JSON, which checkpoints save.
 */
import { initialPlateauState, type PlateauSpec, type PlateauState, plateauStep } from './plateau.js';
import { lrAt, resolveSchedule, type ScheduleKind, type ScheduleSpec } from './schedules.js';

export interface SchedulerState {
  readonly plateau: PlateauState | null;
}

export class Scheduler {
  readonly spec: ScheduleSpec;
  private readonly plateauSpec: PlateauSpec | null;
  private plateau: PlateauState | null;

  /** ticks: how many ticks the run spans, to fill the lengths a spec leaves open. */
  constructor(
    spec: ScheduleSpec | ScheduleKind,
    readonly baseLr: number,
    ticks?: number,
  ) {
    const s = typeof spec === 'string' ? defaultSpec(spec) : spec;
    this.spec = resolveSchedule(s, ticks);
    const plateaus = findPlateaus(this.spec);
    if (plateaus.length > 1) throw new Error('a schedule may hold at most one plateau node');
    this.plateauSpec = plateaus[0] ?? null;
    this.plateau = this.plateauSpec ? initialPlateauState(baseLr) : null;
  }

  lr(t: number): number {
    return lrAt(this.spec, this.baseLr, t, this.plateau?.lr);
  }

  /** Whether the schedule wants a metric each epoch (it holds reduce-on-plateau). */
  get observesMetric(): boolean {
    return this.plateauSpec !== null;
  }

  /** Feeds one epoch's monitored metric to reduce-on-plateau (no-op without one). */
  observe(metric: number): void {
    if (this.plateauSpec && this.plateau) this.plateau = plateauStep(this.plateauSpec, this.plateau, metric);
  }

  getState(): SchedulerState {
    return { plateau: this.plateau };
  }

  setState(state: SchedulerState): void {
    if ((state.plateau === null) !== (this.plateau === null)) {
      throw new Error('schedule state does not match this schedule (one has a plateau node, the other not)');
    }
    this.plateau = state.plateau;
  }
}

/** A schedule named without options: lengths come from the run, the rest from torch's defaults. */
function defaultSpec(kind: ScheduleKind): ScheduleSpec {
  switch (kind) {
    case 'constant':
    case 'cosine':
    case 'onecycle':
    case 'plateau':
    case 'linear':
      return { kind } as ScheduleSpec;
    default:
      throw new Error(
        `the '${kind}' schedule needs options (e.g. stepSize, gamma, milestones); pass it as an object`,
      );
  }
}

function findPlateaus(spec: ScheduleSpec): PlateauSpec[] {
  if (spec.kind === 'plateau') return [spec];
  if (spec.kind === 'sequential' || spec.kind === 'chain') return spec.schedules.flatMap(findPlateaus);
  return [];
}
