/**
 * The mlp-lab model file, version 2: one self-contained file of JSON lines.
 * The first line is a header holding a Sequential's architecture (`spec`),
 * the paths and shapes of its weights and buffers, and what is needed to use
 * it (task, class names, input standardisation, how it was trained); every
 * further line is a JSON string of base64 (little-endian float32/float64
 * bytes) carrying at most LINE_VALUES values of one tensor, in header order.
 * No line grows with the model, so files are written and read a line at a
 * time and no JavaScript string ever holds a whole file. A checkpoint is a
 * model file with a `checkpoint` section (checkpointFile.ts). Version 1 files
 * (one JSON document) are still read. The format, field by field, and
 * everything the reader checks are described in docs/model-format.md; keep
 * the two in step.
 *
 * This module is browser-safe (no fs); modelFile.node.ts reads and writes
 * files atomically. The reader checks the whole document before building
 * the model and fails with one line naming the source and the problem, e.g.
 * `model.json: parameter '2.weight' has 63 values, expected 64`.
 */
import type { Task } from '../data/dataset.js';
import { type FeatureSpec, featureCount, parseFeatureSpec } from '../data/features.js';
import { parseStandardizer, type Standardizer } from '../data/standardize.js';
import { isActivationName } from '../nn/activations.js';
import { buildModel } from '../nn/build.js';
import type { ActivationSpec, LayerSpec } from '../nn/layer.js';
import type { ModelSpec, Sequential } from '../nn/sequential.js';
import type { DType, FloatArray } from '../tensor/matrix.js';
import { base64ToFloats, bytesPerValue, floatsToBase64 } from './base64.js';
import {
  describeJsonError,
  describeType,
  findNonFinite,
  findTooDeep,
  isPlainObject,
  type JsonValue,
  stringifyJson,
} from './json.js';

export const MODEL_FORMAT = 'mlp-lab-model';
export const MODEL_FORMAT_VERSION = 2;
/** The single-document version, still read. */
const V1 = 1;
/** Values per data line: small enough that no line is a large string, large enough that lines are few. */
export const LINE_VALUES = 16384;
/** The format's bound on one tensor: 2^28 values (1 GiB of float32). */
export const MAX_TENSOR_VALUES = 1 << 28;
/** The format's bound on a layer's width. */
export const MAX_LAYER_SIZE = 1 << 24;
/** A header line longer than this is not one mlp-lab writes (metadata and history stay far below it). */
export const MAX_HEADER_CHARS = 1 << 26;
/** Models up to this many parameter values are built before their tensors are checked. */
const ALWAYS_BUILD_VALUES = 1 << 20;
/** Residual blocks may nest; this bounds the nesting a file may declare. */
const MAX_DEPTH = 16;
/**
 * Arrays and objects in a file nest at most this deep, the document counting
 * as 1. Sixteen nested residual blocks need 37; without a bound, a short file
 * of brackets makes every recursive reader (JSON.stringify of the metadata,
 * say) overflow the stack.
 */
export const MAX_NESTING = 64;

export interface TensorEntry {
  /** The dotted path Sequential.namedParams()/namedBuffers() gives, e.g. '2.weight'. */
  path: string;
  /** [rows, cols], row-major. */
  shape: [number, number];
  /** base64 of little-endian bytes, or plain numbers. */
  data: string | number[];
}

export interface ModelMetadata {
  task?: Task;
  classes?: string[];
  featureNames?: string[];
  /** Categories of the inputs that hold category codes, by feature name, in code order: code i means categories[name][i]. */
  categories?: { [feature: string]: string[] };
  targetNames?: string[];
  /** Dataset name or path the model was trained on. */
  dataset?: string;
  /** Target expression, e.g. 'sin(3*x)'. */
  target?: string;
  /** Input domain of a target expression: [lo, hi] per variable. */
  domain?: number[];
  /** Input standardisation fitted on the training split; the loader checks it and returns it as LoadedModel.standardizer. */
  standardizer?: Standardizer;
  /**
   * The input features the model takes in place of the raw inputs (featureNames
   * then names the feature columns): predict applies them to raw inputs, before
   * the standardizer.
   */
  inputFeatures?: FeatureSpec;
  /** Training summary: options, epochs run, final losses and metrics. */
  training?: { [key: string]: JsonValue };
  createdBy?: string;
  createdAt?: string;
  [key: string]: JsonValue | undefined;
}

export interface ModelFileV1 {
  format: typeof MODEL_FORMAT;
  version: typeof V1;
  dtype: DType;
  spec: ModelSpec;
  params: TensorEntry[];
  buffers: TensorEntry[];
  metadata: ModelMetadata;
}

export interface LoadedModel {
  model: Sequential;
  metadata: ModelMetadata;
  /** metadata.standardizer, checked against the model's inputs; apply it to inputs before predicting. */
  standardizer?: Standardizer;
}

export interface SerializeOptions {
  /** 'base64' (default): exact and compact; 'json': plain number arrays (exact too, since JSON numbers round-trip doubles). */
  encoding?: 'base64' | 'json';
}

/** Every problem with a model file; the message is one line starting with the source. */
export class ModelFileError extends Error {
  constructor(
    readonly source: string,
    readonly problem: string,
  ) {
    super(`${source}: ${problem}`);
    this.name = 'ModelFileError';
  }
}

