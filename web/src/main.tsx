/** Entry: starts the training worker and renders the app. */
import { wrap } from 'comlink';
import { render } from 'preact';
import { App } from './app.js';
import './style.css';
import type { WorkerApi } from './worker.js';

const worker = wrap<WorkerApi>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
const root = document.getElementById('app');
if (root) render(<App worker={worker} />, root);
