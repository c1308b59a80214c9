// Summary: a Keras-style table of the network (in the order the compiler builds it) and its
// totals, with activation memory for the batch size the user plans to train with.
import { memo, useDeferredValue, useMemo, useState } from 'react';
import { formatBytes, formatCount, formatRF, formatSI, shapeText } from '../../shared/graph';
import { useAnalysis } from '../store/analysis';
import { useEditor } from '../store/store';
import { memoryFigures, summaryRows, type SummaryRow } from './model';
import { NumberBox } from './NumberBox';
import './panels.css';
import { useFaceT, useT } from '../i18n';
import type { Translator } from '../../shared/i18n';

const batchError = (n: number) =>
  Number.isInteger(n) && n >= 1 && n <= 65536
    ? null
    : `Batch size must be a whole number from 1 to 65,536; ${n} is not.`;

export function SummaryPanel() {
  // Deferred: an edit re-renders the canvas (its labels) first; the table, up to a row per layer, follows in a
  // transition that the next keystroke may interrupt.
  const a = useDeferredValue(useAnalysis());
  const rows = useMemo(() => summaryRows(a), [a]);
  const batchSize = useEditor((s) => s.batchSize);
  const setBatchSize = useEditor((s) => s.setBatchSize);
  const mem = memoryFigures(a, batchSize);
  const t = a.totals;
  const dead = rows.filter((r) => !r.live).length;
  const [batchErr, setBatchErr] = useState<string | null>(null);
  const tr = useT();
  // Rows take the translator and its word for a global RF from here, looked up once, not once per row.
  const rowT = useFaceT();
  const global = rowT.t('ui.summary.global');

  return (
    <div className="pn pn-summary" data-testid="summary">
      <div className="pn-scroll">
        {rows.length === 0 ? (
          <div className="pn-empty" data-testid="summary-empty">
            <strong>{tr.t('ui.summary.empty')}</strong>
            <span>{tr.t('ui.summary.emptyHint')}</span>
          </div>
        ) : (
          <table className="pn-table" data-testid="summary-table">
            <thead>
              <tr>
                <th className="pn-c-id">{tr.t('ui.summary.layer')}</th>
                <th className="pn-c-type">{tr.t('ui.summary.type')}</th>
                <th>{tr.t('ui.summary.output')}</th>
                <th className="pn-num-col">{tr.t('ui.summary.params')}</th>
                <th className="pn-num-col pn-c-macs" title={tr.t('ui.summary.macsHelp')}>
                  MACs
                </th>
                <th title={tr.t('ui.summary.rfHelp')}>{tr.t('ui.summary.rf')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <Row key={r.id} row={r} global={global} tr={rowT} />
              ))}
            </tbody>
          </table>
        )}
      </div>
      <footer className="pn-totals" data-testid="summary-totals">
        <dl className="pn-kv">
          <div className="pn-kv-row">
            <dt>{tr.t('ui.summary.layers')}</dt>
            <dd data-testid="summary-node-count">
              {a.doc.nodes.length}
              {dead > 0 && <span className="pn-muted"> {tr.t('ui.summary.unusedCount', { n: dead })}</span>}
            </dd>
          </div>
          <div className="pn-kv-row">
            <dt>{tr.t('ui.summary.trainable')}</dt>
            <dd data-testid="summary-total-trainable">{formatCount(t.trainable)}</dd>
          </div>
          <div className="pn-kv-row">
            <dt>{tr.t('ui.summary.nonTrainable')}</dt>
            <dd data-testid="summary-total-nontrainable">{formatCount(t.nonTrainable)}</dd>
          </div>
          <div className="pn-kv-row pn-strong">
            <dt>{tr.t('ui.summary.total')}</dt>
            <dd data-testid="summary-total-params">{formatCount(t.params)}</dd>
          </div>
          <div className="pn-kv-row">
            <dt>{tr.t('ui.summary.paramMemory')}</dt>
            <dd
              data-testid="summary-param-bytes"
              title={tr.t('ui.summary.bytesFloat32', { n: formatCount(mem.parameters) })}
            >
              {formatBytes(mem.parameters)}
            </dd>
          </div>
          <div className="pn-kv-row">
            <dt>{tr.t('ui.summary.macs')}</dt>
            <dd data-testid="summary-total-macs" title={formatCount(t.macs)}>
              {formatSI(t.macs)}
            </dd>
          </div>
          <div className="pn-kv-row">
            <dt>{tr.t('ui.summary.activations')}</dt>
            <dd
              data-testid="summary-act-sample"
              title={tr.t('ui.summary.activationsHelp', { n: formatCount(mem.activationPerSample) })}
            >
              {formatBytes(mem.activationPerSample)}
            </dd>
          </div>
          <div className="pn-kv-row">
            <dt>
              <label htmlFor="pn-batch">{tr.t('ui.summary.activationsBatch')}</label>
            </dt>
            <dd className="pn-batch">
              <NumberBox
                id="pn-batch"
                value={batchSize}
                onCommit={setBatchSize}
                min={1}
                max={65536}
                step={1}
                label={tr.t('ui.summary.batchSize')}
                testId="summary-batch-input"
                className="pn-num-sm"
                validate={batchError}
                onLocalError={setBatchErr}
              />
              <span
                data-testid="summary-act-batch"
                title={tr.t('ui.summary.batchHelp', { n: formatCount(mem.activationPerBatch) })}
              >
                {formatBytes(mem.activationPerBatch)}
              </span>
            </dd>
          </div>
          {batchErr && (
            <div className="pn-param-msg pn-param-msg-local" data-testid="summary-batch-error">
              {tr.t('ui.param.notApplied', { error: batchErr })}
            </div>
          )}
        </dl>
      </footer>
    </div>
  );
}

