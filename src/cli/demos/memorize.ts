/** A width-2 deep ReLU net classifies N labelled points in R^d exactly. */
import { evaluateRows, width2Memorize } from '../../analysis/constructions/index.js';
import { Rng } from '../../tensor/rng.js';
import { width2Figures } from './constructionFigures.js';
import { claimAtMost, claimEqual, type Demo } from './demo.js';

export const memorizeDemo: Demo = {
  summary: 'a width-2 deep ReLU net classifies N labelled points in R^d (Hernández and Zuazua 2024)',
  async run(ctx) {
    const [n, d, classes] = ctx.quick ? [20, 3, 3] : [200, 10, 5];
    const rng = new Rng(ctx.seed);
    const points = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
    const labels = points.map(() => Math.min(classes - 1, Math.floor(rng.uniform() * classes)));
    const w = width2Memorize(points, labels, { seed: ctx.seed });
    const outputs = evaluateRows(w.model, points).map((r) => r[0]);
    const maxError = Math.max(...outputs.map((o, i) => Math.abs(o - labels[i])));
    const accuracy = outputs.filter((o, i) => Math.round(o) === labels[i]).length / n;
    const width = Math.max(...w.model.activationLayers().map((a) => a.nIn));
    const claims = [
      claimEqual('accuracy (output rounded to the nearest class)', accuracy, 1),
      claimEqual('width of every hidden layer', width, 2),
      claimAtMost('hidden layers (published bound 2N + 4M − 1)', w.depth, w.paperDepthBound),
      claimAtMost('max |output − label| (float64 rounding)', maxError, 1e-9),
    ];
    const text = [
      `${n} random points in R^${d}, ${classes} classes with random labels: no structure to learn, only to memorise.`,
      'Hernández and Zuazua (2024) prove width 2 suffices, with depth at most 2N + 4M − 1. The construction here:',
      'project onto a direction where the points are distinct, then park them one layer at a time, largest first,',
      'at their label; each layer is the identity below its threshold, so parked points stay put.',
      `Width 2, ${w.depth} hidden layers (bound ${w.paperDepthBound}), ${w.model.paramCount()} parameters;`,
      `accuracy ${accuracy * 100}%, max |output − label| ${maxError.toExponential(2)}.`,
    ].join('\n');
    return {
      report: {
        demo: 'memorize',
        claims,
        maxError,
        points: n,
        dimension: d,
        classes,
        depth: w.depth,
        width,
        paperDepthBound: w.paperDepthBound,
        parameters: w.model.paramCount(),
        accuracy,
      },
      text,
      figures: await width2Figures(points, labels, w),
    };
  },
};
