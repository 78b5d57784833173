/**
 * The library's feature spec for the page's feature choice: over x1 and x2 for
 * the plane, over x for a 1-D function (x1 read as x, terms with x2 dropped).
 * Fourier frequencies are drawn from the run's seed, so a link or a model file
 * carries them without listing them.
 */
import type { FeatureSpec } from '../../src/data/features.js';
import type { FeatureChoice } from './settings.js';

export function featureSpecOf(choice: FeatureChoice, oneD: boolean, seed: number): FeatureSpec {
  const terms: string[] = oneD
    ? choice.terms.filter((t) => !t.includes('x2')).map((t) => t.replaceAll('x1', 'x'))
    : [...choice.terms];
  if (terms.length === 0 && choice.fourier === 0) {
    throw new Error(
      oneD
        ? 'the model has no inputs: tick x, x² or sin(x), or add Fourier features'
        : 'the model has no inputs: tick at least one feature, or add Fourier features',
    );
  }
  const inputs = oneD ? ['x'] : ['x1', 'x2'];
  return choice.fourier > 0
    ? { inputs, terms, fourier: { count: choice.fourier, scale: choice.fourierScale, seed } }
    : { inputs, terms };
}
