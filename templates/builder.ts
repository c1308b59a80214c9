// A small builder for template graphs: add nodes in order, wire them by id, get a document
// with a readable layered layout (the editor re-lays out with ELK anyway).
import { CURRENT_VERSION, defaultsFor } from '../shared/graph';
import type { GraphDoc, GraphEdge, GraphGroup, GraphNode, LayerType, Params } from '../shared/graph';

type Inputs = string | Readonly<Record<string, string>> | undefined;

export class GraphBuilder {
  private readonly nodes: GraphNode[] = [];
  private readonly edges: GraphEdge[] = [];
  private readonly counters = new Map<string, number>();
  private readonly groups: GraphGroup[] = [];

  constructor(
    private readonly name: string,
    private readonly description: string,
  ) {}

  /** Add a node; `from` is the source for port 'in', or a {port: source} map. Returns its id. */
  add(type: LayerType, params: Params = {}, from?: Inputs, id?: string): string {
    const prefix = id ?? type.toLowerCase();
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    const nid = id ?? `${prefix}${n}`;
    if (this.nodes.some((x) => x.id === nid)) throw new Error(`duplicate id ${nid}`);
    this.nodes.push({ id: nid, type, params: { ...defaultsFor(type), ...params }, position: { x: 0, y: 0 } });
    const links = typeof from === 'string' ? { in: from } : (from ?? {});
    for (const [port, src] of Object.entries(links))
      this.edges.push({ id: `e${this.edges.length + 1}`, source: src, target: nid, targetPort: port });
    return nid;
  }

  /** How many nodes exist: pass it to group() to group the nodes added since. */
  mark(): number {
    return this.nodes.length;
  }

  /** Group the nodes added since `mark` (a residual block, a stage) as one collapsible box. */
  group(id: string, label: string, since: number, collapsed = true): void {
    this.groups.push({ id, label, nodes: this.nodes.slice(since).map((n) => n.id), collapsed });
  }

  build(): GraphDoc {
    // Layered layout: rank = longest path from a source; nodes of one rank side by side.
    const rank = new Map<string, number>();
    for (const n of this.nodes) {
      const ins = this.edges.filter((e) => e.target === n.id).map((e) => rank.get(e.source) ?? 0);
      rank.set(n.id, ins.length ? Math.max(...ins) + 1 : 0);
    }
    const perRank = new Map<number, number>();
    const nodes = this.nodes.map((n) => {
      const r = rank.get(n.id)!;
      const col = perRank.get(r) ?? 0;
      perRank.set(r, col + 1);
      return { ...n, position: { x: col * 260, y: r * 110 } };
    });
    return {
      format: 'cnn-designer',
      version: CURRENT_VERSION,
      metadata: { name: this.name, description: this.description },
      nodes,
      edges: [...this.edges],
      ...(this.groups.length ? { groups: [...this.groups] } : {}),
    };
  }
}
