// analyse(doc, previous?) -> shapes, receptive fields, counts and problems for every node.
// Pure and total: it never throws. Passing the previous analysis makes it incremental: the
// structure is reused when only parameters changed, and a node is recomputed only when its own
// object or one of its inputs' results changed (unchanged results keep their identity).
import { activationProblems } from './activations';
import { fixSay, say } from '../i18n/msg';
import { CATALOGUE } from './catalogue';
import { paramRangeProblems } from './params';
import { buildStructure, sameStructure, type Structure } from './structure';
import { shapeText } from './layer';
import { depthProblem, MAX_DEPTH, modelWeightProblem, tensorProblems } from './limits';
import type { Analysis, GraphDoc, GraphNode, NodeAnalysis, Problem, ReceptiveField, Shape, Totals } from './types';

/** Dense layers with more weights than this get a warning. */
export const LARGE_DENSE_WEIGHTS = 25_000_000;

interface CacheEntry {
  readonly node: GraphNode;
  readonly inEdges: readonly (string | null)[];
  readonly inShapes: readonly (Shape | null)[];
  readonly inRfs: readonly (ReceptiveField | null)[];
  readonly inputHW: readonly [number, number];
  readonly shapePart: ShapePart;
  readonly result: NodeAnalysis;
}
interface Cache {
  readonly structure: Structure;
  readonly entries: ReadonlyMap<string, CacheEntry>;
  /** The depth check of this structure; redone only when the structure or a node's tfjs depth changes. */
  readonly depth: Problem | null;
}
/** What depends only on the node and its input shapes (not on receptive fields). */
interface ShapePart {
  readonly shape: Shape | null;
  readonly counts: NodeAnalysis['counts'];
  readonly activationBytes: number;
  readonly problems: readonly Problem[];
}

const EMPTY_COUNTS = { trainable: 0, nonTrainable: 0, macs: 0 };
const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);

function sameRefs<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
function sameShape(a: Shape | null, b: Shape | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
function sameRF(a: ReceptiveField | null, b: ReceptiveField | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.global === b.global &&
    a.size[0] === b.size[0] &&
    a.size[1] === b.size[1] &&
    a.jump[0] === b.jump[0] &&
    a.jump[1] === b.jump[1] &&
    a.start[0] === b.start[0] &&
    a.start[1] === b.start[1]
  );
}

/**
 * A node's parameter range problems depend on the node alone (documents are immutable): checked once per node
 * object, not again on every edit upstream of it (an Input edit re-infers all 1,000 layers of a big net).
 */
const rangeCache = new WeakMap<GraphNode, readonly Problem[]>();
function rangeProblemsOf(node: GraphNode, specs: (typeof CATALOGUE)[GraphNode['type']]['params']): readonly Problem[] {
  let r = rangeCache.get(node);
  if (!r) {
    r = paramRangeProblems(node.id, specs, node.params, node.type);
    rangeCache.set(node, r);
  }
  return r;
}

