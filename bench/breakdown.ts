/**
 * Where an mlp-lab training step spends its time, phase by phase:
 *   node --import tsx bench/breakdown.ts [W1 W3 …] [--json] [--seed N]
 *   node --cpu-prof --import tsx bench/breakdown.ts W3 --steps 300   (whole steps only, for a CPU profile)
 *
 *   node --import tsx bench/breakdown.ts W1 --unfused                 (with the fused dense path off)
 *
 * Each phase (every layer's forward and backward, the three GEMMs inside each
 * Linear, loss forward and backward, the optimizer update) runs alone in a
 * loop on the buffers of a warm step, so no timer sits inside a microsecond
 * phase. "overhead" is the measured whole step minus the sum of the phases:
 * dispatch, bookkeeping and the cache misses of running phases back to back.
 * When the model runs on the fused dense path (src/nn/denseFusion.ts), whose
 * layers do not run one by one, the phases are its whole forward and backward.
 */
import { pathToFileURL } from 'node:url';
import { Linear } from '../src/nn/linear.js';
import { mlp } from '../src/nn/mlp.js';
import type { Sequential } from '../src/nn/sequential.js';
import { Optimizer } from '../src/optim/optimizer.js';
import { gemm } from '../src/tensor/gemm.js';
import { fromData, type Matrix } from '../src/tensor/matrix.js';
import { createLoss, type Loss } from '../src/train/losses/index.js';
import { median, now } from './measure.js';
import { activeGemmKernel } from './peers/gemmKernel.js';
import { initialParams } from './peers/peer.js';
import { makeData, type Workload, type WorkloadId, workloadIds, workloads, yColumns } from './workloads.js';

export interface Phase {
  /** e.g. 'Linear(784→256) forward', 'gemm dW 256×784·128', 'adam update'. */
  readonly name: string;
  /** What the phase is: the profile's rows are grouped by it. */
  readonly group: PhaseGroup;
  readonly us: number;
  /** GEMM rows are inside their Linear's row: counted once, in the Linear. */
  readonly nested: boolean;
}

export type PhaseGroup = 'gemm' | 'linear' | 'activation' | 'loss' | 'optimizer' | 'overhead';

export interface Breakdown {
  readonly workload: WorkloadId;
  readonly kernel: string;
  /** Median µs of a whole Trainer-style step (forward, loss, backward, update). */
  readonly stepUs: number;
  /** Linear layers on the fused dense path: then the phases time the model's forward and backward as wholes. */
  readonly fused: readonly number[];
  readonly phases: readonly Phase[];
}

/** The model, loss and optimizer of a workload as the bench's mlp-lab peer builds them, and one batch. */
export interface StepParts {
  readonly model: Sequential;
  readonly loss: Loss;
  readonly optimizer: Optimizer;
  readonly x: Matrix;
  readonly y: Matrix;
}

export function buildParts(w: Workload, seed: number, fused = true): StepParts {
  const model = mlp(w.sizes, { activation: w.activation, seed: 0 });
  model.denseFusion = fused;
  const init = initialParams(w, seed);
  for (const [i, l] of model.linears().entries()) {
    l.weight.value.data.set(init.weights[i]);
    l.bias?.value.data.set(init.biases[i]);
  }
  const o = w.optimizer;
  const optimizer = new Optimizer(
    model,
    o.kind === 'sgd'
      ? { name: 'sgd', lr: o.lr }
      : { name: 'adam', lr: o.lr, beta1: o.beta1, beta2: o.beta2, eps: o.eps },
  );
  const batch = makeData(w, seed).train[0];
  return {
    model,
    loss: createLoss(w.loss === 'mse' ? 'mse' : 'cross_entropy'),
    optimizer,
    x: fromData(batch.rows, model.nIn, batch.x),
    y: fromData(batch.rows, yColumns(w), batch.y),
  };
}

const training = { training: true } as const;

/** One step, spelled out the way trainStep runs it. */
export function fullStep(p: StepParts): void {
  const out = p.model.forward(p.x, training);
  p.loss.forward(out, p.y);
  p.model.backward(p.loss.backward());
  p.optimizer.step(p.optimizer.spec.lr);
}

/** Median µs per call of fn over `repeats` runs of about `targetMs` each. */
function timeUs(fn: () => void, targetMs: number, repeats: number): number {
  const t0 = now();
  let n = 0;
  while (now() - t0 < targetMs / 4 || n < 3) {
    fn();
    n++;
  }
  const iters = Math.max(1, Math.round((targetMs * n) / (now() - t0)));
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const s = now();
    for (let k = 0; k < iters; k++) fn();
    samples.push(((now() - s) * 1000) / iters);
  }
  return median(samples);
}

