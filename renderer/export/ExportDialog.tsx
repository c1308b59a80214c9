// Export dialog: pick a format, export the current graph with its trained weights (or a fresh
// initialisation when it has not been trained), written through the host. Self-contained: reads the
// editor and training stores; the only prop is what to do on close.
import { useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat, type OutputKind } from '../../shared/export';
import { useServices } from '../services';
import { useEditor } from '../store/store';
import { useTraining } from '../training/trainingStore';
import { exportSetup, runExport, type ExportOutcome } from './exportRun';
import { sameNetwork } from './sameNetwork';

export function ExportDialog({ onClose }: { onClose?: () => void }) {
  const { host } = useServices();
  const doc = useEditor((s) => s.doc);
  // Trained weights still fit after nodes were moved (a new document object of the same network).
  const trained = useTraining((s) => (s.weights && sameNetwork(s.weightsDoc, doc) ? s.weights : null));
  const config = useTraining((s) => s.config);
  const data = useTraining((s) => s.data);
  const valFraction = useTraining((s) => s.valFraction);
  const record = useTraining((s) => s.record);
  const [format, setFormat] = useState<ExportFormat>('onnx');
  const [output, setOutput] = useState<'default' | OutputKind>('default');
  const [bare, setBare] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ExportOutcome | null>(null);

  const go = async () => {
    setBusy(true);
    setOutcome(null);
    const tf = await import('@tensorflow/tfjs');
    const setup = exportSetup(config, data, valFraction);
    setOutcome(
      await runExport(format, doc, trained, setup, tf, host, {
        record,
        ...(output !== 'default' && format !== 'tfjs' ? { output } : {}),
        ...(bare && format === 'onnx' ? { bare: true } : {}),
      }),
    );
    setBusy(false);
  };

  return (
    <div className="export-dialog" role="dialog" aria-label="Export model" data-testid="export-dialog">
      <h3>Export “{doc.metadata.name}”</h3>
      <fieldset disabled={busy}>
        {(Object.keys(EXPORT_FORMATS) as ExportFormat[]).map((f) => (
          <label key={f} style={{ display: 'block' }}>
            <input
              type="radio"
              name="export-format"
              value={f}
              checked={format === f}
              onChange={() => setFormat(f)}
              data-testid={`export-${f}`}
            />{' '}
            {EXPORT_FORMATS[f].label} <small>({EXPORT_FORMATS[f].files})</small>
          </label>
        ))}
      </fieldset>
      {format !== 'tfjs' && (
        <fieldset disabled={busy} className="export-options">
          <label>
            Output:{' '}
            <select
              value={output}
              onChange={(e) => setOutput(e.target.value as 'default' | OutputKind)}
              data-testid="export-output"
            >
              <option value="default">
                {format === 'pytorch' ? 'logits (PyTorch default, for CrossEntropyLoss)' : 'probabilities (default)'}
              </option>
              <option value="probabilities">probabilities (softmax)</option>
              <option value="logits">logits (no final softmax)</option>
            </select>
          </label>
          {format === 'onnx' && (
            <label style={{ display: 'block' }}>
              <input
                type="checkbox"
                checked={bare}
                onChange={(e) => setBare(e.target.checked)}
                data-testid="export-bare"
              />{' '}
              Bare net (input already preprocessed; default: raw pixels 0..255)
            </label>
          )}
        </fieldset>
      )}
      <p data-testid="export-weights">
        {trained
          ? record
            ? 'Exports the trained weights with their run record and preprocessing (ONNX and PyTorch take raw pixels 0..255; TF.js keeps it in its metadata).'
            : 'Exports the trained weights.'
          : 'Not trained yet: exports freshly initialised weights (train first to export a trained model).'}
      </p>
      <button type="button" onClick={go} disabled={busy} data-testid="export-go">
        {busy ? 'Exporting…' : 'Export'}
      </button>
      {onClose && (
        <button type="button" onClick={onClose} disabled={busy}>
          Close
        </button>
      )}
      {outcome && (
        <p role="status" data-testid="export-status" className={outcome.kind === 'failed' ? 'error' : undefined}>
          {outcome.kind === 'written' &&
            `Wrote ${outcome.files.join(', ')}${outcome.folder ? ` to ${outcome.folder}` : ' (downloads)'}.`}
          {outcome.kind === 'cancelled' && 'Cancelled: nothing written.'}
          {outcome.kind === 'failed' && `Export failed, nothing written: ${outcome.message}`}
        </p>
      )}
    </div>
  );
}
