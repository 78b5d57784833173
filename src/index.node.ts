/**
 * mlp-lab as `import 'mlp-lab'` resolves in Node (the package's "node" export
 * condition): the browser-safe API, with large matrix products on the system
 * BLAS when one loads and passes its self-check (src/kernels/native/).
 */
export * from './index.js';
export {
  type BackendInfo,
  backendInfo,
  installNativeBlas,
  NATIVE_MIN_WORK_F32,
  NATIVE_MIN_WORK_F64,
  setBlasThreads,
} from './kernels/native/install.node.js';
