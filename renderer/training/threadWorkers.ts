// The browser's side of the fast CPU kernels' threads (shared/kernels/threads.ts): nested Web Workers started from
// a blob URL inside the training Worker. They share the kernels' WebAssembly.Memory, which needs a cross-origin
// isolated page (COOP same-origin + COEP require-corp: vite.config.ts, electron/ app:// protocol); elsewhere the
// kernels run on one thread and the panel says why.
// threads.ts, not the kernels' index: the panel imports this file too, and must not pull in the kernels.
import { autoThreads, MAX_THREADS, type WorkerFactory } from '../../shared/kernels/threads';

interface WorkerScope {
  Worker: new (url: string, opts?: { name?: string }) => { postMessage(m: unknown): void; terminate(): void };
  Blob: new (parts: string[], opts: { type: string }) => object;
  URL: { createObjectURL(b: object): string; revokeObjectURL(u: string): void };
  navigator?: { hardwareConcurrency?: number };
}

export const webThreadWorkers: WorkerFactory = (source) => {
  const g = globalThis as unknown as WorkerScope;
  const url = g.URL.createObjectURL(
    new g.Blob([`self.onmessage = (e) => (${source})(e.data);`], { type: 'text/javascript' }),
  );
  try {
    return new g.Worker(url, { name: 'fast-cpu thread' });
  } finally {
    // the worker has fetched its script by the time it runs; revoking later keeps the URL alive long enough
    setTimeout(() => g.URL.revokeObjectURL(url), 10_000);
  }
};

/** hardwareConcurrency - 1, at least 1. */
export function webAutoThreads(): number {
  return autoThreads((globalThis as unknown as WorkerScope).navigator?.hardwareConcurrency);
}

/** The counts the Train panel offers: 1 to the core count. */
export function threadChoices(): number[] {
  const cores = (globalThis as unknown as WorkerScope).navigator?.hardwareConcurrency ?? 1;
  return Array.from({ length: Math.min(MAX_THREADS, Math.max(1, cores)) }, (_, i) => i + 1);
}
