/**
 * The Experiment panel: a width × depth × seed sweep over the current run's
 * settings, trained in a pool of dedicated Web Workers (apart from the main
 * training worker), drawn as it fills in. A point opens its run: the main
 * playground takes that job's settings and trains to the job's step count.
 */
import { type Remote, wrap } from 'comlink';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from './i18n.js';
import type { Settings } from './settings.js';
import {
  parseSweep,
  type SweepField,
  type SweepInput,
  SweepInputError,
  type SweepJob,
  type SweepResult,
  type SweepSpec,
  sweepCells,
  sweepJobs,
} from './sweep.js';
import { DepthWidthTable, depthColor, ErrorChart, type SweepMetric } from './sweepCharts.js';
import { poolSize, runSweep } from './sweepPool.js';
import type { SweepWorkerApi } from './sweepWorker.js';
import './experiment.css';

const FIELDS: { field: SweepField; label: 'sweepWidths' | 'sweepDepths' | 'sweepSeeds' | 'sweepSteps' }[] = [
  { field: 'widths', label: 'sweepWidths' },
  { field: 'depths', label: 'sweepDepths' },
  { field: 'seeds', label: 'sweepSeeds' },
  { field: 'steps', label: 'sweepSteps' },
];

interface Sweep {
  spec: SweepSpec;
  jobs: SweepJob[];
  results: (SweepResult | undefined)[];
  workers: number;
  state: 'running' | 'done' | 'cancelled';
  seconds?: number;
}

