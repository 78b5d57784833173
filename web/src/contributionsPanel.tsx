/**
 * A 1-D fit taken apart: each hidden unit's weighted output as a thin line,
 * their sum plus the output bias dashed over the fit (they must coincide),
 * and the kinks of the exact piece count as ticks on the axis.
 */
import { signedColor } from './draw.js';
import { CURVE_POINTS } from './grid.js';
import { t } from './i18n.js';
import { KinkHandles } from './kinkHandles.js';
import type { RunData, View } from './worker.js';

export function ContributionsPanel({
  data,
  view,
  kinks,
  onBias,
}: {
  data: RunData;
  view: View | null;
  kinks: number[] | undefined;
  /** Given, each unit's kink is a draggable marker that sets that unit's bias. */
  onBias?: (unit: number, bias: number) => void;
}) {
  const c = view?.contributions;
  if (!view || !c) return <p class="help">{t('contribNone')}</p>;
  const W = 480;
  const H = 240;
  const { x, y } = data.extent;
  const sx = (v: number) => ((v - x[0]) / (x[1] - x[0])) * W;
  const sy = (v: number) => ((y[1] - v) / (y[1] - y[0])) * H;
  const xs = (i: number) => x[0] + ((x[1] - x[0]) * i) / (CURVE_POINTS - 1);
  const clamp = (v: number) => Math.max(y[0] - 10, Math.min(y[1] + 10, v));
  const path = (at: (i: number) => number) => {
    let d = '';
    for (let i = 0; i < CURVE_POINTS; i++)
      d += `${i ? 'L' : 'M'}${sx(xs(i)).toFixed(1)},${sy(clamp(at(i))).toFixed(1)}`;
    return d;
  };
  const sum = new Float64Array(CURVE_POINTS).fill(c.outputBias);
  for (let j = 0; j < c.units; j++)
    for (let i = 0; i < CURVE_POINTS; i++) sum[i] += c.perUnit[j * CURVE_POINTS + i];
  // The page checks the decomposition against the fit it was sent: a mismatch would mean the panel shows another net.
  let residual = 0;
  for (let i = 0; i < CURVE_POINTS; i++) residual = Math.max(residual, Math.abs(sum[i] - view.output[i]));
  const lines = [];
  for (let j = 0; j < c.units; j++) {
    const off = j * CURVE_POINTS;
    // A ReLU unit's contribution v·relu(…) never changes sign, so its total has the sign of its output weight v.
    let total = 0;
    for (let i = 0; i < CURVE_POINTS; i++) total += c.perUnit[off + i];
    lines.push(
      <path key={j} d={path((i) => c.perUnit[off + i])} class="unit-line" stroke={signedColor(total)} />,
    );
  }
  return (
    <>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        class="curve"
        role="img"
        aria-label={t('contribHelp')}
        data-testid="contributions"
        data-units={c.units}
        data-residual={residual}
        data-kinks={kinks?.length ?? ''}
      >
        <line x1={0} x2={W} y1={sy(0)} y2={sy(0)} class="axis" />
        {lines}
        <path d={path((i) => view.output[i])} class="fit" />
        <path d={path((i) => sum[i])} class="sum-line" />
        {kinks?.map((k) => (
          <path key={k} d={`M${sx(k).toFixed(1)},${H}l-5,-9h10z`} class="kink" data-testid="kink" />
        ))}
        {onBias && view.weights[0] && (
          <KinkHandles first={view.weights[0]} extent={x} width={W} onBias={onBias} />
        )}
      </svg>
      <p class="help">{t('contribHelp')}</p>
      {onBias && <p class="help">{t('kinkHelp')}</p>}
    </>
  );
}
