// Held-out evaluation: accuracy, a confusion matrix (click a cell to see those examples), misclassified images.
import { useState } from 'react';
import { ByteImage } from './images';
import { training, useTraining } from './trainingStore';
import type { EvaluationMsg } from './protocol';
import { useT } from '../i18n';

export function Results({ e, classNames }: { e: EvaluationMsg; classNames: readonly string[] }) {
  const [cell, setCell] = useState<[number, number] | null>(null);
  const probe = useTraining((s) => s.probeImage);
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
