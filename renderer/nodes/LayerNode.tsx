// One layer on the canvas. Everything it shows arrives precomputed in `data` (see canvas/derive.ts),
// and the component is memoised on data and selection only: dragging a node (which changes its
// position props every frame) never re-renders its contents.
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { LayerFlowNode } from '../canvas/derive';

function LayerNodeView({ id, data, selected }: NodeProps<LayerFlowNode>) {
  const many = data.ports.length > 1;
  const cls = ['layer-node', `cat-${data.category.toLowerCase()}`];
  if (selected) cls.push('selected');
  if (data.severity) cls.push(`sev-${data.severity}`);
  if (!data.live) cls.push('dead');
  return (
    <div className={cls.join(' ')} data-testid={`node-${id}`} data-type={data.type} data-severity={data.severity ?? 'ok'}
      title={data.message || undefined}>
      {data.ports.map((p, i) => (
        <Handle key={p} type="target" position={Position.Top} id={p} className="port-in"
          style={many ? { left: `${((i + 1) / (data.ports.length + 1)) * 100}%` } : undefined} />
      ))}
      {many && (
        <div className="ports">
          {data.ports.map((p, i) => (
            <span key={p} className="port-label" style={{ left: `${((i + 1) / (data.ports.length + 1)) * 100}%` }}>{p}</span>
          ))}
        </div>
      )}
      <div className="ln-head">
        <span className="ln-type">{data.title}</span>
        <span className="ln-id">{data.label}</span>
        {data.severity && data.severity !== 'info' && (
          <span className={`ln-badge ${data.severity}`} aria-label={data.severity}>{data.severity === 'error' ? '!' : '▲'}</span>
        )}
      </div>
      <div className="ln-summary">{data.summary}</div>
      <div className="ln-stats">
        <span className="ln-shape" data-testid={`shape-${id}`} title="Output shape (H x W x C)">{data.shape}</span>
        <span title="Parameters">{data.params}<i> p</i></span>
        <span title="Receptive field (size, jump)">RF {data.rf}</span>
      </div>
      <Handle type="source" position={Position.Bottom} id="out" className="port-out" />
    </div>
  );
}

export const LayerNode = memo(LayerNodeView, (a, b) => a.data === b.data && a.selected === b.selected && a.id === b.id);

/** Stable nodeTypes object (React Flow re-mounts every node when this object changes). */
export const NODE_TYPES = { layer: LayerNode } as const;