/** A file holding NaN or ±Infinity where weights must be finite: what a diverged run leaves. */
export class NonFiniteValueError extends ModelFileError {}

// ---------------------------------------------------------------- writing

/**
 * The version 1 document of a model: one JSON object holding architecture,
 * exact weights and metadata, as mlp-lab wrote before version 2. It is still
 * read; use it for small models that a person or another tool edits as JSON.
 */
export function serializeModel(
  model: Sequential,
  metadata: ModelMetadata = {},
  options: SerializeOptions = {},
): ModelFileV1 {
  const encode = (path: string, kind: string, values: FloatArray): string | number[] => {
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) {
        throw new Error(
          `cannot save the model: ${kind} '${path}' value ${i} is ${values[i]} (the model has diverged)`,
        );
      }
    }
    return options.encoding === 'json' ? Array.from(values) : floatsToBase64(values);
  };
  const params = model.namedParams().map(({ path, param }) => ({
    path,
    shape: [param.value.rows, param.value.cols] as [number, number],
    data: encode(path, 'parameter', param.value.data),
  }));
  const buffers = model.namedBuffers().map(({ path, buffer }) => ({
    path,
    shape: [buffer.value.rows, buffer.value.cols] as [number, number],
    data: encode(path, 'buffer', buffer.value.data),
  }));
  checkSavableMetadata(metadata);
  // A JSON round trip drops undefined fields and turns typed arrays into plain ones.
  const meta = JSON.parse(stringifyJson(metadata)) as ModelMetadata;
  const spec = JSON.parse(JSON.stringify(model.spec())) as ModelSpec;
  return {
    format: MODEL_FORMAT,
    version: V1,
    dtype: model.dtype,
    spec,
    params,
    buffers,
    metadata: meta,
  };
}

/** A tensor of the file: where it goes and its values. */
export interface FileTensor {
  readonly path: string;
  readonly shape: readonly [number, number];
  readonly values: FloatArray;
}

/** The tensors of a model file, in file order: parameters, then buffers. */
export function modelTensors(model: Sequential): { params: FileTensor[]; buffers: FileTensor[] } {
  return {
    params: model.namedParams().map(({ path, param }) => ({
      path,
      shape: [param.value.rows, param.value.cols] as const,
      values: param.value.data,
    })),
    buffers: model.namedBuffers().map(({ path, buffer }) => ({
      path,
      shape: [buffer.value.rows, buffer.value.cols] as const,
      values: buffer.value.data,
    })),
  };
}

/** Refuses a tensor with a value JSON or a later run cannot use: such a model has diverged. */
export function checkFinite(t: FileTensor, kind: string, what = 'the model'): void {
  const a = t.values;
  for (let i = 0; i < a.length; i++) {
    if (a[i] - a[i] !== 0) {
      throw new Error(
        `cannot save ${what}: ${kind} '${t.path}' value ${i} is ${a[i]} (the model has diverged)`,
      );
    }
  }
}

/** Refuses metadata a file could not hold: nested past the format's limit, or with a non-finite number. */
function checkSavableMetadata(metadata: ModelMetadata): void {
  // The metadata sits at level 2 of the file.
  const deep = findTooDeep(metadata, MAX_NESTING - 1, 'metadata');
  if (deep !== null) {
    throw new Error(
      `cannot save the model: ${deep} is nested more than ${MAX_NESTING - 1} levels deep in the metadata; flatten it`,
    );
  }
  const bad = findNonFinite(metadata, 'metadata');
  if (bad) throw new Error(`cannot save the model: ${bad.path} is ${bad.value}`);
}

/**
 * The header of a model file (the first line's object) with the tensors' data
 * left out, refusing non-finite weights and over-deep or non-finite metadata.
 */
export function modelHeader(
  model: Sequential,
  metadata: ModelMetadata,
  source = 'model file',
): Record<string, unknown> {
  const { params, buffers } = modelTensors(model);
  for (const t of params) checkFinite(t, 'parameter');
  for (const t of buffers) checkFinite(t, 'buffer');
  checkSavableMetadata(metadata);
  const shapeOf = (t: FileTensor) => ({ path: t.path, shape: [...t.shape] });
  // A JSON round trip drops undefined fields and turns typed arrays into plain ones.
  const header = JSON.parse(
    stringifyJson({
      format: MODEL_FORMAT,
      version: MODEL_FORMAT_VERSION,
      dtype: model.dtype,
      spec: model.spec(),
      params: params.map(shapeOf),
      buffers: buffers.map(shapeOf),
      metadata,
    }),
  ) as Record<string, unknown>;
  // What the reader will check, checked before a byte is written.
  const fail = failer(source);
  const checked = checkDocument(header, fail, MODEL_FORMAT_VERSION);
  checkMetadataAgainst(model, checked.metadata, fail);
  return header;
}

/**
 * A file's lines, each ending in a newline: the header, then every tensor's
 * values LINE_VALUES at a time. Joined, they are the file; a writer takes them
 * one by one, so no string longer than a line exists.
 */
export function* fileLines(
  header: Record<string, unknown>,
  tensors: readonly FileTensor[],
): Generator<string> {
  yield stringifyJson(header);
  for (const t of tensors) {
    const a = t.values;
    for (let at = 0; at < a.length; at += LINE_VALUES) {
      yield `"${floatsToBase64(a.subarray(at, Math.min(a.length, at + LINE_VALUES)))}"\n`;
    }
  }
}

