/**
 * Optimizer specs: plain JSON naming an update rule and its hyperparameters,
 * spelled after PyTorch's keyword arguments (camelCase) so a spec reads like
 * the torch.optim call it mirrors. The model file and the CLI store these.
 */

export interface SgdOptions {
  /** Momentum factor μ. Default 0 (plain SGD). */
  momentum?: number;
  /** Dampening τ of the momentum buffer. Default 0. */
  dampening?: number;
  /** Nesterov momentum; needs momentum > 0 and dampening 0. Default false. */
  nesterov?: boolean;
  /** L2 penalty added to the gradient (coupled weight decay). Default 0. */
  weightDecay?: number;
}

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  /** Added to √v̂ in the denominator. Default 1e-8. */
  eps?: number;
  /** adam: L2 added to the gradient; adamw: decoupled decay p ← p − lr·wd·p. */
  weightDecay?: number;
  /** Use the running maximum of v (Reddi et al. 2018). Default false. */
  amsgrad?: boolean;
}

export interface RmspropOptions {
  /** Smoothing constant of the squared-gradient average. Default 0.99. */
  alpha?: number;
  /** Added to the root of the average, outside the square root. Default 1e-8. */
  eps?: number;
  momentum?: number;
  /** Normalise by the estimated variance (subtract the squared mean gradient). Default false. */
  centered?: boolean;
  weightDecay?: number;
}

export interface AdagradOptions {
  /** The step lr is divided by 1 + (t − 1)·lrDecay. Default 0. */
  lrDecay?: number;
  /** Starting value of the squared-gradient sum. Default 0. */
  initialAccumulatorValue?: number;
  /** Added to the root of the sum. Default 1e-10. */
  eps?: number;
  weightDecay?: number;
}

/** Hyperparameters of each rule, by optimizer name. */
export interface RuleOptions {
  sgd: SgdOptions;
  adam: AdamOptions;
  adamw: AdamOptions;
  rmsprop: RmspropOptions;
  adagrad: AdagradOptions;
}

export type OptimizerName = keyof RuleOptions;

/** The pieces every optimizer shares, applied in optax order around the rule. */
export interface CommonOptions {
  /** Base learning rate (a schedule scales or replaces it). Default: the rule's PyTorch default. */
  lr?: number;
  /** Rescale all gradients together when their global L2 norm exceeds this (torch clip_grad_norm_). */
  clipNorm?: number;
  /** Clamp each gradient component to [−clipValue, clipValue] (torch clip_grad_value_). */
  clipValue?: number;
  /** L1 penalty: adds l1·sign(p) to the gradient of decaying params. Default 0. */
  l1?: number;
}

export type OptimizerSpec = {
  [K in OptimizerName]: { name: K } & CommonOptions & RuleOptions[K];
}[OptimizerName];
