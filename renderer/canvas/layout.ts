// Auto-layout with ELK (layered, top to bottom). ELK is loaded on first use so it does not slow
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
  'elk.layered.spacing.nodeNodeBetweenLayers': '44',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.thoroughness': '3',
  'elk.separateConnectedComponents': 'true',
  'elk.spacing.componentComponent': '60',
};

export function elkGraph(doc: GraphDoc, sizeOf: (id: string) => Size): ElkNode {
  const ids = new Set(doc.nodes.map((n) => n.id));
  const children: ElkNode[] = doc.nodes.map((n) => {
    const size = sizeOf(n.id);
    let ports: readonly string[] = [];
    try { ports = layerDef(n.type).ports(n.params); } catch { /* an unknown port list lays out without ports */ }
    return {
      id: n.id,
      width: size.width,
      height: size.height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: [
        ...ports.map((p, i) => ({ id: `${n.id}\u0000in\u0000${p}`, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'NORTH', 'elk.port.index': String(i) } })),
        { id: `${n.id}\u0000out`, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'SOUTH' } },
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
  return { id: 'root', layoutOptions: OPTIONS, children, edges };
}

type ElkLike = { layout(graph: ElkNode): Promise<ElkNode> };
const NODE_ELK = 'elkjs/lib/elk.bundled.js';
let elkPromise: Promise<ElkLike> | undefined;

/**
 * In the browser ELK runs in a Web Worker (a big layout never freezes the canvas); where there are
 * no workers (unit tests in Node) the bundled build runs inline.
 */
function getElk(): Promise<ElkLike> {
  elkPromise ??= typeof Worker !== 'undefined' && typeof window !== 'undefined'
    ? Promise.all([import('elkjs/lib/elk-api.js'), import('elkjs/lib/elk-worker.min.js?url')])
      .then(([api, url]) => new api.default({ workerUrl: url.default }))
    // A variable specifier keeps Vite from bundling (and slowly scanning) the 1.4 MB inline build.
    : import(/* @vite-ignore */ NODE_ELK).then((m: { default: new () => ElkLike }) => new m.default());
  return elkPromise;
}

/** Start loading ELK early (after start-up) so the first template loads without the wait. */
export function warmLayout(): void {
  void getElk().then((elk) => elk.layout({ id: 'warm', children: [{ id: 'a', width: 1, height: 1 }], edges: [] })).catch(() => undefined);
}

/** Layered positions for every node (top-left corners), starting at (0, 0). */
export async function layoutDoc(doc: GraphDoc, sizeOf: (id: string) => Size = () => DEFAULT_NODE_SIZE): Promise<Positions> {
  const out: Positions = new Map();
  if (!doc.nodes.length) return out;
  const elk = await getElk();
  const result = await elk.layout(elkGraph(doc, sizeOf));
  for (const c of result.children ?? []) out.set(c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) });
  return out;
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