/** The model file's lines (see fileLines). */
export function modelFileLines(
  model: Sequential,
  metadata: ModelMetadata = {},
  source = 'model file',
): Generator<string> {
  const header = modelHeader(model, metadata, source);
  const { params, buffers } = modelTensors(model);
  return fileLines(header, [...params, ...buffers]);
}

/** The model file as one text, for models small enough to hold as a string (the browser's downloads, tests). */
export function stringifyModel(model: Sequential, metadata: ModelMetadata = {}): string {
  return [...modelFileLines(model, metadata)].join('');
}

// ---------------------------------------------------------------- reading

/**
 * Parses and validates a model file (version 2 text, or version 1 text or its
 * parsed object) and builds the model with its weights. Throws ModelFileError
 * naming `source`.
 */
export function parseModel(input: string | unknown, source = 'model file'): LoadedModel {
  if (typeof input === 'string') {
    const lines = textLines(input);
    const first = lines.next();
    if (first !== undefined && isLinesHeader(first)) {
      return readModelLines(first, lines, source, input.length).loaded;
    }
  }
  const file = validateModelFile(input, source);
  return instantiate(file, source);
}

/** A source of a file's lines without their newlines; undefined at the end. */
export interface Lines {
  next(): string | undefined;
}

/** The lines of a text (a final newline ends the last line rather than starting an empty one). */
export function textLines(text: string): Lines {
  let at = 0;
  return {
    next() {
      if (at >= text.length) return undefined;
      const nl = text.indexOf('\n', at);
      const end = nl < 0 ? text.length : nl;
      const line = text.slice(at, end);
      at = end + 1;
      return line;
    },
  };
}

/** Whether a first line is a version-2-or-later header rather than the start of a version 1 document. */
export function isLinesHeader(first: string): boolean {
  if (!first.startsWith('{') || first.length > MAX_HEADER_CHARS) return false;
  try {
    const doc: unknown = JSON.parse(first);
    return isPlainObject(doc) && typeof doc.version === 'number' && doc.version !== V1;
  } catch {
    return false;
  }
}

/** What reading a version 2 file's header and model tensors gives; a checkpoint's further lines follow in `lines`. */
export interface ModelLinesRead {
  readonly loaded: LoadedModel;
  /** The header object, checked as a model file's; its `checkpoint` section is the checkpoint reader's to check. */
  readonly header: Record<string, unknown>;
  readonly dtype: DType;
  /** Reads one tensor's data lines into `into`, with the same checks as the model's. */
  readonly readTensor: (into: FloatArray, name: string) => void;
  /** Fails unless the file ends here. */
  readonly expectEnd: () => void;
  readonly fail: (problem: string) => never;
}

/**
 * Reads a version 2 file: `first` is its header line, `lines` the rest. The
 * header is checked completely, the tensors' declared sizes against the
 * file's size (so a few bytes of header cannot ask for gigabytes), then the
 * data lines are decoded straight into the model's arrays.
 */
export function readModelLines(
  first: string,
  lines: Lines,
  source: string,
  sizeBytes: number,
): ModelLinesRead {
  const fail: Fail = failer(source);
  let lineNo = 1;
  let doc: unknown;
  try {
    doc = JSON.parse(first);
  } catch (e) {
    fail(`the header line is not valid JSON (${oneLine(e)}); is this an mlp-lab model file?`);
  }
  const checked = checkDocument(doc, fail, MODEL_FORMAT_VERSION);
  const header = doc as Record<string, unknown>;
  const { dtype, spec, params, buffers, metadata } = checked;
  const width = bytesPerValue(dtype);
  let declared = 0;
  for (const e of [...params, ...buffers]) {
    const n = e.shape[0] * e.shape[1];
    if (n > MAX_TENSOR_VALUES)
      fail(`tensor '${e.path}' has ${n} values; the format allows at most ${MAX_TENSOR_VALUES}`);
    declared += n;
  }
  // Base64 stores 3 bytes in 4 characters: a file holding `declared` values is at least this long.
  if (Math.ceil((declared * width) / 3) * 4 > sizeBytes) {
    fail(
      `the header declares ${declared} values but the file is only ${sizeBytes} bytes long; was it cut short?`,
    );
  }
  const needed = leastParamValues(spec.layers);
  if (needed > Math.max(declared, ALWAYS_BUILD_VALUES)) {
    fail(`the spec needs at least ${needed} parameter values but the file holds ${declared}`);
  }
  let model: Sequential;
  try {
    model = buildModel(spec);
  } catch (e) {
    fail(`invalid model spec: ${oneLine(e)}`);
  }
  const targets = [
    ...matchEntries(
      params,
      model.namedParams().map(({ path, param }) => ({ path, value: param.value })),
      'parameter',
      fail,
    ),
    ...matchEntries(
      buffers,
      model.namedBuffers().map(({ path, buffer }) => ({ path, value: buffer.value })),
      'buffer',
      fail,
    ),
  ];
  const readTensor = (into: FloatArray, name: string): void => {
    for (let at = 0; at < into.length; at += LINE_VALUES) {
      const line = lines.next();
      lineNo++;
      if (line === undefined)
        fail(`the file ends inside ${name} (at value ${at} of ${into.length}); was it cut short?`);
      const count = Math.min(LINE_VALUES, into.length - at);
      const where = `line ${lineNo} (${name}, values ${at}..${at + count - 1})`;
      if (line.length < 2 || line[0] !== '"' || line[line.length - 1] !== '"') {
        fail(`${where}: expected a JSON string of base64, got ${showJson(line)}`);
      }
      let values: FloatArray;
      try {
        values = base64ToFloats(line.slice(1, -1), dtype);
      } catch (err) {
        fail(`${where}: ${oneLine(err)}`);
      }
      if (values.length !== count) fail(`${where}: holds ${values.length} values, expected ${count}`);
      for (let i = 0; i < count; i++) {
        if (values[i] - values[i] !== 0) {
          throw new NonFiniteValueError(
            source,
            `${name} value ${at + i} is ${values[i]}; every value must be finite`,
          );
        }
      }
      if (name.endsWith(".running_var'")) {
        for (let i = 0; i < count; i++) {
          if (values[i] < 0)
            fail(`${name} value ${at + i} is ${values[i]}; a running variance cannot be negative`);
        }
      }
      into.set(values, at);
    }
  };
  for (const { name, value } of targets) readTensor(value.data, name);
  const expectEnd = (): void => {
    for (let line = lines.next(); line !== undefined; line = lines.next()) {
      lineNo++;
      if (line.trim() !== '') fail(`line ${lineNo}: unexpected content after the last tensor`);
    }
  };
  if (header.checkpoint === undefined) expectEnd();
  const standardizer = checkMetadataAgainst(model, metadata, fail);
  const loaded = standardizer === undefined ? { model, metadata } : { model, metadata, standardizer };
  return { loaded, header, dtype, readTensor, expectEnd, fail };
}

