/** The settings forms: data, network and training. Every control is a labelled native input, so it works from the keyboard and with screen readers. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t, tName } from './i18n.js';
import {
  ACTIVATIONS,
  CLASSIFICATION_LOSSES,
  INITS,
  MAX_LAYERS,
  MAX_SAMPLES,
  MAX_UNITS,
  NORMS,
  OPTIMIZERS,
  REGRESSION_LOSSES,
  SCHEDULES,
  type Settings,
  TASKS,
  taskKind,
} from './settings.js';

type Update = (patch: Partial<Settings>) => void;

function Field({ label, children, id }: { label: string; children: ComponentChildren; id: string }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
    </div>
  );
}

function Select<T extends string>({
  label,
  value,
  choices,
  onChange,
  name,
  display = (v) => v,
}: {
  label: string;
  value: T;
  choices: readonly T[];
  onChange: (v: T) => void;
  name: string;
  display?: (v: T) => string;
}) {
  const id = `sel-${name}`;
  return (
    <Field label={label} id={id}>
      <select
        id={id}
        name={name}
        value={value}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value as T)}
      >
        {choices.map((c) => (
          <option key={c} value={c}>
            {display(c)}
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * A number box that commits on change (blur or Enter) and only when the value
 * parses and lies in range; otherwise it shows why, beside the box.
 */
export function NumberInput({
  label,
  value,
  onChange,
  min,
  max,
  step,
  integer,
  name,
}: {
  label: string;
  value: number;
  onChange: (v: number) => void;
  min: number;
  max: number;
  step?: number;
  integer?: boolean;
  name: string;
}) {
  const id = `num-${name}`;
  const errId = `${id}-err`;
  // What is typed stays until it is committed: re-renders from training must not overwrite it.
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <Field label={label} id={id}>
      <input
        id={id}
        name={name}
        type="number"
        value={draft ?? String(value)}
        onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
        min={min}
        max={max}
        step={step ?? (integer ? 1 : 'any')}
        aria-describedby={errId}
        onChange={(e) => {
          const el = e.currentTarget as HTMLInputElement;
          const v = Number(el.value);
          const ok =
            el.value.trim() !== '' &&
            Number.isFinite(v) &&
            v >= min &&
            v <= max &&
            (!integer || Number.isInteger(v));
          const err = document.getElementById(errId);
          if (err) err.textContent = ok ? '' : `${min} … ${max}${integer ? ' (integer)' : ''}`;
          el.setAttribute('aria-invalid', String(!ok));
          if (ok) {
            setDraft(null);
            onChange(v);
          }
        }}
      />
      <span id={errId} class="inline-error" role="alert" />
    </Field>
  );
}

export function DataControls({
  s,
  update,
  expressionError,
  dataError,
  onCsv,
  onExportData,
}: {
  s: Settings;
  update: Update;
  expressionError?: string;
  dataError?: string;
  onCsv: (file: File) => void;
  onExportData: () => void;
}) {
  const kind = taskKind(s.task);
  const [expressionDraft, setExpressionDraft] = useState<string | null>(null);
  const variableClasses = s.task === 'spirals' || s.task === 'gaussians';
  return (
    <fieldset>
      <legend>{t('data')}</legend>
      <Select
        label={t('task')}
        name="task"
        value={s.task}
        choices={TASKS}
        display={(v) => tName('task', v)}
        onChange={(task) => {
          const k = taskKind(task);
          const loss = k === 'classification' ? 'cross_entropy' : 'mse';
          update({ task, loss });
        }}
      />
      {variableClasses && (
        <NumberInput
          label={t('classes')}
          name="classes"
          value={s.classes}
          min={2}
          max={8}
          integer
          onChange={(classes) => update({ classes })}
        />
      )}
      {kind === 'function' && (
        <div class="field">
          <label for="expression">{t('expression')}</label>
          <input
            id="expression"
            name="expression"
            type="text"
            spellcheck={false}
            value={expressionDraft ?? s.expression}
            onInput={(e) => setExpressionDraft((e.currentTarget as HTMLInputElement).value)}
            placeholder={t('expressionHint')}
            aria-invalid={expressionError ? 'true' : 'false'}
            aria-describedby="expression-err"
            onChange={(e) => {
              setExpressionDraft(null);
              update({ expression: (e.currentTarget as HTMLInputElement).value });
            }}
          />
          <span id="expression-err" class="inline-error" role="alert" data-testid="expression-error">
            {expressionError ?? ''}
          </span>
        </div>
      )}
      {s.task !== 'custom' && (
        <>
          <NumberInput
            label={t('noise')}
            name="noise"
            value={s.noise}
            min={0}
            max={5}
            step={0.01}
            onChange={(noise) => update({ noise })}
          />
          <NumberInput
            label={t('samples')}
            name="samples"
            value={s.samples}
            min={4}
            max={MAX_SAMPLES}
            integer
            onChange={(samples) => update({ samples })}
          />
        </>
      )}
      <NumberInput
        label={t('testRatio')}
        name="testRatio"
        value={s.testRatio}
        min={0.05}
        max={0.9}
        step={0.05}
        onChange={(testRatio) => update({ testRatio })}
      />
      <NumberInput
        label={t('seed')}
        name="seed"
        value={s.seed}
        min={0}
        max={2 ** 31 - 1}
        integer
        onChange={(seed) => update({ seed })}
      />
      <label class="file-button">
        {t('loadCsv')}
        <input
          id="csv"
          type="file"
          accept=".csv,text/csv,text/plain"
          aria-describedby="data-err"
          onChange={onFileChosen(onCsv)}
        />
      </label>
      <button type="button" onClick={onExportData}>
        {t('exportData')}
      </button>
      <span id="data-err" class="inline-error" role="alert" data-testid="data-error">
        {dataError ?? ''}
      </span>
    </fieldset>
  );
}

