/** Every update rule by name: the CLI lists the choices from this record. */
import type { RuleOptions } from '../options.js';
import type { UpdateRule } from '../rule.js';
import { adagrad } from './adagrad.js';
import { adam, adamw } from './adam.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';

export const optimizers: { readonly [K in keyof RuleOptions]: UpdateRule<RuleOptions[K]> } = {
  sgd,
  adam,
  adamw,
  rmsprop,
  adagrad,
};
