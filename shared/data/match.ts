// Does the data fit the graph? A mismatch is a Problem like any other, with one-click fixes:
// set the Input to the data's shape; set the last Dense's units to the class count.
import type { Analysis, GraphDoc, Problem } from '../graph';

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
  const name = data.name ?? 'The data set';
  if (a.inputId) {
    const input = doc.nodes.find((n) => n.id === a.inputId)!;
    const p = input.params as Record<string, unknown>;
    const h = Number(p.height), w = Number(p.width), c = Number(p.channels);
    if (h !== data.height || w !== data.width || c !== data.channels) {
      out.push({
        severity: 'error', code: 'data-input-shape', nodeId: input.id, param: 'height',
        message: `${name} has ${data.height}x${data.width}x${data.channels} images but the Input ${input.id} expects ${h}x${w}x${c}.`,
        fix: { kind: 'setParam', label: `Set Input to ${data.height}x${data.width}x${data.channels}`, nodeId: input.id, param: 'height', value: data.height, also: { width: data.width, channels: data.channels } },
      });
    }
  }
  const outShape = a.outputId ? a.nodes.get(a.outputId)?.shape : null;
  const units = outShape ? outShape[outShape.length - 1] : undefined;
  if (outShape && (outShape.length !== 1 || units !== data.numClasses)) {
    const dense = lastDense(doc, a);
    out.push({
      severity: 'error', code: 'data-class-count', nodeId: dense ?? a.outputId ?? undefined, param: dense ? 'units' : undefined,
      message: outShape.length !== 1
        ? `The output has shape ${outShape.join('x')}; ${name} needs one score per class (${data.numClasses}): end with Flatten and Dense(${data.numClasses}).`
        : `${name} has ${data.numClasses} classes but the output has ${units} units.`,
      fix: dense && outShape.length === 1 ? { kind: 'setParam', label: `Set ${dense} units to ${data.numClasses}`, nodeId: dense, param: 'units', value: data.numClasses } : undefined,
    });
  }
  return out;
}
