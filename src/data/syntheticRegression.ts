/** Seeded 2-D regression surfaces over [-1, 1]², written as target expressions so they read like their formulas. */
import type { Dataset } from './dataset.js';
import { parseTarget } from './expression.js';
import { sampleTarget } from './sampleTarget.js';
import { FEATURE_NAMES_2D, type GeneratorOptions } from './syntheticClassification.js';

export const SURFACES = {
  plane: '0.8*x1 - 0.5*x2 + 0.3',
  saddle: 'x1^2 - x2^2',
  ripple: 'cos(2*pi*hypot(x1, x2)) * exp(-hypot(x1, x2))',
} as const;

export type SurfaceName = keyof typeof SURFACES;

export function surface(name: SurfaceName, o: GeneratorOptions): Dataset {
  const target = parseTarget(SURFACES[name], FEATURE_NAMES_2D);
  const ds = sampleTarget(target, { n: o.n, noise: o.noise, rng: o.rng, dtype: o.dtype, domain: [-1, 1] });
  return { ...ds, name };
}
