/**
 * Everything `mlp-lab fit` accepts: the commander option table (with help
 * text and examples) and its translation into checked, typed settings.
 * Defaults are the ones that fit sin(3x) with a 1-64-64-1 tanh net to test
 * RMSE < 0.02 within seconds; the acceptance test holds them to it.
 */
import { type Command, Option } from 'commander';
import { activationNames } from '../nn/activations.js';
import type { InitSpec } from '../nn/init.js';
import type { ActivationName } from '../nn/layer.js';
import type { NormKind } from '../nn/mlp.js';
import type { OptimizerName } from '../optim/options.js';
import { optimizers } from '../optim/rules/index.js';
import type { ScheduleSpec } from '../optim/schedules.js';
import { type LossName, losses } from '../train/losses/index.js';
import { UsageError } from './errors.js';
import type { DataOptions } from './fitData.js';
import { parseScheduleOption } from './scheduleOption.js';
import {
  parseArch,
  parseChoice,
  parseDomain,
  parseIntegerOption,
  parseNumberOption,
  parseProbabilityOption,
} from './values.js';

export const FIT_DEFAULTS = {
  samples: 2048,
  testRatio: 0.2,
  hidden: [64, 64],
  activation: 'relu' as ActivationName,
  optimizer: 'adam' as OptimizerName,
  lr: 0.003,
  schedule: 'cosine',
  epochs: 300,
  batchSize: 64,
  seed: 1,
};

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

export interface FitSettings {
  readonly data: DataOptions;
  /** Full layer sizes, or undefined for inputs-64-64-outputs once the data is known. */
  readonly arch?: number[];
  readonly activation: ActivationName;
  readonly init?: InitSpec;
  readonly norm: NormKind;
  readonly pDrop: number;
  readonly residual: boolean;
  readonly loss?: LossName;
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly schedule: ScheduleSpec;
  readonly warmup: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly weightDecay: number;
  readonly clipNorm?: number;
  readonly patience?: number;
  readonly seed: number;
  readonly out?: string;
  readonly resume?: string;
  readonly checkpointEvery: number;
  readonly json: boolean;
  readonly quiet: boolean;
}

export function addFitOptions(cmd: Command): Command {
  return cmd
    .option('--target <expr>', "function to fit, in x (and y), e.g. 'sin(3*x) + abs(x)'")
    .option(
      '--domain <lo,hi>',
      'input interval of --target; one lo,hi pair for all variables or one per variable',
      '-1,1',
    )
    .option(
      '--dataset <name|file.csv>',
      'a data set: xor, circles, moons, spirals, gaussians, checkerboard, plane, saddle, ripple, fashion-mnist, digits, iris, wine, breast-cancer, or a path to a CSV file with a header',
    )
    .option('--label <column>', 'CSV: the target column (default: the last one)')
    .option('--samples <n>', 'rows to draw for --target and synthetic sets', String(FIT_DEFAULTS.samples))
    .option(
      '--noise <sd>',
      'noise: standard deviation added to targets (coordinate jitter for synthetic sets)',
    )
    .option('--test-ratio <r>', 'share of the rows held out for the test set', String(FIT_DEFAULTS.testRatio))
    .option('--no-standardize', 'feed raw inputs (default: standardise with the training split mean and std)')
    .option(
      '--fashion-dir <dir>',
      'where the Fashion-MNIST IDX files are (default /usr/share/datasets/fashion-mnist)',
    )
    .option('--limit <n>', 'Fashion-MNIST: use only the first n images of each split')
    .option('--arch <sizes>', 'layer sizes from input to output (default: inputs-64-64-outputs)')
    .addOption(
      new Option('--activation <name>', 'hidden activation')
        .choices(activationNames)
        .default(FIT_DEFAULTS.activation),
    )
    .addOption(
      new Option(
        '--init <name>',
        'weight initialiser (default: he for ReLU-like activations, xavier otherwise)',
      ).choices(INIT_CHOICES),
    )
    .addOption(
      new Option('--norm <kind>', 'normalisation after each hidden linear layer')
        .choices(['none', 'batch', 'layer'])
        .default('none'),
    )
    .option('--dropout <p>', 'drop probability after each hidden activation', '0')
    .option('--residual', 'make equal-width hidden layers residual blocks x + f(norm(x))')
    .addOption(
      new Option(
        '--loss <name>',
        'loss (default: mse for regression, bce for binary, cross_entropy for classes)',
      ).choices(Object.keys(losses)),
    )
    .addOption(
      new Option('--optimizer <name>', 'update rule')
        .choices(Object.keys(optimizers))
        .default(FIT_DEFAULTS.optimizer),
    )
    .option('--lr <x>', 'base learning rate', String(FIT_DEFAULTS.lr))
    .option(
      '--schedule <spec>',
      'learning-rate schedule per epoch: constant, step:stepSize=30,gamma=0.1, cosine, cosine_restarts:t0=10,tMult=2, onecycle, plateau:patience=5, or a JSON spec',
      FIT_DEFAULTS.schedule,
    )
    .option('--warmup <epochs>', 'linear learning-rate warm-up before the schedule', '0')
    .option('--epochs <n>', 'passes over the training data', String(FIT_DEFAULTS.epochs))
    .option('--batch-size <n>', 'rows per step', String(FIT_DEFAULTS.batchSize))
    .option('--weight-decay <x>', 'L2 weight decay (decoupled with adamw)', '0')
    .option('--clip-norm <x>', 'clip gradients to this global L2 norm')
    .option(
      '--patience <n>',
      'early stopping: stop after n epochs without improvement on a validation split (10% of train) and keep the best weights',
    )
    .option('--seed <n>', 'seed for data, initialisation, shuffling and dropout', String(FIT_DEFAULTS.seed))
    .option('--out <dir>', 'write model.json, metrics.json and checkpoint.json here')
    .option('--resume <checkpoint.json>', 'continue a run from a checkpoint written by --out')
    .option('--checkpoint-every <n>', 'with --out: save checkpoint.json every n epochs', '10')
    .option('--json', 'print one JSON result object on stdout and nothing else there')
    .option('--quiet', 'no progress output');
}

