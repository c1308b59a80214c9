// An edge labelled with the tensor shape flowing on it (its source node's output shape). The label
// comes from the view model by edge id and is written into the DOM directly (see EdgeLabelText).
import { memo, useLayoutEffect, useRef } from 'react';
import {
  BaseEdge,
  EdgeLabelRenderer,
  getBezierPath,
  Position,
  useStoreApi,
  type EdgeProps,
  type InternalNode,
} from '@xyflow/react';
import type { ShapeFlowEdge } from './derive';
import { roundedPath, routeFor } from './layout';
import { useEdgeUnknown, useViewModel } from './useViews';
import type { ViewModel } from './viewModel';
import { setText } from './domText';

function ShapeEdgeView({
  id,
  source,
  target,
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
  const store = useStoreApi();
  // A skip connection keeps the route around its block that the layout gave it, until an end moves.
  const route = routeFor(id, sourceX, sourceY, targetX, targetY);
  const [path, labelX, labelY] = route
    ? (({ path: p, labelX: x, labelY: y }) => [p, x, y] as const)(
        roundedPath(route, sourceX, sourceY, targetX, targetY),
      )
    : bezierWithLabel(sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, (down) =>
        // Read when the ends move (this renders then), not subscribed: a long edge detours only around nodes.
        crossesNodes(store.getState().nodeLookup, source, target, sourceX, sourceY, targetX, targetY, down),
      );
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
 * (a skip connection before auto-layout, in a file opened with its own positions): drawn straight, it would run
 * under them and its label (at its midpoint) would sit on one. Two layer gaps and a node.
 */
export const LONG_EDGE = 150;
/** How far past the source handle (and before the target's) a detour turns aside: inside the gap between layers. */
const TURN = 18;
/**
 * How far beside its ends a detour runs: half a node (DEFAULT_NODE_SIZE, 200 x 84) and room for the label centred
 * on the run (160 px anchor, text up to about 80 px wide; across the flow, about 18 px tall).
 */
const BESIDE_DOWN = 100 + 64,
  BESIDE_RIGHT = 42 + 30;

/**
 * The route of a long unrouted edge: out of its source, aside past the column (or row) of nodes it skips, along
 * it, and back in to its target, on the side its target is (the right, or below, when in line). roundedPath puts
 * the label at the middle of the longest run, the one beside the skipped nodes: on the edge and clear of them.
 * Null for a short edge (between neighbouring layers), which is drawn as a curve with its label at its middle.
 */
export function detourRoute(
  sx: number,
  sy: number,
  tx: number,
  ty: number,
  down: boolean,
): { x: number; y: number }[] | null {
  const along = down ? ty - sy : tx - sx;
  if (along <= LONG_EDGE) return null;
  const across = down ? tx - sx : ty - sy;
  const side = across < -1 ? -1 : 1;
  if (down) {
    const x = side > 0 ? Math.max(sx, tx) + BESIDE_DOWN : Math.min(sx, tx) - BESIDE_DOWN;
    return [
      { x: sx, y: sy },
      { x: sx, y: sy + TURN },
      { x, y: sy + TURN },
      { x, y: ty - TURN },
      { x: tx, y: ty - TURN },
      { x: tx, y: ty },
    ];
  }
  const y = side > 0 ? Math.max(sy, ty) + BESIDE_RIGHT : Math.min(sy, ty) - BESIDE_RIGHT;
  return [
    { x: sx, y: sy },
    { x: sx + TURN, y: sy },
    { x: sx + TURN, y },
    { x: tx - TURN, y },
    { x: tx - TURN, y: ty },
    { x: tx, y: ty },
  ];
}

/**
 * Whether the straight way between an edge's ends (a long one: detourRoute) passes over a node other than its
 * own two; only then does it detour. Boxes are React Flow's measured ones, in flow coordinates.
 */
export function crossesNodes(
  lookup: ReadonlyMap<string, InternalNode>,
  source: string,
  target: string,
  sx: number,
  sy: number,
  tx: number,
  ty: number,
  down: boolean,
): boolean {
  // The band the edge and its label take: the label is up to about 90 px wide (down) or 20 px tall (left to right).
  const half = down ? 45 : 10;
  const x0 = Math.min(sx, tx) - (down ? half : 0),
    x1 = Math.max(sx, tx) + (down ? half : 0),
    y0 = Math.min(sy, ty) - (down ? 0 : half),
    y1 = Math.max(sy, ty) + (down ? 0 : half);
  for (const [id, n] of lookup) {
    if (id === source || id === target || n.hidden) continue;
    const p = n.internals.positionAbsolute;
    const w = n.measured.width ?? n.width ?? 0,
      h = n.measured.height ?? n.height ?? 0;
    if (!w || !h || p.x > x1 || p.x + w < x0 || p.y > y1 || p.y + h < y0) continue;
    // The box overlaps the band: does the line (widened by `half` across the flow) reach it at its height?
    const t0 = down ? (p.y - sy) / (ty - sy) : (p.x - sx) / (tx - sx),
      t1 = down ? (p.y + h - sy) / (ty - sy) : (p.x + w - sx) / (tx - sx);
    const a = Math.max(0, Math.min(t0, t1)),
      b = Math.min(1, Math.max(t0, t1));
    if (a > b) continue;
    const lo = down ? sx + (tx - sx) * a : sy + (ty - sy) * a,
      hi = down ? sx + (tx - sx) * b : sy + (ty - sy) * b;
    const from = Math.min(lo, hi) - half,
      to = Math.max(lo, hi) + half;
    if (down ? from < p.x + w && to > p.x : from < p.y + h && to > p.y) return true;
  }
  return false;
}

function bezierWithLabel(
  sourceX: number,
  sourceY: number,
  targetX: number,
  targetY: number,
  sourcePosition: Position,
  targetPosition: Position,
  blocked: (down: boolean) => boolean,
): readonly [string, number, number] {
  const down = sourcePosition !== Position.Right;
  const detour = detourRoute(sourceX, sourceY, targetX, targetY, down);
  if (detour && blocked(down)) {
    const r = roundedPath(detour, sourceX, sourceY, targetX, targetY);
    return [r.path, r.labelX, r.labelY];
  }
  const [path, x, y] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  return [path, x, y];
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
    // As a face's stats (LayerNode): the text last written is still in the DOM (React renders the current one).
    let last: string | undefined;
    const sync = () => {
      const text = labelOf(vm, id);
      if (text !== last) setText(ref.current, text, last !== undefined);
      last = text;
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

export const ShapeEdge = memo(ShapeEdgeView);

/** Stable edgeTypes object. */
export const EDGE_TYPES = { shape: ShapeEdge } as const;
