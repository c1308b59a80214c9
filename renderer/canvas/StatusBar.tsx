// The status line: totals of the whole network and what is selected.
import { memo } from 'react';
import { formatSI } from '../../shared/graph';
import { useAnalysis } from '../store/analysis';
import { useEditor } from '../store/store';
import { groupDigits as formatCount } from './derive';
import { useT } from '../i18n';

export const StatusBar = memo(function StatusBar() {
  const a = useAnalysis();
  const selected = useEditor((s) => s.selectedNodes.length);
  const locked = useEditor((s) => s.locked);
  const t = a.totals;
  const tr = useT();
  return (
    <footer className="statusbar" data-testid="statusbar">
      <span data-testid="status-layers">{tr.t('ui.status.layers', { n: a.doc.nodes.length })}</span>
      <span
        data-testid="status-params"
        title={tr.t('ui.status.paramsTitle', {
          all: formatCount(t.params),
          trainable: formatCount(t.trainable),
          nonTrainable: formatCount(t.nonTrainable),
        })}
      >
        {tr.t('ui.status.trainable', { n: formatCount(t.trainable) })}
        {t.nonTrainable > 0 && (
          <span className="muted"> {tr.t('ui.status.nonTrainable', { n: formatCount(t.nonTrainable) })}</span>
        )}
      </span>
      <span title={tr.t('ui.status.macsTitle')}>{tr.t('ui.status.macs', { n: formatSI(t.macs) })}</span>
      <span className={t.errors ? 'st-error' : 'st-ok'} data-testid="status-errors">
        {tr.t(t.errors === 1 ? 'ui.status.error' : 'ui.status.errors', { n: t.errors })}
      </span>
      <span className={t.warnings ? 'st-warning' : 'st-ok'} data-testid="status-warnings">
        {tr.t(t.warnings === 1 ? 'ui.status.warning' : 'ui.status.warnings', { n: t.warnings })}
      </span>
      {selected > 0 && <span className="muted">{tr.t('ui.status.selected', { n: selected })}</span>}
      {locked && <span className="st-warning">{tr.t('ui.status.locked')}</span>}
      <span className="tb-spacer" />
      <span className="muted">{tr.t('ui.status.hint')}</span>
    </footer>
  );
});
