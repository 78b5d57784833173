/**
 * The number of linear pieces of a one-input model's function on [lo, hi]:
 * one more than its kinks, the breakpoints where an output's slope changes.
 * Activation regions can outnumber pieces (a unit that switches without effect
 * downstream); this counts what the function does.
 */
import type { Sequential } from '../nn/sequential.js';
import { linearRegions1d } from './regions/index.js';

export function countPieces1d(model: Sequential, lo: number, hi: number): number {
  return linearRegions1d(model, lo, hi).kinks.length + 1;
}
