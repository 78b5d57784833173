/** mlp-lab for Node: the browser-safe API plus the loaders and writers that touch the file system. */

export {
  createJobPool,
  type JobPool,
  type JobResult,
  type LazyPoolRunner,
  lazyPoolRunner,
  poolRunner,
  SINGLE_THREADED_ENV,
} from './analysis/sweep/pool.node.js';
export {
  type QueuedJob,
  type QueueWorker,
  type QueueWorkerOptions,
  runJobsOnQueue,
  type SubmitOptions,
  startQueueWorker,
} from './analysis/sweep/queue.node.js';
export * from './data/csv.node.js';
export * from './data/datasets.node.js';
export * from './data/fashionMnist.node.js';
export * from './data/idx.node.js';
export * from './data/sklearnDatasets.node.js';
export * from './index.node.js';
export * from './io/atomic.node.js';
export * from './io/modelFile.node.js';
export * from './viz/png.node.js';
