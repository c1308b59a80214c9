// Minimal structural types for what the kernels touch, so callers pass their own tf instance (Node or Worker)
// and this module never imports tfjs at runtime.
import type * as tfType from '@tensorflow/tfjs';

export type TF = typeof tfType;

export interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: string;
}

export interface Backend {
  data: { get(dataId: object): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: string, values?: Float32Array | Int32Array): TensorInfo;
  disposeIntermediateTensorInfo?(t: TensorInfo): void;
}

export interface KernelArgs {
  inputs: Record<string, TensorInfo | null | undefined>;
  backend: Backend;
  attrs: Record<string, any>;
}

export type KernelFn = (args: KernelArgs) => TensorInfo | TensorInfo[];
