/**
 * Linear regions, counted exactly and set beside the bounds for each net's
 * shape: a 1-input net's pieces, a one-hidden-layer net whose count is
 * Zaslavsky's closed form, and a deeper 2-input net, its polygons checked
 * against the patterns the forward pass finds on a grid.
 */

import type { RegionBounds } from '../../analysis/regions/bounds.js';
import { crossingRadius, randomReluNet } from '../../analysis/regions/examples.js';
import { localAffineMap } from '../../analysis/regions/localAffine.js';
import type { RegionMap } from '../../analysis/regions/regionMap.js';
import { regionMap } from '../../analysis/regions/regionMap.js';
import { gridPatterns, gridSummary, sampleRegionsOnLine } from '../../analysis/regions/sampled.js';
import type { Figure } from '../../viz/figure.js';
import { type RegionPoint, regionMapFigure } from '../../viz/regionMap.js';
import { claimAtMost, claimEqual, type Demo } from './demo.js';

const ONE_D = [1, 8, 8, 1];
const SHALLOW = [2, 12, 1];
const DEEP = [2, 16, 16, 16, 1];

const fmtBounds = (b: RegionBounds): string =>
  (['zaslavsky', 'montufar', 'serra', 'naive'] as const)
    .map((k) => `${k} ${b[k] === null ? '—' : (b[k] as number).toLocaleString('en-US')}`)
    .join(', ');

export const regionsDemo: Demo = {
  summary: 'exact linear regions in 1D and 2D, beside Zaslavsky, Montúfar, Serra and the width^depth rule',
  async run(ctx) {
    const oneNet = randomReluNet(ONE_D, ctx.seed);
    const one = regionMap(oneNet, { domain: [-4, 4] });
    const oneSampled = sampleRegionsOnLine(oneNet, [-4], [4], { samples: ctx.quick ? 4000 : 40000 });

    const shallowNet = randomReluNet(SHALLOW, ctx.seed);
    const r = Math.ceil(crossingRadius(shallowNet));
    const shallow = regionMap(shallowNet, { domain: [-r, r] });

    const deepNet = randomReluNet(DEEP, ctx.seed);
    // Shift the output so that the net, read as a classifier, has its decision boundary through the origin.
    const last = deepNet.linears()[DEEP.length - 2].bias?.value.data as Float64Array;
    last[0] -= localAffineMap(deepNet, [0, 0]).output[0];
    const deep = regionMap(deepNet, { domain: [-2, 2] });
    const resolution = ctx.quick ? 100 : 300;
    const { seen, spacing } = gridPatterns(deepNet, { x: [-2, 2], y: [-2, 2] }, { resolution });
    const grid = gridSummary(seen, resolution, spacing);
    const enumerated = new Set((deep.regions ?? []).map((g) => g.pattern));
    const missing = [...seen.keys()].filter((p) => !enumerated.has(p)).length;

    const claims = [
      claimEqual(
        `regions of a [${SHALLOW}] net over a square holding every crossing = Zaslavsky's Σ C(n, i)`,
        shallow.count,
        shallow.bounds.zaslavsky,
      ),
      claimAtMost(
        `pieces of the [${ONE_D}] net on [−4, 4] (Serra's bound)`,
        one.count,
        one.bounds.serra as number,
      ),
      claimAtMost(
        `pieces seen by ${oneSampled.samples} samples (the exact count)`,
        oneSampled.pieces,
        one.count,
      ),
      claimAtMost(
        `regions of the [${DEEP}] net on [−2, 2]² (Serra's bound)`,
        deep.count,
        deep.bounds.serra as number,
      ),
      claimAtMost(
        `patterns seen on a ${resolution}×${resolution} grid (the exact count)`,
        grid.patterns,
        deep.count,
      ),
      claimEqual('grid patterns that are not among the enumerated regions', missing, 0),
    ];
    const text = [
      `1. a [${ONE_D}] ReLU net on [−4, 4]: ${one.count} linear pieces (exact); ${oneSampled.pieces} seen by ${oneSampled.samples} evenly spaced samples.`,
      `   bounds for its shape: ${fmtBounds(one.bounds)}`,
      '',
      `2. a [${SHALLOW}] net: its ${SHALLOW[1]} lines in general position cut the plane into Σ_{i≤2} C(${SHALLOW[1]}, i) = ${shallow.bounds.zaslavsky} regions;`,
      `   over [−${r}, ${r}]², which holds every crossing, the exact count is ${shallow.count}.`,
      '',
      `3. a [${DEEP}] net on [−2, 2]²: ${deep.count} regions (exact), the polygons tile the square.`,
      `   bounds for its shape: ${fmtBounds(deep.bounds)}`,
      `   the width^depth rule says ${deep.bounds.naive}: a random net has far fewer regions than the`,
      '   maximum its shape allows, and the rule is neither an upper nor a lower bound.',
      `   sampling: ${grid.note}.`,
    ].join('\n');
    return {
      report: {
        demo: 'regions',
        claims,
        count: deep.count,
        bounds: deep.bounds,
        widths: deep.widths,
        domain: deep.domain,
        oneD: { widths: one.widths, count: one.count, bounds: one.bounds, breakpoints: one.breakpoints },
        shallow: {
          widths: shallow.widths,
          count: shallow.count,
          bounds: shallow.bounds,
          domain: shallow.domain,
        },
        sampled: { line: oneSampled, grid },
      },
      text,
      figures: [
        await mapFigure('regions-deep', `Linear regions of a [${DEEP}] ReLU net`, deep),
        await mapFigure(
          'regions-shallow',
          `Linear regions of a [${SHALLOW}] ReLU net: ${SHALLOW[1]} lines`,
          shallow,
        ),
      ],
    };
  },
};

/** A region map with the decision boundary (output 0) on top, and optional marked points. */
export function mapFigure(
  name: string,
  title: string,
  map: RegionMap,
  extra: { points?: RegionPoint[]; xLabel?: string; yLabel?: string } = {},
): Promise<Figure> {
  const [x0, x1, y0, y1] = map.domain;
  return regionMapFigure({
    name,
    title,
    subtitle: `${map.count.toLocaleString('en-US')} linear regions (exact); Serra's bound for this shape: ${map.bounds.serra?.toLocaleString('en-US') ?? 'none'}`,
    regions: map.regions ?? [],
    domain: [x0, x1, y0, y1],
    boundary: map.boundary ?? [],
    ...extra,
  });
}
