/**
 * CSV text with a header row → Dataset. Columns are numeric when every value is
 * a decimal number, categorical when fewer than half are; a column in between
 * is an error naming its first non-number, because one typo would otherwise
 * turn a measurement into categories. Categorical features become one-hot
 * columns (`color=red`) or one integer index column. Missing values are an
 * error, never silently imputed.
 */

import { type DType, type Matrix, zeros } from '../tensor/matrix.js';
import { checkCount, MAX_VALUES, quote } from './check.js';
import { readCsvRecords } from './csvRecords.js';
import type { Dataset, Task } from './dataset.js';
import { parseDecimal } from './decimal.js';
import { DataFileError } from './errors.js';

export interface CsvOptions {
  /** File name for error messages. */
  readonly source?: string;
  /** Name of the target column. Default: the last column. */
  readonly target?: string;
  /**
   * Default: classification when the target is categorical, or integers with at
   * most 10 distinct values that repeat (fewer distinct values than half the
   * rows); regression otherwise.
   */
  readonly task?: Task;
  /** How categorical features enter x. Default 'onehot'; 'index' gives one column of 0..k-1 (for an embedding). */
  readonly categoricalEncoding?: 'onehot' | 'index';
  /** Columns to treat as categorical even though their values are (mostly) numbers: codes, zip codes, sizes such as S, M, 10. */
  readonly categorical?: readonly string[];
  /** Columns to drop, such as row ids or names. */
  readonly ignore?: readonly string[];
  readonly delimiter?: string;
  /** Values that mean "missing". Default: empty, NA, N/A, NaN, null and ?. */
  readonly missing?: readonly string[];
  /** Most distinct values a categorical column may have before it is taken for an id column. Default 1000. */
  readonly maxCategories?: number;
  /** Most classes a classification target may have before it is taken for a measurement. Default 1000. */
  readonly maxClasses?: number;
  readonly dtype?: DType;
  readonly name?: string;
}

export interface CsvColumn {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  /** Categories in encoding order (one-hot position or index); categorical columns only. */
  readonly categories?: readonly string[];
}

/** A Dataset that also remembers how its columns were read, so the encoding can be shown or repeated. */
export interface CsvDataset extends Dataset {
  /** Feature columns in the order they are encoded into x. */
  readonly columns: readonly CsvColumn[];
  readonly targetColumn: CsvColumn;
  /**
   * The x columns that hold integer category codes (categoricalEncoding
   * 'index'): pass them as the keep option of standardizeSplit so the codes
   * stay usable as embedding indices.
   */
  readonly codeColumns: readonly number[];
}

const DEFAULT_MISSING = ['', 'NA', 'N/A', 'NaN', 'null', '?'];
const MAX_AUTO_CLASSES = 10;
/** Spellings of non-finite numbers: never data, but a sign that something upstream went wrong. */
const NON_FINITE = /^[+-]?(?:inf|infinity|nan)$/i;

interface Column {
  readonly name: string;
  readonly index: number;
  readonly values: string[];
  /** The line of each value, for error messages. */
  readonly lines: readonly number[];
  readonly kind: 'numeric' | 'categorical';
  readonly numbers?: Float64Array;
  readonly categories?: readonly string[];
}

