/** Telgarsky's sawtooth: 2^k pieces from k layers of width 2; one hidden layer needs 2^k units. */
import { evaluate1d, sawtoothNet, shallowSawtoothNet } from '../../analysis/constructions/index.js';
import { countPieces1d } from '../../analysis/pieces.js';
import { maxAbsError } from '../../analysis/supError.js';
import { claimEqual, type Demo } from './demo.js';

export const telgarskyDemo: Demo = {
  summary: 'the depth-k sawtooth has 2^k linear pieces; one hidden layer needs 2^k units for it',
  run(ctx) {
    const depths = Array.from({ length: ctx.quick ? 5 : 10 }, (_, i) => i + 1);
    const rows = depths.map((depth) => {
      const deep = sawtoothNet(depth);
      const shallow = shallowSawtoothNet(depth);
      const xs = Array.from({ length: 2 ** (depth + 2) + 1 }, (_, i) => i / 2 ** (depth + 2));
      return {
        depth,
        pieces: countPieces1d(deep, 0, 1),
        shallowPieces: countPieces1d(shallow, 0, 1),
        deepUnits: 2 * depth,
        shallowUnits: 2 ** depth,
        deepParameters: deep.paramCount(),
        shallowParameters: shallow.paramCount(),
        maxError: maxAbsError(evaluate1d(shallow, xs), evaluate1d(deep, xs)),
      };
    });
    const claims = [
      ...rows.map((r) =>
        claimEqual(`linear pieces of the depth-${r.depth} sawtooth on [0, 1]`, r.pieces, 2 ** r.depth),
      ),
      ...rows.map((r) =>
        claimEqual(
          `pieces of the one-hidden-layer net with ${r.shallowUnits} units`,
          r.shallowPieces,
          2 ** r.depth,
        ),
      ),
      claimEqual(
        'max |deep − shallow| on the grid of multiples of 2^−(k+2)',
        Math.max(...rows.map((r) => r.maxError)),
        0,
      ),
    ];
    const text = [
      'The tent map T(x) = 2·relu(x) − 4·relu(x − ½) folds [0, 1] onto itself; composed k times it has 2^k',
      "linear pieces, counted exactly from the net's breakpoints. The deep net spends 2 ReLUs per fold;",
      'one hidden layer needs a unit per piece (2^k − 1 kinks plus the first slope).',
      '',
      ' depth  pieces  deep units  deep params  shallow units  shallow params',
      ...rows.map(
        (r) =>
          ` ${String(r.depth).padStart(5)}  ${String(r.pieces).padStart(6)}  ${String(r.deepUnits).padStart(10)}  ${String(r.deepParameters).padStart(11)}  ${String(r.shallowUnits).padStart(13)}  ${String(r.shallowParameters).padStart(14)}`,
      ),
      'Parameters grow linearly with depth and exponentially for the shallow net computing the same function.',
    ].join('\n');
    return {
      report: {
        demo: 'telgarsky',
        claims,
        maxError: Math.max(...rows.map((r) => r.maxError)),
        pieces: rows.map((r) => ({ depth: r.depth, pieces: r.pieces })),
        comparison: rows,
      },
      text,
      figures: [],
    };
  },
};
