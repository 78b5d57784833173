/**
 * How a fit run reports progress: a bar on an interactive terminal, a few
 * epoch lines otherwise (logs, CI), nothing with --quiet or --json.
 */
import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../train/fitTypes.js';
import type { Metrics } from '../train/metrics.js';

export function formatMetrics(m: Metrics): string {
  const parts = [`loss ${m.loss.toPrecision(4)}`];
  if (m.accuracy !== undefined) parts.push(`acc ${(m.accuracy * 100).toFixed(2)}%`);
  if (m.rmse !== undefined) parts.push(`rmse ${m.rmse.toPrecision(4)}`);
  if (m.maxAbsError !== undefined) parts.push(`max err ${m.maxAbsError.toPrecision(4)}`);
  return parts.join(', ');
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
  const bar = new cliProgress.SingleBar(
    {
      format: 'epoch {epoch}/{epochs} [{bar}] {percentage}% | {metrics} | eta {eta_formatted}',
      hideCursor: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1000, 0, { epoch: 0, epochs, metrics: '' });
  return {
    onProgress(event) {
      if (event.kind === 'batch') {
        bar.update(Math.round(event.fraction * 1000), { epoch: event.info.epoch });
      } else {
        const m = event.record.validation ?? event.record.train;
        bar.update(Math.round(event.fraction * 1000), {
          epoch: event.record.epoch,
          metrics: formatMetrics(m),
        });
      }
    },
    stop: () => bar.stop(),
  };
}
