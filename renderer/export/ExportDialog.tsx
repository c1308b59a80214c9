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
import { useT } from '../i18n';

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
  const tr = useT();

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
    <div className="export-dialog" role="dialog" aria-label={tr.t('ui.export.title')} data-testid="export-dialog">
      <h3>{tr.t('ui.export.heading', { name: doc.metadata.name })}</h3>
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
            {tr.t(`ui.export.formats.${f}.label`)} <small>({tr.t(`ui.export.formats.${f}.files`)})</small>
          </label>
        ))}
      </fieldset>
      {format !== 'tfjs' && (
        <fieldset disabled={busy} className="export-options">
          <label>
            {tr.t('ui.export.output')}{' '}
            <select
              value={output}
              onChange={(e) => setOutput(e.target.value as 'default' | OutputKind)}
              data-testid="export-output"
            >
              <option value="default">
                {tr.t(format === 'pytorch' ? 'ui.export.outputDefaultPytorch' : 'ui.export.outputDefault')}
              </option>
              <option value="probabilities">{tr.t('ui.export.outputProbabilities')}</option>
              <option value="logits">{tr.t('ui.export.outputLogits')}</option>
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
              {tr.t('ui.export.bare')}
            </label>
          )}
        </fieldset>
      )}
      <p data-testid="export-weights">
        {tr.t(trained ? (record ? 'ui.export.trainedRecord' : 'ui.export.trained') : 'ui.export.untrained')}
      </p>
      <button type="button" onClick={go} disabled={busy} data-testid="export-go">
        {tr.t(busy ? 'ui.export.exporting' : 'ui.export.go')}
      </button>
      {onClose && (
        <button type="button" onClick={onClose} disabled={busy}>
          {tr.t('ui.export.close')}
        </button>
      )}
      {outcome && (
        <p role="status" data-testid="export-status" className={outcome.kind === 'failed' ? 'error' : undefined}>
          {outcome.kind === 'written' &&
            (outcome.folder
              ? tr.t('ui.export.wroteTo', { files: outcome.files.join(', '), folder: outcome.folder })
              : tr.t('ui.export.wroteDownloads', { files: outcome.files.join(', ') }))}
          {outcome.kind === 'cancelled' && tr.t('ui.export.cancelled')}
          {outcome.kind === 'failed' && tr.t('ui.export.failed', { error: outcome.message })}
        </p>
      )}
    </div>
  );
}
