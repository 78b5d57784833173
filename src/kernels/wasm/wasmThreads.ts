/**
 * Node-only helper threads for the wasm GEMM: each worker instantiates the
 * shared-memory build on the same WebAssembly.Memory and waits on a slot of a
 * small shared control block for a sub-product to run. Node modules are reached
 * through process.getBuiltinModule, so nothing here is a static import that a
 * browser bundle would have to resolve; elsewhere startGemmWorkers returns null.
 */

/** One sgemm call's arguments, in the order of the wasm export. */
export type SgemmArgs = readonly [
  transA: number,
  transB: number,
  M: number,
  N: number,
  K: number,
  a: number,
  lda: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
  accumulate: number,
  work: number,
];

export interface GemmWorkers {
  readonly count: number;
  /**
   * Worker `w`'s argument block: the 13 sgemm arguments in SgemmArgs order, as
   * int32 (byte offsets past 2 GiB wrap, and the wasm side reads them back as
   * the same unsigned bits). Fill it, then post(w): no array per call.
   */
  args(w: number): Int32Array;
  /** Hands worker `w` the call in its argument block and returns at once. */
  post(w: number): void;
  /** Blocks until worker `w` has finished what it was posted; throws if it failed. */
  wait(w: number): void;
}

/** Ints per worker slot: state, then the 13 sgemm arguments; 64 bytes, one cache line each. */
const SLOT_INTS = 16;
const IDLE = 0;
const POSTED = 1;
const FAILED = 2;
/**
 * Loads of its slot a helper spins through before it sleeps: about 2 ms at the
 * ~8 ns an Atomics.load takes here. Counted, not timed: a timed loop would
 * call performance.now(), whose boxed result is garbage on every call.
 */
const SPIN_LOADS = 1 << 18;
/** Posts between two looks at how much CPU the process is getting. */
const POSTS_PER_CHECK = 64;
/** The shortest window (ms) that look judges by: CPU accounting over less is noise. */
const CHECK_MIN_MS = 50;
/**
 * Spinning stays on while the process gets at least this many cores' worth of
 * CPU per helper beyond the main thread's one. A spinning helper keeps a
 * process near 1 + helpers cores on a free machine; sharing the cores with
 * other busy processes drags it toward one, and spinning then only takes time
 * from threads with work (W3 ran 6.2 ms a step without spinning and 24 ms with
 * main-thread spinning, two processes on two cores).
 */
const SPIN_MIN_SHARE = 0.5;

