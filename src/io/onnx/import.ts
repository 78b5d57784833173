/**
 * MLP-shaped ONNX graphs into mlp-lab models, so a PyTorch user can bring
 * `torch.onnx.export(nn.Sequential(nn.Linear(...), nn.ReLU(), ...))` here
 * and look at its linear regions, probes and gradients.
 *
 *   const { model, metadata } = onnxToModel(bytes);
 *
 * The graph is read as a chain from its input: Gemm (any transB) or MatMul
 * followed by an Add of a constant make a linear layer; Relu, LeakyRelu, Elu,
 * Sigmoid, Tanh, Softplus, Sin, HardSigmoid (PyTorch's constants), Clip to
 * [−1, 1] and x·Sigmoid(x) make activations; BatchNormalization and
 * LayerNormalization their layers; an Add of the chain to an earlier point
 * of it a residual block; Dropout, Identity and Flatten pass through. Sub and
 * Div of constants before the first layer become the model's input
 * standardisation, and a last Softmax makes a multiclass model (mlp-lab
 * keeps logits and applies the softmax in predict). A graph written by
 * `mlp-lab export` is read up to its logits output. Anything else is refused
 * with a message naming the op.
 */
import type { Task } from '../../data/dataset.js';
import type { Standardizer } from '../../data/standardize.js';
import { buildModel } from '../../nn/build.js';
import type { ActivationSpec, Layer, LayerSpec } from '../../nn/layer.js';
import type { Sequential } from '../../nn/sequential.js';
import type { ModelMetadata } from '../modelFile.js';
import { ONNX_LOGITS } from './export.js';
import { DATA_TYPE, decodeModel, type NodeJson, type TensorJson } from './schema.js';

export interface ImportedModel {
  readonly model: Sequential;
  readonly metadata: ModelMetadata;
}

interface Constant {
  readonly dims: number[];
  readonly values: Float64Array;
}

/** A layer spec with the values of its parameters and buffers by name; children for residual blocks. */
interface Imported {
  spec: LayerSpec;
  values: Map<string, ArrayLike<number>>;
  children?: Imported[];
}

function tensorValues(t: TensorJson): Float64Array {
  const type = t.dataType ?? DATA_TYPE.FLOAT;
  if (t.rawData && t.rawData.length > 0) {
    const bytes = new Uint8Array(t.rawData);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (type === DATA_TYPE.FLOAT)
      return Float64Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(4 * i, true));
    if (type === DATA_TYPE.DOUBLE)
      return Float64Array.from({ length: bytes.length / 8 }, (_, i) => view.getFloat64(8 * i, true));
    if (type === DATA_TYPE.INT64) {
      return Float64Array.from({ length: bytes.length / 8 }, (_, i) => Number(view.getBigInt64(8 * i, true)));
    }
  } else {
    if (type === DATA_TYPE.FLOAT) return Float64Array.from(t.floatData ?? []);
    if (type === DATA_TYPE.DOUBLE) return Float64Array.from(t.doubleData ?? []);
    if (type === DATA_TYPE.INT64) return Float64Array.from(t.int64Data ?? []);
  }
  throw new Error(
    `tensor '${t.name}' has ONNX data type ${type}; only float, double and int64 tensors are read`,
  );
}

function transpose(values: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c]!;
  return out;
}

const attribute = (node: NodeJson, name: string) => node.attribute?.find((a) => a.name === name);
/** Float attributes are float32 in ONNX: 0.01 arrives as 0.009999999776; seven digits give the number that was meant. */
const floatAttr = (node: NodeJson, name: string, fallback: number) => {
  const f = attribute(node, name)?.f;
  return f === undefined ? fallback : Number(f.toPrecision(7));
};
const intAttr = (node: NodeJson, name: string, fallback: number) => attribute(node, name)?.i ?? fallback;

const SIMPLE_ACTIVATIONS: Record<string, ActivationSpec> = {
  Relu: 'relu',
  Sigmoid: 'sigmoid',
  Tanh: 'tanh',
  Softplus: 'softplus',
  Sin: 'sin',
};

const PASS_THROUGH = new Set(['Identity', 'Dropout', 'Flatten']);

