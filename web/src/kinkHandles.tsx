/**
 * One draggable marker per hidden unit of a 1-D, one-hidden-layer net, on the
 * top edge of the contributions plot, where that unit's w·x + b = 0 (its kink
 * for ReLU-like units). Dragging it, or the arrow keys on it, moves the kink
 * to x' by a hand edit of the bias alone: b = −w·x'. While dragging, only the
 * marker moves; the edit is made on release.
 */
import { useState } from 'preact/hooks';
import { fmt } from './draw.js';
import { kinkBias } from './handEdits.js';
import { t } from './i18n.js';
import type { LayerWeights } from './worker.js';

/** Arrow keys move a kink by this share of the plotted interval (Shift: ten times as far). */
const KEY_STEP = 0.01;

export function KinkHandles({
  first,
  extent,
  width,
  onBias,
}: {
  /** The hidden Linear: one input, so w[j] is unit j's input weight. */
  first: LayerWeights;
  extent: [number, number];
  /** The plot's width in viewBox units. */
  width: number;
  onBias: (unit: number, bias: number) => void;
}) {
  const [drag, setDrag] = useState<{ unit: number; x: number } | null>(null);
  const [lo, hi] = extent;
  const sx = (v: number) => ((v - lo) / (hi - lo)) * width;
  const move = (unit: number, x: number) =>
    onBias(unit, kinkBias(first.w[unit], Math.min(hi, Math.max(lo, x))));
  const handles = [];
  for (let j = 0; j < first.nOut; j++) {
    const w = first.w[j];
    if (w === 0) continue;
    const at = drag?.unit === j ? drag.x : -first.b[j] / w;
    if (!(at >= lo && at <= hi)) continue;
    const toData = (e: PointerEvent): number => {
      const svg = (e.currentTarget as SVGElement).ownerSVGElement;
      const r = svg?.getBoundingClientRect();
      if (!r || r.width === 0) return at;
      return lo + ((e.clientX - r.left) / r.width) * (hi - lo);
    };
    handles.push(
      <path
        key={j}
        d={`M${sx(at).toFixed(1)},0l-6,0l6,11l6,-11z`}
        class={`kink-handle${drag?.unit === j ? ' dragging' : ''}`}
        tabindex={0}
        role="slider"
        aria-label={t('kinkHandle', { j: j + 1, x: fmt(at, 4) })}
        aria-valuemin={lo}
        aria-valuemax={hi}
        aria-valuenow={at}
        aria-orientation="horizontal"
        data-testid="kink-handle"
        data-unit={j}
        data-x={at}
        onPointerDown={(e) => {
          (e.currentTarget as SVGElement).setPointerCapture(e.pointerId);
          setDrag({ unit: j, x: at });
        }}
        onPointerMove={(e) => {
          if (drag?.unit === j) setDrag({ unit: j, x: Math.min(hi, Math.max(lo, toData(e))) });
        }}
        onPointerUp={(e) => {
          if (drag?.unit !== j) return;
          setDrag(null);
          move(j, toData(e));
        }}
        onPointerCancel={() => setDrag(null)}
        onKeyDown={(e) => {
          const dir =
            e.key === 'ArrowRight' || e.key === 'ArrowUp'
              ? 1
              : e.key === 'ArrowLeft' || e.key === 'ArrowDown'
                ? -1
                : 0;
          if (dir === 0) return;
          e.preventDefault();
          move(j, at + dir * (e.shiftKey ? 10 : 1) * KEY_STEP * (hi - lo));
        }}
      />,
    );
  }
  return <g class="kink-handles">{handles}</g>;
}
