/**
 * A piecewise-linear function of one input drawn exactly: each output is the
 * polyline through its values at the piece ends (no sampling, so no kink is
 * rounded off), the pieces are shaded in alternating bands and the kinks
 * between them are marked. What `mlp-lab regions` draws for a 1-input model.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Piece1d } from '../analysis/regions/regions1d.js';
import type { Figure } from './figure.js';
import { MUTED, SERIES } from './theme.js';
import { vegaLiteFigure } from './vegaFigure.js';

/** One linear piece as the region enumeration gives it: on [lo, hi] output k is slope[k]·x + intercept[k]. */
export type LinearPiece = Pick<Piece1d, 'lo' | 'hi' | 'slope' | 'intercept'>;

export interface Pieces1dOptions {
  readonly name: string;
  readonly title: string;
  readonly subtitle?: string;
  /** Adjacent pieces in increasing x, each ending where the next begins. */
  readonly pieces: readonly LinearPiece[];
  readonly xLabel?: string;
  readonly yLabel?: string;
}

/** Beyond this many pieces the bands and kink rules would merge into a grey wash over the curve. */
const MARKED_PIECES_MAX = 200;
const BAND_COLOR = '#eef3f8';

export function pieces1dFigure(o: Pieces1dOptions): Promise<Figure> {
  const { pieces } = o;
  if (pieces.length === 0) throw new Error(`figure ${o.name}: no pieces to draw`);
  const outputs = pieces[0].slope.length;
  const labels = Array.from({ length: outputs }, (_, k) => (outputs === 1 ? 'network' : `output ${k + 1}`));
  const rows: { x: number; y: number; series: string }[] = [];
  for (let k = 0; k < outputs; k++) {
    // Each piece's value at its own ends: at a kink both sides agree, since the network is continuous.
    for (const [i, p] of pieces.entries()) {
      if (i === 0) rows.push({ x: p.lo, y: p.slope[k] * p.lo + p.intercept[k], series: labels[k] });
      rows.push({ x: p.hi, y: p.slope[k] * p.hi + p.intercept[k], series: labels[k] });
    }
  }
  const kinks = pieces.slice(1).map((p) => p.lo);
  const marked = pieces.length <= MARKED_PIECES_MAX;
  const x = {
    field: 'x',
    type: 'quantitative',
    title: o.xLabel ?? 'x',
    scale: { zero: false, nice: false, domain: [pieces[0].lo, pieces[pieces.length - 1].hi] },
  } as const;
  const y = {
    field: 'y',
    type: 'quantitative',
    title: o.yLabel ?? 'output',
    scale: { zero: false },
  } as const;
  const layer: object[] = [];
  if (marked) {
    layer.push({
      data: { values: pieces.filter((_, i) => i % 2 === 0).map((p) => ({ lo: p.lo, hi: p.hi })) },
      mark: { type: 'rect', color: BAND_COLOR },
      encoding: { x: { ...x, field: 'lo' }, x2: { field: 'hi' } },
    });
    if (kinks.length > 0) {
      layer.push({
        data: { values: kinks.map((k) => ({ x: k })) },
        mark: { type: 'rule', strokeDash: [2, 3], strokeWidth: 1.2, color: MUTED },
        encoding: { x },
      });
    }
  }
  layer.push({
    mark: { type: 'line', strokeWidth: 2.2, clip: true, point: marked ? { filled: true, size: 30 } : false },
    encoding: {
      x,
      y,
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        sort: labels,
        scale: { domain: labels, range: labels.map((_, i) => SERIES[i % SERIES.length]) },
        legend: outputs > 1 ? { orient: 'right', symbolType: 'stroke' } : null,
      },
    },
  });
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.subtitle ? { text: o.title, subtitle: o.subtitle } : o.title,
    width: 600,
    height: 380,
    data: { values: rows },
    layer,
  } as TopLevelSpec;
  return vegaLiteFigure(o.name, o.title, spec);
}
