// Graph structure: wiring per port, topological order, cycles, the Input and the output, which
// nodes are live (on a path Input -> output), and the structural problems. Depends only on node
// ids, types, port lists and edges, so a parameter edit reuses it.
import { CATALOGUE } from './catalogue';
import { defaultsFor } from './catalogue';
import type { GraphDoc, GraphEdge, GraphNode, Problem } from './types';

/** Node objects here may be from an earlier document; read params from the current one. */
export interface Structure {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Edge feeding each port (in port order); null where unconnected. */
  readonly inEdges: ReadonlyMap<string, readonly (GraphEdge | null)[]>;
  readonly outEdges: ReadonlyMap<string, readonly GraphEdge[]>;
  readonly order: readonly string[];
  readonly inputId: string | null;
  readonly outputId: string | null;
  readonly live: ReadonlySet<string>;
  readonly problems: readonly Problem[];
}

const portCount = (n: GraphNode) => (n.type === 'Concat' ? CATALOGUE.Concat.ports(n.params).length : -1);

/** Can the previous structure be reused for this document? */
export function sameStructure(prev: Structure, doc: GraphDoc): boolean {
  if (prev.edges !== doc.edges || prev.nodes.length !== doc.nodes.length) return false;
  const a = prev.nodes, b = doc.nodes;
  for (let i = 0; i < b.length; i++) {
    const x = a[i], y = b[i];
    if (x === y) continue;
    if (x.id !== y.id || x.type !== y.type) return false;
    if (y.type === 'Concat' && portCount(x) !== portCount(y)) return false;
  }
  return true;
}

