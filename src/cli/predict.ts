/**
 * `mlp-lab predict` and `mlp-lab info`: use and inspect a model file that
 * `fit --out` wrote. Inputs are given in the data's original units; the
 * model file's standardiser is applied here, as fit applied it in training.
 * A model with embedded categorical columns takes their category names in
 * --csv and their codes (0..k-1, metadata.categories order) in --input. A
 * model trained on input features (x1², sin x1, …) takes the raw inputs; the
 * features recorded in its file are computed here.
 */
import { closeSync } from 'node:fs';
import type { Command } from 'commander';
import { networkFormula } from '../analysis/formula.js';
import { type CsvRecord, readCsvRecords } from '../data/csvRecords.js';
import {
  applyFeatures,
  type FeatureSpec,
  featureIdentifiers,
  featureNames,
  parseFeatureSpec,
} from '../data/features.js';
import { readText } from '../data/readFile.node.js';
import { standardize } from '../data/standardize.js';
import { describeFsError } from '../io/atomic.node.js';
import { checkRegularFile, openForCheck } from '../io/lines.node.js';
import { type LoadedModel, ModelFileError } from '../io/modelFile.js';
import { loadModel } from '../io/modelFile.node.js';
import { fromRows, toRows } from '../tensor/matrix.js';
import { sigmoid } from '../tensor/special.js';
import { asUsageError, cut, oneLine, UsageError } from './errors.js';

