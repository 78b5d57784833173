/** Ramps and tent bumps, and N labelled points memorised exactly by one hidden layer of tents. */
import { bumpNet, evaluate1d, memorizeWithBumps, rampNet } from '../../analysis/constructions/index.js';
import { maxAbsError } from '../../analysis/supError.js';
import { Rng } from '../../tensor/rng.js';
import { claimEqual, type Demo } from './demo.js';

export const bumpsDemo: Demo = {
  summary: 'ramps relu(x−a) − relu(x−b) and tent bumps; N labelled 1D points memorised exactly',
  run(ctx) {
    const grid = Array.from({ length: 1025 }, (_, i) => -4 + i / 128);
    const rampError = maxAbsError(
      evaluate1d(rampNet(-1, 1), grid),
      grid.map((x) => Math.min(Math.max(x + 1, 0), 2)),
    );
    const tentError = maxAbsError(
      evaluate1d(bumpNet(0.5, 0.25), grid),
      grid.map((x) => Math.max(0, 1 - Math.abs(x - 0.5) / 0.25)),
    );
    const rng = new Rng(ctx.seed);
    const n = ctx.quick ? 8 : 32;
    // Points on multiples of 1/16 and labels on multiples of 1/256: dyadic, so every weight (1/ε included) and
    // every sum is exact in float64 and the memorisation is exact, not merely close.
    const xs: number[] = [];
    while (xs.length < n) {
      const x = Math.round(rng.uniformIn(-4, 4) * 16) / 16;
      if (!xs.includes(x)) xs.push(x);
    }
    const ys = xs.map(() => Math.round(rng.uniformIn(-1, 1) * 256) / 256);
    const memo = memorizeWithBumps(xs, ys);
    const memoError = maxAbsError(evaluate1d(memo.model, xs), ys);
    const claims = [
      claimEqual('max |error| of the ramp relu(x + 1) − relu(x − 1) on a dyadic grid', rampError, 0),
      claimEqual('max |error| of the tent relu(1 − |x − 0.5|/0.25) on a dyadic grid', tentError, 0),
      claimEqual(`max |f(x_i) − y_i| over ${n} memorised points`, memoError, 0),
      claimEqual('hidden units used to memorise them (three per tent)', memo.units, 3 * n),
    ];
    const text = [
      'The ramp relu(x − a) − relu(x − b) is 0 left of a, rises with slope 1, and is b − a right of b.',
      'A tent relu(1 − |x − c|/ε) is (relu(x − c + ε) − 2·relu(x − c) + relu(x − c − ε))/ε: three ReLUs,',
      '1 at c and 0 outside (c − ε, c + ε). Both are exact on the grid of multiples of 1/128 in [−4, 4].',
      '',
      `${n} points in [−4, 4] with labels in [−1, 1] (dyadic): one tent of height y_i per point, ε = the smallest gap`,
      `(${memo.eps.toFixed(3)}), so no tent reaches a neighbour. ${memo.units} hidden units, max error ${memoError.toExponential(2)}.`,
    ].join('\n');
    return {
      report: {
        demo: 'bumps',
        claims,
        maxError: Math.max(rampError, tentError, memoError),
        ramp: { a: -1, b: 1, maxError: rampError },
        tent: { center: 0.5, eps: 0.25, maxError: tentError },
        memorize: { points: n, units: memo.units, eps: memo.eps, maxError: memoError, xs, ys },
      },
      text,
      figures: [],
    };
  },
};
