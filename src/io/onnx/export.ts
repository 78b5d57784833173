/**
 * An mlp-lab model as an ONNX graph (opset 17, float32), for onnxruntime,
 * Netron or any other ONNX tool.
 *
 *   const bytes = modelToOnnx(loaded);   // loaded = parseModel(...) / loadModel(path)
 *
 * Graph inputs and outputs:
 *   input  [batch, nIn]   in the data's original units: the model file's
 *                          standardisation is the graph's first nodes (Sub, Div)
 *   output [batch, nOut]  what `mlp-lab predict` computes: Sigmoid of the logit
 *                          for a binary model, Softmax for a multiclass one, the
 *                          net's output itself for regression
 *   logits [batch, nOut]  the net's raw output
 *
 * Layers map to Gemm (transB = 1, weights [nOut, nIn] as in PyTorch;
 * spectral-normalised weights exported as the W/σ the forward uses),
 * BatchNormalization (inference form, running statistics), LayerNormalization,
 * residual Adds, and the activations ONNX has; GELU (not in opset 17) and
 * SiLU are built from Erf/Tanh/Sigmoid and Mul. Dropout is the identity at
 * inference and leaves no node.
 */
import { Activation } from '../../nn/activationLayer.js';
import { BatchNorm1d } from '../../nn/batchnorm.js';
import { Dropout } from '../../nn/dropout.js';
import type { Layer } from '../../nn/layer.js';
import { LayerNorm } from '../../nn/layernorm.js';
import { Linear } from '../../nn/linear.js';
import { Residual } from '../../nn/residual.js';
import type { LoadedModel } from '../modelFile.js';
import {
  ATTRIBUTE_TYPE,
  type AttributeJson,
  DATA_TYPE,
  encodeModel,
  IR_VERSION,
  type NodeJson,
  OPSET,
  type TensorJson,
  type ValueInfoJson,
} from './schema.js';

export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'output';
export const ONNX_LOGITS = 'logits';

const floatAttr = (name: string, f: number): AttributeJson => ({ name, type: ATTRIBUTE_TYPE.FLOAT, f });
const intAttr = (name: string, i: number): AttributeJson => ({ name, type: ATTRIBUTE_TYPE.INT, i });

function floatTensor(name: string, dims: number[], values: ArrayLike<number>): TensorJson {
  const data = Float32Array.from(values as ArrayLike<number>);
  return { name, dims, dataType: DATA_TYPE.FLOAT, rawData: new Uint8Array(data.buffer) };
}

/** Collects nodes and initializers with unique names, each value named after the layer that makes it. */
class GraphBuilder {
  readonly nodes: NodeJson[] = [];
  readonly initializers: TensorJson[] = [];
  private count = 0;

  constant(name: string, dims: number[], values: ArrayLike<number>): string {
    const unique = `${name}_${this.count++}`;
    this.initializers.push(floatTensor(unique, dims, values));
    return unique;
  }

  node(opType: string, inputs: string[], attributes: AttributeJson[] = [], output?: string): string {
    const out = output ?? `${opType.toLowerCase()}_${this.count++}`;
    this.nodes.push({
      opType,
      input: inputs,
      output: [out],
      name: `${opType}_${this.nodes.length}`,
      attribute: attributes,
    });
    return out;
  }
}

/** Activation nodes with PyTorch's semantics: the attributes say the constants even where ONNX's defaults agree. */
function activationNodes(g: GraphBuilder, layer: Activation, x: string): string {
  const { name, alpha } = layer;
  switch (name) {
    case 'identity':
      return g.node('Identity', [x]);
    case 'relu':
      return g.node('Relu', [x]);
    case 'leaky_relu':
      return g.node('LeakyRelu', [x], [floatAttr('alpha', alpha)]);
    case 'elu':
      return g.node('Elu', [x], [floatAttr('alpha', alpha)]);
    case 'sigmoid':
      return g.node('Sigmoid', [x]);
    case 'tanh':
      return g.node('Tanh', [x]);
    case 'softplus':
      return g.node('Softplus', [x]);
    case 'sin':
      return g.node('Sin', [x]);
    // ONNX's default alpha is 0.2; PyTorch's Hardsigmoid (and mlp-lab's) is x/6 + 1/2.
    case 'hard_sigmoid':
      return g.node('HardSigmoid', [x], [floatAttr('alpha', 1 / 6), floatAttr('beta', 0.5)]);
    case 'hard_tanh':
      return g.node('Clip', [x, g.constant('min', [], [-1]), g.constant('max', [], [1])]);
    case 'silu':
      return g.node('Mul', [x, g.node('Sigmoid', [x])]);
    case 'gelu': {
      // x · (1 + erf(x/√2)) / 2
      const erf = g.node('Erf', [g.node('Mul', [x, g.constant('inv_sqrt2', [], [Math.SQRT1_2])])]);
      const onePlus = g.node('Add', [erf, g.constant('one', [], [1])]);
      return g.node('Mul', [g.node('Mul', [x, onePlus]), g.constant('half', [], [0.5])]);
    }
    case 'gelu_tanh': {
      // x · (1 + tanh(√(2/π)(x + 0.044715x³))) / 2
      const cube = g.node('Mul', [g.node('Mul', [x, x]), x]);
      const inner = g.node('Add', [x, g.node('Mul', [cube, g.constant('c', [], [0.044715])])]);
      const t = g.node('Tanh', [
        g.node('Mul', [inner, g.constant('sqrt_2_over_pi', [], [Math.sqrt(2 / Math.PI)])]),
      ]);
      const onePlus = g.node('Add', [t, g.constant('one', [], [1])]);
      return g.node('Mul', [g.node('Mul', [x, onePlus]), g.constant('half', [], [0.5])]);
    }
  }
}