/** The model's formulas, over its feature names where they are plain names, and what its standardiser does first. */
function formulaText(loaded: LoadedModel, digits: string | true): string {
  const precision = digits === true ? 6 : digits === 'full' ? 'full' : Number(digits);
  if (precision !== 'full' && !(Number.isInteger(precision) && precision >= 1 && precision <= 17))
    throw new UsageError(`--formula takes a number of digits from 1 to 17 or full, got ${digits}`);
  const spec = featuresOf(loaded);
  const names = spec ? featureNames(spec) : loaded.metadata.featureNames;
  const plain = names?.length === loaded.model.nIn && names.every((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
  let f: ReturnType<typeof networkFormula>;
  try {
    const inputs = plain ? names : spec ? featureIdentifiers(spec) : undefined;
    f = networkFormula(loaded.model, { precision, inputs });
  } catch (e) {
    throw asUsageError(e);
  }
  const notes: string[] = [];
  if (names && !plain) notes.push(`# features: ${f.inputs.map((x, i) => `${x} = ${names[i]}`).join(', ')}`);
  const st = loaded.standardizer;
  if (st)
    notes.push(
      `# inputs are standardised first: ${f.inputs.map((x, i) => `${x} = (${x} - ${st.mean[i]})/${st.std[i]}`).join(', ')}`,
    );
  return notes.map((n) => `${n}\n`).join('') + f.text;
}

/** Inputs to predict are rows typed or exported for a model, never this large; a larger file is a wrong path. */
const MAX_CSV_BYTES = 1 << 30;

/** Refuses at once what is not a regular file (a FIFO or /dev/zero would be read forever) or is over the limit. */
function checkInputFile(path: string, flag: string, what: string, maxBytes: number): void {
  let fd: number | undefined;
  try {
    fd = openForCheck(path);
    checkRegularFile(fd, maxBytes, what);
  } catch (e) {
    throw new UsageError(`${flag} ${path}: ${describeFsError(e, what)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function load(path: string): LoadedModel {
  try {
    return loadModel(path);
  } catch (e) {
    if (e instanceof ModelFileError) throw new UsageError(e.message);
    throw e;
  }
}

/** The input features recorded in the file (already checked by the loader), or undefined. */
function featuresOf(loaded: LoadedModel): FeatureSpec | undefined {
  const f = loaded.metadata.inputFeatures;
  return f === undefined ? undefined : parseFeatureSpec(f, 'metadata.inputFeatures');
}

/** `0.5,1;2,3` → two rows of two inputs. */
export function parseInputRows(text: string, width: number): number[][] {
  const rows = text
    .split(';')
    .map((r) => r.trim())
    .filter((r) => r !== '')
    .map((r) => r.split(',').map((v) => Number(v.trim())));
  if (rows.length === 0 || rows.some((r) => r.length !== width || !r.every(Number.isFinite))) {
    throw new UsageError(
      `--input must be rows of ${width} finite numbers, values joined by ',' and rows by ';', got '${cut(text)}' (example: --input '${Array.from({ length: width }, (_, i) => i * 0.5).join(',')};${Array.from({ length: width }, () => 1).join(',')}')`,
    );
  }
  return rows;
}

/**
 * Reads input columns: numbers, or category names for the columns listed in
 * metadata.categories. With feature names in the model file, the header must
 * list them in order.
 */
function csvInputs(path: string, loaded: LoadedModel): number[][] {
  checkInputFile(path, '--csv', 'CSV file', MAX_CSV_BYTES);
  let records: CsvRecord[];
  try {
    records = readCsvRecords(readText(path), path);
  } catch (e) {
    throw new UsageError(oneLine(e));
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0)
    throw new UsageError(`${path}: needs a header line and at least one row of inputs`);
  for (const r of rows) {
    if (r.fields.length !== header.fields.length) {
      throw new UsageError(
        `${path}:${r.line}: the row has ${r.fields.length} fields but the header (line ${header.line}) has ${header.fields.length}; give every row one value per column`,
      );
    }
  }
  const names = featuresOf(loaded)?.inputs ?? loaded.metadata.featureNames;
  if (names && header.fields.join(',') !== names.join(',')) {
    throw new UsageError(
      `${path}: the header is ${cut(header.fields.join(','), 200)} but the model's inputs are ${cut(names.join(','), 200)}`,
    );
  }
  const categories = loaded.metadata.categories ?? {};
  const values = rows.map((r) =>
    r.fields.map((f, j) => {
      const name = header.fields[j] ?? '';
      const known = Object.hasOwn(categories, name) ? categories[name] : undefined;
      if (known) {
        const code = known.indexOf(f.trim());
        if (code < 0) {
          throw new UsageError(
            `${path}:${r.line}: column ${cut(name)} is '${cut(f)}', not one of the categories the model was trained on (${cut(known.join(', '), 200)})`,
          );
        }
        return code;
      }
      const v = Number(f.trim());
      if (f.trim() === '' || !Number.isFinite(v)) {
        throw new UsageError(
          `${path}:${r.line}: column ${cut(header.fields[j] ?? String(j + 1))} is '${cut(f)}', not a number`,
        );
      }
      return v;
    }),
  );
  return values;
}

interface Prediction {
  input: number[];
  output: number[];
  label?: string;
  probability?: number;
}

function interpret(loaded: LoadedModel, input: number[], output: number[]): Prediction {
  const { task, classes } = loaded.metadata;
  if (task === 'binary') {
    const p = sigmoid(output[0]!);
    const k = p > 0.5 ? 1 : 0;
    return { input, output, label: classes?.[k] ?? String(k), probability: k === 1 ? p : 1 - p };
  }
  if (task === 'multiclass') {
    const max = Math.max(...output);
    const exps = output.map((z) => Math.exp(z - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    const k = output.indexOf(max);
    return { input, output, label: classes?.[k] ?? String(k), probability: exps[k]! / sum };
  }
  return { input, output };
}

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('predict with a model file written by fit --out')
    .argument('<model.json>', 'the model file')
    .option(
      '--input <rows>',
      "input rows: values joined by ',', rows by ';' (original units; codes 0..k-1 for embedded categorical columns); e.g. --input '0.5,1;2,3'",
    )
    .option('--csv <file>', 'a CSV file with a header holding the input columns; e.g. --csv inputs.csv')
    .option('--json', 'print the predictions as one JSON array; e.g. --json')
    .addHelpText(
      'after',
      "\nExamples:\n  mlp-lab predict runs/sin/model.json --input '0;0.5;1'\n  mlp-lab predict runs/iris/model.json --csv flowers.csv --json",
    )
    .action((path: string, opts: { input?: string; csv?: string; json?: boolean }) => {
      const loaded = load(path);
      const features = featuresOf(loaded);
      const width = features?.inputs.length ?? loaded.model.nIn;
      if ((opts.input === undefined) === (opts.csv === undefined)) {
        throw new UsageError("give exactly one of --input ROWS or --csv FILE (example: --input '0.5')");
      }
      const inputs =
        opts.input !== undefined ? parseInputRows(opts.input, width) : csvInputs(opts.csv!, loaded);
      if (inputs[0]!.length !== width) {
        throw new UsageError(`the model takes ${width} inputs but the data has ${inputs[0]!.length} columns`);
      }
      const raw = fromRows(inputs, loaded.model.dtype);
      const featured = features ? applyFeatures(features, raw) : raw;
      const x = loaded.standardizer ? standardize(loaded.standardizer, featured) : featured;
      let out: number[][];
      try {
        out = toRows(loaded.model.predict(x));
      } catch (e) {
        throw asUsageError(e);
      }
      const predictions = out.map((o, i) => interpret(loaded, inputs[i]!, o));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(predictions)}\n`);
        return;
      }
      for (const p of predictions) {
        const label = p.label === undefined ? '' : `  ${p.label} (p = ${p.probability!.toFixed(4)})`;
        process.stdout.write(
          `${p.input.join(', ')} -> ${p.output.map((v) => v.toPrecision(6)).join(', ')}${label}\n`,
        );
      }
    });

  program
    .command('info')
    .description('describe a model file: architecture, parameters, data and training summary')
    .argument('<model.json>', 'the model file')
    .option(
      '--formula [digits]',
      "print every unit's formula with its weights instead (6 significant digits, or a number 1-17, or full); e.g. --formula full",
    )
    .action((path: string, opts: { formula?: string | true }) => {
      const loaded = load(path);
      if (opts.formula !== undefined) {
        process.stdout.write(formulaText(loaded, opts.formula));
        return;
      }
      const { model, metadata } = loaded;
      process.stdout.write(`${model}\n`);
      if (metadata.inputFeatures !== undefined) {
        const spec = parseFeatureSpec(metadata.inputFeatures, 'metadata.inputFeatures');
        process.stdout.write(
          `input features: ${featureNames(spec).join(', ')} (computed from ${spec.inputs.join(', ')}; predict takes ${spec.inputs.join(', ')})\n`,
        );
      }
      const { standardizer: _omit, ...rest } = metadata;
      process.stdout.write(`${JSON.stringify(rest, null, 2)}\n`);
    });
}
