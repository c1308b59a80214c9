// The app's Import takes what train.py writes (trained.weights.json + .bin, tfjs layout) with the export's run.json
// for the graph, or into the open graph; weights that do not fit are refused naming the file. And runExport hands
// the run record to the exporters only when it is the record of the weights being exported.
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../shared/graph';
import { BUNDLE_FORMAT, DEFAULT_TRAIN_SETUP, weightsFromModel, type ExportFile } from '../../shared/export';
import { makeRunRecord, preprocessingOf, serializeRunRecord, type RunRecord } from '../../shared/train/runRecord';
import { tinyNet } from '../../shared/train/testing';
import { appI18n } from '../i18n';
import { importPickedFiles } from './importModel';
import { runExport } from './exportRun';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** What train.py's save_tfjs_weights writes: a tfjs-layout bundle. */
function trainedBundle(weights: Map<string, { shape: number[]; data: Float32Array }>): [File, File] {
  let offset = 0;
  const tensors = [...weights].map(([name, t]) => {
    const e = { name, shape: t.shape, offset };
    offset += t.data.length;
    return e;
  });
  const bin = new Float32Array(offset);
  [...weights.values()].forEach((t, i) => bin.set(t.data, tensors[i].offset));
  const index = { format: BUNDLE_FORMAT, version: 1, layout: 'tfjs', dtype: 'float32', tensors };
  return [new File([JSON.stringify(index)], 'trained.weights.json'), new File([bin], 'trained.weights.bin')];
}

function trained(seed: number) {
  const doc = tinyNet();
  const c = compile(doc, tf, { seed });
  if (!c.ok) throw new Error('compile');
  const w = weightsFromModel(c.model);
  c.model.dispose();
  return { doc, weights: new Map([...w].map(([k, v]) => [k, { shape: [...v.shape], data: v.data }])) };
}

function recordOf(
  doc: ReturnType<typeof tinyNet>,
  weights: Map<string, { shape: number[]; data: Float32Array }>,
): RunRecord {
  return makeRunRecord({
    doc,
    data: {
      name: 'MNIST',
      kind: 'mnist',
      hashes: [],
      inputShape: [28, 28, 1],
      numClasses: 10,
      counts: { train: 90, val: 10, test: 0 },
      split: { valFraction: 0.1, seed: 1 },
      augmentation: { cropPadding: 0, flip: false },
    },
    preprocessing: preprocessingOf({ kind: 'standard', mean: [0.1304], std: [0.308] }, 1),
    training: {
      optimizer: 'adam',
      learningRate: 1e-3,
      momentum: 0.9,
      schedule: { kind: 'constant' },
      batchSize: 32,
      epochs: 1,
      seed: 1,
      loss: 'auto',
    },
    backend: { name: 'test', tfjs: tf.version.tfjs, app: '0.1.0' },
    epochs: [],
    test: null,
    stopReason: 'done',
    steps: 3,
    wallTimeMs: 1,
    weights,
  });
}

describe("Import of train.py's weights", () => {
  it('takes the graph from run.json, or puts the weights into the open graph; refuses weights that do not fit', async () => {
    const { doc, weights } = trained(5);
    const [json, bin] = trainedBundle(weights);
    const run = new File([serializeRunRecord(recordOf(doc, weights))], 'run.json');
    const a = await importPickedFiles(tf, [json, bin, run]);
    expect(a.weightsOnly).toBe(false);
    expect(a.doc.nodes.map((n) => n.id)).toEqual(doc.nodes.map((n) => n.id));
    expect(a.weights.data.map((d) => d.length)).toEqual([72, 8, 3920, 10]);
    const b = await importPickedFiles(tf, [json, bin], doc);
    expect(b.weightsOnly).toBe(true);
    expect(b.weights.data[2]).toEqual(weights.get('dense/kernel')!.data);
    const other = {
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === 'conv' ? { ...n, params: { ...n.params, filters: 4 } } : n)),
    };
    await expect(importPickedFiles(tf, [json, bin], other)).rejects.toThrow(
      /trained\.weights\.json does not fit the open graph: .* Select the run\.json of the export it was trained from/,
    );
    await expect(importPickedFiles(tf, [json], doc)).rejects.toThrow(
      /Select trained\.weights\.bin together with trained\.weights\.json/,
    );
    // In Chinese the refusals are Chinese, the graph and weights untouched.
    await appI18n.changeLanguage('zh-CN');
    try {
      await expect(importPickedFiles(tf, [json, bin], other)).rejects.toThrow(
        /^trained\.weights\.json 与打开的图不匹配：.* 请选择训练它的那次导出的 run\.json。$/,
      );
      await expect(importPickedFiles(tf, [json], doc)).rejects.toThrow(
        '请把 trained.weights.bin 与 trained.weights.json 一起选中：数值保存在它里面。',
      );
      await expect(importPickedFiles(tf, [])).rejects.toThrow(/^请选择一个 \.onnx 文件/);
    } finally {
      await appI18n.changeLanguage('en');
    }
  });
});

describe('runExport and the run record', () => {
  it("carries the record (raw-pixel ONNX input) only for the record's own weights", async () => {
    const { doc, weights } = trained(9);
    const record = recordOf(doc, weights);
    const c = compile(doc, tf, { seed: 9 });
    if (!c.ok) throw new Error('compile');
    const values = c.model.getWeights();
    const blob = {
      shapes: values.map((v) => [...v.shape]),
      data: values.map((v) => Float32Array.from(v.dataSync() as Float32Array)),
    };
    c.model.dispose();
    let written: ExportFile[] = [];
    const host = {
      exportFiles: async (_n: string, files: ExportFile[]) => {
        written = files;
        return { folder: null, written: ['x.zip'] };
      },
    };
    await runExport('onnx', doc, blob, DEFAULT_TRAIN_SETUP, tf, host, { record, output: 'logits' });
    const s = await ort.InferenceSession.create(written[0].bytes);
    const raw = new Float32Array(784).fill(255);
    const y = (await s.run({ input: new ort.Tensor('float32', raw, [1, 1, 28, 28]) })).output.data as Float32Array;
    const x = tf.tensor4d(new Float32Array(784).fill((1 - 0.1304) / 0.308), [1, 28, 28, 1]);
    const c2 = compile(doc, tf, { seed: 9 });
    if (!c2.ok) throw new Error('compile');
    const probs = (c2.model.predict(x) as tf.Tensor).dataSync();
    const soft = tf.softmax(tf.tensor1d(Array.from(y))).dataSync();
    c2.model.dispose();
    soft.forEach((p, i) => expect(p).toBeCloseTo(probs[i], 5)); // logits out, raw pixels in
    // Another run's record is not carried: the file takes preprocessed input.
    const stranger = recordOf(doc, trained(10).weights);
    await runExport('onnx', doc, blob, DEFAULT_TRAIN_SETUP, tf, host, { record: stranger });
    const s2 = await ort.InferenceSession.create(written[0].bytes);
    const y2 = (await s2.run({ input: new ort.Tensor('float32', Float32Array.from(x.dataSync()), [1, 1, 28, 28]) }))
      .output.data as Float32Array;
    Array.from(y2).forEach((p, i) => expect(p).toBeCloseTo(probs[i], 5));
  });
});
