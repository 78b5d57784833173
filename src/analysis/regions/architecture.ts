/**
 * The widths the bounds speak of, read from a program: the bounds hold for
 * a chain of affine maps each followed by a two-piece activation (relu,
 * leaky_relu), so a program of any other shape (residual blocks, three-piece
 * hard_tanh or hard_sigmoid) has none.
 */
import type { RegionProgram } from './program.js';

/** [inputs, hidden…, outputs] of a plain two-piece chain, or null. */
export function chainWidths(program: RegionProgram): number[] | null {
  const widths = [program.nIn];
  const { ops } = program;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    if (op.kind === 'affine') {
      if (ops[i + 1]?.kind === 'affine') return null;
      continue;
    }
    if (op.kind !== 'activation' || op.fn.knots.length !== 1 || ops[i - 1]?.kind !== 'affine') return null;
    widths.push(op.n);
  }
  widths.push(program.nOut);
  return widths;
}
