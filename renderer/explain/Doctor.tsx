// The training doctor in the app: diagnoses derived (never stored) from the run's doctor samples, loss curves and
// epochs by shared/train/doctor.ts, shown in the Train tab (with each layer's latest figures) and in Problems, each
// with its one-click fixes: graph edits through the editor's applyFix, training settings through the store.
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { diagnose, type Diagnosis, type DoctorFix } from '../../shared/train/doctor';
import { analysisOf } from '../store/analysis';
import { currentT, useT } from '../i18n';
import { useEditor } from '../store/store';
import { DOCTOR_KEEP, isRunning, training, useTraining } from '../training/trainingStore';

/** The same empty list every time: the canvas's marks re-render on a new list, and every edit made one. */
const NO_DIAGNOSES: Diagnosis[] = [];

/** The diagnoses for the current run and graph (recomputed when either changes). */
export function useDiagnoses(): Diagnosis[] {
  const t = useTraining(
    useShallow((s) => ({
      samples: s.doctor,
      batches: s.batches,
      epochs: s.epochs,
      config: s.config,
      numClasses: s.data?.numClasses ?? 0,
      diverged: s.state === 'diverged',
    })),
  );
  // Without a run there is nothing to diagnose: the graph is not followed then, so an edit renders none of the
  // doctor's views (the canvas's marks rendered on every edit).
  const idle = !t.samples.length && !t.epochs.length && !t.diverged;
  const doc = useEditor((s) => (idle ? null : s.doc));
  return useMemo(() => {
    if (!doc) return NO_DIAGNOSES;
    const known = (d: Diagnosis) => d.nodeIds.every((id) => doc.nodes.some((n) => n.id === id));
    return diagnose({
      doc,
      analysis: analysisOf(doc),
      samples: t.samples,
      losses: t.batches.map((b) => ({ step: b.step, loss: b.loss })),
      epochs: t.epochs,
      config: t.config,
      numClasses: t.numClasses,
      diverged: t.diverged,
    }).filter(known);
  }, [doc, t]);
}

function applyDoctorFix(f: DoctorFix): void {
  for (const e of f.edits ?? []) useEditor.getState().applyFix(e);
  if (f.config) training.setConfig(f.config);
  useEditor.getState().notify('info', currentT().t('ui.explain.fixDone', { label: currentT().msg(f.msg) }));
}

function DiagnosisCard({ d, disabled, prefix = '' }: { d: Diagnosis; disabled: boolean; prefix?: string }) {
  const tr = useT();
  return (
    <div className="ex-diag" data-testid={`${prefix}doctor-${d.code}`} data-nodes={d.nodeIds.join(',')}>
      <div className="ex-diag-title">{tr.msg(d.titleMsg)}</div>
      <div className="pn-small">{tr.msg(d.msg)}</div>
      <div className="tr-row tr-wrap">
        {d.fixes.map((f, i) => (
          <button
            key={i}
            className="pn-btn"
            disabled={disabled}
            title={disabled ? tr.t('ui.explain.waitStopped') : undefined}
            data-testid={`${prefix}doctor-fix-${d.code}-${i}`}
            onClick={() => applyDoctorFix(f)}
          >
            {tr.msg(f.msg)}
          </button>
        ))}
      </div>
    </div>
  );
}

const fmt = (x: number | null) =>
  x === null ? '-' : Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(3) : x.toExponential(1);

/** The Train tab's section: diagnoses, then the latest figures per layer. */
export function DoctorSection() {
  const tr = useT();
  const diagnoses = useDiagnoses();
  const samples = useTraining((s) => s.doctor);
  const running = useTraining((s) => isRunning(s.state));
  const last = samples[samples.length - 1];
  if (!last && !diagnoses.length) return null;
  return (
    <section className="tr-section" data-testid="doctor">
      <h4>{tr.t('ui.explain.doctor')}</h4>
      {diagnoses.length === 0 ? (
        <div className="pn-small pn-muted" data-testid="doctor-healthy">
          {tr.t('ui.explain.healthy')}
        </div>
      ) : (
        diagnoses.map((d) => <DiagnosisCard key={d.code + d.nodeIds.join()} d={d} disabled={running} />)
      )}
      {last && (
        <details className="pn-small">
          <summary>{tr.t('ui.explain.figures', { step: last.step, keep: DOCTOR_KEEP })}</summary>
          <table className="ex-table" data-testid="doctor-table">
            <thead>
              <tr>
                <th>{tr.t('ui.explain.colLayer')}</th>
                <th>{tr.t('ui.explain.colMean')}</th>
                <th>{tr.t('ui.explain.colStd')}</th>
                <th title={tr.t('ui.explain.colDeadTitle')}>{tr.t('ui.explain.colDead')}</th>
                <th title={tr.t('ui.explain.colGradTitle')}>{tr.t('ui.explain.colGrad')}</th>
                <th title={tr.t('ui.explain.colUpdateTitle')}>{tr.t('ui.explain.colUpdate')}</th>
              </tr>
            </thead>
            <tbody>
              {last.layers.map((l) => (
                <tr key={l.nodeId}>
                  <td>
                    <code>{l.nodeId}</code>
                  </td>
                  <td>{fmt(l.mean)}</td>
                  <td>{fmt(l.std)}</td>
                  <td>{l.dead === null ? '-' : `${Math.round(l.dead * 100)}%`}</td>
                  <td>{fmt(l.gradNorm)}</td>
                  <td>{fmt(l.updateRatio)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}

/** The Problems panel's part: the same diagnoses, compact. */
export function DoctorProblems() {
  const tr = useT();
  const diagnoses = useDiagnoses();
  const running = useTraining((s) => isRunning(s.state));
  if (!diagnoses.length) return null;
  return (
    <div className="ex-doctor-problems" data-testid="problems-doctor">
      <div className="pn-small">
        <strong>{tr.t('ui.explain.doctor')}</strong>
      </div>
      {diagnoses.map((d) => (
        <DiagnosisCard key={d.code + d.nodeIds.join()} d={d} disabled={running} prefix="problems-" />
      ))}
    </div>
  );
}
