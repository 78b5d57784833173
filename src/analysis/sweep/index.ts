/**
 * Sweeps: grids of fit jobs (browser-safe). The Node runners are in
 * pool.node.ts (worker threads on one machine) and queue.node.ts (a BullMQ
 * queue for many machines).
 */
export { expandGrid, expandValue, MAX_GRID_JOBS } from './grid.js';
export {
  canonicalJson,
  type FitJobData,
  type FitJobMetrics,
  type FitJobOptions,
  type JobDataLoader,
  jobKey,
  type LoadedJobData,
  loadGeneratedData,
  type RunFitJobOptions,
  runFitJob,
  type SweepRow,
} from './job.js';
export { formatRow, type ParsedRows, parseRows } from './rows.js';
