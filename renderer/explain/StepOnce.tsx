// One batch, step by step: the training loop of the notes made visible for one layer. A button runs a single batch
// in the worker (forward -> loss -> backward -> update) and this shows, for the chosen layer, its activations, the
// gradient of the loss for its weights and the size of the update.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../i18n';
import { FeatureGrid } from '../training/images';
import { isRunning, training, useTraining } from '../training/trainingStore';

const f = (x: number | null) =>
  x === null ? '-' : x === 0 ? '0' : Math.abs(x) >= 0.01 && Math.abs(x) < 1e4 ? x.toFixed(4) : x.toExponential(2);

export function StepOnceSection({ selected }: { selected: readonly string[] }) {
  const tr = useT();
  const { state, maps, weights, stepView } = useTraining(
    useShallow((s) => ({ state: s.state, maps: s.maps, weights: s.weights, stepView: s.stepView })),
  );
  const layers = maps.map((m) => m.nodeId);
  const [chosen, setChosen] = useState<string | null>(null);
  const nodeId = chosen ?? selected.find((id) => layers.includes(id)) ?? layers[0];
  if (!layers.length || !nodeId) return null;
  const running = isRunning(state);
  const v = stepView?.view?.nodeId === nodeId ? stepView.view : null;
  return (
    <section className="tr-section" data-testid="step-once-section">
      <h4>{tr.t('ui.explain.stepTitle')}</h4>
      <div className="tr-row tr-wrap">
        <label className="tr-field">
          {tr.t('ui.explain.layer')}
          <select value={nodeId} data-testid="step-once-layer" onChange={(e) => setChosen(e.target.value)}>
            {layers.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <button
          className="pn-btn"
          data-testid="step-once"
          disabled={running || !weights}
          title={tr.t(running ? 'ui.explain.waitStopped' : !weights ? 'ui.explain.trainFirst' : 'ui.explain.stepTip')}
          onClick={() => training.stepOnce(nodeId)}
        >
          {tr.t('ui.explain.runBatch')}
        </button>
        <span className="pn-small pn-muted">{tr.t('ui.explain.realStep')}</span>
      </div>
      {stepView?.error && (
        <div className="tr-error">{stepView.errorMsg ? tr.msg(stepView.errorMsg) : stepView.error}</div>
      )}
      {v && (
        <div className="ex-steps-list pn-small" data-testid="step-once-view" data-update={v.updateNorm ?? ''}>
          <div>
            <strong>{tr.t('ui.explain.forward')}</strong>
            {tr.t('ui.explain.forwardText', {
              n: v.batchSize,
              node: v.nodeId,
              mean: f(v.activationMean),
              std: f(v.activationStd),
            })}
            {v.activation ? tr.t('ui.explain.forwardMaps') : '.'}
          </div>
          {v.activation && <FeatureGrid map={v.activation} />}
          <div>
            <strong>{tr.t('ui.explain.loss')}</strong>
            {tr.t('ui.explain.lossText')}
            <b>{f(v.lossBefore)}</b>
          </div>
          <div>
            <strong>{tr.t('ui.explain.backward')}</strong>
            {tr.t('ui.explain.backwardText', { node: v.nodeId })}
            <b>{f(v.gradNorm)}</b>
            {v.gradient ? tr.t('ui.explain.backwardMaps') : ''}
          </div>
          {v.gradient && <FeatureGrid map={v.gradient} />}
          <div>
            <strong>{tr.t('ui.explain.update')}</strong>
            {tr.t('ui.explain.updateText', { optimizer: v.optimizer, lr: v.learningRate })}
            <b data-testid="step-once-update">{f(v.updateNorm)}</b>
            {v.weightNorm
              ? tr.t('ui.explain.updateRel', { rel: f((v.updateNorm ?? 0) / v.weightNorm), size: f(v.weightNorm) })
              : ''}
            {tr.t('ui.explain.lossAfter')}
            <b>{f(v.lossAfter)}</b>.
          </div>
        </div>
      )}
    </section>
  );
}
