/**
 * The page: settings on the left, the run's views on the right. Structural
 * settings (data, architecture, seed) rebuild the run at step 0 in the worker;
 * training settings retune it in place. The URL fragment always holds the
 * settings and the step count, so a copied link replays the run exactly.
 */
import type { Remote } from 'comlink';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ClassroomMark, ClassroomPicker } from './classroom.js';
import { ContributionsPanel } from './contributionsPanel.js';
import { DataControls, NetworkControls, onFileChosen, TrainingControls } from './controls.js';
import { DissectPanel, RegionOverlay } from './dissect.js';
import { CLASS_COLORS, fmt } from './draw.js';
import { ExperimentPanel } from './experimentPanel.js';
import { FeatureControls } from './featureControls.js';
import { FormulaPanel, unitRowName } from './formulaPanel.js';
import { HandEditPanel, type ParamPick } from './handEditPanel.js';
import { HealthPanel, ProbePanel } from './healthPanel.js';
import { HiddenPanel } from './hiddenPanel.js';
import type { HiddenSpace } from './hiddenSpace.js';
import { type Key, LANGS, type Lang, setLang, t } from './i18n.js';
import type { SettingsError } from './lab.js';
import { Confusion, CurvePanel, Diagram, LossChart, MapPanel, Neurons } from './panels.js';
import { PngButton } from './pngButton.js';
import { DEFAULTS, type Point, type Settings, STRUCTURAL, sanitize, taskKind } from './settings.js';
import { decodeState, encodeState, URL_LIMIT } from './share.js';
import type { TourMeasure } from './tourMeasures.js';
import { TourPanel } from './tourPanel.js';
import { TOURS, type TourId } from './tours.js';
import { useClearOnChange } from './useClearOnChange.js';
import type { Dissection, Inspection, RunData, View, ViewUpdate, WorkerApi } from './worker.js';

type Field = SettingsError['field'];
type ClickMode = 'inspect' | 'add' | 'remove';

const FRAME_BUDGET_MS = 12;
const REPLAY_BUDGET_MS = 250;
/** While training, the exact regions are recomputed at most this often. */
const DISSECT_EVERY_MS = 500;
/** Hidden units beyond which regions are not recomputed during training. */
const LIVE_REGION_UNITS = 64;

const structuralKey = (s: Settings) => JSON.stringify(STRUCTURAL.map((k) => s[k]));
const trainingKey = (s: Settings) =>
  JSON.stringify([
    s.loss,
    s.optimizer,
    s.lr,
    s.schedule,
    s.batchSize,
    s.weightDecay,
    s.stopEpochs,
    s.lossTarget,
  ]);

/** Hand edits name parameters of one network: a change of data or architecture drops them with the run they were made in. */
const withoutStaleEdits = (prev: Settings, next: Settings): Settings =>
  next.edits.length > 0 && structuralKey(next) !== structuralKey(prev) ? { ...next, edits: [] } : next;

const FIRST_STEP = 'mlp-lab:first-step';

/** An update without pictures keeps the ones already shown. */
const merge =
  (u: ViewUpdate) =>
  (prev: View | null): View | null =>
    u.output ? (u as View) : prev ? { ...prev, ...u } : null;

const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

/** A message for the status line: a label (shown in the current language) or text from the engine. */
type Notice = { key: Key; vars?: Record<string, string | number> } | { text: string } | null;

const noticeText = (n: Notice): string => (n === null ? '' : 'key' in n ? t(n.key, n.vars) : n.text);

function initialState(): { settings: Settings; steps: number; notice: Notice } {
  try {
    const decoded = decodeState(location.hash);
    if (!decoded) return { settings: structuredClone(DEFAULTS), steps: 0, notice: null };
    const notice: Notice = decoded.ignored.length
      ? { key: 'urlIgnored', vars: { names: decoded.ignored.join(', ') } }
      : null;
    return { ...decoded.state, notice };
  } catch (e) {
    return { settings: structuredClone(DEFAULTS), steps: 0, notice: { text: (e as Error).message } };
  }
}

