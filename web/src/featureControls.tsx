/** The Features group: which columns the network sees of each point (TensorFlow Playground's X1, X1², sin X1, …) and random Fourier features. */
import { NumberInput } from './controls.js';
import { t } from './i18n.js';
import {
  FEATURE_TERMS,
  type FeatureTerm,
  MAX_FOURIER_FEATURES,
  type Settings,
  taskKind,
} from './settings.js';

/** How a term reads on its checkbox: x1² rather than x1^2, and x for 1-D tasks. */
function termLabel(term: FeatureTerm, oneD: boolean): string {
  const text = term.replace('^2', '²').replace('*', '·');
  return oneD ? text.replaceAll('x1', 'x') : text;
}

export function FeatureControls({
  s,
  update,
  featuresError,
}: {
  s: Settings;
  update: (patch: Partial<Settings>) => void;
  featuresError?: string;
}) {
  const oneD = taskKind(s.task) === 'function';
  const f = s.features;
  const shown = oneD ? FEATURE_TERMS.filter((term) => !term.includes('x2')) : FEATURE_TERMS;
  const toggle = (term: FeatureTerm, on: boolean) => {
    const terms = FEATURE_TERMS.filter((x) => (x === term ? on : f.terms.includes(x)));
    update({ features: { ...f, terms } });
  };
  return (
    <fieldset data-testid="features">
      <legend>{t('features')}</legend>
      <div class="feature-terms">
        {shown.map((term) => (
          <div class="field check" key={term}>
            <input
              id={`feature-${term}`}
              type="checkbox"
              checked={f.terms.includes(term)}
              onChange={(e) => toggle(term, (e.currentTarget as HTMLInputElement).checked)}
            />
            <label for={`feature-${term}`}>{termLabel(term, oneD)}</label>
          </div>
        ))}
      </div>
      <NumberInput
        label={t('fourierCount')}
        name="fourier"
        value={f.fourier}
        min={0}
        max={MAX_FOURIER_FEATURES}
        integer
        onChange={(fourier) => update({ features: { ...f, fourier } })}
      />
      {f.fourier > 0 && (
        <NumberInput
          label={t('fourierScale')}
          name="fourierScale"
          value={f.fourierScale}
          min={0.01}
          max={100}
          step={0.1}
          onChange={(fourierScale) => update({ features: { ...f, fourierScale } })}
        />
      )}
      <p class="help">{t('featuresHelp')}</p>
      <span class="inline-error" role="alert" data-testid="features-error">
        {featuresError ?? ''}
      </span>
    </fieldset>
  );
}
