// An edge labelled with the tensor shape flowing on it (its source node's output shape).
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { ShapeFlowEdge } from './derive';

function ShapeEdgeView({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd }: EdgeProps<ShapeFlowEdge>) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const unknown = data?.unknown ?? true;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={`shape-edge${unknown ? ' unknown' : ''}${selected ? ' selected' : ''}`} />
      <EdgeLabelRenderer>
        <div
          className={`edge-label nodrag nopan${unknown ? ' unknown' : ''}${selected ? ' selected' : ''}`}
          data-testid={`edge-label-${id}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
        >
          {data?.label ?? '?'}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeView);

/** Stable edgeTypes object. */
export const EDGE_TYPES = { shape: ShapeEdge } as const;
