/**
 * Everything `mlp-lab fit` accepts: the commander option table (each with an
 * example, since --help is the manual) and its translation into checked,
 * typed settings. Training defaults are the library's fitDefaults, which fit
 * sin(3x) with a 1-64-64-1 tanh net to test RMSE < 0.02; a test holds the
 * CLI to that.
 */
import { type Command, Option } from 'commander';
import type { Task } from '../data/dataset.js';
import { activationNames } from '../nn/activations.js';
import type { InitSpec } from '../nn/init.js';
import type { ActivationName } from '../nn/layer.js';
import type { OptimizerName } from '../optim/options.js';
import { optimizers } from '../optim/rules/index.js';
import { fitDefaults } from '../train/fit.js';
import type { FitJobOptions } from '../train/fitJob.js';
import { type LossName, losses } from '../train/losses/index.js';
import { cut, UsageError } from './errors.js';
import { parseScheduleOption } from './scheduleOption.js';
import {
  parseArch,
  parseChoice,
  parseDomain,
  parseIntegerOption,
  parseNumberOption,
  parseProbabilityOption,
} from './values.js';

/** The CLI's own defaults: how much data to draw and the shape of the default net. */
export const CLI_DEFAULTS = {
  samples: 2048,
  testRatio: 0.2,
  hidden: [64, 64],
  activation: 'relu' as ActivationName,
};

/** Wider embeddings than this would dwarf any hidden layer a tabular net uses; the cap catches a typo like embedding:4000. */
const MAX_EMBEDDING_DIM = 1024;

/** Enough for Fashion-MNIST-sized sets many times over, small enough to fail fast instead of exhausting memory. */
const MAX_SAMPLES = 10_000_000;
export const MAX_SEED = 2 ** 32 - 1;

const INIT_CHOICES = [
  'he',
  'he_uniform',
  'he_normal',
  'xavier',
  'xavier_uniform',
  'xavier_normal',
  'lecun_normal',
  'orthogonal',
  'zeros',
  'uniform',
  'normal',
];

/** A fit run's options (the same a sweep job has) and the ones that steer only its files and printing. */
export interface FitSettings extends FitJobOptions {
  readonly out?: string;
  readonly resume?: string;
  readonly checkpointEvery: number;
  /** Replace the run in --out even though its run.json belongs to another run. */
  readonly force: boolean;
  readonly json: boolean;
  readonly quiet: boolean;
}

