/**
 * The experiments as demos: each runs its library function (quick or full
 * size), returns the numbers as the report, its explanation and claims as
 * text, and its charts as figures. Fit jobs (universal, depth-vs-width) run
 * on the sweep's worker pool, one single-threaded worker per core.
 */
import { type Experiment, experiments } from '../../analysis/experiments/index.js';
import { lazyPoolRunner } from '../../analysis/sweep/pool.node.js';
import { chartFigure } from '../../viz/experimentChart.js';
import type { Demo } from './demo.js';

function experimentDemo(name: string, e: Experiment): Demo {
  return {
    summary: e.summary,
    async run(ctx) {
      const pool = lazyPoolRunner();
      let result: Awaited<ReturnType<Experiment['run']>>;
      try {
        result = await e.run({ size: ctx.quick ? 'quick' : 'full', seed: ctx.seed, runner: pool.runner });
      } finally {
        await pool.close();
      }
      const { charts, claims, ...details } = result;
      const figures = await Promise.all(charts.map((c) => chartFigure(c)));
      return {
        report: { ...details, demo: name, claims },
        text: e.explanation,
        figures,
      };
    },
  };
}

export const experimentDemos: Record<string, Demo> = Object.fromEntries(
  Object.entries(experiments).map(([name, e]) => [name, experimentDemo(name, e)]),
);
