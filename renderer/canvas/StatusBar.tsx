// The status line: totals of the whole network and what is selected.
import { memo } from 'react';
import { formatSI } from '../../shared/graph';
import { useAnalysis } from '../store/analysis';
import { useEditor } from '../store/store';
import { groupDigits as formatCount } from './derive';

export const StatusBar = memo(function StatusBar() {
  const a = useAnalysis();
  const selected = useEditor((s) => s.selectedNodes.length);
  const locked = useEditor((s) => s.locked);
  const t = a.totals;
  return (
    <footer className="statusbar" data-testid="statusbar">
      <span data-testid="status-layers">{a.doc.nodes.length} layers</span>
      <span
        data-testid="status-params"
        title={`${formatCount(t.params)} in all: ${formatCount(t.trainable)} trainable, ${formatCount(t.nonTrainable)} non-trainable (BatchNorm running statistics)`}
      >
        {formatCount(t.trainable)} trainable params
        {t.nonTrainable > 0 && <span className="muted"> (+{formatCount(t.nonTrainable)} non-trainable)</span>}
      </span>
      <span title="Multiply-accumulates per sample">{formatSI(t.macs)} MACs</span>
      <span className={t.errors ? 'st-error' : 'st-ok'} data-testid="status-errors">
        {t.errors} error{t.errors === 1 ? '' : 's'}
      </span>
      <span className={t.warnings ? 'st-warning' : 'st-ok'} data-testid="status-warnings">
        {t.warnings} warning{t.warnings === 1 ? '' : 's'}
      </span>
      {selected > 0 && <span className="muted">{selected} selected</span>}
      {locked && <span className="st-warning">Locked while training</span>}
      <span className="tb-spacer" />
      <span className="muted">Drag from the palette · drag a node's bottom handle onto another's top to connect</span>
    </footer>
  );
});