export function ExperimentPanel({
  settings,
  onOpen,
}: {
  settings: Settings;
  onOpen: (settings: Settings, steps: number) => void;
}) {
  const [input, setInput] = useState<SweepInput>({
    widths: '2,4,8,16,32',
    depths: '1,2,3',
    seeds: '1..3',
    steps: '500',
  });
  const [error, setError] = useState<{ field: SweepField; message: string } | null>(null);
  const [sweep, setSweep] = useState<Sweep | null>(null);
  const [metric, setMetric] = useState<SweepMetric>('loss');
  const [hover, setHover] = useState<string | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  // Kept between sweeps, so a second sweep does not load and compile the engine again.
  const pool = useRef<{ worker: Worker; api: Remote<SweepWorkerApi> }[]>([]);
  const stopPool = () => {
    for (const w of pool.current) w.worker.terminate();
    pool.current = [];
  };

  // Leaving the page (or the panel) stops the pool.
  useEffect(
    () => () => {
      abort.current?.abort();
      stopPool();
    },
    [],
  );

  const start = async () => {
    let spec: SweepSpec;
    try {
      spec = parseSweep(input);
    } catch (e) {
      if (e instanceof SweepInputError) setError({ field: e.field, message: e.message });
      return;
    }
    setError(null);
    setOpened(null);
    const jobs = sweepJobs(settings, spec);
    const n = Math.min(jobs.length, poolSize(navigator.hardwareConcurrency));
    while (pool.current.length < n) {
      const worker = new Worker(new URL('./sweepWorker.ts', import.meta.url), { type: 'module' });
      pool.current.push({ worker, api: wrap<SweepWorkerApi>(worker) });
    }
    const ctrl = new AbortController();
    abort.current = ctrl;
    // A job cannot be interrupted inside its worker: cancelling ends the workers, and the next sweep starts new ones.
    ctrl.signal.addEventListener('abort', stopPool);
    const t0 = performance.now();
    setSweep({ spec, jobs, results: new Array(jobs.length).fill(undefined), workers: n, state: 'running' });
    const results = await runSweep(
      jobs,
      pool.current.slice(0, n).map((w) => w.api),
      (r) =>
        setSweep((s) => {
          if (!s || s.jobs !== jobs) return s;
          const next = [...s.results];
          next[r.index] = r;
          return { ...s, results: next };
        }),
      ctrl.signal,
    );
    const cancelled = ctrl.signal.aborted;
    if (abort.current === ctrl) abort.current = null;
    setSweep((s) =>
      s && s.jobs === jobs
        ? {
            ...s,
            results,
            state: cancelled ? 'cancelled' : 'done',
            seconds: (performance.now() - t0) / 1000,
          }
        : s,
    );
  };

  const cancel = () => abort.current?.abort();

  const open = (job: SweepJob, r: SweepResult) => {
    setOpened(t('sweepOpened', { depth: job.depth, width: job.width, seed: job.seed, steps: r.steps }));
    onOpen(job.settings, r.steps);
    // The opened run is drawn at the top of the page; the status line here says which one it is.
    document.querySelector('[data-testid=stats]')?.scrollIntoView({ block: 'nearest' });
  };

  const running = sweep?.state === 'running';
  const finished = sweep ? sweep.results.filter((r) => r !== undefined) : [];
  const failed = finished.find((r) => r?.error);
  const nonFinite = finished.filter(
    (r) => r && !r.error && (!Number.isFinite(r.testLoss) || r.diverged),
  ).length;
  const cells = sweep ? sweepCells(sweep.jobs, sweep.results) : [];
  const classification = finished.some((r) => r?.testAcc !== undefined);
  const shownMetric: SweepMetric = classification ? metric : 'loss';
  const total = sweep?.jobs.length ?? 0;

  return (
    <div class="sweep">
      <div class="sweep-form">
        {FIELDS.map(({ field, label }) => (
          <div class="field" key={field}>
            <label for={`sweep-${field}`}>{t(label)}</label>
            <input
              id={`sweep-${field}`}
              type="text"
              inputMode={field === 'steps' ? 'numeric' : 'text'}
              value={input[field]}
              disabled={running}
              aria-invalid={error?.field === field}
              aria-describedby={`sweep-${field}-err`}
              placeholder={field === 'steps' ? '' : t('sweepListHint')}
              onInput={(e) =>
                setInput((v) => ({ ...v, [field]: (e.currentTarget as HTMLInputElement).value }))
              }
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !running) start();
              }}
            />
            <span
              id={`sweep-${field}-err`}
              class="inline-error"
              role="alert"
              data-testid={`sweep-${field}-error`}
            >
              {error?.field === field ? `${t(label)}: ${error.message}` : ''}
            </span>
          </div>
        ))}
      </div>
      <div class="sweep-actions">
        <button type="button" class="primary" data-testid="sweep-run" disabled={running} onClick={start}>
          {t('sweepRun')}
        </button>
        <button type="button" data-testid="sweep-cancel" disabled={!running} onClick={cancel}>
          {t('sweepCancel')}
        </button>
        {sweep && (
          <>
            <progress
              max={total}
              value={finished.length}
              aria-label={t('sweepProgressLabel')}
              data-testid="sweep-progress"
            />
            <span role="status" data-testid="sweep-status" data-state={sweep.state}>
              {sweep.state === 'running'
                ? t('sweepProgress', { done: finished.length, total, workers: sweep.workers })
                : sweep.state === 'cancelled'
                  ? t('sweepCancelled', { done: finished.length, total })
                  : t('sweepDone', {
                      total,
                      seconds: (sweep.seconds ?? 0).toFixed(1),
                      workers: sweep.workers,
                    })}
            </span>
          </>
        )}
      </div>
      <p class="help">{t('sweepHelp')}</p>
      {failed?.error && (
        <p class="inline-error" role="alert" data-testid="sweep-failed">
          {t('sweepFailed', { why: failed.error })}
        </p>
      )}
      {nonFinite > 0 && <p class="help">{t('sweepDiverged', { n: nonFinite })}</p>}
      {sweep && cells.length > 0 && (
        <>
          {classification && (
            <div class="field sweep-metric">
              <label for="sweep-metric">{t('sweepMetric')}</label>
              <select
                id="sweep-metric"
                value={metric}
                onChange={(e) => setMetric((e.currentTarget as HTMLSelectElement).value as SweepMetric)}
              >
                <option value="loss">{t('testLoss')}</option>
                <option value="accuracy">{t('testAcc')}</option>
              </select>
            </div>
          )}
          <div class="sweep-views">
            <div class="sweep-view">
              <ErrorChart
                jobs={sweep.jobs}
                results={sweep.results}
                cells={cells}
                depths={sweep.spec.depths}
                metric={shownMetric}
                onHover={setHover}
                onOpen={open}
              />
              <ul class="sweep-legend">
                {sweep.spec.depths.map((d) => (
                  <li key={d}>
                    <span class="swatch" style={{ background: depthColor(sweep.spec.depths, d) }} />
                    {t('sweepDepth', { d })}
                  </li>
                ))}
                <li>{t('sweepLegendMarks')}</li>
              </ul>
            </div>
            <div class="sweep-view">
              <DepthWidthTable
                cells={cells}
                widths={sweep.spec.widths}
                depths={sweep.spec.depths}
                metric={shownMetric}
                onHover={setHover}
                onOpen={open}
              />
              <p class="help">{t('sweepGridHelp')}</p>
            </div>
          </div>
          <div class="chart-read" data-testid="sweep-read">
            {hover ?? t('sweepReadHint')}
          </div>
        </>
      )}
      {opened && (
        <p class="help" role="status" data-testid="sweep-opened">
          {opened}
        </p>
      )}
    </div>
  );
}