export function addFitOptions(cmd: Command): Command {
  const choice = (flags: string, description: string, choices: readonly string[], fallback?: string) => {
    const o = new Option(flags, description).choices(choices);
    return fallback === undefined ? o : o.default(fallback);
  };
  return cmd
    .option('--target <expr>', "function to fit, in x (and y); e.g. --target 'sin(3*x) + abs(x)'")
    .option(
      '--domain <lo,hi>',
      'input interval of --target, one pair for all variables or one per variable; e.g. --domain -3,3 or --domain=-2,2,-1,1',
      '-1,1',
    )
    .option(
      '--dataset <name|file.csv>',
      'xor, circles, moons, spirals, gaussians, checkerboard, plane, saddle, ripple, fashion-mnist, digits, iris, wine, breast-cancer, or a CSV file with a header; e.g. --dataset moons',
    )
    .option('--label <column>', 'CSV: the target column (default: the last one); e.g. --label price')
    .addOption(
      choice('--task <task>', 'CSV: force the task instead of inferring it; e.g. --task regression', [
        'regression',
        'binary',
        'multiclass',
      ]),
    )
    .option(
      '--categorical <encoding>',
      'CSV: how categorical columns enter the net: onehot (one input per category) or embedding[:DIM] (a learned vector per category, DIM wide, default min(8, ceil(sqrt(categories)))); with embedding, --arch starts with the number of feature columns, each categorical column counted once; e.g. --categorical embedding:4',
      'onehot',
    )
    .option(
      '--categorical-columns <cols>',
      'CSV: columns to treat as categorical even though they hold numbers (codes, zip codes); e.g. --categorical-columns zip,size',
    )
    .option('--ignore <cols>', 'CSV: columns to leave out (ids, free text); e.g. --ignore id,comment')
    .option(
      '--samples <n>',
      'rows to draw for --target and synthetic sets; e.g. --samples 500',
      String(CLI_DEFAULTS.samples),
    )
    .option(
      '--noise <sd>',
      'noise: standard deviation added to targets (coordinate jitter for synthetic sets); e.g. --noise 0.1',
    )
    .option(
      '--test-ratio <r>',
      'share of the rows held out for the test set; e.g. --test-ratio 0.25',
      String(CLI_DEFAULTS.testRatio),
    )
    .option(
      '--no-standardize',
      'feed raw inputs instead of standardising them with the training split mean and std; e.g. --no-standardize',
    )
    .option(
      '--fashion-dir <dir>',
      'where the Fashion-MNIST IDX files are (default /usr/share/datasets/fashion-mnist); e.g. --fashion-dir ~/data/fashion',
    )
    .option('--limit <n>', 'Fashion-MNIST: use only the first n images of each split; e.g. --limit 5000')
    .option(
      '--arch <sizes>',
      'layer sizes from input to output (default: inputs-64-64-outputs); e.g. --arch 1-64-64-1',
    )
    .addOption(
      choice(
        '--activation <name>',
        'hidden activation; e.g. --activation tanh',
        activationNames,
        CLI_DEFAULTS.activation,
      ),
    )
    .addOption(
      choice(
        '--init <name>',
        'weight initialiser (default: he for ReLU-like activations, xavier otherwise); e.g. --init orthogonal',
        INIT_CHOICES,
      ),
    )
    .addOption(
      choice(
        '--norm <kind>',
        'normalisation after each hidden linear layer; e.g. --norm layer',
        ['none', 'batch', 'layer'],
        'none',
      ),
    )
    .option('--dropout <p>', 'drop probability after each hidden activation; e.g. --dropout 0.2', '0')
    .option(
      '--residual',
      'make equal-width hidden layers residual blocks x + f(norm(x)); e.g. --arch 2-32-32-32-1 --residual',
    )
    .addOption(
      choice(
        '--loss <name>',
        'loss (default: mse for regression, bce for binary, cross_entropy for classes); e.g. --loss huber',
        Object.keys(losses),
      ),
    )
    .addOption(
      choice(
        '--optimizer <name>',
        'update rule; e.g. --optimizer sgd',
        Object.keys(optimizers),
        fitDefaults.optimizer,
      ),
    )
    .option('--lr <x>', 'base learning rate; e.g. --lr 0.001', String(fitDefaults.lr))
    .option(
      '--schedule <spec>',
      'learning-rate schedule per epoch: constant, step:stepSize=30,gamma=0.1, multistep:milestones=50/80, exponential:gamma=0.99, cosine, cosine_restarts:t0=10,tMult=2, onecycle, plateau:patience=5, or a JSON spec; e.g. --schedule step:stepSize=100',
      fitDefaults.schedule,
    )
    .option('--warmup <epochs>', 'linear learning-rate warm-up before the schedule; e.g. --warmup 5', '0')
    .option(
      '--epochs <n>',
      'passes over the training data (with --resume: the total, including those already run); e.g. --epochs 100',
      String(fitDefaults.epochs),
    )
    .option('--batch-size <n>', 'rows per step; e.g. --batch-size 128', String(fitDefaults.batchSize))
    .option('--weight-decay <x>', 'L2 weight decay (decoupled with adamw); e.g. --weight-decay 1e-4', '0')
    .option('--clip-norm <x>', 'clip gradients to this global L2 norm; e.g. --clip-norm 1')
    .option(
      '--patience <n>',
      'early stopping: stop after n epochs without improvement on a validation split (10% of train) and keep the best weights; e.g. --patience 20',
    )
    .option(
      '--seed <n>',
      `seed for data, initialisation, shuffling and dropout, 0..${MAX_SEED}; e.g. --seed 7`,
      String(fitDefaults.seed),
    )
    .option(
      '--out <dir>',
      'write model.json, metrics.json, run.json and checkpoint.json here; e.g. --out runs/sin',
    )
    .option(
      '--resume <checkpoint.json>',
      'continue a run from a checkpoint written by --out, with the same options; e.g. --resume runs/sin/checkpoint.json',
    )
    .option(
      '--checkpoint-every <n>',
      'with --out: save checkpoint.json every n epochs and at the last completed epoch of the run; e.g. --checkpoint-every 5',
      '10',
    )
    .option(
      '--force',
      'with --out: replace the run a folder already holds (its run.json) instead of refusing; e.g. --out runs/sin --force',
    )
    .option('--json', 'print one JSON result object on stdout and nothing else there; e.g. --json | jq .test')
    .option('--quiet', 'no progress output; e.g. --quiet');
}

