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
  /** The short sweep-pool section (1 vs 2 workers). */
  sweep: boolean;
  seed: number;
  /** MLP_LAB_GEMM_THREADS for the children; null leaves the library's default. */
  gemmThreads: number | null;
  verbose: boolean;
}

/** The options a flag without a value sets, and to what (a table, so each flag is one line). */
type SwitchOption = 'json' | 'quick' | 'full' | 'sanity' | 'heap' | 'sweep' | 'verbose';
const switches = new Map<string, readonly [SwitchOption, boolean]>([
  ['--json', ['json', true]],
  ['--quick', ['quick', true]],
  ['--full', ['full', true]],
  ['--sanity', ['sanity', true]],
  ['--no-heap', ['heap', false]],
  ['--no-sweep', ['sweep', false]],
  ['--verbose', ['verbose', true]],
]);

/** The options an integer flag sets, and the least value each accepts. */
type IntegerOption = 'epochs' | 'gemmThreads' | 'seed';
const integers = new Map<string, readonly [IntegerOption, number]>([
  ['--epochs', ['epochs', 1]],
  ['--gemm-threads', ['gemmThreads', 1]],
  ['--seed', ['seed', 0]],
]);

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
    sweep: true,
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
    const toggle = switches.get(flag);
    if (toggle) {
      o[toggle[0]] = toggle[1];
      continue;
    }
    const counted = integers.get(flag);
    if (counted) {
      o[counted[0]] = int(value(), flag, counted[1]);
      continue;
    }
    switch (flag) {
      case '--only':
        o.only = list(value()?.toUpperCase(), workloadIds, '--only');
        break;
      case '--peers':
        o.peers = list(value(), peerIds, '--peers');
        if (!o.peers.includes('mlp-lab')) o.peers.unshift('mlp-lab');
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
