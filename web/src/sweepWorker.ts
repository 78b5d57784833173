/** A sweep worker: runs one job at a time for the Experiment panel's pool, apart from the main training worker. */
import { expose } from 'comlink';
import { runSweepJob } from './sweepJob.js';

const api = { run: runSweepJob };

export type SweepWorkerApi = typeof api;
expose(api);
