// The Runs tab: every training run kept (newest first), two picked to compare: their curves overlaid, the
// settings that differ and the network differences (diffGraphs). Restoring a run puts its graph back as an
// undoable edit and its weights into training, so it can continue or be exported.
import { Fragment, useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { compareRuns } from '../../shared/train/runCompare';
import type { RunRecord } from '../../shared/train/runRecord';
import { useServices } from '../services';
import { useTraining } from '../training/trainingStore';
import { appHistory } from './appHistory';
import type { History, HistoryRun } from './history';
import './runs.css';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
const COLORS = { a: '#2563eb', b: '#dc2626' };

function finalAccuracy(r: RunRecord): string {
  if (r.test) return `test ${pct(r.test.accuracy)}`;
  const last = r.epochs[r.epochs.length - 1];
  return last ? `val ${pct(last.valAccuracy ?? last.accuracy)}` : '–';
}

function Overlay({ a, b, metric }: { a: HistoryRun; b: HistoryRun; metric: 'loss' | 'accuracy' }) {
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
      <figcaption>{metric === 'loss' ? 'Loss per epoch' : 'Accuracy per epoch'}</figcaption>
      <LineChart width={380} height={170} data={data} margin={{ top: 6, right: 12, bottom: 2, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="epoch" tick={{ fontSize: 10 }} interval={0} />
        <YAxis tick={{ fontSize: 10 }} width={44} domain={['auto', 'auto']} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        <Line dataKey="A" stroke={COLORS.a} isAnimationActive={false} dot />
        <Line dataKey="B" stroke={COLORS.b} isAnimationActive={false} dot />
        <Line dataKey="A val" stroke={COLORS.a} strokeDasharray="4 3" isAnimationActive={false} dot={{ r: 2 }} />
        <Line dataKey="B val" stroke={COLORS.b} strokeDasharray="4 3" isAnimationActive={false} dot={{ r: 2 }} />
      </LineChart>
    </figure>
  );
}

const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));

