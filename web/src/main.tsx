/** Entry: starts the training worker and renders the app. */
import { wrap } from 'comlink';
import { render } from 'preact';
import { App } from './app.js';
import './style.css';
import type { MeasureOptions, Timing } from '../../bench/measure.js';
import type { WorkerApi } from './worker.js';

const worker = wrap<WorkerApi>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
// For scripts/measure-playground.mjs: bench's W1 timed inside this worker.
(globalThis as { mlpLabBenchW1?: (options?: MeasureOptions) => Promise<Timing> }).mlpLabBenchW1 = (options) =>
  worker.benchW1(options);
const root = document.getElementById('app');
if (root) render(<App worker={worker} />, root);
