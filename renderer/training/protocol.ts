// The typed messages between the app (main thread) and the training Worker. Small and one-way each:
// the app sends the graph, the data choice and hyperparameters; the worker streams throttled metrics,
// feature maps and results back. Large buffers (file bytes, weights) are transferred, not copied.
import type { DataKind } from '../../shared/data';
import type { GraphDoc, Problem } from '../../shared/graph';
import type {
  TrainConfig,
  EpochMetrics,
  FeatureMap,
  KernelImages,
  BatchPoint,
  Progress,
  RunRecord,
  ProbePrediction,
} from '../../shared/train';
import type { EffectiveRF, UnitRef } from '../../shared/train/erf';
import type { DoctorSample } from '../../shared/train/doctor';
import type { WindowData } from '../../shared/train/convExplain';
import type { StepView } from '../../shared/train/stepOnce';
import type { Msg } from '../../shared/i18n/msg';

export type { BatchPoint, Progress } from '../../shared/train';

export type BackendChoice = 'auto' | 'webgl' | 'cpu';

export type DataSpec =
  | { readonly kind: 'mnist'; readonly limit?: number; readonly testLimit?: number }
  /** The full CIFAR-10 that `npm run get-cifar10` puts in data/cifar10 (served under data/cifar10/ when present). */
  | { readonly kind: 'cifar10'; readonly limit?: number; readonly testLimit?: number }
  | { readonly kind: 'synthetic'; readonly n: number; readonly size: number; readonly channels: number }
  | {
      readonly kind: 'idx';
      readonly name: string;
      readonly images: ArrayBuffer;
      readonly labels: ArrayBuffer;
      readonly testImages?: ArrayBuffer;
      readonly testLabels?: ArrayBuffer;
    }
  | {
      readonly kind: 'cifar-sprite';
      readonly name: string;
      readonly png: Blob;
      readonly labels: readonly number[] | readonly (readonly number[])[];
    }
  | {
      readonly kind: 'folder';
      readonly name: string;
      readonly files: readonly { readonly className: string; readonly file: Blob; readonly name: string }[];
      readonly height: number;
      readonly width: number;
      readonly channels: number;
      /** What the host left out before the Worker saw the folder (links leading outside it...), shown as a warning. */
      readonly skipped?: readonly string[];
    };

export interface DataSummary {
  /** Which source it came from: the exporters read this, never the display name. */
  readonly kind: DataKind;
  /** Display name, e.g. `CIFAR-10` or an IDX pair's or folder's name. */
  readonly name: string;
  readonly n: number;
  readonly testN: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly numClasses: number;
  readonly classNames: readonly string[];
  /** What the loader skipped and why (e.g. image files that could not be decoded); shown with the summary. */
  readonly warnings?: readonly string[];
}

export interface StartRequest {
  readonly doc: GraphDoc;
  readonly config: TrainConfig;
  readonly valFraction: number;
  /** Train on at most this many images. */
  readonly limit?: number;
  /** Continue from the weights the worker (or `weights`) holds instead of fresh ones. */
  readonly continueFrom?: WeightsBlob | null;
}

/** Model weights, in model.getWeights() order. */
export interface WeightsBlob {
  readonly shapes: number[][];
  readonly data: Float32Array[];
}

export type ToWorker =
  /** `faults`: only from the e2e harness's page (?testHooks): the worker then loads its fault handler (workerFaults.ts). */
  | {
      readonly type: 'init';
      readonly baseUrl: string;
      readonly backend: BackendChoice;
      /** Threads for the fast CPU kernels; absent: automatic (cores - 1). */
      readonly threads?: number;
      readonly faults?: boolean;
    }
  | { readonly type: 'load'; readonly data: DataSpec }
  | { readonly type: 'cancelLoad' }
  | { readonly type: 'start'; readonly req: StartRequest }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'stop' }
  /** Choose the probe image: its maps come at the next batch of a run, or at once when a trained model is idle. */
  | { readonly type: 'pickProbe'; readonly pick: ProbePick }
  /** Follow one unit's effective receptive field on the probe image (null: none): sent now and with every probe. */
  | { readonly type: 'watchUnit'; readonly unit: UnitRef | null }
  /** One batch, step by step, for one layer (only between runs, with a trained or started model). */
  | { readonly type: 'stepOnce'; readonly nodeId: string };

/**
 * How the user picks the probe image: step through the current list (the validation images once a run has
 * split the data, the training set before), a random one of it, or one image by index (a misclassified
 * example: `train` indexes the loaded training set, `test` the test set).
 */
