// Held-out evaluation: accuracy, a confusion matrix (click a cell to see those examples), misclassified images.
import { useState } from 'react';
import { ByteImage } from './images';
import { training, useTraining } from './trainingStore';
import type { EvaluationMsg } from './protocol';
import { serializeRunRecord, type RunRecord } from '../../shared/train/runRecord';
import { scheduleText } from '../../shared/train/runCompare';
import { exportBaseName } from '../../shared/export/fileNames';
import { useT } from '../i18n';
import { dataName } from './DataChooser';

/** The finished run's record, compact: what was trained on what, how, and what came out; copy or download as JSON. */
export function RunRecordView({ record }: { record: RunRecord }) {
  const [copied, setCopied] = useState<string | null>(null);
  const tr = useT();
  const d = record.data,
    p = record.preprocessing,
    t = record.training,
    s = t.schedule;
  const n = (x: number) => tr.number(x);
  const json = () => serializeRunRecord(record);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(json());
      setCopied(tr.t('ui.record.copied'));
    } catch (e) {
      setCopied(tr.t('ui.record.copyFailed', { error: (e as Error).message }));
    }
  };
  const download = () => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([json()], { type: 'application/json' }));
    a.download = `${exportBaseName(record.graph.doc.metadata.name, 'run')}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };
  const aug = [
    d.augmentation.cropPadding ? tr.t('ui.record.crop', { n: d.augmentation.cropPadding }) : '',
    d.augmentation.flip ? tr.t('ui.record.flips') : '',
  ].filter(Boolean);
  // [test id, row heading, value]: the test ids stay English whatever the language.
  const rows: [string, string, string][] = [
    [
      'data',
      tr.t('ui.record.data'),
      tr.t('ui.record.dataValue', {
        name: dataName(tr, d.name),
        train: n(d.counts.train),
        val: n(d.counts.val),
        test: n(d.counts.test),
        seed: d.split.seed,
      }) +
        (d.split.limit !== undefined ? tr.t('ui.record.limit', { n: d.split.limit }) : '') +
        (d.firstImages?.train !== undefined ? tr.t('ui.record.firstImages', { n: n(d.firstImages.train) }) : ''),
    ],
    [
      'preprocessing',
      tr.t('ui.record.preprocessing'),
      tr.t('ui.record.preprocessingValue', {
        mean: p.mean.map((m) => m.toFixed(4)).join(', '),
        std: p.std.map((x) => x.toFixed(4)).join(', '),
      }),
    ],
    [
      'augmentation',
      tr.t('ui.record.augmentation'),
      aug.length ? aug.join(tr.t('ui.record.listSep')) : tr.t('ui.record.none'),
    ],
    [
      'training',
      tr.t('ui.record.training'),
      tr.t('ui.record.trainingValue', {
        optimizer: t.optimizer,
        lr: t.learningRate,
        schedule:
          s.kind === 'step'
            ? tr.t('ui.record.stepSchedule', { gamma: s.gamma, every: s.everyEpochs })
            : scheduleText(s, tr.t),
        batch: t.batchSize,
        epochs: t.epochs,
        seed: t.seed,
      }) + (record.continued ? tr.t('ui.record.continued') : ''),
    ],
    [
      'backend',
      tr.t('ui.record.backend'),
      `${record.backend.name}${record.backend.kernels ? `, ${record.backend.kernels}` : ''}, tfjs ${record.backend.tfjs}`,
    ],
    [
      'result',
      tr.t('ui.record.result'),
      tr.t('ui.record.resultValue', {
        epochs: record.epochs.length,
        steps: record.steps,
        seconds: (record.wallTimeMs / 1000).toFixed(1),
      }) +
        (record.test
          ? tr.t('ui.record.resultTest', {
              accuracy: tr.percent(record.test.accuracy, 2),
              loss: record.test.loss.toFixed(4),
            })
          : ''),
    ],
    [
      'graph',
      tr.t('ui.record.graph'),
      tr.t('ui.record.graphValue', { nodes: record.graph.doc.nodes.length, hash: record.graph.hash.slice(0, 12) }),
    ],
  ];
  return (
    <details className="tr-section tr-record" data-testid="run-record" open>
      <summary>
        <strong>{tr.t('ui.record.title')}</strong> <span className="pn-muted pn-small">{tr.t('ui.record.note')}</span>
      </summary>
      <table className="tr-record-table pn-small">
        <tbody>
          {rows.map(([id, k, v]) => (
            <tr key={id}>
              <th scope="row">{k}</th>
              <td data-testid={`run-record-${id}`}>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={copy} data-testid="run-record-copy">
        {tr.t('ui.record.copy')}
      </button>{' '}
      <button type="button" onClick={download} data-testid="run-record-download">
        {tr.t('ui.record.download')}
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
  const tr = useT();
  const K = e.confusion.length;
  const max = Math.max(1, ...e.confusion.flat());
  const name = (k: number) => classNames[k] ?? String(k);
  const shown = e.misclassified.filter((m) => !cell || (m.label === cell[0] && m.predicted === cell[1]));
  return (
    <section className="tr-section" data-testid="train-results">
      <h4>
        {tr.t(e.which === 'test' ? 'ui.results.test' : 'ui.results.validation')}:{' '}
        <span data-testid="eval-accuracy" data-value={e.accuracy}>
          {tr.percent(e.accuracy, 2)}
        </span>{' '}
        {tr.t('ui.results.accuracy')}
        <span className="pn-muted pn-small"> {tr.t('ui.results.loss', { loss: tr.number(e.loss, 4), n: e.n })}</span>
      </h4>
      <table className="tr-confusion" data-testid="confusion">
        <thead>
          <tr>
            <th title={tr.t('ui.results.axesHelp')}>{tr.t('ui.results.axes')}</th>
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
                  title={tr.t('ui.results.cell', { t: name(t), p: name(p), n: v })}
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
        {cell ? tr.t('ui.results.filtered', { t: name(cell[0]), p: name(cell[1]) }) : tr.t('ui.results.misclassified')}
      </div>
      <div className="tr-grid" data-testid="misclassified">
        {shown.slice(0, 64).map((m, i) => (
          <figure
            key={i}
            className={`tr-mis${probe && probe.source === m.source && probe.index === m.index ? ' tr-mis-probe' : ''}`}
            data-testid="misclassified-example"
            title={tr.t('ui.results.example', {
              t: name(m.label),
              p: name(m.predicted),
              confidence: tr.percent(m.confidence, 0),
            })}
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
