/**
 * The native peers: PyTorch and a hand-written NumPy MLP, run by
 * bench/peers/mlp_peer.py in a python3 child with the same initial weights,
 * batches, optimizer constants and measurement as the other peers. Python
 * times its own steps (a call across processes per step would swamp W1);
 * Node computes the losses from the outputs it sends back, with the code
 * every peer's loss goes through. Skipped, with the reason, when python3 or
 * the module does not import. MLP_LAB_PYTHON names another interpreter;
 * MLP_LAB_TORCH_THREADS sets torch's intra-op threads (default: torch's own
 * choice, which is what a user gets).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MeasureOptions, Timing } from '../measure.js';
import type { Batch, Workload, WorkloadData } from '../workloads.js';
import type { InitialParams } from './peer.js';

export type PythonPeer = 'pytorch' | 'numpy';

export const pythonPeers: readonly string[] = ['pytorch', 'numpy'];

/** The script, found from this file under tsx (bench/peers/) and when built (dist/bench/peers/). */
function script(): string {
  for (const rel of ['./mlp_peer.py', '../../../bench/peers/mlp_peer.py']) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('bench/peers/mlp_peer.py not found');
}

const b64 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const fromB64 = (s: string) => {
  const bytes = Buffer.from(s, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};
const batch = (b: Batch) => ({ rows: b.rows, x: b64(b.x), y: b64(b.y) });

export interface PythonBench {
  readonly train: Timing;
  readonly infer?: Timing;
  readonly before: Float32Array;
  readonly after: Float32Array;
  readonly maxRssMiB: number;
  readonly info: Record<string, string>;
}

export interface PythonSanity {
  readonly outputs: { step: number; out: Float32Array }[];
  readonly info: Record<string, string>;
}

/**
 * The interpreter: MLP_LAB_PYTHON, else the system's /usr/bin/python3 (where
 * Debian's python3-torch and python3-numpy install, as .ci/run does), else
 * python3 on the PATH.
 */
export function pythonExecutable(): string {
  const named = process.env.MLP_LAB_PYTHON;
  if (named) return named;
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

function run(peer: PythonPeer, payload: Record<string, unknown>): Record<string, unknown> | string {
  const r = spawnSync(pythonExecutable(), [script()], {
    input: JSON.stringify({ peer, ...payload }),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    timeout: 170_000,
  });
  if (r.error) return `${peer}: python3 did not start (${r.error.message})`;
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{'))
    throw new Error(
      `${peer} failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`,
    );
  const out = JSON.parse(last) as Record<string, unknown>;
  return typeof out.skip === 'string' ? out.skip : out;
}

/** MLP_LAB_TORCH_THREADS as a thread count, or null when unset (torch keeps its default). */
export function torchThreads(env: Record<string, string | undefined> = process.env): number | null {
  const text = env.MLP_LAB_TORCH_THREADS?.trim();
  if (!text) return null;
  const n = Number(text);
  if (!(Number.isInteger(n) && n >= 1))
    throw new Error(
      `MLP_LAB_TORCH_THREADS must be a whole number ≥ 1, got '${text}'; unset it for torch's default`,
    );
  return n;
}

function common(w: Workload, init: InitialParams, data: WorkloadData) {
  return {
    torchThreads: torchThreads(),
    workload: { sizes: w.sizes, activation: w.activation, loss: w.loss, optimizer: w.optimizer },
    weights: init.weights.map(b64),
    biases: init.biases.map(b64),
    train: data.train.map(batch),
    probe: batch(data.probe),
  };
}

/** Times the peer on the workload; a string says why it was skipped. */
export function pythonBench(
  peer: PythonPeer,
  w: Workload,
  init: InitialParams,
  data: WorkloadData,
  measure: MeasureOptions,
): PythonBench | string {
  const out = run(peer, {
    ...common(w, init, data),
    mode: 'bench',
    measure,
    infer: data.infer ? batch(data.infer) : null,
  });
  if (typeof out === 'string') return out;
  return {
    train: out.train as Timing,
    infer: (out.infer as Timing | undefined) ?? undefined,
    before: fromB64(out.before as string),
    after: fromB64(out.after as string),
    maxRssMiB: out.maxRssMiB as number,
    info: out.info as Record<string, string>,
  };
}

/** The peer's outputs on the probe batch at the checkpoints; a string says why it was skipped. */
export function pythonSanity(
  peer: PythonPeer,
  w: Workload,
  init: InitialParams,
  data: WorkloadData,
  steps: number,
  checkpoints: readonly number[],
): PythonSanity | string {
  const out = run(peer, { ...common(w, init, data), mode: 'sanity', steps, checkpoints });
  if (typeof out === 'string') return out;
  return {
    outputs: (out.outputs as { step: number; out: string }[]).map((o) => ({
      step: o.step,
      out: fromB64(o.out),
    })),
    info: out.info as Record<string, string>,
  };
}

/** One line for the report's notes: what the peer is and which BLAS it runs on. */
export function pythonNote(peer: PythonPeer, info: Record<string, string>): string {
  return peer === 'pytorch'
    ? `pytorch: ${info.library}, torch.nn + torch.optim.Adam/SGD, ${info.threads} intra-op threads; BLAS (torch.__config__.show()): ${info.blas} — OpenBLAS: ${info.openblas}.`
    : `numpy: ${info.library}, a hand-written float32 MLP (same weights, batches, Adam constants); BLAS: ${info.blas}.`;
}

/** The peer's threads and BLAS in a few words, for the table's threads line. */
export function pythonThreads(peer: PythonPeer, info: Record<string, string>): string {
  const blas = /openblas/i.test(info.blas) ? 'OpenBLAS' : 'BLAS';
  const products = `${blas} ${info.blasThreads ?? '?'} per product`;
  return peer === 'pytorch'
    ? `${products}, torch intra-op ${info.threads} (elementwise, Adam)`
    : `${products}, elementwise 1`;
}
