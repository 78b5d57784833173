/**
 * `--schedule` values: a kind (`cosine`), a kind with parameters
 * (`step:stepSize=10,gamma=0.5`), or a JSON ScheduleSpec for the composite
 * kinds. Parameters are numbers, lists of numbers joined by '/', or words.
 */
import { type ScheduleKind, type ScheduleSpec, schedules } from '../optim/schedules.js';
import { UsageError } from './errors.js';

const EXAMPLE =
  'examples: --schedule cosine, --schedule step:stepSize=30,gamma=0.1, --schedule plateau:patience=5';

function parseValue(key: string, raw: string): number | string | number[] | boolean {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (raw.includes('/')) {
    const list = raw.split('/').map(Number);
    if (!list.every(Number.isFinite))
      throw new UsageError(`--schedule parameter ${key}=${raw} is not a '/'-separated list of numbers`);
    return list;
  }
  const n = Number(raw);
  return raw !== '' && Number.isFinite(n) ? n : raw;
}

/** The parameters each kind takes on the command line (composite kinds need a JSON spec). */
const PARAMETERS: { readonly [K in ScheduleKind]: readonly string[] } = {
  constant: [],
  step: ['stepSize', 'gamma'],
  multistep: ['milestones', 'gamma'],
  exponential: ['gamma'],
  cosine: ['tMax', 'etaMin'],
  cosine_restarts: ['t0', 'tMult', 'etaMin'],
  linear: ['startFactor', 'endFactor', 'totalIters'],
  onecycle: [
    'maxLr',
    'totalSteps',
    'pctStart',
    'divFactor',
    'finalDivFactor',
    'annealStrategy',
    'threePhase',
  ],
  plateau: ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps'],
  sequential: [],
  chain: [],
};

export function parseScheduleOption(value: string): ScheduleSpec {
  const text = value.trim();
  if (text.startsWith('{')) {
    try {
      const spec = JSON.parse(text) as { kind?: unknown };
      if (typeof spec.kind !== 'string' || !Object.hasOwn(schedules, spec.kind)) {
        throw new UsageError(`--schedule JSON needs "kind", one of ${Object.keys(schedules).join(', ')}`);
      }
      return spec as ScheduleSpec;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`--schedule JSON does not parse: ${(e as Error).message}`);
    }
  }
  const [kind = '', params = ''] = text.split(/:(.*)/s);
  if (!Object.hasOwn(schedules, kind)) {
    throw new UsageError(
      `--schedule: unknown schedule '${kind}'; choose one of ${Object.keys(schedules).join(', ')} (${EXAMPLE})`,
    );
  }
  const spec: Record<string, unknown> = { kind: kind as ScheduleKind };
  for (const pair of params.split(',').filter((p) => p.trim() !== '')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--schedule parameter '${pair}' must be key=value (${EXAMPLE})`);
    const key = pair.slice(0, eq).trim();
    const allowed = PARAMETERS[kind as ScheduleKind];
    if (!allowed.includes(key)) {
      throw new UsageError(
        allowed.length === 0
          ? `--schedule ${kind} takes no parameters on the command line${kind === 'sequential' || kind === 'chain' ? '; give a JSON spec' : ''}`
          : `--schedule ${kind} has no parameter '${key}'; it takes ${allowed.join(', ')}`,
      );
    }
    spec[key] = parseValue(key, pair.slice(eq + 1).trim());
  }
  return spec as ScheduleSpec;
}
