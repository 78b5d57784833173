/**
 * One run of the playground: data, model and trainer built from Settings with
 * the library's own functions, stepped in a fixed order so that the same
 * settings and the same number of steps give the same weights to the bit,
 * however the steps are split into frames. No DOM here: it runs in the worker.
 */

import {
  type ActivationHealth,
  activationHealth,
  type LayerHealth,
  layerHealth,
  snapshotWeights,
} from '../../src/analysis/health.js';
import { probeLayers } from '../../src/analysis/probe.js';
import {
  applyFeatures,
  type FeatureSpec,
  featureNames,
  isIdentityFeatures,
  withFeatures,
} from '../../src/data/features.js';
import {
  Batcher,
  buildModel,
  type Dataset,
  evaluate,
  fromData,
  generateSynthetic,
  type LayerSpec,
  type LossName,
  type Matrix,
  type Metrics,
  mlp,
  type OptimizerSpec,
  parseModel,
  parseTarget,
  Rng,
  type ScheduleSpec,
  type Sequential,
  type SplitDataset,
  stringifyModel,
  type Target,
  Trainer,
  targetSplit,
  trainTestSplit,
  zeros,
} from '../../src/index.js';
import type { HandEdit } from './handEdits.js';
import { featureSpecOf } from './inputFeatures.js';
import { measureDue } from './measureSchedule.js';
import { type Settings, taskKind } from './settings.js';

/** The plane (or line, for 1-D tasks) the maps are drawn over. */
export interface Extent {
  x: [number, number];
  y: [number, number];
}

/** train and test hold what the model sees (the input features); raw holds the points as drawn. */
export interface LabData extends SplitDataset {
  kind: 'classification' | 'regression' | 'function';
  classCount: number;
  extent: Extent;
  raw: SplitDataset;
  features: FeatureSpec;
  featureNames: string[];
  /** The features are the raw inputs themselves: the model is then piecewise linear in the plane when its activations are. */
  rawInputs: boolean;
}

/** A message for the page: which control it belongs to, and the text. */
export class SettingsError extends Error {
  constructor(
    readonly field: 'expression' | 'data' | 'features' | 'network' | 'training',
    message: string,
  ) {
    super(message);
  }
}

// Distinct streams from one seed, so changing the split never changes the weights.
const STREAM = { data: 0, split: 1, init: 2, shuffle: 3, dropout: 4 } as const;
const streamRng = (seed: number, stream: number): Rng => new Rng(seed * 8 + stream);

function customDataset(s: Settings): Dataset {
  const n = s.points.length;
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  let classes = 2;
  s.points.forEach((p, i) => {
    x[2 * i] = p.x;
    x[2 * i + 1] = p.y;
    y[i] = p.c;
    classes = Math.max(classes, p.c + 1);
  });
  return {
    x: fromData(n, 2, x),
    y: fromData(n, 1, y),
    task: classes > 2 ? 'multiclass' : 'binary',
    classes: Array.from({ length: classes }, (_, i) => String(i)),
    name: 'custom',
  };
}

function extentOf(sets: readonly Dataset[], oneD: boolean): Extent {
  let lo = Infinity;
  let hi = -Infinity;
  let ylo = Infinity;
  let yhi = -Infinity;
  for (const ds of sets) {
    const cols = ds.x.cols;
    for (let i = 0; i < ds.x.rows; i++) {
      const a = ds.x.data[i * cols];
      lo = Math.min(lo, a);
      hi = Math.max(hi, a);
      const b = oneD ? ds.y.data[i] : ds.x.data[i * cols + 1];
      ylo = Math.min(ylo, b);
      yhi = Math.max(yhi, b);
    }
  }
  // Square and padded, never smaller than [-1, 1]: drawn points stay on the plane.
  const r = Math.max(1, Math.abs(lo), Math.abs(hi), oneD ? 0 : Math.abs(ylo), oneD ? 0 : Math.abs(yhi)) * 1.1;
  if (oneD) {
    const pad = Math.max(0.1, (yhi - ylo) * 0.15);
    return { x: [-r, r], y: [ylo - pad, yhi + pad] };
  }
  return { x: [-r, r], y: [-r, r] };
}

/**
 * The 1-D function task's typed target, parsed (the first parse loads the
 * expression parser); undefined for the other tasks, which never load it.
 */
export async function functionTarget(s: Settings): Promise<Target | undefined> {
  if (s.task !== 'function') return undefined;
  try {
    return await parseTarget(s.expression, ['x']);
  } catch (e) {
    throw new SettingsError('expression', (e as Error).message);
  }
}

