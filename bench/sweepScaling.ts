/**
 * `npm run bench:sweep`: the sweep pool's throughput with 1 worker and with
 * N on a batch of fit jobs, printed as JSON (bench/sweepPool.ts says how it
 * is measured; `npm run bench` runs a short version of it).
 *
 *   npx tsc -p . && node dist/bench/sweepScaling.js [--jobs 8] [--epochs 40] [--workers 2] [--repeats 5]
 */
import { measureSweepScaling } from './sweepPool.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

const result = await measureSweepScaling({
  jobs: arg('jobs', 8),
  epochs: arg('epochs', 40),
  workers: arg('workers', 2),
  repeats: arg('repeats', 5),
});
console.log(JSON.stringify(result, null, 2));
