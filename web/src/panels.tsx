/** The drawing panels: output map or curve, loss curves, confusion matrix, network diagram, neuron maps. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { CLASS_COLORS, fmt, maxAbs, paintGrid, signedColor } from './draw.js';
import { CURVE_POINTS, GRID, NEURON_GRID } from './grid.js';
import type { ParamPick } from './handEditPanel.js';
import { t } from './i18n.js';
import type { Extent } from './lab.js';
import type { LayerWeights, NeuronMaps, RunData, View } from './worker.js';

const MAP_PX = 360;

interface MapProps {
  data: RunData;
  view: View | null;
  dark: boolean;
  /** Extra drawing over the map (region edges, the inspected point), in data coordinates. */
  overlay?: (toPx: (x: number, y: number) => [number, number]) => preact.ComponentChildren;
  onPick: (x: number, y: number) => void;
  label: string;
}

function toPxOf(extent: Extent, size: number) {
  return (x: number, y: number): [number, number] => [
    ((x - extent.x[0]) / (extent.x[1] - extent.x[0])) * size,
    ((extent.y[1] - y) / (extent.y[1] - extent.y[0])) * size,
  ];
}

function Dots({ data, toPx }: { data: RunData; toPx: (x: number, y: number) => [number, number] }) {
  const dots = (pts: Float32Array, test: boolean) => {
    const out = [];
    for (let i = 0; i < pts.length / 3; i++) {
      const [px, py] = toPx(pts[3 * i], pts[3 * i + 1]);
      const color =
        data.kind === 'classification' ? CLASS_COLORS[pts[3 * i + 2] % CLASS_COLORS.length] : 'var(--fg)';
      out.push(
        <circle
          key={`${test}${i}`}
          cx={px}
          cy={py}
          r={test ? 3.5 : 3}
          fill={test ? 'none' : color}
          stroke={test ? color : 'var(--dot-edge)'}
          stroke-width={test ? 1.6 : 0.6}
        />,
      );
    }
    return out;
  };
  return (
    <g class="dots">
      {dots(data.train, false)}
      {dots(data.test, true)}
    </g>
  );
}

/** The 2-D output: a heatmap of the batched grid prediction with the data on top; click or Enter picks a point. */
export function MapPanel({ data, view, dark, overlay, onPick, label }: MapProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [cursor, setCursor] = useState<[number, number] | null>(null);
  useEffect(() => {
    if (!canvas.current || !view) return;
    if (data.kind === 'classification') {
      paintGrid(canvas.current, view.output, GRID, { kind: 'classes', width: view.outputWidth }, dark);
    } else {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 2; i < data.train.length; i += 3) {
        lo = Math.min(lo, data.train[i]);
        hi = Math.max(hi, data.train[i]);
      }
      const mid = (lo + hi) / 2;
      paintGrid(
        canvas.current,
        view.output,
        GRID,
        { kind: 'signed', scale: (hi - lo) / 2 || 1, offset: mid },
        dark,
      );
    }
  }, [view, data, dark]);
  const toPx = toPxOf(data.extent, MAP_PX);
  const fromPx = (px: number, py: number): [number, number] => [
    data.extent.x[0] + (px / MAP_PX) * (data.extent.x[1] - data.extent.x[0]),
    data.extent.y[1] - (py / MAP_PX) * (data.extent.y[1] - data.extent.y[0]),
  ];
  const click = (e: MouseEvent) => {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const [x, y] = fromPx(
      ((e.clientX - r.left) / r.width) * MAP_PX,
      ((e.clientY - r.top) / r.height) * MAP_PX,
    );
    onPick(x, y);
  };
  const key = (e: KeyboardEvent) => {
    const stepPx = e.shiftKey ? 30 : 8;
    const [cx, cy] = cursor ?? [MAP_PX / 2, MAP_PX / 2];
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-stepPx, 0],
      ArrowRight: [stepPx, 0],
      ArrowUp: [0, -stepPx],
      ArrowDown: [0, stepPx],
    };
    if (e.key in moves) {
      e.preventDefault();
      const [dx, dy] = moves[e.key];
      setCursor([Math.max(0, Math.min(MAP_PX, cx + dx)), Math.max(0, Math.min(MAP_PX, cy + dy))]);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onPick(...fromPx(cx, cy));
      setCursor([cx, cy]);
    }
  };
  return (
    <div class="map">
      <canvas ref={canvas} class="heat" />
      <button
        type="button"
        class="overlay"
        aria-label={`${label}. ${t('keyboardHelp')}`}
        onClick={click}
        onKeyDown={key}
        data-testid="map"
      >
        <svg viewBox={`0 0 ${MAP_PX} ${MAP_PX}`} aria-hidden="true">
          <Dots data={data} toPx={toPx} />
          {overlay?.(toPx)}
          {cursor && <circle cx={cursor[0]} cy={cursor[1]} r={6} class="cursor" />}
        </svg>
      </button>
    </div>
  );
}

