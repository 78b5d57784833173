/** Entry: starts the training worker and renders the app. */
import { wrap } from 'comlink';
import { render } from 'preact';
import { App } from './app.js';
import './style.css';
import type { WorkerApi } from './worker.js';

const worker = wrap<WorkerApi>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
// For scripts/measure-playground.mjs: µs per W1 training step inside this worker.
(globalThis as { mlpLabBenchW1?: (steps: number) => Promise<number> }).mlpLabBenchW1 = (steps) =>
  worker.benchW1(steps);
const root = document.getElementById('app');
if (root) render(<App worker={worker} />, root);
