/**
 * The figures of the construction demos, drawn with src/viz from the numbers
 * src/analysis computes: each function takes what its demo already measured
 * (or the nets it built) and returns finished figures.
 */
import {
  absNet,
  evaluate1d,
  evaluateRows,
  logicNet,
  maxNet,
  memorizeWithBumps,
  sawtoothNet,
  squareHinges,
  type Width2Memorizer,
  yarotskySquare,
} from '../../analysis/constructions/index.js';
import { unitContributions } from '../../analysis/contributions.js';
import type { LinearClassifier } from '../../analysis/linearClassifier.js';
import { linearRegions1d } from '../../analysis/regions/index.js';
import { XOR_LABELS, XOR_POINTS } from '../../analysis/xor.js';
import type { Sequential } from '../../nn/sequential.js';
import { fromRows } from '../../tensor/matrix.js';
import { sigmoid } from '../../tensor/special.js';
import type { Figure } from '../../viz/figure.js';
import { fit1dFigure, gridPoints, heatmapFigure, lineChart, networkDiagramFigure } from '../../viz/index.js';

const grid = (lo: number, hi: number, n: number): number[] =>
  Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n);

/** Beyond this many kinks their dotted lines hide the curves they mark (a memorised set has three per point). */
const KINKS_DRAWN_MAX = 24;

function grouped(perUnit: number[][], size: number): number[][] {
  const out: number[][] = [];
  for (let j = 0; j < perUnit.length; j += size)
    out.push(perUnit[j].map((_, n) => perUnit.slice(j, j + size).reduce((acc, u) => acc + u[n], 0)));
  return out;
}

/** A one-hidden-layer 1D net laid open: target, fit, each unit's contribution and the kinks. */
function fitFigure(
  name: string,
  title: string,
  model: Parameters<typeof unitContributions>[0],
  xs: number[],
  target: ((x: number) => number) | null,
  extra: {
    points?: { x: number; y: number }[];
    unitLabel?: (j: number) => string;
    /** Sum each run of this many consecutive units into one contribution (a tent is three ReLUs). */
    group?: number;
  } = {},
): Promise<Figure> {
  const { kinks } = linearRegions1d(model, xs[0], xs[xs.length - 1]);
  const { perUnit } = unitContributions(
    model,
    xs.map((x) => [x]),
  );
  return fit1dFigure({
    name,
    title,
    xs,
    fit: evaluate1d(model, xs),
    ...(target ? { target: xs.map(target) } : {}),
    contributions: grouped(perUnit, extra.group ?? 1).map((ys, j) => ({
      label: extra.unitLabel?.(j) ?? `unit ${j + 1}`,
      ys,
    })),
    ...(kinks.length <= KINKS_DRAWN_MAX ? { kinks } : {}),
    ...(extra.points ? { points: extra.points } : {}),
    xLabel: 'x',
    yLabel: 'y',
  });
}

export async function absFigures(): Promise<Figure[]> {
  const net = absNet();
  return [
    await networkDiagramFigure(net, {
      name: 'abs-net',
      title: '|x| = relu(x) + relu(−x)',
      inputLabels: ['x'],
    }),
    await fitFigure('abs-fit', '|x| as two ReLUs', net, grid(-2, 2, 400), Math.abs, {
      unitLabel: (j) => (j === 0 ? 'relu(x)' : 'relu(−x)'),
    }),
  ];
}

export async function maxFigures(): Promise<Figure[]> {
  const { xs, ys, inputs } = gridPoints([-2, 2, -2, 2], 81);
  const rows = Array.from({ length: inputs.length / 2 }, (_, i) => [inputs[2 * i], inputs[2 * i + 1]]);
  return [
    await networkDiagramFigure(maxNet(), {
      name: 'max-net',
      title: 'max(x₁, x₂) = relu(x₁ − x₂) + relu(x₂) − relu(−x₂)',
    }),
    await networkDiagramFigure(maxNet({ skip: true }), {
      name: 'max-skip-net',
      title: 'max(x₁, x₂) = x₂ + relu(x₁ − x₂), with a skip connection',
    }),
    await heatmapFigure({
      name: 'max-plane',
      title: 'The max net over [−2, 2]²',
      subtitle: 'one kink, along x₁ = x₂',
      panels: [
        {
          title: 'max(x₁, x₂)',
          field: { xs, ys, values: evaluateRows(maxNet(), rows).flat() },
          xLabel: 'x₁',
          yLabel: 'x₂',
        },
      ],
      valueLabel: 'output',
    }),
  ];
}

