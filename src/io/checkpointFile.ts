/**
 * Checkpoints on file: a model file (format version 2, modelFile.ts) whose
 * header also holds a `checkpoint` section, with the optimizer's state arrays
 * and the best weights as further tensors after the model's. The model part
 * is read and checked exactly as a model file is, so `info` and `predict`
 * take a checkpoint too; the checkpoint part is checked completely (every
 * field, every shape against the model, every value finite) before a run is
 * resumed from it. Browser-safe.
 */
import { buildModel } from '../nn/build.js';
import type { Sequential } from '../nn/sequential.js';
import { optimizers } from '../optim/rules/index.js';
import { allocFloat } from '../tensor/matrix.js';
import type { Checkpoint, SlotTensor } from '../train/checkpoint.js';
import { describeType, isPlainObject } from './json.js';
import {
  checkFinite,
  type FileTensor,
  fileLines,
  type LoadedModel,
  type ModelLinesRead,
  type ModelMetadata,
  modelHeader,
  readModelLines,
  textLines,
} from './modelFile.js';

/**
 * The lines of a checkpoint file (see modelFile.ts fileLines). The metadata
 * is the model file's: what a run that resumes must match (its options) goes
 * in metadata.training.
 */
export function checkpointFileLines(
  ckpt: Checkpoint,
  metadata: ModelMetadata = {},
  source = 'checkpoint',
): Generator<string> {
  for (const t of ckpt.optimizer.slots) checkFinite(t, `optimizer slot '${t.slot}' of`, 'the checkpoint');
  for (const t of ckpt.bestWeights ?? []) checkFinite(t, 'best weight', 'the checkpoint');
  const model = shellModel(ckpt);
  const header = modelHeader(model, metadata, source);
  header.checkpoint = JSON.parse(
    JSON.stringify({
      optimizer: {
        name: ckpt.optimizer.name,
        step: ckpt.optimizer.step,
        slots: ckpt.optimizer.slots.map((t) => ({ path: t.path, slot: t.slot, shape: [...t.shape] })),
      },
      scheduler: ckpt.scheduler,
      rng: ckpt.rng,
      seed: ckpt.seed,
      epoch: ckpt.epoch,
      history: ckpt.history,
      earlyStopping: ckpt.earlyStopping,
      best: ckpt.bestWeights === null ? null : ckpt.bestWeights.map((t) => t.path),
    }),
  );
  return fileLines(header, [
    ...ckpt.params,
    ...ckpt.buffers,
    ...ckpt.optimizer.slots,
    ...(ckpt.bestWeights ?? []),
  ]);
}

/**
 * The checkpoint's model with its tensors as the model's own arrays, so the
 * model file's header and checks apply without a copy of the weights.
 */
function shellModel(ckpt: Checkpoint): Sequential {
  const model = buildModel(ckpt.model);
  const byPath = new Map([...ckpt.params, ...ckpt.buffers].map((t) => [t.path, t.values]));
  for (const { path, param } of model.namedParams()) {
    const v = byPath.get(path);
    if (v) param.value.data.set(v);
  }
  for (const { path, buffer } of model.namedBuffers()) {
    const v = byPath.get(path);
    if (v) buffer.value.data.set(v);
  }
  return model;
}

export interface LoadedCheckpoint extends LoadedModel {
  readonly checkpoint: Checkpoint;
}

/** A checkpoint file's text (small runs, tests, the browser). */
export function parseCheckpoint(text: string, source = 'checkpoint'): LoadedCheckpoint {
  const lines = textLines(text);
  const first = lines.next() ?? '';
  return readCheckpointLines(readModelLines(first, lines, source, text.length));
}

const isInt = (v: unknown, min = 0): v is number => Number.isSafeInteger(v) && (v as number) >= min;
const isU32 = (v: unknown): boolean => isInt(v) && (v as number) <= 0xffffffff;

