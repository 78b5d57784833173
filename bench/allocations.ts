/**
 * What a warm mlp-lab training step allocates, by allocation site:
 *   npm run build && node dist/bench/allocations.js [W1 W2 W3 W4] [--steps N] [--top K]
 * (from dist/ the sites carry the compiled files' real lines; under tsx every
 * module is one line).
 *
 * V8's sampling heap profiler (through node:inspector) samples about every
 * 16 bytes allocated, garbage collected young included, while the bench's own
 * mlp-lab peer takes N steps, twice, after at least 1,000 warm-up steps and
 * 300 ms (so that V8's optimised code has landed even on a busy machine); the
 * quieter window is reported. The heap check of
 * `npm run bench` shows that nothing survives; this shows what is made and
 * dropped. Allocation-free here means no arrays, views or objects per step:
 * what remains are a few boxed numbers (a loss value returned from a function
 * V8 did not inline, a float argument such as leaky ReLU's slope passed into
 * wasm), tens of bytes per step.
 */
import { Session } from 'node:inspector/promises';
import { pathToFileURL } from 'node:url';
import { initialParams, loadAdapter } from './peers/peer.js';
import { makeData, type WorkloadId, workloadIds, workloads } from './workloads.js';

interface SamplingNode {
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
    readonly columnNumber: number;
  };
  readonly selfSize: number;
  readonly children: readonly SamplingNode[];
}

export interface AllocationSite {
  /** function file:line:column, innermost first, up to three frames. */
  readonly where: string;
  readonly bytesPerStep: number;
}

export interface Allocations {
  readonly workload: WorkloadId;
  readonly steps: number;
  /** Everything sampled during the steps, per step. */
  readonly bytesPerStep: number;
  readonly sites: readonly AllocationSite[];
}

const WARM_STEPS = 1000;
const WARM_MS = 300;

/** Bytes sampled under node outside Node's own modules (the profiler's traffic). */
function totalSelf(node: SamplingNode): number {
  if (node.callFrame.url.startsWith('node:')) return 0;
  return node.children.reduce((s, c) => s + totalSelf(c), node.selfSize);
}

function frame(node: SamplingNode): string {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  const file = url.split('/').slice(-2).join('/');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}:${columnNumber + 1}`;
}

export async function measureAllocations(id: WorkloadId, steps: number, seed = 1): Promise<Allocations> {
  const w = workloads[id];
  const adapter = await loadAdapter('mlp-lab');
  const model = await adapter.build(w, initialParams(w, seed));
  const batches = makeData(w, seed).train.map((b) => model.prepare(b));
  const step = (i: number) => model.trainStep(batches[i % batches.length]);
  const warmStart = performance.now();
  for (let i = 0; i < WARM_STEPS || performance.now() - warmStart < WARM_MS; i++) step(i);
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  let quietest: SamplingNode | null = null;
  let quietestBytes = Number.POSITIVE_INFINITY;
  for (let window = 0; window < 2; window++) {
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 16,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    for (let i = 0; i < steps; i++) step(i);
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as {
      profile: { head: SamplingNode };
    };
    const bytes = totalSelf(profile.head);
    if (bytes < quietestBytes) {
      quietest = profile.head;
      quietestBytes = bytes;
    }
  }
  session.disconnect();
  model.dispose();
  const bySite = new Map<string, number>();
  // The profiler's own traffic (node:inspector and its promises) is not the step's.
  const walk = (node: SamplingNode, stack: readonly string[]) => {
    if (node.callFrame.url.startsWith('node:')) return;
    const st = [frame(node), ...stack].slice(0, 3);
    if (node.selfSize > 0 && stack.length > 0) {
      const key = st.join(' ← ');
      bySite.set(key, (bySite.get(key) ?? 0) + node.selfSize);
    }
    for (const c of node.children) walk(c, st);
  };
  for (const c of (quietest as SamplingNode).children) walk(c, []);
  const sites = [...bySite]
    .map(([where, bytes]) => ({ where, bytesPerStep: bytes / steps }))
    .sort((a, b) => b.bytesPerStep - a.bytesPerStep);
  const bytesPerStep = sites.reduce((s, x) => s + x.bytesPerStep, 0);
  return { workload: id, steps, bytesPerStep, sites };
}

async function main(argv: readonly string[]): Promise<void> {
  const ids = argv.filter(
    (a): a is WorkloadId => (workloadIds as readonly string[]).includes(a) && a !== 'W5',
  );
  const option = (name: string, fallback: number) => {
    const k = argv.indexOf(name);
    const v = k >= 0 ? Number(argv[k + 1]) : fallback;
    if (!(Number.isInteger(v) && v > 0))
      throw new Error(`${name} takes a whole number > 0, got ${argv[k + 1]}`);
    return v;
  };
  const steps = option('--steps', 200);
  const top = option('--top', 6);
  for (const id of ids.length ? ids : (['W1', 'W2', 'W3', 'W4'] as const)) {
    const a = await measureAllocations(id, steps);
    console.log(`${id}: ${a.bytesPerStep.toFixed(0)} bytes allocated per step (${a.steps} steps sampled)`);
    for (const s of a.sites.slice(0, top))
      console.log(`  ${s.bytesPerStep.toFixed(1).padStart(7)} B  ${s.where}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(`allocations: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(2);
    },
  );
}