export function NetworkControls({
  s,
  update,
  networkError,
}: {
  s: Settings;
  update: Update;
  networkError?: string;
}) {
  const setLayer = (i: number, patch: Partial<Settings['layers'][number]>) =>
    update({ layers: s.layers.map((l, j) => (j === i ? { ...l, ...patch } : l)) });
  return (
    <fieldset>
      <legend>{t('network')}</legend>
      <ol class="layers">
        {s.layers.map((l, i) => (
          <li key={i} class="layer-row">
            <span class="layer-name">{`${t('layer')} ${i + 1}`}</span>
            <NumberInput
              label={t('units')}
              name={`units-${i}`}
              value={l.units}
              min={1}
              max={MAX_UNITS}
              integer
              onChange={(units) => setLayer(i, { units })}
            />
            <Select
              label={t('activation')}
              name={`activation-${i}`}
              value={l.activation}
              choices={ACTIVATIONS}
              onChange={(activation) => setLayer(i, { activation })}
            />
            <button
              type="button"
              aria-label={`${t('removeLayer')} ${i + 1}`}
              title={t('removeLayer')}
              disabled={s.layers.length === 0}
              onClick={() => update({ layers: s.layers.filter((_, j) => j !== i) })}
            >
              −
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        disabled={s.layers.length >= MAX_LAYERS}
        onClick={() =>
          update({
            layers: [...s.layers, { ...(s.layers[s.layers.length - 1] ?? { units: 8, activation: 'relu' }) }],
          })
        }
      >
        {t('addLayer')}
      </button>
      <Select
        label={t('init')}
        name="init"
        value={s.init}
        choices={INITS}
        display={(v) => tName('init', v)}
        onChange={(init) => update({ init })}
      />
      <Select
        label={t('norm')}
        name="norm"
        value={s.norm}
        choices={NORMS}
        display={(v) => tName('norm', v)}
        onChange={(norm) => update({ norm })}
      />
      <NumberInput
        label={t('dropout')}
        name="dropout"
        value={s.dropout}
        min={0}
        max={0.9}
        step={0.05}
        onChange={(dropout) => update({ dropout })}
      />
      <div class="field check">
        <input
          id="residual"
          type="checkbox"
          checked={s.residual}
          onChange={(e) => update({ residual: (e.currentTarget as HTMLInputElement).checked })}
        />
        <label for="residual">{t('residual')}</label>
      </div>
      <span class="inline-error" role="alert">
        {networkError ?? ''}
      </span>
    </fieldset>
  );
}

export function TrainingControls({
  s,
  update,
  trainingError,
}: {
  s: Settings;
  update: Update;
  trainingError?: string;
}) {
  const losses = taskKind(s.task) === 'classification' ? CLASSIFICATION_LOSSES : REGRESSION_LOSSES;
  const loss = (losses as readonly string[]).includes(s.loss) ? s.loss : losses[0];
  return (
    <fieldset>
      <legend>{t('training')}</legend>
      <Select
        label={t('loss')}
        name="loss"
        value={loss}
        choices={losses}
        display={(v) => (v === 'cross_entropy' ? 'cross-entropy' : v)}
        onChange={(l) => update({ loss: l })}
      />
      <Select
        label={t('optimizer')}
        name="optimizer"
        value={s.optimizer}
        choices={OPTIMIZERS}
        onChange={(optimizer) => update({ optimizer })}
      />
      <NumberInput
        label={t('lr')}
        name="lr"
        value={s.lr}
        min={1e-6}
        max={10}
        step={0.001}
        onChange={(lr) => update({ lr })}
      />
      <Select
        label={t('schedule')}
        name="schedule"
        value={s.schedule}
        choices={SCHEDULES}
        display={(v) => tName('schedule', v)}
        onChange={(schedule) => update({ schedule })}
      />
      <NumberInput
        label={t('batchSize')}
        name="batchSize"
        value={s.batchSize}
        min={1}
        max={MAX_SAMPLES}
        integer
        onChange={(batchSize) => update({ batchSize })}
      />
      <NumberInput
        label={t('weightDecay')}
        name="weightDecay"
        value={s.weightDecay}
        min={0}
        max={1}
        step={0.0001}
        onChange={(weightDecay) => update({ weightDecay })}
      />
      <NumberInput
        label={t('stopEpochs')}
        name="stopEpochs"
        value={s.stopEpochs}
        min={0}
        max={1e6}
        integer
        onChange={(stopEpochs) => update({ stopEpochs })}
      />
      <NumberInput
        label={t('lossTarget')}
        name="lossTarget"
        value={s.lossTarget}
        min={0}
        max={1e6}
        step={0.001}
        onChange={(lossTarget) => update({ lossTarget })}
      />
      <span class="inline-error" role="alert">
        {trainingError ?? ''}
      </span>
    </fieldset>
  );
}

/**
 * A file input's change handler: hands the chosen file to use, then empties
 * the input, so choosing the same file again fires again.
 */
export function onFileChosen(use: (file: File) => void): (e: Event) => void {
  return (e) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (file) use(file);
    input.value = '';
  };
}
