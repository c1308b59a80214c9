// An edge labelled with the tensor shape flowing on it (its source node's output shape). The label
// comes from the view model by edge id, so a shape change re-renders this edge alone.
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { ShapeFlowEdge } from './derive';
import { roundedPath, routeFor } from './layout';
import { useEdgeUnknown, useEdgeView } from './viewModel';

function ShapeEdgeView({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, markerEnd }: EdgeProps<ShapeFlowEdge>) {
  const unknown = useEdgeUnknown(id);
  // A skip connection keeps the route around its block that the layout gave it, until an end moves.
  const route = routeFor(id, sourceX, sourceY, targetX, targetY);
  const [path, labelX, labelY] = route
    ? (({ path: p, labelX: x, labelY: y }) => [p, x, y] as const)(roundedPath(route, sourceX, sourceY, targetX, targetY))
    : getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={`shape-edge${unknown ? ' unknown' : ''}${selected ? ' selected' : ''}`} />
      <EdgeLabelRenderer>
        <EdgeLabel id={id} x={labelX} y={labelY} selected={selected ?? false} />
      </EdgeLabelRenderer>
    </>
  );
}

/** The label alone follows the view model: a shape change re-renders this, not the edge path. */
const EdgeLabel = memo(function EdgeLabel({ id, x, y, selected }: { id: string; x: number; y: number; selected: boolean }) {
  const data = useEdgeView(id);
  const unknown = data?.unknown ?? true;
  return (
    // Positioned by left/top, centred by flex: no per-label transform (see styles.css).
    <div className="edge-anchor" style={{ left: x, top: y }}>
      <div className={`edge-label nodrag nopan${unknown ? ' unknown' : ''}${selected ? ' selected' : ''}`} data-testid={`edge-label-${id}`}>
        {data?.label ?? '?'}
      </div>
    </div>
  );
});

export const ShapeEdge = memo(ShapeEdgeView);

/** Stable edgeTypes object. */
export const EDGE_TYPES = { shape: ShapeEdge } as const;