type Raw = Record<string, string | boolean | undefined>;

const str = (raw: Raw, key: string): string | undefined =>
  typeof raw[key] === 'string' ? (raw[key] as string) : undefined;

export function fitSettings(raw: Raw): FitSettings {
  const num = (key: string, flag: string): number | undefined => {
    const v = str(raw, key);
    return v === undefined ? undefined : parseNumberOption(flag, v);
  };
  const int = (key: string, flag: string, min = 1): number | undefined => {
    const v = str(raw, key);
    return v === undefined ? undefined : parseIntegerOption(flag, v, min);
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
  return {
    data: {
      target: str(raw, 'target'),
      domain: parseDomain(str(raw, 'domain')!),
      dataset: str(raw, 'dataset'),
      label: str(raw, 'label'),
      samples: int('samples', '--samples', 2)!,
      noise,
      testRatio,
      standardize: raw.standardize !== false,
      fashionMnistDir: str(raw, 'fashionDir'),
      limit: int('limit', '--limit'),
    },
    arch: arch === undefined ? undefined : parseArch(arch),
    activation: str(raw, 'activation') as ActivationName,
    init: init === undefined ? undefined : (init as InitSpec),
    norm: parseChoice('--norm', str(raw, 'norm')!, ['none', 'batch', 'layer'] as const),
    pDrop: parseProbabilityOption('--dropout', str(raw, 'dropout')!),
    residual: raw.residual === true,
    loss: str(raw, 'loss') as LossName | undefined,
    optimizer: str(raw, 'optimizer') as OptimizerName,
    lr: positive('lr', '--lr')!,
    schedule: parseScheduleOption(str(raw, 'schedule')!),
    warmup: int('warmup', '--warmup', 0)!,
    epochs: int('epochs', '--epochs')!,
    batchSize: int('batchSize', '--batch-size')!,
    weightDecay,
    clipNorm: positive('clipNorm', '--clip-norm'),
    patience: int('patience', '--patience'),
    seed: int('seed', '--seed', 0)!,
    out: str(raw, 'out'),
    resume: str(raw, 'resume'),
    checkpointEvery: int('checkpointEvery', '--checkpoint-every')!,
    json: raw.json === true,
    quiet: raw.quiet === true,
  };
}