type Raw = Record<string, string | boolean | undefined>;

/** Whether the user typed an option (commander fills defaults, so presence alone does not tell). */
export type GivenCheck = (key: string) => boolean;

const str = (raw: Raw, key: string): string | undefined =>
  typeof raw[key] === 'string' ? (raw[key] as string) : undefined;

const SYNTHETIC_OR_TARGET_ONLY = [
  ['samples', '--samples'],
  ['noise', '--noise'],
] as const;

/** Options that only mean something for some data; giving them elsewhere is a mistake worth reporting. */
function checkApplicable(raw: Raw, given: GivenCheck): void {
  const dataset = str(raw, 'dataset');
  const csv = dataset !== undefined && /\.csv(\.gz)?$/i.test(dataset);
  const fashion = dataset !== undefined && dataset.toLowerCase().replace(/_/g, '-') === 'fashion-mnist';
  const reject = (flag: string, when: string) => {
    throw new UsageError(`${flag} only applies ${when}; remove it`);
  };
  if (given('domain') && str(raw, 'target') === undefined) reject('--domain', 'with --target');
  if (given('label') && !csv) reject('--label', 'to a CSV --dataset');
  if (given('task') && !csv) reject('--task', 'to a CSV --dataset');
  if (given('categorical') && !csv) reject('--categorical', 'to a CSV --dataset');
  if (given('categoricalColumns') && !csv) reject('--categorical-columns', 'to a CSV --dataset');
  if (given('ignore') && !csv) reject('--ignore', 'to a CSV --dataset');
  if (given('force') && !given('out')) reject('--force', 'with --out');
  if (given('limit') && !fashion) reject('--limit', 'to --dataset fashion-mnist');
  if (given('fashionDir') && !fashion) reject('--fashion-dir', 'to --dataset fashion-mnist');
  if (given('testRatio') && fashion)
    reject('--test-ratio', 'to data without an official split (fashion-mnist has one)');
  for (const [key, flag] of SYNTHETIC_OR_TARGET_ONLY) {
    if (
      given(key) &&
      (csv || fashion || (dataset !== undefined && /^(digits|iris|wine|breast[-_]cancer)$/i.test(dataset)))
    ) {
      reject(flag, 'to --target and synthetic sets');
    }
  }
}

/** 'onehot', 'embedding' or 'embedding:DIM'. */
function parseCategorical(value: string): { embedding: boolean; dim?: number } {
  if (value === 'onehot') return { embedding: false };
  if (value === 'embedding') return { embedding: true };
  const m = /^embedding:(\d+)$/.exec(value);
  const dim = m ? Number(m[1]) : Number.NaN;
  if (!(dim >= 1 && dim <= MAX_EMBEDDING_DIM)) {
    throw new UsageError(
      `--categorical must be onehot, embedding or embedding:DIM with DIM from 1 to ${MAX_EMBEDDING_DIM}, got '${value}' (example: --categorical embedding:4)`,
    );
  }
  return { embedding: true, dim };
}

/** `a,b` → { [field]: ['a', 'b'] }, or nothing when the option is absent. */
function columnList(
  raw: Raw,
  key: string,
  field: 'ignore' | 'categorical',
): { ignore?: string[]; categorical?: string[] } {
  const v = str(raw, key);
  if (v === undefined) return {};
  const names = v.split(',').map((n) => n.trim());
  if (names.some((n) => n === '')) {
    const flag = key === 'ignore' ? '--ignore' : '--categorical-columns';
    throw new UsageError(
      `${flag} must be column names joined by ',', got '${cut(v)}' (example: ${flag} id,comment)`,
    );
  }
  return { [field]: names };
}

