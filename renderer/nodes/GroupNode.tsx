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
      collapsed ? 'Collapse group' : 'Expand group',
      (d) => setGroupCollapsed(d, groupId, collapsed),
      `group:${groupId}:${Date.now()}`,
    );
}

function GroupNodeView({ data, selected }: NodeProps<GroupFlowNode>) {
  const face = useFace(data.groupId);
  const lr = useDirection((s) => s.dir === 'RIGHT');
  const cls = ['group-node'];
  if (selected) cls.push('selected');
  if (data.severity) cls.push(`sev-${data.severity}`);
  return (
    <div
      className={cls.join(' ')}
      data-testid={`group-${data.groupId}`}
      data-severity={data.severity ?? 'ok'}
      title={`${face.label}: ${face.members} layers. Double-click to expand.`}
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
          title="Expand the group in place"
          aria-label={`Expand ${face.label}`}
          onClick={(e) => {
            e.stopPropagation();
            toggleGroup(data.groupId, false);
          }}
        >
          +
        </button>
      </div>
      <div className="gn-shapes" data-testid={`group-shapes-${data.groupId}`} title="Input -> output shape">
        {face.shapes}
      </div>
      <div className="gn-stats">
        <span title="Parameters (summed over the group)">
          {face.params}
          <i> p</i>
        </span>
        <span title="Multiply-accumulates per sample (summed)">{face.macs} MACs</span>
        <span title="Layers in the group">{face.members} layers</span>
      </div>
      <Handle type="source" position={lr ? Position.Right : Position.Bottom} id="out" className="port-out" />
    </div>
  );
}

function GroupFrameView({ data }: NodeProps<GroupFlowNode>) {
  const face = useFace(data.groupId);
  return (
    <div className="group-frame" data-testid={`frame-${data.groupId}`}>
      <div className="gf-head">
        <button
          type="button"
          className="gn-toggle nodrag"
          data-testid={`collapse-${data.groupId}`}
          title="Collapse the group into one box"
          aria-label={`Collapse ${face.label}`}
          onClick={(e) => {
            e.stopPropagation();
            toggleGroup(data.groupId, true);
          }}
        >
          −
        </button>
        <span className="gn-label">{face.label}</span>
        <span className="gf-stats">
          {face.shapes} · {face.params} p · {face.macs} MACs
        </span>
      </div>
    </div>
  );
}

export const GroupNode = memo(GroupNodeView);
export const GroupFrame = memo(GroupFrameView);
