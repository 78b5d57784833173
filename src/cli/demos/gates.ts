/** The abs, max and logic demonstrations: small ReLU nets that compute |x|, max, min and gates with zero error. */
import {
  absNet,
  dyadicGrid,
  evaluate1d,
  evaluateRows,
  GATES,
  gateTruth,
  logicNet,
  maxNet,
  minNet,
} from '../../analysis/constructions/index.js';
import { countPieces1d } from '../../analysis/pieces.js';
import { maxAbsError } from '../../analysis/supError.js';
import { absFigures, logicFigures, maxFigures } from './constructionFigures.js';
import { claimEqual, type Demo } from './demo.js';

export const absDemo: Demo = {
  summary: '|x| = relu(x) + relu(−x): two ReLUs, exact',
  async run(ctx) {
    const xs = dyadicGrid(4, ctx.quick ? 4 : 8);
    const net = absNet();
    const maxError = maxAbsError(evaluate1d(net, xs), xs.map(Math.abs));
    const pieces = countPieces1d(net, -4, 4);
    const claims = [
      claimEqual(`max |net(x) − |x|| on ${xs.length} points of [−4, 4]`, maxError, 0),
      claimEqual('linear pieces on [−4, 4]', pieces, 2),
    ];
    const text = [
      '|x| = relu(x) + relu(−x): hidden units relu(x) and relu(−x), output weights (1, 1).',
      `On ${xs.length} points of [−4, 4] (multiples of 2^−${ctx.quick ? 4 : 8}, where float64 arithmetic is exact) the net equals |x| exactly.`,
      'Two linear pieces, one kink at 0: one ReLU per slope change plus one for the first slope.',
    ].join('\n');
    return {
      report: {
        demo: 'abs',
        claims,
        maxError,
        points: xs.length,
        units: 2,
        pieces,
        parameters: net.paramCount(),
      },
      text,
      figures: await absFigures(),
    };
  },
};

export const maxDemo: Demo = {
  summary: 'max(x1, x2) with three hidden ReLUs, or one with a skip connection; min alike; exact',
  async run(ctx) {
    const g = dyadicGrid(2, ctx.quick ? 2 : 4);
    const pairs = g.flatMap((a) => g.map((b) => [a, b]));
    const nets = { max: maxNet(), maxSkip: maxNet({ skip: true }), min: minNet() };
    const max = pairs.map(([a, b]) => Math.max(a, b));
    const errors = {
      max: maxAbsError(evaluateRows(nets.max, pairs).flat(), max),
      maxSkip: maxAbsError(evaluateRows(nets.maxSkip, pairs).flat(), max),
      min: maxAbsError(
        evaluateRows(nets.min, pairs).flat(),
        pairs.map(([a, b]) => Math.min(a, b)),
      ),
    };
    const units = (k: keyof typeof nets) => nets[k].activationLayers().reduce((n, a) => n + a.nIn, 0);
    const claims = [
      claimEqual('max |error| of max(x1, x2) = relu(x1 − x2) + relu(x2) − relu(−x2)', errors.max, 0),
      claimEqual('max |error| of max(x1, x2) = x2 + relu(x1 − x2) with a skip connection', errors.maxSkip, 0),
      claimEqual('max |error| of min(x1, x2) = relu(x2) − relu(−x2) − relu(x2 − x1)', errors.min, 0),
      claimEqual('hidden ReLUs of the plain max net', units('max'), 3),
      claimEqual('hidden ReLUs of the skip-connection max net', units('maxSkip'), 1),
    ];
    const text = [
      'max(x1, x2) = x2 + relu(x1 − x2). A plain MLP must pass x2 through a ReLU layer too, as relu(x2) − relu(−x2):',
      `three hidden units (${nets.max.paramCount()} parameters). A residual block adds relu(x1 − x2) to x2 and needs one (${nets.maxSkip.paramCount()} parameters).`,
      'min(x1, x2) = x2 − relu(x2 − x1) the same way.',
      `On ${pairs.length} pairs from [−2, 2]² all three nets are exact.`,
    ].join('\n');
    return {
      report: {
        demo: 'max',
        claims,
        maxError: Math.max(errors.max, errors.maxSkip, errors.min),
        errors,
        points: pairs.length,
        units: { max: units('max'), maxSkip: units('maxSkip'), min: units('min') },
        parameters: {
          max: nets.max.paramCount(),
          maxSkip: nets.maxSkip.paramCount(),
          min: nets.min.paramCount(),
        },
      },
      text,
      figures: await maxFigures(),
    };
  },
};

const INPUTS = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

export const logicDemo: Demo = {
  summary: 'AND, OR, NAND, XOR on {0, 1} with ReLU units, exact',
  async run() {
    const gates = GATES.map((gate) => {
      const net = logicNet(gate);
      const outputs = evaluateRows(net, INPUTS).flat();
      const truth = INPUTS.map(([a, b]) => gateTruth[gate](a, b));
      return { gate, net: net.describe(), outputs, truth, maxError: maxAbsError(outputs, truth) };
    });
    const claims = gates.map((g) => claimEqual(`max |error| of ${g.net}`, g.maxError, 0));
    const text = [
      'With s = x1 + x2 ∈ {0, 1, 2}, ReLUs of s and s − 1 give every gate:',
      ...gates.map((g) => `  ${g.net.padEnd(42)} outputs ${JSON.stringify(g.outputs)}`),
      'XOR needs the hidden layer: no single affine map of (x1, x2) is 0, 1, 1, 0 on the four inputs.',
    ].join('\n');
    return {
      report: {
        demo: 'logic',
        claims,
        maxError: Math.max(...gates.map((g) => g.maxError)),
        inputs: INPUTS,
        gates,
      },
      text,
      figures: await logicFigures(),
    };
  },
};