export function parseCsv(text: string, options: CsvOptions = {}): CsvDataset {
  const source = options.source ?? 'CSV';
  const records = readCsvRecords(text, source, options.delimiter);
  if (records.length === 0)
    throw new DataFileError(`${source}: is empty; expected a header row and data rows`);
  const [header, ...rows] = records;
  const names = header.fields.map((f) => f.trim());
  checkHeader(names, source, header.line);
  if (rows.length === 0) throw new DataFileError(`${source}: has a header but no data rows`);
  for (const r of rows) {
    if (r.fields.length !== names.length) {
      throw new DataFileError(
        `${source} line ${r.line}: expected ${names.length} fields, found ${r.fields.length}`,
      );
    }
  }

  const columnIndex = (name: string, role: string): number => {
    const i = names.indexOf(name);
    if (i < 0)
      throw new DataFileError(
        `${source}: no column named ${quote(name)} (${role}); columns are ${names.map(quote).join(', ')}`,
      );
    return i;
  };
  const targetIndex = options.target === undefined ? names.length - 1 : columnIndex(options.target, 'target');
  const ignored = new Set((options.ignore ?? []).map((n) => columnIndex(n, 'ignore')));
  if (ignored.has(targetIndex))
    throw new DataFileError(`${source}: the target column ${quote(names[targetIndex])} cannot be ignored`);
  const forced = new Set((options.categorical ?? []).map((n) => columnIndex(n, 'categorical')));
  const missing = new Set(options.missing ?? DEFAULT_MISSING);
  const maxCategories = options.maxCategories ?? 1000;
  checkCount(maxCategories, 'maxCategories');
  const maxClasses = options.maxClasses ?? 1000;
  checkCount(maxClasses, 'maxClasses', 2);

  const used = names.map((_, i) => i).filter((i) => !ignored.has(i));
  if (used.length < 2)
    throw new DataFileError(`${source}: needs at least one feature column besides the target`);
  const cells = new Map(used.map((i) => [i, new Array<string>(rows.length)]));
  rows.forEach((r, k) => {
    for (const i of used) {
      const value = r.fields[i].trim();
      if (missing.has(value)) {
        throw new DataFileError(
          `${source} line ${r.line}: missing value in column ${quote(names[i])} (column ${i + 1}); ` +
            'fill it in or drop the row (missing values are not imputed)',
        );
      }
      cells.get(i)![k] = value;
    }
  });

  const lines = rows.map((r) => r.line);
  const typed = used.map((i) => typeColumn(names[i], i, cells.get(i)!, forced.has(i), lines, source));
  const target = typed.find((c) => c.index === targetIndex)!;
  const features = typed.filter((c) => c.index !== targetIndex);
  for (const c of features) {
    if (c.categories !== undefined && c.categories.length > maxCategories) {
      throw new DataFileError(
        `${source}: column ${quote(c.name)} has ${c.categories.length} distinct text values (more than ${maxCategories}); ` +
          'if it is an id or free text, drop it with the ignore option',
      );
    }
  }

  const dtype = options.dtype ?? 'float32';
  const encoding = options.categoricalEncoding ?? 'onehot';
  if (encoding !== 'onehot' && encoding !== 'index') {
    throw new Error(`categoricalEncoding must be 'onehot' or 'index', got ${JSON.stringify(encoding)}`);
  }
  const width = features.reduce(
    (w, c) => w + (c.kind === 'categorical' && encoding === 'onehot' ? c.categories!.length : 1),
    0,
  );
  if (rows.length * width > MAX_VALUES) {
    throw new DataFileError(
      `${source}: ${rows.length} rows × ${width} encoded features is more than ${MAX_VALUES} values; ` +
        "use categoricalEncoding 'index', or drop wide categorical columns with the ignore option",
    );
  }
  const { x, featureNames, codeColumns } = encodeFeatures(features, rows.length, encoding, dtype);
  const { y, task, classes, targetColumn } = encodeTarget(target, options.task, maxClasses, source, dtype);
  return {
    x,
    y,
    task,
    ...(classes !== undefined ? { classes } : {}),
    featureNames,
    ...(options.name !== undefined ? { name: options.name } : {}),
    columns: features.map(describe),
    targetColumn,
    codeColumns,
  };
}

function checkHeader(names: readonly string[], source: string, line: number): void {
  if (names.length < 2) {
    throw new DataFileError(
      `${source} line ${line}: the header has ${names.length} column; a data set needs features and a target`,
    );
  }
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === '')
      throw new DataFileError(`${source} line ${line}: column ${i + 1} of the header has no name`);
    const first = seen.get(name);
    if (first !== undefined) {
      throw new DataFileError(
        `${source} line ${line}: column name ${quote(name)} appears twice (columns ${first + 1} and ${i + 1})`,
      );
    }
    seen.set(name, i);
  });
}

function typeColumn(
  name: string,
  index: number,
  values: string[],
  forceCategorical: boolean,
  lines: readonly number[],
  source: string,
): Column {
  const numbers = new Float64Array(values.length);
  // 1e999 and Infinity are meant as numbers, so they count towards a numeric column, but are never valid in one.
  let numberCount = 0;
  let firstBad = -1;
  let badIsText = false;
  for (let k = 0; k < values.length; k++) {
    const v = parseDecimal(values[k]);
    const number = v !== undefined || NON_FINITE.test(values[k]);
    if (number) numberCount++;
    if (v !== undefined && Number.isFinite(v)) numbers[k] = v;
    else if (firstBad < 0) {
      firstBad = k;
      badIsText = !number;
    }
  }
  if (!forceCategorical && numberCount * 2 >= values.length) {
    if (firstBad < 0) return { name, index, values, lines, kind: 'numeric', numbers };
    const problem = badIsText
      ? `is not a number, though ${numberCount} of the column's ${values.length} values are`
      : 'is not a finite number';
    throw new DataFileError(
      `${source} line ${lines[firstBad]}, column ${index + 1} (${quote(name)}): ${quote(values[firstBad])} ` +
        `${problem}; fix the cell or drop the row, or list ${quote(name)} in the categorical option ` +
        'to read the column as categories',
    );
  }
  const distinct = [...new Set(values)];
  // Numeric codes sort by value (2 before 10); text sorts by code unit, the same in every locale.
  const categories =
    firstBad < 0
      ? distinct.sort((a, b) => Number(a) - Number(b))
      : distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { name, index, values, lines, kind: 'categorical', categories };
}

