// Gradients, training parity with the stock backend, install/uninstall hygiene, leaks and bounded memory.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { installFastCpuKernels, type CoreMode } from './index';
import { buildLeNet5, buildResBlockNet } from './nets';
import { cyclicLabels, randArray, randTensor, relErr, sgdResBlockNet, useFastCpu } from './testutil';

const MODES: CoreMode[] = ['js', 'wasm'];
const fast = useFastCpu();

function withMode<T>(mode: CoreMode | 'stock', fn: () => T): T {
  if (mode !== 'stock') fast.install({ mode });
  try {
    return fn();
  } finally {
    fast.uninstall();
  }
}

/** Gradients of a scalar function of several tensors, as flat arrays. */
function grads(f: (...xs: tf.Tensor[]) => tf.Scalar, xs: tf.Tensor[]): Float32Array[] {
  const g = tf.grads(f as any);
  const out = g(xs) as tf.Tensor[];
  const vals = out.map((t) => t.dataSync() as Float32Array);
  tf.dispose(out);
  return vals;
}

describe('gradients through tf.grad match stock', () => {
  const x = randTensor([3, 11, 11, 3], 1),
    w1 = randTensor([3, 3, 3, 8], 2),
    b1 = randTensor([8], 3);
  const w2 = randTensor([1, 1, 8, 6], 4),
    w3 = randTensor([2, 2, 6, 5], 5),
    r = randTensor([3, 3, 3, 5], 6);
  const gamma = randTensor([6], 7, 0.5, 1.5),
    beta = randTensor([6], 8);
  // conv (same, s1) -> bias -> relu -> maxpool -> 1x1 conv -> BN over the batch (moments) -> avgpool -> strided conv
  const net = (x: tf.Tensor, w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, w3: tf.Tensor) =>
    tf.tidy(() => {
      let h = tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, w1 as tf.Tensor4D, 1, 'same'), b1));
      h = tf.maxPool(h as tf.Tensor4D, 2, 2, 'same');
      h = tf.conv2d(h as tf.Tensor4D, w2 as tf.Tensor4D, 1, 'valid');
      const { mean, variance } = tf.moments(h, [0, 1, 2]);
      h = tf.batchNorm(h, mean, variance, beta, gamma, 1e-3);
      h = tf.avgPool(h as tf.Tensor4D, 3, 1, 'same');
      h = tf.conv2d(h as tf.Tensor4D, w3 as tf.Tensor4D, [2, 2], 'same');
      return tf.sum(tf.mul(h, r)) as tf.Scalar;
    });

  it.each(MODES)('%s core: d/dx and d/dweights of a conv/pool/BN chain', (mode) => {
    const ref = withMode('stock', () => grads(net, [x, w1, b1, w2, w3]));
    const got = withMode(mode, () => grads(net, [x, w1, b1, w2, w3]));
    got.forEach((g, i) => expect(relErr(g, ref[i]), `input ${i}`).toBeLessThan(1e-4));
  });

  it.each(MODES)('%s core: fused FusedConv2D / dense gradients (linear activation path)', (mode) => {
    const dense = randTensor([45, 7], 9),
      db = randTensor([7], 10);
    const f = (x: tf.Tensor, w1: tf.Tensor, b1: tf.Tensor, dense: tf.Tensor, db: tf.Tensor) =>
      tf.tidy(() => {
        const h = tf.fused.conv2d({
          x: x as tf.Tensor4D,
          filter: w1 as tf.Tensor4D,
          strides: 2,
          pad: 'valid',
          bias: b1,
        });
        const flat = tf.reshape(tf.mean(h, [3]), [3, 25]);
        const z = tf.fused.matMul({
          a: tf.concat([flat, flat.slice([0, 0], [3, 20])], 1),
          b: dense as tf.Tensor2D,
          bias: db,
        });
        return tf.sum(tf.square(z)) as tf.Scalar;
      });
    const ref = withMode('stock', () => grads(f, [x, w1, b1, dense, db]));
    const got = withMode(mode, () => grads(f, [x, w1, b1, dense, db]));
    got.forEach((g, i) => expect(relErr(g, ref[i]), `input ${i}`).toBeLessThan(1e-4));
    tf.dispose([dense, db]);
  });

  it('finite differences agree with our conv gradient (independent of stock)', () => {
    fast.install({ mode: 'wasm' });
    const xs = tf.tensor4d(randArray(2 * 5 * 5 * 2, 11), [2, 5, 5, 2]);
    const ws = tf.tensor4d(randArray(3 * 3 * 2 * 3, 12), [3, 3, 2, 3]);
    const f = (w: tf.Tensor) =>
      tf.tidy(() => tf.sum(tf.square(tf.conv2d(xs, w as tf.Tensor4D, [2, 1], 'same'))) as tf.Scalar);
    const g = tf.grad(f)(ws);
    const gv = g.dataSync();
    const wv = ws.dataSync().slice();
    const eps = 1e-2;
    for (const i of [0, 7, 20, 53]) {
      const plus = wv.slice();
      plus[i] += eps;
      const minus = wv.slice();
      minus[i] -= eps;
      const fp = tf.tidy(() => f(tf.tensor4d(plus, [3, 3, 2, 3])).dataSync()[0]);
      const fm = tf.tidy(() => f(tf.tensor4d(minus, [3, 3, 2, 3])).dataSync()[0]);
      const fd = (fp - fm) / (2 * eps);
      expect(Math.abs(fd - gv[i]) / Math.max(1, Math.abs(gv[i]))).toBeLessThan(2e-2);
    }
    tf.dispose([xs, ws, g]);
  });
});

