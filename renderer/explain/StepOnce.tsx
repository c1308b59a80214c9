// One batch, step by step: the training loop of the notes made visible for one layer. A button runs a single batch
// in the worker (forward -> loss -> backward -> update) and this shows, for the chosen layer, its activations, the
// gradient of the loss for its weights and the size of the update.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { FeatureGrid } from '../training/images';
import { isRunning, training, useTraining } from '../training/trainingStore';

const f = (x: number | null) =>
  x === null ? '-' : x === 0 ? '0' : Math.abs(x) >= 0.01 && Math.abs(x) < 1e4 ? x.toFixed(4) : x.toExponential(2);

export function StepOnceSection({ selected }: { selected: readonly string[] }) {
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
      <h4>One batch, step by step</h4>
      <div className="tr-row tr-wrap">
        <label className="tr-field">
          layer
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
          title={running ? 'Wait until training has stopped' : !weights ? 'Train first' : 'Runs one real training step'}
          onClick={() => training.stepOnce(nodeId)}
        >
          Run one batch
        </button>
        <span className="pn-small pn-muted">a real training step: the weights change</span>
      </div>
      {stepView?.error && <div className="tr-error">{stepView.error}</div>}
      {v && (
        <div className="ex-steps-list pn-small" data-testid="step-once-view" data-update={v.updateNorm ?? ''}>
          <div>
            <strong>1. Forward</strong> a batch of {v.batchSize} images through the network: {v.nodeId}'s output has
            mean {f(v.activationMean)} and std {f(v.activationStd)}
            {v.activation ? '; its maps for the first image:' : '.'}
          </div>
          {v.activation && <FeatureGrid map={v.activation} />}
          <div>
            <strong>2. Loss</strong> (cross-entropy against the labels): <b>{f(v.lossBefore)}</b>
          </div>
          <div>
            <strong>3. Backward</strong>: the gradient of the loss for {v.nodeId}'s weights has norm{' '}
            <b>{f(v.gradNorm)}</b>
            {v.gradient ? ' (per filter, summed over the input channels; the update goes against it):' : ''}
          </div>
          {v.gradient && <FeatureGrid map={v.gradient} />}
          <div>
            <strong>4. Update</strong> ({v.optimizer}, learning rate {v.learningRate}): the weights moved by{' '}
            <b data-testid="step-once-update">{f(v.updateNorm)}</b>
            {v.weightNorm ? ` (${f((v.updateNorm ?? 0) / v.weightNorm)} of their size ${f(v.weightNorm)})` : ''}; the
            loss on the same batch is now <b>{f(v.lossAfter)}</b>.
          </div>
        </div>
      )}
    </section>
  );
}
