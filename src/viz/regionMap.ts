/**
 * The linear regions of a ReLU network over a 2D domain: every convex polygon
 * in its own colour, the decision boundary on top, data points above that.
 *
 * Hand-built SVG rather than Vega-Lite: Vega-Lite has no polygon mark, and
 * faking one with a line mark ordered per polygon makes a scenegraph item per
 * vertex — a 10,000-region map takes seconds and megabytes of markup that one
 * `<path>` per polygon does not. Axes and fonts follow the charts' theme.
 */
import type { Figure } from './figure.js';
import { axes, esc, num, type PlotArea, px, scaleX, scaleY, svgOpen, text } from './svg.js';
import { LABEL_SIZE } from './theme.js';

export interface RegionPolygon {
  /** Vertices in input coordinates, in order around the polygon. */
  readonly polygon: readonly (readonly [number, number])[];
  /** The activation pattern (e.g. '1011|01'): it picks the colour, so neighbours differ. */
  readonly pattern: string;
}

export interface RegionPoint {
  readonly x: number;
  readonly y: number;
  readonly label?: string | number;
}

export interface RegionMapOptions {
  readonly name?: string;
  readonly title?: string;
  readonly subtitle?: string;
  readonly regions: readonly RegionPolygon[];
  /** [x0, x1, y0, y1]. */
  readonly domain: readonly [number, number, number, number];
  /** Decision-boundary pieces, each a polyline in input coordinates. */
  readonly boundary?: readonly (readonly (readonly [number, number])[])[];
  readonly points?: readonly RegionPoint[];
  readonly xLabel?: string;
  readonly yLabel?: string;
}

/** Point fills by class, in order of first appearance; the black outline keeps them visible on any region. */
const CLASS_FILLS = ['#ffffff', '#000000', '#f58518', '#4c78a8', '#54a24b', '#e45756', '#b279a2', '#eeca3b'];
const BOUNDARY = '#000000';
const PLOT_MAX = 600;
const LEGEND_WIDTH = 190;

/** FNV-1a: a fixed, well-spread hash so a pattern has the same colour in every figure and run. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Pastel colours spread over hue, saturation and lightness so adjacent regions (one bit apart) rarely look alike. */
export function patternColor(pattern: string): string {
  const h = hash(pattern);
  const hue = h % 360;
  const sat = 45 + ((h >>> 9) % 30);
  const light = 62 + ((h >>> 17) % 20);
  return `hsl(${hue},${sat}%,${light}%)`;
}

export async function regionMapFigure(o: RegionMapOptions): Promise<Figure> {
  const name = o.name ?? 'regions';
  const title = o.title ?? 'Linear regions';
  const [x0, x1, y0, y1] = o.domain;
  if (!(x1 > x0 && y1 > y0)) throw new Error(`figure ${name}: empty domain [${o.domain.join(', ')}]`);
  // Equal units on both axes: the regions' shapes and angles are part of what the map shows.
  const aspect = (y1 - y0) / (x1 - x0);
  const plotW = aspect > 1 ? PLOT_MAX / aspect : PLOT_MAX;
  const plotH = aspect > 1 ? PLOT_MAX : PLOT_MAX * aspect;
  const area: PlotArea = { left: 80, top: 70, width: plotW, height: plotH, x: [x0, x1], y: [y0, y1] };
  const width = Math.ceil(area.left + plotW + 20 + LEGEND_WIDTH);
  const height = Math.ceil(area.top + plotH + 60);
  const subtitle = o.subtitle ?? `${o.regions.length.toLocaleString('en-US')} linear regions`;

  const out: string[] = [svgOpen(width, height, title, subtitle)];
  out.push(
    `<defs><clipPath id="${esc(name)}-plot"><rect x="${area.left}" y="${area.top}" width="${px(plotW)}" height="${px(plotH)}"/></clipPath></defs>`,
  );
  out.push(`<g clip-path="url(#${esc(name)}-plot)">`);
  // Thin same-colour-as-background outlines would hide slivers; a faint white edge separates regions instead.
  const edge = o.regions.length > 2000 ? 0.15 : 0.6;
  out.push(`<g stroke="white" stroke-width="${edge}" stroke-linejoin="round">`);
  for (const r of o.regions) {
    if (r.polygon.length < 3) continue;
    let d = '';
    for (let i = 0; i < r.polygon.length; i++) {
      const [vx, vy] = r.polygon[i];
      d += `${i === 0 ? 'M' : 'L'}${px(scaleX(area, vx))} ${px(scaleY(area, vy))}`;
    }
    out.push(`<path class="region" d="${d}Z" fill="${patternColor(r.pattern)}"/>`);
  }
  out.push('</g>');
  if (o.boundary && o.boundary.length > 0) {
    const lines = o.boundary
      .filter((line) => line.length >= 2)
      .map((line) => line.map(([bx, by]) => `${px(scaleX(area, bx))},${px(scaleY(area, by))}`).join(' '));
    // A white casing under the black line keeps the boundary visible across dark and light regions alike.
    for (const [stroke, w] of [
      ['white', 5.5],
      [BOUNDARY, 2.5],
    ] as const) {
      out.push(
        `<g class="boundary" fill="none" stroke="${stroke}" stroke-width="${w}" stroke-linecap="round" stroke-linejoin="round">`,
      );
      for (const pts of lines) out.push(`<polyline points="${pts}"/>`);
      out.push('</g>');
    }
  }
  const classes: string[] = [];
  if (o.points && o.points.length > 0) {
    out.push('<g class="points" stroke="black" stroke-width="1.5">');
    for (const p of o.points) {
      const label = String(p.label ?? 'data');
      let k = classes.indexOf(label);
      if (k < 0) k = classes.push(label) - 1;
      out.push(
        `<circle cx="${px(scaleX(area, p.x))}" cy="${px(scaleY(area, p.y))}" r="5" fill="${CLASS_FILLS[k % CLASS_FILLS.length]}"/>`,
      );
    }
    out.push('</g>');
  }
  out.push('</g>');
  out.push(axes(area, o.xLabel ?? 'x₁', o.yLabel ?? 'x₂'));

  // Legend: what the colours, the black line and the dots mean.
  const lx = area.left + plotW + 24;
  let ly = area.top + 10;
  out.push(text(lx, ly, 'each colour: one region', { size: LABEL_SIZE }));
  ly += 8;
  const swatches = Math.min(o.regions.length, 6);
  for (let i = 0; i < swatches; i++)
    out.push(
      `<rect x="${lx + i * 22}" y="${ly}" width="18" height="14" fill="${patternColor(o.regions[i].pattern)}"/>`,
    );
  ly += 40;
  if (o.boundary && o.boundary.length > 0) {
    out.push(
      `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 26}" y2="${ly - 4}" stroke="${BOUNDARY}" stroke-width="2.5"/>`,
    );
    out.push(text(lx + 34, ly, 'decision boundary'));
    ly += 26;
  }
  classes.forEach((c, k) => {
    out.push(
      `<circle cx="${lx + 13}" cy="${ly - 4}" r="5" fill="${CLASS_FILLS[k % CLASS_FILLS.length]}" stroke="black" stroke-width="1.5"/>`,
    );
    out.push(text(lx + 34, ly, classes.length === 1 ? c : `class ${c}`));
    ly += 24;
  });
  out.push(
    text(lx, area.top + plotH, `domain [${num(x0)}, ${num(x1)}] × [${num(y0)}, ${num(y1)}]`, { size: 11 }),
  );
  out.push('</svg>');
  return { name, title, svg: out.join(''), width, height };
}
