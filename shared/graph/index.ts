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
  newNodeParams,
} from './catalogue';
export type { LayerDef, Category, Preset } from './layer';
export { shapeText } from './layer';
export { analyse, LARGE_DENSE_WEIGHTS } from './analyse';
export { fusedActivationOf } from './activations';
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
export { diffGraphs, isEmptyDiff, type GraphDiff, type NodeChange, type ParamChange, type EdgeRef } from './diff';
export { formatRF, formatCount, formatSI, formatBytes, quoteValue, clipText, MAX_QUOTED_CHARS } from './format';
export {
  groupNodes,
  ungroup,
  setGroupCollapsed,
  pruneGroups,
  groupOfNode,
  groupSummary,
  groupSummaries,
  groupShapeText,
  newGroupId,
  MAX_GROUPS,
  type GroupSummary,
} from './groups';