function download(name: string, text: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function pointsOf(data: RunData): Point[] {
  const out: Point[] = [];
  for (const arr of [data.train, data.test])
    for (let i = 0; i < arr.length; i += 3) out.push({ x: arr[i], y: arr[i + 1], c: arr[i + 2] });
  return out;
}

export function App({ worker }: { worker: Remote<WorkerApi> }) {
  const [initial] = useState(initialState);
  const [lang, setLangState] = useState<Lang>(() =>
    localStorage.getItem('mlp-lab-lang') === 'zh' ? 'zh' : 'en',
  );
  setLang(lang);
  const [dark, setDark] = useState(() => {
    const saved = localStorage.getItem('mlp-lab-theme');
    return saved ? saved === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  });
  const [settings, setSettings] = useState<Settings>(initial.settings);
  const [data, setData] = useState<RunData | null>(null);
  const [view, setView] = useState<View | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [playing, setPlaying] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(initial.notice);
  const [shareUrl, setShareUrl] = useState('');
  const [clickMode, setClickMode] = useState<ClickMode>('inspect');
  const [addClass, setAddClass] = useState(0);
  const [resets, setResets] = useState(0);
  const [dissection, setDissection] = useState<Dissection | null>(null);
  const [inspection, setInspection] = useState<Inspection | null>(null);
  const [showRegions, setShowRegions] = useState(true);
  const [tour, setTour] = useState<TourId | null>(null);
  const [hidden, setHidden] = useState<HiddenSpace | null>(null);
  // Read by the throttled region pass as well as set by the layer menu, so a ref rather than only state.
  const hiddenLayer = useRef(initial.settings.layers.length - 1);
  const [hiddenChoice, setHiddenChoice] = useState(hiddenLayer.current);
  const [tourMeasure, setTourMeasure] = useState<TourMeasure | null>(null);
  const dissecting = useRef(false);
  const latestSteps = useRef(0);
  const [catchUp, setCatchUp] = useState(0);
  const lastDissect = useRef(0);
  const replayTo = useRef(initial.steps);
  const pendingModel = useRef<string | null>(null);
  const lastTraining = useRef(trainingKey(initial.settings));
  const [editPick, setEditPick] = useState<ParamPick>({ layer: 0, kind: 'weight', row: 0, col: 0 });
  const [editFocus, setEditFocus] = useState(0);
  const [hovered, setHovered] = useState<string | null>(null);

  useEffect(() => {
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
    localStorage.setItem('mlp-lab-theme', dark ? 'dark' : 'light');
  }, [dark]);
  useEffect(() => localStorage.setItem('mlp-lab-lang', lang), [lang]);

  const update = useCallback(
    (patch: Partial<Settings>) => setSettings((s) => withoutStaleEdits(s, { ...s, ...patch })),
    [],
  );

  /** A hand edit at the current step: kept in the settings (so in the link), the views redrawn. */
  const applyEdit = async (param: string, index: number, value: number): Promise<string | null> => {
    if (busy) return null;
    const r = await worker.edit(param, index, value);
    if ('error' in r) return r.error;
    setSettings((s) => ({ ...s, edits: r.edits }));
    setView(r.view);
    return null;
  };

  // Any edit of the settings (a tour's preset included) makes the message and the shown link stale.
  useClearOnChange(JSON.stringify(settings), () => {
    setNotice(null);
    setShareUrl('');
  });

  // Rebuild the run when the data or the architecture changes (and on reset).
  const sKey = structuralKey(settings);
  useEffect(() => {
    let alive = true;
    setPlaying(false);
    setBusy(true);
    setDissection(null);
    setHidden(null);
    hiddenLayer.current = Math.max(0, Math.min(hiddenLayer.current, settings.layers.length - 1));
    setInspection(null);
    (async () => {
      const r = await worker.configure(settings);
      lastTraining.current = trainingKey(settings);
      if (!alive) return;
      if (!r.ok) {
        setErrors({ [r.field]: r.message });
        setData(null);
        setView(null);
        setBusy(false);
        return;
      }
      setErrors({});
      setData(r.data);
      const model = pendingModel.current;
      pendingModel.current = null;
      if (model !== null) {
        const err = await worker.importModel(model);
        setNotice(err ? { key: 'modelBad', vars: { why: err } } : { key: 'imported' });
      }
      let v = await worker.view();
      const target = replayTo.current;
      replayTo.current = 0;
      if (target > 0) setNotice({ key: 'replaying' });
      while (alive && v.steps < target && !v.done) {
        const u = await worker.advance(REPLAY_BUDGET_MS, Infinity, target);
        v = u.output ? (u as View) : { ...v, ...u };
        setView(v);
      }
      if (target > 0) setNotice(null);
      if (alive) {
        setView(v);
        setBusy(false);
      }
    })();
    return () => {
      alive = false;
    };
    // settings is read through sKey: only structural edits rebuild.
  }, [sKey, resets, worker]);

  // Training settings take effect on the running model.
  const tKey = trainingKey(settings);
  useEffect(() => {
    if (tKey === lastTraining.current) return;
    lastTraining.current = tKey;
    worker.retune(settings).then((err) => setErrors((e) => ({ ...e, training: err ?? undefined })));
  }, [tKey, worker]);

  // The training loop: one advance per animation frame while playing.
  useEffect(() => {
    if (!playing) return;
    let alive = true;
    (async () => {
      while (alive) {
        const v = await worker.advance(FRAME_BUDGET_MS, Infinity);
        if (!alive) return;
        setView(merge(v));
        // scripts/measure-playground.mjs reads this mark: time from navigation to the first trained step.
        if (v.steps > 0 && performance.getEntriesByName(FIRST_STEP).length === 0)
          performance.mark(FIRST_STEP);
        if (v.done) {
          setPlaying(false);
          return;
        }
        await nextFrame();
      }
    })();
    return () => {
      alive = false;
      // While training, the pictures may lag a few frames; at rest they show the current weights.
      worker.view().then(setView, () => undefined);
    };
  }, [playing, worker]);

  // The exact regions (and the inspected point's map) follow the weights: always at rest, throttled while training.
  useEffect(() => {
    if (!view || busy) return;
    latestSteps.current = view.steps;
    if (dissecting.current) return;
    const now = performance.now();
    // Wide nets have thousands of regions: their exact map waits until the run rests, so training stays smooth.
    const wide = settings.layers.reduce((n, l) => n + l.units, 0) > LIVE_REGION_UNITS;
    if (playing && (wide || now - lastDissect.current < DISSECT_EVERY_MS)) return;
    dissecting.current = true;
    lastDissect.current = now;
    const point = inspection?.point;
    (async () => {
      let dissected = -1;
      try {
        const d = await worker.dissect();
        dissected = d.steps;
        setDissection(d);
        if (point) setInspection(await worker.inspect(point));
        setHidden(await worker.hidden(hiddenLayer.current));
      } finally {
        dissecting.current = false;
        // A view that arrived during this pass was skipped: go again so the regions catch up with the resting weights.
        if (dissected !== latestSteps.current) setCatchUp((n) => n + 1);
      }
    })();
    // inspection is read for its point only; re-inspecting must not trigger another pass.
  }, [view, busy, playing, worker, settings.layers, catchUp]);

  // Keep the link current whenever the run is at rest.
  const steps = view?.steps ?? 0;
  useEffect(() => {
    if (playing || busy) return;
    const hash = encodeState({ settings, steps });
    const url = `${location.pathname}${location.search}#${hash}`;
    if (hash.length <= URL_LIMIT) history.replaceState(null, '', url);
    else history.replaceState(null, '', `${location.pathname}${location.search}`);
  }, [settings, steps, playing, busy]);

  const tourAsked = useRef<TourId | null>(null);
  const chooseTour = async (id: TourId | null) => {
    tourAsked.current = id;
    setTour(id);
    setNotice(null);
    setTourMeasure(null);
    if (id === null) return;
    update(TOURS[id].preset);
    const m = await worker.tour(id);
    // A tour chosen while this one was being measured wins.
    if (tourAsked.current === id) setTourMeasure(m);
  };

  const step = async () => {
    if (playing || busy) return;
    setView(merge(await worker.advance(Infinity, 1)));
  };

  const share = async () => {
    const hash = encodeState({ settings, steps });
    if (hash.length > URL_LIMIT) {
      setShareUrl('');
      setNotice({ key: 'shareTooLong' });
      return;
    }
    const url = `${location.origin}${location.pathname}#${hash}`;
    setShareUrl(url);
    try {
      await navigator.clipboard.writeText(url);
      setNotice({ key: 'shared' });
    } catch {
      // Without clipboard permission the link stays selectable in the box below the button.
      setNotice(null);
    }
  };

  const exportModel = async () => {
    try {
      download(`mlp-lab-${settings.task}-${steps}.json`, await worker.exportModel(), 'application/json');
    } catch (e) {
      setNotice({ text: (e as Error).message });
    }
  };

  const exportOnnx = async () => {
    try {
      download(
        `mlp-lab-${settings.task}-${steps}.onnx`,
        await worker.exportOnnx(),
        'application/octet-stream',
      );
    } catch (e) {
      setNotice({ key: 'modelBad', vars: { why: (e as Error).message } });
    }
  };

  const importModel = async (file: File) => {
    let text = await file.text();
    // An ONNX file (by its name, or its first byte: field 1, ir_version) becomes a model file in the worker.
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (/\.onnx$/i.test(file.name) || bytes[0] === 0x08) {
      const r = await worker.readOnnx(bytes, file.name, settings);
      if ('error' in r) {
        setNotice({ key: 'modelBad', vars: { why: r.error } });
        return;
      }
      text = r.text;
    }
    let carried: Settings | null = null;
    try {
      // A version-2 model file is a header line (the JSON read here) and then one line per tensor.
      const nl = text.indexOf('\n');
      let header: unknown;
      try {
        header = JSON.parse(text);
      } catch (e) {
        if (nl < 0) throw e;
        header = JSON.parse(text.slice(0, nl));
      }
      const meta = (header as { metadata?: { training?: { settings?: unknown } } }).metadata;
      if (meta?.training?.settings) carried = sanitize(meta.training.settings).settings;
    } catch (e) {
      setNotice({ key: 'modelBad', vars: { why: (e as Error).message } });
      return;
    }
    if (carried && structuralKey(carried) !== structuralKey(settings)) {
      // The file names its own data and network: the rebuild they start loads the weights once it is done.
      pendingModel.current = text;
      setSettings({ ...carried, edits: [] });
      return;
    }
    const err = await worker.importModel(text);
    if (err) {
      setNotice({ key: 'modelBad', vars: { why: err } });
      return;
    }
    setView(await worker.view());
    setNotice({ key: 'imported' });
  };

  const loadCsv = async (file: File) => {
    const r = await worker.readCsv(await file.text(), file.name, CLASS_COLORS.length);
    if (typeof r === 'string') {
      setErrors((er) => ({ ...er, data: t('csvBad', { why: r }) }));
      return;
    }
    setErrors((e) => ({ ...e, data: undefined }));
    update({ task: 'custom', points: r, loss: 'cross_entropy' });
  };

  const exportData = () => {
    if (!data) return;
    const header =
      data.kind === 'function' ? 'x,y' : data.kind === 'classification' ? 'x1,x2,class' : 'x1,x2,y';
    const rows = pointsOf(data).map((p) =>
      data.kind === 'function' ? `${p.x},${p.c}` : `${p.x},${p.y},${p.c}`,
    );
    download(`mlp-lab-${settings.task}.csv`, `${header}\n${rows.join('\n')}\n`, 'text/csv');
  };

  const pick = (x: number, y: number) => {
    if (!data) return;
    if (clickMode === 'inspect') {
      worker.inspect([x, y]).then(setInspection);
      return;
    }
    if (data.kind !== 'classification') return;
    // Functional updates: quick clicks each see the points the previous click left.
    const from = (st: Settings) => (st.task === 'custom' ? st.points : pointsOf(data));
    if (clickMode === 'add') {
      setSettings((st) =>
        withoutStaleEdits(st, { ...st, task: 'custom', points: [...from(st), { x, y, c: addClass }] }),
      );
      return;
    }
    setSettings((st) => {
      const pts = from(st);
      if (pts.length === 0) return st;
      let best = 0;
      for (let i = 1; i < pts.length; i++) {
        if (Math.hypot(pts[i].x - x, pts[i].y - y) < Math.hypot(pts[best].x - x, pts[best].y - y)) best = i;
      }
      return withoutStaleEdits(st, { ...st, task: 'custom', points: pts.filter((_, i) => i !== best) });
    });
  };

  // A sweep point: its settings, trained from step 0 to its step count (a rebuild even when nothing structural changed).
  const openRun = (s: Settings, target: number) => {
    replayTo.current = target;
    setSettings(s);
    setResets((r) => r + 1);
  };

  const kind = taskKind(settings.task);
  const classCount = data?.classCount ?? 2;
  const shows = (item: Settings['hide'][number]) => !settings.hide.includes(item);

  return (
    <div class="page">
      <header>
        <div>
          <h1>{t('title')}</h1>
          <p class="subtitle">{t('subtitle')}</p>
        </div>
        <div class="header-tools">
          <label for="lang">{t('language')}</label>
          <select
            id="lang"
            value={lang}
            onChange={(e) => setLangState((e.currentTarget as HTMLSelectElement).value as Lang)}
          >
            {(Object.keys(LANGS) as Lang[]).map((l) => (
              <option key={l} value={l}>
                {LANGS[l]}
              </option>
            ))}
          </select>
          <button type="button" aria-pressed={dark} onClick={() => setDark(!dark)}>
            {`${t('theme')}: ${dark ? t('themeDark') : t('themeLight')}`}
          </button>
        </div>
      </header>
      <main>
        <aside class="settings">
          {shows('data') && (
            <DataControls
              s={settings}
              update={update}
              expressionError={errors.expression}
              dataError={errors.data}
              onCsv={loadCsv}
              onExportData={exportData}
            />
          )}
          {shows('network') && (
            <FeatureControls s={settings} update={update} featuresError={errors.features} />
          )}
          {shows('network') && <NetworkControls s={settings} update={update} networkError={errors.network} />}
          {shows('training') && (
            <TrainingControls s={settings} update={update} trainingError={errors.training} />
          )}
          <ClassroomPicker hide={settings.hide} onChange={(hide) => update({ hide })} />
        </aside>
        <section class="views">
          <ClassroomMark hide={settings.hide} onShowAll={() => update({ hide: [] })} />
          <div class="toolbar" role="toolbar" aria-label={t('training')}>
            <button
              type="button"
              class="primary"
              data-testid="play"
              disabled={!data || busy}
              onClick={() => setPlaying(!playing)}
            >
              {playing ? t('pause') : t('play')}
            </button>
            <button type="button" data-testid="step" disabled={!data || busy || playing} onClick={step}>
              {t('step')}
            </button>
            <button
              type="button"
              data-testid="reset"
              disabled={busy}
              onClick={() => {
                setPlaying(false);
                setNotice(null);
                setSettings((s) => (s.edits.length ? { ...s, edits: [] } : s));
                setResets((r) => r + 1);
              }}
            >
              {t('reset')}
            </button>
            <button type="button" onClick={share} data-testid="share">
              {t('share')}
            </button>
            {shows('files') && (
              <>
                <button type="button" onClick={exportModel} disabled={!data} data-testid="export-model">
                  {t('exportModel')}
                </button>
                <button type="button" onClick={exportOnnx} disabled={!data} data-testid="export-onnx">
                  {t('exportOnnx')}
                </button>
                <label class="file-button">
                  {t('importModel')}
                  <input
                    type="file"
                    accept=".json,application/json,.onnx"
                    data-testid="import-model"
                    onChange={onFileChosen(importModel)}
                  />
                </label>
              </>
            )}
          </div>
          {shareUrl && (
            <input
              class="share-url"
              readOnly
              value={shareUrl}
              aria-label={t('share')}
              data-testid="share-url"
              onFocus={(e) => (e.currentTarget as HTMLInputElement).select()}
            />
          )}
          <div class="notice" role="status" aria-live="polite" data-testid="notice">
            {noticeText(notice)}
          </div>
          <dl class="stats" data-testid="stats">
            <div>
              <dt>{t('steps')}</dt>
              <dd data-testid="steps">{steps}</dd>
            </div>
            <div>
              <dt>{t('epoch')}</dt>
              <dd>{view?.epoch ?? 0}</dd>
            </div>
            <div>
              <dt>{t('lr')}</dt>
              <dd>{fmt(view?.lr)}</dd>
            </div>
            <div>
              <dt>{t('params')}</dt>
              <dd>{data?.paramCount ?? '–'}</dd>
            </div>
            <div>
              <dt>{t('trainLoss')}</dt>
              <dd data-testid="train-loss" data-exact={String(view?.trainLoss)}>
                {fmt(view?.trainLoss)}
              </dd>
            </div>
            <div>
              <dt>{t('testLoss')}</dt>
              <dd data-testid="test-loss" data-exact={String(view?.testLoss)}>
                {fmt(view?.testLoss)}
              </dd>
            </div>
            {view?.testAcc !== undefined && (
              <>
                <div>
                  <dt>{t('trainAcc')}</dt>
                  <dd data-testid="train-acc">{`${(100 * (view.trainAcc ?? 0)).toFixed(1)}%`}</dd>
                </div>
                <div>
                  <dt>{t('testAcc')}</dt>
                  <dd
                    data-testid="test-acc"
                    data-exact={String(view.testAcc)}
                  >{`${(100 * view.testAcc).toFixed(1)}%`}</dd>
                </div>
              </>
            )}
          </dl>
          {view?.diverged && (
            <div class="diverged" role="alert" data-testid="diverged">
              <strong>{t('diverged')}</strong>
              <p>{t('divergedText', { step: view.diverged.step, loss: String(view.diverged.loss) })}</p>
              <button
                type="button"
                onClick={async () => {
                  await worker.restoreLastGood();
                  setView(await worker.view());
                }}
              >
                {t('restore')}
              </button>
            </div>
          )}
          <div class="panels">
            {shows('tours') && (
              <section class="panel wide" aria-labelledby="h-tours">
                <h2 id="h-tours">{t('tours')}</h2>
                <TourPanel tour={tour} measure={tourMeasure} onChoose={chooseTour} />
                <p class="help">{t('tourHelp')}</p>
                <PngButton title={t('tours')} />
              </section>
            )}
            <section class="panel" aria-labelledby="h-output">
              <h2 id="h-output">{t('output')}</h2>
              {data && kind !== 'function' && (
                <>
                  <MapPanel
                    data={data}
                    view={view}
                    dark={dark}
                    onPick={pick}
                    label={t('outputHelp')}
                    overlay={(toPx) => (
                      <RegionOverlay
                        d={showRegions ? dissection : null}
                        toPx={toPx}
                        highlight={inspection?.pattern}
                        point={inspection?.point}
                      />
                    )}
                  />
                  {kind === 'classification' && shows('points') && (
                    <div class="click-mode" role="radiogroup" aria-label={t('clickDoes')}>
                      <span>{t('clickDoes')}:</span>
                      <label>
                        <input
                          type="radio"
                          name="click"
                          checked={clickMode === 'inspect'}
                          onChange={() => setClickMode('inspect')}
                        />
                        {t('clickInspect')}
                      </label>
                      <label>
                        <input
                          type="radio"
                          name="click"
                          data-testid="click-add"
                          checked={clickMode === 'add'}
                          onChange={() => setClickMode('add')}
                        />
                        {t('clickAdd')}
                      </label>
                      <select
                        aria-label={t('classes')}
                        value={addClass}
                        data-testid="add-class"
                        onChange={(e) => setAddClass(Number((e.currentTarget as HTMLSelectElement).value))}
                      >
                        {Array.from(
                          { length: Math.min(CLASS_COLORS.length, Math.max(classCount + 1, 2)) },
                          (_, k) => (
                            <option key={k} value={k}>
                              {k}
                            </option>
                          ),
                        )}
                      </select>
                      <label>
                        <input
                          type="radio"
                          name="click"
                          checked={clickMode === 'remove'}
                          onChange={() => setClickMode('remove')}
                        />
                        {t('clickRemove')}
                      </label>
                    </div>
                  )}
                </>
              )}
              {data && kind === 'function' && <CurvePanel data={data} view={view} />}
              <p class="help">{kind === 'function' ? t('curveHelp') : t('outputHelp')}</p>
              <PngButton title={t('output')} />
            </section>
            {data && kind === 'function' && (
              <section class="panel" aria-labelledby="h-contrib">
                <h2 id="h-contrib">{t('contributions')}</h2>
                <ContributionsPanel
                  data={data}
                  view={view}
                  kinks={dissection?.kinks}
                  onBias={(unit, bias) => {
                    const path = view?.weights[0]?.bPath;
                    if (path) applyEdit(path, unit, bias);
                  }}
                />
                <PngButton title={t('contributions')} />
              </section>
            )}
            <section class="panel" aria-labelledby="h-loss">
              <h2 id="h-loss">{t('lossCurves')}</h2>
              <LossChart view={view} />
              <p class="help">{t('lossHelp')}</p>
              {data && <Confusion view={view} classCount={classCount} />}
              <PngButton title={t('lossCurves')} />
            </section>
            <section class="panel" aria-labelledby="h-regions">
              <h2 id="h-regions">{t('regions')}</h2>
              <DissectPanel
                d={dissection}
                inspection={inspection}
                oneD={kind === 'function'}
                inputNames={data?.featureNames}
                activations={settings.layers.map((l) => l.activation)}
                showRegions={showRegions}
                setShowRegions={setShowRegions}
              />
              <PngButton title={t('regions')} />
            </section>
            <section class="panel" aria-labelledby="h-diagram">
              <h2 id="h-diagram">{t('diagram')}</h2>
              <p class="label-line">{data?.label}</p>
              <Diagram
                view={view}
                dark={dark}
                inputs={kind === 'function' ? 1 : 2}
                names={data?.featureNames}
                picked={editPick}
                onPick={(p) => {
                  setEditPick(p);
                  setEditFocus((n) => n + 1);
                }}
                onHover={(at) =>
                  setHovered(
                    at && view
                      ? unitRowName(at.column, at.unit, view.weights.length + 1, view.outputWidth)
                      : null,
                  )
                }
              />
              <p class="help">{t('diagramHelp')}</p>
              <h3>{t('handEdit')}</h3>
              <HandEditPanel
                view={view}
                pick={editPick}
                setPick={setEditPick}
                onEdit={applyEdit}
                edits={settings.edits.length}
                focusToken={editFocus}
              />
              <p class="help">{t('handEditHelp')}</p>
              <PngButton title={t('diagram')} />
            </section>
            <section class="panel" aria-labelledby="h-formulas">
              <h2 id="h-formulas">{t('formulas')}</h2>
              <FormulaPanel
                worker={worker}
                view={view}
                playing={playing}
                highlight={
                  hovered ??
                  (view
                    ? unitRowName(editPick.layer + 1, editPick.row, view.weights.length + 1, view.outputWidth)
                    : null)
                }
                logits={kind === 'classification'}
                live={settings.layers.reduce((n, l) => n + l.units, 0) <= LIVE_REGION_UNITS}
              />
              <p class="help">{t('formulasHelp')}</p>
              <PngButton title={t('formulas')} />
            </section>
            {data && kind === 'classification' && settings.layers.length > 0 && (
              <section class="panel" aria-labelledby="h-hidden">
                <h2 id="h-hidden">{t('hiddenSpace')}</h2>
                <HiddenPanel
                  h={hidden}
                  layers={settings.layers.length}
                  layer={Math.min(hiddenChoice, settings.layers.length - 1)}
                  dark={dark}
                  onLayer={async (k) => {
                    hiddenLayer.current = k;
                    setHiddenChoice(k);
                    setHidden(await worker.hidden(k));
                  }}
                />
                <p class="help">{t('hiddenHelp')}</p>
                <PngButton title={t('hiddenSpace')} />
              </section>
            )}
            <section class="panel" aria-labelledby="h-health">
              <h2 id="h-health">{t('health')}</h2>
              <HealthPanel view={view} />
              <p class="help">{t('healthHelp')}</p>
              <PngButton title={t('health')} />
            </section>
            <section class="panel" aria-labelledby="h-probes">
              <h2 id="h-probes">{t('probes')}</h2>
              <ProbePanel view={view} />
              <p class="help">{t('probesHelp')}</p>
              <PngButton title={t('probes')} />
            </section>
            <section class="panel wide" aria-labelledby="h-neurons">
              <h2 id="h-neurons">{t('neurons')}</h2>
              <Neurons view={view} dark={dark} oneD={kind === 'function'} />
              <p class="help">{t('neuronsHelp')}</p>
              <PngButton title={t('neurons')} />
            </section>
            <section class="panel wide" aria-labelledby="h-experiment">
              <h2 id="h-experiment">{t('experiment')}</h2>
              <ExperimentPanel settings={settings} onOpen={openRun} />
              <PngButton title={t('experiment')} />
            </section>
          </div>
        </section>
      </main>
    </div>
  );
}
