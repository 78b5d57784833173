/**
 * An optimizer is the optax chain
 *   clip (by value, then by global norm) → L1 / coupled L2 penalty → update rule → learning rate
 * over a model's named parameters. Penalties touch only params with decay=true.
 * step() rewrites each param.grad into the effective gradient (as torch's
 * clipping does) and updates param.value in place; nothing is allocated after
 * construction. The state (step count and per-parameter arrays) is plain data.
 */
import type { Param } from '../nn/layer.js';
import { allocFloat, dtypeOf, type FloatArray } from '../tensor/matrix.js';
import { clipByGlobalNorm, clipByValue } from './clip.js';
import type { CommonOptions, OptimizerName, OptimizerSpec } from './options.js';
import { addL1, addL2 } from './penalty.js';
import type { UpdateRule } from './rule.js';
import { optimizers } from './rules/index.js';

/** A parameter and its dotted path (what Sequential.namedParams() returns). */
export interface PathParam {
  readonly path: string;
  readonly param: Param;
}

/** Anything that lists its parameters by path: a Sequential, for instance. */
export interface HasNamedParams {
  namedParams(): readonly PathParam[];
}

export interface OptimizerState {
  readonly name: OptimizerName;
  /** Steps taken so far (bias corrections and schedules read it). */
  readonly step: number;
  /** Per parameter path, each state array by slot name (e.g. 'exp_avg'). */
  readonly slots: Readonly<Record<string, Readonly<Record<string, FloatArray>>>>;
}

const commonKeys = ['name', 'lr', 'clipNorm', 'clipValue', 'l1'] as const;

/** The spec with every default filled in: what a model file or checkpoint records. */
export function resolveOptimizerSpec(spec: OptimizerSpec | OptimizerName): Required<OptimizerSpec> {
  const s: OptimizerSpec = typeof spec === 'string' ? ({ name: spec } as OptimizerSpec) : spec;
  const rule = optimizers[s.name] as UpdateRule<object> | undefined;
  if (!rule) {
    throw new Error(`unknown optimizer '${s.name}'; choose one of: ${Object.keys(optimizers).join(', ')}`);
  }
  const known = new Set<string>([...commonKeys, ...Object.keys(rule.defaults)]);
  for (const key of Object.keys(s)) {
    if (!known.has(key))
      throw new Error(`${s.name}: unknown option '${key}'; known options: ${[...known].join(', ')}`);
  }
  const full = {
    clipNorm: 0,
    clipValue: 0,
    l1: 0,
    ...rule.defaults,
    ...dropUndefined(s),
  } as Required<OptimizerSpec>;
  checkCommon(full);
  rule.validate(full);
  return full;
}

export class Optimizer {
  readonly name: OptimizerName;
  /** The resolved spec (defaults filled in). */
  readonly spec: Required<OptimizerSpec>;
  private readonly rule: UpdateRule<object>;
  private readonly entries: readonly { path: string; param: Param; state: FloatArray[] }[];
  private readonly params: readonly Param[];
  private readonly slotNames: readonly string[];
  private t = 0;

  constructor(target: HasNamedParams | readonly PathParam[], spec: OptimizerSpec | OptimizerName = 'adam') {
    this.spec = resolveOptimizerSpec(spec);
    this.name = this.spec.name;
    this.rule = optimizers[this.name] as UpdateRule<object>;
    const named = 'namedParams' in target ? target.namedParams() : target;
    this.slotNames = this.rule.slots(this.spec);
    const placed = this.rule.allocState?.(
      this.spec,
      named.map(({ param }) => param.value.data),
    );
    this.entries = named.map(({ path, param }, i) => ({
      path,
      param,
      state:
        placed?.[i] ??
        this.slotNames.map((slot) => {
          const a = allocFloat(dtypeOf(param.value.data), param.value.data.length);
          const init = this.rule.slotInit?.(this.spec, slot) ?? 0;
          if (init !== 0) a.fill(init);
          return a;
        }),
    }));
    this.params = named.map((p) => p.param);
  }

