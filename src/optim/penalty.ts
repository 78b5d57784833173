/**
 * Penalties added to the gradient after clipping and before the update rule
 * (optax order). Only parameters marked decay=true take them: weight matrices
 * yes, biases and normalisation parameters no.
 */
import type { Param } from '../nn/layer.js';

/** g ← g + wd·p: the gradient of (wd/2)·‖p‖², PyTorch's coupled weight_decay. */
export function addL2(param: Param, wd: number): void {
  const p = param.value.data;
  const g = param.grad.data;
  for (let i = 0; i < g.length; i++) g[i] += wd * p[i];
}

/** g ← g + l1·sign(p): the (sub)gradient of l1·‖p‖₁, zero at p = 0. */
export function addL1(param: Param, l1: number): void {
  const p = param.value.data;
  const g = param.grad.data;
  for (let i = 0; i < g.length; i++) g[i] += l1 * Math.sign(p[i]);
}
