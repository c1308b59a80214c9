// Held-out evaluation: accuracy, a confusion matrix (click a cell to see those examples), misclassified images.
import { useState } from 'react';
import { ByteImage } from './images';
import { training, useTraining } from './trainingStore';
import type { EvaluationMsg } from './protocol';

export function Results({ e, classNames }: { e: EvaluationMsg; classNames: readonly string[] }) {
  const [cell, setCell] = useState<[number, number] | null>(null);
  const probe = useTraining((s) => s.probeImage);
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