export function fitSettings(raw: Raw, given: GivenCheck): FitSettings {
  checkApplicable(raw, given);
  const num = (key: string, flag: string): number | undefined => {
    const v = str(raw, key);
    return v === undefined ? undefined : parseNumberOption(flag, v);
  };
  const int = (key: string, flag: string, min = 1, max = Number.MAX_SAFE_INTEGER): number | undefined => {
    const v = str(raw, key);
    if (v === undefined) return undefined;
    const n = parseIntegerOption(flag, v, min);
    if (n > max) throw new UsageError(`${flag} must be at most ${max}, got ${v}`);
    return n;
  };
  const positive = (key: string, flag: string): number | undefined => {
    const v = num(key, flag);
    if (v !== undefined && !(v > 0)) throw new UsageError(`${flag} must be > 0, got ${v}`);
    return v;
  };
  const testRatio = num('testRatio', '--test-ratio')!;
  if (!(testRatio > 0 && testRatio < 1))
    throw new UsageError(`--test-ratio must be in (0, 1), got ${testRatio}`);
  const noise = num('noise', '--noise');
  if (noise !== undefined && noise < 0) throw new UsageError(`--noise must be >= 0, got ${noise}`);
  const weightDecay = num('weightDecay', '--weight-decay')!;
  if (weightDecay < 0) throw new UsageError(`--weight-decay must be >= 0, got ${weightDecay}`);
  const arch = str(raw, 'arch');
  const init = str(raw, 'init');
  const epochs = int('epochs', '--epochs')!;
  const warmup = int('warmup', '--warmup', 0)!;
  if (warmup >= epochs) throw new UsageError(`--warmup ${warmup} must be shorter than --epochs ${epochs}`);
  const sizes = arch === undefined ? undefined : parseArch(arch);
  const categorical = parseCategorical(str(raw, 'categorical')!);
  const residual = raw.residual === true;
  if (residual && sizes && !sizes.slice(1, -1).some((s, i, hidden) => i > 0 && s === hidden[i - 1])) {
    throw new UsageError(
      `--residual needs two consecutive hidden layers of equal width to make a block, but --arch is ${arch} (example: --arch 2-32-32-32-1)`,
    );
  }
  return {
    data: {
      target: str(raw, 'target'),
      domain: parseDomain(str(raw, 'domain')!),
      dataset: str(raw, 'dataset'),
      label: str(raw, 'label'),
      task: str(raw, 'task') as Task | undefined,
      ...(categorical.embedding ? { categoricalEncoding: 'index' as const } : {}),
      ...columnList(raw, 'ignore', 'ignore'),
      ...columnList(raw, 'categoricalColumns', 'categorical'),
      samples: int('samples', '--samples', 2, MAX_SAMPLES)!,
      noise,
      testRatio,
      standardize: raw.standardize !== false,
      fashionMnistDir: str(raw, 'fashionDir'),
      limit: int('limit', '--limit'),
    },
    arch: sizes,
    ...(categorical.dim !== undefined ? { embeddingDim: categorical.dim } : {}),
    activation: str(raw, 'activation') as ActivationName,
    init: init === undefined ? undefined : (init as InitSpec),
    norm: parseChoice('--norm', str(raw, 'norm')!, ['none', 'batch', 'layer'] as const),
    pDrop: parseProbabilityOption('--dropout', str(raw, 'dropout')!),
    residual,
    loss: str(raw, 'loss') as LossName | undefined,
    optimizer: str(raw, 'optimizer') as OptimizerName,
    lr: positive('lr', '--lr')!,
    schedule: parseScheduleOption(str(raw, 'schedule')!),
    warmup,
    epochs,
    batchSize: int('batchSize', '--batch-size')!,
    weightDecay,
    clipNorm: positive('clipNorm', '--clip-norm'),
    patience: int('patience', '--patience'),
    seed: int('seed', '--seed', 0, MAX_SEED)!,
    out: str(raw, 'out'),
    resume: str(raw, 'resume'),
    checkpointEvery: int('checkpointEvery', '--checkpoint-every')!,
    force: raw.force === true,
    json: raw.json === true,
    quiet: raw.quiet === true,
  };
}
