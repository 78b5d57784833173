/**
 * How the bench times a peer's training steps, in one place for `npm run
 * bench` (jobs.ts) and for bench's W1 in the playground's worker (w1.ts):
 * each batch converted once outside the timed region, then measure() over
 * steps that cycle through them.
 */
import { type MeasureOptions, measure, type Timing } from './measure.js';
import type { PeerModel } from './peers/peerModel.js';
import type { Batch } from './workloads.js';

/** Steps cycle through the prepared pool. */
export function stepper(model: PeerModel, prepared: readonly unknown[]): (i: number) => void {
  const n = prepared.length;
  return (i) => model.trainStep(prepared[i % n]);
}

export function timeTraining(model: PeerModel, batches: readonly Batch[], o: MeasureOptions): Timing {
  const prepared = batches.map((b) => model.prepare(b));
  const timing = measure(stepper(model, prepared), o);
  for (const p of prepared) model.release(p);
  return timing;
}
