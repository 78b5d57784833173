/**
 * The contract every demonstration keeps: it computes with src/analysis/,
 * then returns a report (plain JSON whose claims are checked numbers), the
 * text a person reads and its figures. The CLI prints, writes and sets the
 * exit code; a demo never touches stdout or files itself.
 */
import type { Figure } from '../../viz/figure.js';

export type ClaimValue = number | string | boolean | null;

export interface Claim {
  readonly name: string;
  readonly measured: ClaimValue;
  readonly expected: ClaimValue;
  readonly holds: boolean;
}

export interface DemoReport {
  readonly demo: string;
  readonly claims: readonly Claim[];
  readonly [detail: string]: unknown;
}

export interface DemoContext {
  readonly seed: number;
  /** A smaller run (fewer seeds, coarser grids) for tests and quick looks; the claims stay the same. */
  readonly quick: boolean;
}

export interface DemoOutput {
  readonly report: DemoReport;
  readonly text: string;
  readonly figures: readonly Figure[];
}

export interface Demo {
  readonly summary: string;
  run(ctx: DemoContext): DemoOutput | Promise<DemoOutput>;
}

/** A claim that holds when the measured value equals the expected one. */
export function claimEqual(name: string, measured: ClaimValue, expected: ClaimValue): Claim {
  return { name, measured, expected, holds: measured === expected };
}

/** A number as the claims table and the claim names print it: integers whole, others to 6 significant digits. */
export function formatValue(v: ClaimValue): string {
  if (typeof v !== 'number' || Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e6 ? v.toExponential(3) : String(Number(v.toPrecision(6)));
}

/** A claim that holds when measured ≤ bound (an error within its tolerance or a theoretical bound); the name ends in "≤ bound". */
export function claimAtMost(name: string, measured: number, bound: number): Claim {
  return { name: `${name} ≤ ${formatValue(bound)}`, measured, expected: bound, holds: measured <= bound };
}

/** A claim that holds when measured ≥ bound; the name ends in "≥ bound". */
export function claimAtLeast(name: string, measured: number, bound: number): Claim {
  return { name: `${name} ≥ ${formatValue(bound)}`, measured, expected: bound, holds: measured >= bound };
}
