// Training: pure logic shared by the CLI (Node, tfjs cpu), the Worker (WebGL or cpu) and the benchmark.
export * from './config';
export {
  Trainer,
  makeOptimizer,
  type BatchMetrics,
  type EpochMetrics,
  type Evaluation,
  type TrainResult,
  type TrainerEvents,
  type TrainerInput,
  type StopReason,
} from './trainer';
export { resolveLoss, lossOf, type ResolvedLoss } from './loss';
export {
  makeProbe,
  probeNodes,
  quantise,
  kernelImages,
  topClass,
  type FeatureMap,
  type KernelImages,
  type Probe,
  type ProbePrediction,
} from './probe';
export { BoundedSeries, Ema, Throttle, type Point } from './series';
export { ProgressReporter, type BatchPoint, type Progress } from './reporter';
export { prepare, type Session, type Prepared, type PrepareOptions } from './session';
export * from './runRecord';
export { sha256, Sha256 } from './sha256';
export {
  diagnose,
  DOCTOR,
  type Diagnosis,
  type DoctorCode,
  type DoctorFix,
  type DoctorInput,
  type DoctorSample,
  type LayerStat,
  type LossPoint,
} from './doctor';