function layerNodes(g: GraphBuilder, layer: Layer, x: string): string {
  if (layer instanceof Linear) {
    const W = layer.effectiveWeight(false);
    const inputs = [x, g.constant('weight', [layer.nOut, layer.nIn], W.data)];
    if (layer.bias) inputs.push(g.constant('bias', [layer.nOut], layer.bias.value.data));
    return g.node('Gemm', inputs, [intAttr('transB', 1)]);
  }
  if (layer instanceof Activation) return activationNodes(g, layer, x);
  if (layer instanceof Dropout) return x;
  if (layer instanceof BatchNorm1d) {
    const n = layer.nIn;
    return g.node(
      'BatchNormalization',
      [
        x,
        g.constant('bn_scale', [n], layer.gamma.value.data),
        g.constant('bn_bias', [n], layer.beta.value.data),
        g.constant('bn_mean', [n], layer.runningMean.data),
        g.constant('bn_var', [n], layer.runningVar.data),
      ],
      [floatAttr('epsilon', layer.eps)],
    );
  }
  if (layer instanceof LayerNorm) {
    const n = layer.nIn;
    return g.node(
      'LayerNormalization',
      [
        x,
        g.constant('ln_scale', [n], layer.gamma.value.data),
        g.constant('ln_bias', [n], layer.beta.value.data),
      ],
      [intAttr('axis', -1), floatAttr('epsilon', layer.eps)],
    );
  }
  if (layer instanceof Residual) {
    let h = layer.norm ? layerNodes(g, layer.norm, x) : x;
    for (const child of layer.body) h = layerNodes(g, child, h);
    return g.node('Add', [x, h]);
  }
  throw new Error(
    `${layer.kind} layers have no ONNX export (${layer}); export models of linear, activation, dropout, batchnorm, layernorm and residual layers`,
  );
}

const tensorInfo = (name: string, width: number): ValueInfoJson => ({
  name,
  type: {
    tensorType: { elemType: DATA_TYPE.FLOAT, shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] } },
  },
});

/** The ONNX file's bytes for a loaded model; throws naming the layer when one has no ONNX form. */
export function modelToOnnx(loaded: LoadedModel, producerVersion = ''): Uint8Array {
  const { model, metadata, standardizer } = loaded;
  if (metadata.inputFeatures !== undefined) {
    throw new Error(
      `the model takes input features (${metadata.featureNames?.join(', ') ?? 'recorded in its file'}) that the ONNX graph would not compute; use the model file with mlp-lab predict, or train on the raw inputs`,
    );
  }
  const g = new GraphBuilder();
  let x = ONNX_INPUT;
  if (standardizer) {
    const n = standardizer.mean.length;
    x = g.node('Sub', [x, g.constant('mean', [n], standardizer.mean)]);
    x = g.node('Div', [x, g.constant('std', [n], standardizer.std)]);
  }
  const layers = model.layers;
  for (let i = 0; i < layers.length; i++) {
    const last = i === layers.length - 1;
    x = layerNodes(g, layers[i]!, x);
    if (last) g.node('Identity', [x], [], ONNX_LOGITS);
  }
  if (metadata.task === 'binary') g.node('Sigmoid', [ONNX_LOGITS], [], ONNX_OUTPUT);
  else if (metadata.task === 'multiclass')
    g.node('Softmax', [ONNX_LOGITS], [intAttr('axis', -1)], ONNX_OUTPUT);
  else g.node('Identity', [ONNX_LOGITS], [], ONNX_OUTPUT);
  const nOut = model.layers[model.layers.length - 1]!.nOut;
  const props: Array<{ key: string; value: string }> = [];
  if (metadata.task) props.push({ key: 'task', value: metadata.task });
  if (metadata.classes) props.push({ key: 'classes', value: JSON.stringify(metadata.classes) });
  if (metadata.featureNames)
    props.push({ key: 'featureNames', value: JSON.stringify(metadata.featureNames) });
  return encodeModel({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'mlp-lab',
    producerVersion,
    graph: {
      name: model.label ?? 'mlp',
      node: g.nodes,
      initializer: g.initializers,
      input: [tensorInfo(ONNX_INPUT, model.nIn)],
      output: [tensorInfo(ONNX_OUTPUT, nOut), tensorInfo(ONNX_LOGITS, nOut)],
    },
    metadataProps: props,
  });
}