/** The 1-D fit: the network's curve over the data, each unit's output faintly behind it. */
export function CurvePanel({ data, view }: { data: RunData; view: View | null }) {
  const W = 480;
  const H = 300;
  const { x, y } = data.extent;
  const sx = (v: number) => ((v - x[0]) / (x[1] - x[0])) * W;
  const sy = (v: number) => ((y[1] - v) / (y[1] - y[0])) * H;
  const xs = (i: number) => x[0] + ((x[1] - x[0]) * i) / (CURVE_POINTS - 1);
  const path = (vals: ArrayLike<number>, off = 0) => {
    let d = '';
    for (let i = 0; i < CURVE_POINTS; i++) {
      const v = Math.max(y[0] - 10, Math.min(y[1] + 10, vals[off + i]));
      d += `${i ? 'L' : 'M'}${sx(xs(i)).toFixed(1)},${sy(v).toFixed(1)}`;
    }
    return d;
  };
  const pts = (arr: Float32Array, test: boolean) => {
    const out = [];
    for (let i = 0; i < arr.length / 3; i++) {
      out.push(
        <circle
          key={`${test}${i}`}
          cx={sx(arr[3 * i])}
          cy={sy(arr[3 * i + 2])}
          r={2.5}
          class={test ? 'pt-test' : 'pt-train'}
        />,
      );
    }
    return out;
  };
  return (
    <svg viewBox={`0 0 ${W} ${H}`} class="curve" role="img" aria-label={t('curveHelp')} data-testid="curve">
      <line x1={0} x2={W} y1={sy(0)} y2={sy(0)} class="axis" />
      <line x1={sx(0)} x2={sx(0)} y1={0} y2={H} class="axis" />
      {pts(data.train, false)}
      {pts(data.test, true)}
      {view && <path d={path(view.output)} class="fit" />}
    </svg>
  );
}

/** Loss by step on a log scale, training solid and test dashed; the pointer reads off exact values. */
export function LossChart({ view }: { view: View | null }) {
  const [hover, setHover] = useState<number | null>(null);
  const W = 360;
  const H = 150;
  const h = view?.history ?? [];
  if (h.length === 0)
    return <svg viewBox={`0 0 ${W} ${H}`} class="chart" role="img" aria-label={t('lossHelp')} />;
  const vals = h.flatMap((p) => [p.train, p.test]).filter((v) => v > 0 && Number.isFinite(v));
  const lo = Math.log10(Math.min(...vals, 1));
  const hi = Math.log10(Math.max(...vals, 1e-3));
  const span = hi - lo || 1;
  const last = h[h.length - 1].step || 1;
  const sx = (s: number) => (s / last) * (W - 10) + 5;
  const sy = (v: number) => H - 5 - ((Math.log10(Math.max(v, 1e-12)) - lo) / span) * (H - 10);
  const line = (k: 'train' | 'test') =>
    h.map((p, i) => `${i ? 'L' : 'M'}${sx(p.step).toFixed(1)},${sy(p[k]).toFixed(1)}`).join('');
  const move = (e: MouseEvent) => {
    const r = (e.currentTarget as SVGElement).getBoundingClientRect();
    const s = ((((e.clientX - r.left) / r.width) * W - 5) / (W - 10)) * last;
    let best = 0;
    for (let i = 1; i < h.length; i++) if (Math.abs(h[i].step - s) < Math.abs(h[best].step - s)) best = i;
    setHover(best);
  };
  const p = hover !== null ? h[Math.min(hover, h.length - 1)] : null;
  return (
    <div class="chart-wrap">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        class="chart"
        role="img"
        aria-label={t('lossHelp')}
        onMouseMove={move}
        onMouseLeave={() => setHover(null)}
      >
        <path d={line('train')} class="loss-train" />
        <path d={line('test')} class="loss-test" />
        {p && <line x1={sx(p.step)} x2={sx(p.step)} y1={0} y2={H} class="axis" />}
      </svg>
      <div class="chart-read" aria-live="off">
        {p
          ? `${t('steps')} ${p.step}: ${t('trainLoss')} ${fmt(p.train, 6)}, ${t('testLoss')} ${fmt(p.test, 6)}`
          : `— ${t('trainLoss')}  - - ${t('testLoss')}`}
      </div>
    </div>
  );
}

