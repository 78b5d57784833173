/**
 * Exact region counting speed: a 2-32-32-32-1 ReLU net over growing squares,
 * then the growth with width and with depth. `npm run bench:regions`;
 * --json prints the rows as JSON. Times are the best of several runs after a
 * warm-up, in CPU time of this process (user + system): alone that is about
 * the wall time, and on a shared, loaded machine it is still what the work
 * costs, where wall time measures the neighbours; memory is the heap growth while the full map (every polygon,
 * pattern and affine map) is held, divided by the number of regions.
 */
import { randomReluNet } from '../src/analysis/regions/examples.js';
import { countLinearRegions2d, linearRegions2d } from '../src/analysis/regions/regions2d.js';
import type { Sequential } from '../src/nn/sequential.js';

interface Row {
  widths: number[];
  half: number;
  regions: number;
  countMs: number;
  mapMs: number;
  regionsPerSecond: number;
  bytesPerRegion: number | null;
}

const gc = (globalThis as { gc?: () => void }).gc;

function best(f: () => void, repeats: number): number {
  let t = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeats; i++) {
    const c0 = process.cpuUsage();
    f();
    const d = process.cpuUsage(c0);
    t = Math.min(t, (d.user + d.system) / 1000);
  }
  return t;
}

function measure(model: Sequential, widths: number[], half: number, repeats: number): Row {
  const domain = { x: [-half, half] as [number, number], y: [-half, half] as [number, number] };
  let regions = 0;
  countLinearRegions2d(model, domain);
  const countMs = best(() => {
    regions = countLinearRegions2d(model, domain);
  }, repeats);
  const mapMs = best(() => {
    linearRegions2d(model, domain);
  }, repeats);
  let bytesPerRegion: number | null = null;
  if (gc) {
    gc();
    const before = process.memoryUsage().heapUsed;
    const map = linearRegions2d(model, domain);
    gc();
    bytesPerRegion = Math.round((process.memoryUsage().heapUsed - before) / map.count);
  }
  return {
    widths,
    half,
    regions,
    countMs,
    mapMs,
    regionsPerSecond: Math.round(regions / (mapMs / 1000)),
    bytesPerRegion,
  };
}

function main(): void {
  const json = process.argv.includes('--json');
  const repeats = 3;
  const rows: { part: string; row: Row }[] = [];
  const target = [2, 32, 32, 32, 1];
  const net = randomReluNet(target, 1);
  for (const half of [0.5, 1, 2, 4, 8])
    rows.push({ part: 'square', row: measure(net, target, half, repeats) });
  for (const w of [8, 16, 32, 48, 64]) {
    const widths = [2, w, w, w, 1];
    rows.push({ part: 'width', row: measure(randomReluNet(widths, 1), widths, 4, repeats) });
  }
  for (const depth of [1, 2, 3, 4, 5, 6]) {
    const widths = [2, ...Array(depth).fill(32), 1];
    rows.push({ part: 'depth', row: measure(randomReluNet(widths, 1), widths, 4, repeats) });
  }
  if (json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const lines = [
    `exact linear regions, Node ${process.version}${gc ? '' : ' (run with --expose-gc for bytes/region)'}`,
    'part    widths                 square     regions   count ms   map ms   regions/s   bytes/region   (CPU ms)',
  ];
  for (const { part, row } of rows) {
    lines.push(
      [
        part.padEnd(7),
        `[${row.widths.join(',')}]`.padEnd(22),
        `±${row.half}`.padStart(6),
        String(row.regions).padStart(11),
        row.countMs.toFixed(1).padStart(10),
        row.mapMs.toFixed(1).padStart(8),
        String(row.regionsPerSecond).padStart(11),
        String(row.bytesPerRegion ?? '-').padStart(14),
      ].join(' '),
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