/** Pairs a file's tensor entries with the model's, in file order; none missing, unknown, twice, or misshapen. */
function matchEntries(
  entries: readonly { path: string; shape: [number, number] }[],
  expected: readonly { path: string; value: { rows: number; cols: number; data: FloatArray } }[],
  kind: string,
  fail: Fail,
): { name: string; value: { data: FloatArray } }[] {
  const byPath = new Map(expected.map((x) => [x.path, x]));
  const seen = new Set<string>();
  const out: { name: string; value: { data: FloatArray } }[] = [];
  for (const e of entries) {
    if (seen.has(e.path)) fail(`${kind} '${e.path}' appears twice`);
    seen.add(e.path);
    const x = byPath.get(e.path);
    if (!x) {
      const list =
        expected.length > 0
          ? `the model's ${kind}s are ${[...byPath.keys()].join(', ')}`
          : `the model has no ${kind}s`;
      fail(`unexpected ${kind} '${e.path}': ${list}`);
    }
    if (e.shape[0] !== x.value.rows || e.shape[1] !== x.value.cols) {
      fail(
        `${kind} '${e.path}' has shape [${e.shape.join(', ')}], expected [${x.value.rows}, ${x.value.cols}]`,
      );
    }
    out.push({ name: `${kind} '${e.path}'`, value: x.value });
  }
  for (const { path, value } of expected) {
    if (!seen.has(path)) fail(`missing ${kind} '${path}' (shape [${value.rows}, ${value.cols}])`);
  }
  return out;
}

/** Builds the model of an already validated version 1 file. */
function instantiate(file: ModelFileV1, source: string): LoadedModel {
  const fail: Fail = failer(source);
  // A few bytes of spec can ask for gigabytes of weights: a large model is built only
  // when the file holds that many values. Small ones are built, so that a missing or
  // short tensor is reported by name below.
  const needed = leastParamValues(file.spec.layers);
  const held = file.params.reduce((n, e) => n + heldValues(e, file.dtype), 0);
  if (needed > Math.max(held, ALWAYS_BUILD_VALUES)) {
    fail(`the spec needs at least ${needed} parameter values but the file holds ${held}`);
  }
  let model: Sequential;
  try {
    model = buildModel(file.spec);
  } catch (e) {
    fail(`invalid model spec: ${oneLine(e)}`);
  }
  const values: Record<string, FloatArray | number[]> = {};
  const check = (
    entries: TensorEntry[],
    expected: { path: string; rows: number; cols: number }[],
    kind: string,
  ) => {
    const byPath = new Map<string, TensorEntry>();
    for (const e of entries) {
      if (byPath.has(e.path)) fail(`${kind} '${e.path}' appears twice`);
      byPath.set(e.path, e);
    }
    const known = new Set(expected.map((x) => x.path));
    for (const e of entries) {
      if (!known.has(e.path)) {
        const list =
          expected.length > 0
            ? `the model's ${kind}s are ${[...known].join(', ')}`
            : `the model has no ${kind}s`;
        fail(`unexpected ${kind} '${e.path}': ${list}`);
      }
    }
    for (const { path, rows, cols } of expected) {
      const e = byPath.get(path);
      if (!e) fail(`missing ${kind} '${path}' (shape [${rows}, ${cols}])`);
      if (e.shape[0] !== rows || e.shape[1] !== cols) {
        fail(`${kind} '${path}' has shape [${e.shape.join(', ')}], expected [${rows}, ${cols}]`);
      }
      let data: FloatArray | number[];
      if (typeof e.data === 'string') {
        try {
          data = base64ToFloats(e.data, file.dtype);
        } catch (err) {
          fail(`${kind} '${path}' data: ${oneLine(err)}`);
        }
      } else {
        data = e.data;
      }
      if (data.length !== rows * cols)
        fail(`${kind} '${path}' has ${data.length} values, expected ${rows * cols}`);
      for (let i = 0; i < data.length; i++) {
        if (!Number.isFinite(data[i])) {
          throw new NonFiniteValueError(
            source,
            `${kind} '${path}' value ${i} is ${data[i]}; every value must be finite`,
          );
        }
      }
      if (path.endsWith('.running_var')) {
        for (let i = 0; i < data.length; i++) {
          if (data[i] < 0)
            fail(`${kind} '${path}' value ${i} is ${data[i]}; a running variance cannot be negative`);
        }
      }
      values[path] = data;
    }
  };
  check(
    file.params,
    model.namedParams().map(({ path, param }) => ({ path, rows: param.value.rows, cols: param.value.cols })),
    'parameter',
  );
  check(
    file.buffers,
    model
      .namedBuffers()
      .map(({ path, buffer }) => ({ path, rows: buffer.value.rows, cols: buffer.value.cols })),
    'buffer',
  );
  try {
    model.setParams(values);
  } catch (e) {
    fail(oneLine(e));
  }
  const standardizer = checkMetadataAgainst(model, file.metadata, fail);
  return standardizer === undefined
    ? { model, metadata: file.metadata }
    : { model, metadata: file.metadata, standardizer };
}

