/** The command line of bench/run.ts (its --help text is run.ts's header comment). */
import { type PeerId, peerIds } from './peers/peer.js';
import { type WorkloadId, workloadIds } from './workloads.js';

export interface CliOptions {
  json: boolean;
  quick: boolean;
  only: WorkloadId[];
  peers: PeerId[];
  epochs: number;
  full: boolean;
  sanity: boolean;
  heap: boolean;
  seed: number;
  /** MLP_LAB_GEMM_THREADS for the children; null leaves the library's default. */
  gemmThreads: number | null;
  verbose: boolean;
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = {
    json: false,
    quick: false,
    only: [...workloadIds],
    peers: [...peerIds],
    epochs: 1,
    full: false,
    sanity: false,
    heap: true,
    seed: 1,
    gemmThreads: null,
    verbose: false,
  };
  const list = <T extends string>(value: string | undefined, allowed: readonly T[], what: string): T[] => {
    if (!value)
      throw new Error(`${what} needs a comma-separated list, e.g. ${allowed.slice(0, 2).join(',')}`);
    const items = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const it of items) {
      if (!allowed.includes(it as T))
        throw new Error(`${what}: unknown '${it}'; choose from ${allowed.join(', ')}`);
    }
    return items as T[];
  };
  const int = (value: string | undefined, what: string, min: number): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`${what} needs an integer ≥ ${min}, got ${value ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--json':
        o.json = true;
        break;
      case '--quick':
        o.quick = true;
        break;
      case '--only':
        o.only = list(value()?.toUpperCase(), workloadIds, '--only');
        break;
      case '--peers':
        o.peers = list(value(), peerIds, '--peers');
        if (!o.peers.includes('mlp-lab')) o.peers.unshift('mlp-lab');
        break;
      case '--epochs':
        o.epochs = int(value(), '--epochs', 1);
        break;
      case '--full':
        o.full = true;
        break;
      case '--sanity':
        o.sanity = true;
        break;
      case '--no-heap':
        o.heap = false;
        break;
      case '--gemm-threads':
        o.gemmThreads = int(value(), '--gemm-threads', 1);
        break;
      case '--seed':
        o.seed = int(value(), '--seed', 0);
        break;
      case '--verbose':
        o.verbose = true;
        break;
      case '--help':
      case '-h':
        throw new Help();
      default:
        throw new Error(`unknown option '${argv[i]}'; try --help`);
    }
  }
  return o;
}

/** Thrown for --help: the caller prints the usage. */
export class Help extends Error {}
