// Exporters and importers: pure functions from a graph and its weights to files ({name, bytes})
// and back. Writing the files is the host's job (desktop folder, browser downloads, CLI).
export * from './types';
export {
  weightsFromModel,
  applyWeights,
  permute,
  encodeBundle,
  decodeBundle,
  BUNDLE_FORMAT,
  type BundleIndex,
  type BundleEntry,
} from './weights';
export { exportTfjs, TFJS_WEIGHTS_FILE } from './tfjs';
export { buildOnnx, exportOnnx, ONNX_OPSET, ONNX_INPUT, ONNX_OUTPUT } from './onnx/export';
export { buildTorchModel, exportPytorchModel, type TorchModel } from './pytorch/model';
export {
  exportPytorch,
  trainSetupFrom,
  trainSetupFromRecord,
  DEFAULT_TRAIN_SETUP,
  type TrainSetup,
} from './pytorch/export';
export { importTfjsModel, ImportError, type ImportResult } from './importTfjs';
export { importOnnxModel, type OnnxImportOptions } from './importOnnx';
export { serializeProjectWithWeights, parseProjectWithWeights, type ProjectWithWeights } from './project';
export { exportModel, EXPORT_FORMATS, type ExportFormat } from './exportModel';
export { exportFileNameProblem, exportFileNamesProblem, MAX_EXPORT_FILES, MAX_EXPORT_NAME_CHARS } from './fileNames';
export {
  META_INPUT,
  META_PREPROCESSING,
  META_RUN_RECORD,
  inputContract,
  type ExportOptions,
  type OutputKind,
} from './options';
export { exportBaseName, exportZipName } from './fileNames';
export { zipExport, unzipExport } from './zip';
