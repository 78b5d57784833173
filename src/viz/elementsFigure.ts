/**
 * The five elements of a network on one page — input, architecture, output,
 * loss, optimizer — with the forward pass running left to right and the
 * backward pass right to left, every number taken from a real pass of the
 * engine (analysis/elementsPass.ts).
 */
import { type ElementsPass, elementsPass } from '../analysis/elementsPass.js';
import type { Figure } from './figure.js';
import { num, px, svgOpen, text } from './svg.js';
import { MUTED, NEGATIVE, POSITIVE, TEXT } from './theme.js';

const FORWARD = POSITIVE;
const BACKWARD = '#d6604d';
const R = 30;

function arrowDefs(): string {
  const head = (id: string, colour: string) =>
    `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0L10 5L0 10z" fill="${colour}"/></marker>`;
  return `<defs>${head('fwd', FORWARD)}${head('bwd', BACKWARD)}${head('plain', MUTED)}</defs>`;
}

function arrow(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  kind: 'fwd' | 'bwd' | 'plain',
  width = 2.5,
): string {
  const colour = kind === 'fwd' ? FORWARD : kind === 'bwd' ? BACKWARD : MUTED;
  return `<line x1="${px(x1)}" y1="${px(y1)}" x2="${px(x2)}" y2="${px(y2)}" stroke="${colour}" stroke-width="${width}" marker-end="url(#${kind})"/>`;
}

function box(x: number, y: number, w: number, h: number, fill: string): string {
  return `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="10" fill="${fill}" stroke="#bbbbbb"/>`;
}

function node(x: number, y: number, label: string, fill = 'white'): string {
  return `<circle cx="${x}" cy="${y}" r="${R}" fill="${fill}" stroke="${TEXT}" stroke-width="1.6"/>${text(x, y + 6, label, { anchor: 'middle', size: 17 })}`;
}

const vec = (v: readonly number[]) => `(${v.map((a) => num(a, 4)).join(', ')})`;