export type ProbePick =
  | { readonly kind: 'step'; readonly delta: number }
  | { readonly kind: 'random' }
  | { readonly kind: 'image'; readonly source: 'train' | 'test'; readonly index: number };

/** The probe image and where it comes from, for the panel. */
export interface ProbeInfo {
  readonly pixels: Uint8Array;
  readonly label: number;
  readonly source: 'train' | 'test';
  readonly index: number;
  /** The list ◀ ▶ step through, and the image's place in it (0-based; -1 when the image is not in it). */
  readonly list: 'training' | 'validation' | 'test';
  readonly position: number;
  readonly of: number;
}

export interface EvaluationMsg {
  readonly which: 'validation' | 'test';
  readonly loss: number;
  readonly accuracy: number;
  readonly n: number;
  readonly confusion: number[][];
  /** Misclassified examples with their pixels (bytes, HxWxC) so the panel can show them. */
  readonly misclassified: {
    label: number;
    predicted: number;
    confidence: number;
    pixels: Uint8Array;
    source: 'train' | 'test';
    index: number;
  }[];
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

export type RunState =
  | 'idle'
  | 'loading'
  | 'ready'
  | 'starting'
  | 'training'
  | 'paused'
  | 'stopping'
  | 'done'
  | 'stopped'
  | 'diverged'
  | 'failed';

export type FromWorker =
  | {
      readonly type: 'backend';
      readonly name: 'webgl' | 'cpu';
      /** The renderer's name, or a message (the panel shows it in the user's language). */
      readonly detail: string | Msg;
      /** cpu: the threads the kernels actually run on. */
      readonly threads?: number;
      readonly notice?: string | Msg;
    }
  | { readonly type: 'loadProgress'; readonly done: number; readonly total: number; readonly phase?: Msg }
  | { readonly type: 'loaded'; readonly summary: DataSummary; readonly probe: ProbeInfo }
  | { readonly type: 'probeImage'; readonly probe: ProbeInfo }
  | { readonly type: 'loadError'; readonly message: string | Msg }
  | { readonly type: 'problems'; readonly problems: Problem[] }
  | { readonly type: 'state'; readonly state: RunState; readonly message?: string | Msg }
  | { readonly type: 'metrics'; readonly points: BatchPoint[]; readonly progress: Progress }
  | { readonly type: 'epoch'; readonly m: EpochMetrics }
  | {
      readonly type: 'probe';
      readonly step: number;
      readonly maps: FeatureMap[];
      readonly kernels: KernelImages | null;
      /** The network's class for the probe image with these weights (null without a class output). */
      readonly prediction?: ProbePrediction | null;
    }
  | { readonly type: 'evaluation'; readonly e: EvaluationMsg }
  /** The result of stepOnce (or why there is none). */
  | { readonly type: 'stepView'; readonly view?: StepView; readonly error?: string; readonly errorMsg?: Msg }
  /** The training doctor's per-layer statistics, sampled now and then during a run. */
  | { readonly type: 'doctor'; readonly sample: DoctorSample }
  /** The watched unit's effective receptive field for the current weights (or why there is none). */
  | {
      readonly type: 'erf';
      readonly unit: UnitRef;
      readonly step: number;
      readonly erf?: EffectiveRF;
      readonly error?: string;
      /** `error` as a message for the user's locale, when it has one. */
      readonly errorMsg?: Msg;
      /** For a convolution or pooling unit: its window, kernel and value, to work it out (null: not one). */
      readonly work?: WindowData | null;
      readonly workError?: string;
      readonly workErrorMsg?: Msg;
    }
  /**
   * A validation or test pass is moving (throttled; once before its first batch): `batchMs` is the slowest batch
   * since the last message, so the app knows how long this worker may be silent while evaluating.
   */
  | {
      readonly type: 'evalProgress';
      readonly which: 'validation' | 'test';
      readonly done: number;
      readonly total: number;
      readonly batchMs: number;
    }
  | { readonly type: 'weights'; readonly weights: WeightsBlob }
  /** The finished run's record (shared/train/runRecord.ts): after its evaluation. */
  | { readonly type: 'record'; readonly record: RunRecord }
  | { readonly type: 'firstStep'; readonly ms: number }
  | { readonly type: 'error'; readonly message: string | Msg }
  /** The worker cannot go on (its WebGL context was lost): the app ends it and starts a new one; weights and graph stay. */
  | { readonly type: 'fatal'; readonly message: string | Msg };
