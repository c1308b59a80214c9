// Graph structure: wiring per port, topological order, cycles, the Input and the output, which
// nodes are live (on a path Input -> output), and the structural problems. Depends only on node
// ids, types, port lists and edges, so a parameter edit reuses it.
import { fixSay, say } from '../i18n/msg';
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
  const a = prev.nodes,
    b = doc.nodes;
  for (let i = 0; i < b.length; i++) {
    const x = a[i],
      y = b[i];
    if (x === y) continue;
    if (x.id !== y.id || x.type !== y.type) return false;
    if (y.type === 'Concat' && portCount(x) !== portCount(y)) return false;
  }
  return true;
}

export function buildStructure(doc: GraphDoc): Structure {
  // Index-based and allocation-light: this runs on every structural edit of graphs with
  // thousands of nodes.
  const problems: Problem[] = [];
  const nodes = doc.nodes;
  const N = nodes.length;
  const index = new Map<string, number>();
  for (let i = 0; i < N; i++) index.set(nodes[i].id, i);
  const ports: (readonly string[])[] = new Array(N);
  const slotsOf: (GraphEdge | null)[][] = new Array(N);
  const outOf: GraphEdge[][] = new Array(N);
  for (let i = 0; i < N; i++) {
    const n = nodes[i];
    const ps = CATALOGUE[n.type].ports(n.params);
    ports[i] = ps;
    slotsOf[i] = ps.length === 1 ? [null] : ps.map(() => null);
    outOf[i] = [];
  }
  const indeg = new Int32Array(N);
  for (const e of doc.edges) {
    const si = index.get(e.source),
      ti = index.get(e.target);
    if (si === undefined || ti === undefined) {
      problems.push({
        severity: 'error',
        code: 'bad-edge',
        nodeId: si !== undefined ? e.source : ti !== undefined ? e.target : undefined,
        ...say('problem.bad-edge', { source: e.source, target: e.target }),
        fix: { kind: 'removeEdge', ...fixSay('fix.removeEdge'), edgeId: e.id },
      });
      continue;
    }
    const tgt = nodes[ti];
    const pi = ports[ti].indexOf(e.targetPort);
    if (pi < 0) {
      problems.push({
        severity: 'error',
        code: 'bad-edge',
        nodeId: e.target,
        port: e.targetPort,
        ...(tgt.type === 'Input'
          ? say('problem.bad-edge-input', { target: e.target, source: e.source })
          : say('problem.bad-edge-port', { target: e.target, type: tgt.type, port: e.targetPort })),
        fix: { kind: 'removeEdge', ...fixSay('fix.removeEdge'), edgeId: e.id },
      });
      continue;
    }
    const slots = slotsOf[ti];
    if (slots[pi]) {
      problems.push({
        severity: 'error',
        code: 'port-multiple',
        nodeId: e.target,
        port: e.targetPort,
        ...say('problem.port-multiple', {
          port: e.targetPort,
          target: e.target,
          first: slots[pi]!.source,
          source: e.source,
        }),
        fix: { kind: 'removeEdge', ...fixSay('fix.removeEdgeFrom', { source: e.source }), edgeId: e.id },
      });
      continue;
    }
    slots[pi] = e;
    outOf[si].push(e);
    indeg[ti]++;
  }

  // Kahn's algorithm, in document order for stable results.
  const orderIdx = new Int32Array(N);
  let head = 0,
    tail = 0;
  for (let i = 0; i < N; i++) if (indeg[i] === 0) orderIdx[tail++] = i;
  while (head < tail) {
    const i = orderIdx[head++];
    const outs = outOf[i];
    for (let k = 0; k < outs.length; k++) {
      const t = index.get(outs[k].target)!;
      if (--indeg[t] === 0) orderIdx[tail++] = t;
    }
  }
  const order: string[] = new Array(tail);
  const rank = new Int32Array(N).fill(-1);
  for (let k = 0; k < tail; k++) {
    order[k] = nodes[orderIdx[k]].id;
    rank[orderIdx[k]] = k;
  }
  if (tail < N) {
    const cyclic = new Set<string>();
    for (let i = 0; i < N; i++) if (rank[i] < 0) cyclic.add(nodes[i].id);
    for (let i = 0; i < N; i++) {
      if (rank[i] >= 0) continue;
      const id = nodes[i].id;
      const back = slotsOf[i].find((e) => e && cyclic.has(e.source) && outOf[i].some((o) => cyclic.has(o.target)));
      problems.push({
        severity: 'error',
        code: 'cycle',
        nodeId: id,
        ...say('problem.cycle', { node: id }),
        fix: back
          ? {
              kind: 'removeEdge',
              ...fixSay('fix.removeEdgeBetween', { source: back.source, target: id }),
              edgeId: back.id,
            }
          : undefined,
      });
    }
  }

  // The Input and the output.
  const inputs: number[] = [];
  for (let i = 0; i < N; i++) if (nodes[i].type === 'Input') inputs.push(i);
  const inputIdx = inputs.length ? inputs[0] : -1;
  const inputId = inputIdx >= 0 ? nodes[inputIdx].id : null;
  if (inputIdx < 0 && N) {
    const fi = nodes.findIndex((n, i) => n.type !== 'Input' && slotsOf[i].some((e) => !e));
    const first = fi >= 0 ? nodes[fi] : undefined;
    problems.push({
      severity: 'error',
      code: 'no-input',
      nodeId: first?.id,
      ...say('problem.no-input'),
      fix: first
        ? {
            kind: 'addInput',
            ...fixSay('fix.addInput', { node: first.id }),
            before: first.id,
            port: ports[fi].find((_, k) => !slotsOf[fi][k]) ?? 'in',
            params: defaultsFor('Input'),
          }
        : undefined,
    });
  }
  for (const xi of inputs.slice(1)) {
    const extra = nodes[xi];
    problems.push({
      severity: 'error',
      code: 'several-inputs',
      nodeId: extra.id,
      ...say('problem.several-inputs', {
        count2: inputs.length,
        nodes: inputs.map((k) => nodes[k].id).join(', '),
        node: extra.id,
      }),
      fix: { kind: 'removeNode', ...fixSay('fix.removeNode', { node: extra.id }), nodeId: extra.id },
    });
  }

  // Forward reachability from the Input, in topological order (nodes in cycles are never reached).
  const fromInput = new Uint8Array(N);
  if (inputIdx >= 0 && rank[inputIdx] >= 0) {
    fromInput[inputIdx] = 1;
    for (let k = rank[inputIdx]; k < tail; k++) {
      const i = orderIdx[k];
      if (!fromInput[i]) continue;
      const outs = outOf[i];
      for (let j = 0; j < outs.length; j++) fromInput[index.get(outs[j].target)!] = 1;
    }
  }
  const sinks: number[] = [];
  for (let k = 0; k < tail; k++) {
    const i = orderIdx[k];
    if (fromInput[i] && outOf[i].length === 0) sinks.push(i);
  }
  const outIdx = sinks.length ? sinks[sinks.length - 1] : -1;
  const outputId = outIdx >= 0 ? nodes[outIdx].id : null;
  for (const si of sinks.slice(0, -1)) {
    const sid = nodes[si].id;
    problems.push({
      severity: 'error',
      code: 'several-outputs',
      nodeId: sid,
      ...say('problem.several-outputs', { node: sid, output: outputId ?? '' }),
      fix: { kind: 'removeNode', ...fixSay('fix.removeNode', { node: sid }), nodeId: sid },
    });
  }
  // Backward reachability from the output (the output is acyclic, so reverse order works).
  const toOutput = new Uint8Array(N);
  if (outIdx >= 0) {
    toOutput[outIdx] = 1;
    for (let k = rank[outIdx]; k >= 0; k--) {
      const i = orderIdx[k];
      if (!toOutput[i]) continue;
      const slots = slotsOf[i];
      for (let j = 0; j < slots.length; j++) {
        const e = slots[j];
        if (e) toOutput[index.get(e.source)!] = 1;
      }
    }
  }
  const live = new Set<string>();
  const inEdges = new Map<string, readonly (GraphEdge | null)[]>();
  const outEdges = new Map<string, readonly GraphEdge[]>();
  for (let i = 0; i < N; i++) {
    const n = nodes[i];
    inEdges.set(n.id, slotsOf[i]);
    outEdges.set(n.id, outOf[i]);
    if (fromInput[i] && toOutput[i]) live.add(n.id);
    if (slotsOf[i].length > 1) {
      // tfjs-layers cannot run a merge layer that receives the same tensor twice (predict crashes).
      const seen = new Set<string>();
      for (const e of slotsOf[i]) {
        if (!e) continue;
        if (seen.has(e.source)) {
          problems.push({
            severity: 'error',
            code: 'merge-same-input',
            nodeId: n.id,
            port: e.targetPort,
            ...say('problem.merge-same-input', { node: n.id, type: n.type, source: e.source }),
            fix: {
              kind: 'removeEdge',
              ...fixSay('fix.removeEdgeBetween', { source: e.source, target: `${n.id}:${e.targetPort}` }),
              edgeId: e.id,
            },
          });
        }
        seen.add(e.source);
      }
    }
    if (fromInput[i] || toOutput[i]) {
      const slots = slotsOf[i];
      for (let k = 0; k < slots.length; k++) {
        if (!slots[k])
          problems.push({
            severity: 'error',
            code: 'port-unconnected',
            nodeId: n.id,
            port: ports[i][k],
            ...say('problem.port-unconnected', { port: ports[i][k], node: n.id, type: n.type }),
          });
      }
    } else if (inputId && n.type !== 'Input' && rank[i] >= 0) {
      problems.push({
        severity: 'warning',
        code: 'disconnected',
        nodeId: n.id,
        ...say('problem.disconnected', { node: n.id, type: n.type }),
        fix: { kind: 'removeNode', ...fixSay('fix.removeNode', { node: n.id }), nodeId: n.id },
      });
    }
  }
  return { nodes, edges: doc.edges, inEdges, outEdges, order, inputId, outputId, live, problems };
}