export function breakdown(id: WorkloadId, seed = 1, targetMs = 150, repeats = 5, fused = true): Breakdown {
  const w = workloads[id];
  const p = buildParts(w, seed, fused);
  for (let i = 0; i < 20; i++) fullStep(p);
  const stepUs = timeUs(() => fullStep(p), targetMs * 2, repeats);

  const fusedLayers = p.model.fusedLayers();
  if (fusedLayers.length > 0) return fusedBreakdown(id, p, stepUs, fusedLayers, targetMs, repeats);

  // Inputs and upstream gradients of every layer, captured from one warm step.
  const layers = p.model.layers;
  const inputs: Matrix[] = [];
  let h = p.x;
  for (const layer of layers) {
    inputs.push(h);
    h = layer.forward(h, training);
  }
  const out = h;
  p.loss.forward(out, p.y);
  const upstream: Matrix[] = new Array(layers.length);
  let g: Matrix | null = p.loss.backward();
  for (let k = layers.length - 1; k >= 0; k--) {
    upstream[k] = g as Matrix;
    g = layers[k].backward(g as Matrix, k > 0);
  }

  const phases: Phase[] = [];
  const add = (name: string, group: PhaseGroup, fn: () => void, nested = false) =>
    phases.push({ name, group, nested, us: timeUs(fn, targetMs, repeats) });
  layers.forEach((layer, k) => {
    const group: PhaseGroup = layer instanceof Linear ? 'linear' : 'activation';
    add(`${k} ${layer} forward`, group, () => {
      layer.forward(inputs[k], training);
    });
    if (layer instanceof Linear) addGemms(add, layer, inputs[k].rows, k > 0);
  });
  add('loss forward', 'loss', () => {
    p.loss.forward(out, p.y);
  });
  add('loss backward', 'loss', () => {
    p.loss.backward();
  });
  for (let k = layers.length - 1; k >= 0; k--) {
    const layer = layers[k];
    add(`${k} ${layer} backward`, layer instanceof Linear ? 'linear' : 'activation', () => {
      layer.backward(upstream[k], k > 0);
    });
  }
  add(`${w.optimizer.kind} update (${p.model.paramCount()} params)`, 'optimizer', () => {
    p.optimizer.step(p.optimizer.spec.lr);
  });
  const counted = phases.filter((ph) => !ph.nested).reduce((s, ph) => s + ph.us, 0);
  phases.push({ name: 'overhead (step − Σ phases)', group: 'overhead', nested: false, us: stepUs - counted });
  return { workload: id, kernel: activeGemmKernel(), stepUs, fused: [], phases };
}

/** Phases of a model on the fused dense path: its forward and backward as wholes, the loss, the update. */
function fusedBreakdown(
  id: WorkloadId,
  p: StepParts,
  stepUs: number,
  fused: readonly number[],
  targetMs: number,
  repeats: number,
): Breakdown {
  const phases: Phase[] = [];
  const add = (name: string, group: PhaseGroup, fn: () => void) =>
    phases.push({ name, group, nested: false, us: timeUs(fn, targetMs, repeats) });
  const out = p.model.forward(p.x, training);
  p.loss.forward(out, p.y);
  const dy = p.loss.backward();
  const names = fused.map((k) => `${k}`).join(', ');
  add(`model forward (Linear ${names} fused)`, 'linear', () => {
    p.model.forward(p.x, training);
  });
  add('loss forward', 'loss', () => {
    p.loss.forward(out, p.y);
  });
  add('loss backward', 'loss', () => {
    p.loss.backward();
  });
  add('model backward', 'linear', () => {
    p.model.backward(dy);
  });
  add(`${workloads[id].optimizer.kind} update (${p.model.paramCount()} params)`, 'optimizer', () => {
    p.optimizer.step(p.optimizer.spec.lr);
  });
  const counted = phases.reduce((s, ph) => s + ph.us, 0);
  phases.push({ name: 'overhead (step − Σ phases)', group: 'overhead', nested: false, us: stepUs - counted });
  return { workload: id, kernel: activeGemmKernel(), stepUs, fused, phases };
}

