// An edge labelled with the tensor shape flowing on it (its source node's output shape). The label
// comes from the view model by edge id and is written into the DOM directly (see EdgeLabelText).
import { memo, useLayoutEffect, useRef } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, Position, type EdgeProps } from '@xyflow/react';
import type { ShapeFlowEdge } from './derive';
import { roundedPath, routeFor } from './layout';
import { useEdgeUnknown, useViewModel } from './useViews';
import type { ViewModel } from './viewModel';

function ShapeEdgeView({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  selected,
  markerEnd,
}: EdgeProps<ShapeFlowEdge>) {
  const unknown = useEdgeUnknown(id);
  // A skip connection keeps the route around its block that the layout gave it, until an end moves.
  const route = routeFor(id, sourceX, sourceY, targetX, targetY);
  const [path, labelX, labelY] = route
    ? (({ path: p, labelX: x, labelY: y }) => [p, x, y] as const)(
        roundedPath(route, sourceX, sourceY, targetX, targetY),
      )
    : bezierWithLabel(sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition);
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        className={`shape-edge${unknown ? ' unknown' : ''}${selected ? ' selected' : ''}`}
      />
      <EdgeLabelRenderer>
        <EdgeLabel id={id} x={labelX} y={labelY} selected={selected ?? false} />
      </EdgeLabelRenderer>
    </>
  );
}

/**
 * Past this length along the flow an edge without a layout route may pass over the nodes between its ends
 * (a skip connection before auto-layout): its midpoint lies under a node. Two layer gaps and a node.
 */
export const LONG_EDGE = 150;
/** How far from the source handle a long edge's label sits along the flow, and beside the path. */
const ALONG = 20,
  BESIDE = 44;

/**
 * Where a straight (unrouted) edge's label goes. A short edge: its midpoint, in the gap between two nodes.
 * A long one: just past its source handle, in the gap below (or right of) the source, and beside the path
 * so that it does not sit on the label of the source's edge to the next node; on the side its target is.
 */
export function labelSpot(
  sx: number,
  sy: number,
  tx: number,
  ty: number,
  down: boolean,
  mid: { x: number; y: number },
): { x: number; y: number } {
  const along = down ? ty - sy : tx - sx;
  if (along <= LONG_EDGE) return mid;
  const across = down ? tx - sx : ty - sy;
  const side = across < -1 ? -1 : 1;
  // The anchor is 160 px wide and centres its label: put the label's near edge BESIDE px off the path.
  return down ? { x: sx + side * (BESIDE + 40), y: sy + ALONG } : { x: sx + ALONG + 40, y: sy + side * (BESIDE - 26) };
}

function bezierWithLabel(
  sourceX: number,
  sourceY: number,
  targetX: number,
  targetY: number,
  sourcePosition: Position,
  targetPosition: Position,
): readonly [string, number, number] {
  const [path, x, y] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const at = labelSpot(sourceX, sourceY, targetX, targetY, sourcePosition !== Position.Right, { x, y });
  return [path, at.x, at.y];
}

/**
 * The anchor follows the edge's geometry only; the label inside it alone follows the view model, so
 * a shape change re-renders one div and its text per edge, not the path or the positioned anchor.
 */
const EdgeLabel = memo(function EdgeLabel({
  id,
  x,
  y,
  selected,
}: {
  id: string;
  x: number;
  y: number;
  selected: boolean;
}) {
  return (
    // Positioned by left/top, centred by flex: no per-label transform (see styles.css).
    <div className="edge-anchor" style={{ left: x, top: y }}>
      <EdgeLabelText id={id} selected={selected} />
    </div>
  );
});

/**
 * The label's text is written straight into the DOM when the views change, without a React render:
 * an edit upstream changes every label below it (hundreds), and re-rendering and committing each
 * one through React cost more than the frame. React still renders the current text whenever it
 * renders this (selection, dashed state), so the DOM and the view model never disagree.
 */
const EdgeLabelText = memo(function EdgeLabelText({ id, selected }: { id: string; selected: boolean }) {
  const unknown = useEdgeUnknown(id);
  const vm = useViewModel();
  const ref = useRef<HTMLDivElement>(null);
  const label = labelOf(vm, id);
  useLayoutEffect(() => {
    const sync = () => {
      if (ref.current) setText(ref.current, labelOf(vm, id));
    };
    const off = vm.subscribeEdge(id, sync);
    sync();
    return off;
  }, [vm, id]);
  return (
    <div
      ref={ref}
      className={`edge-label nodrag nopan${unknown ? ' unknown' : ''}${selected ? ' selected' : ''}`}
      data-testid={`edge-label-${id}`}
    >
      {label}
    </div>
  );
});

const labelOf = (vm: ViewModel, id: string): string => vm.get().edges.get(id)?.label ?? '?';

/** Sets an element's only text, as React does for a string child (the text node's value when there is one). */
function setText(el: HTMLElement, text: string) {
  const t = el.firstChild;
  if (t && t === el.lastChild && t.nodeType === Node.TEXT_NODE) {
    if (t.nodeValue !== text) t.nodeValue = text;
  } else if (el.textContent !== text) el.textContent = text;
}

export const ShapeEdge = memo(ShapeEdgeView);

/** Stable edgeTypes object. */
export const EDGE_TYPES = { shape: ShapeEdge } as const;
