/**
 * The contract of an update rule: the part of an optimizer that turns the
 * effective gradient (already clipped and penalised) into a parameter step.
 * A rule works on one parameter's flat arrays, so it allocates nothing.
 */
import type { FloatArray } from '../tensor/matrix.js';

export interface UpdateRule<H> {
  /** One line for `--help` listings. */
  readonly description: string;
  /** PyTorch's defaults, learning rate included. */
  readonly defaults: Readonly<Required<H>> & { readonly lr: number };
  /**
   * Whether `weightDecay` is decoupled (applied to p by the rule, AdamW) rather
   * than coupled (added to the gradient as an L2 term before the rule).
   */
  readonly decoupledDecay: boolean;
  /** Throws a one-line error naming the bad hyperparameter. */
  validate(h: Required<H>): void;
  /** Names of the per-parameter state arrays the rule keeps (same shape as the parameter). */
  slots(h: Required<H>): readonly string[];
  /** Initial value of a state array (zero unless the rule says otherwise). */
  slotInit?(h: Required<H>, slot: string): number;
  /**
   * The state arrays of all the parameters at once, per parameter in slot
   * order, for a rule whose kernel wants them in a place of its own (Adam:
   * its WebAssembly memory); null leaves the optimizer to allocate them.
   */
  allocState?(h: Required<H>, params: readonly FloatArray[]): FloatArray[][] | null;
  /**
   * One step on one parameter: p and the rule's state arrays are updated in place.
   * t is the 1-based step count; decay says whether decoupled decay applies to p.
   */
  update(
    h: Required<H>,
    p: FloatArray,
    g: FloatArray,
    state: readonly FloatArray[],
    t: number,
    lr: number,
    decay: boolean,
  ): void;
}

export function checkNonNegative(rule: string, name: string, v: number): void {
  if (!(v >= 0) || !Number.isFinite(v))
    throw new Error(`${rule}: ${name} must be a finite number ≥ 0, got ${v}`);
}

export function checkUnitInterval(rule: string, name: string, v: number): void {
  if (!(v >= 0 && v < 1)) throw new Error(`${rule}: ${name} must be in [0, 1), got ${v}`);
}
