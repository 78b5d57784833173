/**
 * The engine's activations and their derivatives, two panels side by side,
 * sampled from the same forward and backward code the layers run
 * (analysis/activationCurves.ts), so the figure cannot drift from the engine.
 */
import type { TopLevelSpec } from 'vega-lite';
import { type ActivationCurve, activationCurves, type CurveRange } from '../analysis/activationCurves.js';
import { activationNames } from '../nn/activations.js';
import type { ActivationName } from '../nn/layer.js';
import type { Figure } from './figure.js';
import { activationLabels } from './labels.js';
import { vegaLiteFigure } from './vegaFigure.js';

export interface ActivationsFigureOptions {
  readonly name?: string;
  readonly title?: string;
  readonly names?: readonly ActivationName[];
  readonly range?: CurveRange;
  /** 'panels': f and f′ in two panels; 'grid': one small panel per activation. Default: panels up to five activations. */
  readonly layout?: 'panels' | 'grid';
}

/** Thirteen hues that stay apart on white; piecewise-linear activations are dashed as a second cue. */
const COLORS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#393b79',
  '#7f7f7f',
  '#ad494a',
  '#000000',
];
const PIECEWISE_LINEAR: ReadonlySet<ActivationName> = new Set([
  'identity',
  'relu',
  'leaky_relu',
  'hard_sigmoid',
  'hard_tanh',
]);

export function activationsFigure(o: ActivationsFigureOptions = {}): Promise<Figure> {
  const names = o.names ?? activationNames;
  const curves: ActivationCurve[] = activationCurves(o.range, names);
  const rows: { x: number; f: number; df: number; activation: string }[] = [];
  for (const c of curves) {
    const label = activationLabels[c.name];
    for (let i = 0; i < c.xs.length; i++)
      rows.push({ x: c.xs[i], f: c.ys[i], df: c.dys[i], activation: label });
  }
  const labels = names.map((n) => activationLabels[n]);
  const dashed = names.filter((n) => PIECEWISE_LINEAR.has(n)).map((n) => activationLabels[n]);
  const color = {
    field: 'activation',
    type: 'nominal',
    title: 'activation',
    sort: labels,
    scale: { domain: labels, range: labels.map((_, i) => COLORS[i % COLORS.length]) },
  };
  const strokeDash = {
    field: 'activation',
    type: 'nominal',
    title: 'activation',
    sort: labels,
    scale: { domain: labels, range: names.map((n) => (PIECEWISE_LINEAR.has(n) ? [7, 3] : [1, 0])) },
  };
  const panel = (field: 'f' | 'df', title: string, yTitle: string) => ({
    title: { text: title, fontSize: 15 },
    width: 320,
    height: 300,
    mark: { type: 'line', strokeWidth: 2.2, clip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'x', scale: { nice: false } },
      y: { field, type: 'quantitative', title: yTitle },
      color,
      strokeDash,
    },
  });
  const name = o.name ?? 'activations';
  const title = o.title ?? 'Activation functions and their derivatives';
  const source = "sampled from the engine's forward and backward passes";
  // Past a handful of curves one panel is a tangle; small multiples give each activation its own pair.
  const grid = o.layout === 'grid' || (o.layout === undefined && names.length > 5);
  const spec = grid
    ? {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: { text: title, subtitle: `${source}; solid f(x), dashed f′(x)` },
        data: { values: rows },
        transform: [
          { fold: ['f', 'df'], as: ['curve', 'value'] },
          { calculate: "datum.curve === 'f' ? 'f(x)' : 'f′(x)'", as: 'curve' },
        ],
        facet: { field: 'activation', type: 'nominal', sort: labels, title: null },
        columns: 4,
        spec: {
          width: 150,
          height: 110,
          mark: { type: 'line', strokeWidth: 2, clip: true },
          encoding: {
            x: { field: 'x', type: 'quantitative', title: 'x', scale: { nice: false } },
            y: { field: 'value', type: 'quantitative', title: null, scale: { domain: [-1.5, 2.5] } },
            color: { field: 'curve', type: 'nominal', title: null, scale: { range: ['#1f77b4', '#d62728'] } },
            strokeDash: {
              field: 'curve',
              type: 'nominal',
              title: null,
              scale: {
                range: [
                  [1, 0],
                  [6, 3],
                ],
              },
            },
          },
        },
        resolve: { axis: { x: 'independent', y: 'independent' } },
      }
    : {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: { text: title, subtitle: dashed.length > 0 ? `${source}; dashed: piecewise linear` : source },
        data: { values: rows },
        hconcat: [panel('f', 'f(x)', 'f(x)'), panel('df', 'f′(x) (the backward pass)', 'f′(x)')],
      };
  return vegaLiteFigure(name, title, spec as TopLevelSpec);
}
