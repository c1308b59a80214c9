// Opening an ONNX model or a TF.js Layers model in the app: the pure importer, then the weights in the order the
// training worker uses (model.getWeights()), so training can continue from them.
import type * as tfjs from '@tensorflow/tfjs';
import { compile, MAX_WEIGHT_BYTES, type GraphDoc } from '../../shared/graph';
import { importOnnxModel, importTfjsModel, ImportError, type ExportTensor } from '../../shared/export';
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

/** An ONNX file of at most the weights the validator allows (limits.ts) plus its graph. */
const MAX_ONNX_BYTES = MAX_WEIGHT_BYTES + (64 << 20);

/** Reads an .onnx file, or model.json and its weight files, from the picked files (weights matched by file name). */
export async function importPickedFiles(
  tf: typeof tfjs,
  files: readonly File[],
): Promise<{ doc: GraphDoc; weights: WeightsBlob; warnings: readonly string[] }> {
  const onnx = files.find((f) => /\.onnx$/i.test(f.name));
  if (onnx) {
    if (onnx.size > MAX_ONNX_BYTES)
      throw new ImportError(
        `${onnx.name} is ${(onnx.size / 2 ** 20).toFixed(0)} MiB; the editor opens models of at most ${MAX_ONNX_BYTES / 2 ** 20} MiB.`,
      );
    const r = importOnnxModel(new Uint8Array(await onnx.arrayBuffer()), onnx.name.replace(/\.onnx$/i, ''));
    return { doc: r.doc, weights: weightsBlobFor(tf, r.doc, r.weights), warnings: r.warnings };
  }
  const json = files.find((f) => f.name.endsWith('.json'));
  if (!json)
    throw new ImportError('Select an .onnx file, or a TF.js model.json together with its weight files (*.bin).');
  const bytes = new Map<string, Uint8Array>();
  for (const f of files) if (f !== json) bytes.set(f.name, new Uint8Array(await f.arrayBuffer()));
  const r = importTfjsModel(await json.text(), (p) => bytes.get(p.split('/').pop()!));
  return { doc: r.doc, weights: weightsBlobFor(tf, r.doc, r.weights), warnings: r.warnings };
}
