/**
 * The guided tours panel: choosing a tour switches the run to its preset and
 * shows the worker's measurement of the claim beside the explanation.
 */
import { fmt } from './draw.js';
import { currentLang, t } from './i18n.js';
import type { TourMeasure } from './tourMeasures.js';
import { TOUR_IDS, TOURS, type TourId } from './tours.js';

function TourCurve({ curve }: { curve: NonNullable<TourMeasure['curve']> }) {
  const W = 360;
  const H = 160;
  const { xs, net, target } = curve;
  const finite = [...net, ...target].filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const pad = (hi - lo) * 0.08 || 1;
  const sx = (v: number) => ((v - xs[0]) / (xs[xs.length - 1] - xs[0])) * W;
  const sy = (v: number) => ((hi + pad - v) / (hi - lo + 2 * pad)) * H;
  const line = (ys: number[]) =>
    ys.map((y, i) => `${i ? 'L' : 'M'}${sx(xs[i]).toFixed(1)},${sy(y).toFixed(1)}`).join('');
  const connected = target.every(Number.isFinite);
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      class="tour-curve"
      role="img"
      aria-label={t('tourCurve')}
      data-testid="tour-curve"
    >
      {connected ? (
        <path d={line(target)} class="tour-target" />
      ) : (
        target.map((y, i) =>
          Number.isFinite(y) ? <circle key={i} cx={sx(xs[i])} cy={sy(y)} r={4} class="tour-point" /> : null,
        )
      )}
      <path d={line(net)} class="fit" />
    </svg>
  );
}

export function TourPanel({
  tour,
  measure,
  onChoose,
}: {
  tour: TourId | null;
  measure: TourMeasure | null;
  onChoose: (id: TourId | null) => void;
}) {
  const lang = currentLang();
  return (
    <div class="tour">
      <label class="field">
        <span>{t('tourChoose')}</span>
        <select
          id="sel-tour"
          value={tour ?? ''}
          onChange={(e) => {
            const v = (e.currentTarget as HTMLSelectElement).value;
            onChoose(v === '' ? null : (v as TourId));
          }}
        >
          <option value="">{t('tourNone')}</option>
          {TOUR_IDS.map((id) => (
            <option key={id} value={id}>
              {TOURS[id].title[lang]}
            </option>
          ))}
        </select>
      </label>
      {tour && (
        <>
          <p class="tour-text" data-testid="tour-text">
            {TOURS[tour].text[lang]}
          </p>
          {measure ? (
            <table class="tour-rows" data-testid="tour-rows">
              <thead>
                <tr>
                  <th scope="col">{t('tourQuantity')}</th>
                  <th scope="col">{t('tourMeasured')}</th>
                  <th scope="col">{t('tourExpected')}</th>
                </tr>
              </thead>
              <tbody>
                {measure.rows.map((r) => (
                  <tr
                    key={`${r.label}${JSON.stringify(r.vars ?? {})}`}
                    data-testid="tour-row"
                    data-value={String(r.value)}
                    data-expected={String(r.expected ?? '')}
                  >
                    <td>{t(r.label, r.vars)}</td>
                    <td>{fmt(r.value, 6)}</td>
                    <td>{r.expected === undefined ? '–' : fmt(r.expected, 6)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p role="status">{t('tourMeasuring')}</p>
          )}
          {measure?.collapsed && (
            <pre class="affine" data-testid="tour-collapsed">
              {measure.collapsed.weight
                .map(
                  (row, i) =>
                    `y = ${row.map((w, j) => `${fmt(w, 5)}·x${j + 1}`).join(' + ')} + ${fmt(measure.collapsed?.bias[i], 5)}`,
                )
                .join('\n')
                .replace(/\+ -/g, '− ')}
            </pre>
          )}
          {measure?.curve && <TourCurve curve={measure.curve} />}
        </>
      )}
    </div>
  );
}
