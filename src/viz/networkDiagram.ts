/**
 * A model drawn as what it computes. Small nets: a node-link diagram with
 * every weight as a line (colour = sign, width = magnitude, the value written
 * on it when the layer is small enough to read), biases under the units and
 * residual skips as dashed identity links. Wide nets, where a line per weight
 * is only ink: one weight-matrix heatmap per Linear layer.
 */
import type { TopLevelSpec } from 'vega-lite';
import { Activation } from '../nn/activationLayer.js';
import type { Layer } from '../nn/layer.js';
import { Linear } from '../nn/linear.js';
import { Residual } from '../nn/residual.js';
import type { Sequential } from '../nn/sequential.js';
import type { Figure } from './figure.js';
import { activationLabels, subscript } from './labels.js';
import { num, px, svgOpen, text } from './svg.js';
import { MUTED, NEGATIVE, POSITIVE, TEXT } from './theme.js';
import { vegaLiteFigure } from './vegaFigure.js';

export interface NetworkDiagramOptions {
  readonly name?: string;
  readonly title?: string;
  readonly subtitle?: string;
  /** Widest layer drawn as nodes and links; wider models become weight heatmaps. */
  readonly maxUnits?: number;
  /** Names for the input units (default x₁, x₂, …). */
  readonly inputLabels?: readonly string[];
  /** Names for the output units (default ŷ, or ŷ₁, ŷ₂, …). */
  readonly outputLabels?: readonly string[];
}

interface Column {
  readonly units: number;
  /** What happens to the units after their affine map: activation names, normalisation, dropout. */
  readonly notes: string[];
  readonly bias: ArrayLike<number> | null;
}

interface Links {
  readonly from: number;
  readonly to: number;
  /** Row-major [to units × from units], as Linear stores W; null for an identity skip. */
  readonly weights: ArrayLike<number> | null;
}

/** Weights this small are drawn as absent: an exact construction's zeros are part of its structure. */
const ZERO = 1e-12;
/** Layers with at most this many weights get each value written on its line. */
const LABELLED_LINKS_MAX = 12;

/** Flattens a model into columns of units and the links between them. */
function layout(model: Sequential): { columns: Column[]; links: Links[] } {
  const columns: Column[] = [{ units: model.nIn, notes: [], bias: null }];
  const links: Links[] = [];
  const visit = (layer: Layer): void => {
    const current = columns.length - 1;
    if (layer instanceof Linear) {
      columns.push({ units: layer.nOut, notes: [], bias: layer.bias ? layer.bias.value.data : null });
      links.push({ from: current, to: current + 1, weights: layer.weight.value.data });
    } else if (layer instanceof Activation) {
      columns[current].notes.push(activationLabels[layer.name]);
    } else if (layer instanceof Residual) {
      if (layer.norm) visit(layer.norm);
      for (const child of layer.body) visit(child);
      const end = columns.length - 1;
      if (end !== current) links.push({ from: current, to: end, weights: null });
      else columns[current].notes.push('+ skip');
    } else if (layer.nOut !== layer.nIn) {
      columns.push({ units: layer.nOut, notes: [String(layer)], bias: null });
    } else {
      columns[current].notes.push(String(layer));
    }
  };
  for (const layer of model.layers) visit(layer);
  return { columns, links };
}

function unitLabel(col: number, unit: number, columns: readonly Column[], o: NetworkDiagramOptions): string {
  const last = columns.length - 1;
  if (col === 0) return o.inputLabels?.[unit] ?? `x${subscript(unit + 1)}`;
  if (col === last)
    return o.outputLabels?.[unit] ?? (columns[last].units === 1 ? 'ŷ' : `ŷ${subscript(unit + 1)}`);
  return `h${subscript(unit + 1)}`;
}

function columnTitle(col: number, columns: readonly Column[]): string {
  const c = columns[col];
  const kind = col === 0 ? 'input' : col === columns.length - 1 ? 'output' : `hidden ${col}`;
  return `${kind} (${c.units})`;
}

export async function networkDiagramFigure(
  model: Sequential,
  o: NetworkDiagramOptions = {},
): Promise<Figure> {
  const { columns, links } = layout(model);
  const widest = Math.max(...columns.map((c) => c.units));
  if (widest > (o.maxUnits ?? 32)) return weightHeatmaps(model, o);
  return nodeLink(model, columns, links, o);
}

