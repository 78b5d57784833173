/**
 * The numbers behind each guided tour, measured by the library's own
 * constructions and experiments in the worker. Kept apart from the worker so
 * a Node test can check the same numbers without a browser.
 */
import { collapseAffine } from '../../src/analysis/collapseAffine.js';
import {
  absNet,
  bumpNet,
  evaluate1d,
  evaluateRows,
  GATES,
  gateTruth,
  logicNet,
  maxNet,
  memorizeWithBumps,
  sawtoothNet,
  shallowSawtoothNet,
  squareHinges,
} from '../../src/analysis/constructions/index.js';
import { runSpectral, spectralPresets } from '../../src/analysis/experiments/spectral.js';
import { linearRegions1d } from '../../src/analysis/regions/index.js';
import { supError1d } from '../../src/analysis/supError.js';
import { trainXor } from '../../src/analysis/xor.js';
import { mlp } from '../../src/nn/mlp.js';
import type { Key } from './i18n.js';
import type { TourId } from './tours.js';

export interface TourRow {
  /** The row's label in web/src/i18n.ts, filled in with vars in the page's language. */
  label: Key;
  vars?: Record<string, string | number>;
  value: number;
  /** The value the claim predicts, where it predicts one. */
  expected?: number;
}

export interface TourMeasure {
  rows: TourRow[];
  /** A 1-D picture: the construction's output against its target. */
  curve?: { xs: number[]; net: number[]; target: number[] };
  /** The single affine map a linear net collapses to. */
  collapsed?: { weight: number[][]; bias: number[] };
}

const span = (lo: number, hi: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

function maxError(got: readonly number[], want: readonly number[]): number {
  let worst = 0;
  got.forEach((g, i) => {
    worst = Math.max(worst, Math.abs(g - want[i]));
  });
  return worst;
}

/** Dyadic grid points (multiples of 1/64), where the constructions' sums and products are exact. */
const DYADIC = span(-2, 2, 257);

function collapse(): TourMeasure {
  const steps = 400;
  const linear = mlp([2, 8, 1], { activation: 'identity', seed: 1 });
  const relu = mlp([2, 8, 1], { activation: 'relu', seed: 1 });
  const lin = trainXor(linear, steps);
  const rel = trainXor(relu, steps);
  const map = collapseAffine(linear);
  return {
    rows: [
      { label: 'tourRowXorIdentity', value: lin.accuracy },
      { label: 'tourRowXorRelu', value: rel.accuracy, expected: 1 },
    ],
    collapsed: { weight: map.weight, bias: map.bias },
  };
}

function absMax(): TourMeasure {
  const abs = evaluate1d(absNet(), DYADIC);
  const pairs = DYADIC.filter((_, i) => i % 8 === 0).flatMap((a) =>
    DYADIC.filter((_, i) => i % 8 === 0).map((b) => [a, b]),
  );
  const max = evaluateRows(maxNet(), pairs).map((r) => r[0]);
  return {
    rows: [
      { label: 'tourRowAbs', value: maxError(abs, DYADIC.map(Math.abs)), expected: 0 },
      {
        label: 'tourRowMax',
        value: maxError(
          max,
          pairs.map(([a, b]) => Math.max(a, b)),
        ),
        expected: 0,
      },
    ],
    curve: { xs: DYADIC, net: abs, target: DYADIC.map(Math.abs) },
  };
}

function gates(): TourMeasure {
  const inputs = [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ];
  return {
    rows: GATES.filter((g) => g !== 'nand').map((g) => ({
      label: 'tourRowGate',
      vars: { gate: g.toUpperCase() },
      value: maxError(
        evaluateRows(logicNet(g), inputs).map((r) => r[0]),
        inputs.map(([a, b]) => gateTruth[g](a, b)),
      ),
      expected: 0,
    })),
  };
}

export const SAWTOOTH_DEPTHS = [1, 2, 3, 4, 5, 6];

function telgarsky(): TourMeasure {
  const rows: TourRow[] = [];
  for (const d of SAWTOOTH_DEPTHS) {
    const deep = linearRegions1d(sawtoothNet(d), 0, 1).pieces.length;
    const shallow = shallowSawtoothNet(d);
    rows.push({ label: 'tourRowDeep', vars: { d, units: 2 * d }, value: deep, expected: 2 ** d });
    rows.push({
      label: 'tourRowShallow',
      vars: { width: 2 ** d },
      value: linearRegions1d(shallow, 0, 1).pieces.length,
      expected: 2 ** d,
    });
  }
  const xs = span(0, 1, 513);
  return {
    rows,
    curve: { xs, net: evaluate1d(sawtoothNet(4), xs), target: evaluate1d(shallowSawtoothNet(4), xs) },
  };
}

export const HINGE_COUNTS = [2, 4, 8, 16, 32];

function hinges(): TourMeasure {
  const rows = HINGE_COUNTS.map((k) => {
    const h = squareHinges(k);
    return {
      label: 'tourRowHinges' as const,
      vars: { k, bound: h.bound },
      value: supError1d(h.model, (x) => x * x, -1, 1).maxError,
      expected: h.bound,
    };
  });
  const xs = span(-1, 1, 257);
  return {
    rows,
    curve: { xs, net: evaluate1d(squareHinges(4).model, xs), target: xs.map((x) => x * x) },
  };
}

/** Eight points at multiples of 1/4 with arbitrary labels. */
export const BUMP_POINTS = { xs: [-1, -0.75, -0.5, 0, 0.25, 0.5, 1, 1.5], ys: [1, -2, 3, 0.5, -1, 2, -3, 1] };

function bumps(): TourMeasure {
  const { xs, ys } = BUMP_POINTS;
  const m = memorizeWithBumps(xs, ys);
  const one = bumpNet(0, 0.5);
  const grid = span(-1.5, 2, 281);
  return {
    rows: [
      {
        label: 'tourRowBumps',
        vars: { points: xs.length, units: m.units },
        value: maxError(evaluate1d(m.model, xs), ys),
        expected: 0,
      },
      { label: 'tourRowBump', value: evaluate1d(one, [0])[0], expected: 1 },
    ],
    curve: {
      xs: grid,
      net: evaluate1d(m.model, grid),
      target: grid.map((x) => {
        const i = xs.indexOf(x);
        return i < 0 ? Number.NaN : ys[i];
      }),
    },
  };
}

function spectral(): TourMeasure {
  const o = spectralPresets.test;
  const raw = runSpectral(o).runs[0];
  return {
    rows: o.frequencies.map((k, i) => ({
      label: 'tourRowSpectral' as const,
      vars: { k },
      value: raw.halfLearned[i] ?? Number.POSITIVE_INFINITY,
    })),
  };
}

export const TOUR_MEASURES: Record<TourId, () => TourMeasure> = {
  collapse,
  absMax,
  gates,
  telgarsky,
  hinges,
  bumps,
  spectral,
};
