/**
 * Bench's W1 on mlp-lab exactly as `npm run bench` times it — its data
 * (makeData), initial weights, the mlp-lab peer's model and step, and the
 * timing loop — with nothing Node-only, so that scripts/measure-playground.mjs
 * runs this one function both in Node and in the playground's worker and
 * compares the two.
 */
import { defaultMeasure, type MeasureOptions, type Timing } from './measure.js';
import { initialParams } from './peers/initialParams.js';
import { MlpLab } from './peers/mlplabModel.js';
import { timeTraining } from './trainTiming.js';
import { makeData, workloads } from './workloads.js';

export function timeW1(o: MeasureOptions = defaultMeasure, seed = 1): Timing {
  const w = workloads.W1;
  return timeTraining(new MlpLab(w, initialParams(w, seed)), makeData(w, seed).train, o);
}