function nodeLink(model: Sequential, columns: Column[], links: Links[], o: NetworkDiagramOptions): Figure {
  const name = o.name ?? 'network';
  const title = o.title ?? `Network ${model.describe()}`;
  const widest = Math.max(...columns.map((c) => c.units));
  const r = widest <= 6 ? 20 : widest <= 12 ? 13 : 7;
  const gap = widest <= 6 ? 90 : widest <= 12 ? 46 : 24;
  const top = 110;
  const plotH = Math.max(160, (widest - 1) * gap);
  const width = Math.max(800, 220 * columns.length);
  const height = top + plotH + 130;
  const left = 90;
  const colX = (c: number) => left + (c * (width - 2 * left)) / Math.max(1, columns.length - 1);
  const unitY = (c: number, u: number) => top + plotH / 2 + (u - (columns[c].units - 1) / 2) * gap;

  let maxAbs = 0;
  for (const l of links)
    if (l.weights)
      for (let i = 0; i < l.weights.length; i++) maxAbs = Math.max(maxAbs, Math.abs(l.weights[i]));
  // Dense layers get thinner, lighter lines: a mesh of thick ones reads as a solid block.
  const dense = links.some((l) => columns[l.from].units * columns[l.to].units > 64);
  const thickest = dense ? 2.6 : 5;
  const strokeOf = (w: number) => px(0.6 + ((thickest - 0.6) * Math.abs(w)) / (maxAbs || 1));

  const out: string[] = [svgOpen(width, height, title, o.subtitle)];
  const labels: string[] = [];
  for (const l of links) {
    const nFrom = columns[l.from].units;
    const nTo = columns[l.to].units;
    if (!l.weights) {
      // An identity skip: unit i of the block's input is added to unit i of its output.
      for (let i = 0; i < Math.min(nFrom, nTo); i++) {
        const x1 = colX(l.from);
        const x2 = colX(l.to);
        const y1 = unitY(l.from, i);
        const y2 = unitY(l.to, i);
        const bend = -gap * 0.6 - 20;
        out.push(
          `<path class="skip" d="M${px(x1)} ${px(y1)} C${px(x1 + (x2 - x1) / 3)} ${px(y1 + bend)} ${px(x2 - (x2 - x1) / 3)} ${px(y2 + bend)} ${px(x2)} ${px(y2)}" fill="none" stroke="${MUTED}" stroke-width="2" stroke-dasharray="6 4"/>`,
        );
      }
      continue;
    }
    const labelled = nFrom * nTo <= LABELLED_LINKS_MAX;
    for (let j = 0; j < nTo; j++) {
      for (let i = 0; i < nFrom; i++) {
        const w = l.weights[j * nFrom + i];
        if (Math.abs(w) <= ZERO) continue;
        const x1 = colX(l.from) + r;
        const x2 = colX(l.to) - r;
        const y1 = unitY(l.from, i);
        const y2 = unitY(l.to, j);
        out.push(
          `<line class="edge" data-weight="${w}" x1="${px(x1)}" y1="${px(y1)}" x2="${px(x2)}" y2="${px(y2)}" stroke="${w > 0 ? POSITIVE : NEGATIVE}" stroke-width="${strokeOf(w)}" stroke-opacity="${dense ? 0.6 : 0.85}"/>`,
        );
        if (labelled) {
          // Stagger by source so labels of edges that leave different units do not stack on one vertical.
          const t = 0.22 + (0.5 * (i + 0.5)) / nFrom;
          const lx = x1 + t * (x2 - x1);
          const ly = y1 + t * (y2 - y1);
          const s = num(w);
          labels.push(
            `<rect x="${px(lx - 4 - s.length * 4)}" y="${px(ly - 10)}" width="${px(8 + s.length * 8)}" height="18" rx="3" fill="white" fill-opacity="0.9"/>`,
            text(lx, ly + 4, s, { anchor: 'middle', fill: w > 0 ? POSITIVE : NEGATIVE }),
          );
        }
      }
    }
  }
  out.push(...labels);

  columns.forEach((c, ci) => {
    const x = colX(ci);
    out.push(text(x, top - 58, columnTitle(ci, columns), { anchor: 'middle', size: 14, weight: 'bold' }));
    if (c.notes.length > 0)
      out.push(text(x, top - 40, c.notes.join(', '), { anchor: 'middle', fill: MUTED }));
    for (let u = 0; u < c.units; u++) {
      const y = unitY(ci, u);
      out.push(
        `<circle class="unit" cx="${px(x)}" cy="${px(y)}" r="${r}" fill="${ci === 0 ? '#f2f2f2' : 'white'}" stroke="${TEXT}" stroke-width="1.5"/>`,
      );
      if (r >= 13)
        out.push(text(x, y + 5, unitLabel(ci, u, columns, o), { anchor: 'middle', size: r >= 20 ? 15 : 12 }));
      if (c.bias && c.units <= 12 && r >= 13) {
        const b = c.bias[u];
        out.push(text(x, y + r + 16, `b = ${num(b)}`, { anchor: 'middle', size: 12, fill: MUTED }));
      }
    }
  });

  // Legend: sign by colour, magnitude by width.
  const ly = height - 40;
  out.push(`<line x1="20" y1="${ly}" x2="60" y2="${ly}" stroke="${POSITIVE}" stroke-width="3"/>`);
  out.push(text(68, ly + 5, 'positive weight'));
  out.push(`<line x1="210" y1="${ly}" x2="250" y2="${ly}" stroke="${NEGATIVE}" stroke-width="3"/>`);
  out.push(text(258, ly + 5, 'negative weight'));
  out.push(
    text(410, ly + 5, `line width ∝ |w| (largest ${num(maxAbs)}); zero weights not drawn`, { fill: MUTED }),
  );
  if (links.some((l) => !l.weights)) {
    out.push(
      `<line x1="20" y1="${ly + 24}" x2="60" y2="${ly + 24}" stroke="${MUTED}" stroke-width="2" stroke-dasharray="6 4"/>`,
    );
    out.push(text(68, ly + 29, 'skip connection (identity, added)'));
  }
  out.push('</svg>');
  return { name, title, svg: out.join(''), width, height };
}

