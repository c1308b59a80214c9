// Node's side of the fast CPU kernels' threads (shared/kernels/threads.ts): worker_threads from a source string.
import { availableParallelism, cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { autoThreads, type WorkerFactory } from '../shared/kernels';

/** Starts one worker_threads Worker running `source` on its first message. Unref'd: it never keeps a process alive. */
export const nodeThreadWorkers: WorkerFactory = (source) => {
  const w = new Worker(`require('node:worker_threads').parentPort.once('message', ${source});`, { eval: true });
  w.unref();
  return w;
};

/** cores - 1, at least 1. */
export function nodeAutoThreads(): number {
  return autoThreads(typeof availableParallelism === 'function' ? availableParallelism() : cpus().length);
}
