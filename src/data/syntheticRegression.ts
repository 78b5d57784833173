/**
 * Seeded 2-D regression surfaces over [-1, 1]². Each is a plain function
 * beside its formula: generating a surface must not load the expression parser
 * (mathjs) into a bundle that never parses typed text. The functions do the
 * operations the parsed formula does, in the same order (^ is Math.pow), so
 * they give the formula's values to the bit; a test checks that against
 * parseTarget.
 */
import type { Dataset } from './dataset.js';
import type { Target } from './expression.js';
import { sampleTarget } from './sampleTarget.js';
import { FEATURE_NAMES_2D, type GeneratorOptions } from './syntheticClassification.js';

interface Surface {
  readonly formula: string;
  readonly f: (x1: number, x2: number) => number;
}

export const SURFACES = {
  plane: { formula: '0.8*x1 - 0.5*x2 + 0.3', f: (x1, x2) => 0.8 * x1 - 0.5 * x2 + 0.3 },
  saddle: {
    formula: 'x1^2 - x2^2',
    // biome-ignore lint/style/useExponentiationOperator: the parsed formula evaluates ^ with Math.pow; the same call keeps its bits.
    f: (x1, x2) => Math.pow(x1, 2) - Math.pow(x2, 2),
  },
  ripple: {
    formula: 'cos(2*pi*hypot(x1, x2)) * exp(-hypot(x1, x2))',
    f: (x1, x2) => Math.cos(2 * Math.PI * Math.hypot(x1, x2)) * Math.exp(-Math.hypot(x1, x2)),
  },
} as const satisfies Record<string, Surface>;

export type SurfaceName = keyof typeof SURFACES;

export function surface(name: SurfaceName, o: GeneratorOptions): Dataset {
  const { formula, f } = SURFACES[name];
  const target: Target = { expression: formula, variables: FEATURE_NAMES_2D, arity: 2, evaluate: f };
  const ds = sampleTarget(target, { n: o.n, noise: o.noise, rng: o.rng, dtype: o.dtype, domain: [-1, 1] });
  return { ...ds, name };
}