/** The data of a run; the function task needs its target from functionTarget. */
export function buildData(s: Settings, target?: Target): LabData {
  const kind = taskKind(s.task);
  let features: FeatureSpec;
  try {
    features = featureSpecOf(s.features, kind === 'function', s.seed);
  } catch (e) {
    throw new SettingsError('features', (e as Error).message);
  }
  const raw = s.task === 'function' ? functionSplit(s, target) : syntheticSplit(s, s.task);
  const rawInputs = isIdentityFeatures(features);
  const ds = raw.train;
  return {
    train: rawInputs ? raw.train : withFeatures(features, raw.train),
    test: rawInputs ? raw.test : withFeatures(features, raw.test),
    raw,
    features,
    featureNames: featureNames(features),
    rawInputs,
    kind,
    classCount: ds.task === 'multiclass' ? (ds.classes?.length ?? 2) : ds.task === 'binary' ? 2 : 0,
    extent: extentOf([raw.train, raw.test], kind === 'function'),
  };
}

/** The 1-D function task through the library's data preparation, as `mlp-lab fit --target` samples it. */
function functionSplit(s: Settings, target: Target | undefined): SplitDataset {
  if (target?.expression !== s.expression) {
    throw new Error(
      'the function task needs its target parsed from these settings: build the run with Lab.open',
    );
  }
  try {
    const options = { samples: s.samples, noise: s.noise, testRatio: s.testRatio };
    const raw = targetSplit(target, options, streamRng(s.seed, STREAM.data), streamRng(s.seed, STREAM.split));
    return raw.split;
  } catch (e) {
    throw new SettingsError('expression', (e as Error).message);
  }
}

/** A synthetic set or the page's own points, split on its own stream. */
function syntheticSplit(s: Settings, task: Exclude<Settings['task'], 'function'>): SplitDataset {
  let ds: Dataset;
  if (task === 'custom') {
    if (s.points.length < 2)
      throw new SettingsError('data', 'needs at least 2 points: click on the map to add some');
    ds = customDataset(s);
  } else {
    try {
      ds = generateSynthetic(task, {
        n: s.samples,
        rng: streamRng(s.seed, STREAM.data),
        noise: s.noise,
        classes: task === 'spirals' || task === 'gaussians' ? s.classes : undefined,
      });
    } catch (e) {
      throw new SettingsError('data', (e as Error).message);
    }
  }
  try {
    return trainTestSplit(ds, s.testRatio, streamRng(s.seed, STREAM.split));
  } catch (e) {
    throw new SettingsError('data', (e as Error).message);
  }
}

/** Output width: one logit for two classes or a value, k logits for k classes. */
export const outputWidth = (data: LabData): number => (data.classCount > 2 ? data.classCount : 1);

/**
 * The model: mlp() builds it with the first hidden layer's activation; when
 * layers differ, the other activation layers are renamed in its spec and the
 * same initial weights are copied into the rebuilt model (activations hold no
 * weights, so nothing else changes).
 */
export function buildNetwork(s: Settings, data: LabData): Sequential {
  const sizes = [data.train.x.cols, ...s.layers.map((l) => l.units), outputWidth(data)];
  let model: Sequential;
  try {
    model = mlp(sizes, {
      activation: s.layers[0]?.activation ?? 'relu',
      init: s.init === 'default' ? undefined : s.init,
      rng: streamRng(s.seed, STREAM.init),
      norm: s.norm,
      pDrop: s.dropout,
      residual: s.residual,
    });
  } catch (e) {
    throw new SettingsError('network', (e as Error).message);
  }
  if (s.layers.every((l) => l.activation === s.layers[0].activation)) return model;
  const spec = structuredClone(model.spec());
  let k = 0;
  const rename = (layers: LayerSpec[]): void => {
    for (const l of layers) {
      if (l.kind === 'activation' && k < s.layers.length) l.activation = s.layers[k++].activation;
      else if (l.kind === 'residual') rename(l.body);
    }
  };
  rename(spec.layers as LayerSpec[]);
  const rebuilt = buildModel(spec);
  rebuilt.setParams({ ...model.getParams(), ...model.getBuffers() });
  return rebuilt;
}

function scheduleSpec(s: Settings): ScheduleSpec {
  switch (s.schedule) {
    case 'step':
      return { kind: 'step', stepSize: 1000, gamma: 0.5 };
    case 'cosine':
      return { kind: 'cosine', tMax: 5000 };
    case 'cosine_restarts':
      return { kind: 'cosine_restarts', t0: 500, tMult: 2 };
    case 'onecycle':
      return { kind: 'onecycle', totalSteps: 5000 };
    default:
      return { kind: 'constant' };
  }
}