/** Checks the metadata against the model it describes; returns the checked standardizer. */
function checkMetadataAgainst(
  model: Sequential,
  metadata: ModelMetadata,
  fail: Fail,
): Standardizer | undefined {
  const standardizer = metadata.standardizer === undefined ? undefined : readStandardizer(metadata, fail);
  if (standardizer !== undefined && standardizer.mean.length !== model.nIn) {
    fail(
      `metadata.standardizer has ${standardizer.mean.length} columns but the model takes ${model.nIn} inputs`,
    );
  }
  if (metadata.task === 'multiclass' && metadata.classes && metadata.classes.length !== model.nOut) {
    fail(`metadata.classes names ${metadata.classes.length} classes but the model has ${model.nOut} outputs`);
  }
  if (metadata.inputFeatures !== undefined) {
    let spec: FeatureSpec;
    try {
      spec = parseFeatureSpec(metadata.inputFeatures, 'metadata.inputFeatures');
    } catch (e) {
      fail(oneLine(e));
    }
    if (featureCount(spec) !== model.nIn) {
      fail(
        `metadata.inputFeatures gives ${featureCount(spec)} columns but the model takes ${model.nIn} inputs`,
      );
    }
  }
  if (metadata.featureNames && metadata.featureNames.length !== model.nIn) {
    fail(
      `metadata.featureNames names ${metadata.featureNames.length} features but the model takes ${model.nIn} inputs`,
    );
  }
  for (const name of Object.keys(metadata.categories ?? {})) {
    if (!metadata.featureNames?.includes(name)) {
      fail(`metadata.categories names ${showJson(name)}, which is not in metadata.featureNames`);
    }
  }
  return standardizer;
}

/** A lower bound on a spec's parameter count: the weights and biases of linear layers, the gains and shifts of norms, embedding tables. */
function leastParamValues(layers: readonly LayerSpec[]): number {
  let n = 0;
  for (const l of layers) {
    if (l.kind === 'linear') n += l.nIn * l.nOut + (l.bias ? l.nOut : 0);
    else if (l.kind === 'batchnorm' || l.kind === 'layernorm') n += 2 * l.nIn;
    else if (l.kind === 'residual') n += leastParamValues(l.norm ? [l.norm, ...l.body] : l.body);
    else if (l.kind === 'embedding') for (const c of l.columns) n += c.categories * c.dim;
  }
  return n;
}

/** How many values a tensor entry's data holds, without decoding it. */
function heldValues(e: TensorEntry, dtype: DType): number {
  if (typeof e.data !== 'string') return e.data.length;
  return Math.floor((e.data.length * 3) / 4 / bytesPerValue(dtype));
}

function readStandardizer(metadata: ModelMetadata, fail: Fail): Standardizer {
  try {
    return parseStandardizer(metadata.standardizer);
  } catch (e) {
    fail(`metadata.${oneLine(e)}`);
  }
}

/** Checks the document's structure and types (not the tensors against the model: parseModel does that). */
export function validateModelFile(input: string | unknown, source = 'model file'): ModelFileV1 {
  const fail: Fail = failer(source);
  let doc: unknown = input;
  if (typeof input === 'string') {
    if (input.trim() === '') fail('the file is empty');
    try {
      doc = JSON.parse(input);
    } catch (e) {
      fail(`not valid JSON (${oneLine(describeJsonError(input, e))}); is this an mlp-lab model file?`);
    }
  }
  const file = checkDocument(doc, fail, V1);
  return { format: MODEL_FORMAT, version: V1, ...file } as ModelFileV1;
}