function shapePartOf(
  node: GraphNode,
  inShapes: readonly (Shape | null)[],
  inEdges: readonly (string | null)[],
): ShapePart {
  const def = CATALOGUE[node.type];
  const range = rangeProblemsOf(node, def.params);
  const fail = (extra: readonly Problem[] = NO_PROBLEMS): ShapePart => ({
    shape: null,
    counts: EMPTY_COUNTS,
    activationBytes: 0,
    problems: range.length || extra.length ? [...range, ...extra] : NO_PROBLEMS,
  });
  if (range.length) return fail();
  for (let i = 0; i < inShapes.length; i++) if (inShapes[i] === null) return fail();
  const shapes = inShapes as Shape[];
  let res;
  try {
    res = def.infer({ nodeId: node.id, params: node.params, inputs: shapes, inEdges: inEdges.map((e) => e ?? '') });
  } catch (e) {
    return fail([
      {
        severity: 'error',
        code: 'internal',
        nodeId: node.id,
        ...say('problem.internal', { error: e instanceof Error ? e.message : String(e) }),
      },
    ]);
  }
  const problems: Problem[] = res.problems ? [...res.problems] : [];
  const shape = res.shape;
  if (!shape) return fail(problems);
  let elements = 1;
  for (const d of shape) {
    if (!(d > 0) || !Number.isInteger(d))
      return fail([
        {
          severity: 'error',
          code: 'empty-output',
          nodeId: node.id,
          ...say('problem.empty-output', { shape: shapeText(shape) }),
        },
      ]);
    elements *= d;
  }
  const counts = def.counts(node.params, shapes, shape);
  const limits = tensorProblems(node, shapes, shape, elements, counts, def.widthParam?.(node.params));
  for (const p of limits) problems.push(p);
  if (
    def.fullyConnected &&
    counts.trainable > LARGE_DENSE_WEIGHTS &&
    !limits.some((p) => p.code === 'weights-too-large')
  ) {
    problems.push({
      severity: 'warning',
      code: 'large-dense',
      nodeId: node.id,
      ...say('problem.large-dense', {
        node: node.id,
        params: counts.trainable,
        inputs: shapes[0][0],
        units: shape[0],
      }),
    });
  }
  return { shape, counts, activationBytes: elements * 4, problems: problems.length ? problems : NO_PROBLEMS };
}

function rfProblemsOf(
  node: GraphNode,
  inShapes: readonly Shape[],
  inRfs: readonly ReceptiveField[],
  inputHW: readonly [number, number],
): readonly Problem[] {
  if (!CATALOGUE[node.type].collapsesSpace || inShapes[0].length !== 3) return NO_PROBLEMS;
  const r = inRfs[0];
  // 1x1 means no spatial layer came before (an MLP on raw pixels): nothing to teach there.
  if (r.global || r.size[0] * r.size[1] <= 1 || (r.size[0] >= inputHW[0] && r.size[1] >= inputHW[1]))
    return NO_PROBLEMS;
  return [
    {
      severity: 'info',
      code: 'rf-smaller-than-input',
      nodeId: node.id,
      ...say('problem.rf-smaller-than-input', {
        node: node.id,
        rf: `${r.size[0]}x${r.size[1]}`,
        input: `${inputHW[0]}x${inputHW[1]}`,
      }),
    },
  ];
}

/** Analyse one node, reusing whatever of its previous result its inputs allow. */
function analyseNode(
  node: GraphNode,
  inEdges: readonly (string | null)[],
  inShapes: readonly (Shape | null)[],
  inRfs: readonly (ReceptiveField | null)[],
  inputHW: readonly [number, number],
  old: CacheEntry | undefined,
): CacheEntry {
  const sameNode =
    old !== undefined && old.node === node && sameRefs(old.inEdges, inEdges) && sameRefs(old.inShapes, inShapes);
  if (sameNode && sameRefs(old.inRfs, inRfs) && old.inputHW[0] === inputHW[0] && old.inputHW[1] === inputHW[1])
    return old;
  let shapePart = sameNode ? old.shapePart : shapePartOf(node, inShapes, inEdges);
  // Keep the old shape object when the value did not change, so downstream nodes see "same".
  if (!sameNode && old && shapePart.shape && sameShape(shapePart.shape, old.shapePart.shape))
    shapePart = { ...shapePart, shape: old.shapePart.shape };
  const shape = shapePart.shape;
  let rf: ReceptiveField | null = null;
  let rfProblems = NO_PROBLEMS;
  if (shape) {
    const def = CATALOGUE[node.type];
    rf = def.rf({
      params: node.params,
      inputs: inRfs as ReceptiveField[],
      inShapes: inShapes as Shape[],
      outShape: shape,
      inputHW,
    });
    if (old && sameRF(rf, old.result.rf)) rf = old.result.rf;
    rfProblems = rfProblemsOf(node, inShapes as Shape[], inRfs as ReceptiveField[], inputHW);
  }
  const prev = old?.result;
  const problems = rfProblems.length ? [...shapePart.problems, ...rfProblems] : shapePart.problems;
  const unchanged =
    prev &&
    prev.shape === shape &&
    prev.rf === rf &&
    old!.shapePart === shapePart &&
    problems.length === 0 &&
    prev.problems.length === 0;
  const result: NodeAnalysis = unchanged
    ? prev!
    : {
        id: node.id,
        shape,
        inputShapes: inShapes,
        rf,
        counts: shapePart.counts,
        activationBytes: shapePart.activationBytes,
        problems,
      };
  return { node, inEdges, inShapes, inRfs, inputHW, shapePart, result };
}

