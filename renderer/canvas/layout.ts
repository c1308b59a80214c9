// Auto-layout with ELK (layered, top to bottom or left to right). ELK is loaded on first use so it does not slow
// the app's start. Ports are declared in the catalogue's order (main left of skip) so merges read
// the way the engine numbers them.
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { layerDef } from '../../shared/graph';
import type { GraphDoc } from '../../shared/graph';

export type Size = { width: number; height: number };
export type Positions = Map<string, { x: number; y: number }>;

/** Node box used before React Flow has measured a node (matches .layer-node in styles.css). */
export const DEFAULT_NODE_SIZE: Size = { width: 200, height: 84 };

const OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.spacing.nodeNode': '36',
  // Room beside a block for the skip connection routed around it, with its shape label.
  'elk.spacing.edgeNode': '44',
  'elk.spacing.edgeEdge': '16',
  'elk.layered.spacing.nodeNodeBetweenLayers': '44',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.thoroughness': '3',
  'elk.separateConnectedComponents': 'true',
  'elk.spacing.componentComponent': '60',
};

/**
 * Left to right, an edge's shape label sits across the gap between two columns (it is as wide as its text, not as
 * tall): the 44 px that fits it top to bottom cut it, so the gap there fits an 11-character label ("128x128x256",
 * about 82 px at 10.5 px mono) between the two ports' handles.
 */
export const LR_LAYER_GAP = 100;
const LR_OPTIONS: Record<string, string> = {
  'elk.layered.spacing.nodeNodeBetweenLayers': String(LR_LAYER_GAP),
};

export function elkGraph(doc: GraphDoc, sizeOf: (id: string) => Size, dir: 'DOWN' | 'RIGHT' = 'DOWN'): ElkNode {
  const lr = dir === 'RIGHT';
  const ids = new Set(doc.nodes.map((n) => n.id));
  const children: ElkNode[] = doc.nodes.map((n) => {
    const size = sizeOf(n.id);
    let ports: readonly string[] = [];
    try {
      ports = layerDef(n.type).ports(n.params);
    } catch {
      /* an unknown port list lays out without ports */
    }
    // Ports sit where the node component draws its handles (evenly along the top, output at the
    // bottom centre; left and right when laid out left to right), so ELK's edge routes end exactly on them.
    const w = size.width,
      h = size.height;
    return {
      id: n.id,
      width: w,
      height: h,
      layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
      ports: [
        ...ports.map((p, i) => ({
          id: `${n.id}\u0000in\u0000${p}`,
          x: lr ? 0 : (w * (i + 1)) / (ports.length + 1),
          y: lr ? (h * (i + 1)) / (ports.length + 1) : 0,
          width: 0,
          height: 0,
          layoutOptions: { 'elk.port.side': lr ? 'WEST' : 'NORTH' },
        })),
        {
          id: `${n.id}\u0000out`,
          x: lr ? w : w / 2,
          y: lr ? h / 2 : h,
          width: 0,
          height: 0,
          layoutOptions: { 'elk.port.side': lr ? 'EAST' : 'SOUTH' },
        },
      ],
    };
  });
  const portIds = new Set(children.flatMap((c) => (c.ports ?? []).map((p) => p.id)));
  const edges: ElkExtendedEdge[] = doc.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e) => {
      const tp = `${e.target}\u0000in\u0000${e.targetPort}`;
      return { id: e.id, sources: [`${e.source}\u0000out`], targets: [portIds.has(tp) ? tp : e.target] };
    });
  const options = lr ? { ...OPTIONS, ...LR_OPTIONS } : OPTIONS;
  return { id: 'root', layoutOptions: { ...options, 'elk.direction': dir }, children, edges };
}

type ElkLike = { layout(graph: ElkNode): Promise<ElkNode> };
const NODE_ELK = 'elkjs/lib/elk.bundled.js';
let elkPromise: Promise<ElkLike> | undefined;

/**
 * In the browser ELK runs in a Web Worker (a big layout never freezes the canvas); where there are
 * no workers (unit tests in Node) the bundled build runs inline.
 */
function getElk(): Promise<ElkLike> {
  elkPromise ??=
    typeof Worker !== 'undefined' && typeof window !== 'undefined'
      ? Promise.all([import('elkjs/lib/elk-api.js'), import('elkjs/lib/elk-worker.min.js?url')]).then(
          ([api, url]) => new api.default({ workerUrl: url.default }),
        )
      : // A variable specifier keeps Vite from bundling (and slowly scanning) the 1.4 MB inline build.
        import(/* @vite-ignore */ NODE_ELK).then((m: { default: new () => ElkLike }) => new m.default());
  return elkPromise;
}

