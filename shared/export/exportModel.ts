// One entry point for the menu, the dialog and the CLI: format name -> files.
import { msg } from '../i18n/msg';
import type * as tfjs from '@tensorflow/tfjs';
import { compile, type GraphDoc } from '../graph';
import { exportOnnx } from './onnx/export';
import { DEFAULT_TRAIN_SETUP, exportPytorch, type TrainSetup } from './pytorch/export';
import { exportTfjs } from './tfjs';
import { exportFileNamesProblem } from './fileNames';
import type { ExportOptions } from './options';
import { ExportError, type ExportFile, type WeightMap } from './types';
import { weightsFromModel } from './weights';

export const EXPORT_FORMATS = {
  tfjs: { label: 'TensorFlow.js Layers model', files: 'model.json + weights.bin' },
  onnx: { label: 'ONNX (opset 13, NCHW input)', files: 'model.onnx' },
  pytorch: {
    label: 'PyTorch module + train.py',
    files: 'model.py, model.weights.json/.bin, train.py, README.md (+ run.json, initial weights)',
  },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

/** The weights a recorded run started from: the graph compiled with the run's seed, as training did. */
function initialWeights(doc: GraphDoc, tf: typeof tfjs, seed: number): WeightMap | undefined {
  const c = compile(doc, tf, { seed });
  if (!c.ok) return undefined;
  try {
    return weightsFromModel(c.model);
  } finally {
    c.model.dispose();
  }
}

function produce(
  format: ExportFormat,
  doc: GraphDoc,
  weights: WeightMap,
  tf: typeof tfjs,
  setup: TrainSetup,
  o: ExportOptions,
): Promise<ExportFile[]> | ExportFile[] {
  switch (format) {
    case 'tfjs':
      return exportTfjs(doc, weights, tf, o);
    case 'onnx':
      return exportOnnx(doc, weights, o);
    case 'pytorch':
      return exportPytorch(
        doc,
        weights,
        setup,
        o,
        o.record ? initialWeights(doc, tf, o.record.training.seed) : undefined,
      );
  }
}

/**
 * The files of `format` for this graph and weights. With `o.record` (the run that trained them) every format
 * carries the run's preprocessing and the record; see ExportOptions for the input and output choices.
 */
export async function exportModel(
  format: ExportFormat,
  doc: GraphDoc,
  weights: WeightMap,
  tf: typeof tfjs,
  setup: TrainSetup = DEFAULT_TRAIN_SETUP,
  o: ExportOptions = {},
): Promise<ExportFile[]> {
  if (format === 'tfjs' && o.output === 'logits') throw new ExportError(msg('errors3.export.tfjsLogits'));
  const files = await produce(format, doc, weights, tf, setup, o);
  const problem = exportFileNamesProblem(files.map((f) => f.name));
  if (problem) throw new ExportError(`Cannot export to ${format}: ${problem}`);
  return files;
}
