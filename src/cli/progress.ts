/**
 * How a fit run reports progress: a bar on an interactive terminal, a few
 * epoch lines otherwise (logs, CI), nothing with --quiet or --json.
 */
import { createRequire } from 'node:module';
import type * as CliProgress from 'cli-progress';
import type { ProgressEvent } from '../train/fitTypes.js';
import type { Metrics } from '../train/metrics.js';

const require = createRequire(import.meta.url);

/**
 * A bar on stderr in the house style. cli-progress is required here, by the
 * runs that draw one (a terminal, no --quiet), not by every run that could.
 */
export function progressBar(format: string, options: { etaBuffer?: number } = {}): CliProgress.SingleBar {
  const cliProgress = require('cli-progress') as typeof CliProgress;
  return new cliProgress.SingleBar(
    { format, hideCursor: true, stream: process.stderr, ...options },
    cliProgress.Presets.shades_classic,
  );
}

export function formatMetrics(m: Metrics): string {
  const parts = [`loss ${m.loss.toPrecision(4)}`];
  if (m.accuracy !== undefined) parts.push(`acc ${(m.accuracy * 100).toFixed(2)}%`);
  if (m.rmse !== undefined) parts.push(`rmse ${m.rmse.toPrecision(4)}`);
  if (m.maxAbsError !== undefined) parts.push(`max err ${m.maxAbsError.toPrecision(4)}`);
  return parts.join(', ');
}

const MAX_ETA_SEC = 100 * 3600;

/**
 * The bar's estimate of the time left, from the time spent and the share
 * done: a time such as '1m05s', or '' while there is nothing to go on (no
 * progress yet, a non-finite figure, or more than 100 hours), never 'NaNs' or 'Infinitys'.
 */
export function formatEta(elapsedSec: number, fraction: number): string {
  if (!(fraction > 0 && fraction <= 1) || !Number.isFinite(elapsedSec) || elapsedSec < 0) return '';
  const left = Math.round((elapsedSec * (1 - fraction)) / fraction);
  // Beyond this the figure says only that the run is far from done; no estimate reads better than a silly one.
  if (!(left <= MAX_ETA_SEC)) return '';
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const sec = left % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  const text = h > 0 ? `${h}h${two(m)}m` : m > 0 ? `${m}m${two(sec)}s` : `${sec}s`;
  return ` | eta ${text}`;
}

export interface ProgressReporter {
  onProgress(event: ProgressEvent): void;
  stop(): void;
}

export function createProgress(
  mode: 'bar' | 'lines' | 'none',
  epochs: number,
  write: (s: string) => void,
): ProgressReporter {
  if (mode === 'none') return { onProgress: () => {}, stop: () => {} };
  if (mode === 'lines') {
    const every = Math.max(1, Math.ceil(epochs / 10));
    return {
      onProgress(event) {
        if (event.kind !== 'epoch') return;
        const { record } = event;
        if (record.epoch % every !== 0 && record.epoch !== 1 && record.epoch !== epochs) return;
        const val = record.validation ? `  |  test ${formatMetrics(record.validation)}` : '';
        write(
          `epoch ${String(record.epoch).padStart(String(epochs).length)}/${epochs}  lr ${record.lr.toExponential(2)}  train ${formatMetrics(record.train)}${val}\n`,
        );
      },
      stop: () => {},
    };
  }
  const bar = progressBar('epoch {epoch}/{epochs} [{bar}] {percentage}% | {metrics}{eta}');
  bar.start(1000, 0, { epoch: 0, epochs, metrics: '', eta: '' });
  const started = performance.now();
  // A resumed run starts part-way: the estimate counts only this process's share.
  let firstFraction: number | undefined;
  const eta = (fraction: number): string => {
    firstFraction ??= fraction;
    const done = (fraction - firstFraction) / (1 - firstFraction);
    return formatEta((performance.now() - started) / 1000, done);
  };
  return {
    onProgress(event) {
      if (event.kind === 'batch') {
        bar.update(Math.round(event.fraction * 1000), { epoch: event.info.epoch, eta: eta(event.fraction) });
      } else {
        const m = event.record.validation ?? event.record.train;
        bar.update(Math.round(event.fraction * 1000), {
          epoch: event.record.epoch,
          metrics: formatMetrics(m),
          eta: eta(event.fraction),
        });
      }
    },
    stop: () => bar.stop(),
  };
}