export function Confusion({ view, classCount }: { view: View | null; classCount: number }) {
  if (!view?.confusion) return null;
  const k = classCount;
  const rows = [];
  for (let i = 0; i < k; i++) {
    const cells = [];
    for (let j = 0; j < k; j++)
      cells.push(
        <td key={j} class={i === j ? 'diag' : ''}>
          {view.confusion[i * k + j]}
        </td>,
      );
    rows.push(
      <tr key={i}>
        <th scope="row" style={{ color: CLASS_COLORS[i % CLASS_COLORS.length] }}>
          {i}
        </th>
        {cells}
      </tr>,
    );
  }
  return (
    <table class="confusion" aria-label={t('confusion')}>
      <caption>{t('confusion')}</caption>
      <thead>
        <tr>
          <th scope="col">{`${t('trueClass')} \\ ${t('predicted')}`}</th>
          {Array.from({ length: k }, (_, j) => (
            <th key={j} scope="col" style={{ color: CLASS_COLORS[j % CLASS_COLORS.length] }}>
              {j}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{rows}</tbody>
    </table>
  );
}

const NODE_LIMIT = 16;

function MatrixCanvas({
  w,
  dark,
  onCell,
}: {
  w: LayerWeights;
  dark: boolean;
  onCell?: (row: number, col: number) => void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = w.nIn;
    c.height = w.nOut;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(w.nIn, w.nOut);
    const m = maxAbs(w.w);
    const bg = dark ? [30, 30, 34] : [255, 255, 255];
    for (let i = 0; i < w.w.length; i++) {
      const v = Math.max(-1, Math.min(1, w.w[i] / m));
      const to = v < 0 ? [232, 135, 30] : [31, 119, 180];
      const a = Math.abs(v);
      for (let ch = 0; ch < 3; ch++) img.data[4 * i + ch] = bg[ch] + (to[ch] - bg[ch]) * a;
      img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [w, dark]);
  return (
    <canvas
      ref={ref}
      class="matrix"
      title={`${w.nOut} × ${w.nIn}`}
      onClick={(e) => {
        // The canvas is stretched by CSS: the clicked cell from the position's share of the drawn size.
        const r = e.currentTarget.getBoundingClientRect();
        const col = Math.floor(((e.clientX - r.left) / r.width) * w.nIn);
        const row = Math.floor(((e.clientY - r.top) / r.height) * w.nOut);
        if (row >= 0 && row < w.nOut && col >= 0 && col < w.nIn) onCell?.(row, col);
      }}
    />
  );
}

/** Node-link diagram with signed weights, or one weight-matrix heatmap per layer when a layer is too wide for lines. */
export function Diagram({
  view,
  dark,
  inputs,
  names,
  onPick,
  picked,
  onHover,
}: {
  view: View | null;
  dark: boolean;
  inputs: number;
  /** The model's input columns (x1, x2 or the chosen features), written beside the input nodes. */
  names?: string[];
  /** An edge, a neuron or a heatmap cell was clicked: the weight or bias to edit. */
  onPick?: (p: ParamPick) => void;
  picked?: ParamPick | null;
  /** The neuron under the pointer (column 1 = first hidden layer), or null when the pointer leaves. */
  onHover?: (at: { column: number; unit: number } | null) => void;
}) {
  if (!view) return null;
  const widths = [names?.length ?? inputs, ...view.weights.map((w) => w.nOut)];
  if (Math.max(...widths) > NODE_LIMIT) {
    return (
      <div class="matrices" role="img" aria-label={t('diagramHelp')}>
        {view.weights.map((w, i) => (
          <figure key={i}>
            <MatrixCanvas
              w={w}
              dark={dark}
              onCell={(row, col) => onPick?.({ layer: i, kind: 'weight', row, col })}
            />
            <figcaption>{`W${i + 1}: ${w.nOut} × ${w.nIn}`}</figcaption>
          </figure>
        ))}
      </div>
    );
  }
  const W = 420;
  const H = 220;
  // Room on the left for the input names.
  const left = names ? 64 : 20;
  const colX = (l: number) => left + (l / (widths.length - 1)) * (W - left - 20);
  const rowY = (l: number, i: number) => (H / (widths[l] + 1)) * (i + 1);
  const edges = [];
  for (let l = 0; l < view.weights.length; l++) {
    const w = view.weights[l];
    const m = maxAbs(w.w);
    for (let o = 0; o < w.nOut; o++) {
      for (let i = 0; i < w.nIn; i++) {
        const v = w.w[o * w.nIn + i];
        edges.push(
          <line
            key={`${l}-${o}-${i}`}
            x1={colX(l)}
            y1={rowY(l, i)}
            x2={colX(l + 1)}
            y2={rowY(l + 1, o)}
            stroke={signedColor(v)}
            stroke-width={0.3 + 3 * (Math.abs(v) / m)}
            stroke-opacity={0.8}
            class={
              picked?.kind === 'weight' && picked.layer === l && picked.row === o && picked.col === i
                ? 'edge picked'
                : 'edge'
            }
            data-testid={`edge-${l}-${o}-${i}`}
            data-pick={`weight ${l} ${o} ${i}`}
          >
            <title>{`W${l + 1}[${o},${i}] = ${fmt(v, 5)}`}</title>
          </line>,
        );
      }
    }
  }
  const nodes = widths.flatMap((n, l) =>
    Array.from({ length: n }, (_, i) => {
      const b = l > 0 ? view.weights[l - 1].b[i] : undefined;
      return (
        <circle
          key={`n${l}-${i}`}
          cx={colX(l)}
          cy={rowY(l, i)}
          r={6}
          class={
            l > 0 && picked?.kind === 'bias' && picked.layer === l - 1 && picked.row === i
              ? 'node picked'
              : 'node'
          }
          stroke={b === undefined ? 'var(--fg)' : signedColor(b)}
          data-testid={`node-${l}-${i}`}
          data-pick={l > 0 ? `bias ${l - 1} ${i} 0` : undefined}
        >
          <title>{b === undefined ? (names?.[i] ?? `x${i + 1}`) : `b${l}[${i}] = ${fmt(b, 5)}`}</title>
        </circle>
      );
    }),
  );
  const inputLabels = (names ?? []).map((name, i) => (
    <text key={`in${i}`} x={colX(0) - 9} y={rowY(0, i)} class="input-name" data-testid="input-name">
      {name}
    </text>
  ));
  // One listener for every edge and neuron: each names what it stands for in data-pick ("weight layer row col").
  const pickedAt = (e: Event): ParamPick | null => {
    const a = (e.target as Element).closest('[data-pick]')?.getAttribute('data-pick')?.split(' ');
    if (!a) return null;
    return {
      kind: a[0] === 'bias' ? 'bias' : 'weight',
      layer: Number(a[1]),
      row: Number(a[2]),
      col: Number(a[3]),
    };
  };
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      class="diagram"
      role="img"
      aria-label={t('diagramHelp')}
      data-testid="diagram"
      // Pointer events: the keyboard reaches every weight and bias through the hand-edit fields below the diagram.
      onPointerUp={(e) => {
        const p = pickedAt(e);
        if (p) onPick?.(p);
      }}
      onPointerOver={(e) => {
        const p = pickedAt(e);
        if (p?.kind === 'bias') onHover?.({ column: p.layer + 1, unit: p.row });
      }}
      onPointerLeave={() => onHover?.(null)}
    >
      {edges}
      {nodes}
      {inputLabels}
    </svg>
  );
}

function NeuronCanvas({ values, offset, dark }: { values: Float32Array; offset: number; dark: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const n = NEURON_GRID * NEURON_GRID;
    const slice = values.subarray(offset, offset + n);
    paintGrid(ref.current, slice, NEURON_GRID, { kind: 'signed', scale: maxAbs(slice) }, dark);
  }, [values, offset, dark]);
  return <canvas ref={ref} class="neuron" />;
}

function NeuronCurve({ values, offset, label }: { values: Float32Array; offset: number; label: string }) {
  const slice = values.subarray(offset, offset + CURVE_POINTS);
  const m = maxAbs(slice);
  let d = '';
  for (let i = 0; i < CURVE_POINTS; i++)
    d += `${i ? 'L' : 'M'}${((i / (CURVE_POINTS - 1)) * 48).toFixed(1)},${(24 - (slice[i] / m) * 22).toFixed(1)}`;
  return (
    <svg viewBox="0 0 48 48" class="neuron" role="img" aria-label={label}>
      <path d={d} class="fit" />
    </svg>
  );
}

export function Neurons({ view, dark, oneD }: { view: View | null; dark: boolean; oneD: boolean }) {
  if (!view) return null;
  return (
    <div class="neurons">
      {view.neurons.map((layer: NeuronMaps) => {
        const per = oneD ? CURVE_POINTS : NEURON_GRID * NEURON_GRID;
        return (
          <figure key={layer.layer} class="neuron-layer">
            <figcaption class="neuron-title">{`${t('layer')} ${layer.layer + 1}`}</figcaption>
            {Array.from({ length: layer.units }, (_, u) =>
              oneD ? (
                <NeuronCurve
                  key={u}
                  values={layer.values}
                  offset={u * per}
                  label={`${t('layer')} ${layer.layer + 1}, ${u + 1}`}
                />
              ) : (
                <NeuronCanvas key={u} values={layer.values} offset={u * per} dark={dark} />
              ),
            )}
          </figure>
        );
      })}
    </div>
  );
}
