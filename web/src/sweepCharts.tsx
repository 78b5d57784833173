/**
 * The sweep's two views: test error against parameter count (log axis), one
 * colour per depth, every seed a point and the seeds' mean joined per depth;
 * and the width × depth table of mean test error with each network's
 * parameter count, which puts equal budgets side by side.
 */
import { CLASS_COLORS, fmt } from './draw.js';
import { t } from './i18n.js';
import type { SweepCell, SweepJob, SweepResult } from './sweep.js';

export type SweepMetric = 'loss' | 'accuracy';

const W = 520;
const H = 260;
const PAD = { left: 52, right: 10, top: 10, bottom: 36 };

export const depthColor = (depths: readonly number[], depth: number): string =>
  CLASS_COLORS[depths.indexOf(depth) % CLASS_COLORS.length];

const value = (r: SweepResult, metric: SweepMetric): number | undefined =>
  metric === 'loss' ? r.testLoss : r.testAcc;

/** Ticks at 1, 2, 5 × 10^k between lo and hi (log10 units). */
function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let k = Math.floor(lo); k <= Math.ceil(hi); k++)
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** k;
      if (Math.log10(v) >= lo - 1e-9 && Math.log10(v) <= hi + 1e-9) out.push(v);
    }
  // A narrow range may hold one tick or none: the ends are labelled instead.
  return out.length >= 2 ? out : [10 ** lo, 10 ** hi];
}

function span(values: number[], pad: number): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return hi - lo < 1e-9 ? [lo - 0.5, hi + 0.5] : [lo - pad * (hi - lo), hi + pad * (hi - lo)];
}

/** The text a point shows on hover or focus: every number exact. */
export function describePoint(job: SweepJob, r: SweepResult): string {
  return t('sweepPoint', {
    depth: job.depth,
    width: job.width,
    seed: job.seed,
    params: r.params,
    steps: r.steps,
    test: String(r.testLoss),
    train: String(r.trainLoss),
    acc: r.testAcc === undefined ? '' : t('sweepAcc', { acc: String(r.testAcc) }),
  });
}

export function ErrorChart({
  jobs,
  results,
  cells,
  depths,
  metric,
  onHover,
  onOpen,
}: {
  jobs: readonly SweepJob[];
  results: readonly (SweepResult | undefined)[];
  cells: readonly SweepCell[];
  depths: readonly number[];
  metric: SweepMetric;
  onHover: (text: string | null) => void;
  onOpen: (job: SweepJob, r: SweepResult) => void;
}) {
  const shown = jobs.flatMap((job) => {
    const r = results[job.index];
    const v = r && !r.error ? value(r, metric) : undefined;
    return r && v !== undefined && Number.isFinite(v) && (metric === 'accuracy' || v > 0)
      ? [{ job, r, v }]
      : [];
  });
  if (shown.length === 0)
    return <svg viewBox={`0 0 ${W} ${H}`} class="sweep-chart" role="img" aria-label={t('sweepEmpty')} />;
  const [xlo, xhi] = span(
    shown.map((p) => Math.log10(p.r.params)),
    0.06,
  );
  const logY = metric === 'loss';
  const [ylo, yhi] = logY
    ? span(
        shown.map((p) => Math.log10(p.v)),
        0.08,
      )
    : [0, 1.02];
  const sx = (params: number) =>
    PAD.left + ((Math.log10(params) - xlo) / (xhi - xlo)) * (W - PAD.left - PAD.right);
  const sy = (v: number) =>
    H - PAD.bottom - (((logY ? Math.log10(v) : v) - ylo) / (yhi - ylo)) * (H - PAD.top - PAD.bottom);
  const yTicks = logY ? logTicks(ylo, yhi) : [0, 0.25, 0.5, 0.75, 1];
  const xTicks = logTicks(xlo, xhi);
  const cellValue = (c: SweepCell) => (metric === 'loss' ? c.meanTestLoss : c.meanTestAcc);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} class="sweep-chart" aria-label={t('sweepChartLabel')}>
      {xTicks.map((v) => (
        <g key={`x${v}`}>
          <line class="axis" x1={sx(v)} x2={sx(v)} y1={PAD.top} y2={H - PAD.bottom} />
          <text class="tick" x={sx(v)} y={H - PAD.bottom + 13} text-anchor="middle">
            {fmt(v, 3)}
          </text>
        </g>
      ))}
      {yTicks.map((v) => (
        <g key={`y${v}`}>
          <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={sy(v)} y2={sy(v)} />
          <text class="tick" x={PAD.left - 4} y={sy(v) + 4} text-anchor="end">
            {fmt(v, 3)}
          </text>
        </g>
      ))}
      <text class="axis-title" x={(W + PAD.left) / 2} y={H - 4} text-anchor="middle">
        {t('sweepParamsAxis')}
      </text>
      <text
        class="axis-title"
        transform={`translate(12 ${(H - PAD.bottom) / 2}) rotate(-90)`}
        text-anchor="middle"
      >
        {logY ? t('sweepLossAxis') : t('sweepAccAxis')}
      </text>
      {depths.map((d) => {
        const mine = cells
          .filter((c) => c.depth === d && cellValue(c) !== undefined)
          .sort((a, b) => a.params - b.params);
        const path = mine
          .map(
            (c, i) => `${i ? 'L' : 'M'}${sx(c.params).toFixed(1)},${sy(cellValue(c) as number).toFixed(1)}`,
          )
          .join('');
        const color = depthColor(depths, d);
        return (
          <g key={`m${d}`}>
            <path d={path} class="sweep-mean" style={{ stroke: color }} />
            {mine.map((c) => (
              <rect
                key={c.width}
                class="sweep-mean-mark"
                x={sx(c.params) - 4}
                y={sy(cellValue(c) as number) - 4}
                width={8}
                height={8}
                style={{ fill: color }}
              />
            ))}
          </g>
        );
      })}
      {shown.map(({ job, r, v }) => {
        const text = describePoint(job, r);
        const open = () => onOpen(job, r);
        return (
          // biome-ignore lint/a11y/useSemanticElements: an SVG point cannot be an HTML button; it takes focus, Enter and Space like one
          <circle
            key={job.index}
            class="sweep-point"
            cx={sx(r.params)}
            cy={sy(v)}
            r={4}
            style={{ fill: depthColor(depths, job.depth) }}
            tabIndex={0}
            role="button"
            aria-label={`${text}. ${t('sweepOpenHint')}`}
            data-testid="sweep-point"
            data-index={job.index}
            data-test-loss={String(r.testLoss)}
            data-steps={r.steps}
            onMouseEnter={() => onHover(text)}
            onMouseLeave={() => onHover(null)}
            onFocus={() => onHover(text)}
            onBlur={() => onHover(null)}
            onClick={open}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                open();
              }
            }}
          />
        );
      })}
    </svg>
  );
}

