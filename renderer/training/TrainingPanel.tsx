// The Training panel: data, hyperparameters, start/pause/stop, backend and progress, live charts,
// feature maps of the selected node (or all), first-layer kernels and the held-out evaluation.
// Self-contained (no props): reads the editor store and the training store; mount it anywhere.
import { memo, useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { dataProblems } from '../../shared/data';
import type { OptimizerKind, Schedule } from '../../shared/train';
import { useAnalysis } from '../store/analysis';
import { useEditor } from '../store/store';
import { BatchCharts, EpochChart } from './Charts';
import { DataChooser } from './DataChooser';
import { ByteImage, FeatureGrid, KernelGrid } from './images';
import { Results } from './Results';
import { RfSection } from '../explain/RfSection';
import { DoctorSection } from '../explain/Doctor';
import { EpochSlider } from '../explain/EpochSlider';
import { useShownMaps } from '../explain/timeline';
import { StepOnceSection } from '../explain/StepOnce';
import { continuable, isRunning, training, useTraining } from './trainingStore';
import type { BackendChoice } from './protocol';
import { threadChoices, webAutoThreads } from './threadWorkers';
import '../panels/panels.css';
import './training.css';
import { useT } from '../i18n';
import type { Msg, Translator } from '../../shared/i18n';

function NumField({
  label,
  value,
  onChange,
  testId,
  step,
  min,
  max,
  disabled,
}: {
  label: string;
  value: number;
  onChange: (n: number) => void;
  testId: string;
  step?: number;
  min?: number;
  max?: number;
  disabled?: boolean;
}) {
  return (
    <label className="tr-field">
      {label}
      <input
        type="number"
        value={value}
        step={step}
        min={min}
        max={max}
        disabled={disabled}
        data-testid={testId}
        style={{ width: 72 }}
        onChange={(e) => {
          const n = Number(e.target.value);
          if (e.target.value !== '' && Number.isFinite(n)) onChange(n);
        }}
      />
    </label>
  );
}

function formatEta(s: number, tr: Translator) {
  if (!Number.isFinite(s)) return '-';
  const m = Math.floor(s / 60),
    r = Math.round(s % 60);
  return m ? tr.t('ui.training.minSec', { m, s: r }) : tr.t('ui.training.sec', { s: r });
}
/** A worker's text: a message in the user's language, or a name as it is. */
const msgText = (tr: Translator, v: string | Msg) => (typeof v === 'string' ? v : tr.msg(v));
/** The name of a list of images (train, val, test, training, validation) in the user's language. */
const listName = (tr: Translator, list: string) => tr.t(`ui.training.list.${list}`);

export function TrainingPanel() {
  useEffect(() => {
    training.init();
  }, []);
  const doc = useEditor((s) => s.doc);
  const applyFix = useEditor((s) => s.applyFix);
  const selected = useEditor((s) => s.selectedNodes);
  const a = useAnalysis();
  const tr = useT();
  // Narrow subscription: metrics, maps and results re-render only their own sections below.
  const t = useTraining(
    useShallow((s) => ({
      state: s.state,
      message: s.message,
      backend: s.backend,
      backendChoice: s.backendChoice,
      cpuThreads: s.cpuThreads,
      data: s.data,
      problems: s.problems,
      config: s.config,
      valFraction: s.valFraction,
      weights: s.weights,
      weightsDoc: s.weightsDoc,
      crashLoop: s.crashLoop,
    })),
  );
  const running = isRunning(t.state);
  const input = a.inputId ? doc.nodes.find((n) => n.id === a.inputId) : undefined;
  const inputShape = input
    ? {
        height: Number(input.params.height),
        width: Number(input.params.width),
        channels: Number(input.params.channels),
      }
    : null;
  const mismatch = useMemo(() => (t.data ? dataProblems(doc, a, t.data) : []), [doc, a, t.data]);
  const graphErrors = a.problems.filter((p) => p.severity === 'error');
  const canStart = !!t.data && !running && mismatch.length === 0 && graphErrors.length === 0;
  /** Why Train is disabled, said next to it (and read out with the button); null when it can start. */
  const startBlocked = running
    ? null
    : !t.data
      ? tr.t('ui.shell.blockedData')
      : graphErrors.length
        ? graphErrors.length === 1
          ? tr.t('ui.shell.blockedError')
          : tr.t('ui.shell.blockedErrors', { count: graphErrors.length })
        : mismatch.length
          ? tr.t('ui.shell.blockedMismatch')
          : null;
  const c = t.config;
  // Weights belong to a network, not a layout: dragging nodes or auto-layout keeps Continue.
  const canContinue = !!continuable(t, doc);

  return (
    <div className="pn tr-panel" data-testid="training-panel" data-state={t.state}>
      <div className="pn-scroll">
        <DataChooser inputShape={inputShape} />

        {(mismatch.length > 0 || t.problems.length > 0) && (
          <section className="tr-section" data-testid="train-problems">
            {[...mismatch, ...t.problems.filter((p) => !mismatch.some((m) => m.code === p.code))].map((p, i) => (
              <div key={i} className="tr-error" data-testid={`data-problem-${p.code}`}>
                {tr.msg(p.msg)}{' '}
                {p.fix && (
                  <button
                    className="pn-btn"
                    disabled={running}
                    data-testid={`fix-${p.code}`}
                    onClick={() => applyFix(p.fix!)}
                  >
                    {tr.msg(p.fix.msg)}
                  </button>
                )}
              </div>
            ))}
          </section>
        )}

        <section className="tr-section" data-testid="train-settings">
          <h4>{tr.t('ui.training.hyperparameters')}</h4>
          <div className="tr-row tr-wrap">
            <label className="tr-field">
              {tr.t('ui.training.optimizer')}
              <select
                value={c.optimizer}
                disabled={running}
                data-testid="train-optimizer"
                onChange={(e) => training.setConfig({ optimizer: e.target.value as OptimizerKind })}
              >
                <option value="adam">Adam</option>
                <option value="sgd">{tr.t('ui.training.sgd')}</option>
                <option value="rmsprop">RMSprop</option>
              </select>
            </label>
            <NumField
              label={tr.t('ui.training.learningRate')}
              value={c.learningRate}
              step={0.0001}
              min={0}
              testId="train-lr"
              disabled={running}
              onChange={(n) => training.setConfig({ learningRate: n })}
            />
            {c.optimizer !== 'adam' && (
              <NumField
                label={tr.t('ui.training.momentum')}
                value={c.momentum}
                step={0.05}
                min={0}
                max={0.99}
                testId="train-momentum"
                disabled={running}
                onChange={(n) => training.setConfig({ momentum: n })}
              />
            )}
            <label className="tr-field">
              {tr.t('ui.training.schedule')}
              <select
                value={c.schedule.kind}
                disabled={running}
                data-testid="train-schedule"
                onChange={(e) =>
                  training.setConfig({
                    schedule: (e.target.value === 'step'
                      ? { kind: 'step', everyEpochs: Math.max(1, Math.floor(c.epochs / 3)), gamma: 0.1 }
                      : { kind: e.target.value }) as Schedule,
                  })
                }
              >
                <option value="constant">{tr.t('ui.training.constant')}</option>
                <option value="step">{tr.t('ui.training.step')}</option>
                <option value="cosine">{tr.t('ui.training.cosine')}</option>
              </select>
            </label>
            <NumField
              label={tr.t('ui.training.batch')}
              value={c.batchSize}
              min={1}
              max={4096}
              testId="train-batch"
              disabled={running}
              onChange={(n) => training.setConfig({ batchSize: Math.round(n) })}
            />
            <NumField
              label={tr.t('ui.training.epochs')}
              value={c.epochs}
              min={1}
              max={1000}
              testId="train-epochs"
              disabled={running}
              onChange={(n) => training.setConfig({ epochs: Math.round(n) })}
            />
            <NumField
              label={tr.t('ui.training.seed')}
              value={c.seed}
              testId="train-seed"
              disabled={running}
              onChange={(n) => training.setConfig({ seed: Math.round(n) })}
            />
            <NumField
              label={tr.t('ui.training.validation')}
              value={t.valFraction}
              step={0.05}
              min={0}
              max={0.9}
              testId="train-val"
              disabled={running}
              onChange={(n) => training.setOptions({ valFraction: n })}
            />
            <label className="tr-field" title={tr.t('ui.training.augmentHelp')}>
              <input
                type="checkbox"
                disabled={running}
                checked={c.augmentation.cropPadding > 0}
                data-testid="train-augment"
                onChange={(e) =>
                  training.setConfig({
                    augmentation: e.target.checked
                      ? { cropPadding: 4, flip: (t.data?.channels ?? 1) === 3 }
                      : { cropPadding: 0, flip: false },
                  })
                }
              />
              {tr.t('ui.training.augment')}
            </label>
            <label className="tr-field">
              {tr.t('ui.training.backend')}
              <select
                value={t.backendChoice}
                disabled={running}
                data-testid="train-backend-choice"
                onChange={(e) => training.setBackend(e.target.value as BackendChoice)}
              >
                <option value="auto">{tr.t('ui.training.auto')}</option>
                <option value="webgl">WebGL</option>
                <option value="cpu">CPU</option>
              </select>
            </label>
            <label className="tr-field" title={tr.t('ui.shell.threadsTitle')}>
              {tr.t('ui.shell.threads')}
              <select
                value={t.cpuThreads ?? 'auto'}
                disabled={running}
                data-testid="train-threads"
                onChange={(e) => training.setThreads(e.target.value === 'auto' ? null : Number(e.target.value))}
              >
                <option value="auto">{tr.t('ui.shell.threadsAuto', { n: webAutoThreads() })}</option>
                {threadChoices().map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </section>

        <section className="tr-section" data-testid="train-controls">
          <div className="tr-row">
            {!running && (
              <button
                className="pn-btn tr-primary"
                disabled={!canStart}
                data-testid="train-start"
                onClick={() => training.start(false)}
                title={startBlocked ?? tr.t('ui.training.fresh')}
                aria-describedby={startBlocked ? 'train-why-disabled' : undefined}
              >
                {tr.t('ui.training.train')}
              </button>
            )}
            {!running && canContinue && (
              <button
                className="pn-btn"
                disabled={!canStart}
                aria-describedby={startBlocked ? 'train-why-disabled' : undefined}
                data-testid="train-continue"
                onClick={() => training.start(true)}
              >
                {tr.t('ui.training.continue')}
              </button>
            )}
            {t.state === 'training' && (
              <button className="pn-btn" data-testid="train-pause" onClick={() => training.pause()}>
                {tr.t('ui.training.pause')}
              </button>
            )}
            {t.state === 'paused' && (
              <button className="pn-btn" data-testid="train-resume" onClick={() => training.resume()}>
                {tr.t('ui.training.resume')}
              </button>
            )}
            {running && (
              <button
                className="pn-btn"
                data-testid="train-stop"
                disabled={t.state === 'stopping'}
                onClick={() => training.stop()}
              >
                {tr.t('ui.training.stop')}
              </button>
            )}
            {!running && t.weights && (
              <button className="pn-btn" data-testid="train-reset" onClick={() => training.resetWeights()}>
                {tr.t('ui.training.reset')}
              </button>
            )}
            <span className="tr-state" data-testid="train-state" data-value={t.state}>
              {tr.t(`ui.training.state.${t.state}`)}
            </span>
            {running && (
              <span className="tr-lock" data-testid="train-locked" title={tr.t('ui.training.lockedHelp')}>
                {tr.t('ui.training.locked')}
              </span>
            )}
          </div>
          {startBlocked && (
            <div className="pn-small tr-why" id="train-why-disabled" data-testid="train-why-disabled">
              {startBlocked}
            </div>
          )}
          <div className="pn-small" data-testid="train-backend" data-backend={t.backend?.name ?? ''}>
            {tr.t('ui.training.backendLabel')}{' '}
            {t.backend ? (
              <>
                <strong>{t.backend.name === 'webgl' ? 'WebGL' : 'CPU'}</strong>{' '}
                <span className="pn-muted">({msgText(tr, t.backend.detail)})</span>
              </>
            ) : (
              <span className="pn-muted">{tr.t(t.crashLoop ? 'ui.training.noWorker' : 'ui.training.starting')}</span>
            )}
          </div>
          {t.backend?.notice && (
            <div className="tr-notice" data-testid="train-backend-notice">
              {msgText(tr, t.backend.notice)}
            </div>
          )}
          {t.message && (
            <div
              className={t.state === 'diverged' || t.state === 'failed' ? 'tr-error' : 'tr-notice'}
              data-testid="train-message"
              role="status"
            >
              {t.message}
            </div>
          )}
          {t.crashLoop && (
            <div className="tr-row">
              <button className="pn-btn" data-testid="train-retry" onClick={() => training.retry()}>
                {tr.t('ui.training.retry')}
              </button>
            </div>
          )}
          <NoAnswerNotice />
          <ProgressView />
        </section>

        <ChartsView />
        <DoctorSection />
        <MapsView selected={selected} />
        <StepOnceSection selected={selected} />
        <ResultsView />
      </div>
    </div>
  );
}

const STALL_STYLE = {
  background: '#fdecec',
  border: '1px solid #f0b4b4',
  borderRadius: 4,
  padding: '5px 8px',
  display: 'flex',
  flexDirection: 'column',
  gap: 4,
} as const;

/** A run that has been silent too long (trainingStore's liveness check): the user waits or ends the worker. */
const NoAnswerNotice = memo(function NoAnswerNotice() {
  const silentSec = useTraining((s) => s.silentSec);
  const warmingUp = useTraining((s) => s.firstStepMs === null);
  const webgl = useTraining((s) => s.backend?.name === 'webgl');
  const tr = useT();
  if (silentSec === null) return null;
  return (
    <div className="tr-error" data-testid="train-no-answer" role="alert" style={STALL_STYLE}>
      <div>
        {tr.t('ui.training.silent')}{' '}
        <strong data-testid="train-silent-sec" data-value={silentSec}>
          {tr.t('ui.training.sec', { s: silentSec })}
        </strong>
        .
      </div>
      <div className="pn-small" style={{ color: '#6b3030' }}>
        {tr.t(warmingUp && webgl ? 'ui.training.warming' : 'ui.training.stuck')}
        {tr.t('ui.training.ending')}
      </div>
      <div className="tr-row">
        <button className="pn-btn" data-testid="train-wait" onClick={() => training.waitForWorker()}>
          {tr.t('ui.training.wait')}
        </button>
        <button
          className="pn-btn"
          data-testid="train-end-worker"
          style={{ color: '#fff', background: '#c62828', borderColor: '#c62828' }}
          onClick={() => training.endWorker()}
        >
          {tr.t('ui.training.endWorker')}
        </button>
      </div>
    </div>
  );
});

const ProgressView = memo(function ProgressView() {
  const progress = useTraining((s) => s.progress);
  const last = useTraining((s) => s.batches[s.batches.length - 1]);
  const firstStepMs = useTraining((s) => s.firstStepMs);
  const running = useTraining((s) => isRunning(s.state));
  const evalProgress = useTraining((s) => s.evalProgress);
  const tr = useT();
  if (!progress) return null;
  return (
    <div className="tr-progress" data-testid="train-progress">
      <progress max={progress.batches} value={progress.batch} />
      <span className="pn-small">
        {tr.t('ui.training.progress', {
          epoch: progress.epoch + 1,
          epochs: progress.epochs,
          batch: progress.batch,
          batches: progress.batches,
        })}
      </span>
      {running ? (
        <span className="pn-small" data-testid="train-eta">
          {tr.t('ui.training.eta', { eta: formatEta(progress.etaSec, tr) })}
        </span>
      ) : (
        <span className="pn-small pn-muted" data-testid="train-ended-at">
          {tr.t(
            progress.batch === progress.batches && progress.epoch + 1 === progress.epochs
              ? 'ui.training.allRun'
              : 'ui.training.endedHere',
          )}
        </span>
      )}
      {last && (
        <span className="pn-small" data-testid="train-sps" data-value={last.samplesPerSec}>
          {tr.t('ui.training.sps', { n: tr.number(Math.round(last.samplesPerSec)) })}
        </span>
      )}
      {firstStepMs !== null && (
        <span className="pn-small pn-muted" data-testid="train-first-step">
          {tr.t('ui.training.firstStep', { s: tr.number(firstStepMs / 1000, 1) })}
        </span>
      )}
      {running && evalProgress && (
        <span
          className="pn-small"
          data-testid="train-eval-progress"
          data-done={evalProgress.done}
          data-total={evalProgress.total}
        >
          {tr.t(evalProgress.which === 'test' ? 'ui.training.evalTest' : 'ui.training.evalVal', {
            done: evalProgress.done,
            total: evalProgress.total,
          })}
        </span>
      )}
    </div>
  );
});

const ChartsView = memo(function ChartsView() {
  const batches = useTraining((s) => s.batches);
  const epochs = useTraining((s) => s.epochs);
  return (
    <section className="tr-section tr-charts">
      <BatchCharts points={batches} />
      <EpochChart epochs={epochs} />
    </section>
  );
});

const MapsView = memo(function MapsView({ selected }: { selected: readonly string[] }) {
  const live = useTraining(
    useShallow((s) => ({
      prediction: s.probePrediction,
      maps: s.maps,
      kernels: s.kernels,
      probeStep: s.probeStep,
      probeImage: s.probeImage,
      data: s.data,
    })),
  );
  const { probeStep, probeImage, data, prediction } = live;
  // The epoch slider may show an earlier epoch's maps and kernels instead of the live ones.
  const { maps, kernels } = useShownMaps(live);
  // A selected node that has maps narrows the view to it; otherwise every probed node is shown.
  const focused = maps.filter((m) => selected.includes(m.nodeId));
  const tr = useT();
  const shown = focused.length ? focused : maps;
  return (
    <section className="tr-section" data-testid="train-featuremaps" data-step={probeStep}>
      <h4>
        {tr.t('ui.training.maps')}{' '}
        {focused.length ? `(${focused.map((m) => m.nodeId).join(', ')})` : tr.t('ui.training.mapsAll')}
      </h4>
      {probeImage && data && (
        <div className="tr-row">
          <span className="pn-small pn-muted">{tr.t('ui.training.probe')}</span>
          <ByteImage
            pixels={probeImage.pixels}
            height={data.height}
            width={data.width}
            channels={data.channels}
            testId="train-probe-image"
          />
          <span
            className="pn-small pn-muted"
            data-testid="train-probe-where"
            data-source={probeImage.source}
            data-index={probeImage.index}
          >
            {tr.t('ui.training.class', { name: data.classNames[probeImage.label] ?? probeImage.label })} ·{' '}
            {probeImage.position < 0
              ? tr.t('ui.training.notInList', {
                  source: listName(tr, probeImage.source === 'test' ? 'test' : 'training'),
                  n: probeImage.index + 1,
                  list: listName(tr, probeImage.list),
                })
              : tr.t('ui.training.inList', {
                  list: listName(tr, probeImage.list),
                  n: probeImage.position + 1,
                  of: probeImage.of,
                })}
          </span>
          {prediction && (
            <span
              className={`pn-small tr-prediction ${prediction.label === probeImage.label ? 'tr-right' : 'tr-wrong'}`}
              data-testid="train-probe-prediction"
              data-label={prediction.label}
              title={tr.t('ui.shell.predictionTitle')}
            >
              {tr.t('ui.shell.predicted', {
                label: data.classNames[prediction.label] ?? prediction.label,
                pct: (prediction.probability * 100).toFixed(prediction.probability >= 0.995 ? 0 : 1),
              })}
              {prediction.label === probeImage.label ? ' ✓' : ' ✗'}
            </span>
          )}
          <button
            className="pn-btn"
            title={tr.t('ui.training.prev', { list: listName(tr, probeImage.list) })}
            data-testid="probe-prev"
            onClick={() => training.pickProbe({ kind: 'step', delta: -1 })}
          >
            ◀
          </button>
          <button
            className="pn-btn"
            title={tr.t('ui.training.next', { list: listName(tr, probeImage.list) })}
            data-testid="probe-next"
            onClick={() => training.pickProbe({ kind: 'step', delta: 1 })}
          >
            ▶
          </button>
          <button
            className="pn-btn"
            title={tr.t('ui.training.randomHelp', { list: listName(tr, probeImage.list) })}
            data-testid="probe-random"
            onClick={() => training.pickProbe({ kind: 'random' })}
          >
            {tr.t('ui.training.random')}
          </button>
        </div>
      )}
      <EpochSlider />
      <RfSection />
      {kernels && (
        <>
          <div className="pn-small">{tr.t('ui.training.kernels', { node: kernels.nodeId })}</div>
          <KernelGrid k={kernels} />
        </>
      )}
      {shown.map((m) => (
        <div key={m.nodeId}>
          <div className="pn-small">
            <code>{m.nodeId}</code> {m.height}x{m.width}x{m.totalChannels}
          </div>
          <FeatureGrid map={m} onPick={(channel, y, x) => training.watchUnit({ nodeId: m.nodeId, y, x, channel })} />
        </div>
      ))}
      {!maps.length && <div className="pn-muted pn-small">{tr.t('ui.training.mapsLater')}</div>}
    </section>
  );
});

const ResultsView = memo(function ResultsView() {
  const e = useTraining((s) => s.evaluation);
  const names = useTraining((s) => s.data?.classNames);
  return e ? <Results e={e} classNames={names ?? []} /> : null;
});
