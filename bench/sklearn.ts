/**
 * scikit-learn's protocol on Fashion-MNIST, mlp-lab against MLPClassifier in
 * the same run: pixels standardised with the training set's mean and standard
 * deviation, 784-100-10 ReLU, softmax cross-entropy, Adam 1e-3 (β 0.9/0.999,
 * ε 1e-8), batch 200, shuffled every epoch, L2 1e-4 as scikit-learn applies
 * it (alpha·W/batch added to the mean gradient: weight decay 5e-7 on the
 * weights, none on the biases), a fixed number of epochs. Timed: the training
 * epochs only (scikit-learn: fit()); reported: seconds, test accuracy.
 *   npm run bench:sklearn [-- --epochs N] [--json]
 * Needs /usr/share/datasets/fashion-mnist (or FASHION_MNIST_DIR) and, for the
 * peer, python3-sklearn (skipped with a note otherwise).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { installNativeBlas } from '../src/kernels/native/install.node.js';
import { mlp } from '../src/nn/mlp.js';
import { fromData } from '../src/tensor/matrix.js';
import { Rng } from '../src/tensor/rng.js';
import { Trainer } from '../src/train/trainer.js';
import { FASHION_DIR, FASHION_MISSING, fashionAvailable, loadFashion } from './fashion.js';
import { activeGemmKernel, mlplabThreads } from './peers/gemmKernel.js';
import { pythonExecutable } from './peers/python.js';
import { accuracyOf, type Batch } from './workloads.js';

const BATCH = 200;
const ALPHA = 1e-4;

/** Standardises every column with the training set's mean and (population) standard deviation, as StandardScaler does. */
function standardise(train: Batch, test: Batch, cols: number): void {
  const mean = new Float64Array(cols);
  const sq = new Float64Array(cols);
  for (let i = 0; i < train.rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = train.x[i * cols + j];
      mean[j] += v;
      sq[j] += v * v;
    }
  }
  const scale = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    mean[j] /= train.rows;
    const sd = Math.sqrt(Math.max(0, sq[j] / train.rows - mean[j] * mean[j]));
    scale[j] = sd > 0 ? sd : 1;
  }
  for (const b of [train, test]) {
    for (let i = 0; i < b.rows; i++) {
      for (let j = 0; j < cols; j++) b.x[i * cols + j] = (b.x[i * cols + j] - mean[j]) / scale[j];
    }
  }
}

function mlplab(epochs: number, seed: number) {
  const { train, test } = loadFashion();
  const nIn = 784;
  standardise(train, test, nIn);
  const model = mlp([nIn, 100, 10], { activation: 'relu', seed });
  const trainer = new Trainer(model, {
    loss: 'cross_entropy',
    optimizer: { name: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: ALPHA / BATCH },
  });
  const order = new Uint32Array(train.rows);
  const rng = new Rng(seed);
  const xb = new Float32Array(BATCH * nIn);
  const yb = new Float32Array(BATCH);
  const t0 = performance.now();
  for (let e = 0; e < epochs; e++) {
    rng.permutation(train.rows, order);
    for (let s = 0; s < train.rows; s += BATCH) {
      const rows = Math.min(BATCH, train.rows - s);
      for (let r = 0; r < rows; r++) {
        const src = order[s + r];
        xb.set(train.x.subarray(src * nIn, (src + 1) * nIn), r * nIn);
        yb[r] = train.y[src];
      }
      trainer.step(fromData(rows, nIn, xb.subarray(0, rows * nIn)), fromData(rows, 1, yb.subarray(0, rows)));
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const out = Float32Array.from(model.forward(fromData(test.rows, nIn, test.x)).data);
  return { seconds, accuracy: accuracyOf(10, out, test) };
}

function sklearn(
  epochs: number,
): { library: string; seconds: number; accuracy: number; dtype: string; threads: string } | string {
  const script = fileURLToPath(new URL('../../bench/peers/sklearn_peer.py', import.meta.url));
  const r = spawnSync(pythonExecutable(), [script, FASHION_DIR, String(epochs)], {
    encoding: 'utf8',
    timeout: 3_600_000,
  });
  if (r.error) return `scikit-learn: python3 did not start (${r.error.message})`;
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{'))
    return `scikit-learn failed: ${r.stderr.trim().split('\n').pop()}`;
  const out = JSON.parse(last);
  return typeof out.skip === 'string' ? out.skip : out;
}

function main(argv: readonly string[]): void {
  let epochs = 30;
  const json = argv.includes('--json');
  const at = argv.indexOf('--epochs');
  if (at >= 0) epochs = Number(argv[at + 1]);
  if (!(Number.isInteger(epochs) && epochs >= 1)) throw new Error('--epochs needs a positive integer');
  if (!fashionAvailable()) {
    process.stdout.write(`${FASHION_MISSING}\n`);
    return;
  }
  installNativeBlas();
  process.stderr.write(`mlp-lab, ${epochs} epochs … `);
  const mine = mlplab(epochs, 1);
  process.stderr.write(`${mine.seconds.toFixed(1)} s\nscikit-learn, ${epochs} epochs … `);
  const theirs = sklearn(epochs);
  process.stderr.write(typeof theirs === 'string' ? `${theirs}\n` : `${theirs.seconds.toFixed(1)} s\n`);
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ epochs, mlplab: mine, sklearn: theirs, kernel: activeGemmKernel(), threads: mlplabThreads() })}\n`,
    );
    return;
  }
  const lines = [
    `Fashion-MNIST 784-100-10, scikit-learn's protocol, ${epochs} epochs (training time only):`,
    `  mlp-lab       ${mine.seconds.toFixed(1).padStart(7)} s   test accuracy ${mine.accuracy.toFixed(4)}`,
    typeof theirs === 'string'
      ? `  scikit-learn  ${theirs}`
      : `  scikit-learn  ${theirs.seconds.toFixed(1).padStart(7)} s   test accuracy ${theirs.accuracy.toFixed(4)}   (${theirs.library}, ${theirs.dtype})`,
    typeof theirs === 'string' ? '' : `  mlp-lab is ${(theirs.seconds / mine.seconds).toFixed(2)}× as fast`,
    `  mlp-lab kernel: ${activeGemmKernel()}`,
    `  threads: mlp-lab ${mlplabThreads()}${typeof theirs === 'string' ? '' : `; scikit-learn ${theirs.threads}`}`,
  ];
  process.stdout.write(`${lines.filter(Boolean).join('\n')}\n`);
}

main(process.argv.slice(2));
