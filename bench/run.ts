/**
 * mlp-lab's speed benchmark against PyTorch and a hand-written NumPy MLP
 * (python3, when they import: bench/peers/python.ts), TensorFlow.js (cpu,
 * wasm), brain.js and a naive TypeScript floor; mlp-lab-wasm is mlp-lab with
 * MLP_LAB_BLAS=off, the build before the native path, in the same run.
 * `npm run bench` prints one table; options:
 *   --json            JSON on stdout (progress goes to stderr)
 *   --quick           fewer, shorter repeats; W5 on 40 batches, extrapolated
 *   --only W1,W3      run these workloads only
 *   --peers a,b       run these peers only (mlp-lab, mlp-lab-wasm, pytorch, numpy, tfjs-cpu,
 *                     tfjs-wasm, brain.js, naive-ts)
 *   --epochs N        W5 epochs (default 1)
 *   --full            W5 for every peer (default: mlp-lab and tfjs-wasm; the others take minutes)
 *   --sanity          no timing: loss at a few checkpoints for every (workload, peer)
 *   --no-heap         skip the heap-stability check
 *   --no-sweep        skip the sweep-pool section (4 short fit jobs, 1 vs 2 workers; npm run bench:sweep is the full one)
 *   --seed N          data and initialisation seed (default 1)
 *   --gemm-threads N  threads of mlp-lab's wasm GEMM (sets MLP_LAB_GEMM_THREADS; 1 = like TF.js wasm in Node)
 *   --verbose         show the children's own output
 * Environment: MLP_LAB_TORCH_THREADS=n runs the PyTorch peer on n intra-op
 * threads (default: torch's own choice); each table ends with every peer's
 * threads and BLAS.
 *
 * Each job runs in its own child process (same node flags plus --expose-gc),
 * so peers share neither heap nor JIT, peak RSS is the peer's own, and the
 * heap check gets a real gc() without needing the flag on `npm run bench`.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { Job, JobResult } from './jobs.js';
import { defaultMeasure, quickMeasure } from './measure.js';
import { type CliOptions, Help, parseArgs } from './options.js';
import { torchThreads } from './peers/python.js';
import {
  buildRows,
  buildTargets,
  type Collected,
  key,
  machine,
  type Report,
  renderJson,
  renderText,
} from './report.js';
import { measureSweepScaling, type SweepScaling } from './sweepPool.js';
import type { WorkloadId } from './workloads.js';

/** Runs one job in a child process; the result comes back over IPC, the child's output is kept for errors. */
function runChild(
  job: Job,
  verbose: boolean,
  timeoutMs: number,
  gemmThreads: number | null,
): Promise<JobResult | string> {
  return new Promise((resolve) => {
    const child: ChildProcess = fork(process.argv[1], ['--job', JSON.stringify(job)], {
      execArgv: [...process.execArgv.filter((a) => a !== '--expose-gc'), '--expose-gc'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: gemmThreads === null ? process.env : { ...process.env, MLP_LAB_GEMM_THREADS: String(gemmThreads) },
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (verbose) process.stderr.write(chunk);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let result: JobResult | null = null;
    child.on('message', (m) => {
      result = m as JobResult;
    });
    const timer = setTimeout(() => {
      output += `\n(killed after ${timeoutMs / 1000} s)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result) resolve(result);
      else {
        const tail = output.trim().split('\n').slice(-3).join(' | ');
        resolve(`failed (exit ${code ?? signal}): ${tail || 'no output'}`);
      }
    });
  });
}

async function childMain(jobText: string): Promise<void> {
  const { runJob } = await import('./jobs.js');
  const job = JSON.parse(jobText) as Job;
  try {
    const result = await runJob(job);
    await new Promise<void>((resolve) => process.send?.(result, () => resolve()));
  } catch (err) {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  }
  process.disconnect?.();
}

function describeJob(job: Job): string {
  switch (job.kind) {
    case 'bench':
      return `${job.workload} ${job.peer}`;
    case 'epoch':
      return `W5 ${job.peer} (${job.epochs} epoch${job.epochs > 1 ? 's' : ''})`;
    case 'heap':
      return 'heap check (mlp-lab)';
    case 'sanity':
      return `sanity ${job.workload} ${job.peer}`;
  }
}

const sanitySteps: Record<WorkloadId, number> = { W1: 400, W2: 300, W3: 40, W4: 20, W5: 0 };

function plan(o: CliOptions): Job[] {
  const jobs: Job[] = [];
  const { seed, quick } = o;
  if (o.sanity) {
    for (const w of o.only) {
      if (w === 'W5') continue;
      for (const peer of o.peers)
        jobs.push({ kind: 'sanity', workload: w, peer, seed, steps: sanitySteps[w] });
    }
    return jobs;
  }
  for (const w of o.only) {
    if (w === 'W5') continue;
    for (const peer of o.peers) jobs.push({ kind: 'bench', workload: w, peer, seed, quick });
  }
  if (o.only.includes('W5')) {
    const w5Peers = o.full ? o.peers : o.peers.filter((p) => p === 'mlp-lab' || p === 'tfjs-wasm');
    for (const peer of w5Peers) jobs.push({ kind: 'epoch', peer, seed, epochs: o.epochs, quick });
  }
  if (o.heap && (o.only.includes('W1') || o.only.includes('W2'))) jobs.push({ kind: 'heap', seed, quick });
  return jobs;
}

function timeoutFor(job: Job): number {
  if (job.kind === 'epoch') return (job.quick ? 120 : 60 + 600 * job.epochs) * 1000;
  if (job.kind === 'heap') return 300_000;
  return 180_000;
}

/** Short enough for every run (seconds on an idle 2-core machine); two repeats so each side runs first once. */
const SHORT_SWEEP = { jobs: 4, epochs: 10, workers: 2, repeats: 2 };

async function sweepSection(failures: string[]): Promise<SweepScaling | undefined> {
  process.stderr.write('sweep pool, 1 vs 2 workers … ');
  const s0 = performance.now();
  try {
    const sweep = await measureSweepScaling(SHORT_SWEEP);
    process.stderr.write(`ok (${((performance.now() - s0) / 1000).toFixed(1)} s)\n`);
    return sweep;
  } catch (err) {
    process.stderr.write('FAILED\n');
    failures.push(`sweep pool: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

async function main(): Promise<void> {
  const jobIndex = process.argv.indexOf('--job');
  if (jobIndex >= 0) return childMain(process.argv[jobIndex + 1]);

  let o: CliOptions;
  try {
    o = parseArgs(process.argv.slice(2));
    torchThreads(); // a bad MLP_LAB_TORCH_THREADS stops the run here, with its message, not in every PyTorch child
  } catch (err) {
    if (err instanceof Help) {
      const doc = (await import('node:fs')).readFileSync(new URL(import.meta.url), 'utf8');
      process.stdout.write(
        `${doc
          .split('*/')[0]
          .replace(/^\/\*\*\n?/, '')
          .replace(/^ \* ?/gm, '')}\n`,
      );
      return;
    }
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 2;
    return;
  }

  const t0 = performance.now();
  const jobs = plan(o);
  const collected: Collected = { bench: new Map(), epoch: new Map(), heap: null, sanity: [] };
  const failures: string[] = [];
  const notes = new Set<string>();
  const threads: Record<string, string> = {};
  let mlplabInfo: Record<string, string> = {};
  for (const [i, job] of jobs.entries()) {
    const label = describeJob(job);
    process.stderr.write(`[${i + 1}/${jobs.length}] ${label} … `);
    const s0 = performance.now();
    const r = await runChild(job, o.verbose, timeoutFor(job), o.gemmThreads);
    process.stderr.write(
      `${typeof r === 'string' ? 'FAILED' : r.kind === 'skip' ? r.reason : 'ok'} (${((performance.now() - s0) / 1000).toFixed(1)} s)\n`,
    );
    if (typeof r === 'string') failures.push(`${label}: ${r}`);
    if (typeof r !== 'string' && 'notes' in r) for (const n of r.notes) notes.add(n);
    if (typeof r !== 'string' && r.kind === 'bench' && r.threads) threads[r.peer] ??= r.threads;
    if (typeof r !== 'string' && r.kind === 'skip') notes.add(`${label}: ${r.reason}`);
    if (typeof r !== 'string' && 'info' in r && (r.kind === 'heap' || ('peer' in r && r.peer === 'mlp-lab')))
      mlplabInfo = r.info;
    const value = typeof r === 'string' ? 'failed' : r.kind === 'skip' ? r.reason : null;
    if (job.kind === 'bench') collected.bench.set(key(job.workload, job.peer), value ?? (r as never));
    else if (job.kind === 'epoch') collected.epoch.set(job.peer, value ?? (r as never));
    else if (job.kind === 'heap' && typeof r !== 'string' && r.kind === 'heap') collected.heap = r;
    else if (job.kind === 'sanity' && typeof r !== 'string' && r.kind === 'sanity') collected.sanity.push(r);
  }

  const sweep = o.sweep && !o.sanity ? await sweepSection(failures) : undefined;

  const rows = o.sanity ? [] : buildRows(collected, o.only, o.peers, o.epochs);
  const w5Skipped = o.only.includes('W5') && !o.full ? ' Other peers: --full.' : '';
  const sanityNotes = [
    'Sanity: no timing; each peer trains from the same initial weights on the same batches and its loss on all the training rows is printed at steps 0, ¼, ½ and the end. Peers with the same mathematics (mlp-lab, mlp-lab-wasm, PyTorch, NumPy, TF.js, naive-ts) should print the same losses; brain.js updates per sample, so its losses differ.',
  ];
  const m = o.quick ? quickMeasure : defaultMeasure;
  const general = [
    `Each (workload, peer) runs in its own child process: warm-up ≥ ${m.warmupMs / 1000} s and ≥ ${m.warmupIters} steps (at most ${m.warmupMaxMs / 1000} s), then ${m.repeats} repeats of ~${m.repeatMs} ms (fewer when a peer is slow), median ms per step.`,
    "Same model, loss, optimizer, batch and initial weights (mlp-lab's mlp() for the seed) for every peer; synthetic data from the seed for W1–W4; batches converted to each peer's native form before timing (W1–W4).",
    `W5: one child per peer; 10 warm-up steps on a throw-away model, then fresh weights; epoch time includes shuffling, gathering 128-row batches and converting them; accuracy on the 10k test set. Peers: mlp-lab and tfjs-wasm by default.${w5Skipped}`,
    'Peak RSS: process.resourceUsage().maxRSS of the W3 child (library + its data + both measurements).',
    'Heap check: mlp-lab only, heapUsed after two gc() calls (children get --expose-gc), after a warm-up of at least 1 s (--quick: 0.2 s), before and after 10k steps of W1 and of W2 (--quick: 2k and 500).',
  ];
  const report: Report = {
    machine: machine(),
    options: {
      quick: o.quick,
      only: o.only,
      peers: o.peers,
      epochs: o.epochs,
      full: o.full,
      seed: o.seed,
      gemmThreads: o.gemmThreads,
      sanity: o.sanity,
      sweep: o.sweep,
    },
    mlplab: mlplabInfo,
    threads,
    peers: o.peers,
    rows,
    targets: buildTargets(rows),
    heap: typeof collected.heap === 'object' ? collected.heap : null,
    sanity: collected.sanity,
    ...(sweep ? { sweep } : {}),
    notes: o.sanity ? [...sanityNotes, ...notes] : [...general, ...notes],
    failures,
    seconds: (performance.now() - t0) / 1000,
  };
  process.stdout.write(`${o.json ? renderJson(report) : renderText(report)}\n`);
}

// Only as the entry point: the tests import nothing from here, but a stray import must not start a run.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