/** Reads an ONNX file's bytes; throws one line naming what cannot be read (an op, a shape, a constant). */
export function onnxToModel(bytes: Uint8Array, source = 'ONNX file'): ImportedModel {
  let decoded: ReturnType<typeof decodeModel>;
  try {
    decoded = decodeModel(bytes);
  } catch (e) {
    throw new Error(`${source} is not an ONNX model (${(e as Error).message})`);
  }
  const graph = decoded.graph;
  if (!graph?.node?.length) throw new Error(`${source} has no graph nodes; is it an ONNX model?`);
  const constants = new Map<string, Constant>();
  for (const t of graph.initializer ?? [])
    constants.set(t.name ?? '', { dims: t.dims ?? [], values: tensorValues(t) });
  for (const node of graph.node) {
    if (node.opType === 'Constant') {
      const t = attribute(node, 'value')?.t;
      if (!t) throw new Error(`${source}: Constant node ${node.name ?? ''} has no tensor value`);
      constants.set(node.output![0]!, { dims: t.dims ?? [], values: tensorValues(t) });
    }
  }
  const input = (graph.input ?? []).find((i) => !constants.has(i.name));
  if (!input) throw new Error(`${source}: the graph has no input besides its weights`);
  const props = new Map((decoded.metadataProps ?? []).map((p) => [p.key, p.value]));
  const outputs = (graph.output ?? []).map((o) => o.name);
  const stopAt = outputs.includes(ONNX_LOGITS) && props.has('task') ? ONNX_LOGITS : outputs[0];

  const fail = (node: NodeJson, why: string): never => {
    throw new Error(`${source}: node ${node.name || node.opType} (${node.opType}) ${why}`);
  };
  const constantOf = (node: NodeJson, name: string | undefined): Constant => {
    const c = name === undefined ? undefined : constants.get(name);
    if (!c) fail(node, `needs a constant for '${name}', but it is computed in the graph`);
    return c!;
  };

  const layers: Imported[] = [];
  /** For each value on the chain, how many layers existed when it was made: a residual Add cuts there. */
  const chain = new Map<string, number>([[input.name, 0]]);
  /** Sigmoid outputs and their inputs, to recognise x·Sigmoid(x) as SiLU. */
  const sigmoidOf = new Map<string, string>();
  let current = input.name;
  let width = input.type?.tensorType?.shape?.dim?.[1]?.dimValue;
  let mean: number[] | undefined;
  let std: number[] | undefined;
  let task: Task | undefined;
  const push = (layer: Imported) => layers.push(layer);
  const need = (): number => {
    if (width === undefined) throw new Error(`${source}: the input width is unknown before the first layer`);
    return width;
  };

  for (const node of graph.node) {
    if (node.opType === 'Constant') continue;
    const ins = node.input ?? [];
    const dynamic = ins.filter((n) => n !== '' && !constants.has(n));
    if (!dynamic.includes(current)) {
      fail(
        node,
        `does not continue the chain from the input at '${current}'; only MLP-shaped graphs are imported`,
      );
    }
    if (current === stopAt) break;
    const op = node.opType;
    let layer: Imported | undefined;
    if (op === 'Gemm' || op === 'MatMul') {
      if (
        op === 'Gemm' &&
        (intAttr(node, 'transA', 0) !== 0 ||
          floatAttr(node, 'alpha', 1) !== 1 ||
          floatAttr(node, 'beta', 1) !== 1)
      ) {
        fail(node, 'uses transA, alpha or beta; export with plain Linear layers');
      }
      const W = constantOf(node, ins[1]);
      if (W.dims.length !== 2) fail(node, `has a weight of shape [${W.dims.join(', ')}], not a matrix`);
      const transB = op === 'Gemm' && intAttr(node, 'transB', 0) === 1;
      const [nOut, nIn] = transB ? [W.dims[0]!, W.dims[1]!] : [W.dims[1]!, W.dims[0]!];
      if (width === undefined) width = nIn;
      if (nIn !== width) fail(node, `takes ${nIn} inputs but the chain is ${width} wide here`);
      const weight = transB ? W.values : transpose(W.values, nIn, nOut);
      const values = new Map<string, ArrayLike<number>>([['weight', weight]]);
      const bias = op === 'Gemm' && ins[2] ? constantOf(node, ins[2]).values : undefined;
      if (bias) values.set('bias', broadcast(bias, nOut, node, fail));
      layer = { spec: { kind: 'linear', nIn, nOut, bias: bias !== undefined || op === 'MatMul' }, values };
      if (op === 'MatMul') values.set('bias', new Float64Array(nOut));
      width = nOut;
    } else if (op === 'Add' && dynamic.length === 1) {
      const last = layers.at(-1);
      if (last?.spec.kind !== 'linear' || chain.get(current) !== layers.length) {
        fail(node, 'adds a constant that is not the bias of the Gemm or MatMul just before it');
      }
      const bias = constantOf(
        node,
        ins.find((n) => constants.has(n)),
      );
      const prior = last!.values.get('bias')!;
      const b = broadcast(bias.values, need(), node, fail);
      last!.values.set(
        'bias',
        Float64Array.from(b, (v, i) => v + prior[i]!),
      );
    } else if (op === 'Add' && dynamic.length === 2) {
      const skip = dynamic.find((n) => n !== current)!;
      const start = chain.get(skip);
      if (start === undefined) fail(node, `adds '${skip}', which is not an earlier point of the chain`);
      const inner = layers.splice(start!);
      const first = inner[0];
      const norm =
        first && (first.spec.kind === 'layernorm' || first.spec.kind === 'batchnorm')
          ? inner.shift()!
          : undefined;
      push({
        spec: { kind: 'residual', nIn: need(), norm: norm?.spec ?? null, body: inner.map((l) => l.spec) },
        values: new Map(),
        children: norm ? [norm, ...inner] : inner,
      });
    } else if (op === 'Sub' || op === 'Div') {
      if (layers.length > 0 || (op === 'Sub' ? mean : std) !== undefined) {
        fail(node, 'is only read as input standardisation, before the first layer');
      }
      const c = constantOf(node, ins[1]);
      const n = need();
      const values = Array.from(broadcast(c.values, n, node, fail));
      if (op === 'Sub') mean = values;
      else std = values;
    } else if (op in SIMPLE_ACTIVATIONS) {
      if (op === 'Sigmoid') sigmoidOf.set(node.output![0]!, current);
      layer = activation(need(), SIMPLE_ACTIVATIONS[op]!);
    } else if (op === 'LeakyRelu') {
      layer = activation(need(), { name: 'leaky_relu', alpha: floatAttr(node, 'alpha', 0.01) });
    } else if (op === 'Elu') {
      layer = activation(need(), { name: 'elu', alpha: floatAttr(node, 'alpha', 1) });
    } else if (op === 'HardSigmoid') {
      const alpha = floatAttr(node, 'alpha', 0.2);
      const beta = floatAttr(node, 'beta', 0.5);
      if (Math.abs(alpha - 1 / 6) > 1e-6 || beta !== 0.5) {
        fail(
          node,
          `has alpha ${alpha}, beta ${beta}; mlp-lab's hard_sigmoid is PyTorch's (alpha 1/6, beta 0.5)`,
        );
      }
      layer = activation(need(), 'hard_sigmoid');
    } else if (op === 'Clip') {
      const lo = ins[1]
        ? constantOf(node, ins[1]).values[0]
        : floatAttr(node, 'min', Number.NEGATIVE_INFINITY);
      const hi = ins[2]
        ? constantOf(node, ins[2]).values[0]
        : floatAttr(node, 'max', Number.POSITIVE_INFINITY);
      if (lo !== -1 || hi !== 1)
        fail(node, `clips to [${lo}, ${hi}]; only [-1, 1] (hard_tanh) has an mlp-lab layer`);
      layer = activation(need(), 'hard_tanh');
    } else if (op === 'Mul' && dynamic.length === 2) {
      const other = dynamic.find((n) => n !== current);
      const last = layers.at(-1);
      if (sigmoidOf.get(current) !== other || last?.spec.kind !== 'activation') {
        fail(node, 'multiplies two values; only x·Sigmoid(x) (SiLU) is read');
      }
      layers.pop();
      layer = activation(need(), 'silu');
    } else if (op === 'BatchNormalization') {
      const n = need();
      const [scale, bias, runMean, runVar] = [1, 2, 3, 4].map((k) => constantOf(node, ins[k]).values);
      layer = {
        spec: {
          kind: 'batchnorm',
          nIn: n,
          momentum: 1 - floatAttr(node, 'momentum', 0.9),
          eps: floatAttr(node, 'epsilon', 1e-5),
        },
        values: new Map([
          ['gamma', scale!],
          ['beta', bias!],
          ['running_mean', runMean!],
          ['running_var', runVar!],
        ]),
      };
    } else if (op === 'LayerNormalization') {
      const n = need();
      const axis = intAttr(node, 'axis', -1);
      if (axis !== -1 && axis !== 1)
        fail(node, `normalises over axis ${axis}; only the feature axis is read`);
      layer = {
        spec: { kind: 'layernorm', nIn: n, eps: floatAttr(node, 'epsilon', 1e-5) },
        values: new Map([
          ['gamma', constantOf(node, ins[1]).values],
          ['beta', ins[2] ? constantOf(node, ins[2]).values : new Float64Array(n)],
        ]),
      };
    } else if (op === 'Softmax' || op === 'LogSoftmax') {
      if (op === 'LogSoftmax' || !(graph.output ?? []).some((o) => o.name === node.output![0])) {
        fail(node, "is only read as the last node, a multiclass model's Softmax");
      }
      task = 'multiclass';
    } else if (!PASS_THROUGH.has(op)) {
      throw new Error(
        `${source}: unsupported ONNX op '${op}' (node ${node.name || op}); mlp-lab imports MLP-shaped graphs: Gemm or MatMul+Add, Relu, LeakyRelu, Elu, Sigmoid, Tanh, Softplus, Sin, HardSigmoid, Clip, BatchNormalization, LayerNormalization, residual Add`,
      );
    }
    if (layer) push(layer);
    current = node.output![0]!;
    chain.set(current, layers.length);
  }
  if (!layers.some((l) => l.spec.kind === 'linear' || l.spec.kind === 'residual')) {
    throw new Error(`${source} has no Gemm or MatMul layer; it is not an MLP`);
  }
  const model = buildModel({ dtype: 'float32', layers: layers.map((l) => l.spec) });
  fill(model.layers, layers);
  const standardizer: Standardizer | undefined =
    mean || std
      ? { mean: mean ?? Array(model.nIn).fill(0), std: std ?? Array(model.nIn).fill(1) }
      : undefined;
  const recorded = props.get('task');
  const metadata: ModelMetadata = {
    task: (recorded as Task | undefined) ?? task ?? 'regression',
    ...(props.has('classes') ? { classes: JSON.parse(props.get('classes')!) as string[] } : {}),
    ...(props.has('featureNames')
      ? { featureNames: JSON.parse(props.get('featureNames')!) as string[] }
      : {}),
    ...(standardizer ? { standardizer } : {}),
    createdBy: `mlp-lab import (from ${decoded.producerName || 'an unnamed producer'})`,
  };
  return { model, metadata };
}

function activation(nIn: number, spec: ActivationSpec): Imported {
  return { spec: { kind: 'activation', nIn, activation: spec }, values: new Map() };
}

/** A per-feature constant: n values, or one value for all (ONNX broadcasting). */
function broadcast(
  values: Float64Array,
  n: number,
  node: NodeJson,
  fail: (node: NodeJson, why: string) => never,
) {
  if (values.length === n) return values;
  if (values.length === 1) return new Float64Array(n).fill(values[0]!);
  return fail(node, `has a constant of ${values.length} values for a chain ${n} wide`);
}

/** Copies imported values into the built layers, which mirror the imported list (children: norm, then body). */
function fill(built: readonly Layer[], imported: readonly Imported[]): void {
  built.forEach((layer, i) => {
    const source = imported[i]!;
    for (const p of layer.params) {
      const v = source.values.get(p.name);
      if (v) p.value.data.set(v);
    }
    for (const b of layer.buffers) {
      const v = source.values.get(b.name);
      if (v) b.value.data.set(v);
    }
    if (layer.children) fill(layer.children, source.children ?? []);
  });
}
