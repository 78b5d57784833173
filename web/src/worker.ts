/**
 * The training worker: owns the Lab, runs as many steps as fit in the time the
 * page gives it, and answers with everything the panels draw, computed batched
 * (one predict over the whole grid, one trace for every neuron's map).
 * Comlink turns these methods into promises on the page's side.
 */
import { expose } from 'comlink';
import type { MeasureOptions, Timing } from '../../bench/measure.js';
import { timeW1 } from '../../bench/w1.js';
import { collapseAffine } from '../../src/analysis/collapseAffine.js';
import { type NetworkFormula, networkFormula } from '../../src/analysis/formula.js';
import {
  linearRegions1d,
  linearRegions2d,
  localAffineMap,
  RegionLimitError,
  regionBounds,
  UnsupportedLayerError,
} from '../../src/analysis/regions/index.js';
import { applyFeatures, featureIdentifiers, fromRows, parseCsv } from '../../src/index.js';
import { type Contributions, contributionCurves } from './contributions.js';
import { CURVE_POINTS, GRID, MAX_NEURON_MAPS, MAX_REGIONS, NEURON_GRID } from './grid.js';
import type { HandEdit } from './handEdits.js';
import { type HiddenSpace, hiddenSpace } from './hiddenSpace.js';
import { inOrder } from './inOrder.js';
import {
  type HealthPoint,
  type HistoryPoint,
  Lab,
  type LabData,
  type ProbePoint,
  SettingsError,
} from './lab.js';
import { modelFileFromOnnx, onnxOf } from './onnxFile.js';
import type { Point, Settings } from './settings.js';
import { TOUR_MEASURES, type TourMeasure } from './tourMeasures.js';
import type { TourId } from './tours.js';

export interface RunData {
  kind: LabData['kind'];
  classCount: number;
  extent: LabData['extent'];
  /** x1, x2 (or x, y for 1-D), class or target, per point. */
  train: Float32Array;
  test: Float32Array;
  paramCount: number;
  label: string;
  /** The model's input columns: x1, x2 (or x), or the chosen features (x1², sin(x1), …). */
  featureNames: string[];
  /** The model takes the raw inputs themselves; false with any other features. */
  rawInputs: boolean;
}

export type ConfigureResult =
  | { ok: true; data: RunData }
  | { ok: false; field: SettingsError['field']; message: string };

export interface LayerWeights {
  nIn: number;
  nOut: number;
  /** Row-major nOut × nIn. */
  w: Float32Array;
  b: Float32Array;
  /** The weight's and bias's paths in the model, which hand edits name. */
  wPath: string;
  bPath: string | null;
}

export interface NeuronMaps {
  layer: number;
  units: number;
  /** units × (NEURON_GRID² or CURVE_POINTS) activations, unit-major. */
  values: Float32Array;
}

export interface View {
  steps: number;
  epoch: number;
  lr: number;
  done: boolean;
  diverged: { step: number; loss: number } | null;
  trainLoss: number;
  testLoss: number;
  trainAcc?: number;
  testAcc?: number;
  history: HistoryPoint[];
  health: HealthPoint[];
  probes: ProbePoint[];
  /** 2-D: GRID² rows × output width (probabilities for classes, values for regression); 1-D: CURVE_POINTS predictions. */
  output: Float32Array;
  outputWidth: number;
  neurons: NeuronMaps[];
  weights: LayerWeights[];
  /** Test-set confusion counts, true class-major (classification only). */
  confusion?: number[];
  /** 1-D tasks with one hidden layer: each unit's weighted output along the curve. */
  contributions?: Contributions | null;
}

export interface Dissection {
  /** The step whose weights were dissected. */
  steps: number;
  /** The exact count over the plane (or interval) shown, or null when it could not be computed. */
  count: number | null;
  /** Why there is no count: a layer that is not piecewise linear, more than MAX_REGIONS regions, or input features that are not the raw inputs. */
  reason?: { kind: 'unsupported' | 'tooMany' | 'features'; message: string };
  /** 2-D: every region's polygon as x,y pairs, with offsets into it per region; 1-D: the kinks. */
  polygons?: { xy: Float32Array; starts: Uint32Array; patterns: string[] };
  kinks?: number[];
  domain: { x: [number, number]; y: [number, number] };
  bounds: {
    zaslavsky: number | null;
    montufar: number | null;
    serra: number | null;
    naive: number | null;
  } | null;
  /** With identity activations only: the single affine map the whole network is. */
  collapsed?: { weight: number[][]; bias: number[] };
}