/** Largest heatmap side in cells; bigger matrices are averaged over blocks so the figure stays light. */
const HEATMAP_CELLS_MAX = 48;

function weightHeatmaps(model: Sequential, o: NetworkDiagramOptions): Promise<Figure> {
  const name = o.name ?? 'network';
  const title = o.title ?? `Weights of ${model.describe()}`;
  const linears = model.linears();
  const panelSide = Math.max(150, Math.min(260, Math.floor(760 / Math.min(linears.length, 3))));
  const panels = linears.map((layer, k) => {
    const W = layer.weight.value.data;
    const { nIn, nOut } = layer;
    const bx = Math.ceil(nIn / HEATMAP_CELLS_MAX);
    const by = Math.ceil(nOut / HEATMAP_CELLS_MAX);
    const cols = Math.ceil(nIn / bx);
    const rows = Math.ceil(nOut / by);
    const values: { c: number; r: number; w: number }[] = [];
    let maxAbs = 0;
    for (let rr = 0; rr < rows; rr++) {
      for (let cc = 0; cc < cols; cc++) {
        let sum = 0;
        let n = 0;
        for (let j = rr * by; j < Math.min(nOut, (rr + 1) * by); j++)
          for (let i = cc * bx; i < Math.min(nIn, (cc + 1) * bx); i++) {
            sum += W[j * nIn + i];
            n++;
          }
        const w = sum / n;
        maxAbs = Math.max(maxAbs, Math.abs(w));
        values.push({ c: cc * bx, r: rr * by, w });
      }
    }
    const block = bx * by > 1 ? `, each cell the mean of ${by}×${bx}` : '';
    return {
      title: { text: `layer ${k + 1}: ${nIn} → ${nOut}`, subtitle: `W[${nOut}×${nIn}]${block}` },
      width: panelSide,
      height: Math.max(60, Math.round(panelSide * Math.min(rows / cols, 2.5))),
      data: { values },
      transform: [
        { calculate: `datum.c + ${bx}`, as: 'c2' },
        { calculate: `datum.r + ${by}`, as: 'r2' },
      ],
      mark: { type: 'rect' },
      encoding: {
        x: {
          field: 'c',
          type: 'quantitative',
          title: 'input unit',
          scale: { domain: [0, nIn], nice: false, zero: true },
        },
        x2: { field: 'c2' },
        y: {
          field: 'r',
          type: 'quantitative',
          title: 'output unit',
          scale: { domain: [nOut, 0], nice: false },
        },
        y2: { field: 'r2' },
        color: {
          field: 'w',
          type: 'quantitative',
          title: 'weight',
          scale: { scheme: 'redblue', domain: [-maxAbs || -1, maxAbs || 1] },
        },
      },
    };
  });
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: o.subtitle ?? 'blue = positive, red = negative weight' },
    concat: panels,
    columns: 3,
    resolve: { scale: { color: 'independent' } },
  } as unknown as TopLevelSpec;
  return vegaLiteFigure(name, title, spec);
}