export function analyse(doc: GraphDoc, previous?: Analysis): Analysis {
  try {
    return analyseUnsafe(doc, previous);
  } catch (e) {
    // Analysis is total by design; this guards the caller against a bug turning into a crash.
    const problem: Problem = {
      severity: 'error',
      code: 'internal',
      ...say('problem.internal-analysis', { error: e instanceof Error ? e.message : String(e) }),
    };
    return {
      doc,
      nodes: new Map(),
      order: [],
      live: new Set(),
      inputId: null,
      outputId: null,
      problems: [problem],
      totals: {
        trainable: 0,
        nonTrainable: 0,
        params: 0,
        macs: 0,
        activationBytes: 0,
        errors: 1,
        warnings: 0,
        infos: 0,
      },
      cache: undefined,
    };
  }
}

function analyseUnsafe(doc: GraphDoc, previous?: Analysis): Analysis {
  const prev = previous?.cache as Cache | undefined;
  const structure = prev && sameStructure(prev.structure, doc) ? prev.structure : buildStructure(doc);
  const prevEntries = prev?.entries;
  const entries = new Map<string, CacheEntry>();
  const nodes = new Map<string, NodeAnalysis>();
  // The structure may come from an earlier document: take node objects (params) from this one.
  const byId = new Map<string, GraphNode>();
  for (const n of doc.nodes) byId.set(n.id, n);

  const inputNode = structure.inputId ? byId.get(structure.inputId)! : null;
  const inputHW: readonly [number, number] = inputNode
    ? [inputNode.params.height as number, inputNode.params.width as number]
    : [0, 0];

  // The depth limit needs a walk of the whole graph: only redo it when it can have changed.
  let depthStale = !prev || prev.structure !== structure;
  for (const id of structure.order) {
    const node = byId.get(id)!;
    const old = prevEntries?.get(id);
    if (!depthStale && old && old.node !== node) {
      const d = CATALOGUE[node.type].tfjsDepth;
      if (d && d(node.params) !== d(old.node.params)) depthStale = true;
    }
    const slots = structure.inEdges.get(id)!;
    const n = slots.length;
    const inEdges: (string | null)[] = new Array(n),
      inShapes: (Shape | null)[] = new Array(n),
      inRfs: (ReceptiveField | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const e = slots[i];
      const up = e ? nodes.get(e.source) : undefined;
      inEdges[i] = e ? e.id : null;
      inShapes[i] = up ? up.shape : null;
      inRfs[i] = up ? up.rf : null;
    }
    const entry = analyseNode(node, inEdges, inShapes, inRfs, inputHW, old);
    entries.set(id, entry);
    nodes.set(id, entry.result);
  }
  // Nodes in cycles get an empty analysis so every node has one.
  if (nodes.size < doc.nodes.length) {
    for (const n of doc.nodes)
      if (!nodes.has(n.id))
        nodes.set(n.id, {
          id: n.id,
          shape: null,
          inputShapes: [],
          rf: null,
          counts: EMPTY_COUNTS,
          activationBytes: 0,
          problems: [],
        });
  }

  const problems: Problem[] = [...structure.problems];
  for (const id of structure.order) {
    const p = nodes.get(id)!.problems;
    for (let i = 0; i < p.length; i++) problems.push(p[i]);
  }
  problems.push(...graphProblems(structure, byId, nodes));
  problems.push(...activationProblems(structure, byId, nodes));
  const depth = depthStale ? depthCheck(structure, byId) : prev!.depth;
  if (depth) problems.push(depth);

  const counted = structure.outputId ? structure.live : new Set(doc.nodes.map((n) => n.id));
  let trainable = 0,
    nonTrainable = 0,
    macs = 0,
    activationBytes = 0;
  let biggest: { id: string; values: number } | null = null;
  for (const id of counted) {
    const a = nodes.get(id)!;
    trainable += a.counts.trainable;
    nonTrainable += a.counts.nonTrainable;
    macs += a.counts.macs;
    activationBytes += a.activationBytes;
    const values = a.counts.trainable + a.counts.nonTrainable;
    if (values > (biggest?.values ?? 0)) biggest = { id, values };
  }
  // A layer over the per-tensor limit is already over the model's; one error says it.
  const tooBig = problems.some((p) => p.code === 'weights-too-large')
    ? null
    : modelWeightProblem(trainable + nonTrainable, biggest);
  if (tooBig) problems.push(tooBig);
  let errors = 0,
    warnings = 0,
    infos = 0;
  for (const p of problems)
    if (p.severity === 'error') errors++;
    else if (p.severity === 'warning') warnings++;
    else infos++;
  const totals: Totals = {
    trainable,
    nonTrainable,
    params: trainable + nonTrainable,
    macs,
    activationBytes,
    errors,
    warnings,
    infos,
  };
  const cache: Cache = { structure, entries, depth };
  return {
    doc,
    nodes,
    order: structure.order,
    live: structure.live,
    inputId: structure.inputId,
    outputId: structure.outputId,
    problems,
    totals,
    cache,
  };
}

