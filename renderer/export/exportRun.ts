// What the Export dialog does, without React: name the trained weights, run the pure exporter,
// hand the files to the host (a folder on the desktop, downloads in the browser).
import type * as tfjs from '@tensorflow/tfjs';
import { compile, type GraphDoc } from '../../shared/graph';
import {
  DEFAULT_TRAIN_SETUP,
  exportModel,
  ExportError,
  trainSetupFrom,
  exportBaseName,
  type ExportFormat,
  type ExportOptions,
  type ExportTensor,
  type TrainSetup,
} from '../../shared/export';
import { weightsHash, type TrainConfig } from '../../shared/train';
import type { DataSummary } from '../training/protocol';
import type { Host } from '../host';
import { errorSays } from '../i18n';

/** Weights as the training worker sends them: in model.getWeights() order. */
export interface WeightsBlob {
  readonly shapes: number[][];
  readonly data: Float32Array[];
}

export type ExportOutcome =
  | {
      readonly kind: 'written';
      readonly folder: string | null;
      readonly files: readonly string[];
      readonly trained: boolean;
    }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * Names the weights (`layer/param`) by compiling the graph: the worker's list follows the model's
 * weight order. Without trained weights, the fresh initialisation of `seed` is exported.
 */
export function namedWeights(
  tf: typeof tfjs,
  doc: GraphDoc,
  blob: WeightsBlob | null,
  seed: number,
): Map<string, ExportTensor> {
  const c = compile(doc, tf, { seed });
  if (!c.ok)
    throw new ExportError(
      `The graph has errors: ${c.problems
        .slice(0, 3)
        .map((p) => p.message)
        .join(' ')}`,
    );
  try {
    const vars = c.model.weights;
    if (blob && blob.data.length !== vars.length)
      throw new ExportError(
        `The trained weights (${blob.data.length} tensors) do not belong to this graph (${vars.length}): train again or export the fresh weights.`,
      );
    const values = blob ? null : c.model.getWeights();
    const out = new Map<string, ExportTensor>();
    vars.forEach((v, i) => {
      const layer = v.originalName.split('/').slice(-2, -1)[0];
      const name = `${layer}/${v.originalName.split('/').pop()}`;
      out.set(
        name,
        blob
          ? { shape: blob.shapes[i], data: blob.data[i] }
          : { shape: [...values![i].shape], data: Float32Array.from(values![i].dataSync() as Float32Array) },
      );
    });
    return out;
  } finally {
    c.model.dispose();
  }
}

/**
 * What train.py reproduces: the run's configuration and the loaded data set, which train.py picks by the
 * summary's kind (its source in shared/data/sources.ts), never by its display name. No data loaded: the defaults.
 */
export function exportSetup(
  config: TrainConfig,
  data: Pick<DataSummary, 'kind' | 'name'> | null,
  valFraction: number,
): TrainSetup {
  return data
    ? trainSetupFrom(config, { kind: data.kind, name: data.name }, valFraction)
    : { ...DEFAULT_TRAIN_SETUP, seed: config.seed };
}

export async function runExport(
  format: ExportFormat,
  doc: GraphDoc,
  blob: WeightsBlob | null,
  setup: TrainSetup,
  tf: typeof tfjs,
  host: Pick<Host, 'exportFiles'>,
  options: ExportOptions = {},
): Promise<ExportOutcome> {
  try {
    const weights = namedWeights(tf, doc, blob, setup.seed);
    // The record describes these weights only if it is their run's (same network, same values).
    const record =
      blob && options.record && options.record.weights.hash === weightsHash(weights) ? options.record : null;
    const files = await exportModel(format, doc, weights, tf, setup, { ...options, record });
    // The folder dialog's title on the desktop, the zip's name in the browser (exportBaseName: the one rule);
    // the contract checks it as a file name: no "..", no dot first, not too long, whatever the project is called.
    const r = await host.exportFiles(
      exportBaseName(doc.metadata.name, format),
      files.map((f) => ({ name: f.name, bytes: f.bytes })),
    );
    if (!r) return { kind: 'cancelled' };
    return { kind: 'written', folder: r.folder, files: r.written, trained: blob !== null };
  } catch (e) {
    return { kind: 'failed', message: errorSays(e) };
  }
}