interface CheckedDocument {
  dtype: DType;
  spec: ModelSpec;
  params: TensorEntry[];
  buffers: TensorEntry[];
  metadata: ModelMetadata;
}

/**
 * Checks a document's structure and types: a whole version 1 file, or a
 * version 2 header, whose tensors carry no data (their lines follow it).
 */
function checkDocument(doc: unknown, fail: Fail, version: number): CheckedDocument {
  // Before anything else looks at the document: later checks (and JSON.stringify in messages) recurse.
  const deep = findTooDeep(doc, MAX_NESTING);
  if (deep !== null) {
    fail(
      `${shorten(deep)} is nested more than ${MAX_NESTING} arrays or objects deep; ` +
        (deep.startsWith('metadata') ? 'flatten the metadata' : 'no valid model file nests that deep'),
    );
  }
  if (!isPlainObject(doc)) fail(`expected a JSON object, got ${describeType(doc)}`);
  if (doc.format !== MODEL_FORMAT) {
    fail(
      doc.format === undefined
        ? `no "format" field: not an mlp-lab model file (metrics and run files are not models)`
        : `format is ${showJson(doc.format)}, expected "${MODEL_FORMAT}"`,
    );
  }
  if (typeof doc.version !== 'number') fail(`version must be a number, got ${describeType(doc.version)}`);
  if (doc.version > MODEL_FORMAT_VERSION) {
    fail(
      `format version ${doc.version} is newer than this mlp-lab reads (${MODEL_FORMAT_VERSION}); upgrade mlp-lab`,
    );
  }
  if (doc.version !== version) {
    fail(
      doc.version === MODEL_FORMAT_VERSION
        ? `format version ${MODEL_FORMAT_VERSION} is a file of JSON lines; read it from its text`
        : `unsupported format version ${doc.version}; this mlp-lab reads versions ${V1} and ${MODEL_FORMAT_VERSION}`,
    );
  }
  const bad = findNonFinite(doc);
  if (bad) fail(`${bad.path} is ${bad.value}; every number must be finite`);
  const dtype = doc.dtype;
  if (dtype !== 'float32' && dtype !== 'float64')
    fail(`dtype must be "float32" or "float64", got ${showJson(dtype)}`);
  const withData = version === V1;
  const spec = validateSpec(doc.spec, dtype, fail);
  const params = validateTensors(doc.params, 'params', withData, fail);
  const buffers = validateTensors(doc.buffers ?? [], 'buffers', withData, fail);
  const metadata = validateMetadata(doc.metadata ?? {}, fail);
  return { dtype, spec, params, buffers, metadata };
}

type Fail = (problem: string) => never;

function failer(source: string): Fail {
  return (problem: string) => {
    // Names and keys come from the file and may hold line breaks; the message must stay one line.
    throw new ModelFileError(source, problem.replace(/\r?\n|\r/g, '\\n'));
  };
}

/** A value from the file as JSON for a message, cut short so that a huge value cannot flood it. */
function showJson(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length <= 80 ? text : `${text.slice(0, 80)}…`;
}

/** A long path cut in the middle, so that its start and the offending end both show. */
function shorten(path: string): string {
  return path.length <= 160 ? path : `${path.slice(0, 80)}…${path.slice(-80)}`;
}

function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/\s*\n\s*/g, ' ').slice(0, 500);
}

function validateSpec(raw: unknown, dtype: DType, fail: Fail): ModelSpec {
  if (!isPlainObject(raw)) fail(`spec must be an object, got ${describeType(raw)}`);
  if (raw.dtype !== undefined && raw.dtype !== dtype) {
    fail(`spec.dtype ${showJson(raw.dtype)} does not match dtype "${dtype}"`);
  }
  if (raw.label !== undefined && raw.label !== null && typeof raw.label !== 'string') {
    fail(`spec.label must be a string, got ${describeType(raw.label)}`);
  }
  if (!Array.isArray(raw.layers)) fail(`spec.layers must be an array, got ${describeType(raw.layers)}`);
  if (raw.layers.length === 0) fail('spec.layers is empty: a model needs at least one layer');
  const layers = validateChain(raw.layers, 'spec.layers', null, 0, fail);
  const spec: ModelSpec = { dtype, layers };
  return typeof raw.label === 'string' ? { ...spec, label: raw.label } : spec;
}

/** Validates a chain of layer specs, each taking the width the previous one gives (the first takes `width` when given). */
function validateChain(
  raw: unknown[],
  where: string,
  width: number | null,
  depth: number,
  fail: Fail,
): LayerSpec[] {
  const out: LayerSpec[] = [];
  let w = width;
  raw.forEach((r, i) => {
    const at = `${where}[${i}]`;
    const spec = validateLayer(r, at, depth, fail);
    if (w !== null && spec.nIn !== w) {
      fail(`${at} (${spec.kind}) takes ${spec.nIn} inputs but the layer before it gives ${w}`);
    }
    // Codes only exist in the model's input: anywhere else the lookup would index by activations.
    if (spec.kind === 'embedding' && (depth > 0 || i > 0)) {
      fail(`${at} is an embedding layer, which can only be the model's first layer`);
    }
    w = outWidth(spec);
    out.push(spec);
  });
  return out;
}