/** Start loading ELK early (after start-up) so the first template loads without the wait. */
export function warmLayout(): void {
  void getElk()
    .then((elk) => elk.layout({ id: 'warm', children: [{ id: 'a', width: 1, height: 1 }], edges: [] }))
    .catch(() => undefined);
}

/** Layered positions for every node (top-left corners), starting at (0, 0). */
export async function layoutDoc(
  doc: GraphDoc,
  sizeOf: (id: string) => Size = () => DEFAULT_NODE_SIZE,
  dir: 'DOWN' | 'RIGHT' = 'DOWN',
): Promise<Positions> {
  const out: Positions = new Map();
  if (!doc.nodes.length) return out;
  const elk = await getElk();
  const result = await elk.layout(elkGraph(doc, sizeOf, dir));
  for (const c of result.children ?? []) out.set(c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) });
  routes.clear();
  for (const e of (result.edges ?? []) as ElkExtendedEdge[]) {
    const sec = e.sections?.[0];
    if (!sec?.bendPoints?.length) continue;
    routes.set(
      e.id,
      [sec.startPoint, ...sec.bendPoints, sec.endPoint].map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) })),
    );
  }
  return out;
}

type Pt = { x: number; y: number };

/**
 * ELK's orthogonal routes (start, bends, end) from the last layout, for edges that bend (a skip
 * connection going around the block it skips). An edge draws its route only while both ends are
 * still where the layout put them (see routeFor).
 */
const routes = new Map<string, Pt[]>();

/** The laid-out route of an edge whose ends (React Flow handle positions) have not moved since. */
export function routeFor(edgeId: string, sx: number, sy: number, tx: number, ty: number): Pt[] | null {
  const r = routes.get(edgeId);
  if (!r) return null;
  const a = r[0],
    b = r[r.length - 1];
  // Handles are drawn a few pixels outside the node box: allow for that along the flow (either axis).
  const near = (dx: number, dy: number) =>
    (Math.abs(dx) <= 2 && Math.abs(dy) <= 12) || (Math.abs(dx) <= 12 && Math.abs(dy) <= 2);
  return near(a.x - sx, a.y - sy) && near(b.x - tx, b.y - ty) ? r : null;
}

/** An SVG path through the route's bends with rounded corners, ending on the actual handles. */
export function roundedPath(
  pts: readonly Pt[],
  sx: number,
  sy: number,
  tx: number,
  ty: number,
  radius = 8,
): { path: string; labelX: number; labelY: number } {
  const p = [{ x: sx, y: sy }, ...pts.slice(1, -1), { x: tx, y: ty }];
  let d = `M ${p[0].x} ${p[0].y}`;
  for (let i = 1; i < p.length - 1; i++) {
    const a = p[i - 1],
      b = p[i],
      c = p[i + 1];
    const r = Math.min(radius, Math.hypot(b.x - a.x, b.y - a.y) / 2, Math.hypot(c.x - b.x, c.y - b.y) / 2);
    const u = unit(a, b),
      v = unit(b, c);
    d += ` L ${b.x - u.x * r} ${b.y - u.y * r} Q ${b.x} ${b.y} ${b.x + v.x * r} ${b.y + v.y * r}`;
  }
  d += ` L ${p[p.length - 1].x} ${p[p.length - 1].y}`;
  // Label at the middle of the longest segment (the run beside the skipped block).
  let best = 0,
    labelX = sx,
    labelY = sy;
  for (let i = 1; i < p.length; i++) {
    const len = Math.hypot(p[i].x - p[i - 1].x, p[i].y - p[i - 1].y);
    if (len > best) {
      best = len;
      labelX = (p[i].x + p[i - 1].x) / 2;
      labelY = (p[i].y + p[i - 1].y) / 2;
    }
  }
  return { path: d, labelX, labelY };
}

function unit(a: Pt, b: Pt): Pt {
  const l = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  return { x: (b.x - a.x) / l, y: (b.y - a.y) / l };
}

/** Do any two node boxes overlap (or sit closer than `gap`)? Decides whether an opened file needs a layout. */
export function hasOverlap(doc: GraphDoc, sizeOf: (id: string) => Size = () => DEFAULT_NODE_SIZE, gap = 4): boolean {
  const boxes = doc.nodes.map((n) => ({ x: n.position.x, y: n.position.y, ...sizeOf(n.id) })).sort((a, b) => a.x - b.x);
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i];
    for (let j = i + 1; j < boxes.length && boxes[j].x < a.x + a.width + gap; j++) {
      const b = boxes[j];
      if (b.y < a.y + a.height + gap && a.y < b.y + b.height + gap) return true;
    }
  }
  return false;
}