export function elementsFigure(p: ElementsPass = elementsPass()): Promise<Figure> {
  const W1 = p.model.getParams()['0.weight'];
  const b1 = p.model.getParams()['0.bias'];
  const W2 = p.model.getParams()['2.weight'];
  const b2 = p.model.getParams()['2.bias'];
  const width = 1000;
  const height = 700;
  const title = 'The elements of a network: one forward and one backward pass';
  const subtitle = `input, architecture, output, loss and optimizer of a 2-2-1 ReLU net, with the numbers of one real pass (mse, SGD η = ${num(p.learningRate)})`;
  const out: string[] = [svgOpen(width, height, title, subtitle), arrowDefs()];

  // Element panels.
  const top = 80;
  const panelH = 330;
  out.push(
    box(20, top, 150, panelH, '#f3f6fa'),
    box(190, top, 440, panelH, '#f7f7f7'),
    box(650, top, 150, panelH, '#f3f6fa'),
    box(820, top, 165, panelH, '#fbf3ef'),
  );
  out.push(
    text(95, top + 26, '1  Input x', { anchor: 'middle', weight: 'bold', size: 15 }),
    text(410, top + 26, '2  Architecture: Linear → ReLU → Linear', {
      anchor: 'middle',
      weight: 'bold',
      size: 15,
    }),
    text(725, top + 26, '3  Output ŷ', { anchor: 'middle', weight: 'bold', size: 15 }),
    text(902, top + 26, '4  Loss', { anchor: 'middle', weight: 'bold', size: 15 }),
  );

  // The network: inputs, hidden units, output.
  const xIn = 95;
  const xHid = 480;
  const xOut = 725;
  const yA = top + 110;
  const yB = top + 240;
  const yOut = (yA + yB) / 2;
  const edges: string[] = [];
  const labels: string[] = [];
  const weightLabel = (x: number, y: number, s: string, colour: string) =>
    labels.push(
      `<rect x="${px(x - 4 - s.length * 4.3)}" y="${px(y - 13)}" width="${px(8 + s.length * 8.6)}" height="19" rx="3" fill="white" fill-opacity="0.92"/>`,
      text(x, y + 2, s, { anchor: 'middle', size: 13, fill: colour }),
    );
  for (let j = 0; j < 2; j++)
    for (let i = 0; i < 2; i++) {
      const w = W1[j * 2 + i];
      const y1 = i === 0 ? yA : yB;
      const y2 = j === 0 ? yA : yB;
      edges.push(
        `<line x1="${xIn + R}" y1="${y1}" x2="${xHid - R}" y2="${y2}" stroke="${w >= 0 ? POSITIVE : NEGATIVE}" stroke-width="${px(1 + 3 * Math.abs(w))}" stroke-opacity="0.8"/>`,
      );
      const t = i === 0 ? 0.3 : 0.55;
      weightLabel(
        xIn + R + t * (xHid - xIn - 2 * R),
        y1 + t * (y2 - y1),
        `w=${num(w)}`,
        w >= 0 ? POSITIVE : NEGATIVE,
      );
    }
  for (let j = 0; j < 2; j++) {
    const w = W2[j];
    const y1 = j === 0 ? yA : yB;
    edges.push(
      `<line x1="${xHid + R}" y1="${y1}" x2="${xOut - R}" y2="${yOut}" stroke="${w >= 0 ? POSITIVE : NEGATIVE}" stroke-width="${px(1 + 3 * Math.abs(w))}" stroke-opacity="0.8"/>`,
    );
    weightLabel(
      xHid + R + 0.45 * (xOut - xHid - 2 * R),
      y1 + 0.45 * (yOut - y1),
      `w=${num(w)}`,
      w >= 0 ? POSITIVE : NEGATIVE,
    );
  }
  out.push(...edges, ...labels);
  out.push(
    node(xIn, yA, 'x₁', '#e8eef6'),
    node(xIn, yB, 'x₂', '#e8eef6'),
    node(xHid, yA, 'h₁'),
    node(xHid, yB, 'h₂'),
    node(xOut, yOut, 'ŷ'),
  );
  out.push(
    text(xIn, yA + R + 20, `x₁ = ${num(p.input[0])}`, { anchor: 'middle', fill: FORWARD }),
    text(xIn, yB + R + 20, `x₂ = ${num(p.input[1])}`, { anchor: 'middle', fill: FORWARD }),
  );
  for (let j = 0; j < 2; j++) {
    const y = j === 0 ? yA : yB;
    out.push(
      text(xHid, y - R - 24, `b = ${num(b1[j])}`, { anchor: 'middle', size: 12, fill: MUTED }),
      text(xHid, y - R - 8, `z = ${num(p.pre[j], 4)}, h = ReLU(z) = ${num(p.hidden[j], 4)}`, {
        anchor: 'middle',
        size: 12,
        fill: FORWARD,
      }),
    );
  }
  out.push(
    text(xOut, yOut - R - 24, `b = ${num(b2[0])}`, { anchor: 'middle', size: 12, fill: MUTED }),
    text(xOut, yOut - R - 8, `ŷ = ${num(p.output, 4)}`, { anchor: 'middle', fill: FORWARD }),
    text(xOut, yOut + R + 20, `∂L/∂ŷ = ${num(p.dLossDOutput, 4)}`, { anchor: 'middle', fill: BACKWARD }),
  );
  // Loss panel.
  out.push(
    text(902, yA - 10, `target y = ${num(p.target)}`, { anchor: 'middle' }),
    text(902, yA + 20, 'L = (ŷ − y)²', { anchor: 'middle', size: 15 }),
    text(902, yA + 48, `= ${num(p.loss, 4)}`, { anchor: 'middle', size: 15, fill: FORWARD }),
    text(902, yB + 4, '∂L/∂ŷ = 2(ŷ − y)', { anchor: 'middle', fill: BACKWARD }),
    text(902, yB + 26, `= ${num(p.dLossDOutput, 4)}`, { anchor: 'middle', fill: BACKWARD }),
  );
  out.push(
    arrow(xOut + R + 4, yOut - 8, 835, yOut - 8, 'fwd'),
    arrow(835, yOut + 8, xOut + R + 4, yOut + 8, 'bwd'),
  );

  // Forward and backward bands.
  const band = top + panelH + 28;
  out.push(
    arrow(40, band, 960, band, 'fwd', 4),
    text(500, band - 8, 'forward pass: x → z = W₁x + b₁ → h = ReLU(z) → ŷ = W₂h + b₂ → L', {
      anchor: 'middle',
      fill: FORWARD,
      size: 14,
    }),
  );
  out.push(
    arrow(960, band + 30, 40, band + 30, 'bwd', 4),
    text(500, band + 52, 'backward pass: the chain rule from L back to every weight', {
      anchor: 'middle',
      fill: BACKWARD,
      size: 14,
    }),
  );

  // The backward pass written out, then the optimizer step.
  const g = p.grads;
  const dh = [W2[0] * p.dLossDOutput, W2[1] * p.dLossDOutput];
  const lines: [string, string][] = [
    [`∂L/∂W₂ = ∂L/∂ŷ · hᵀ = ${vec(g['2.weight'])}`, `∂L/∂b₂ = ∂L/∂ŷ = ${num(g['2.bias'][0], 4)}`],
    [`∂L/∂h = W₂ᵀ ∂L/∂ŷ = ${vec(dh)}`, `∂L/∂z = ∂L/∂h ⊙ ReLU′(z) = ${vec(g['0.bias'])}`],
    [
      `∂L/∂W₁ = ∂L/∂z · xᵀ = [${vec(g['0.weight'].slice(0, 2))}, ${vec(g['0.weight'].slice(2, 4))}]`,
      `∂L/∂b₁ = ∂L/∂z = ${vec(g['0.bias'])}`,
    ],
  ];
  let y = band + 84;
  for (const [left, right] of lines) {
    out.push(
      text(40, y, left, { fill: BACKWARD, size: 14 }),
      text(560, y, right, { fill: BACKWARD, size: 14 }),
    );
    y += 24;
  }
  out.push(box(20, y - 8, 965, 62, '#f1f7ee'));
  out.push(
    text(
      40,
      y + 16,
      `5  Optimizer (SGD): θ ← θ − η ∂L/∂θ with η = ${num(p.learningRate)}; the loss falls from ${num(p.loss, 4)} to ${num(p.lossAfter, 4)}`,
      {
        weight: 'bold',
        size: 14,
      },
    ),
    text(
      40,
      y + 40,
      `back-propagated gradients agree with finite differences to ${num(p.check.maxGap, 2)} (all ${p.check.checked} parameters)`,
      {
        fill: MUTED,
        size: 13,
      },
    ),
  );
  out.push('</svg>');
  return Promise.resolve({ name: 'elements', title, svg: out.join(''), width, height });
}