/** The width a layer gives: linear and embedding layers change it, every other kind keeps it. */
function outWidth(spec: LayerSpec): number {
  if (spec.kind === 'linear') return spec.nOut;
  if (spec.kind === 'embedding') {
    return spec.columns.reduce((w, c) => w + c.dim - 1, spec.nIn);
  }
  return spec.nIn;
}

const EMBEDDING_COLUMN_FIELDS = ['column', 'categories', 'dim'];

const LAYER_FIELDS: Record<LayerSpec['kind'], string[]> = {
  linear: ['kind', 'nIn', 'nOut', 'bias', 'spectralNorm'],
  activation: ['kind', 'nIn', 'activation'],
  dropout: ['kind', 'nIn', 'pDrop'],
  batchnorm: ['kind', 'nIn', 'momentum', 'eps'],
  layernorm: ['kind', 'nIn', 'eps'],
  residual: ['kind', 'nIn', 'norm', 'body'],
  embedding: ['kind', 'nIn', 'columns'],
};

function validateLayer(r: unknown, at: string, depth: number, fail: Fail): LayerSpec {
  if (!isPlainObject(r)) fail(`${at} must be a layer object, got ${describeType(r)}`);
  const kind = r.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(LAYER_FIELDS, kind)) {
    fail(
      `${at} has unknown layer kind ${showJson(kind)}; known kinds: ${Object.keys(LAYER_FIELDS).join(', ')}`,
    );
  }
  const k = kind as LayerSpec['kind'];
  for (const key of Object.keys(r)) {
    if (!LAYER_FIELDS[k].includes(key)) fail(`${at} (${k}) has unknown field "${key}"`);
  }
  const sizeAt = (v: unknown, where: string): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      fail(`${where} must be a positive integer, got ${typeof v === 'number' ? v : describeType(v)}`);
    }
    if (v > MAX_LAYER_SIZE) fail(`${where} is ${v}, more than this format allows (${MAX_LAYER_SIZE})`);
    return v;
  };
  const size = (key: string): number => sizeAt(r[key], `${at}.${key}`);
  const num = (key: string, ok: (v: number) => boolean, range: string): number => {
    const v = r[key];
    if (typeof v !== 'number' || !ok(v))
      fail(`${at}.${key} must be a number ${range}, got ${typeof v === 'number' ? v : describeType(v)}`);
    return v;
  };
  const nIn = size('nIn');
  switch (k) {
    case 'linear': {
      const nOut = size('nOut');
      if (typeof r.bias !== 'boolean') fail(`${at}.bias must be true or false, got ${describeType(r.bias)}`);
      if (nIn * nOut > MAX_TENSOR_VALUES)
        fail(`${at} has ${nIn}x${nOut} weights, more than this format allows`);
      const spec: LayerSpec = { kind: 'linear', nIn, nOut, bias: r.bias };
      if (r.spectralNorm === undefined || r.spectralNorm === null) return spec;
      const sn = r.spectralNorm;
      if (
        !isPlainObject(sn) ||
        typeof sn.iterations !== 'number' ||
        !Number.isInteger(sn.iterations) ||
        sn.iterations < 1
      ) {
        fail(`${at}.spectralNorm must be {"iterations": a positive integer}`);
      }
      return { ...spec, spectralNorm: { iterations: sn.iterations } };
    }
    case 'activation':
      return {
        kind: 'activation',
        nIn,
        activation: validateActivation(r.activation, `${at}.activation`, fail),
      };
    case 'dropout':
      return { kind: 'dropout', nIn, pDrop: num('pDrop', (v) => v >= 0 && v < 1, 'in [0, 1)') };
    case 'batchnorm':
      return {
        kind: 'batchnorm',
        nIn,
        momentum: num('momentum', (v) => v >= 0 && v <= 1, 'in [0, 1]'),
        eps: num('eps', (v) => v > 0, '> 0'),
      };
    case 'layernorm':
      return { kind: 'layernorm', nIn, eps: num('eps', (v) => v > 0, '> 0') };
    case 'residual': {
      if (depth >= MAX_DEPTH) fail(`${at}: residual blocks nest more than ${MAX_DEPTH} deep`);
      let norm: LayerSpec | null = null;
      if (r.norm !== null && r.norm !== undefined) {
        norm = validateLayer(r.norm, `${at}.norm`, depth + 1, fail);
        if (norm.kind !== 'batchnorm' && norm.kind !== 'layernorm') {
          fail(`${at}.norm must be a batchnorm or layernorm layer, got ${norm.kind}`);
        }
        if (norm.nIn !== nIn) fail(`${at}.norm takes ${norm.nIn} inputs but the block takes ${nIn}`);
      }
      if (!Array.isArray(r.body) || r.body.length === 0)
        fail(`${at}.body must be a non-empty array of layers`);
      const body = validateChain(r.body, `${at}.body`, nIn, depth + 1, fail);
      const width = outWidth(body[body.length - 1]);
      if (width !== nIn)
        fail(`${at}.body maps ${nIn} features to ${width}; a residual block must keep the width`);
      return { kind: 'residual', nIn, norm, body };
    }
    case 'embedding': {
      if (!Array.isArray(r.columns) || r.columns.length === 0)
        fail(`${at}.columns must be a non-empty array of {column, categories, dim}`);
      const columns = r.columns.map((c: unknown, i: number) => {
        const where = `${at}.columns[${i}]`;
        if (!isPlainObject(c)) fail(`${where} must be an object {column, categories, dim}`);
        for (const key of Object.keys(c)) {
          if (!EMBEDDING_COLUMN_FIELDS.includes(key)) fail(`${where} has unknown field "${key}"`);
        }
        const column = c.column;
        if (typeof column !== 'number' || !Number.isInteger(column) || column < 0 || column >= nIn) {
          fail(`${where}.column must be an input column 0..${nIn - 1}, got ${showJson(column)}`);
        }
        const categories = sizeAt(c.categories, `${where}.categories`);
        const dim = sizeAt(c.dim, `${where}.dim`);
        if (categories * dim > MAX_TENSOR_VALUES)
          fail(`${where} has ${categories}x${dim} values, more than this format allows`);
        return { column, categories, dim };
      });
      columns.forEach((c, i) => {
        if (i > 0 && c.column <= columns[i - 1].column) {
          fail(
            `${at}.columns must list columns in ascending order without repeats, got ${c.column} after ${columns[i - 1].column}`,
          );
        }
      });
      if (outWidth({ kind: 'embedding', nIn, columns }) > MAX_LAYER_SIZE)
        fail(`${at} gives more outputs than this format allows (${MAX_LAYER_SIZE})`);
      return { kind: 'embedding', nIn, columns };
    }
  }
}

