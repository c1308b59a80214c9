// Graph -> tf.LayersModel through the functional API. The compiler refuses exactly the graphs the
// validator rejects (same problems), and builds only the live nodes (Input -> output).
import { say } from '../i18n/msg';
import type * as tfjs from '@tensorflow/tfjs';
import { analyse } from './analyse';
import { CATALOGUE } from './catalogue';
import type { Analysis, GraphDoc, Problem, Shape } from './types';

export interface CompileOptions {
  /** Seed for every initialiser and dropout mask; the same seed gives the same weights. */
  readonly seed?: number;
  /** Reuse an analysis of this document (it must be of the same doc). */
  readonly analysis?: Analysis;
}

export type CompileResult =
  | {
      readonly ok: true;
      readonly model: tfjs.LayersModel;
      /** The symbolic output of each live node (for feature-map probes and tests). */
      readonly outputs: ReadonlyMap<string, tfjs.SymbolicTensor>;
      /** Names of the tfjs layers each node became, in creation order. */
      readonly layers: ReadonlyMap<string, readonly string[]>;
      readonly analysis: Analysis;
    }
  | { readonly ok: false; readonly problems: readonly Problem[]; readonly analysis: Analysis };

/** tfjs layer name for a node id (ids are [A-Za-z0-9_.-]; names must start with a letter). */
export const layerName = (nodeId: string): string => (/^[A-Za-z]/.test(nodeId) ? nodeId : `n_${nodeId}`);

/** A stable 31-bit seed per node: adding a node does not change the others' initial weights. */
export function nodeSeed(seed: number, nodeId: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < nodeId.length; i++) h = Math.imul(h ^ nodeId.charCodeAt(i), 0x01000193) >>> 0;
  return h & 0x7fffffff;
}

export function compile(doc: GraphDoc, tf: typeof tfjs, options: CompileOptions = {}): CompileResult {
  const analysis = options.analysis && options.analysis.doc === doc ? options.analysis : analyse(doc);
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  if (errors.length) return { ok: false, problems: errors, analysis };
  if (!analysis.inputId || !analysis.outputId) {
    return {
      ok: false,
      analysis,
      problems: [
        {
          severity: 'error',
          code: 'no-input',
          ...say('problem.no-input'),
        },
      ],
    };
  }
  const seed = options.seed ?? 42;
  const outputs = new Map<string, tfjs.SymbolicTensor>();
  const layers = new Map<string, string[]>();
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const inEdges = new Map<string, Map<string, string>>();
  for (const e of doc.edges) {
    if (!inEdges.has(e.target)) inEdges.set(e.target, new Map());
    inEdges.get(e.target)!.set(e.targetPort, e.source);
  }
  // Not inside tf.tidy: layers own variables, and tidy would walk the returned model object.
  let model: tfjs.LayersModel;
  try {
    for (const id of analysis.order) {
      if (!analysis.live.has(id)) continue;
      const node = byId.get(id)!;
      const def = CATALOGUE[node.type];
      const ports = def.ports(node.params);
      const srcs = ports.map((p) => inEdges.get(id)!.get(p)!);
      const a = analysis.nodes.get(id)!;
      outputs.set(
        id,
        def.tfjs({
          tf,
          params: node.params,
          name: layerName(id),
          seed: nodeSeed(seed, id),
          inputs: srcs.map((s) => outputs.get(s)!),
          inShapes: a.inputShapes as Shape[],
          outShape: a.shape!,
        }),
      );
    }
    model = tf.model({
      inputs: outputs.get(analysis.inputId)!,
      outputs: outputs.get(analysis.outputId)!,
      name: sanitizeModelName(doc.metadata.name),
    });
  } catch (e) {
    // The validator's limits (limits.ts) exist so that this never happens; if tfjs still fails, the
    // caller gets a problem to show rather than an exception, and the layers built so far are freed.
    disposeLayers([...outputs.values()]);
    return {
      ok: false,
      analysis,
      problems: [
        {
          severity: 'error',
          code: 'compile-failed',
          ...say('problem.compile-failed', { error: e instanceof Error ? e.message : String(e) }),
        },
      ],
    };
  }
  const idByName = new Map([...outputs.keys()].map((nid) => [layerName(nid), nid]));
  for (const l of model.layers) {
    const id = idByName.get(l.name.split('__')[0]);
    if (id) {
      if (!layers.has(id)) layers.set(id, []);
      layers.get(id)!.push(l.name);
    }
  }
  return { ok: true, model, outputs, layers, analysis };
}

/** Disposes every layer upstream of `tensors` (iteratively: the graph may be deeper than the stack). */
function disposeLayers(tensors: readonly tfjs.SymbolicTensor[]): void {
  const seen = new Set<tfjs.layers.Layer>();
  const stack = tensors.map((t) => t.sourceLayer as tfjs.layers.Layer);
  while (stack.length) {
    const layer = stack.pop()!;
    if (seen.has(layer)) continue;
    seen.add(layer);
    for (const node of layer.inboundNodes) stack.push(...(node.inboundLayers as tfjs.layers.Layer[]));
    try {
      layer.dispose();
    } catch {
      /* already disposed, or never built */
    }
  }
}

function sanitizeModelName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[^A-Za-z]+/, '');
  return s || 'model';
}
