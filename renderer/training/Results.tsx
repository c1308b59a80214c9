// Held-out evaluation: accuracy, a confusion matrix (click a cell to see those examples), misclassified images.
import { useState } from 'react';
import { ByteImage } from './images';
import { training, useTraining } from './trainingStore';
import type { EvaluationMsg } from './protocol';
import { serializeRunRecord, type RunRecord } from '../../shared/train/runRecord';
import { exportBaseName } from '../../shared/export/fileNames';

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/** The finished run's record, compact: what was trained on what, how, and what came out; copy or download as JSON. */
export function RunRecordView({ record }: { record: RunRecord }) {
  const [copied, setCopied] = useState<string | null>(null);
  const d = record.data,
    p = record.preprocessing,
    t = record.training,
    s = t.schedule;
  const json = () => serializeRunRecord(record);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(json());
      setCopied('Copied.');
    } catch (e) {
      setCopied(`Could not copy: ${(e as Error).message}`);
    }
  };
  const download = () => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([json()], { type: 'application/json' }));
    a.download = `${exportBaseName(record.graph.doc.metadata.name, 'run')}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };
  const rows: [string, string][] = [
    [
      'Data',
      `${d.name}: ${d.counts.train.toLocaleString()} train / ${d.counts.val.toLocaleString()} validation / ${d.counts.test.toLocaleString()} test, split seed ${d.split.seed}${d.split.limit !== undefined ? `, limit ${d.split.limit}` : ''}${d.firstImages?.train !== undefined ? `, first ${d.firstImages.train.toLocaleString()} images of the file` : ''}`,
    ],
    [
      'Preprocessing',
      `(pixel / 255 − mean) / std; mean ${p.mean.map((m) => m.toFixed(4)).join(', ')}; std ${p.std.map((x) => x.toFixed(4)).join(', ')}`,
    ],
    [
      'Augmentation',
      d.augmentation.cropPadding || d.augmentation.flip
        ? [d.augmentation.cropPadding ? `crop ±${d.augmentation.cropPadding}` : '', d.augmentation.flip ? 'flips' : '']
            .filter(Boolean)
            .join(', ')
        : 'none',
    ],
    [
      'Training',
      `${t.optimizer} lr ${t.learningRate}, ${s.kind === 'step' ? `step ×${s.gamma}/${s.everyEpochs} ep` : s.kind}, batch ${t.batchSize}, ${t.epochs} epoch(s), seed ${t.seed}${record.continued ? ', continued from earlier weights' : ''}`,
    ],
    [
      'Backend',
      `${record.backend.name}${record.backend.kernels ? `, ${record.backend.kernels}` : ''}, tfjs ${record.backend.tfjs}`,
    ],
    [
      'Result',
      `${record.epochs.length} epoch(s), ${record.steps} steps, ${(record.wallTimeMs / 1000).toFixed(1)} s${record.test ? `; test ${pct(record.test.accuracy)} (loss ${record.test.loss.toFixed(4)})` : ''}`,
    ],
    ['Graph', `${record.graph.doc.nodes.length} nodes, hash ${record.graph.hash.slice(0, 12)}`],
  ];
  return (
    <details className="tr-section tr-record" data-testid="run-record" open>
      <summary>
        <strong>Run record</strong>{' '}
        <span className="pn-muted pn-small">
          (travels with every export; reproduce it with the PyTorch export's train.py)
        </span>
      </summary>
      <table className="tr-record-table pn-small">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td data-testid={`run-record-${k.toLowerCase()}`}>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={copy} data-testid="run-record-copy">
        Copy JSON
      </button>{' '}
      <button type="button" onClick={download} data-testid="run-record-download">
        Download JSON
      </button>{' '}
      {copied && (
        <span role="status" className="pn-small pn-muted">
          {copied}
        </span>
      )}
    </details>
  );
}

export function Results({ e, classNames }: { e: EvaluationMsg; classNames: readonly string[] }) {
  const [cell, setCell] = useState<[number, number] | null>(null);
  const probe = useTraining((s) => s.probeImage);
  const record = useTraining((s) => s.record);
  const K = e.confusion.length;
  const max = Math.max(1, ...e.confusion.flat());
  const name = (k: number) => classNames[k] ?? String(k);
  const shown = e.misclassified.filter((m) => !cell || (m.label === cell[0] && m.predicted === cell[1]));
  return (
    <section className="tr-section" data-testid="train-results">
      <h4>
        {e.which === 'test' ? 'Test set' : 'Validation set'}:{' '}
        <span data-testid="eval-accuracy" data-value={e.accuracy}>
          {(e.accuracy * 100).toFixed(2)}%
        </span>{' '}
        accuracy
        <span className="pn-muted pn-small">
          {' '}
          (loss {e.loss.toFixed(4)}, {e.n.toLocaleString()} images)
        </span>
      </h4>
      <table className="tr-confusion" data-testid="confusion">
        <thead>
          <tr>
            <th title="rows: true class, columns: predicted class">true / pred</th>
            {Array.from({ length: K }, (_, k) => (
              <th key={k}>{name(k)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {e.confusion.map((row, t) => (
            <tr key={t}>
              <th>{name(t)}</th>
              {row.map((v, p) => (
                <td
                  key={p}
                  onClick={() => setCell(t === p ? null : [t, p])}
                  title={`true ${name(t)}, predicted ${name(p)}: ${v}`}
                  style={{
                    background:
                      t === p ? `rgba(18,183,106,${v / max})` : `rgba(217,45,32,${Math.min(1, (4 * v) / max)})`,
                    cursor: t === p ? 'default' : 'pointer',
                    outline: cell && cell[0] === t && cell[1] === p ? '2px solid #1d2330' : undefined,
                  }}
                >
                  {v || ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {record && <RunRecordView record={record} />}
      <div className="pn-small pn-muted">
        {cell ? `True ${name(cell[0])}, predicted ${name(cell[1])}` : 'Misclassified examples (click a cell to filter)'}
      </div>
      <div className="tr-grid" data-testid="misclassified">
        {shown.slice(0, 64).map((m, i) => (
          <figure
            key={i}
            className={`tr-mis${probe && probe.source === m.source && probe.index === m.index ? ' tr-mis-probe' : ''}`}
            data-testid="misclassified-example"
            title={`true ${name(m.label)}, predicted ${name(m.predicted)} (${(m.confidence * 100).toFixed(0)}%). Click: see its feature maps.`}
            onClick={() => training.pickProbe({ kind: 'image', source: m.source, index: m.index })}
          >
            <ByteImage
              pixels={m.pixels}
              height={e.height}
              width={e.width}
              channels={e.channels}
              scale={e.height <= 32 ? 2 : 1}
            />
            <figcaption>
              {name(m.label)}→{name(m.predicted)}
            </figcaption>
          </figure>
        ))}
      </div>
    </section>
  );
}
