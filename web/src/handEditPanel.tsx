/**
 * Setting one weight or bias by hand: the diagram (an edge, a neuron, a
 * heatmap cell) or these fields choose the entry, the value box sets it. Every
 * control is a labelled native input, so the whole edit works from the keyboard.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { fmt } from './draw.js';
import { parseEditValue } from './handEdits.js';
import { t } from './i18n.js';
import type { LayerWeights, View } from './worker.js';

/** One entry of a Linear layer: W[row, col] or b[row] of the layer-th Linear (0-based). */
export interface ParamPick {
  layer: number;
  kind: 'weight' | 'bias';
  row: number;
  col: number;
}

/** The parameter path and flat index a pick names, as hand edits record them. */
export function pickTarget(w: LayerWeights, p: ParamPick): { param: string; index: number } | null {
  if (p.kind === 'bias') return w.bPath ? { param: w.bPath, index: p.row } : null;
  return { param: w.wPath, index: p.row * w.nIn + p.col };
}

export function pickValue(w: LayerWeights, p: ParamPick): number {
  return p.kind === 'bias' ? w.b[p.row] : w.w[p.row * w.nIn + p.col];
}

/** A pick kept inside the current layers' shapes (the network may have changed under it). */
export function clampPick(weights: readonly LayerWeights[], p: ParamPick): ParamPick {
  const layer = Math.min(Math.max(0, p.layer), weights.length - 1);
  const w = weights[layer];
  return {
    layer,
    kind: p.kind,
    row: Math.min(Math.max(0, p.row), w.nOut - 1),
    col: Math.min(Math.max(0, p.col), w.nIn - 1),
  };
}

const whole = (text: string, lo: number, hi: number): number | null => {
  const v = Number(text);
  return Number.isInteger(v) && v >= lo && v <= hi ? v : null;
};

export function HandEditPanel({
  view,
  pick,
  setPick,
  onEdit,
  edits,
  focusToken,
}: {
  view: View | null;
  pick: ParamPick;
  setPick: (p: ParamPick) => void;
  /** Sets the entry; resolves to the engine's reason when it cannot, else null. */
  onEdit: (param: string, index: number, value: number) => Promise<string | null>;
  edits: number;
  /** Changes when the diagram picks an entry, so the value box takes the focus. */
  focusToken: number;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const valueRef = useRef<HTMLInputElement>(null);
  const weights = view?.weights ?? [];
  const p = weights.length ? clampPick(weights, pick) : pick;
  const w = weights[p.layer];
  const current = w ? pickValue(w, p) : undefined;
  useEffect(() => {
    setText(current === undefined ? '' : String(Number(current.toPrecision(6))));
    setError('');
    // Refilled when another entry is chosen, not when training moves the current one.
  }, [p.layer, p.kind, p.row, p.col, w === undefined]);
  useEffect(() => {
    if (focusToken > 0) valueRef.current?.focus();
  }, [focusToken]);
  if (!view || !w) return null;

  const submit = async (e: Event) => {
    e.preventDefault();
    const value = parseEditValue(text);
    const target = pickTarget(w, p);
    if (value === null || target === null) {
      setError(t('editBad'));
      return;
    }
    const why = await onEdit(target.param, target.index, value);
    setError(why ?? '');
  };
  const num = (label: string, id: string, value: number, max: number, set: (v: number) => void) => (
    <label>
      {label}
      <input
        type="number"
        min={1}
        max={max}
        step={1}
        value={value + 1}
        data-testid={id}
        onChange={(e) => {
          const v = whole((e.currentTarget as HTMLInputElement).value, 1, max);
          if (v !== null) set(v - 1);
        }}
      />
    </label>
  );
  return (
    <div class="hand-edit" data-testid="hand-edit">
      <div class="row">
        <label>
          {t('editLayer')}
          <select
            value={p.layer}
            data-testid="edit-layer"
            onChange={(e) => setPick({ ...p, layer: Number((e.currentTarget as HTMLSelectElement).value) })}
          >
            {weights.map((lw, i) => (
              <option key={i} value={i}>{`${i + 1}: ${lw.nIn} → ${lw.nOut}`}</option>
            ))}
          </select>
        </label>
        <label>
          {t('editWhich')}
          <select
            value={p.kind}
            data-testid="edit-kind"
            onChange={(e) =>
              setPick({ ...p, kind: (e.currentTarget as HTMLSelectElement).value as ParamPick['kind'] })
            }
          >
            <option value="weight">{t('editWeight')}</option>
            <option value="bias">{t('editBias')}</option>
          </select>
        </label>
        {num(t('editUnit'), 'edit-unit', p.row, w.nOut, (row) => setPick({ ...p, row }))}
        {p.kind === 'weight' &&
          num(t('editInput'), 'edit-input', p.col, w.nIn, (col) => setPick({ ...p, col }))}
      </div>
      <form class="row" onSubmit={submit}>
        <label>
          {t('editValue')}
          <input
            ref={valueRef}
            type="text"
            inputMode="decimal"
            value={text}
            data-testid="edit-value"
            aria-invalid={error !== ''}
            aria-describedby="edit-err"
            onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" data-testid="edit-set">
          {t('editSet')}
        </button>
        <span class="edit-now" data-testid="edit-now" data-exact={String(current)}>
          {t('editNow', { value: fmt(current, 5) })}
        </span>
      </form>
      <span id="edit-err" class="inline-error" role="alert" data-testid="edit-error">
        {error}
      </span>
      {edits > 0 && <p class="help">{t('editsMade', { n: edits })}</p>}
    </div>
  );
}
