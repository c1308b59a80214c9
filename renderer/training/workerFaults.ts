// Faults the e2e harness injects into the training worker (e2e/training-recovery.e2e.ts). Test-only: worker.ts
// loads this file (its own chunk) only when the app started the worker with `faults: true`, which only the
// standalone page's ?testHooks does; the shipped app never loads it and its protocol (ToWorker) has no fault
// messages. The main-thread side is testHooks.ts.
import type { TrainingRuntime } from './runtime';

export type FaultMessage =
  /** Lose tfjs's WebGL context for real (WEBGL_lose_context), the same path a GPU reset takes. */
  | { readonly type: 'fault'; readonly fault: 'loseContext' }
  /** The next batch of the run busy-loops forever (a worker that never answers): only the app's liveness check can end it. */
  | { readonly type: 'fault'; readonly fault: 'hang' };

/** Installs the fault interface on `runtime` and returns the handler for fault messages. */
export function installFaults(runtime: TrainingRuntime): (m: unknown) => void {
  let hang = false;
  runtime.faults = {
    batch() {
      if (hang)
        for (;;) {
          /* busy forever, as a pathological op would be */
        }
    },
  };
  return (raw) => {
    const m = raw as FaultMessage;
    if (m.type !== 'fault') return;
    if (m.fault === 'hang') {
      hang = true;
      return;
    }
    const gl = runtime.webgl,
      ext = gl ? gl.getExtension('WEBGL_lose_context') : null;
    if (ext) ext.loseContext();
    else runtime.reportError(new Error('debugLoseContext: the WebGL backend is not in use.'));
  };
}
