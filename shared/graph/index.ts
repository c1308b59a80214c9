// The graph engine's public API.
export * from './types';
export * from './params';
export {
  CATALOGUE,
  LAYER_TYPES,
  CATEGORY_ORDER,
  isLayerType,
  layerDef,
  defaultsFor,
  nearestAlternative,
} from './catalogue';
export type { LayerDef, Category, Preset } from './layer';
export { shapeText } from './layer';
export { analyse, LARGE_DENSE_WEIGHTS } from './analyse';
export { MAX_DEPTH, MAX_TENSOR_VALUES, MAX_WEIGHT_BYTES } from './limits';
export { compile, layerName, nodeSeed, type CompileResult, type CompileOptions } from './compile';
export {
  parseProject,
  loadProject,
  serializeProject,
  emptyDoc,
  NODE_ID,
  CURRENT_VERSION,
  FILE_EXTENSION,
  type LoadResult,
} from './document';
export * from './edit';
export { formatRF, formatCount, formatSI, formatBytes, quoteValue, clipText, MAX_QUOTED_CHARS } from './format';
