/**
 * A one-input fit laid open: the target, the network's output, each hidden
 * unit's weighted contribution (output weight × unit activation), whose sum
 * plus the output bias is the fit, and the kinks where a ReLU unit switches.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Figure } from './figure.js';
import { MUTED } from './theme.js';
import { vegaLiteFigure } from './vegaFigure.js';

export interface Contribution {
  readonly label: string;
  readonly ys: ArrayLike<number>;
}

export interface Fit1dOptions {
  readonly name?: string;
  readonly title?: string;
  readonly subtitle?: string;
  readonly xs: ArrayLike<number>;
  /** The function being approximated, sampled at xs (omit when only data points exist). */
  readonly target?: ArrayLike<number>;
  readonly targetLabel?: string;
  readonly fit: ArrayLike<number>;
  readonly fitLabel?: string;
  readonly contributions?: readonly Contribution[];
  /** x positions of the fit's breakpoints. */
  readonly kinks?: readonly number[];
  /** Labelled data points (e.g. the points a net memorises). */
  readonly points?: readonly { readonly x: number; readonly y: number }[];
  readonly xLabel?: string;
  readonly yLabel?: string;
}

/** Above this many units the contributions share one legend entry, so the legend stays readable. */
const NAMED_CONTRIBUTIONS_MAX = 8;
const CONTRIBUTION_COLOR = '#9ecae1';
/** The series palette without its reds, which the fit uses. */
const UNIT_COLORS = ['#4c78a8', '#54a24b', '#f58518', '#72b7b2', '#b279a2', '#eeca3b', '#9d755d', '#79706e'];

interface Row {
  x: number;
  y: number;
  series: string;
  unit: string;
}

export function fit1dFigure(o: Fit1dOptions): Promise<Figure> {
  const name = o.name ?? 'fit1d';
  const title = o.title ?? 'One-input fit';
  const n = o.xs.length;
  const check = (what: string, ys: ArrayLike<number>) => {
    if (ys.length !== n) throw new Error(`figure ${name}: ${what} has ${ys.length} values for ${n} xs`);
  };
  check('fit', o.fit);
  if (o.target) check('target', o.target);
  const targetLabel = o.targetLabel ?? 'target';
  const fitLabel = o.fitLabel ?? 'network';
  const contributions = o.contributions ?? [];
  const named = contributions.length <= NAMED_CONTRIBUTIONS_MAX;
  const groupLabel = `unit contributions (${contributions.length})`;

  const domain: string[] = [];
  const range: string[] = [];
  const add = (label: string, colour: string) => {
    domain.push(label);
    range.push(colour);
  };
  if (o.target) add(targetLabel, '#999999');
  add(fitLabel, '#d62728');
  if (named) {
    for (const [i, c] of contributions.entries()) add(c.label, UNIT_COLORS[i % UNIT_COLORS.length]);
  } else if (contributions.length > 0) add(groupLabel, CONTRIBUTION_COLOR);
  if (o.kinks && o.kinks.length > 0) add(`kinks (${o.kinks.length})`, MUTED);
  if (o.points && o.points.length > 0) add('data', '#000000');

  const rows: Row[] = [];
  const push = (ys: ArrayLike<number>, series: string, unit: string) => {
    for (let i = 0; i < n; i++)
      if (Number.isFinite(o.xs[i]) && Number.isFinite(ys[i]))
        rows.push({ x: o.xs[i], y: ys[i], series, unit });
  };
  contributions.forEach((c, i) => {
    check(`contribution '${c.label}'`, c.ys);
    push(c.ys, named ? c.label : groupLabel, `u${i}`);
  });
  if (o.target) push(o.target, targetLabel, 'target');
  push(o.fit, fitLabel, 'fit');

  const x = {
    field: 'x',
    type: 'quantitative',
    title: o.xLabel ?? 'x',
    scale: { zero: false, nice: false },
  } as const;
  const y = { field: 'y', type: 'quantitative', title: o.yLabel ?? 'y' } as const;
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain, range },
    sort: domain,
  } as const;
  const line = (filter: string[], mark: object) => ({
    transform: [{ filter: { field: 'series', oneOf: filter } }],
    mark: { type: 'line', clip: true, ...mark },
    encoding: { x, y, color, detail: { field: 'unit' } },
  });
  const layer: object[] = [];
  if (contributions.length > 0)
    layer.push(
      line(named ? contributions.map((c) => c.label) : [groupLabel], { strokeWidth: 1.5, opacity: 0.85 }),
    );
  if (o.target) layer.push(line([targetLabel], { strokeWidth: 6, opacity: 0.45 }));
  layer.push(line([fitLabel], { strokeWidth: 2.2, strokeDash: [8, 4] }));
  if (o.kinks && o.kinks.length > 0) {
    layer.push({
      data: { values: o.kinks.map((k) => ({ x: k, series: `kinks (${o.kinks?.length})` })) },
      mark: { type: 'rule', strokeDash: [2, 3], strokeWidth: 1.2 },
      encoding: { x, color },
    });
  }
  if (o.points && o.points.length > 0) {
    layer.push({
      data: { values: o.points.map((p) => ({ x: p.x, y: p.y, series: 'data' })) },
      mark: { type: 'point', filled: true, size: 60, opacity: 1 },
      encoding: { x, y, color },
    });
  }
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.subtitle ? { text: title, subtitle: o.subtitle } : title,
    width: 600,
    height: 400,
    data: { values: rows },
    layer,
  } as TopLevelSpec;
  return vegaLiteFigure(name, title, spec);
}
