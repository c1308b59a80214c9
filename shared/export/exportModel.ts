// One entry point for the menu, the dialog and the CLI: format name -> files.
import type * as tfjs from '@tensorflow/tfjs';
import type { GraphDoc } from '../graph';
import { exportOnnx } from './onnx/export';
import { DEFAULT_TRAIN_SETUP, exportPytorch, type TrainSetup } from './pytorch/export';
import { exportTfjs } from './tfjs';
import type { ExportFile, WeightMap } from './types';

export const EXPORT_FORMATS = {
  tfjs: { label: 'TensorFlow.js Layers model', files: 'model.json + weights.bin' },
  onnx: { label: 'ONNX (opset 13, NCHW input)', files: 'model.onnx' },
  pytorch: { label: 'PyTorch module + train.py', files: 'model.py, model.weights.json/.bin, train.py, README.md' },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

export async function exportModel(format: ExportFormat, doc: GraphDoc, weights: WeightMap, tf: typeof tfjs, setup: TrainSetup = DEFAULT_TRAIN_SETUP): Promise<ExportFile[]> {
  switch (format) {
    case 'tfjs': return exportTfjs(doc, weights, tf);
    case 'onnx': return exportOnnx(doc, weights);
    case 'pytorch': return exportPytorch(doc, weights, setup);
  }
}