function lossName(s: Settings, data: LabData): LossName {
  if (data.kind !== 'classification') return s.loss === 'cross_entropy' ? 'mse' : s.loss;
  if (s.loss === 'mse') return 'mse';
  return data.classCount > 2 ? 'cross_entropy' : 'bce';
}

export interface HistoryPoint {
  step: number;
  train: number;
  test: number;
  trainAcc?: number;
  testAcc?: number;
}

/** Steps between recorded loss points early in the run (counted in steps, so the history does not depend on frame timing). */
export const RECORD_EVERY = 20;
/** Steps between linear probes of every layer early in the run (each trains a small softmax regression per layer). */
export const PROBE_EVERY = 500;
/** Loss records, health records and probes per doubling of the step count once the run is long (measureSchedule.ts). */
export const RECORDS_PER_DOUBLING = 250;
export const HEALTH_PER_DOUBLING = 100;
export const PROBES_PER_DOUBLING = 1;
/** Whether the losses are recorded at this step count. */
export const recordDue = (step: number): boolean => measureDue(step, RECORD_EVERY, RECORDS_PER_DOUBLING);
/** Whether the linear probes run at this step count (always a recorded one: the probes run with the record). */
export const probeDue = (step: number): boolean => measureDue(step, PROBE_EVERY, PROBES_PER_DOUBLING);
/** Whether the health is measured on the step that reaches this count. */
export const healthDue = (step: number): boolean => measureDue(step, RECORD_EVERY, HEALTH_PER_DOUBLING);
/** Probe training epochs: enough for a 2-D task's layers to converge. */
const PROBE_EPOCHS = 50;
/** Longest health or probe record kept; beyond it every other point is dropped, as for the loss history. */
const MAX_RECORD = 400;

export interface HealthPoint {
  step: number;
  layers: LayerHealth[];
  activations: ActivationHealth[];
}

export interface ProbePoint {
  step: number;
  /** Test accuracy of a linear probe on the input and on each activation layer's output. */
  layers: { layer: string; testAccuracy: number }[];
}

function thin<T>(record: T[], max: number): void {
  if (record.length > max) for (let i = 1; i < record.length / 2; i++) record.splice(i, 1);
}

export class Lab {
  readonly data: LabData;
  readonly model: Sequential;
  trainer: Trainer;
  private batcher: Batcher;
  private readonly shuffleRng: Rng;
  private readonly dropoutRng: Rng;
  private readonly initial: Record<string, Float32Array | Float64Array>;
  private lastGood: { step: number; params: Record<string, Float32Array | Float64Array> };
  steps = 0;
  epoch = 0;
  private batchIndex = 0;
  /** The batch loss of a step that went non-finite, and at which step. */
  diverged: { step: number; loss: number } | null = null;
  readonly history: HistoryPoint[] = [];
  /** Gradient norm, update/weight ratio and dead or saturated units, measured on the steps healthDue picks. */
  readonly health: HealthPoint[] = [];
  readonly probes: ProbePoint[] = [];
  lastBatchLoss = Number.NaN;
  /** How many of settings.edits (in step order) are in the weights. */
  private editsApplied = 0;

  /** Builds a run; for the function task, parse its target first (functionTarget) or use Lab.open. */
  constructor(
    public settings: Settings,
    target?: Target,
  ) {
    this.data = buildData(settings, target);
    this.model = buildNetwork(settings, this.data);
    this.initial = { ...this.model.getParams(), ...this.model.getBuffers() };
    this.lastGood = { step: 0, params: this.initial };
    this.shuffleRng = streamRng(settings.seed, STREAM.shuffle);
    this.dropoutRng = streamRng(settings.seed, STREAM.dropout);
    this.trainer = this.makeTrainer(settings);
    this.batcher = this.makeBatcher(settings);
    this.batcher.shuffle(this.shuffleRng);
    settings.edits.forEach((e, i) => {
      const why = this.editProblem(e.param, e.index);
      if (why) throw new SettingsError('network', `hand edit ${i + 1} of the link: ${why}`);
    });
    this.record();
    // After the step-0 record, as a live edit at step 0 comes after it.
    this.applyDueEdits();
  }

  /** Builds a run for any task: parses the function task's target first (loading the parser), then constructs. */
  static async open(settings: Settings): Promise<Lab> {
    return new Lab(settings, await functionTarget(settings));
  }

