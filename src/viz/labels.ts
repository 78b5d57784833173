/** How figures name things: activations as papers write them, unit indices as subscripts. */
import type { ActivationName } from '../nn/layer.js';

export const activationLabels: { readonly [K in ActivationName]: string } = {
  identity: 'identity',
  relu: 'ReLU',
  leaky_relu: 'leaky ReLU',
  elu: 'ELU',
  gelu: 'GELU',
  gelu_tanh: 'GELU (tanh)',
  silu: 'SiLU',
  softplus: 'softplus',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  hard_sigmoid: 'hard sigmoid',
  hard_tanh: 'hard tanh',
  sin: 'sin',
};

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';

/** 12 → '₁₂'. */
export function subscript(n: number): string {
  return String(n).replace(/\d/g, (d) => SUBSCRIPTS[Number(d)]);
}
