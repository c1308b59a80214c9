// The status line: totals of the whole network and what is selected.
import { memo, useMemo } from 'react';
import { formatSI } from '../../shared/graph';
import { useAnalysis } from '../store/analysis';
import { useEditor } from '../store/store';
import { groupDigits as formatCount } from './derive';
import { useT } from '../i18n';
import type { MsgParams, Translator } from '../../shared/i18n';

export const StatusBar = memo(function StatusBar() {
  const a = useAnalysis();
  const selected = useEditor((s) => s.selectedNodes.length);
  const locked = useEditor((s) => s.locked);
  const t = a.totals;
  const tr0 = useT();
  // The bar renders on every edit (the MACs change with any shape); only texts whose values changed are translated.
  const tr = useMemo(() => textCache(tr0), [tr0]);
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
      <span className="muted st-hint">{tr.t('ui.status.hint')}</span>
      {/* React Flow's attribution, moved here from the canvas corner (Canvas.tsx hides that one: it covered node
          text): the credit and its link stay on screen, as reactflow.dev/learn/troubleshooting/remove-attribution
          asks of projects that do not subscribe. */}
      <a
        className="st-credit"
        href="https://reactflow.dev"
        target="_blank"
        rel="noopener noreferrer"
        data-testid="status-reactflow"
        title={tr.t('ui.status.credit')}
      >
        React Flow
      </a>
    </footer>
  );
});

/**
 * A translator's t() remembered per key and values: the status bar asks for ten texts on every edit, and one or two
 * of them change. Same texts as `tr.t` (a cache per translator, so a language switch starts afresh).
 */
export function textCache(tr: Translator): { t(key: string, params?: MsgParams): string } {
  const last = new Map<string, { params: MsgParams | undefined; text: string }>();
  const same = (a: MsgParams | undefined, b: MsgParams | undefined) => {
    if (a === b) return true;
    if (!a || !b) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
  };
  return {
    t(key, params) {
      const hit = last.get(key);
      if (hit && same(hit.params, params)) return hit.text;
      const text = tr.t(key, params);
      last.set(key, { params, text });
      return text;
    },
  };
}