/** Runs `steps` SGD steps on fixed batches from fixed initial weights; returns the losses. */
async function trainLosses(
  build: () => tf.LayersModel,
  init: tf.Tensor[],
  inShape: number[],
  batch: number,
  steps: number,
  mode: CoreMode | 'stock',
): Promise<number[]> {
  if (mode !== 'stock') fast.install({ mode });
  const model = build();
  model.setWeights(init);
  model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const x = tf.tensor(randArray(batch * inShape.reduce((a, b) => a * b, 1), 1000 + s, 0, 1), [batch, ...inShape]);
    const labels = Array.from(randArray(batch, 2000 + s, 0, 10), (v) => Math.floor(v));
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
    losses.push(Number(await model.trainOnBatch(x, y)));
    tf.dispose([x, y]);
  }
  model.dispose();
  fast.uninstall();
  return losses;
}

describe('training parity with the stock cpu backend (same seed, same batches, 20 SGD steps)', () => {
  const cases = [
    {
      name: 'LeNet-5 (28x28x1, 61,706 params)',
      build: () => buildLeNet5(tf as any) as unknown as tf.LayersModel,
      inShape: [28, 28, 1],
      params: 61706,
    },
    {
      name: 'ResNet block with 1x1 projection and batch norm',
      build: () => buildResBlockNet(tf as any) as unknown as tf.LayersModel,
      inShape: [12, 12, 3],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const proto = c.build();
      if (c.params) expect(proto.countParams()).toBe(c.params);
      const init = proto.getWeights().map((w) => w.clone());
      proto.dispose();
      const stock = await trainLosses(c.build, init, c.inShape, 8, 20, 'stock');
      for (const mode of MODES) {
        const ours = await trainLosses(c.build, init, c.inShape, 8, 20, mode);
        const worst = Math.max(...ours.map((l, i) => Math.abs(l - stock[i])));
        expect(
          worst,
          `${mode}: ${ours.map((l) => l.toFixed(5))} vs stock ${stock.map((l) => l.toFixed(5))}`,
        ).toBeLessThan(1e-3);
      }
      expect(stock[19]).toBeLessThan(stock[0] + 1); // the run did train (sanity)
      tf.dispose(init);
    });
  }
});

