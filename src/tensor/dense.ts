/**
 * The fused dense kernel as tensor offers it to the layers: one call per
 * direction for a Linear and the activation after it (src/kernels/wasm/wasmDense.ts).
 */
export {
  createDenseArena,
  type DenseActivation,
  type DenseArena,
  type DenseShape,
} from '../kernels/wasm/wasmDense.js';
