// One entry point for the menu, the dialog and the CLI: format name -> files.
import type * as tfjs from '@tensorflow/tfjs';
import type { GraphDoc } from '../graph';
import { exportOnnx } from './onnx/export';
import { DEFAULT_TRAIN_SETUP, exportPytorch, type TrainSetup } from './pytorch/export';
import { exportTfjs } from './tfjs';
import { exportFileNamesProblem } from './fileNames';
import { ExportError, type ExportFile, type WeightMap } from './types';

export const EXPORT_FORMATS = {
  tfjs: { label: 'TensorFlow.js Layers model', files: 'model.json + weights.bin' },
  onnx: { label: 'ONNX (opset 13, NCHW input)', files: 'model.onnx' },
  pytorch: { label: 'PyTorch module + train.py', files: 'model.py, model.weights.json/.bin, train.py, README.md' },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

function produce(
  format: ExportFormat,
  doc: GraphDoc,
  weights: WeightMap,
  tf: typeof tfjs,
  setup: TrainSetup,
): Promise<ExportFile[]> | ExportFile[] {
  switch (format) {
    case 'tfjs':
      return exportTfjs(doc, weights, tf);
    case 'onnx':
      return exportOnnx(doc, weights);
    case 'pytorch':
      return exportPytorch(doc, weights, setup);
  }
}

export async function exportModel(
  format: ExportFormat,
  doc: GraphDoc,
  weights: WeightMap,
  tf: typeof tfjs,
  setup: TrainSetup = DEFAULT_TRAIN_SETUP,
): Promise<ExportFile[]> {
  const files = await produce(format, doc, weights, tf, setup);
  const problem = exportFileNamesProblem(files.map((f) => f.name));
  if (problem) throw new ExportError(`Cannot export to ${format}: ${problem}`);
  return files;
}