export async function bumpsFigures(xs: number[], ys: number[]): Promise<Figure[]> {
  const memo = memorizeWithBumps(xs, ys);
  return [
    await fitFigure(
      'bumps-memorize',
      `${xs.length} points memorised by ${xs.length} tents`,
      memo.model,
      grid(Math.min(...xs) - 2 * memo.eps, Math.max(...xs) + 2 * memo.eps, 2000),
      null,
      {
        group: 3,
        unitLabel: (j) => `tent at ${xs[j]}`,
        points: xs.map((x, i) => ({ x, y: ys[i] })),
      },
    ),
  ];
}

export async function squareFigures(
  hinges: readonly { k: number; maxError: number; bound: number }[],
): Promise<Figure[]> {
  const k = 4;
  return [
    await fitFigure(
      `square-hinges-${k}`,
      `x² on [−1, 1] by ${k} ReLU hinges`,
      squareHinges(k).model,
      grid(-1, 1, 400),
      (x) => x * x,
    ),
    await lineChart({
      name: 'square-error',
      title: 'Sup error of k hinges against x²',
      subtitle: 'measured, and the interpolation bound h²·max|f″|/8 = 1/k²',
      xLabel: 'hinges k',
      yLabel: 'sup error',
      logX: true,
      logY: true,
      series: [
        { label: 'measured', xs: hinges.map((h) => h.k), ys: hinges.map((h) => h.maxError), points: true },
        { label: '1/k²', xs: hinges.map((h) => h.k), ys: hinges.map((h) => h.bound), dashed: true },
      ],
    }),
  ];
}

export async function telgarskyFigures(
  rows: readonly { depth: number; deepUnits: number; shallowUnits: number }[],
): Promise<Figure[]> {
  const xs = grid(0, 1, 1024);
  return [
    await lineChart({
      name: 'telgarsky-sawtooth',
      title: 'The sawtooth T composed k times',
      subtitle: '2^k linear pieces on [0, 1]',
      xLabel: 'x',
      yLabel: 'T^k(x)',
      series: [1, 2, 3].map((depth) => ({
        label: `k = ${depth}`,
        xs,
        ys: evaluate1d(sawtoothNet(depth), xs),
      })),
    }),
    await lineChart({
      name: 'telgarsky-units',
      title: 'Hidden units for the depth-k sawtooth',
      subtitle: 'deep: 2 per layer; one hidden layer: one per piece',
      xLabel: 'depth k',
      yLabel: 'hidden units',
      logY: true,
      series: [
        {
          label: 'deep, width 2',
          xs: rows.map((r) => r.depth),
          ys: rows.map((r) => r.deepUnits),
          points: true,
        },
        {
          label: 'one hidden layer',
          xs: rows.map((r) => r.depth),
          ys: rows.map((r) => r.shallowUnits),
          points: true,
        },
      ],
    }),
  ];
}

export async function yarotskyFigures(
  steps: readonly { m: number; maxError: number; bound: number }[],
): Promise<Figure[]> {
  const xs = grid(0, 1, 512);
  return [
    await lineChart({
      name: 'yarotsky-steps',
      title: 'x² by m sawtooth steps',
      xLabel: 'x',
      yLabel: 'y',
      series: [
        { label: 'x²', xs, ys: xs.map((x) => x * x), dashed: true },
        ...[1, 2, 3].map((m) => ({ label: `m = ${m}`, xs, ys: evaluate1d(yarotskySquare(m), xs) })),
      ],
    }),
    await lineChart({
      name: 'yarotsky-error',
      title: 'Sup error of the Yarotsky net',
      subtitle: 'measured, and 2^(−2m−2)',
      xLabel: 'steps m',
      yLabel: 'sup error',
      logY: true,
      series: [
        { label: 'measured', xs: steps.map((s) => s.m), ys: steps.map((s) => s.maxError), points: true },
        { label: '2^(−2m−2)', xs: steps.map((s) => s.m), ys: steps.map((s) => s.bound), dashed: true },
      ],
    }),
  ];
}

/** p(y = 1) of a linear classifier over a grid covering the points with a margin. */
function classifierField(points: readonly (readonly number[])[], fit: LinearClassifier) {
  const lo = (d: number) => Math.min(...points.map((p) => p[d]));
  const hi = (d: number) => Math.max(...points.map((p) => p[d]));
  const margin = (d: number) => Math.max(0.25, 0.15 * (hi(d) - lo(d)));
  const { xs, ys, inputs } = gridPoints(
    [lo(0) - margin(0), hi(0) + margin(0), lo(1) - margin(1), hi(1) + margin(1)],
    60,
  );
  const values = Array.from({ length: inputs.length / 2 }, (_, i) =>
    sigmoid(fit.weight[0] * inputs[2 * i] + fit.weight[1] * inputs[2 * i + 1] + fit.bias),
  );
  return { xs, ys, values };
}

