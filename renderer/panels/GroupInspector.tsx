// The inspector for a group: what the group stands for (its in/out shapes at its border, its parameters and
// multiply-accumulates summed over its members, from the analysis of the flat graph), its members (a click
// shows one, expanding the group when it is collapsed), and buttons to expand or collapse it and to ungroup.
import { useMemo } from 'react';
import { formatCount, formatSI, groupSummary, shapeText, ungroup, type GraphGroup } from '../../shared/graph';
import { toggleGroup } from '../nodes/GroupNode';
import { useAnalysis } from '../store/analysis';
import { useEditor } from '../store/store';
import { useT } from '../i18n';
import './panels.css';

/** The group whose members are exactly the selection, if there is one (a selected group selects its members). */
export function groupOfSelection(groups: readonly GraphGroup[] | undefined, selected: readonly string[]) {
  if (!groups?.length || !selected.length) return undefined;
  const sel = new Set(selected);
  return groups.find((g) => g.nodes.length === sel.size && g.nodes.every((n) => sel.has(n)));
}

export function GroupInspector({ group }: { readonly group: GraphGroup }) {
  const tr = useT();
  const analysis = useAnalysis();
  const locked = useEditor((s) => s.locked);
  const s = useMemo(() => groupSummary(analysis.doc, analysis, group), [analysis, group]);
  const types = useMemo(() => new Map(analysis.doc.nodes.map((n) => [n.id, n.type])), [analysis]);
  const known = s.inShapes.every(Boolean) && s.outShapes.every(Boolean);
  const list = (xs: typeof s.inShapes) => (xs.length ? xs.map((x) => shapeText(x)).join(', ') : '-');
  const doUngroup = () =>
    useEditor
      .getState()
      .edit(
        { key: 'ui.undo.ungroup' },
        (d) => ungroup(d, group.id),
        group.collapsed ? `group:ungroup:${Date.now()}` : undefined,
      );
  return (
    <div className="pn pn-inspector" data-testid="inspector" data-group-id={group.id}>
      <header className="pn-head">
        <div className="pn-head-title">
          <span className="pn-type" data-testid="inspector-group-label">
            {group.label}
          </span>
          <span className="pn-chip">{tr.t('ui.inspector.group')}</span>
        </div>
        <div className="pn-head-sub">
          <span className="pn-muted">
            {tr.t(group.collapsed ? 'ui.inspector.groupCollapsed' : 'ui.inspector.groupExpanded', {
              n: group.nodes.length,
            })}
          </span>
        </div>
      </header>
      <div className="pn-section pn-group-actions">
        <button
          type="button"
          className="pn-btn"
          data-testid="inspector-group-toggle"
          disabled={locked}
          onClick={() => toggleGroup(group.id, !group.collapsed)}
        >
          {tr.t(group.collapsed ? 'ui.group.expand' : 'ui.group.collapse', { label: group.label })}
        </button>
        <button
          type="button"
          className="pn-btn"
          data-testid="inspector-group-ungroup"
          disabled={locked}
          onClick={doUngroup}
        >
          {tr.t('ui.undo.ungroup')}
        </button>
      </div>
      <section className="pn-section">
        <h3 className="pn-h">{tr.t('ui.inspector.tensors')}</h3>
        <dl className="pn-kv">
          <div className="pn-kv-row">
            <dt>{tr.t('ui.inspector.in')}</dt>
            <dd>
              <code data-testid="inspector-group-in">{list(s.inShapes)}</code>
            </dd>
          </div>
          <div className="pn-kv-row">
            <dt>{tr.t('ui.inspector.out')}</dt>
            <dd>
              <code data-testid="inspector-group-out">{list(s.outShapes)}</code>
            </dd>
          </div>
        </dl>
        <h3 className="pn-h">{tr.t('ui.inspector.cost')}</h3>
        <dl className="pn-kv">
          <div className="pn-kv-row" title={tr.t('ui.group.params')}>
            <dt>{tr.t('ui.inspector.params')}</dt>
            <dd data-testid="inspector-group-params">
              {known ? formatCount(s.trainable + s.nonTrainable) : '?'}
              {known && s.nonTrainable > 0 && (
                <span className="pn-muted"> {tr.t('ui.inspector.trainable', { n: formatCount(s.trainable) })}</span>
              )}
            </dd>
          </div>
          <div className="pn-kv-row" title={tr.t('ui.group.macsHelp')}>
            <dt>MACs</dt>
            <dd data-testid="inspector-group-macs" title={formatCount(s.macs)}>
              {known ? formatSI(s.macs) : '?'}
            </dd>
          </div>
        </dl>
        <h3 className="pn-h">{tr.t('ui.inspector.members', { n: group.nodes.length })}</h3>
        <ul className="pn-members" data-testid="inspector-group-members">
          {group.nodes.map((id) => (
            <li key={id}>
              <button
                type="button"
                className="pn-member"
                data-testid={`inspector-member-${id}`}
                title={tr.t('ui.inspector.memberHelp')}
                onClick={() => useEditor.getState().focusNode(id)}
              >
                <code>{id}</code>
                <span className="pn-muted">{types.has(id) ? tr.layerTitle(types.get(id)!) : ''}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