// Rows are rebuilt on every analysis, but an unchanged node keeps its shape and RF objects:
// comparing fields re-renders only the rows that changed (large graphs, live edits).
interface RowProps {
  readonly row: SummaryRow;
  /** "global" in the RF column. */
  readonly global: string;
  readonly tr: Translator;
}

const sameRow = (a: RowProps, b: RowProps) =>
  a.global === b.global &&
  a.tr === b.tr &&
  (Object.keys(a.row) as (keyof SummaryRow)[]).every((k) => a.row[k] === b.row[k]);

const Row = memo(function Row({ row: r, global, tr }: RowProps) {
  const focusNode = useEditor((s) => s.focusNode);
  const selected = useEditor((s) => s.selectedNodes.includes(r.id));
  const title = tr.layerTitle(r.type);
  const cls = [
    'pn-row',
    r.live ? '' : 'pn-dead',
    selected ? 'pn-selected' : '',
    r.errors ? 'pn-has-error' : r.warnings ? 'pn-has-warning' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <tr
      className={cls}
      data-testid={`summary-row-${r.id}`}
      data-live={r.live}
      tabIndex={0}
      onClick={() => focusNode(r.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') focusNode(r.id);
      }}
    >
      <td className="pn-c-id" title={`${r.id} (${title})`}>
        <span className={`pn-dot${r.errors ? ' pn-dot-error' : r.warnings ? ' pn-dot-warning' : ''}`} aria-hidden />
        <code>{r.id}</code>
        {!r.live && (
          <span className="pn-tag" title={tr.t('ui.summary.unusedHelp')}>
            {tr.t('ui.summary.unused')}
          </span>
        )}
        {/* In a narrow column the type sits under the id instead of in its own column. */}
        <span className="pn-c-type-inline">{title}</span>
      </td>
      <td className="pn-c-type">{title}</td>
      <td>
        <code>{shapeText(r.shape)}</code>
      </td>
      <td className="pn-num-col">
        {!r.shape ? (
          <span className="pn-muted">?</span>
        ) : r.params ? (
          formatCount(r.params)
        ) : (
          <span className="pn-muted">0</span>
        )}
        {/* In a narrow panel the MACs sit under the params instead of in their own column. */}
        {r.shape && r.macs > 0 && (
          <span className="pn-c-macs-inline" title={formatCount(r.macs)}>
            {tr.t('ui.status.macs', { n: formatSI(r.macs) })}
          </span>
        )}
      </td>
      <td className="pn-num-col pn-c-macs" title={formatCount(r.macs)}>
        {!r.shape ? (
          <span className="pn-muted">?</span>
        ) : r.macs ? (
          formatSI(r.macs)
        ) : (
          <span className="pn-muted">–</span>
        )}
      </td>
      <td title={formatRF(r.rf, global)}>
        <code>{r.rf?.global ? global : formatRF(r.rf)}</code>
      </td>
    </tr>
  );
}, sameRow);
