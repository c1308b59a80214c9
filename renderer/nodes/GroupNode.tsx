// A group on the canvas: collapsed, one box standing for its members (label, in -> out shapes, summed
// parameters and multiply-accumulates, one port in and one out); expanded, a labelled frame behind them with a
// button to collapse it again. The text is derived from the analysis of the flat graph (canvas/groupView.ts).
import { memo, useSyncExternalStore } from 'react';
import '../canvas/big.css';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { setGroupCollapsed } from '../../shared/graph';
import { useDirection } from '../canvas/direction';
import { groupFaces, type GroupFace, type GroupFlowNode } from '../canvas/groupView';
import { useViewModel } from '../canvas/useViews';
import { analysisOf } from '../store/analysis';
import { useEditor } from '../store/store';
import { useT } from '../i18n';

const EMPTY: GroupFace = { label: '', members: 0, shapes: '', params: '', macs: '', collapsed: true };

function useFace(groupId: string): GroupFace {
  const vm = useViewModel();
  return useSyncExternalStore(vm.subscribe, () => {
    const doc = vm.get().doc;
    return groupFaces(doc, analysisOf(doc)).get(groupId) ?? EMPTY;
  });
}

/** Collapse or expand a group: one undo step (the canvas lays the graph out again around it). */
export function toggleGroup(groupId: string, collapsed: boolean): void {
  // The key lets the layout that follows (Canvas) join this undo step.
  useEditor
    .getState()
    .edit(
      { key: collapsed ? 'ui.undo.collapse' : 'ui.undo.expand' },
      (d) => setGroupCollapsed(d, groupId, collapsed),
      `group:${groupId}:${Date.now()}`,
    );
}

function GroupNodeView({ data, selected }: NodeProps<GroupFlowNode>) {
  const face = useFace(data.groupId);
  const tr = useT();
  const lr = useDirection((s) => s.dir === 'RIGHT');
  const cls = ['group-node'];
  if (selected) cls.push('selected');
  if (data.severity) cls.push(`sev-${data.severity}`);
  return (
    <div
      className={cls.join(' ')}
      data-testid={`group-${data.groupId}`}
      data-severity={data.severity ?? 'ok'}
      title={tr.t('ui.group.title', { label: face.label, n: face.members })}
    >
      <Handle type="target" position={lr ? Position.Left : Position.Top} id="in" className="port-in" />
      <div className="gn-head">
        <span className="gn-icon" aria-hidden>
          ▣
        </span>
        <span className="gn-label">{face.label}</span>
        <button
          type="button"
          className="gn-toggle nodrag"
          data-testid={`expand-${data.groupId}`}
          title={tr.t('ui.group.expandHelp')}
          aria-label={tr.t('ui.group.expand', { label: face.label })}
          onClick={(e) => {
            e.stopPropagation();
            toggleGroup(data.groupId, false);
          }}
        >
          +
        </button>
      </div>
      <div className="gn-shapes" data-testid={`group-shapes-${data.groupId}`} title={tr.t('ui.group.shapes')}>
        {face.shapes}
      </div>
      <div className="gn-stats">
        <span title={tr.t('ui.group.params')}>
          {face.params}
          <i> p</i>
        </span>
        <span title={tr.t('ui.group.macsHelp')}>{tr.t('ui.group.macs', { n: face.macs })}</span>
        <span title={tr.t('ui.group.membersHelp')}>{tr.t('ui.group.members', { n: face.members })}</span>
      </div>
      <Handle type="source" position={lr ? Position.Right : Position.Bottom} id="out" className="port-out" />
    </div>
  );
}

function GroupFrameView({ data }: NodeProps<GroupFlowNode>) {
  const face = useFace(data.groupId);
  const tr = useT();
  return (
    <div className="group-frame" data-testid={`frame-${data.groupId}`}>
      <div className="gf-head">
        <button
          type="button"
          className="gn-toggle nodrag"
          data-testid={`collapse-${data.groupId}`}
          title={tr.t('ui.group.collapseHelp')}
          aria-label={tr.t('ui.group.collapse', { label: face.label })}
          onClick={(e) => {
            e.stopPropagation();
            toggleGroup(data.groupId, true);
          }}
        >
          −
        </button>
        <span className="gn-label">{face.label}</span>
        <span className="gf-stats">
          {face.shapes} · {face.params} p · {tr.t('ui.group.macs', { n: face.macs })}
        </span>
      </div>
    </div>
  );
}

export const GroupNode = memo(GroupNodeView);
export const GroupFrame = memo(GroupFrameView);