export interface Inspection {
  point: number[];
  pattern?: string;
  weight?: number[][];
  bias?: number[];
  output?: number[];
  message?: string;
}

let lab: Lab | null = null;

function points(ds: LabData['train'], oneD: boolean): Float32Array {
  const n = ds.x.rows;
  const out = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    out[3 * i] = ds.x.data[i * ds.x.cols];
    out[3 * i + 1] = oneD ? 0 : ds.x.data[i * ds.x.cols + 1];
    out[3 * i + 2] = ds.y.data[i];
  }
  return out;
}

/** Logits → what the map shows: a probability per class (sigmoid for one logit, softmax for several). */
function probabilities(
  out: Float32Array,
  rows: number,
  width: number,
  classification: boolean,
): Float32Array {
  if (!classification) return out;
  if (width === 1) {
    const p = new Float32Array(rows);
    for (let i = 0; i < rows; i++) p[i] = 1 / (1 + Math.exp(-out[i]));
    return p;
  }
  const p = new Float32Array(rows * width);
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let k = 0; k < width; k++) max = Math.max(max, out[i * width + k]);
    let sum = 0;
    for (let k = 0; k < width; k++) sum += p[i * width + k] = Math.exp(out[i * width + k] - max);
    for (let k = 0; k < width; k++) p[i * width + k] /= sum;
  }
  return p;
}

function predictedClass(p: Float32Array, i: number, width: number): number {
  if (width === 1) return p[i] > 0.5 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < width; k++) if (p[i * width + k] > p[i * width + best]) best = k;
  return best;
}

type Pictures = Pick<
  View,
  | 'output'
  | 'outputWidth'
  | 'neurons'
  | 'weights'
  | 'confusion'
  | 'contributions'
  | 'trainLoss'
  | 'testLoss'
  | 'trainAcc'
  | 'testAcc'
>;

/** The map, neuron maps, weights, confusion matrix and full-set losses: everything that costs a forward pass over many rows. */
function pictures(l: Lab): Pictures {
  const { data, model } = l;
  const classification = data.kind === 'classification';
  const grid = l.inputs(l.grid(data.kind === 'function' ? CURVE_POINTS : GRID));
  const out = model.predict(grid);
  const output = probabilities(Float32Array.from(out.data), out.rows, out.cols, classification);
  const traceGrid = data.kind === 'function' ? grid : l.inputs(l.grid(NEURON_GRID));
  const neurons = model.traceActivations(traceGrid).map((rec, layer) => {
    const units = Math.min(rec.post.cols, MAX_NEURON_MAPS);
    const rows = rec.post.rows;
    const values = new Float32Array(units * rows);
    for (let u = 0; u < units; u++)
      for (let r = 0; r < rows; r++) values[u * rows + r] = rec.post.data[r * rec.post.cols + u];
    return { layer, units, values };
  });
  const paths = new Map(model.namedParams().map((p) => [p.param, p.path]));
  const weights = model.linears().map((lin) => ({
    nIn: lin.nIn,
    nOut: lin.nOut,
    w: Float32Array.from(lin.weight.value.data),
    b: lin.bias ? Float32Array.from(lin.bias.value.data) : new Float32Array(lin.nOut),
    wPath: paths.get(lin.weight) ?? '',
    bPath: lin.bias ? (paths.get(lin.bias) ?? null) : null,
  }));
  let confusion: number[] | undefined;
  if (classification) {
    const k = data.classCount;
    confusion = new Array(k * k).fill(0);
    const o = model.predict(data.test.x);
    const p = probabilities(Float32Array.from(o.data), o.rows, o.cols, true);
    for (let i = 0; i < o.rows; i++) confusion[data.test.y.data[i] * k + predictedClass(p, i, o.cols)]++;
  }
  const tr = l.metrics(data.train);
  const te = l.metrics(data.test);
  return {
    output,
    outputWidth: out.cols,
    neurons,
    weights,
    confusion,
    contributions: data.kind === 'function' ? contributionCurves(model, grid) : null,
    trainLoss: tr.loss,
    testLoss: te.loss,
    trainAcc: tr.accuracy,
    testAcc: te.accuracy,
  };
}

/**
 * Pictures may take at most this share of the worker's time while training:
 * a 2-8-8-1 net redraws every frame, a 2-256-256-1 net (whose 64×64 map alone
 * is a quarter of a billion multiply-adds) every few frames, and its training
 * keeps most of the time.
 */
const PICTURE_SHARE = 0.2;
let cached: { pictures: Pictures; at: number; cost: number } | null = null;

