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

export function parseScheduleOption(value: string): ScheduleSpec {
  const text = value.trim();
  if (text.startsWith('{')) {
    try {
      return JSON.parse(text) as ScheduleSpec;
    } catch (e) {
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
    spec[key] = parseValue(key, pair.slice(eq + 1).trim());
  }
  return spec as ScheduleSpec;
}
