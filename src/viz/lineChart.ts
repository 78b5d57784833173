/**
 * Several named series on shared axes, optionally log-scaled: error against
 * width on log–log axes, loss against epoch.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Figure } from './figure.js';
import { SERIES } from './theme.js';
import { vegaLiteFigure } from './vegaFigure.js';

export interface Series {
  readonly label: string;
  readonly xs: ArrayLike<number>;
  readonly ys: ArrayLike<number>;
  /** Draw a dot at every value as well as the line (for sparse measurements). */
  readonly points?: boolean;
  readonly dashed?: boolean;
}

export interface LineChartOptions {
  readonly name: string;
  readonly title: string;
  readonly subtitle?: string;
  readonly series: readonly Series[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly logX?: boolean;
  readonly logY?: boolean;
  /** Plot area in pixels; axes, legend and title come on top. */
  readonly width?: number;
  readonly height?: number;
}

interface Row {
  x: number;
  y: number;
  series: string;
}

/**
 * On a log axis, values ≤ 0 (an exact construction's zero error) have no
 * position; they are left out of that series rather than failing the figure.
 */
export function lineChart(o: LineChartOptions): Promise<Figure> {
  if (o.series.length === 0) throw new Error(`figure ${o.name}: no series to draw`);
  const rows: Row[] = [];
  for (const s of o.series) {
    if (s.xs.length !== s.ys.length)
      throw new Error(`figure ${o.name}: series '${s.label}' has ${s.xs.length} xs but ${s.ys.length} ys`);
    for (let i = 0; i < s.xs.length; i++) {
      const x = s.xs[i];
      const y = s.ys[i];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if ((o.logX && x <= 0) || (o.logY && y <= 0)) continue;
      rows.push({ x, y, series: s.label });
    }
  }
  const labels = o.series.map((s) => s.label);
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    sort: labels,
    scale: { domain: labels, range: labels.map((_, i) => SERIES[i % SERIES.length]) },
    legend: o.series.length > 1 ? { orient: 'right', symbolType: 'stroke' } : null,
  } as const;
  const x = {
    field: 'x',
    type: 'quantitative',
    title: o.xLabel,
    scale: o.logX ? { type: 'log', nice: false, padding: 8 } : { zero: false, nice: false },
  } as const;
  const y = {
    field: 'y',
    type: 'quantitative',
    title: o.yLabel,
    scale: o.logY ? { type: 'log', nice: false, padding: 8 } : { zero: false },
  } as const;
  const dashed = o.series.filter((s) => s.dashed).map((s) => s.label);
  const dotted = o.series.filter((s) => s.points).map((s) => s.label);
  const layer: object[] = [
    {
      mark: { type: 'line', strokeWidth: 2.5, clip: true },
      encoding: {
        x,
        y,
        color,
        strokeDash: {
          condition: { test: `indexof(${JSON.stringify(dashed)}, datum.series) >= 0`, value: [7, 4] },
          value: [1, 0],
        },
      },
    },
  ];
  if (dotted.length > 0) {
    layer.push({
      transform: [{ filter: { field: 'series', oneOf: dotted } }],
      mark: { type: 'point', filled: true, size: 50, clip: true },
      encoding: { x, y, color },
    });
  }
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.subtitle ? { text: o.title, subtitle: o.subtitle } : o.title,
    width: o.width ?? 600,
    height: o.height ?? 380,
    data: { values: rows },
    layer,
  } as TopLevelSpec;
  return vegaLiteFigure(o.name, o.title, spec);
}

export interface Curve {
  readonly label: string;
  /** One value per step; steps are numbered from 1. */
  readonly values: ArrayLike<number>;
}

export interface CurvesOptions {
  readonly name: string;
  readonly title: string;
  readonly subtitle?: string;
  readonly curves: readonly Curve[];
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Loss spans decades, so the value axis is logarithmic unless told otherwise. */
  readonly logY?: boolean;
}

/** Training curves (loss or metric per epoch or step) as a line chart. */
export function curvesFigure(o: CurvesOptions): Promise<Figure> {
  return lineChart({
    name: o.name,
    title: o.title,
    subtitle: o.subtitle,
    xLabel: o.xLabel ?? 'epoch',
    yLabel: o.yLabel ?? 'loss',
    logY: o.logY ?? true,
    series: o.curves.map((c) => ({
      label: c.label,
      xs: Array.from({ length: c.values.length }, (_, i) => i + 1),
      ys: c.values,
    })),
  });
}
