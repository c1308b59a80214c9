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
import { useFaceT } from '../i18n';
import type { Translator } from '../../shared/i18n';

const EMPTY: GroupFace = { label: '', members: 0, shapes: '', params: '', macs: '', collapsed: true };

/**
 * One field of a group's face. The box subscribes to its label and member count only, and its figures (which an
 * edit upstream changes on every group at once) to theirs in a small child: an edit re-renders the figures, not
 * the box with its handles and tooltips.
 */
function useFaceField<K extends keyof GroupFace>(groupId: string, key: K): GroupFace[K] {
  const vm = useViewModel();
  return useSyncExternalStore(vm.subscribe, () => {
    const doc = vm.get().doc;
    return (groupFaces(doc, analysisOf(doc)).get(groupId) ?? EMPTY)[key];
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
  const label = useFaceField(data.groupId, 'label');
  const members = useFaceField(data.groupId, 'members');
  const tr = useFaceT();
  const lr = useDirection((s) => s.dir === 'RIGHT');
  const cls = ['group-node'];
  if (selected) cls.push('selected');
  if (data.severity) cls.push(`sev-${data.severity}`);
  return (
    <div
      className={cls.join(' ')}
      data-testid={`group-${data.groupId}`}
      data-severity={data.severity ?? 'ok'}
      title={tr.t('ui.group.title', { label, n: members })}
    >
      <Handle type="target" position={lr ? Position.Left : Position.Top} id="in" className="port-in" />
      <div className="gn-head">
        <span className="gn-icon" aria-hidden>
          ▣
        </span>
        <span className="gn-label">{label}</span>
        <button
          type="button"
          className="gn-toggle nodrag"
          data-testid={`expand-${data.groupId}`}
          title={tr.t('ui.group.expandHelp')}
          aria-label={tr.t('ui.group.expand', { label })}
          onClick={(e) => {
            e.stopPropagation();
            toggleGroup(data.groupId, false);
          }}
        >
          +
        </button>
      </div>
      <GroupShapes groupId={data.groupId} title={tr.t('ui.group.shapes')} />
      <div className="gn-stats">
        <GroupCounts
          groupId={data.groupId}
          tr={tr}
          paramsTitle={tr.t('ui.group.params')}
          macsTitle={tr.t('ui.group.macsHelp')}
        />
        <span title={tr.t('ui.group.membersHelp')}>{tr.t('ui.group.members', { n: members })}</span>
      </div>
      <Handle type="source" position={lr ? Position.Right : Position.Bottom} id="out" className="port-out" />
    </div>
  );
}

/** The collapsed box's in -> out shapes (re-rendered alone when they change). */
const GroupShapes = memo(function GroupShapes({ groupId, title }: { groupId: string; title: string }) {
  const shapes = useFaceField(groupId, 'shapes');
  return (
    <div className="gn-shapes" data-testid={`group-shapes-${groupId}`} title={title}>
      {shapes}
    </div>
  );
});

/** The collapsed box's parameter and MAC counts (re-rendered alone when they change; titles come from the box). */
const GroupCounts = memo(function GroupCounts({
  groupId,
  tr,
  paramsTitle,
  macsTitle,
}: {
  groupId: string;
  tr: Translator;
  paramsTitle: string;
  macsTitle: string;
}) {
  const params = useFaceField(groupId, 'params');
  const macs = useFaceField(groupId, 'macs');
  return (
    <>
      <span title={paramsTitle}>
        {params}
        <i> p</i>
      </span>
      <span title={macsTitle}>{tr.t('ui.group.macs', { n: macs })}</span>
    </>
  );
});

function GroupFrameView({ data }: NodeProps<GroupFlowNode>) {
  const label = useFaceField(data.groupId, 'label');
  const tr = useFaceT();
  return (
    <div className="group-frame" data-testid={`frame-${data.groupId}`}>
      <div className="gf-head">
        <button
          type="button"
          className="gn-toggle nodrag"
          data-testid={`collapse-${data.groupId}`}
          title={tr.t('ui.group.collapseHelp')}
          aria-label={tr.t('ui.group.collapse', { label })}
          onClick={(e) => {
            e.stopPropagation();
            toggleGroup(data.groupId, true);
          }}
        >
          −
        </button>
        <span className="gn-label">{label}</span>
        <FrameStats groupId={data.groupId} tr={tr} />
      </div>
    </div>
  );
}

/** An expanded group's figures in its frame's head (re-rendered alone when they change). */
const FrameStats = memo(function FrameStats({ groupId, tr }: { groupId: string; tr: Translator }) {
  const shapes = useFaceField(groupId, 'shapes');
  const params = useFaceField(groupId, 'params');
  const macs = useFaceField(groupId, 'macs');
  return (
    <span className="gf-stats">
      {shapes} · {params} p · {tr.t('ui.group.macs', { n: macs })}
    </span>
  );
});

export const GroupNode = memo(GroupNodeView);
export const GroupFrame = memo(GroupFrameView);
