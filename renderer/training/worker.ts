// The training Worker's entry point: tfjs on WebGL (OffscreenCanvas) or the cpu backend with the fast kernels,
// the shared trainer, and throttled messages to the app, all in one TrainingRuntime (runtime.ts). The main
// thread never runs tfjs for training.
/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import type { FromWorker, ToWorker } from './protocol';
import { TrainingRuntime } from './runtime';

const TYPES: ReadonlySet<string> = new Set<ToWorker['type']>([
  'init',
  'load',
  'cancelLoad',
  'start',
  'pause',
  'resume',
  'stop',
  'pickProbe',
  'watchUnit',
  'stepOnce',
]);
const isProtocol = (m: { type: string }): m is ToWorker => TYPES.has(m.type);

function serve(scope: DedicatedWorkerGlobalScope): void {
  const runtime = new TrainingRuntime(tf, (m: FromWorker, transfer: Transferable[] = []) =>
    scope.postMessage(m, transfer),
  );
  /**
   * The e2e harness's fault handler (workerFaults.ts). It is loaded, as its own chunk, only when the app started
   * this worker with `faults: true` (the standalone page's ?testHooks): the shipped app never loads it, and
   * messages outside ToWorker are dropped without it.
   */
  let faults: Promise<((m: unknown) => void) | null> = Promise.resolve(null);
  scope.onmessage = async (ev: MessageEvent<ToWorker>) => {
    const m = ev.data;
    try {
      if (m.type === 'init' && m.faults) faults = import('./workerFaults').then((f) => f.installFaults(runtime));
      if (isProtocol(m)) await runtime.handle(m);
      else (await faults)?.(m);
    } catch (e) {
      runtime.reportError(e as Error);
    }
  };
}

serve(self as unknown as DedicatedWorkerGlobalScope);
