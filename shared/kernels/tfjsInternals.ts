// Typed views of the tfjs internals the fast CPU kernels and the trainer reach, which tfjs's public typings leave
// out or type too loosely: kernel and gradient registries, the engine's runKernel and backends, the backend_util
// shape helpers. One place, so an `as any` is not spread over the kernels; each view
// states only what is used, and tfjs upgrades that change these are caught by the kernel tests.
import type { ConvInfoLike } from './conv';
import type { TF } from './types';

/** A tensor as a gradient function sees it. */
export interface GradTensor {
  readonly shape: number[];
  readonly rank: number;
  readonly size: number;
  readonly dtype: string;
}

export type GradFunc = (
  dy: GradTensor,
  saved: GradTensor[],
  attrs: Record<string, unknown>,
) => Record<string, () => unknown>;

/** tfjs's GradConfig: which kernel it differentiates and how. */
export interface GradConfig {
  kernelName: string;
  inputsToSave?: string[];
  outputsToSave?: boolean[];
  gradFunc: GradFunc;
}

/** tfjs's KernelConfig, as registered and looked up. */
export interface KernelConfigLike {
  kernelName: string;
  backendName: string;
  kernelFunc: (...args: never[]) => unknown;
  [k: string]: unknown;
}

export interface TfInternals {
  getKernel(name: string, backend: string): KernelConfigLike | undefined;
  registerKernel(config: KernelConfigLike): void;
  unregisterKernel(name: string, backend: string): void;
  getGradient(name: string): GradConfig | undefined;
  registerGradient(config: GradConfig): void;
  engine(): {
    runKernel(name: string, inputs: Record<string, unknown>, attrs: Record<string, unknown>): unknown;
    findBackend(name: string): unknown;
  };
  util: {
    sizeFromShape(shape: readonly number[]): number;
    parseAxisParam(axis: unknown, shape: readonly number[]): number[];
  };
  backend_util: {
    computeConv2DInfo(...args: unknown[]): ConvInfoLike;
    computePool2DInfo(...args: unknown[]): ConvInfoLike;
    assertAndGetBroadcastShape(a: readonly number[], b: readonly number[]): number[];
  };
}

/** The same tf instance, seen through its internals. */
export const tfInternals = (tf: TF): TfInternals => tf as unknown as TfInternals;
