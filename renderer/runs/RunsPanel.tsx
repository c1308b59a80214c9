// The Runs tab: every training run kept (newest first), two picked to compare: their curves overlaid, the
// settings that differ and the network differences (diffGraphs). Restoring a run puts its graph back as an
// undoable edit and its weights into training, so it can continue or be exported.
import { Fragment, useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import {
  compareRuns,
  layerName,
  nodeChangeParts,
  settingName,
  settingValue,
  typesOf,
} from '../../shared/train/runCompare';
import type { RunRecord } from '../../shared/train/runRecord';
import { useT } from '../i18n';
import { useServices } from '../services';
import { useTraining } from '../training/trainingStore';
import { appHistory } from './appHistory';
import type { History, HistoryRun } from './history';
import './runs.css';

const COLORS = { a: '#2563eb', b: '#dc2626' };

function finalAccuracy(r: RunRecord, t: ReturnType<typeof useT>): string {
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : t.percent(x, 1));
  if (r.test) return t.t('ui.runs.test', { pct: pct(r.test.accuracy) });
  const last = r.epochs[r.epochs.length - 1];
  return last ? t.t('ui.runs.val', { pct: pct(last.valAccuracy ?? last.accuracy) }) : '–';
}

function Overlay({ a, b, metric }: { a: HistoryRun; b: HistoryRun; metric: 'loss' | 'accuracy' }) {
  const t = useT();
  const data = useMemo(() => {
    const n = Math.max(a.record.epochs.length, b.record.epochs.length);
    return Array.from({ length: n }, (_, i) => {
      const ea = a.record.epochs[i],
        eb = b.record.epochs[i];
      const val = metric === 'loss' ? 'valLoss' : 'valAccuracy';
      return {
        epoch: i + 1,
        A: ea?.[metric],
        B: eb?.[metric],
        'A val': ea?.[val] ?? undefined,
        'B val': eb?.[val] ?? undefined,
      };
    });
  }, [a, b, metric]);
  return (
    <figure className="runs-chart" data-testid={`runs-overlay-${metric}`} data-points={data.length}>
      <figcaption>{t.t(metric === 'loss' ? 'ui.runs.lossChart' : 'ui.runs.accuracyChart')}</figcaption>
      <LineChart width={380} height={170} data={data} margin={{ top: 6, right: 12, bottom: 2, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="epoch" tick={{ fontSize: 10 }} interval={0} />
        <YAxis tick={{ fontSize: 10 }} width={44} domain={['auto', 'auto']} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        <Line dataKey="A" stroke={COLORS.a} isAnimationActive={false} dot />
        <Line dataKey="B" stroke={COLORS.b} isAnimationActive={false} dot />
        <Line
          dataKey="A val"
          name={t.t('ui.sweep2.valSeries', { run: 'A' })}
          stroke={COLORS.a}
          strokeDasharray="4 3"
          isAnimationActive={false}
          dot={{ r: 2 }}
        />
        <Line
          dataKey="B val"
          name={t.t('ui.sweep2.valSeries', { run: 'B' })}
          stroke={COLORS.b}
          strokeDasharray="4 3"
          isAnimationActive={false}
          dot={{ r: 2 }}
        />
      </LineChart>
    </figure>
  );
}

function Comparison({ a, b }: { a: HistoryRun; b: HistoryRun }) {
  const t = useT();
  const c = useMemo(() => compareRuns(a.record, b.record, t.t), [a, b, t]);
  const typeOf = useMemo(() => typesOf(b.record.graph.doc), [b]);
  const g = c.graph;
  return (
    <section className="runs-compare" data-testid="runs-compare" aria-label={t.t('ui.runs.comparison')}>
      <h3>
        <span style={{ color: COLORS.a }}>A: {a.id}</span> {t.t('ui.runs.vs')}{' '}
        <span style={{ color: COLORS.b }}>B: {b.id}</span>
      </h3>
      <div className="runs-charts">
        <Overlay a={a} b={b} metric="loss" />
        <Overlay a={a} b={b} metric="accuracy" />
      </div>
      <h4>{t.t('ui.runs.settingsDiffer')}</h4>
      {c.settings.length ? (
        <table className="runs-table" data-testid="runs-settings">
          <thead>
            <tr>
              <th>{t.t('ui.runs.setting')}</th>
              <th>A</th>
              <th>B</th>
            </tr>
          </thead>
          <tbody>
            {c.settings.map((s) => (
              <tr key={s.setting}>
                <td>{settingName(s.setting, t.t)}</td>
                <td>{settingValue(s.a, t.t)}</td>
                <td>{settingValue(s.b, t.t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p data-testid="runs-settings">{t.t('ui.runs.sameSettings')}</p>
      )}
      <h4>{t.t('ui.runs.networkDiff')}</h4>
      {c.sameGraph ? (
        <p data-testid="runs-diff">{t.t('ui.runs.sameNetwork')}</p>
      ) : (
        <ul className="runs-diff" data-testid="runs-diff">
          {g.added.map((n) => (
            <li key={`+${n.id}`} className="added">
              {t.t('ui.runs.added', { id: n.id, type: layerName(n.type, t.t) })}
            </li>
          ))}
          {g.removed.map((n) => (
            <li key={`-${n.id}`} className="removed">
              {t.t('ui.runs.removed', { id: n.id, type: layerName(n.type, t.t) })}
            </li>
          ))}
          {g.changed.map((ch) => (
            <li key={`~${ch.id}`} className="changed">
              {t.t('ui.runs.changed', {
                id: ch.id,
                what: nodeChangeParts(ch, typeOf, '→', t.t('ui.runs.none'), t.t, 'ui.runs.typeChange').join(
                  t.t('ui.sweep2.listSeparator'),
                ),
              })}
            </li>
          ))}
          {g.edgesAdded.map((e) => (
            <li key={`+e${e.source}${e.target}${e.targetPort}`} className="added">
              {t.t('ui.runs.connected', { source: e.source, target: e.target })}
            </li>
          ))}
          {g.edgesRemoved.map((e) => (
            <li key={`-e${e.source}${e.target}${e.targetPort}`} className="removed">
              {t.t('ui.runs.disconnected', { source: e.source, target: e.target })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function RunsPanel({ history = appHistory }: { history?: History }) {
  const { runs, picked, problem, saving } = history.useHistory();
  const tr = useT();
  const { store } = useServices();
  const [confirming, setConfirming] = useState<string | null>(null);
  const byId = new Map(runs.map((r) => [r.id, r]));
  const [a, b] = picked.map((id) => byId.get(id));

  const restore = (run: HistoryRun) => {
    setConfirming(null);
    store.getState().edit({ key: 'ui.runs.editRestore', params: { id: run.id } }, () => run.record.graph.doc);
    const doc = store.getState().doc;
    if (doc !== run.record.graph.doc) return; // locked while training: the store said why
    useTraining.setState({ weights: run.weights, weightsDoc: doc, record: null });
    store
      .getState()
      .notify('info', tr.t(run.weights ? 'ui.runs.restoredWithWeights' : 'ui.runs.restoredNoWeights', { id: run.id }));
  };

  if (!runs.length)
    return (
      <div className="runs-panel" data-testid="runs-panel">
        <p className="runs-empty">{tr.t('ui.runs.empty')}</p>
        {problem && <p className="runs-problem">{problem}</p>}
      </div>
    );
  return (
    <div className="runs-panel" data-testid="runs-panel">
      {problem && <p className="runs-problem">{problem}</p>}
      <p className="runs-hint">
        {tr.t('ui.runs.hint')}
        {saving > 0 && <span className="runs-saving"> {tr.t('ui.runs.saving')}</span>}
      </p>
      <table className="runs-table runs-list" data-testid="runs-list" data-saving={saving}>
        <thead>
          <tr>
            <th aria-label={tr.t('ui.runs.compare')} />
            <th>{tr.t('ui.runs.run')}</th>
            <th>{tr.t('ui.runs.network')}</th>
            <th>{tr.t('ui.runs.settings')}</th>
            <th>{tr.t('ui.runs.result')}</th>
            <th aria-label={tr.t('ui.runs.actions')} />
          </tr>
        </thead>
        <tbody>
          {[...runs].reverse().map((r) => {
            const t = r.record.training;
            const slot = picked.indexOf(r.id);
            const row = (
              <tr key={r.id} data-testid={`run-${r.id}`} className={slot >= 0 ? 'picked' : ''}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={tr.t('ui.runs.compareRun', { id: r.id })}
                    data-testid={`pick-${r.id}`}
                    checked={slot >= 0}
                    onChange={() => history.togglePick(r.id)}
                  />
                  {slot >= 0 && <span className={`runs-slot slot-${slot ? 'b' : 'a'}`}>{slot ? 'B' : 'A'}</span>}
                </td>
                <td title={r.record.createdAt}>
                  {r.id}
                  <div className="runs-sub" data-testid={`run-date-${r.id}`}>
                    {tr.dateTime(new Date(r.record.createdAt))}
                  </div>
                </td>
                <td>
                  {r.record.graph.doc.metadata.name}
                  <div className="runs-sub">{tr.t('ui.runs.layers', { n: r.record.graph.doc.nodes.length })}</div>
                </td>
                <td>
                  {tr.t('ui.runs.settingsLine', { optimizer: t.optimizer, lr: t.learningRate, batch: t.batchSize })}
                  <div className="runs-sub">
                    {tr.t('ui.runs.epochsLine', {
                      done: r.record.epochs.length,
                      total: t.epochs,
                      data: r.record.data.name,
                    })}
                  </div>
                </td>
                <td>{finalAccuracy(r.record, tr)}</td>
                <td className="runs-actions">
                  <div>
                    <>
                      <button
                        type="button"
                        className="tb-btn"
                        data-testid={`restore-${r.id}`}
                        title={tr.t('ui.runs.restoreTitle')}
                        onClick={() => setConfirming(r.id)}
                      >
                        {tr.t('ui.runs.restore')}
                      </button>
                      <button
                        type="button"
                        className="tb-btn"
                        data-testid={`delete-${r.id}`}
                        title={tr.t('ui.runs.deleteTitle')}
                        onClick={() => history.remove(r.id)}
                      >
                        {tr.t('ui.runs.delete')}
                      </button>
                    </>
                  </div>
                </td>
              </tr>
            );
            if (confirming !== r.id) return row;
            return (
              <Fragment key={r.id}>
                {row}
                <tr className="runs-confirm" data-testid={`restore-question-${r.id}`}>
                  <td colSpan={6}>
                    {tr.t(r.weights ? 'ui.runs.confirmWithWeights' : 'ui.runs.confirmNoWeights', { id: r.id })}{' '}
                    <button
                      type="button"
                      className="tb-btn primary"
                      data-testid={`confirm-restore-${r.id}`}
                      onClick={() => restore(r)}
                    >
                      {tr.t('ui.runs.replaceGraph')}
                    </button>{' '}
                    <button type="button" className="tb-btn" onClick={() => setConfirming(null)}>
                      {tr.t('ui.runs.cancel')}
                    </button>
                  </td>
                </tr>
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {a && b ? (
        <Comparison a={a} b={b} />
      ) : (
        <p className="runs-hint">{picked.length === 1 ? tr.t('ui.runs.oneMore') : ''}</p>
      )}
    </div>
  );
}
