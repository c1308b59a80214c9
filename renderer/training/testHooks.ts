// The e2e harness's hooks on the training page, as window.__training: the app's stores, the training API,
// and faults the shipped API does not have (lose the WebGL context, hang, crash, shorter liveness limits).
// Test-only: standalone.tsx loads this file (its own chunk) only with ?testHooks, and the worker accepts the
// fault messages only because that same flag made the app start it with `faults: true` (workerFaults.ts).
import { useEditor } from '../store/store';
import { appSupervisor, training, useTraining } from './trainingStore';
import type { Liveness } from './supervisor';
import type { FaultMessage } from './workerFaults';

export function installTestHooks(): void {
  const fault = (m: FaultMessage) => appSupervisor.sendRaw(m);
  const hooks = {
    ...training,
    /** Make the worker lose its WebGL context for real (WEBGL_lose_context), as a GPU reset does. */
    debugLoseContext() {
      fault({ type: 'fault', fault: 'loseContext' });
    },
    /** The worker's next batch busy-loops forever (it never answers again). */
    debugHang() {
      fault({ type: 'fault', fault: 'hang' });
    },
    /** Change how long a run may be silent; no argument restores the defaults. */
    setLiveness(patch: Partial<Liveness> | null = null) {
      appSupervisor.setLiveness(patch);
    },
    /** End the worker as if it had crashed (reported, then a fresh worker at once, as onerror does). */
    simulateCrash() {
      if (appSupervisor.alive)
        appSupervisor.gone(
          'The training worker crashed (simulated). The graph and the last weights are kept; load the data and start again.',
          'simulated',
        );
    },
  };
  (window as unknown as { __training: unknown }).__training = { training: hooks, useTraining, useEditor };
}
