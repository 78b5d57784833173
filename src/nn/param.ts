import { type DType, zeros } from '../tensor/matrix.js';
import type { Param } from './layer.js';

/** A zero-filled trainable parameter with its gradient buffer. */
export function param(name: string, rows: number, cols: number, dtype: DType, decay: boolean): Param {
  return { name, value: zeros(rows, cols, dtype), grad: zeros(rows, cols, dtype), decay };
}
