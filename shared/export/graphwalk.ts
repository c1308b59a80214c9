// Walks the live nodes of a graph in order, with their catalogue definitions and input sources:
// what every exporter iterates over. Refuses graphs the validator rejects, with its messages.
import {
  analyse,
  CATALOGUE,
  layerName,
  NODE_ID,
  type Analysis,
  type GraphDoc,
  type GraphNode,
  type LayerDef,
  type Problem,
  type Shape,
} from '../graph';
import { ExportError } from './types';
import { joinMsgs, msg } from '../i18n/msg';

export interface WalkStep {
  readonly node: GraphNode;
  readonly def: LayerDef;
  /** Source node ids in port order (empty for the Input). */
  readonly sources: readonly string[];
  readonly inShapes: readonly Shape[];
  readonly outShape: Shape;
  readonly name: string;
}

export interface Walk {
  readonly analysis: Analysis;
  readonly steps: readonly WalkStep[];
  readonly inputId: string;
  readonly outputId: string;
  readonly inputShape: Shape;
  readonly outputShape: Shape;
}

/**
 * Node ids become Python attributes, ONNX and tfjs names: a document that did not come through
 * parseProject (which enforces the same rule) is refused here rather than trusted.
 */
export function checkNodeIds(doc: GraphDoc, format: string): void {
  const bad = doc.nodes.find((n) => typeof n.id !== 'string' || !NODE_ID.test(n.id));
  if (bad) {
    const shown =
      typeof bad.id === 'string'
        ? JSON.stringify(bad.id.length > 40 ? `${bad.id.slice(0, 40)}...` : bad.id)
        : String(bad.id);
    throw new ExportError(msg('errors3.export.nodeId', { format, id: shown }));
  }
}

/** Problems as one message: 'node: problem node: problem'. */
export const problemList = (ps: readonly Problem[]) =>
  joinMsgs(
    ps.map((p) => (p.nodeId ? msg('errors3.export.at', { where: p.nodeId, error: p.msg }) : p.msg)),
    'space',
  );

export function walkGraph(doc: GraphDoc, format: string): Walk {
  checkNodeIds(doc, format);
  const analysis = analyse(doc);
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    throw new ExportError(
      msg('errors3.export.errors', { format, n: errors.length, list: problemList(errors.slice(0, 5)) }),
    );
  }
  if (!analysis.inputId || !analysis.outputId) throw new ExportError(msg('errors3.export.noInput', { format }));
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const inEdges = new Map<string, Map<string, string>>();
  for (const e of doc.edges) {
    if (!inEdges.has(e.target)) inEdges.set(e.target, new Map());
    inEdges.get(e.target)!.set(e.targetPort, e.source);
  }
  const steps: WalkStep[] = [];
  for (const id of analysis.order) {
    if (!analysis.live.has(id)) continue;
    const node = byId.get(id)!;
    const def = CATALOGUE[node.type];
    const a = analysis.nodes.get(id)!;
    steps.push({
      node,
      def,
      sources: def.ports(node.params).map((p) => inEdges.get(id)!.get(p)!),
      inShapes: a.inputShapes as Shape[],
      outShape: a.shape!,
      name: layerName(id),
    });
  }
  return {
    analysis,
    steps,
    inputId: analysis.inputId,
    outputId: analysis.outputId,
    inputShape: analysis.nodes.get(analysis.inputId)!.shape!,
    outputShape: analysis.nodes.get(analysis.outputId)!.shape!,
  };
}

/** [H, W, C] -> [C, H, W]; vectors unchanged. */
export const channelsFirst = (s: Shape): number[] => (s.length === 3 ? [s[2], s[0], s[1]] : [...s]);
