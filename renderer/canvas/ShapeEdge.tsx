// An edge labelled with the tensor shape flowing on it (its source node's output shape). The label
// comes from the view model by edge id and is written into the DOM directly (see EdgeLabelText).
import { memo, useLayoutEffect, useRef } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
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
    : getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
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
    const off = vm.subscribe(sync);
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