function validateActivation(v: unknown, at: string, fail: Fail): ActivationSpec {
  const name = typeof v === 'string' ? v : isPlainObject(v) ? v.name : undefined;
  if (typeof name !== 'string' || !isActivationName(name)) {
    fail(`${at}: unknown activation ${showJson(name ?? v)}`);
  }
  if (typeof v === 'string') return name;
  const o = v as Record<string, unknown>;
  for (const key of Object.keys(o))
    if (key !== 'name' && key !== 'alpha') fail(`${at} has unknown field "${key}"`);
  if (o.alpha === undefined) return { name };
  if (typeof o.alpha !== 'number') fail(`${at}.alpha must be a number, got ${describeType(o.alpha)}`);
  return { name, alpha: o.alpha };
}

function validateTensors(raw: unknown, where: string, withData: boolean, fail: Fail): TensorEntry[] {
  if (!Array.isArray(raw)) fail(`${where} must be an array, got ${describeType(raw)}`);
  return raw.map((e, i) => {
    const at = `${where}[${i}]`;
    if (!isPlainObject(e)) fail(`${at} must be an object {path, shape, data}, got ${describeType(e)}`);
    if (typeof e.path !== 'string' || e.path === '') fail(`${at}.path must be a non-empty string`);
    const name = `${where === 'params' ? 'parameter' : 'buffer'} '${e.path}'`;
    const s = e.shape;
    if (
      !Array.isArray(s) ||
      s.length !== 2 ||
      !s.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0 && d <= MAX_TENSOR_VALUES)
    ) {
      fail(`${name}: shape must be [rows, cols] of non-negative integers, got ${showJson(s)}`);
    }
    const d = withData ? e.data : '';
    if (!withData && e.data !== undefined)
      fail(`${name}: a version 2 header holds no data (it follows on its own lines)`);
    if (typeof d !== 'string' && !(Array.isArray(d) && d.every((x) => typeof x === 'number'))) {
      fail(`${name}: data must be a base64 string or an array of numbers`);
    }
    return { path: e.path, shape: [s[0], s[1]], data: d };
  });
}

function validateMetadata(raw: unknown, fail: Fail): ModelMetadata {
  if (!isPlainObject(raw)) fail(`metadata must be an object, got ${describeType(raw)}`);
  const m = raw as ModelMetadata;
  if (m.task !== undefined && m.task !== 'regression' && m.task !== 'binary' && m.task !== 'multiclass') {
    fail(`metadata.task must be "regression", "binary" or "multiclass", got ${showJson(m.task)}`);
  }
  for (const key of ['classes', 'featureNames', 'targetNames'] as const) {
    const v: unknown = m[key];
    if (v !== undefined && !(Array.isArray(v) && v.every((s) => typeof s === 'string'))) {
      fail(`metadata.${key} must be an array of strings`);
    }
  }
  for (const key of ['dataset', 'target', 'createdBy', 'createdAt'] as const) {
    const v: unknown = m[key];
    if (v !== undefined && typeof v !== 'string')
      fail(`metadata.${key} must be a string, got ${describeType(v)}`);
  }
  const cats: unknown = m.categories;
  if (cats !== undefined) {
    if (!isPlainObject(cats)) fail(`metadata.categories must be an object, got ${describeType(cats)}`);
    for (const [name, list] of Object.entries(cats)) {
      if (!(Array.isArray(list) && list.length > 0 && list.every((s) => typeof s === 'string'))) {
        fail(`metadata.categories[${showJson(name)}] must be a non-empty array of strings`);
      }
    }
  }
  const dom: unknown = m.domain;
  if (dom !== undefined && !(Array.isArray(dom) && dom.every((x) => typeof x === 'number'))) {
    fail('metadata.domain must be an array of numbers');
  }
  if (m.training !== undefined && !isPlainObject(m.training)) {
    fail(`metadata.training must be an object, got ${describeType(m.training)}`);
  }
  if (m.standardizer !== undefined) readStandardizer(m, fail);
  return m;
}