/** Problems that need the whole graph: where softmax sits. */
function graphProblems(
  s: Structure,
  byId: ReadonlyMap<string, GraphNode>,
  nodes: ReadonlyMap<string, NodeAnalysis>,
): Problem[] {
  const out: Problem[] = [];
  for (const id of s.live) {
    if (id === s.outputId) continue;
    const node = byId.get(id)!;
    if (CATALOGUE[node.type].activationOf?.(node.params) !== 'softmax') continue;
    // Softmax as a layer's own activation parameter (set it to linear), or a layer of its own (remove it).
    const fused = 'activation' in CATALOGUE[node.type].params;
    out.push({
      severity: 'warning',
      code: 'softmax-not-last',
      nodeId: id,
      ...say('problem.softmax-not-last', { node: id }),
      fix: fused
        ? { kind: 'setParam', ...fixSay('fix.linearActivation'), nodeId: id, param: 'activation', value: 'linear' }
        : { kind: 'removeNode', ...fixSay('fix.removeNode', { node: id }), nodeId: id },
    });
  }
  if (s.outputId) {
    const node = byId.get(s.outputId)!;
    const a = nodes.get(s.outputId)!;
    const act = CATALOGUE[node.type].activationOf?.(node.params);
    if (a.shape && a.shape.length === 1 && a.shape[0] > 1 && act !== 'softmax') {
      out.push({
        severity: 'warning',
        code: 'softmax-missing',
        nodeId: s.outputId,
        ...say('problem.softmax-missing', { node: s.outputId, classes: a.shape[0] }),
        fix: { kind: 'appendNode', ...fixSay('fix.appendSoftmax'), after: s.outputId, type: 'Softmax' },
      });
    }
  }
  return out;
}

/** Longest path from the Input in tfjs layers, over the live nodes (what compile builds): O(nodes + edges). */
function depthCheck(s: Structure, byId: ReadonlyMap<string, GraphNode>): Problem | null {
  if (!s.inputId || !s.outputId) return null;
  const depth = new Map<string, number>();
  let firstOver: string | null = null;
  for (const id of s.order) {
    if (!s.live.has(id)) continue;
    const node = byId.get(id)!;
    let d = 0;
    for (const e of s.inEdges.get(id)!) if (e) d = Math.max(d, depth.get(e.source) ?? 0);
    d += CATALOGUE[node.type].tfjsDepth?.(node.params) ?? 1;
    depth.set(id, d);
    if (d > MAX_DEPTH && firstOver === null) firstOver = id;
  }
  return firstOver === null ? null : depthProblem(firstOver, depth.get(s.outputId) ?? 0, s.inputId, s.outputId);
}