  /** Why param[index] cannot be set by hand in this model, or null. */
  private editProblem(param: string, index: number): string | null {
    const p = this.model.namedParams().find((n) => n.path === param);
    if (!p) return `this network has no parameter ${param}; build the network the edit was made on`;
    const n = p.param.value.data.length;
    if (!Number.isInteger(index) || index < 0 || index >= n)
      return `${param} has ${n} values, so it has no entry ${index}`;
    return null;
  }

  private setEntry(e: HandEdit): void {
    const p = this.model.namedParams().find((n) => n.path === e.param);
    if (p) p.param.value.data[e.index] = e.value;
  }

  /** Edits recorded for the steps already run, in their order. */
  private applyDueEdits(): void {
    const edits = this.settings.edits;
    while (this.editsApplied < edits.length && edits[this.editsApplied].step <= this.steps)
      this.setEntry(edits[this.editsApplied++]);
  }

  /**
   * Sets one weight or bias now, at the current step, and records it in the
   * settings (after the edits already made) so a replay makes it at the same
   * point; returns the edits to store, or why it cannot be made.
   */
  edit(param: string, index: number, value: number): HandEdit[] | string {
    const why = this.editProblem(param, index);
    if (why) return why;
    if (!Number.isFinite(value)) return `the value must be a finite number, got ${value}`;
    const e: HandEdit = { step: this.steps, param, index, value };
    const edits = [...this.settings.edits];
    edits.splice(this.editsApplied, 0, e);
    this.settings = { ...this.settings, edits };
    this.setEntry(e);
    this.editsApplied++;
    return edits;
  }

  private makeTrainer(s: Settings): Trainer {
    const optimizer = { name: s.optimizer, lr: s.lr, weightDecay: s.weightDecay } as OptimizerSpec;
    try {
      return new Trainer(this.model, {
        loss: lossName(s, this.data),
        optimizer,
        schedule: scheduleSpec(s),
        rng: this.dropoutRng,
      });
    } catch (e) {
      throw new SettingsError('training', (e as Error).message);
    }
  }

  private makeBatcher(s: Settings): Batcher {
    // BatchNorm cannot train on a batch of one row, so its runs drop a short tail batch.
    return new Batcher(this.data.train.x, this.data.train.y, s.batchSize, s.norm === 'batch');
  }

  /**
   * Training settings changed mid-run: a new optimizer (its moments start
   * over) and batcher over the same weights; the step count carries on.
   */
  retune(s: Settings): void {
    const trainer = this.makeTrainer(s);
    // The Lab keeps its own record of hand edits: they change only through edit().
    this.settings = { ...s, edits: this.settings.edits };
    this.trainer = trainer;
    if (s.batchSize !== this.batcher.batchSize) {
      this.batcher = this.makeBatcher(s);
      this.batcher.shuffle(this.shuffleRng);
      this.batchIndex = 0;
    }
  }

  get done(): boolean {
    const s = this.settings;
    const last = this.history[this.history.length - 1];
    return (
      this.diverged !== null ||
      (s.stopEpochs > 0 && this.epoch >= s.stopEpochs) ||
      (s.lossTarget > 0 && last !== undefined && last.train <= s.lossTarget)
    );
  }

  /** Runs up to n steps (fewer if the run diverges or reaches its epoch limit); returns how many ran. */
  run(n: number): number {
    let ran = 0;
    while (ran < n && !this.done) {
      this.applyDueEdits();
      const { x, y } = this.batcher.batch(this.batchIndex);
      // Read-only measurements: they never touch the weights or a random stream, so a replayed run stays bit-identical.
      const measured = healthDue(this.steps + 1);
      const before = measured ? snapshotWeights(this.model) : undefined;
      const loss = this.trainer.step(x, y);
      if (!Number.isFinite(loss)) {
        this.diverged = { step: this.steps, loss };
        break;
      }
      this.lastBatchLoss = loss;
      this.steps++;
      if (measured) {
        this.health.push({
          step: this.steps,
          layers: layerHealth(this.model, before),
          activations: activationHealth(this.model, x),
        });
        thin(this.health, MAX_RECORD);
      }
      ran++;
      this.batchIndex++;
      if (this.batchIndex === this.batcher.count) {
        this.batchIndex = 0;
        this.epoch++;
        this.trainer.epoch = this.epoch;
        this.batcher.shuffle(this.shuffleRng);
      }
      if (recordDue(this.steps)) this.record();
    }
    this.applyDueEdits();
    return ran;
  }