/** A view whose pictures are left out when they have not been redrawn since the last one sent. */
export type ViewUpdate = Omit<View, keyof Pictures> & Partial<Pictures>;

function view(l: Lab, fresh: boolean): View;
function view(l: Lab, fresh: boolean, skipUnchanged: true): ViewUpdate;
function view(l: Lab, fresh: boolean, skipUnchanged = false): ViewUpdate {
  const now = performance.now();
  const redraw = fresh || !cached || now - cached.at >= (cached.cost * (1 - PICTURE_SHARE)) / PICTURE_SHARE;
  if (redraw || !cached) {
    const pics = pictures(l);
    cached = { pictures: pics, at: performance.now(), cost: performance.now() - now };
  }
  const base = {
    steps: l.steps,
    epoch: l.epoch,
    lr: l.trainer.lr,
    done: l.done,
    diverged: l.diverged,
    history: l.history,
    health: l.health,
    probes: l.probes,
  };
  if (skipUnchanged && !redraw) return base;
  // Copied, not transferred: the cache keeps its arrays for the next full view.
  return { ...base, ...cached.pictures };
}

function need(): Lab {
  if (!lab) throw new Error('no run is configured');
  return lab;
}

const api = {
  /** Builds data, model and trainer from scratch: step 0, the seeded initial weights (a function task loads the expression parser first). */
  async configure(settings: Settings): Promise<ConfigureResult> {
    cached = null;
    try {
      lab = await Lab.open(settings);
    } catch (e) {
      lab = null;
      if (e instanceof SettingsError) return { ok: false, field: e.field, message: e.message };
      return { ok: false, field: 'network', message: (e as Error).message };
    }
    const { data, model } = lab;
    const oneD = data.kind === 'function';
    return {
      ok: true,
      data: {
        kind: data.kind,
        classCount: data.classCount,
        extent: data.extent,
        train: points(data.raw.train, oneD),
        test: points(data.raw.test, oneD),
        paramCount: model.paramCount(),
        label: String(model).split(' — ')[0],
        featureNames: data.featureNames,
        rawInputs: data.rawInputs,
      },
    };
  },

  /** Training settings changed without a reset; returns an error text or null. */
  retune(settings: Settings): string | null {
    try {
      need().retune(settings);
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  },

  /**
   * Trains for about budgetMs (at most maxSteps steps, and never past
   * untilStep when given), then returns the view. The clock is read every few
   * steps so that small nets run thousands of steps per frame.
   */
  advance(budgetMs: number, maxSteps: number, untilStep = Infinity): ViewUpdate {
    const l = need();
    const start = performance.now();
    let left = Math.min(maxSteps, untilStep - l.steps);
    let chunk = 1;
    while (left > 0 && !l.done) {
      const ran = l.run(Math.min(chunk, left));
      left -= ran;
      if (ran === 0 || performance.now() - start >= budgetMs) break;
      chunk = Math.min(chunk * 2, 256);
    }
    // A run that stops (step button, replay target, epoch limit, divergence) is drawn as it is now.
    return view(l, maxSteps !== Infinity || l.steps >= untilStep || l.done, true);
  },

  view(): View {
    return view(need(), true);
  },

  /** Sets one weight or bias by hand at the current step: the edits to keep in the settings and the redrawn view, or why not. */
  edit(param: string, index: number, value: number): { edits: HandEdit[]; view: View } | { error: string } {
    const l = need();
    const r = l.edit(param, index, value);
    if (typeof r === 'string') return { error: r };
    return { edits: r, view: view(l, true) };
  },

  /** Every unit's formula with the current weights, the first maxUnits per layer, numbers to `digits` significant digits. */
  formula(maxUnits: number, digits: number): NetworkFormula | { error: string } {
    const l = need();
    try {
      return networkFormula(l.model, {
        // The network reads its feature columns (x1², sin x1, …), so its formulas are written in them.
        inputs: featureIdentifiers(l.data.features),
        maxUnits,
        precision: digits,
      });
    } catch (e) {
      return { error: (e as Error).message };
    }
  },

  restoreLastGood(): number {
    return need().restoreLastGood();
  },

  /** A CSV of x1, x2 and a class column as points, or the reason it cannot be used. */
  readCsv(text: string, name: string, maxClasses: number): Point[] | string {
    try {
      const ds = parseCsv(text, { source: name, task: 'multiclass' });
      if (ds.x.cols !== 2) {
        return `it has ${ds.x.cols} feature columns; the playground needs exactly 2 (x1, x2) and a class column`;
      }
      const k = ds.classes?.length ?? 0;
      if (k < 2 || k > maxClasses) return `it has ${k} classes; use 2 to ${maxClasses}`;
      const out: Point[] = [];
      for (let i = 0; i < ds.x.rows; i++)
        out.push({ x: ds.x.data[2 * i], y: ds.x.data[2 * i + 1], c: ds.y.data[i] });
      return out;
    } catch (e) {
      return (e as Error).message;
    }
  },

  /** Exact linear regions over the view's plane (or the fit's interval), the bounds for this shape, and the collapsed map of a linear net. */
  dissect(): Dissection {
    const l = need();
    const { model, data, settings } = l;
    const domain = data.extent;
    const widths = [data.train.x.cols, ...settings.layers.map((h) => h.units), model.nOut];
    let bounds: Dissection['bounds'] = null;
    try {
      bounds = regionBounds(widths);
    } catch {
      bounds = null;
    }
    const out: Dissection = { steps: l.steps, count: null, domain, bounds };
    if (settings.layers.every((h) => h.activation === 'identity')) {
      try {
        out.collapsed = collapseAffine(model);
      } catch {
        out.collapsed = undefined;
      }
    }
    if (!data.rawInputs) {
      // The regions live in the features' space; over the plane the network bends along x1², sin(x1), ….
      out.reason = { kind: 'features', message: 'input features other than the raw inputs' };
      return out;
    }
    try {
      if (data.kind === 'function') {
        const r = linearRegions1d(model, domain.x[0], domain.x[1], { maxRegions: MAX_REGIONS });
        out.count = r.pieces.length;
        out.kinks = r.kinks;
      } else {
        const r = linearRegions2d(model, domain, { maxRegions: MAX_REGIONS });
        out.count = r.count;
        let n = 0;
        for (const reg of r.regions) n += reg.polygon.length;
        const xy = new Float32Array(2 * n);
        const starts = new Uint32Array(r.regions.length + 1);
        let k = 0;
        r.regions.forEach((reg, i) => {
          starts[i] = k / 2;
          for (const [a, b] of reg.polygon) {
            xy[k++] = a;
            xy[k++] = b;
          }
        });
        starts[r.regions.length] = k / 2;
        out.polygons = { xy, starts, patterns: r.regions.map((reg) => reg.pattern) };
      }
    } catch (e) {
      if (e instanceof UnsupportedLayerError) out.reason = { kind: 'unsupported', message: e.message };
      else if (e instanceof RegionLimitError) out.reason = { kind: 'tooMany', message: e.message };
      else throw e;
    }
    return out;
  },

  /** The activation pattern and exact affine map at a point (piecewise-linear nets), or why there is none. */
  inspect(point: number[]): Inspection {
    const l = need();
    const { data } = l;
    // With features the map is affine in the feature columns at φ(point), not in the raw inputs.
    const x = data.rawInputs
      ? point
      : Array.from(applyFeatures(data.features, fromRows([point], 'float64')).data);
    try {
      const m = localAffineMap(l.model, x);
      return { point, pattern: m.pattern, weight: m.weight, bias: m.bias, output: m.output };
    } catch (e) {
      return { point, message: (e as Error).message };
    }
  },

  /** Where hidden layer `layer` puts the training points, with a linear fit; null for regression or a layer that is not there. */
  hidden(layer: number): HiddenSpace | null {
    const l = need();
    const { data, model } = l;
    if (data.kind !== 'classification' || layer < 0 || layer >= model.activationLayers().length) return null;
    return hiddenSpace(model, data.train.x, data.train.y, layer, data.classCount);
  },

  /** A guided tour's claim, measured with the library's constructions (independent of the run). */
  tour(id: TourId): TourMeasure {
    return TOUR_MEASURES[id]();
  },

  exportModel(): string {
    return need().exportModel();
  },

  importModel(text: string): string | null {
    return need().importModel(text);
  },

  exportOnnx(): Uint8Array<ArrayBuffer> {
    return onnxOf(need().exportModel());
  },

  /** A model file (with the settings of its layers) from an ONNX file's bytes, or why not. */
  readOnnx(bytes: Uint8Array, name: string, current: Settings): { text: string } | { error: string } {
    return modelFileFromOnnx(bytes, name, current);
  },

  /**
   * Bench's W1 (2-8-8-1 tanh, SGD, batch 10) timed in this worker by the very
   * function `npm run bench` uses in Node, for scripts/measure-playground.mjs.
   */
  benchW1(options?: MeasureOptions): Timing {
    return timeW1(options);
  },
};

export type WorkerApi = typeof api;
expose(inOrder(api));