/** The three products of a Linear on a batch, on scratch buffers of the same shapes. */
function addGemms(
  add: (name: string, group: PhaseGroup, fn: () => void, nested: boolean) => void,
  layer: Linear,
  rows: number,
  needDx: boolean,
): void {
  const { nIn, nOut } = layer;
  const x = new Float32Array(rows * nIn).fill(0.5);
  const W = layer.weight.value.data;
  const y = new Float32Array(rows * nOut);
  const dy = new Float32Array(rows * nOut).fill(0.25);
  const dW = new Float32Array(nOut * nIn);
  const dx = new Float32Array(rows * nIn);
  add(
    `  gemm fwd  x·Wᵀ  ${rows}×${nIn}·${nIn}×${nOut}`,
    'gemm',
    () => gemm(false, true, rows, nOut, nIn, x, W, y),
    true,
  );
  add(
    `  gemm dW   dyᵀ·x ${nOut}×${rows}·${rows}×${nIn}`,
    'gemm',
    () => gemm(true, false, nOut, nIn, rows, dy, x, dW),
    true,
  );
  if (needDx)
    add(
      `  gemm dx   dy·W  ${rows}×${nOut}·${nOut}×${nIn}`,
      'gemm',
      () => gemm(false, false, rows, nIn, nOut, dy, W, dx),
      true,
    );
}

export function renderBreakdown(b: Breakdown): string {
  const w = workloads[b.workload];
  const lines = [`${b.workload} ${w.title} — kernel ${b.kernel}; whole step ${fmtUs(b.stepUs)}`];
  const width = Math.max(...b.phases.map((p) => p.name.length));
  for (const p of b.phases) {
    const share = p.nested ? '' : `${((100 * p.us) / b.stepUs).toFixed(1).padStart(5)} %`;
    lines.push(`  ${p.name.padEnd(width)}  ${fmtUs(p.us).padStart(11)}  ${share}`);
  }
  if (b.fused.length > 0) {
    const model = b.phases.filter((p) => p.group === 'linear').reduce((s, p) => s + p.us, 0);
    const rest = (['loss', 'optimizer', 'overhead'] as const).map(
      (gr) => `${gr} ${pct(groupUs(b, gr), b.stepUs)}`,
    );
    lines.push(`  shares: model forward and backward ${pct(model, b.stepUs)}, ${rest.join(', ')}`);
    return lines.join('\n');
  }
  const byGroup = new Map<PhaseGroup, number>();
  for (const p of b.phases) if (p.group !== 'gemm') byGroup.set(p.group, (byGroup.get(p.group) ?? 0) + p.us);
  const gemmUs = b.phases.filter((p) => p.group === 'gemm').reduce((s, p) => s + p.us, 0);
  const summary = [
    `gemm ${pct(gemmUs, b.stepUs)}`,
    `rest of Linear (bias, bookkeeping) ${pct((byGroup.get('linear') ?? 0) - gemmUs, b.stepUs)}`,
    ...(['activation', 'loss', 'optimizer', 'overhead'] as const).map(
      (gr) => `${gr} ${pct(byGroup.get(gr) ?? 0, b.stepUs)}`,
    ),
  ];
  lines.push(`  shares: ${summary.join(', ')}`);
  return lines.join('\n');
}

const groupUs = (b: Breakdown, group: PhaseGroup) =>
  b.phases.filter((p) => p.group === group).reduce((s, p) => s + p.us, 0);
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)} %`;
const fmtUs = (us: number) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(2)} µs`);

function main(argv: readonly string[]): void {
  const ids: WorkloadId[] = [];
  let json = false;
  let seed = 1;
  let steps = 0;
  let fused = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--seed') seed = Number(argv[++i]);
    else if (a === '--steps') steps = Number(argv[++i]);
    else if (a === '--unfused') fused = false;
    else if (workloadIds.includes(a.toUpperCase() as WorkloadId) && a.toUpperCase() !== 'W5')
      ids.push(a.toUpperCase() as WorkloadId);
    else
      throw new Error(
        `breakdown: unknown argument '${a}'; give workloads W1–W4, --json, --seed N, --steps N, --unfused`,
      );
  }
  if (ids.length === 0) ids.push('W1', 'W2', 'W3', 'W4');
  if (steps > 0) {
    for (const id of ids) {
      const p = buildParts(workloads[id], seed, fused);
      const t0 = now();
      for (let i = 0; i < steps; i++) fullStep(p);
      process.stdout.write(`${id}: ${steps} steps, ${fmtUs(((now() - t0) * 1000) / steps)} per step\n`);
    }
    return;
  }
  const results = ids.map((id) => breakdown(id, seed, 150, 5, fused));
  process.stdout.write(
    `${json ? JSON.stringify(results, null, 2) : results.map(renderBreakdown).join('\n\n')}\n`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