// Runs in each worker (CommonJS, as Node evaluates `eval: true` sources).
const workerSource = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, slot, spin } = workerData;
const spinLoads = new Int32Array(spin);
const wasm = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(control, slot * ${SLOT_INTS * 4}, ${SLOT_INTS});
for (;;) {
  let s = Atomics.load(ctl, 0);
  // Spin a while before sleeping: a sleeping thread takes ~100 µs to wake here, and in a
  // training loop the next product usually comes sooner. The main thread turns it off
  // when the cores are shared.
  for (let k = 0, n = Atomics.load(spinLoads, 0); k < n && s !== ${POSTED}; k++) s = Atomics.load(ctl, 0);
  for (; s !== ${POSTED}; s = Atomics.load(ctl, 0)) Atomics.wait(ctl, 0, s);
  let state = ${IDLE};
  try {
    wasm.sgemm(ctl[1], ctl[2], ctl[3], ctl[4], ctl[5], ctl[6], ctl[7], ctl[8], ctl[9], ctl[10], ctl[11], ctl[12], ctl[13]);
  } catch (e) {
    state = ${FAILED};
  }
  Atomics.store(ctl, 0, state);
  Atomics.notify(ctl, 0);
}
`;

interface WorkerThreads {
  Worker: new (source: string, options: { eval: boolean; workerData: unknown }) => { unref(): void };
}

interface NodeProcess {
  getBuiltinModule?(id: string): unknown;
  cpuUsage?(): { user: number; system: number };
  env?: Record<string, string | undefined>;
}

function nodeProcess(): NodeProcess | undefined {
  return (globalThis as { process?: NodeProcess }).process;
}

/** True in Node versions whose worker threads this module can start (20.16 and later). */
export function workerThreadsAvailable(): boolean {
  return typeof SharedArrayBuffer === 'function' && typeof nodeProcess()?.getBuiltinModule === 'function';
}

/** Cores this process may use, or 1 outside Node. */
export function availableCores(): number {
  const os = nodeProcess()?.getBuiltinModule?.('node:os') as { availableParallelism?(): number } | undefined;
  return os?.availableParallelism?.() ?? 1;
}

/**
 * Threads the wasm GEMM uses by default: MLP_LAB_GEMM_THREADS when set (1 turns
 * threading off, e.g. to compare), else the available cores, at most 4; 1 where
 * worker threads are unavailable.
 */
export function defaultGemmThreads(): number {
  if (!workerThreadsAvailable()) return 1;
  const requested = Number(nodeProcess()?.env?.MLP_LAB_GEMM_THREADS);
  if (Number.isInteger(requested) && requested >= 1) return requested;
  return Math.min(4, availableCores());
}

/** Starts `count` workers on `module` and the shared `memory`; null where worker threads are unavailable. */
export function startGemmWorkers(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  count: number,
): GemmWorkers | null {
  const threads = nodeProcess()?.getBuiltinModule?.('node:worker_threads') as WorkerThreads | undefined;
  if (!threads || count < 1) return null;
  const control = new SharedArrayBuffer(count * SLOT_INTS * 4);
  const spin = new Int32Array(new SharedArrayBuffer(4));
  spin[0] = SPIN_LOADS;
  for (let slot = 0; slot < count; slot++) {
    // Unreferenced: idle helpers must not keep the process alive.
    new threads.Worker(workerSource, {
      eval: true,
      workerData: { module, memory, control, slot, spin: spin.buffer },
    }).unref();
  }
  const proc = nodeProcess();
  const cpuMs = () => {
    const u = proc?.cpuUsage?.();
    return u ? (u.user + u.system) / 1000 : Number.NaN;
  };
  let posts = 0;
  let spinning = true;
  let lastWall = performance.now();
  let lastCpu = cpuMs();
  /** Turns the helpers' spinning on or off by the share of the machine this process got since the last look. */
  const checkShare = () => {
    const wall = performance.now();
    if (wall - lastWall < CHECK_MIN_MS) return;
    const cpu = cpuMs();
    const cores = (cpu - lastCpu) / (wall - lastWall);
    if (Number.isFinite(cores)) {
      spinning = cores >= 1 + SPIN_MIN_SHARE * count;
      Atomics.store(spin, 0, spinning ? SPIN_LOADS : 0);
    }
    lastWall = wall;
    lastCpu = cpu;
  };
  const slots = Array.from(
    { length: count },
    (_, w) => new Int32Array(control, w * SLOT_INTS * 4, SLOT_INTS),
  );
  const argBlocks = slots.map((ctl) => ctl.subarray(1, 14));
  return {
    count,
    args: (w) => argBlocks[w],
    post(w) {
      const ctl = slots[w];
      Atomics.store(ctl, 0, POSTED);
      Atomics.notify(ctl, 0);
      if (++posts % POSTS_PER_CHECK === 0) checkShare();
    },
    wait(w) {
      const ctl = slots[w];
      let state = Atomics.load(ctl, 0);
      // Its own part done, this thread would sleep, and waking costs ~100 µs: spin instead
      // while the helpers do (the cores are the process's own then).
      for (let k = 0; spinning && k < SPIN_LOADS && state === POSTED; k++) state = Atomics.load(ctl, 0);
      while (state === POSTED) {
        Atomics.wait(ctl, 0, POSTED);
        state = Atomics.load(ctl, 0);
      }
      if (state === FAILED) {
        Atomics.store(ctl, 0, IDLE);
        throw new Error(
          'a wasm GEMM worker thread failed; disable threads with createWasmGemm({ threads: 1 })',
        );
      }
    },
  };
}
