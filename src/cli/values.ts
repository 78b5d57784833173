/**
 * Parsers for option values. Each throws a UsageError naming the option, the
 * bad value and an example of a good one, so the CLI's one-line message says
 * how to fix the command.
 */
import { cut, UsageError } from './errors.js';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/** Plain decimal notation only: Number() would also take '0x10', '0b1' and '' (as 0). */
export function parseNumberOption(option: string, value: string): number {
  const n = Number(value.trim());
  if (!DECIMAL.test(value.trim()) || !Number.isFinite(n)) {
    throw new UsageError(`${option} must be a finite number, got '${cut(value)}' (example: ${option} 0.01)`);
  }
  return n;
}

export function parseIntegerOption(option: string, value: string, min = 1): number {
  const n = Number(value.trim());
  if (!INTEGER.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(
      `${option} must be an integer >= ${min}, got '${cut(value)}' (example: ${option} ${min + 9})`,
    );
  }
  return n;
}

export function parseProbabilityOption(option: string, value: string): number {
  const p = parseNumberOption(option, value);
  if (p < 0 || p >= 1)
    throw new UsageError(`${option} must be in [0, 1), got ${value} (example: ${option} 0.1)`);
  return p;
}

/** `1-64-64-1` → [1, 64, 64, 1]. Commas and 'x' also separate, for people who type 784,256,10. */
export function parseArch(value: string): number[] {
  const parts = value.trim().split(/[-,x]/);
  const sizes = parts.map((p) => Number(p));
  if (parts.length < 2 || !sizes.every((s, i) => parts[i] !== '' && Number.isInteger(s) && s > 0)) {
    throw new UsageError(
      `--arch must be layer sizes joined by '-', at least input and output, got '${cut(value)}' (example: --arch 1-64-64-1)`,
    );
  }
  return sizes;
}

/** Standardising squares the inputs: bounds beyond this would make their variance overflow to Infinity. */
const MAX_DOMAIN = 1e150;

/**
 * `-3,3` → [[-3, 3]]; `-3,3,-1,1` → one interval per input variable. A single
 * interval applies to every variable.
 */
export function parseDomain(value: string): Array<[number, number]> {
  const numbers = value.split(',').map((p) => Number(p.trim()));
  const bad = numbers.length % 2 !== 0 || numbers.length === 0 || !numbers.every(Number.isFinite);
  const intervals: Array<[number, number]> = [];
  for (let i = 0; !bad && i < numbers.length; i += 2) intervals.push([numbers[i]!, numbers[i + 1]!]);
  if (bad || intervals.some(([lo, hi]) => !(lo < hi))) {
    throw new UsageError(
      `--domain must be lo,hi pairs with lo < hi (one pair per input variable), got '${cut(value)}' (example: --domain -3,3)`,
    );
  }
  if (numbers.some((v) => Math.abs(v) > MAX_DOMAIN)) {
    throw new UsageError(
      `--domain ${cut(value)} is too large: bounds must lie within ±${MAX_DOMAIN} (inputs are standardised, which squares them); rescale the target's variables`,
    );
  }
  return intervals;
}

export function parseChoice<T extends string>(option: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`${option} must be one of ${choices.join(', ')}; got '${cut(value)}'`);
  }
  return value as T;
}
