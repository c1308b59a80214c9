// TF.js export proven by tf.loadLayersModel; the TF.js import turns the files back into an
// editable graph with the same predictions; projects keep their weights; bad files say what is wrong.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import { compile, serializeProject, type GraphDoc } from '../graph';
import {
  applyWeights,
  decodeBundle,
  encodeBundle,
  exportTfjs,
  importTfjsModel,
  ImportError,
  parseProjectWithWeights,
  serializeProjectWithWeights,
  weightsFromModel,
  type ExportFile,
} from './index';
import { compiledWithRandomWeights, maxAbsDiff } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// The 224x224 ImageNet nets (AlexNet 61M weights, ResNet-18/50, VGG-16 138M) take minutes each to save and load on the
// stock cpu backend and add no layer type the small templates lack; onnx.test.ts runs them in onnxruntime.
const BIG = ['alexnet', 'resnet18', 'resnet50', 'vgg16'];
const SMALL = TEMPLATES.filter((t) => !BIG.includes(t.id));
console.log(
  `tfjs.test.ts: ${BIG.join(', ')} left out of the TF.js round trip (minutes each; same layer types as the rest)`,
);

function loadFromFiles(files: readonly ExportFile[]) {
  const byName = new Map(files.map((f) => [f.name, f.bytes]));
  const mj = JSON.parse(new TextDecoder().decode(byName.get('model.json')));
  const bin = byName.get(mj.weightsManifest[0].paths[0])!;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: mj.modelTopology,
      weightSpecs: mj.weightsManifest[0].weights,
      weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer,
    }),
  );
}

const predict = (m: tf.LayersModel, x: tf.Tensor) =>
  tf.tidy(() => (m.predict(x) as tf.Tensor).dataSync() as Float32Array);

/** Node types and params only (positions and edge ids may differ). */
const structure = (d: GraphDoc) => ({
  nodes: d.nodes.map((n) => ({ id: n.id, type: n.type, params: n.params })).sort((a, b) => a.id.localeCompare(b.id)),
  edges: d.edges.map((e) => `${e.source}->${e.target}:${e.targetPort}`).sort(),
});

describe('TF.js export and import', () => {
  for (const t of SMALL) {
    it(`${t.id}: tf.loadLayersModel reads the export with equal predictions; importing it gives back the graph and weights`, async () => {
      const doc = t.build();
      const { model, weights, analysis } = compiledWithRandomWeights(doc, tf, 21);
      const x = tf.randomNormal([2, ...analysis.nodes.get(analysis.inputId!)!.shape!], 0, 1, 'float32', 4);
      const expected = predict(model, x);
      model.dispose();
      const files = await exportTfjs(doc, weights, tf);
      expect(files.map((f) => f.name)).toEqual(['model.json', 'weights.bin']);
      const loaded = await loadFromFiles(files);
      expect(maxAbsDiff(predict(loaded, x), expected)).toBeLessThan(1e-6);
      loaded.dispose();

      const mj = new TextDecoder().decode(files[0].bytes);
      const imp = importTfjsModel(mj, (p) => files.find((f) => f.name === p)?.bytes);
      expect(imp.warnings).toEqual([]);
      expect(structure(imp.doc)).toEqual(structure(doc));
      const c = compile(imp.doc, tf);
      if (!c.ok) throw new Error(c.problems.map((p) => p.message).join('; '));
      applyWeights(tf, c.model, imp.weights);
      expect(maxAbsDiff(predict(c.model, x), expected)).toBeLessThan(1e-6);
      c.model.dispose();
      x.dispose();
    });
  }

  it('imports a plain Keras Sequential model with depthwise conv, ReLU/LeakyReLU layers and linear activations', async () => {
    const m = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [9, 9, 2], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
        tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'valid' }),
        tf.layers.batchNormalization(),
        tf.layers.leakyReLU({ alpha: 0.2 }),
        tf.layers.activation({ activation: 'linear' }),
        tf.layers.averagePooling2d({ poolSize: 2, padding: 'same' }),
        tf.layers.flatten(),
        tf.layers.dropout({ rate: 0.3 }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    const x = tf.randomNormal([2, 9, 9, 2], 0, 1, 'float32', 8);
    const expected = predict(m, x);
    let files: { json: string; bin: Uint8Array } | undefined;
    await m.save(
      tf.io.withSaveHandler(async (a) => {
        files = {
          json: JSON.stringify({
            modelTopology: a.modelTopology,
            weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: a.weightSpecs }],
          }),
          bin: new Uint8Array(a.weightData as ArrayBuffer),
        };
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const imp = importTfjsModel(files!.json, (p) => (p === 'group1-shard1of1.bin' ? files!.bin : undefined));
    expect(imp.doc.nodes.map((n) => n.type)).toEqual([
      'Input',
      'Conv2D',
      'Conv2D',
      'BatchNorm',
      'Activation',
      'Pool',
      'Flatten',
      'Dropout',
      'Dense',
    ]);
    expect(imp.doc.nodes[2].params).toMatchObject({ groups: 4, filters: 8 });
    const c = compile(imp.doc, tf);
    if (!c.ok) throw new Error(c.problems.map((p) => p.message).join('; '));
    applyWeights(tf, c.model, imp.weights);
    expect(maxAbsDiff(predict(c.model, x), expected)).toBeLessThan(1e-5);
    tf.dispose([x]);
    m.dispose();
    c.model.dispose();
  });

  it('unsupported layers are listed all at once; corrupt and foreign files give clear errors', () => {
    const topology = (layers: object[]) =>
      JSON.stringify({
        modelTopology: { class_name: 'Sequential', config: { name: 's', layers } },
        weightsManifest: [],
      });
    const lstm = topology([
      {
        class_name: 'Conv2D',
        config: { name: 'c', batch_input_shape: [null, 8, 8, 1], filters: 2, kernel_size: [3, 3], padding: 'valid' },
      },
      { class_name: 'Reshape', config: { name: 'r', target_shape: [36, 2] } },
      { class_name: 'LSTM', config: { name: 'lstm', units: 4 } },
      { class_name: 'Dense', config: { name: 'd', units: 2, activation: 'swish' } },
    ]);
    let err: unknown;
    try {
      importTfjsModel(lstm, () => undefined);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).unsupported).toEqual([
      'r (Reshape): no counterpart in the layer catalogue; nearest: Flatten',
      'lstm (LSTM): no counterpart in the layer catalogue',
      'd (Dense): activation swish',
    ]);
    expect((err as Error).message).toMatch(/^3 layer\(s\) cannot be imported:/);
    const cases: [string, RegExp][] = [
      ['{"modelTopology": {"class_name": "Sequent', /not valid JSON .*truncated/],
      ['[1, 2]', /not a TF.js model/],
      [JSON.stringify({ format: 'graph-model', modelTopology: { node: [] } }), /graph model .* no layers to edit/],
      [serializeProject(TEMPLATES[0].build()), /CNN Designer project, not a TF.js model/],
      [
        JSON.stringify({
          modelTopology: {
            class_name: 'Sequential',
            config: {
              layers: [{ class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, 4] } }],
            },
          },
          weightsManifest: [],
        }),
        /only fixed-size images/,
      ],
    ];
    for (const [text, re] of cases) expect(() => importTfjsModel(text, () => undefined)).toThrow(re);
  });

  it('missing, truncated and quantized weight files are reported', async () => {
    const doc = TEMPLATES[1].build();
    const { model, weights } = compiledWithRandomWeights(doc, tf, 2);
    model.dispose();
    const files = await exportTfjs(doc, weights, tf);
    const mj = new TextDecoder().decode(files[0].bytes);
    expect(() => importTfjsModel(mj, () => undefined)).toThrow(
      /weights file "weights.bin" named in model.json is missing/,
    );
    expect(() => importTfjsModel(mj, () => files[1].bytes.subarray(0, 1000))).toThrow(
      /hold 1000 bytes but model.json needs at least .* truncated/,
    );
    const q = JSON.parse(mj);
    q.weightsManifest[0].weights[0].quantization = { dtype: 'uint8', scale: 1, min: 0 };
    expect(() => importTfjsModel(JSON.stringify(q), () => files[1].bytes)).toThrow(/is quantized/);
  });
});