/** Reads and checks the checkpoint section and its tensors after a model file's. */
export function readCheckpointLines(read: ModelLinesRead): LoadedCheckpoint {
  const { header, loaded, dtype } = read;
  const fail: (problem: string) => never = read.fail;
  const { model } = loaded;
  const c = header.checkpoint;
  if (c === undefined) {
    fail(
      'this is a model file, not a checkpoint (no "checkpoint" section); resume from the checkpoint.json that fit --out wrote',
    );
  }
  if (!isPlainObject(c)) fail(`checkpoint must be an object, got ${describeType(c)}`);
  const opt = c.optimizer;
  if (!isPlainObject(opt)) fail('checkpoint.optimizer must be an object');
  if (typeof opt.name !== 'string' || !Object.hasOwn(optimizers, opt.name)) {
    fail(`checkpoint.optimizer.name must be one of ${Object.keys(optimizers).join(', ')}`);
  }
  if (!isInt(opt.step)) fail('checkpoint.optimizer.step must be an integer ≥ 0');
  if (!Array.isArray(opt.slots)) fail('checkpoint.optimizer.slots must be an array');
  if (!isPlainObject(c.scheduler)) fail('checkpoint.scheduler must be an object');
  const rng = c.rng;
  // The generator keeps its words as signed or unsigned 32-bit integers.
  const isWord = (x: unknown) =>
    Number.isSafeInteger(x) && (x as number) >= -(2 ** 31) && (x as number) <= 0xffffffff;
  const isRngState = (v: unknown) =>
    Array.isArray(v) && v.length === 4 && v.every(isWord) && v.some((x) => x !== 0);
  if (!isPlainObject(rng) || !isRngState(rng.shuffle) || !isRngState(rng.dropout)) {
    fail('checkpoint.rng must hold shuffle and dropout states of four 32-bit words, not all zero');
  }
  if (!isU32(c.seed)) fail('checkpoint.seed must be an integer from 0 to 4294967295');
  if (!isInt(c.epoch)) fail('checkpoint.epoch must be an integer ≥ 0');
  if (!Array.isArray(c.history) || !c.history.every(isPlainObject))
    fail('checkpoint.history must be an array of epoch records');
  if (c.history.length !== c.epoch)
    fail(`checkpoint.history has ${c.history.length} records for ${c.epoch} epochs`);
  if (c.earlyStopping !== null && !isPlainObject(c.earlyStopping))
    fail('checkpoint.earlyStopping must be an object or null');
  if (c.best !== null && !(Array.isArray(c.best) && c.best.every((p: unknown) => typeof p === 'string'))) {
    fail('checkpoint.best must be null or the paths of the saved best weights');
  }
  const shapes = new Map<string, [number, number]>();
  for (const {
    path,
    param: { value: v },
  } of model.namedParams())
    shapes.set(path, [v.rows, v.cols]);
  const paramShapes = new Map(shapes);
  for (const {
    path,
    buffer: { value: v },
  } of model.namedBuffers())
    shapes.set(path, [v.rows, v.cols]);
  const seenSlots = new Set<string>();
  const slots: SlotTensor[] = opt.slots.map((s: unknown, i: number) => {
    if (!isPlainObject(s) || typeof s.path !== 'string' || typeof s.slot !== 'string') {
      fail(`checkpoint.optimizer.slots[${i}] must be {path, slot, shape}`);
    }
    const shape = paramShapes.get(s.path);
    if (!shape)
      fail(`checkpoint.optimizer.slots[${i}] is for '${s.path}', which is not a parameter of the model`);
    const key = `${s.path} ${s.slot}`;
    if (seenSlots.has(key)) fail(`optimizer slot '${s.slot}' of '${s.path}' appears twice`);
    seenSlots.add(key);
    if (!Array.isArray(s.shape) || s.shape[0] !== shape[0] || s.shape[1] !== shape[1]) {
      fail(`optimizer slot '${s.slot}' of '${s.path}' must have the parameter's shape [${shape.join(', ')}]`);
    }
    return { path: s.path, slot: s.slot, shape, values: allocFloat(dtype, shape[0] * shape[1]) };
  });
  const best: FileTensor[] | null =
    c.best === null
      ? null
      : (c.best as string[]).map((path) => {
          const shape = shapes.get(path);
          if (!shape) fail(`checkpoint.best names '${path}', which is not in the model`);
          return { path, shape, values: allocFloat(dtype, shape[0] * shape[1]) };
        });
  if (best && best.length !== shapes.size)
    fail(`checkpoint.best must list all ${shapes.size} parameters and buffers`);
  for (const t of slots) read.readTensor(t.values, `optimizer slot '${t.slot}' of '${t.path}'`);
  for (const t of best ?? []) read.readTensor(t.values, `best weight '${t.path}'`);
  read.expectEnd();
  const checkpoint: Checkpoint = {
    model: model.spec(),
    params: model
      .namedParams()
      .map(({ path, param: { value: v } }) => ({ path, shape: [v.rows, v.cols], values: v.data })),
    buffers: model
      .namedBuffers()
      .map(({ path, buffer: { value: v } }) => ({ path, shape: [v.rows, v.cols], values: v.data })),
    optimizer: { name: opt.name as Checkpoint['optimizer']['name'], step: opt.step, slots },
    scheduler: c.scheduler as unknown as Checkpoint['scheduler'],
    rng: {
      shuffle: rng.shuffle as unknown as Checkpoint['rng']['shuffle'],
      dropout: rng.dropout as unknown as Checkpoint['rng']['dropout'],
    },
    seed: c.seed as number,
    epoch: c.epoch,
    history: c.history as unknown as Checkpoint['history'],
    earlyStopping: c.earlyStopping as unknown as Checkpoint['earlyStopping'],
    bestWeights: best,
  };
  return { ...loaded, checkpoint };
}

/** Lines as a generator's output, for a text already in memory. */
export function checkpointText(ckpt: Checkpoint, metadata: ModelMetadata = {}): string {
  return [...checkpointFileLines(ckpt, metadata)].join('');
}
