// "Import model…": pick an .onnx file (PyTorch's torch.onnx.export, tf2onnx...), model.json with its weight files (the
// graph opens as a new document), or train.py's trained.weights.json + .bin (with the export's run.json for its graph,
// else into the open graph); the weights become the training weights (continue training or export them).
import { useRef, useState } from 'react';
import { useEditor } from '../store/store';
import { useTraining } from '../training/trainingStore';
import { importPickedFiles } from './importModel';
import { useT } from '../i18n';
import { messageOf } from '../../shared/i18n';

export function ImportModelButton() {
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<string | null>(null);
  const tr = useT();
  const [foldBatchNorm, setFoldBatchNorm] = useState(false);
  const onFiles = async (list: FileList | null) => {
    if (!list || !list.length) return;
    try {
      const tf = await import('@tensorflow/tfjs');
      const r = await importPickedFiles(tf, [...list], useEditor.getState().doc, { foldBatchNorm });
      if (!r.weightsOnly) useEditor.getState().loadDoc(r.doc, { path: null, name: null });
      useTraining.setState({ weights: r.weights, weightsDoc: useEditor.getState().doc });
      setMessage(
        r.weightsOnly
          ? tr.t('ui.import.weightsDone', { n: r.weights.data.length })
          : `${tr.t('ui.import.done', { n: r.doc.nodes.length })}${r.warnings.length ? ` ${r.warnings.join(' ')}` : ''}`,
      );
    } catch (e) {
      setMessage(tr.t('ui.import.failed', { error: messageOf(e) }));
    } finally {
      if (input.current) input.current.value = '';
    }
  };
  return (
    <span className="import-model">
      <button type="button" onClick={() => input.current?.click()} data-testid="import-tfjs">
        {tr.t('ui.import.button')}
      </button>
      <label className="import-fold" title={tr.t('ui.import.foldTitle')}>
        <input
          type="checkbox"
          checked={foldBatchNorm}
          onChange={(e) => setFoldBatchNorm(e.target.checked)}
          data-testid="import-fold-batchnorm"
        />{' '}
        {tr.t('ui.import.fold')}
      </label>
      <input
        ref={input}
        type="file"
        multiple
        accept=".onnx,.json,.bin"
        hidden
        onChange={(e) => void onFiles(e.target.files)}
        data-testid="import-tfjs-input"
      />
      {message && (
        <span role="status" data-testid="import-status">
          {' '}
          {message}
        </span>
      )}
    </span>
  );
}
