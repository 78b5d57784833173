/**
 * ONNX in and out of the playground, through the library's own converters
 * (src/io/onnx): the export is `modelToOnnx` of the model file the page
 * exports; an imported graph becomes a model file whose settings name the
 * same layers, so the page's usual model import rebuilds the network and
 * loads the weights. Runs in the worker.
 */

import { parseModel, stringifyModel } from '../../src/io/modelFile.js';
import { modelToOnnx } from '../../src/io/onnx/export.js';
import { onnxToModel } from '../../src/io/onnx/import.js';
import type { LayerSpec } from '../../src/nn/layer.js';
import { DEFAULTS, type HiddenLayer, type Settings, taskKind } from './settings.js';

/** The ONNX file of the page's current model (its model file, converted). */
export function onnxOf(modelFileText: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(modelToOnnx(parseModel(modelFileText, 'model'), 'mlp-lab playground'));
}

/**
 * A model file for the page's importer from an ONNX file's bytes, its
 * settings the current ones with the graph's layers (and a task with as many
 * inputs and outputs); or the reason it cannot be shown here.
 */
export function modelFileFromOnnx(
  bytes: Uint8Array,
  name: string,
  current: Settings,
): { text: string } | { error: string } {
  let imported: ReturnType<typeof onnxToModel>;
  try {
    imported = onnxToModel(bytes, name);
  } catch (e) {
    return { error: (e as Error).message };
  }
  const { model, metadata } = imported;
  if (metadata.standardizer)
    return { error: `${name} standardises its inputs; the playground's networks take the data as drawn` };
  const specs = model.spec().layers as LayerSpec[];
  const settings: Settings = {
    ...structuredClone(current),
    norm: 'none',
    dropout: 0,
    residual: false,
    // A graph takes the raw inputs.
    features: structuredClone(DEFAULTS.features),
  };
  const layers: HiddenLayer[] = [];
  for (const l of specs) {
    if (l.kind === 'linear') layers.push({ units: l.nOut, activation: 'identity' });
    else if (l.kind === 'activation' && layers.length)
      layers[layers.length - 1].activation =
        typeof l.activation === 'string' ? l.activation : l.activation.name;
    else if (l.kind === 'batchnorm') settings.norm = 'batch';
    else if (l.kind === 'layernorm') settings.norm = 'layer';
    else if (l.kind === 'dropout') settings.dropout = l.pDrop;
    else if (l.kind === 'residual') settings.residual = true;
  }
  layers.pop();
  settings.layers = layers;
  const nIn = model.nIn;
  const nOut = model.nOut;
  const kind = taskKind(current.task);
  const classes = current.task === 'spirals' || current.task === 'gaussians' ? current.classes : 2;
  if (nIn === 1) settings.task = 'function';
  else if (nIn !== 2)
    return {
      error: `${name} takes ${nIn} inputs; the playground's networks take 1 (a curve) or 2 (the plane)`,
    };
  else if (nOut > 8) return { error: `${name} has ${nOut} outputs; the playground shows up to 8 classes` };
  else if (nOut > 2 || metadata.task === 'multiclass') {
    if (nOut !== classes || kind !== 'classification') settings.task = 'gaussians';
    settings.classes = nOut;
  } else if (nOut === 2)
    return { error: `${name} has 2 outputs; the playground's two-class networks have 1` };
  else if (kind === 'function' || classes > 2) settings.task = 'xor';
  return {
    text: stringifyModel(model, {
      ...metadata,
      training: { settings: JSON.parse(JSON.stringify(settings)) },
      createdBy: `ONNX import of ${name}`,
    }),
  };
}