function encodeFeatures(
  features: readonly Column[],
  n: number,
  encoding: 'onehot' | 'index',
  dtype: DType,
): { x: Matrix; featureNames: string[]; codeColumns: number[] } {
  const featureNames: string[] = [];
  for (const c of features) {
    if (c.kind === 'categorical' && encoding === 'onehot') {
      for (const cat of c.categories!) featureNames.push(`${c.name}=${cat}`);
    } else featureNames.push(c.name);
  }
  const width = featureNames.length;
  const x = zeros(n, width, dtype);
  const codeColumns: number[] = [];
  let col = 0;
  for (const c of features) {
    if (c.kind === 'numeric') {
      for (let k = 0; k < n; k++) x.data[k * width + col] = c.numbers![k];
      col++;
      continue;
    }
    const position = new Map(c.categories!.map((cat, i) => [cat, i]));
    for (let k = 0; k < n; k++) {
      const p = position.get(c.values[k])!;
      if (encoding === 'onehot') x.data[k * width + col + p] = 1;
      else x.data[k * width + col] = p;
    }
    if (encoding === 'index') codeColumns.push(col);
    col += encoding === 'onehot' ? c.categories!.length : 1;
  }
  return { x, featureNames, codeColumns };
}

function encodeTarget(
  target: Column,
  requested: Task | undefined,
  maxClasses: number,
  source: string,
  dtype: DType,
): { y: Matrix; task: Task; classes?: readonly string[]; targetColumn: CsvColumn } {
  const n = target.values.length;
  const y = zeros(n, 1, dtype);
  const where = `${source}: target column ${quote(target.name)}`;
  if (requested !== undefined && !['regression', 'binary', 'multiclass'].includes(requested)) {
    throw new Error(`task must be regression, binary or multiclass, got ${JSON.stringify(requested)}`);
  }

  if (target.kind === 'numeric') {
    const numbers = target.numbers!;
    const distinct = [...new Set(numbers)].sort((a, b) => a - b);
    const looksLikeClasses =
      distinct.length >= 2 &&
      distinct.length <= MAX_AUTO_CLASSES &&
      distinct.length * 2 <= n &&
      distinct.every(Number.isInteger);
    const task =
      requested ?? (looksLikeClasses ? (distinct.length === 2 ? 'binary' : 'multiclass') : 'regression');
    if (task === 'regression') {
      y.data.set(numbers);
      return { y, task, targetColumn: describe(target) };
    }
    checkClassCount(distinct.length, task, maxClasses, where);
    const position = new Map(distinct.map((v, i) => [v, i]));
    for (let k = 0; k < n; k++) y.data[k] = position.get(numbers[k])!;
    const classes = distinct.map(String);
    return { y, task, classes, targetColumn: { name: target.name, kind: 'numeric', categories: classes } };
  }

  const categories = target.categories!;
  if (requested === 'regression') {
    const k = target.values.findIndex((v) => parseDecimal(v) === undefined);
    if (k < 0) {
      throw new DataFileError(
        `${where} is listed in the categorical option, so it cannot be a regression target; ` +
          'remove it from that option',
      );
    }
    throw new DataFileError(
      `${source} line ${target.lines[k]}, column ${target.index + 1} (${quote(target.name)}): target ` +
        `${quote(target.values[k])} is not a number, and regression needs numeric targets; ` +
        'fix the cell, or train a classifier instead of task regression',
    );
  }
  const task = requested ?? (categories.length === 2 ? 'binary' : 'multiclass');
  checkClassCount(categories.length, task, maxClasses, where);
  const position = new Map(categories.map((cat, i) => [cat, i]));
  for (let k = 0; k < n; k++) y.data[k] = position.get(target.values[k])!;
  return { y, task, classes: categories, targetColumn: describe(target) };
}

function checkClassCount(count: number, task: Task, maxClasses: number, where: string): void {
  if (task === 'binary' && count !== 2) {
    throw new DataFileError(`${where} has ${count} distinct values; binary classification needs exactly 2`);
  }
  if (count < 2)
    throw new DataFileError(`${where} has only one value; classification needs at least 2 classes`);
  if (count > maxClasses) {
    throw new DataFileError(
      `${where} has ${count} distinct values, more than the ${maxClasses} classes allowed; ` +
        "if it is a measured quantity use task 'regression', otherwise raise maxClasses",
    );
  }
}

function describe(c: Column): CsvColumn {
  return c.categories === undefined
    ? { name: c.name, kind: c.kind }
    : { name: c.name, kind: c.kind, categories: c.categories };
}