  get stepCount(): number {
    return this.t;
  }

  /**
   * One update from the gradients backward left in each param.grad, with the
   * given learning rate. The scheduler owns the learning rate (the spec's lr is
   * only its base), so every caller says which rate this step uses. Returns the
   * global gradient norm before clipping when clipNorm is set, otherwise NaN.
   */
  step(lr: number): number {
    const { spec, rule } = this;
    const t = ++this.t;
    if (spec.clipValue > 0) clipByValue(this.params, spec.clipValue);
    const norm = spec.clipNorm > 0 ? clipByGlobalNorm(this.params, spec.clipNorm) : Number.NaN;
    const wd = (spec as { weightDecay?: number }).weightDecay ?? 0;
    const coupledL2 = rule.decoupledDecay ? 0 : wd;
    // Indexed loops here and in the other per-step paths: a for-of loop that V8 has not
    // optimised allocates an iterator result per element.
    for (let i = 0; i < this.entries.length; i++) {
      const { param, state } = this.entries[i];
      if (param.decay) {
        if (spec.l1 > 0) addL1(param, spec.l1);
        if (coupledL2 > 0) addL2(param, coupledL2);
      }
      rule.update(spec, param.value.data, param.grad.data, state, t, lr, param.decay);
    }
    return norm;
  }

  /** A copy of the state. */
  getState(): OptimizerState {
    const slots: Record<string, Record<string, FloatArray>> = {};
    for (const { path, state } of this.entries) {
      const bySlot: Record<string, FloatArray> = {};
      this.slotNames.forEach((slot, k) => {
        bySlot[slot] = state[k].slice();
      });
      slots[path] = bySlot;
    }
    return { name: this.name, step: this.t, slots };
  }

  /** Restores a state taken from an optimizer of the same kind over the same parameters. */
  setState(state: OptimizerState): void {
    if (state.name !== this.name) {
      throw new Error(
        `optimizer state is for '${state.name}' but this optimizer is '${this.name}'; build a '${state.name}' optimizer to restore it`,
      );
    }
    if (!(Number.isInteger(state.step) && state.step >= 0))
      throw new Error(`optimizer state step must be an integer ≥ 0, got ${state.step}`);
    for (const { path, param } of this.entries) {
      const saved = state.slots[path];
      if (!saved)
        throw new Error(
          `optimizer state has no entry for parameter '${path}'; was it saved from a different model?`,
        );
      for (const slot of this.slotNames) {
        const a = saved[slot];
        if (!a)
          throw new Error(
            `optimizer state for '${path}' lacks '${slot}'; it was saved with different options (e.g. momentum or amsgrad)`,
          );
        if (a.length !== param.value.data.length) {
          throw new Error(
            `optimizer state '${path}.${slot}' has ${a.length} values but the parameter has ${param.value.data.length}`,
          );
        }
      }
    }
    for (const { path, state: arrays } of this.entries) {
      this.slotNames.forEach((slot, k) => {
        arrays[k].set(state.slots[path][slot]);
      });
    }
    this.t = state.step;
  }
}

function checkCommon(s: Required<CommonOptions>): void {
  if (!(s.lr >= 0) || !Number.isFinite(s.lr))
    throw new Error(`optimizer: lr must be a finite number ≥ 0, got ${s.lr}`);
  if (!(s.clipNorm >= 0))
    throw new Error(`optimizer: clipNorm must be > 0 (or 0 for none), got ${s.clipNorm}`);
  if (!(s.clipValue >= 0))
    throw new Error(`optimizer: clipValue must be > 0 (or 0 for none), got ${s.clipValue}`);
  if (!(s.l1 >= 0)) throw new Error(`optimizer: l1 must be ≥ 0, got ${s.l1}`);
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
