/**
 * W3 in CPU time, for A/B checks on a machine shared with other jobs, where
 * wall time measures the neighbours: in one process, alternating blocks of
 *   forward   the evaluation-mode forward at batch 1024
 *   infer     Sequential.infer at batch 1024
 *   step      a training step at batch 128 (Trainer.step)
 *   products  that step's eight matrix products alone
 *   adam      that step's Adam update alone
 * and prints each one's median CPU and wall time per call, with ranges, and
 * forward ÷ infer per block. CPU time is the process's user + system time;
 * with one thread per kind of work (MLP_LAB_BLAS_THREADS=1
 * MLP_LAB_GEMM_THREADS=1) it is the work itself.
 *   npm run build && MLP_LAB_BLAS_THREADS=1 MLP_LAB_GEMM_THREADS=1 node dist/bench/cpuTime.js [--blocks N]
 */
import { backendInfo, installNativeBlas } from '../src/kernels/native/install.node.js';
import { mlp } from '../src/nn/mlp.js';
import { Optimizer } from '../src/optim/optimizer.js';
import { gemm } from '../src/tensor/gemm.js';
import { fromData } from '../src/tensor/matrix.js';
import { Trainer } from '../src/train/trainer.js';

const SIZES = [784, 256, 256, 10];
const INFER_ROWS = 1024;
const TRAIN_ROWS = 128;

const waves = (n: number, f: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * f));
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (a: readonly number[]) => [...a].sort((p, q) => p - q)[a.length >> 1];
const range = (a: readonly number[]) => `${Math.min(...a).toFixed(3)}–${Math.max(...a).toFixed(3)}`;

function cases(): Record<string, { calls: number; run: () => unknown }> {
  const model = mlp(SIZES, { activation: 'relu', seed: 0 });
  const xi = fromData(INFER_ROWS, SIZES[0], waves(INFER_ROWS * SIZES[0], 0.7));
  const xt = fromData(TRAIN_ROWS, SIZES[0], waves(TRAIN_ROWS * SIZES[0], 0.3));
  const yt = fromData(
    TRAIN_ROWS,
    1,
    Float32Array.from({ length: TRAIN_ROWS }, (_, i) => i % 10),
  );
  const trained = mlp(SIZES, { activation: 'relu', seed: 0 });
  const trainer = new Trainer(trained, { loss: 'cross_entropy', optimizer: { name: 'adam', lr: 1e-3 } });
  const alone = mlp(SIZES, { activation: 'relu', seed: 0 });
  const optimizer = new Optimizer(alone, { name: 'adam', lr: 1e-3 });
  const linears = alone.linears();
  const R = TRAIN_ROWS;
  const h = [xt.data, waves(R * 256, 0.2), waves(R * 256, 0.4)];
  const d = [waves(R * 256, 0.5), waves(R * 256, 0.6), waves(R * 10, 0.8)];
  const out = [new Float32Array(R * 256), new Float32Array(R * 256), new Float32Array(R * 10)];
  const dx = [new Float32Array(R * 784), new Float32Array(R * 256), new Float32Array(R * 256)];
  const gw = linears.map((l) => new Float32Array(l.weight.value.data.length));
  const products = () => {
    for (let l = 0; l < 3; l++) {
      const [nIn, nOut] = [SIZES[l], SIZES[l + 1]];
      const W = linears[l].weight.value.data;
      gemm(false, true, R, nOut, nIn, h[l], W, out[l], true);
      gemm(true, false, nOut, nIn, R, d[l], h[l], gw[l]);
      if (l > 0) gemm(false, false, R, nIn, nOut, d[l], W, dx[l]);
    }
  };
  return {
    forward: { calls: 10, run: () => model.forward(xi, { training: false }) },
    infer: { calls: 10, run: () => model.infer(xi) },
    step: { calls: 50, run: () => trainer.step(xt, yt) },
    products: { calls: 50, run: products },
    adam: { calls: 50, run: () => optimizer.step(1e-3) },
  };
}

function main(argv: readonly string[]): void {
  const at = argv.indexOf('--blocks');
  const blocks = at >= 0 ? Number(argv[at + 1]) : 15;
  if (!(Number.isInteger(blocks) && blocks >= 1))
    throw new Error('--blocks needs a positive integer, e.g. --blocks 15');
  installNativeBlas();
  const all = cases();
  const names = Object.keys(all);
  const cpu: Record<string, number[]> = {};
  const wall: Record<string, number[]> = {};
  for (const n of names) {
    cpu[n] = [];
    wall[n] = [];
    for (let i = 0; i < 2 * all[n].calls; i++) all[n].run();
  }
  for (let b = 0; b < blocks; b++) {
    // Alternate the order, so neither side always runs right after the same neighbour.
    for (const n of b % 2 ? [...names].reverse() : names) {
      const { calls, run } = all[n];
      const c0 = cpuMs();
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) run();
      wall[n].push((performance.now() - t0) / calls);
      cpu[n].push((cpuMs() - c0) / calls);
    }
  }
  const info = backendInfo();
  const lines = [
    `W3 CPU time per call, ${blocks} alternating blocks; BLAS: ${info.library ?? info.reason}, ${info.threads} thread(s)`,
  ];
  for (const n of names)
    lines.push(
      `  ${n.padEnd(9)} cpu ${median(cpu[n]).toFixed(3)} ms [${range(cpu[n])}]   wall ${median(wall[n]).toFixed(3)} ms [${range(wall[n])}]`,
    );
  const perBlock = cpu.forward.map((c, i) => c / cpu.infer[i]);
  lines.push(`  forward ÷ infer, cpu: median ${median(perBlock).toFixed(3)} [${range(perBlock)}]`);
  const step = median(cpu.step);
  lines.push(
    `  step shares (cpu): products ${((100 * median(cpu.products)) / step).toFixed(0)} %, adam ${((100 * median(cpu.adam)) / step).toFixed(0)} %, the rest ${((100 * (step - median(cpu.products) - median(cpu.adam))) / step).toFixed(0)} %`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

main(process.argv.slice(2));
