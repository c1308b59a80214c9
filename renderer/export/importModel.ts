// Opening an ONNX model or a TF.js Layers model in the app: the pure importer, then the weights in the order the
// training worker uses (model.getWeights()), so training can continue from them.
import type * as tfjs from '@tensorflow/tfjs';
import { compile, MAX_WEIGHT_BYTES, type GraphDoc } from '../../shared/graph';
import {
  BUNDLE_FORMAT,
  decodeBundle,
  importOnnxModel,
  type OnnxImportOptions,
  importTfjsModel,
  ImportError,
  type ExportTensor,
} from '../../shared/export';
import { loadRunRecord, RUN_RECORD_FORMAT } from '../../shared/train/runRecord';
import { currentT } from '../i18n';
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
      currentT().t('ui.importModel.problems', {
        problems: c.problems
          .slice(0, 3)
          .map((p) => currentT().msg(p.msg))
          .join(' '),
      }),
    );
  try {
    const shapes: number[][] = [],
      data: Float32Array[] = [];
    for (const v of c.model.weights) {
      const parts = v.originalName.split('/');
      const name = `${parts[parts.length - 2]}/${parts[parts.length - 1]}`;
      const w = weights.get(name);
      if (!w || w.shape.join('x') !== v.shape.join('x'))
        throw new ImportError(currentT().t('ui.importModel.misfit', { name }));
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

/**
 * Reads what the user picked: an .onnx file, a TF.js model.json with its weight files (the graph opens as a new document), or
 * train.py's trained.weights.json + .bin (tfjs layout) whose graph is a picked run.json's, else the open one.
 */
export async function importPickedFiles(
  tf: typeof tfjs,
  files: readonly File[],
  openDoc?: GraphDoc,
  onnxOptions: OnnxImportOptions = {},
): Promise<{ doc: GraphDoc; weights: WeightsBlob; warnings: readonly string[]; weightsOnly: boolean }> {
  const onnx = files.find((f) => /\.onnx$/i.test(f.name));
  if (onnx) {
    if (onnx.size > MAX_ONNX_BYTES)
      throw new ImportError(
        currentT().t('ui.importModel.tooLarge', {
          file: onnx.name,
          mib: (onnx.size / 2 ** 20).toFixed(0),
          max: String(MAX_ONNX_BYTES / 2 ** 20),
        }),
      );
    const r = importOnnxModel(new Uint8Array(await onnx.arrayBuffer()), onnx.name.replace(/\.onnx$/i, ''), onnxOptions);
    return { doc: r.doc, weights: weightsBlobFor(tf, r.doc, r.weights), warnings: r.warnings, weightsOnly: false };
  }
  const jsons = await Promise.all(
    files.filter((f) => f.name.endsWith('.json')).map(async (f) => ({ file: f, text: await f.text() })),
  );
  const parsed = jsons.map((j) => {
    try {
      return { ...j, value: JSON.parse(j.text) as unknown };
    } catch {
      return { ...j, value: null };
    }
  });
  const formatOf = (v: unknown) => (v && typeof v === 'object' ? (v as { format?: unknown }).format : undefined);
  const bundle = parsed.find((j) => formatOf(j.value) === BUNDLE_FORMAT);
  if (bundle) {
    const binName = bundle.file.name.replace(/\.json$/, '.bin');
    const bin = files.find((f) => f.name === binName);
    if (!bin) throw new ImportError(currentT().t('ui.importModel.needBin', { bin: binName, file: bundle.file.name }));
    const run = parsed.find((j) => formatOf(j.value) === RUN_RECORD_FORMAT);
    const doc = run ? loadRunRecord(run.value, run.file.name).graph.doc : openDoc;
    if (!doc) throw new ImportError(currentT().t('ui.importModel.weightsOnly', { file: bundle.file.name }));
    const weights = decodeBundle(bundle.value, new Uint8Array(await bin.arrayBuffer()), bundle.file.name);
    try {
      return { doc, weights: weightsBlobFor(tf, doc, weights), warnings: [], weightsOnly: !run };
    } catch (e) {
      throw new ImportError(
        currentT().t(run ? 'ui.importModel.notFitRun' : 'ui.importModel.notFitOpen', {
          file: bundle.file.name,
          run: run?.file.name ?? '',
          error: (e as Error).message,
        }),
      );
    }
  }
  const json = parsed.find((j) => formatOf(j.value) !== RUN_RECORD_FORMAT) ?? parsed[0];
  if (!json) throw new ImportError(currentT().t('ui.importModel.nothing'));
  const bytes = new Map<string, Uint8Array>();
  for (const f of files) if (!f.name.endsWith('.json')) bytes.set(f.name, new Uint8Array(await f.arrayBuffer()));
  const r = importTfjsModel(json.text, (p) => bytes.get(p.split('/').pop()!));
  return { doc: r.doc, weights: weightsBlobFor(tf, r.doc, r.weights), warnings: r.warnings, weightsOnly: false };
}
