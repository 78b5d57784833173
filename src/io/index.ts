/** Browser-safe I/O: the model file format (serialise/parse) and JSON helpers. Node file access lives in *.node.ts. */
export * from './base64.js';
export * from './json.js';
export * from './modelFile.js';
export { modelToOnnx, ONNX_INPUT, ONNX_LOGITS, ONNX_OUTPUT } from './onnx/export.js';
export { type ImportedModel, onnxToModel } from './onnx/import.js';
