// analyse(doc, previous?) -> shapes, receptive fields, counts and problems for every node.
// Pure and total: it never throws. Passing the previous analysis makes it incremental: the
// structure is reused when only parameters changed, and a node is recomputed only when its own
// object or one of its inputs' results changed (unchanged results keep their identity).
import { CATALOGUE } from './catalogue';
import { paramRangeProblems } from './params';
import { buildStructure, sameStructure, type Structure } from './structure';
import { shapeText } from './layer';
import type { Analysis, GraphDoc, GraphNode, NodeAnalysis, Problem, ReceptiveField, Shape, Totals } from './types';

/** Dense layers with more weights than this get a warning. */
export const LARGE_DENSE_WEIGHTS = 25_000_000;

interface CacheEntry {
  readonly node: GraphNode;
  readonly inputs: readonly (NodeAnalysis | null)[];
  readonly inputHW: readonly [number, number];
  readonly result: NodeAnalysis;
}
interface Cache {
  readonly structure: Structure;
  readonly entries: ReadonlyMap<string, CacheEntry>;
}

const EMPTY_COUNTS = { trainable: 0, nonTrainable: 0, macs: 0 };

function sameInputs(a: readonly (NodeAnalysis | null)[], b: readonly (NodeAnalysis | null)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function analyseNode(node: GraphNode, inputs: readonly (NodeAnalysis | null)[], inEdges: readonly (string | null)[], inputHW: readonly [number, number]): NodeAnalysis {
  const def = CATALOGUE[node.type];
  const problems: Problem[] = paramRangeProblems(node.id, def.params, node.params);
  const inputShapes = inputs.map((a) => a?.shape ?? null);
  const fail = (extra: readonly Problem[] = []): NodeAnalysis =>
    ({ id: node.id, shape: null, inputShapes, rf: null, counts: EMPTY_COUNTS, activationBytes: 0, problems: [...problems, ...extra] });
  if (problems.length || inputShapes.some((s) => s === null)) return fail();
  const shapes = inputShapes as Shape[];
  let res;
  try {
    res = def.infer({ nodeId: node.id, params: node.params, inputs: shapes, inEdges: inEdges.map((e) => e ?? '') });
  } catch (e) {
    return fail([{ severity: 'error', code: 'internal', nodeId: node.id, message: `Shape inference failed: ${e instanceof Error ? e.message : String(e)}` }]);
  }
  if (res.problems) problems.push(...res.problems);
  const shape = res.shape;
  if (!shape) return fail();
  if (shape.some((d) => !(d > 0) || !Number.isInteger(d))) {
    return fail([{ severity: 'error', code: 'empty-output', nodeId: node.id, message: `The output shape ${shapeText(shape)} has an empty or invalid dimension.` }]);
  }
  const rfs = inputs.map((a) => a!.rf!);
  const rf: ReceptiveField = def.rf({ params: node.params, inputs: rfs, inShapes: shapes, outShape: shape, inputHW });
  const counts = def.counts(node.params, shapes, shape);

  const act = def.activationOf?.(node.params);
  if ((act === 'sigmoid' || act === 'tanh') && shape.length === 3) {
    problems.push({ severity: 'warning', code: 'saturating-activation', nodeId: node.id, param: node.type === 'Activation' ? 'kind' : 'activation',
      message: `${act === 'sigmoid' ? 'Sigmoid' : 'Tanh'} inside the convolutional stack (on a ${shapeText(shape)} feature map) saturates and makes gradients vanish in deep nets. ReLU is the usual choice here.`,
      fix: { kind: 'setParam', label: 'Use ReLU', nodeId: node.id, param: node.type === 'Activation' ? 'kind' : 'activation', value: 'relu' } });
  }
  if (node.type === 'Dense' && counts.trainable > LARGE_DENSE_WEIGHTS) {
    problems.push({ severity: 'warning', code: 'large-dense', nodeId: node.id,
      message: `Dense ${node.id} has ${counts.trainable.toLocaleString('en-US')} parameters (${shapes[0][0].toLocaleString('en-US')} inputs x ${shape[0].toLocaleString('en-US')} units): slow to train and prone to overfit. Reduce the feature map first (more pooling, or GlobalAveragePool instead of Flatten).` });
  }
  if ((node.type === 'Flatten' || node.type === 'GlobalPool') && shapes[0].length === 3) {
    const r = rfs[0];
    // 1x1 means no spatial layer came before (an MLP on raw pixels): nothing to teach there.
    if (!r.global && r.size[0] * r.size[1] > 1 && (r.size[0] < inputHW[0] || r.size[1] < inputHW[1])) {
      problems.push({ severity: 'info', code: 'rf-smaller-than-input', nodeId: node.id,
        message: `The features reaching ${node.id} each see ${r.size[0]}x${r.size[1]} pixels of the ${inputHW[0]}x${inputHW[1]} input: no single feature covers the whole image. Fine for local patterns; add layers or stride if the task needs global context.` });
    }
  }
  const activationBytes = shape.reduce((a, b) => a * b, 1) * 4;
  return { id: node.id, shape, inputShapes, rf, counts, activationBytes, problems };
}

export function analyse(doc: GraphDoc, previous?: Analysis): Analysis {
  try {
    return analyseUnsafe(doc, previous);
  } catch (e) {
    // Analysis is total by design; this guards the caller against a bug turning into a crash.
    const problem: Problem = { severity: 'error', code: 'internal', message: `Analysis failed: ${e instanceof Error ? e.message : String(e)}` };
    return { doc, nodes: new Map(), order: [], live: new Set(), inputId: null, outputId: null, problems: [problem],
      totals: { trainable: 0, nonTrainable: 0, params: 0, macs: 0, activationBytes: 0, errors: 1, warnings: 0, infos: 0 }, cache: undefined };
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
  const inputHW: readonly [number, number] = inputNode ? [inputNode.params.height as number, inputNode.params.width as number] : [0, 0];

  for (const id of structure.order) {
    const node = byId.get(id)!;
    const slots = structure.inEdges.get(id)!;
    const inputs = slots.map((e) => (e ? nodes.get(e.source) ?? null : null));
    const old = prevEntries?.get(id);
    let result: NodeAnalysis;
    if (old && old.node === node && sameInputs(old.inputs, inputs) && old.inputHW[0] === inputHW[0] && old.inputHW[1] === inputHW[1]) {
      result = old.result;
      entries.set(id, old);
    } else {
      result = analyseNode(node, inputs, slots.map((e) => e?.id ?? null), inputHW);
      entries.set(id, { node, inputs, inputHW, result });
    }
    nodes.set(id, result);
  }
  // Nodes in cycles get an empty analysis so every node has one.
  if (nodes.size < doc.nodes.length) {
    for (const n of doc.nodes) if (!nodes.has(n.id)) nodes.set(n.id, { id: n.id, shape: null, inputShapes: [], rf: null, counts: EMPTY_COUNTS, activationBytes: 0, problems: [] });
  }

  const problems: Problem[] = [...structure.problems];
  for (const id of structure.order) {
    const p = nodes.get(id)!.problems;
    for (let i = 0; i < p.length; i++) problems.push(p[i]);
  }
  problems.push(...graphProblems(structure, byId, nodes));

  const counted = structure.outputId ? structure.live : new Set(doc.nodes.map((n) => n.id));
  let trainable = 0, nonTrainable = 0, macs = 0, activationBytes = 0;
  for (const id of counted) {
    const a = nodes.get(id)!;
    trainable += a.counts.trainable; nonTrainable += a.counts.nonTrainable; macs += a.counts.macs; activationBytes += a.activationBytes;
  }
  let errors = 0, warnings = 0, infos = 0;
  for (const p of problems) if (p.severity === 'error') errors++; else if (p.severity === 'warning') warnings++; else infos++;
  const totals: Totals = { trainable, nonTrainable, params: trainable + nonTrainable, macs, activationBytes, errors, warnings, infos };
  const cache: Cache = { structure, entries };
  return { doc, nodes, order: structure.order, live: structure.live, inputId: structure.inputId, outputId: structure.outputId, problems, totals, cache };
}

/** Problems that need the whole graph: where softmax sits. */
function graphProblems(s: Structure, byId: ReadonlyMap<string, GraphNode>, nodes: ReadonlyMap<string, NodeAnalysis>): Problem[] {
  const out: Problem[] = [];
  for (const id of s.live) {
    if (id === s.outputId) continue;
    const node = byId.get(id)!;
    if (CATALOGUE[node.type].activationOf?.(node.params) !== 'softmax') continue;
    const fused = node.type !== 'Softmax' && node.type !== 'Activation';
    out.push({ severity: 'warning', code: 'softmax-not-last', nodeId: id,
      message: `${id} applies softmax but is not the output: softmax turns scores into probabilities and belongs at the end (only the last layer should have it).`,
      fix: fused ? { kind: 'setParam', label: 'Make the activation linear', nodeId: id, param: 'activation', value: 'linear' } : { kind: 'removeNode', label: `Remove ${id}`, nodeId: id } });
  }
  if (s.outputId) {
    const node = byId.get(s.outputId)!;
    const a = nodes.get(s.outputId)!;
    const act = CATALOGUE[node.type].activationOf?.(node.params);
    if (a.shape && a.shape.length === 1 && a.shape[0] > 1 && act !== 'softmax') {
      out.push({ severity: 'warning', code: 'softmax-missing', nodeId: s.outputId,
        message: `The output ${s.outputId} gives ${a.shape[0]} raw scores. For classification end with Softmax (class probabilities, trained with cross-entropy); for regression a linear output is right and you can ignore this.`,
        fix: { kind: 'appendNode', label: 'Add Softmax at the end', after: s.outputId, type: 'Softmax' } });
    }
  }
  return out;
}
