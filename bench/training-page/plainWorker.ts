// The baseline: a plain tfjs training loop in a Worker (same model, data, batch size, optimizer and
// backend as the app's trainer), with nothing else: no metrics stream, no probes, no NaN snapshots.
/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import { compile } from '../../shared/graph';
import { gunzipIfNeeded, idxPairToDataset, makeBatch, MNIST_FILES } from '../../shared/data';
import { installFastCpuKernels } from '../../shared/kernels';
import { lenet5Mnist } from '../../templates/lenet';

self.onmessage = async (
  ev: MessageEvent<{ baseUrl: string; backend: 'webgl' | 'cpu'; n: number; batchSize: number }>,
) => {
  const { baseUrl, backend, n, batchSize } = ev.data;
  if (backend === 'webgl') {
    tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
    await tf.setBackend('webgl');
  } else {
    await tf.setBackend('cpu');
    installFastCpuKernels(tf);
  }
  await tf.ready();
  const get = async (f: string) =>
    gunzipIfNeeded(new Uint8Array(await (await fetch(new URL(`data/mnist/${f}.gz`, baseUrl))).arrayBuffer()));
  const d = idxPairToDataset(await get(MNIST_FILES.trainImages), await get(MNIST_FILES.trainLabels), {
    name: 'MNIST',
    numClasses: 10,
    limit: n,
  });
  const c = compile(lenet5Mnist(), tf, { seed: 1 });
  if (!c.ok) throw new Error('compile failed');
  const model = c.model,
    opt = tf.train.adam(0.001);
  const idx = Uint32Array.from({ length: n }, (_, i) => i);
  const t0 = performance.now();
  let tFirst = 0;
  for (let s = 0, b = 0; s + batchSize <= n; s += batchSize, b++) {
    const batch = makeBatch(d, idx, s, batchSize, { kind: 'unit' });
    const loss = tf.tidy(() => {
      const xs = tf.tensor4d(batch.x, [batchSize, 28, 28, 1]);
      const ys = tf.oneHot(tf.tensor1d(batch.y, 'int32'), 10).toFloat();
      return opt.minimize(
        () => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar,
        true,
      )!;
    });
    await loss.data();
    loss.dispose();
    if (b === 0) tFirst = performance.now();
  }
  const t1 = performance.now();
  const batches = Math.floor(n / batchSize);
  postMessage({
    firstStepMs: tFirst - t0,
    samplesPerSec: ((batches - 1) * batchSize * 1000) / (t1 - tFirst),
    backend: tf.getBackend(),
  });
};