export function buildStructure(doc: GraphDoc): Structure {
  const problems: Problem[] = [];
  const byId = new Map<string, GraphNode>();
  for (const n of doc.nodes) byId.set(n.id, n);
  const ports = new Map<string, readonly string[]>();
  for (const n of doc.nodes) ports.set(n.id, CATALOGUE[n.type].ports(n.params));

  const inEdges = new Map<string, (GraphEdge | null)[]>();
  const outEdges = new Map<string, GraphEdge[]>();
  for (const n of doc.nodes) { inEdges.set(n.id, ports.get(n.id)!.map(() => null)); outEdges.set(n.id, []); }
  for (const e of doc.edges) {
    const src = byId.get(e.source), tgt = byId.get(e.target);
    if (!src || !tgt) {
      problems.push({ severity: 'error', code: 'bad-edge', nodeId: src ? e.source : tgt ? e.target : undefined,
        message: `Connection ${e.source} -> ${e.target} refers to a node that does not exist.`, fix: { kind: 'removeEdge', label: 'Remove connection', edgeId: e.id } });
      continue;
    }
    const pi = ports.get(e.target)!.indexOf(e.targetPort);
    if (pi < 0) {
      problems.push({ severity: 'error', code: 'bad-edge', nodeId: e.target, port: e.targetPort,
        message: tgt.type === 'Input' ? `${e.target} is an Input: nothing can feed into it (connection from ${e.source}).` : `${e.target} (${tgt.type}) has no input port "${e.targetPort}".`,
        fix: { kind: 'removeEdge', label: 'Remove connection', edgeId: e.id } });
      continue;
    }
    const slots = inEdges.get(e.target)!;
    if (slots[pi]) {
      problems.push({ severity: 'error', code: 'port-multiple', nodeId: e.target, port: e.targetPort,
        message: `Port "${e.targetPort}" of ${e.target} has two incoming connections (from ${slots[pi]!.source} and ${e.source}); a port takes one. Add a Residual or Concat node to merge them.`,
        fix: { kind: 'removeEdge', label: `Remove connection from ${e.source}`, edgeId: e.id } });
      continue;
    }
    slots[pi] = e;
    outEdges.get(e.source)!.push(e);
  }

  // Kahn's algorithm, in document order for stable results.
  const indeg = new Map<string, number>();
  for (const n of doc.nodes) indeg.set(n.id, inEdges.get(n.id)!.filter(Boolean).length);
  const order: string[] = [];
  const queue: string[] = [];
  for (const n of doc.nodes) if (indeg.get(n.id) === 0) queue.push(n.id);
  for (let qi = 0; qi < queue.length; qi++) {
    const id = queue[qi];
    order.push(id);
    for (const e of outEdges.get(id)!) {
      const d = indeg.get(e.target)! - 1;
      indeg.set(e.target, d);
      if (d === 0) queue.push(e.target);
    }
  }
  if (order.length < doc.nodes.length) {
    const inOrder = new Set(order);
    const cyclic = new Set(doc.nodes.filter((n) => !inOrder.has(n.id)).map((n) => n.id));
    for (const id of cyclic) {
      const back = inEdges.get(id)!.find((e) => e && cyclic.has(e.source) && outEdges.get(id)!.some((o) => cyclic.has(o.target)));
      problems.push({ severity: 'error', code: 'cycle', nodeId: id,
        message: `${id} is part of a cycle: its output feeds back into its own input. A CNN is a directed acyclic graph; remove one connection of the loop.`,
        fix: back ? { kind: 'removeEdge', label: `Remove connection ${back.source} -> ${id}`, edgeId: back.id } : undefined });
    }
  }

  // The Input and the output.
  const inputs = doc.nodes.filter((n) => n.type === 'Input');
  const inputId = inputs[0]?.id ?? null;
  if (!inputId && doc.nodes.length) {
    const first = doc.nodes.find((n) => n.type !== 'Input' && inEdges.get(n.id)!.some((e) => !e));
    problems.push({ severity: 'error', code: 'no-input', nodeId: first?.id,
      message: 'The graph has no Input node: add one and connect it to the first layer.',
      fix: first ? { kind: 'addInput', label: `Add an Input before ${first.id}`, before: first.id, port: CATALOGUE[first.type].ports(first.params).find((_, i) => !inEdges.get(first.id)![i]) ?? 'in', params: defaultsFor('Input') } : undefined });
  }
  for (const extra of inputs.slice(1)) {
    problems.push({ severity: 'error', code: 'several-inputs', nodeId: extra.id,
      message: `The graph has ${inputs.length} Input nodes (${inputs.map((n) => n.id).join(', ')}); a model here has exactly one. Remove ${extra.id} or merge the branches after a single Input.`,
      fix: { kind: 'removeNode', label: `Remove ${extra.id}`, nodeId: extra.id } });
  }

  const reach = (start: readonly string[], next: (id: string) => Iterable<string>) => {
    const seen = new Set<string>(start);
    const stack = [...start];
    while (stack.length) for (const m of next(stack.pop()!)) if (!seen.has(m)) { seen.add(m); stack.push(m); }
    return seen;
  };
  const fromInput = inputId ? reach([inputId], (id) => outEdges.get(id)!.map((e) => e.target)) : new Set<string>();
  const orderIndex = new Map(order.map((id, i) => [id, i]));
  const sinks = [...fromInput].filter((id) => outEdges.get(id)!.length === 0 && orderIndex.has(id));
  sinks.sort((a, b) => orderIndex.get(a)! - orderIndex.get(b)!);
  const outputId = sinks.length ? sinks[sinks.length - 1] : null;
  for (const s of sinks.slice(0, -1)) {
    problems.push({ severity: 'error', code: 'several-outputs', nodeId: s,
      message: `${s} and ${outputId} both end the network, but a model has exactly one output. Connect ${s} onward (e.g. into a Residual or Concat) or remove it.`,
      fix: { kind: 'removeNode', label: `Remove ${s}`, nodeId: s } });
  }
  const toOutput = outputId
    ? reach([outputId], (id) => inEdges.get(id)!.filter((e): e is GraphEdge => !!e).map((e) => e.source))
    : new Set<string>();
  const live = new Set([...fromInput].filter((id) => toOutput.has(id)));

  for (const n of doc.nodes) {
    const relevant = fromInput.has(n.id) || toOutput.has(n.id);
    if (relevant) {
      const ps = ports.get(n.id)!;
      inEdges.get(n.id)!.forEach((e, i) => {
        if (!e) problems.push({ severity: 'error', code: 'port-unconnected', nodeId: n.id, port: ps[i],
          message: `Input port "${ps[i]}" of ${n.id} (${n.type}) is not connected.` });
      });
    } else if (inputId && n.type !== 'Input') {
      problems.push({ severity: 'warning', code: 'disconnected', nodeId: n.id,
        message: `${n.id} (${n.type}) is not connected to the network and will be left out of the model.`,
        fix: { kind: 'removeNode', label: `Remove ${n.id}`, nodeId: n.id } });
    }
  }
  return { nodes: doc.nodes, edges: doc.edges, inEdges, outEdges, order, inputId, outputId, live, problems };
}
