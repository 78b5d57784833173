/**
 * Weights and biases set by hand: each edit says after how many training
 * steps which entry of which parameter took which value. They live in the
 * Settings, so a link or a model file replays them at the same step and the
 * run reaches the same weights to the bit.
 */

export interface HandEdit {
  /** Applied after this many steps (before the next one). */
  step: number;
  /** The parameter's path in the model, as namedParams() names it: '0.weight', '2.bias'. */
  param: string;
  /** Row-major index into the parameter's values. */
  index: number;
  value: number;
}

/** More edits than anyone makes by hand; a link past it is not a record of hand edits. */
export const MAX_EDITS = 1000;
const MAX_STEP = 1e7;

const isEdit = (e: unknown): e is HandEdit => {
  if (typeof e !== 'object' || e === null) return false;
  const { step, param, index, value } = e as Record<string, unknown>;
  return (
    Number.isInteger(step) &&
    (step as number) >= 0 &&
    (step as number) <= MAX_STEP &&
    typeof param === 'string' &&
    /^[0-9a-z_.]{1,100}$/.test(param) &&
    Number.isInteger(index) &&
    (index as number) >= 0 &&
    typeof value === 'number' &&
    Number.isFinite(value)
  );
};

/** The edits of untrusted JSON in step order, or null when any of them is malformed. */
export function sanitizeEdits(input: unknown): HandEdit[] | null {
  if (!Array.isArray(input) || input.length > MAX_EDITS || !input.every(isEdit)) return null;
  // A stable sort: edits of the same step keep the order they were made in.
  return input
    .map(({ step, param, index, value }) => ({ step, param, index, value }))
    .sort((a, b) => a.step - b.step);
}

/**
 * A value typed into an edit box: a finite number, or the reason it is not.
 * Empty text is an error rather than 0, so a cleared box never zeroes a weight.
 */
export function parseEditValue(text: string): number | null {
  const t = text.trim();
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) && Math.abs(v) <= 1e6 ? v : null;
}

/** The bias that moves a hinge σ(w·x + b) so its kink sits at x: b = −w·x. */
export const kinkBias = (w: number, x: number): number => -w * x;
