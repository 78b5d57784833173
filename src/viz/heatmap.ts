/**
 * A scalar field over a 2D grid with labelled points on top: a classifier's
 * output over its input plane, or a linear read-out over a hidden space.
 * Several panels share one colour scale, so input and hidden space can be
 * compared side by side.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Figure } from './figure.js';
import { vegaLiteFigure } from './vegaFigure.js';

export interface GridField {
  /** Cell centres along x (nx, increasing, evenly spaced). */
  readonly xs: ArrayLike<number>;
  /** Cell centres along y (ny, increasing, evenly spaced). */
  readonly ys: ArrayLike<number>;
  /** values[j * nx + i] at (xs[i], ys[j]). */
  readonly values: ArrayLike<number>;
}

export interface HeatmapPoint {
  readonly x: number;
  readonly y: number;
  readonly label: string | number;
}

export interface HeatmapPanel {
  readonly title: string;
  readonly field: GridField;
  readonly points?: readonly HeatmapPoint[];
  readonly xLabel?: string;
  readonly yLabel?: string;
}

export interface HeatmapOptions {
  readonly name: string;
  readonly title: string;
  readonly subtitle?: string;
  readonly panels: readonly HeatmapPanel[];
  /** Legend title of the colour scale. */
  readonly valueLabel?: string;
  /** Colour scale domain; default the range of all panels' values. */
  readonly domain?: readonly [number, number];
  /** Diverging scale centred here (e.g. 0.5 for a probability, 0 for a logit); sequential when omitted. */
  readonly mid?: number;
}

/** The centres of an nx × ny grid over [x0, x1] × [y0, y1] and the same points as rows (x, y), row-major from the bottom. */
export function gridPoints(
  domain: readonly [number, number, number, number],
  nx: number,
  ny = nx,
): { xs: Float64Array; ys: Float64Array; inputs: Float64Array } {
  const [x0, x1, y0, y1] = domain;
  const xs = Float64Array.from({ length: nx }, (_, i) => x0 + ((i + 0.5) * (x1 - x0)) / nx);
  const ys = Float64Array.from({ length: ny }, (_, j) => y0 + ((j + 0.5) * (y1 - y0)) / ny);
  const inputs = new Float64Array(nx * ny * 2);
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      inputs[2 * (j * nx + i)] = xs[i];
      inputs[2 * (j * nx + i) + 1] = ys[j];
    }
  return { xs, ys, inputs };
}

function halfStep(a: ArrayLike<number>): number {
  return a.length > 1 ? (a[a.length - 1] - a[0]) / (a.length - 1) / 2 : 0.5;
}

/** Point fills by class; black outlines keep white points visible on light cells. */
const CLASS_FILLS = ['#ffffff', '#000000', '#f58518', '#54a24b', '#b279a2', '#eeca3b'];

export function heatmapFigure(o: HeatmapOptions): Promise<Figure> {
  if (o.panels.length === 0) throw new Error(`figure ${o.name}: no panels`);
  let lo = Infinity;
  let hi = -Infinity;
  const classes: string[] = [];
  for (const p of o.panels) {
    const { xs, ys, values } = p.field;
    if (values.length !== xs.length * ys.length)
      throw new Error(
        `figure ${o.name}, panel '${p.title}': ${values.length} values for a ${xs.length}×${ys.length} grid`,
      );
    for (let k = 0; k < values.length; k++)
      if (Number.isFinite(values[k])) {
        lo = Math.min(lo, values[k]);
        hi = Math.max(hi, values[k]);
      }
    for (const q of p.points ?? []) if (!classes.includes(String(q.label))) classes.push(String(q.label));
  }
  const [d0, d1] = o.domain ?? [lo, hi];
  const color = {
    field: 'v',
    type: 'quantitative',
    title: o.valueLabel ?? 'value',
    scale:
      o.mid === undefined
        ? { scheme: 'viridis', domain: [d0, d1], clamp: true }
        : {
            scheme: 'redblue',
            domainMid: o.mid,
            domain: [Math.min(d0, o.mid), Math.max(d1, o.mid)],
            clamp: true,
          },
  };
  const classEncoding = {
    field: 'label',
    type: 'nominal',
    title: 'class',
    scale: { domain: classes, range: classes.map((_, k) => CLASS_FILLS[k % CLASS_FILLS.length]) },
  };
  const panelSide = o.panels.length === 1 ? 480 : Math.floor(640 / o.panels.length);
  const panels = o.panels.map((p) => {
    const { xs, ys, values } = p.field;
    const hx = halfStep(xs);
    const hy = halfStep(ys);
    const cells: { x: number; x2: number; y: number; y2: number; v: number }[] = [];
    for (let j = 0; j < ys.length; j++)
      for (let i = 0; i < xs.length; i++) {
        const v = values[j * xs.length + i];
        // Cells overlap their neighbours by a few percent: edge to edge, antialiasing shows a faint white grid.
        if (Number.isFinite(v))
          cells.push({ x: xs[i] - hx, x2: xs[i] + 1.1 * hx, y: ys[j] - hy, y2: ys[j] + 1.1 * hy, v });
      }
    const scale = (a: ArrayLike<number>, h: number) => ({
      domain: [a[0] - h, a[a.length - 1] + h],
      nice: false,
      zero: false,
    });
    const x = { field: 'x', type: 'quantitative', title: p.xLabel ?? 'x₁', scale: scale(xs, hx) };
    const y = { field: 'y', type: 'quantitative', title: p.yLabel ?? 'x₂', scale: scale(ys, hy) };
    const layer: object[] = [
      {
        data: { values: cells },
        mark: { type: 'rect', strokeWidth: 0 },
        encoding: { x, x2: { field: 'x2' }, y, y2: { field: 'y2' }, color },
      },
    ];
    if (p.points && p.points.length > 0) {
      layer.push({
        data: { values: p.points.map((q) => ({ x: q.x, y: q.y, label: String(q.label) })) },
        mark: { type: 'point', filled: true, size: 110, stroke: 'black', strokeWidth: 1.5, opacity: 1 },
        encoding: { x, y, fill: classEncoding, shape: { ...classEncoding, scale: { domain: classes } } },
      });
    }
    return { title: { text: p.title, fontSize: 15 }, width: panelSide, height: panelSide, layer };
  });
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.subtitle ? { text: o.title, subtitle: o.subtitle } : o.title,
    hconcat: panels,
    resolve: { scale: { x: 'independent', y: 'independent' } },
  } as TopLevelSpec;
  return vegaLiteFigure(o.name, o.title, spec);
}
