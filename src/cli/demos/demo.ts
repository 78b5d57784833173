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

/** A claim that holds when measured ≤ bound (an error within its tolerance or theoretical bound); the name says ≤. */
export function claimAtMost(name: string, measured: number, bound: number): Claim {
  return { name: `${name} ≤ expected`, measured, expected: bound, holds: measured <= bound };
}

/** A claim that holds when measured ≥ bound; the name says ≥. */
export function claimAtLeast(name: string, measured: number, bound: number): Claim {
  return { name: `${name} ≥ expected`, measured, expected: bound, holds: measured >= bound };
}
