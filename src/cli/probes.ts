/**
 * `mlp-lab probes MODEL.json --dataset NAME|FILE [--json]`: a linear probe
 * on the input and on every hidden layer of a saved (or imported) model, so
 * users see at which depth their network makes the classes linearly
 * separable. The model file's standardizer is applied to the inputs first,
 * as predict does.
 */
import type { Command } from 'commander';
import { probeLayers } from '../analysis/probe.js';
import type { Dataset } from '../data/dataset.js';
import { standardize } from '../data/standardize.js';
import { loadModel } from '../io/modelFile.node.js';
import { Rng } from '../tensor/rng.js';
import { UsageError } from './errors.js';
import { loadFitData } from './fitData.js';
import { parseIntegerOption } from './values.js';

interface ProbesCliOptions {
  dataset: string;
  label?: string;
  samples: string;
  limit?: string;
  epochs: string;
  seed: string;
  json?: boolean;
}

export function registerProbes(program: Command): void {
  program
    .command('probes')
    .description("fit a linear (softmax) probe to the input and each hidden layer's activations of a model")
    .argument('<model>', 'a model file written by fit (or imported)')
    .requiredOption(
      '--dataset <name|file>',
      'a classification set: synthetic name, fashion-mnist, or a CSV path',
    )
    .option('--label <column>', 'CSV: the class column')
    .option('--samples <n>', 'rows of a synthetic set', '1000')
    .option('--limit <n>', 'fashion-mnist: the first n images of each split')
    .option('--epochs <n>', 'epochs of each probe', '200')
    .option('--seed <n>', 'seed of the data split and the probes', '0')
    .option('--json', 'print the results as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  mlp-lab probes model.json --dataset spirals\n  mlp-lab probes fmnist.json --dataset fashion-mnist --limit 5000 --json',
    )
    .action(async (path: string, opts: ProbesCliOptions) => {
      const seed = parseIntegerOption('--seed', opts.seed, 0);
      const { model, standardizer } = loadModel(path);
      const data = await loadFitData(
        {
          dataset: opts.dataset,
          label: opts.label,
          samples: parseIntegerOption('--samples', opts.samples, 1),
          testRatio: 0.3,
          standardize: false,
          limit: opts.limit === undefined ? undefined : parseIntegerOption('--limit', opts.limit, 1),
        },
        new Rng(seed),
      );
      const { train, test } = data.split;
      if (train.task === 'regression')
        throw new UsageError(`probes need a classification set; '${opts.dataset}' is a regression set`);
      const prepare = (d: Dataset): Dataset =>
        standardizer ? { ...d, x: standardize(standardizer, d.x) } : d;
      const results = probeLayers(model, prepare(train), prepare(test), {
        epochs: parseIntegerOption('--epochs', opts.epochs, 1),
        seed,
      });
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({ model: path, dataset: opts.dataset, layers: results }, null, 2)}\n`,
        );
        return;
      }
      process.stdout.write(
        `${model.describe()} on ${data.description}\n\n layer        width  probe train  probe test\n`,
      );
      for (const r of results)
        process.stdout.write(
          ` ${r.layer.padEnd(12)} ${String(r.width).padStart(5)}  ${r.trainAccuracy.toFixed(3).padStart(11)}  ${r.testAccuracy.toFixed(3).padStart(10)}\n`,
        );
    });
}