export function DepthWidthTable({
  cells,
  widths,
  depths,
  metric,
  onHover,
  onOpen,
}: {
  cells: readonly SweepCell[];
  widths: readonly number[];
  depths: readonly number[];
  metric: SweepMetric;
  onHover: (text: string | null) => void;
  onOpen: (job: SweepJob, r: SweepResult) => void;
}) {
  // Error to colour by: the loss on a log scale, or the share misclassified.
  const errorOf = (c: SweepCell): number | undefined =>
    metric === 'loss'
      ? Math.log10(Math.max(c.meanTestLoss, 1e-12))
      : c.meanTestAcc === undefined
        ? undefined
        : 1 - c.meanTestAcc;
  const errors = cells.map(errorOf).filter((e): e is number => e !== undefined);
  const lo = Math.min(...errors);
  const hi = Math.max(...errors);
  const find = (d: number, w: number) => cells.find((c) => c.depth === d && c.width === w);
  return (
    <table class="sweep-grid" data-testid="sweep-grid">
      <caption>{t('sweepGrid')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('sweepCorner')}</th>
          {widths.map((w) => (
            <th key={w} scope="col">
              {w}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {depths.map((d) => (
          <tr key={d}>
            <th scope="row" style={{ color: depthColor(depths, d) }}>
              {d}
            </th>
            {widths.map((w) => {
              const c = find(d, w);
              const e = c ? errorOf(c) : undefined;
              if (!c || e === undefined) return <td key={w}>–</td>;
              // Lower error, stronger colour; capped so the text stays readable in both themes.
              const strength = hi > lo ? (hi - e) / (hi - lo) : 1;
              const shown =
                metric === 'loss' ? fmt(c.meanTestLoss) : `${(100 * (c.meanTestAcc ?? 0)).toFixed(1)}%`;
              const text = t('sweepCell', {
                depth: d,
                width: w,
                params: c.params,
                n: c.results.length,
                loss: String(c.meanTestLoss),
                acc: c.meanTestAcc === undefined ? '' : t('sweepAcc', { acc: String(c.meanTestAcc) }),
              });
              return (
                <td
                  key={w}
                  style={{
                    background: `color-mix(in srgb, var(--accent) ${Math.round(8 + 40 * strength)}%, var(--bg))`,
                  }}
                >
                  <button
                    type="button"
                    class="sweep-cell"
                    title={text}
                    aria-label={`${text}. ${t('sweepCellOpen')}`}
                    data-testid="sweep-cell"
                    onMouseEnter={() => onHover(text)}
                    onMouseLeave={() => onHover(null)}
                    onFocus={() => onHover(text)}
                    onBlur={() => onHover(null)}
                    onClick={() => onOpen(c.jobs[0], c.results[0])}
                  >
                    <span class="sweep-cell-value">{shown}</span>
                    <span class="sweep-cell-params">{t('sweepParamsShort', { n: c.params })}</span>
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