describe('weight bundles (train.py output, --weights)', () => {
  it('round-trip exactly; foreign, PyTorch-layout and truncated bundles say what they are', () => {
    const t = { shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 1e-8, 0, 7]) };
    const { index, bin } = encodeBundle('tfjs', [['d/kernel', t]]);
    expect(Array.from(decodeBundle(index, bin, 'w.json').get('d/kernel')!.data)).toEqual(Array.from(t.data));
    expect(() => decodeBundle({ format: 'layers-model' }, bin, 'w.json')).toThrow(
      /w.json is not a CNN Designer weights index/,
    );
    expect(() => decodeBundle({ ...index, layout: 'pytorch' }, bin, 'w.json')).toThrow(
      /pytorch-layout weights; the app reads tfjs-layout weights \(train.py writes those as trained.weights.json\)/,
    );
    expect(() => decodeBundle(index, bin.subarray(0, 8), 'w.json')).toThrow(
      /d\/kernel needs values 0..6 but the weights file holds 2: it is truncated/,
    );
    expect(() => decodeBundle(index, bin.subarray(0, 7), 'w.json')).toThrow(
      /7 bytes, not a whole number of float32 values/,
    );
  });
});

describe('projects with weights', () => {
  it('save and reopen keeps graph and weights exactly; plain project readers still open the graph', () => {
    const doc = TEMPLATES.find((t) => t.id === 'resnet20')!.build();
    const { model, weights } = compiledWithRandomWeights(doc, tf, 9);
    model.dispose();
    const text = serializeProjectWithWeights(doc, weights);
    const r = parseProjectWithWeights(text);
    if (!r.ok) throw new Error(r.errors.join('; '));
    expect(r.doc).toEqual(doc);
    expect([...r.weights!.keys()].sort()).toEqual([...weights.keys()].sort());
    for (const [k, w] of weights) {
      expect(r.weights!.get(k)!.shape).toEqual(w.shape);
      expect(maxAbsDiff(r.weights!.get(k)!.data, w.data)).toBe(0);
    }
    const plain = parseProjectWithWeights(serializeProject(doc));
    expect(plain.ok && plain.weights).toBe(null);
    // A damaged weights member: the graph still opens, with a warning saying the weights were left out.
    const damaged = JSON.parse(text);
    damaged.weights.data = damaged.weights.data.slice(0, 100);
    const d = parseProjectWithWeights(JSON.stringify(damaged));
    expect(d.ok && d.weights).toBe(null);
    expect(d.ok && d.warnings.join(' ')).toMatch(/saved weights could not be read .*truncated/);
  });

  it('weights that do not fit the graph are refused with the names and shapes', () => {
    const doc = TEMPLATES[1].build();
    const c = compile(doc, tf);
    if (!c.ok) throw new Error('compile');
    const w = weightsFromModel(c.model);
    w.set('C1/kernel', { shape: [3, 3, 1, 6], data: new Float32Array(54) });
    w.delete('output/bias');
    expect(() => applyWeights(tf, c.model, w)).toThrow(
      /C1\/kernel has shape \[3, 3, 1, 6\], the model needs \[5, 5, 1, 6\]; output\/bias is missing/,
    );
    c.model.dispose();
  });
});