function Comparison({ a, b }: { a: HistoryRun; b: HistoryRun }) {
  const c = useMemo(() => compareRuns(a.record, b.record), [a, b]);
  const g = c.graph;
  return (
    <section className="runs-compare" data-testid="runs-compare" aria-label="Comparison">
      <h3>
        <span style={{ color: COLORS.a }}>A: {a.id}</span> vs <span style={{ color: COLORS.b }}>B: {b.id}</span>
      </h3>
      <div className="runs-charts">
        <Overlay a={a} b={b} metric="loss" />
        <Overlay a={a} b={b} metric="accuracy" />
      </div>
      <h4>Settings that differ</h4>
      {c.settings.length ? (
        <table className="runs-table" data-testid="runs-settings">
          <thead>
            <tr>
              <th>Setting</th>
              <th>A</th>
              <th>B</th>
            </tr>
          </thead>
          <tbody>
            {c.settings.map((s) => (
              <tr key={s.setting}>
                <td>{s.setting}</td>
                <td>{s.a}</td>
                <td>{s.b}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p data-testid="runs-settings">The same settings.</p>
      )}
      <h4>Network differences (A → B)</h4>
      {c.sameGraph ? (
        <p data-testid="runs-diff">The same network.</p>
      ) : (
        <ul className="runs-diff" data-testid="runs-diff">
          {g.added.map((n) => (
            <li key={`+${n.id}`} className="added">
              added {n.id} ({n.type})
            </li>
          ))}
          {g.removed.map((n) => (
            <li key={`-${n.id}`} className="removed">
              removed {n.id} ({n.type})
            </li>
          ))}
          {g.changed.map((ch) => (
            <li key={`~${ch.id}`} className="changed">
              changed {ch.id}:{' '}
              {[
                ...(ch.type ? [`type ${ch.type.before} → ${ch.type.after}`] : []),
                ...ch.params.map((p) => `${p.param} ${show(p.before)} → ${show(p.after)}`),
              ].join(', ')}
            </li>
          ))}
          {g.edgesAdded.map((e) => (
            <li key={`+e${e.source}${e.target}${e.targetPort}`} className="added">
              connected {e.source} → {e.target}
            </li>
          ))}
          {g.edgesRemoved.map((e) => (
            <li key={`-e${e.source}${e.target}${e.targetPort}`} className="removed">
              disconnected {e.source} → {e.target}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function RunsPanel({ history = appHistory }: { history?: History }) {
  const { runs, picked, problem } = history.useHistory();
  const { store } = useServices();
  const [confirming, setConfirming] = useState<string | null>(null);
  const byId = new Map(runs.map((r) => [r.id, r]));
  const [a, b] = picked.map((id) => byId.get(id));

  const restore = (run: HistoryRun) => {
    setConfirming(null);
    store.getState().edit(`Restore ${run.id}`, () => run.record.graph.doc);
    const doc = store.getState().doc;
    if (doc !== run.record.graph.doc) return; // locked while training: the store said why
    useTraining.setState({ weights: run.weights, weightsDoc: doc, record: null });
    store
      .getState()
      .notify(
        'info',
        `Restored ${run.id}: its graph${run.weights ? ' and trained weights' : ' (its weights were not kept)'}. Undo brings the previous graph back.`,
      );
  };

  if (!runs.length)
    return (
      <div className="runs-panel" data-testid="runs-panel">
        <p className="runs-empty">No runs yet. Every training run is kept here: train twice to compare two runs.</p>
        {problem && <p className="runs-problem">{problem}</p>}
      </div>
    );
  return (
    <div className="runs-panel" data-testid="runs-panel">
      {problem && <p className="runs-problem">{problem}</p>}
      <p className="runs-hint">Tick two runs to compare their curves, settings and networks.</p>
      <table className="runs-table runs-list" data-testid="runs-list">
        <thead>
          <tr>
            <th aria-label="Compare" />
            <th>Run</th>
            <th>Network</th>
            <th>Settings</th>
            <th>Result</th>
            <th aria-label="Actions" />
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
                    aria-label={`Compare ${r.id}`}
                    data-testid={`pick-${r.id}`}
                    checked={slot >= 0}
                    onChange={() => history.togglePick(r.id)}
                  />
                  {slot >= 0 && <span className={`runs-slot slot-${slot ? 'b' : 'a'}`}>{slot ? 'B' : 'A'}</span>}
                </td>
                <td title={r.record.createdAt}>
                  {r.id}
                  <div className="runs-sub">{new Date(r.record.createdAt).toLocaleTimeString()}</div>
                </td>
                <td>
                  {r.record.graph.doc.metadata.name}
                  <div className="runs-sub">{r.record.graph.doc.nodes.length} layers</div>
                </td>
                <td>
                  {t.optimizer} lr {t.learningRate}, batch {t.batchSize}
                  <div className="runs-sub">
                    {r.record.epochs.length}/{t.epochs} epochs, {r.record.data.name}
                  </div>
                </td>
                <td>{finalAccuracy(r.record)}</td>
                <td className="runs-actions">
                  <div>
                    <>
                      <button
                        type="button"
                        className="tb-btn"
                        data-testid={`restore-${r.id}`}
                        title="Put this run's graph and weights back (undoable)"
                        onClick={() => setConfirming(r.id)}
                      >
                        Restore
                      </button>
                      <button
                        type="button"
                        className="tb-btn"
                        data-testid={`delete-${r.id}`}
                        title="Delete this run and its weights"
                        onClick={() => history.remove(r.id)}
                      >
                        Delete
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
                    Replace the graph with {r.id}&apos;s network
                    {r.weights ? ' and trained weights' : ' (its weights were not kept)'}? Undo brings the current graph
                    back.{' '}
                    <button
                      type="button"
                      className="tb-btn primary"
                      data-testid={`confirm-restore-${r.id}`}
                      onClick={() => restore(r)}
                    >
                      Replace graph
                    </button>{' '}
                    <button type="button" className="tb-btn" onClick={() => setConfirming(null)}>
                      Cancel
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
        <p className="runs-hint">{picked.length === 1 ? 'Tick one more run to compare.' : ''}</p>
      )}
    </div>
  );
}
