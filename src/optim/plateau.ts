/**
 * ReduceLROnPlateau as torch implements it, as a pure state transition:
 * each epoch's metric either improves on the best by more than the threshold
 * or counts as a bad epoch; more than `patience` bad epochs in a row (outside
 * cooldown) multiply the lr by `factor`, never below minLr, and start a
 * cooldown. The state is plain JSON (best is null until the first metric).
 */

export interface PlateauSpec {
  kind: 'plateau';
  /** 'min' for losses and errors, 'max' for accuracies. Default 'min'. */
  mode?: 'min' | 'max';
  factor?: number;
  patience?: number;
  /** Smallest change that counts as an improvement. Default 1e-4. */
  threshold?: number;
  /** 'rel': relative to the best (best·(1 ∓ threshold)); 'abs': best ∓ threshold. Default 'rel'. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again. Default 0. */
  cooldown?: number;
  minLr?: number;
  /** Reductions smaller than this are skipped. Default 1e-8. */
  eps?: number;
}

export const plateauDefaults: Required<PlateauSpec> = {
  kind: 'plateau',
  mode: 'min',
  factor: 0.1,
  patience: 10,
  threshold: 1e-4,
  thresholdMode: 'rel',
  cooldown: 0,
  minLr: 0,
  eps: 1e-8,
};

export interface PlateauState {
  readonly lr: number;
  readonly best: number | null;
  readonly numBadEpochs: number;
  readonly cooldownCounter: number;
  /** Metrics observed so far. */
  readonly epochs: number;
}

export function initialPlateauState(baseLr: number): PlateauState {
  return { lr: baseLr, best: null, numBadEpochs: 0, cooldownCounter: 0, epochs: 0 };
}

export function checkPlateauSpec(spec: PlateauSpec): Required<PlateauSpec> {
  const s = { ...plateauDefaults, ...spec };
  if (!(s.factor > 0 && s.factor < 1))
    throw new Error(`plateau schedule: factor must be in (0, 1), got ${s.factor}`);
  if (!(Number.isInteger(s.patience) && s.patience >= 0))
    throw new Error(`plateau schedule: patience must be an integer ≥ 0, got ${s.patience}`);
  if (!(Number.isInteger(s.cooldown) && s.cooldown >= 0))
    throw new Error(`plateau schedule: cooldown must be an integer ≥ 0, got ${s.cooldown}`);
  if (!(s.threshold >= 0)) throw new Error(`plateau schedule: threshold must be ≥ 0, got ${s.threshold}`);
  if (!(s.minLr >= 0)) throw new Error(`plateau schedule: minLr must be ≥ 0, got ${s.minLr}`);
  if (s.mode !== 'min' && s.mode !== 'max')
    throw new Error(`plateau schedule: mode must be 'min' or 'max', got '${s.mode}'`);
  if (s.thresholdMode !== 'rel' && s.thresholdMode !== 'abs') {
    throw new Error(`plateau schedule: thresholdMode must be 'rel' or 'abs', got '${s.thresholdMode}'`);
  }
  return s;
}

/** torch's is_better: the best ± threshold (relative or absolute) must be beaten. */
export function isImprovement(spec: Required<PlateauSpec>, current: number, best: number | null): boolean {
  if (best === null) return !Number.isNaN(current);
  const { mode, threshold, thresholdMode } = spec;
  if (mode === 'min')
    return thresholdMode === 'rel' ? current < best * (1 - threshold) : current < best - threshold;
  return thresholdMode === 'rel' ? current > best * (1 + threshold) : current > best + threshold;
}

/** The state after observing one epoch's metric. */
export function plateauStep(spec: PlateauSpec, state: PlateauState, metric: number): PlateauState {
  const s = checkPlateauSpec(spec);
  let { lr, best, numBadEpochs, cooldownCounter } = state;
  if (isImprovement(s, metric, best)) {
    best = metric;
    numBadEpochs = 0;
  } else {
    numBadEpochs++;
  }
  if (cooldownCounter > 0) {
    cooldownCounter--;
    numBadEpochs = 0;
  }
  if (numBadEpochs > s.patience) {
    const reduced = Math.max(lr * s.factor, s.minLr);
    if (lr - reduced > s.eps) lr = reduced;
    cooldownCounter = s.cooldown;
    numBadEpochs = 0;
  }
  return { lr, best, numBadEpochs, cooldownCounter, epochs: state.epochs + 1 };
}
