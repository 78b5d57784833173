/**
 * An experiment's Chart (plain data from src/analysis/experiments) as a
 * figure: lines, dashed theory lines, dots for sparse points, and a shaded
 * band where a series carries lower/upper bounds (the spread over seeds).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Chart } from '../analysis/experiments/common.js';
import type { Figure } from './figure.js';
import { SERIES } from './theme.js';
import { vegaLiteFigure } from './vegaFigure.js';

interface Row {
  x: number;
  y: number;
  lo?: number;
  hi?: number;
  series: string;
}

export function chartFigure(chart: Chart, size: { width?: number; height?: number } = {}): Promise<Figure> {
  const logX = chart.x.log === true;
  const logY = chart.y.log === true;
  const rows: Row[] = [];
  for (const s of chart.series) {
    for (let i = 0; i < s.x.length; i++) {
      const x = s.x[i];
      const y = s.y[i];
      // A log axis has no place for 0 (an exact construction's error): that point is left out.
      if (!Number.isFinite(x) || !Number.isFinite(y) || (logX && x <= 0) || (logY && y <= 0)) continue;
      const row: Row = { x, y, series: s.label };
      if (s.lower && s.upper && Number.isFinite(s.lower[i]) && Number.isFinite(s.upper[i])) {
        row.lo = logY ? Math.max(s.lower[i], y / 100) : s.lower[i];
        row.hi = s.upper[i];
      }
      rows.push(row);
    }
  }
  const labels = chart.series.map((s) => s.label);
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    sort: labels,
    scale: { domain: labels, range: labels.map((_, i) => SERIES[i % SERIES.length]) },
    legend: labels.length > 1 ? { orient: 'bottom', columns: 2, labelLimit: 420 } : null,
  } as const;
  const x = {
    field: 'x',
    type: 'quantitative',
    title: chart.x.label,
    scale: logX ? { type: 'log', nice: false, padding: 8 } : { zero: false, nice: false },
  } as const;
  const y = {
    field: 'y',
    type: 'quantitative',
    title: chart.y.label,
    scale: logY ? { type: 'log', nice: false, padding: 8 } : { zero: false },
  } as const;
  const inList = (names: string[]) => `indexof(${JSON.stringify(names)}, datum.series) >= 0`;
  const dashed = chart.series.filter((s) => s.dashed).map((s) => s.label);
  const dotted = chart.series.filter((s) => s.points).map((s) => s.label);
  const banded = chart.series.filter((s) => s.lower && s.upper && !s.points).map((s) => s.label);
  const barred = chart.series.filter((s) => s.lower && s.upper && s.points).map((s) => s.label);
  const lines = chart.series.filter((s) => !s.points).map((s) => s.label);
  const layer: object[] = [];
  if (banded.length > 0)
    layer.push({
      transform: [{ filter: `isValid(datum.lo) && ${inList(banded)}` }],
      mark: { type: 'area', opacity: 0.18, clip: true },
      encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
    });
  if (lines.length > 0)
    layer.push({
      transform: [{ filter: inList(lines) }],
      mark: { type: 'line', strokeWidth: 2.2, clip: true },
      encoding: {
        x,
        y,
        color,
        strokeDash: { condition: { test: inList(dashed), value: [7, 4] }, value: [1, 0] },
      },
    });
  if (dotted.length > 0)
    layer.push({
      transform: [{ filter: inList(dotted) }],
      mark: { type: 'point', filled: true, size: 60, clip: true },
      encoding: { x, y, color },
    });
  if (barred.length > 0)
    layer.push({
      transform: [{ filter: `isValid(datum.lo) && ${inList(barred)}` }],
      mark: { type: 'rule', clip: true },
      encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
    });
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: chart.title,
    width: size.width ?? 560,
    height: size.height ?? 340,
    data: { values: rows },
    layer,
  } as TopLevelSpec;
  return vegaLiteFigure(chart.name, chart.title, spec);
}