export async function xorFigures(
  inputs: readonly (readonly number[])[],
  hidden: readonly (readonly number[])[],
  labels: readonly number[],
  inputFit: LinearClassifier,
  hiddenFit: LinearClassifier,
): Promise<Figure[]> {
  const points = (ps: readonly (readonly number[])[]) =>
    ps.map((p, i) => ({ x: p[0], y: p[1], label: labels[i] }));
  return [
    await heatmapFigure({
      name: 'xor-spaces',
      title: 'XOR in input space and in the hidden space of a trained 2-unit ReLU layer',
      subtitle: `best linear classifier: ${inputFit.accuracy * 100}% in input space, ${hiddenFit.accuracy * 100}% in hidden space`,
      valueLabel: 'p(y = 1), linear fit',
      domain: [0, 1],
      mid: 0.5,
      panels: [
        {
          title: 'input space',
          field: classifierField(inputs, inputFit),
          points: points(inputs),
          xLabel: 'x₁',
          yLabel: 'x₂',
        },
        {
          title: 'hidden space',
          field: classifierField(hidden, hiddenFit),
          points: points(hidden),
          xLabel: 'h₁',
          yLabel: 'h₂',
        },
      ],
    }),
  ];
}

export async function logicFigures(): Promise<Figure[]> {
  return [
    await networkDiagramFigure(logicNet('xor'), {
      name: 'logic-xor-net',
      title: 'XOR = relu(x₁ + x₂) − 2·relu(x₁ + x₂ − 1)',
    }),
  ];
}

/** p(y = 1) of an identity-activation net trained on XOR over the plane: one affine map, stuck near ½. */
export async function collapseFigures(net: Sequential): Promise<Figure[]> {
  const { xs, ys, inputs } = gridPoints([-0.25, 1.25, -0.25, 1.25], 60);
  const rows = Array.from({ length: inputs.length / 2 }, (_, i) => [inputs[2 * i], inputs[2 * i + 1]]);
  const logits = net.predict(fromRows(rows)).data;
  return [
    await heatmapFigure({
      name: 'linear-collapse-xor',
      title: 'An identity-activation [2, 8, 8, 1] net trained on XOR',
      subtitle: 'its layers collapse to one affine map; the best it can do is p = ½',
      valueLabel: 'p(y = 1)',
      domain: [0, 1],
      mid: 0.5,
      panels: [
        {
          title: 'input space',
          field: { xs, ys, values: Array.from(logits, sigmoid) },
          points: XOR_POINTS.map((p, i) => ({ x: p[0], y: p[1], label: XOR_LABELS[i] })),
          xLabel: 'x₁',
          yLabel: 'x₂',
        },
      ],
    }),
  ];
}

/** Samples along w·x for the memoriser's figure: its pieces between points run to tens of thousands (it folds), too many to draw each. */
const MEMORIZE_SAMPLES = 2000;

/**
 * The width-2 memoriser's first layer reads only s = w·x, so the whole net is a
 * function of s: drawn along s, sampled on a grid and at every point's own s,
 * with each point at (w·x, label) on it.
 */
export async function width2Figures(
  points: readonly (readonly number[])[],
  labels: readonly number[],
  memo: Width2Memorizer,
): Promise<Figure[]> {
  const w = memo.direction;
  const norm2 = w.reduce((acc, v) => acc + v * v, 0);
  // The input whose projection is s: w·(s w / |w|²) = s.
  const at = (s: number) => w.map((v) => (s * v) / norm2);
  const projections = points.map((p) => p.reduce((acc, v, j) => acc + v * w[j], 0));
  const lo = Math.min(...projections);
  const hi = Math.max(...projections);
  const margin = 0.05 * (hi - lo || 1);
  const xs = [...grid(lo - margin, hi + margin, MEMORIZE_SAMPLES), ...projections].sort((a, b) => a - b);
  return [
    await fit1dFigure({
      name: 'memorize-fit',
      title: `A width-2 ReLU net of depth ${memo.depth} through ${points.length} labelled points`,
      subtitle:
        'the net reads only w·x, so it is drawn along w·x; between the points it folds back and forth',
      xs,
      fit: evaluateRows(
        memo.model,
        xs.map((x) => at(x)),
      ).map((r) => r[0]),
      points: projections.map((x, i) => ({ x, y: labels[i] })),
      xLabel: 'w·x (the projection the first layer reads)',
      yLabel: 'output (class)',
    }),
  ];
}
