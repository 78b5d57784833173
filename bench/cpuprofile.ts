/**
 * Self time by function from a V8 CPU profile (node --cpu-prof), so a profile
 * reads as a table without a browser's DevTools:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/breakdown.ts W3 --steps 300
 *   node --import tsx bench/cpuprofile.ts /tmp/prof/<file>.cpuprofile [--top 20]
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  /** Microseconds since the previous sample. */
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  /** function (file:line), or V8's own label such as '(garbage collector)'. */
  readonly where: string;
  readonly ms: number;
  readonly share: number;
}

/** Self time of every function, largest first; samples of the same function at different call sites add up. */
export function selfTimes(profile: CpuProfile): SelfTime[] {
  const byNode = new Map<number, string>();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const file = f.url ? f.url.replace(/^.*\/(src|bench|node_modules)\//, '$1/') : '';
    const line = f.lineNumber > 0 ? `:${f.lineNumber + 1}` : '';
    byNode.set(n.id, file ? `${f.functionName || '(anonymous)'} (${file}${line})` : f.functionName);
  }
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const where = byNode.get(id) ?? '(unknown)';
    totals.set(where, (totals.get(where) ?? 0) + us);
    all += us;
  });
  return [...totals.entries()]
    .map(([where, us]) => ({ where, ms: us / 1000, share: all > 0 ? us / all : 0 }))
    .sort((a, b) => b.ms - a.ms);
}

function main(argv: readonly string[]): void {
  const file = argv.find((a) => !a.startsWith('--'));
  if (!file) throw new Error('cpuprofile: give a .cpuprofile file written by node --cpu-prof');
  const topAt = argv.indexOf('--top');
  const top = topAt >= 0 ? Number(argv[topAt + 1]) : 20;
  const rows = selfTimes(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile).slice(0, top);
  for (const r of rows)
    process.stdout.write(
      `${(100 * r.share).toFixed(1).padStart(5)} %  ${r.ms.toFixed(0).padStart(7)} ms  ${r.where}\n`,
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
