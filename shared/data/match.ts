// Does the data fit the graph? A mismatch is a Problem like any other, with one-click fixes:
// set the Input to the data's shape; set the last Dense's units to the class count.
import type { Analysis, GraphDoc, Problem } from '../graph';
import { SYNTHETIC_NAME } from './synthetic';
import { fixSay, say, type Msg } from '../i18n/msg';

export interface DataShape { readonly height: number; readonly width: number; readonly channels: number; readonly numClasses: number; readonly name?: string }

/** The Dense node that produces the output (following single-input layers back from the output node). */
export function lastDense(doc: GraphDoc, a: Analysis): string | null {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  let id = a.outputId;
  const seen = new Set<string>();
  while (id && !seen.has(id)) {
    seen.add(id);
    const node = byId.get(id);
    if (!node) return null;
    if (node.type === 'Dense') return id;
    const ins = doc.edges.filter((e) => e.target === id);
    if (ins.length !== 1) return null;
    id = ins[0].source;
  }
  return null;
}

export function dataProblems(doc: GraphDoc, a: Analysis, data: DataShape): Problem[] {
  const out: Problem[] = [];
  // The synthetic set's name is the app's own: quoted in the user's language.
  const name: string | Msg =
    data.name === undefined
      ? { key: 'problem.the-data-set' }
      : data.name === SYNTHETIC_NAME
        ? { key: 'ui.data.syntheticName' }
        : data.name;
  if (a.inputId) {
    const input = doc.nodes.find((n) => n.id === a.inputId)!;
    const p = input.params as Record<string, unknown>;
    const h = Number(p.height), w = Number(p.width), c = Number(p.channels);
    if (h !== data.height || w !== data.width || c !== data.channels) {
      out.push({
        severity: 'error', code: 'data-input-shape', nodeId: input.id, param: 'height',
        ...say('problem.data-input-shape', { data: name, images: `${data.height}x${data.width}x${data.channels}`, node: input.id, expects: `${h}x${w}x${c}` }),
        fix: { kind: 'setParam', ...fixSay('fix.setInput', { shape: `${data.height}x${data.width}x${data.channels}` }), nodeId: input.id, param: 'height', value: data.height, also: { width: data.width, channels: data.channels } },
      });
    }
  }
  const outShape = a.outputId ? a.nodes.get(a.outputId)?.shape : null;
  const units = outShape ? outShape[outShape.length - 1] : undefined;
  if (outShape && (outShape.length !== 1 || units !== data.numClasses)) {
    const dense = lastDense(doc, a);
    out.push({
      severity: 'error', code: 'data-class-count', nodeId: dense ?? a.outputId ?? undefined, param: dense ? 'units' : undefined,
      ...(outShape.length !== 1
        ? say('problem.data-output-shape', { shape: outShape.join('x'), data: name, classes: data.numClasses })
        : say('problem.data-class-count', { data: name, classes: data.numClasses, units: units ?? 0 })),
      fix: dense && outShape.length === 1 ? { kind: 'setParam', ...fixSay('fix.setUnits', { node: dense, classes: data.numClasses }), nodeId: dense, param: 'units', value: data.numClasses } : undefined,
    });
  }
  return out;
}
