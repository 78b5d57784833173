/** The products of the workloads the kernels are tuned for (see gemm.bench.ts). */
export interface GemmShape {
  /** Workload the product belongs to, e.g. '784-256-256-10 b128'. */
  readonly workload: string;
  /** What the product computes, e.g. 'L1 fwd'. */
  readonly name: string;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly M: number;
  readonly N: number;
  readonly K: number;
}

/** The three products of a Linear layer nIn→nOut on a batch: forward (NT), dx (NN), dW (TN). */
export function linearProducts(
  workload: string,
  layer: number,
  batch: number,
  nIn: number,
  nOut: number,
  inference = false,
): GemmShape[] {
  const fwd: GemmShape = {
    workload,
    name: `L${layer} fwd`,
    transA: false,
    transB: true,
    M: batch,
    N: nOut,
    K: nIn,
  };
  if (inference) return [fwd];
  return [
    fwd,
    { workload, name: `L${layer} dx`, transA: false, transB: false, M: batch, N: nIn, K: nOut },
    { workload, name: `L${layer} dW`, transA: true, transB: false, M: nOut, N: nIn, K: batch },
  ];
}

export function mlpProducts(workload: string, sizes: readonly number[], batch: number, inference = false) {
  const out: GemmShape[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    out.push(...linearProducts(workload, l + 1, batch, sizes[l], sizes[l + 1], inference));
  }
  return out;
}

export const workloads: readonly GemmShape[] = [
  ...mlpProducts('784-256-256-10 b128 train', [784, 256, 256, 10], 128),
  ...mlpProducts('784-256-256-10 b1024 infer', [784, 256, 256, 10], 1024, true),
  ...mlpProducts('2-8-8-1 b10 train', [2, 8, 8, 1], 10),
  ...mlpProducts('2-4096-1 b1024 train', [2, 4096, 1], 1024),
];

export const flops = (s: GemmShape) => 2 * s.M * s.N * s.K;
