/**
 * When the Lab measures (health, probes): every `every` steps early in the
 * run, then `perDoubling` times per doubling of the step count. A long run's
 * measurements then cost a shrinking share of its training (a probe costs
 * about as much as a thousand steps of a small net), while the charts keep
 * the same number of points for each doubling of the run. A function of the
 * step count alone, so a replayed run records the same points.
 */

/** Steps between measurements around `step`: `every`, doubled each time the run doubles past every × perDoubling steps. */
export function measureInterval(step: number, every: number, perDoubling: number): number {
  let interval = every;
  while (step >= 2 * perDoubling * interval) interval *= 2;
  return interval;
}

/** Whether the measurement falls on `step`. */
export function measureDue(step: number, every: number, perDoubling: number): boolean {
  return step % measureInterval(step, every, perDoubling) === 0;
}
