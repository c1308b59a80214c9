// Opening a TF.js Layers model in the app: the pure importer, then the weights in the order the
// training worker uses (model.getWeights()), so training can continue from them.
import type * as tfjs from '@tensorflow/tfjs';
import { compile, type GraphDoc } from '../../shared/graph';
import { importTfjsModel, ImportError, type ExportTensor } from '../../shared/export';
import type { WeightsBlob } from './exportRun';

/** The named weights as a WeightsBlob for `doc` (every weight must be present with its shape). */
export function weightsBlobFor(
  tf: typeof tfjs,
  doc: GraphDoc,
  weights: ReadonlyMap<string, ExportTensor>,
): WeightsBlob {
  const c = compile(doc, tf);
  if (!c.ok)
    throw new ImportError(
      `The imported graph has problems: ${c.problems
        .slice(0, 3)
        .map((p) => p.message)
        .join(' ')}`,
    );
  try {
    const shapes: number[][] = [],
      data: Float32Array[] = [];
    for (const v of c.model.weights) {
      const parts = v.originalName.split('/');
      const name = `${parts[parts.length - 2]}/${parts[parts.length - 1]}`;
      const w = weights.get(name);
      if (!w || w.shape.join('x') !== v.shape.join('x'))
        throw new ImportError(`The model's weights do not fit the imported graph at ${name}.`);
      shapes.push([...w.shape]);
      data.push(w.data);
    }
    return { shapes, data };
  } finally {
    c.model.dispose();
  }
}

/** Reads model.json and its weight files from the picked files (weights matched by file name). */
export async function importPickedFiles(
  tf: typeof tfjs,
  files: readonly File[],
): Promise<{ doc: GraphDoc; weights: WeightsBlob; warnings: readonly string[] }> {
  const json = files.find((f) => f.name.endsWith('.json'));
  if (!json) throw new ImportError('Select the model.json file together with its weight files (*.bin).');
  const bytes = new Map<string, Uint8Array>();
  for (const f of files) if (f !== json) bytes.set(f.name, new Uint8Array(await f.arrayBuffer()));
  const r = importTfjsModel(await json.text(), (p) => bytes.get(p.split('/').pop()!));
  return { doc: r.doc, weights: weightsBlobFor(tf, r.doc, r.weights), warnings: r.warnings };
}
