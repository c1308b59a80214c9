// Test helpers shared by the kernel tests (not used at runtime).
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, expect } from 'vitest';
import { nodeThreadWorkers } from '../../cli/threadWorkers';
import { installFastCpuKernels, type FastCpuHandle, type FastCpuOptions } from './index';
import { buildResBlockNet } from './nets';

/** Deterministic uniform values in [lo, hi) (mulberry32). */
export function randArray(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = lo + (hi - lo) * u;
  }
  return out;
}

export function randTensor(shape: number[], seed: number, lo = -1, hi = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(randArray(n, seed, lo, hi), shape, 'float32');
}

/** Max |a - b| divided by max(1, max |b|): the "relative to magnitude" error the tests bound by 1e-4. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0,
    mag = 1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= diff)) diff = Number.isNaN(d) ? (Number.isNaN(a[i]) && Number.isNaN(b[i]) ? diff : Infinity) : d;
    mag = Math.max(mag, Math.abs(b[i]));
  }
  return diff / mag;
}

/** nets.ts's ResBlock net ([12, 12, 3] and 8 filters unless given), compiled for SGD 0.05 on categorical cross-entropy. */
export function sgdResBlockNet(inputShape?: [number, number, number], filters?: number): tf.LayersModel {
  const model = buildResBlockNet(tf as never, inputShape, filters) as unknown as tf.LayersModel;
  model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
  return model;
}

/** One-hot labels for a batch of `n`: example i is class (i * step) % classes. */
export function cyclicLabels(n: number, step = 1, classes = 10): tf.Tensor {
  return tf.tidy(() =>
    tf.oneHot(
      tf.tensor1d(
        Array.from({ length: n }, (_, i) => (i * step) % classes),
        'int32',
      ),
      classes,
    ),
  );
}

/** Two threads on the wasm core with Node's worker_threads (resident tensors on by default). */
export const TWO_THREADS: FastCpuOptions = { mode: 'wasm', threads: 2, workers: nodeThreadWorkers };

/**
 * The setup the kernel test files share: the cpu backend before the file's tests, and one fast-kernel install at a
 * time that the end of each test undoes (so a failed test never leaves our kernels on for the next one).
 * `defaults` are merged under each install's options.
 */
export function useFastCpu(defaults: FastCpuOptions = {}) {
  let handle: FastCpuHandle | null = null;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });
  afterEach(() => {
    handle?.uninstall();
    handle = null;
  });
  const install = (opts: FastCpuOptions = {}): FastCpuHandle => {
    handle?.uninstall();
    handle = installFastCpuKernels(tf, { ...defaults, ...opts });
    return handle;
  };
  return {
    /** The install now in place, if any. */
    get handle(): FastCpuHandle | null {
      return handle;
    },
    install,
    /** Installs and waits for the threads asked for (fails the test if they do not all start). */
    async installReady(opts: FastCpuOptions = {}): Promise<FastCpuHandle> {
      const h = install(opts);
      const want = opts.threads ?? defaults.threads ?? 1;
      expect(await h.threadsReady(), 'threads started').toBe(h.mode === 'wasm' ? want : 1);
      return h;
    },
    /** Stock kernels back. */
    uninstall(): void {
      handle?.uninstall();
      handle = null;
    },
  };
}