  private probe(): void {
    const { train, test } = this.data;
    if (this.data.kind !== 'classification') return;
    const layers = probeLayers(this.model, train, test, { epochs: PROBE_EPOCHS, seed: 0 });
    this.probes.push({
      step: this.steps,
      layers: layers.map((p) => ({ layer: p.layer, testAccuracy: p.testAccuracy })),
    });
    thin(this.probes, MAX_RECORD);
  }

  private record(): void {
    const tr = this.metrics(this.data.train);
    const te = this.metrics(this.data.test);
    if (!Number.isFinite(tr.loss)) {
      this.diverged ??= { step: this.steps, loss: tr.loss };
      return;
    }
    this.lastGood = { step: this.steps, params: { ...this.model.getParams(), ...this.model.getBuffers() } };
    this.history.push({
      step: this.steps,
      train: tr.loss,
      test: te.loss,
      trainAcc: tr.accuracy,
      testAcc: te.accuracy,
    });
    if (probeDue(this.steps)) this.probe();
    // Long runs keep every other point so the curve stays cheap to draw.
    if (this.history.length > 2000) {
      for (let i = 1; i < this.history.length / 2; i++) this.history.splice(i, 1);
    }
  }

  metrics(ds: Dataset): Metrics {
    return evaluate(this.model, ds, { loss: this.trainer.loss });
  }

  /** Back to the weights of the last recorded finite loss. */
  restoreLastGood(): number {
    this.model.setParams(this.lastGood.params);
    this.diverged = null;
    this.retune(this.settings);
    return this.lastGood.step;
  }

  /** Replaces the weights (same architecture) with those of a model file; returns the error text or null. */
  importModel(text: string): string | null {
    let loaded: ReturnType<typeof parseModel>;
    try {
      loaded = parseModel(text, 'model file');
    } catch (e) {
      return (e as Error).message;
    }
    const mine = JSON.stringify(this.model.spec().layers);
    const theirs = JSON.stringify(loaded.model.spec().layers);
    if (mine !== theirs) {
      return `the file's network (${String(loaded.model)}) differs from the one built here (${this.model.label}); build the same layers first`;
    }
    const theirFeatures = JSON.stringify(loaded.metadata.inputFeatures ?? null);
    const myFeatures = JSON.stringify(this.data.rawInputs ? null : this.data.features);
    if (theirFeatures !== myFeatures) {
      const show = (f: string) => (f === 'null' ? 'the raw inputs' : f);
      return `the file's model takes ${show(theirFeatures)} but the one built here takes ${show(myFeatures)}; choose the same input features first`;
    }
    this.model.setParams({ ...loaded.model.getParams(), ...loaded.model.getBuffers() });
    this.retune(this.settings);
    // The health and probe records described the replaced weights; the probes start over from the loaded ones.
    this.health.length = 0;
    this.probes.length = 0;
    this.probe();
    return null;
  }

  exportModel(): string {
    const s = this.settings;
    return stringifyModel(this.model, {
      task: this.data.train.task,
      classes: this.data.train.classes ? [...this.data.train.classes] : undefined,
      featureNames: this.data.featureNames,
      ...(this.data.rawInputs ? {} : { inputFeatures: this.data.features }),
      dataset: s.task,
      target: s.task === 'function' ? s.expression : undefined,
      training: { settings: JSON.parse(JSON.stringify(s)), steps: this.steps, epochs: this.epoch },
      createdBy: 'mlp-lab playground',
    });
  }

  /** Rows of a grid over the extent (row-major, y from top to bottom) or, for 1-D tasks, points along x. */
  grid(size: number): Matrix {
    const { x, y } = this.data.extent;
    if (this.data.kind === 'function') {
      const m = zeros(size, 1);
      for (let i = 0; i < size; i++) m.data[i] = x[0] + ((x[1] - x[0]) * i) / (size - 1);
      return m;
    }
    const m = zeros(size * size, 2);
    for (let r = 0; r < size; r++) {
      const yy = y[1] - ((y[1] - y[0]) * (r + 0.5)) / size;
      for (let c = 0; c < size; c++) {
        const i = r * size + c;
        m.data[2 * i] = x[0] + ((x[1] - x[0]) * (c + 0.5)) / size;
        m.data[2 * i + 1] = yy;
      }
    }
    return m;
  }

  /** What the model sees of raw points (rows of x1, x2, or x): the input features. */
  inputs(raw: Matrix): Matrix {
    return this.data.rawInputs ? raw : applyFeatures(this.data.features, raw);
  }

  get initialParams(): Record<string, Float32Array | Float64Array> {
    return this.initial;
  }
}
