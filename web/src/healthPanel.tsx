/**
 * Training health and linear probes over the run, as recorded by the Lab with
 * the library's src/analysis/health.ts and src/analysis/probe.ts: one small
 * chart per measure, one line per layer, the latest values as numbers.
 */
import { CLASS_COLORS, fmt } from './draw.js';
import { type Key, t } from './i18n.js';
import type { View } from './worker.js';

interface Series {
  name: string;
  points: [number, number | null][];
}

function SeriesChart({
  title,
  series,
  log,
  testId,
}: {
  title: Key;
  series: Series[];
  log: boolean;
  testId: string;
}) {
  const W = 300;
  const H = 110;
  const all = series
    .flatMap((s) => s.points)
    .filter((p): p is [number, number] => p[1] !== null && Number.isFinite(p[1]));
  const usable = log ? all.filter(([, v]) => v > 0) : all;
  const tf = (v: number) => (log ? Math.log10(v) : v);
  const ys = usable.map(([, v]) => tf(v));
  const lo = log ? Math.min(...ys) : 0;
  const hi = log ? Math.max(...ys) : 1;
  const span = hi - lo || 1;
  const first = usable.length ? Math.min(...usable.map(([s]) => s)) : 0;
  const last = usable.length ? Math.max(...usable.map(([s]) => s)) : 1;
  const sx = (s: number) => ((s - first) / (last - first || 1)) * (W - 10) + 5;
  const sy = (v: number) => H - 5 - ((tf(v) - lo) / span) * (H - 10);
  const latest = series.map((s) => {
    const p = [...s.points].reverse().find(([, v]) => v !== null);
    return p ? p[1] : null;
  });
  return (
    <figure class="series">
      <figcaption>
        {t(title)}
        {log && usable.length > 0 && (
          <span class="range">{` (${fmt(10 ** lo, 2)} … ${fmt(10 ** hi, 2)}, log)`}</span>
        )}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} class="chart" role="img" aria-label={t(title)} data-testid={testId}>
        {series.map((s, k) => {
          const pts = s.points.filter((p): p is [number, number] => p[1] !== null && (!log || p[1] > 0));
          const d = pts
            .map(([x, v], i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(v).toFixed(1)}`)
            .join('');
          return (
            <path
              key={s.name}
              d={d}
              fill="none"
              stroke={CLASS_COLORS[k % CLASS_COLORS.length]}
              stroke-width={1.5}
            />
          );
        })}
      </svg>
      <ul class="legend">
        {series.map((s, k) => (
          <li
            key={s.name}
            data-testid={`${testId}-latest`}
            data-layer={s.name}
            data-value={String(latest[k])}
          >
            <span class="swatch" style={{ background: CLASS_COLORS[k % CLASS_COLORS.length] }} />
            {`${s.name}: ${fmt(latest[k] ?? undefined, 3)}`}
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function HealthPanel({ view }: { view: View | null }) {
  const h = view?.health ?? [];
  if (h.length === 0) return <p class="help">{t('healthEmpty')}</p>;
  const layers = h[h.length - 1].layers.map((l) => l.path);
  const acts = h[h.length - 1].activations;
  const per = (pick: (p: (typeof h)[number], k: number) => number | null, names: string[]): Series[] =>
    names.map((name, k) => ({ name, points: h.map((p) => [p.step, pick(p, k)]) }));
  const deadOrSaturated = (p: (typeof h)[number], k: number) =>
    p.activations[k]?.deadFraction ?? p.activations[k]?.saturatedFraction ?? null;
  const showUnits = acts.some((a) => a.deadFraction !== null || a.saturatedFraction !== null);
  return (
    <div class="health">
      <SeriesChart
        title="gradNorm"
        testId="grad-norm"
        log
        series={per((p, k) => p.layers[k]?.gradNorm ?? null, layers)}
      />
      <SeriesChart
        title="updateRatio"
        testId="update-ratio"
        log
        series={per((p, k) => p.layers[k]?.updateRatio ?? null, layers)}
      />
      {showUnits && (
        <SeriesChart
          title="deadUnits"
          testId="dead-units"
          log={false}
          series={per(
            deadOrSaturated,
            acts.map((a) => `${a.path} ${a.activation}`),
          )}
        />
      )}
    </div>
  );
}

export function ProbePanel({ view }: { view: View | null }) {
  const p = view?.probes ?? [];
  if (p.length === 0) return <p class="help">{t('probesEmpty')}</p>;
  const names = p[p.length - 1].layers.map((l) => l.layer);
  return (
    <SeriesChart
      title="probeAccuracy"
      testId="probes"
      log={false}
      series={names.map((name, k) => ({
        name,
        points: p.map((q) => [q.step, q.layers[k]?.testAccuracy ?? null]),
      }))}
    />
  );
}
