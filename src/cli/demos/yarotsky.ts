/** Yarotsky's x²: m sawtooth steps give sup error 2^(−2m−2) on [0, 1], measured. */
import { yarotskyBound, yarotskySquare } from '../../analysis/constructions/index.js';
import { supError1d } from '../../analysis/supError.js';
import { claimAtMost, type Demo } from './demo.js';

export const yarotskyDemo: Demo = {
  summary: 'x² by m sawtooth steps, sup error 2^(−2m−2): the error falls exponentially with depth',
  run(ctx) {
    const ms = Array.from({ length: ctx.quick ? 4 : 8 }, (_, i) => i + 1);
    const steps = ms.map((m) => {
      const net = yarotskySquare(m);
      const e = supError1d(net, (x) => x * x, 0, 1);
      return { m, maxError: e.maxError, bound: yarotskyBound(m), parameters: net.paramCount() };
    });
    const claims = steps.map((s) =>
      claimAtMost(`sup |f_${s.m} − x²| on [0, 1] (2^−${2 * s.m + 2})`, s.maxError, s.bound),
    );
    const text = [
      'f_m(x) = x − Σ_{s=1}^m T^s(x)/4^s, with T^s the sawtooth, is the linear interpolant of x² at j/2^m.',
      'The net carries relu(g), relu(g − ½) and the running sum through m ReLU layers of width 3.',
      ...steps.map(
        (s) =>
          `  m = ${s.m}: sup error ${s.maxError.toExponential(4)}  bound 2^(−${2 * s.m + 2}) = ${s.bound.toExponential(4)}  ${s.parameters} parameters`,
      ),
      'Each step adds 15 parameters and divides the error by 4: exponential accuracy in depth,',
      'where one hidden layer of hinges needs twice the units for each halving of the error.',
    ].join('\n');
    return {
      report: { demo: 'yarotsky', claims, maxError: steps[steps.length - 1].maxError, steps },
      text,
      figures: [],
    };
  },
};