describe('install hygiene', () => {
  it('uninstall restores the exact stock kernels and gradients; install is idempotent; modes switch', () => {
    const names = [
      'Conv2D',
      'FusedConv2D',
      'Conv2DBackpropFilter',
      'Conv2DBackpropInput',
      'MaxPool',
      'MaxPoolGrad',
      'AvgPool',
      'AvgPoolGrad',
      'BatchMatMul',
      '_FusedMatMul',
      'Sum',
      'Mean',
      'Add',
      'Multiply',
      'Relu',
      'Step',
      'FusedBatchNorm',
      'Tile',
    ];
    const before = new Map(names.map((n) => [n, tf.getKernel(n, 'cpu')]));
    const gradNames = ['FusedBatchNorm', 'Mean', 'Square', 'Relu'];
    const gradsBefore = new Map(gradNames.map((n) => [n, tf.getGradient(n)]));
    const a = installFastCpuKernels(tf, { mode: 'wasm' });
    expect(installFastCpuKernels(tf, { mode: 'wasm' })).toBe(a);
    expect(installFastCpuKernels(tf)).toBe(a);
    for (const n of names) {
      expect(a.kernels).toContain(n);
      expect(tf.getKernel(n, 'cpu')).not.toBe(before.get(n));
    }
    expect(a.gradients.sort()).toEqual([...gradNames].sort());
    const b = installFastCpuKernels(tf, { mode: 'js' });
    expect(b).not.toBe(a);
    expect(b.mode).toBe('js');
    b.uninstall();
    b.uninstall();
    a.uninstall();
    for (const n of names) expect(tf.getKernel(n, 'cpu')).toBe(before.get(n));
    for (const n of gradNames) expect(tf.getGradient(n)).toBe(gradsBefore.get(n));
    expect(tf.getKernel('FastCpuBatchNormGrad', 'cpu')).toBeUndefined();
  });

  it.each(MODES)('%s core: no tensor leaks over training steps; scratch memory stays bounded', async (mode) => {
    const handle = fast.install({ mode });
    const model = sgdResBlockNet();
    const x = randTensor([16, 12, 12, 3], 5, 0, 1);
    const y = cyclicLabels(16);
    await model.trainOnBatch(x, y);
    await model.trainOnBatch(x, y);
    const tensors = tf.memory().numTensors,
      heap = handle.heapBytes();
    for (let i = 0; i < 5; i++) await model.trainOnBatch(x, y);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(handle.heapBytes()).toBe(heap);
    // direct kernel calls leave nothing behind either
    const n0 = tf.memory().numTensors;
    tf.tidy(() => {
      tf.conv2d(x as tf.Tensor4D, tf.ones([3, 3, 3, 4]) as tf.Tensor4D, 2, 'same').dataSync();
    });
    expect(tf.memory().numTensors).toBe(n0);
    model.dispose();
    tf.dispose([x, y]);
  });

  it('recycled output buffers never change data someone can still see', () => {
    const handle = fast.install({ mode: 'wasm' });
    const n = 1 << 14;
    const x = randTensor([n], 21);
    // 1. an array read back with dataSync stays intact after its tensor is disposed and the size is reused
    const y = tf.relu(x);
    const seen = y.dataSync();
    const copy = Float32Array.from(seen);
    y.dispose();
    // 2. a stock slice is a view of our output's buffer: disposing the output must not recycle the buffer
    const z = tf.relu(tf.neg(x));
    const s = tf.slice(z, [0], [n / 2]);
    const sCopy = Float32Array.from(x.dataSync().subarray(0, n / 2), (v) => Math.max(0, -v)); // not read via s
    z.dispose();
    for (let i = 0; i < 6; i++) tf.tidy(() => tf.relu(tf.add(x, tf.scalar(i))).dataSync());
    for (let i = 0; i < 6; i++) tf.dispose([tf.relu(tf.mul(x, tf.scalar(i + 2)))]);
    expect(seen).toEqual(copy);
    expect(s.dataSync()).toEqual(sCopy);
    expect(handle.bufferStats()!.hits).toBeGreaterThan(0); // the pool is in use
    // 3. trimming lets go of every pooled buffer, and recycling works again afterwards
    expect(handle.bufferStats()!.pooledBytes).toBeGreaterThan(0);
    expect(handle.trimBuffers()).toBeGreaterThan(0);
    expect(handle.bufferStats()!.pooledBytes).toBe(0);
    const hits = handle.bufferStats()!.hits;
    for (let i = 0; i < 3; i++) tf.tidy(() => tf.relu(tf.add(x, tf.scalar(i))).dataSync());
    expect(handle.bufferStats()!.hits).toBeGreaterThan(hits);
    expect(seen).toEqual(copy);
    tf.dispose([x, s]);
  });

  it('wasm scratch grows for a big conv (views refreshed after memory.grow) and stays correct', () => {
    const x = randTensor([2, 96, 96, 8], 3),
      w = randTensor([5, 5, 8, 16], 4);
    const ref = withMode('stock', () =>
      tf.tidy(() => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same').dataSync()),
    );
    const handle = fast.install({ mode: 'wasm' });
    const h0 = handle.heapBytes();
    const got = tf.tidy(() => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same').dataSync());
    expect(handle.heapBytes()).toBeGreaterThan(h0);
    // bounded: inputs + output + one im2col chunk (256 KB), with the 25% growth slack
    const need = 4 * (x.size + w.size + 2 * 96 * 96 * 16 + 16) + (1 << 18);
    expect(handle.heapBytes()).toBeLessThan(need * 1.3 + (1 << 20));
    expect(relErr(got, ref)).toBeLessThan(1e-4);
    tf.dispose([x, w]);
  });
});
