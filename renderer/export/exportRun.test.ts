import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import { compile } from '../../shared/graph';
import { DEFAULT_TRAIN_SETUP, exportTfjs, weightsFromModel, type ExportFile } from '../../shared/export';
import { validators } from '../../shared/ipc/contract';
import { DATA_KINDS, DATA_SOURCES } from '../../shared/data';
import { DEFAULT_CONFIG } from '../../shared/train';
import { exportSetup, runExport } from './exportRun';
import { importPickedFiles } from './importModel';
import { openWithWeights, projectText } from './projectWeights';
import { sameNetwork } from './sameNetwork';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('export from the app', () => {
  it("exports the worker's trained weights (getWeights order) through the host; cancel and errors are reported", async () => {
    const doc = TEMPLATES.find((t) => t.id === 'lenet5-mnist')!.build();
    const c = compile(doc, tf, { seed: 77 });
    if (!c.ok) throw new Error('compile');
    const values = c.model.getWeights();
    const blob = {
      shapes: values.map((v) => [...v.shape]),
      data: values.map((v) => Float32Array.from(v.dataSync() as Float32Array)),
    };
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 2);
    const expected = (c.model.predict(x) as tf.Tensor).dataSync();
    let written: ExportFile[] = [];
    const host = {
      exportFiles: async (_n: string, files: ExportFile[]) => {
        written = files;
        return { folder: '/tmp/out', written: files.map((f) => f.name) };
      },
    };
    const r = await runExport('onnx', doc, blob, DEFAULT_TRAIN_SETUP, tf, host);
    expect(r).toEqual({ kind: 'written', folder: '/tmp/out', files: ['model.onnx'], trained: true });
    const s = await ort.InferenceSession.create(written[0].bytes);
    const y = await s.run({ input: new ort.Tensor('float32', x.dataSync() as Float32Array, [1, 1, 28, 28]) });
    const got = y.output.data as Float32Array;
    expect(Math.max(...Array.from(got, (v, i) => Math.abs(v - expected[i])))).toBeLessThan(1e-5);

    expect(await runExport('pytorch', doc, null, DEFAULT_TRAIN_SETUP, tf, { exportFiles: async () => null })).toEqual({
      kind: 'cancelled',
    });
    const wrong = await runExport(
      'tfjs',
      doc,
      { shapes: [[1]], data: [new Float32Array(1)] },
      DEFAULT_TRAIN_SETUP,
      tf,
      host,
    );
    expect(wrong).toMatchObject({ kind: 'failed', message: expect.stringMatching(/do not belong to this graph/) });
    c.model.dispose();
    x.dispose();
  });

  it("train.py trains on the data set of the summary's kind, whatever its display name says", async () => {
    const doc = TEMPLATES.find((t) => t.id === 'lenet5-mnist')!.build();
    const trainPy = async (data: Parameters<typeof exportSetup>[1]) => {
      let py = '';
      await runExport('pytorch', doc, null, exportSetup(DEFAULT_CONFIG, data, 0.1), tf, {
        exportFiles: async (_n, files) => {
          py = new TextDecoder().decode(files.find((f) => f.name === 'train.py')!.bytes);
          return { folder: null, written: files.map((f) => f.name) };
        },
      });
      return /'dataset': '([a-z0-9-]+)'/.exec(py)?.[1];
    };
    // A CIFAR-10 summary renamed, an MNIST one with "fashion" in its name, a folder called after CIFAR.
    expect(await trainPy({ kind: 'cifar10', name: 'My photos' })).toBe('cifar10');
    expect(await trainPy({ kind: 'cifar-sprite', name: 'sprites' })).toBe('cifar10');
    expect(await trainPy({ kind: 'mnist', name: 'digits, not fashion' })).toBe('mnist');
    expect(await trainPy({ kind: 'folder', name: 'cifar-photos' })).toBe('idx');
    expect(await trainPy({ kind: 'idx', name: 'fashion' })).toBe('fashion-mnist');
    expect(await trainPy(null)).toBe(DEFAULT_TRAIN_SETUP.dataset);
    for (const k of DATA_KINDS)
      expect(exportSetup(DEFAULT_CONFIG, { kind: k, name: 'x' }, 0.1).dataset, k).toBe(DATA_SOURCES[k].trainPy('x'));
  });

  it('any project name gives a request the IPC contract accepts', async () => {
    const doc = TEMPLATES.find((t) => t.id === 'lenet5-mnist')!.build();
    for (const name of ['...', '..x..', '.bashrc', 'A'.repeat(500), 'a\nb', 'con', '']) {
      let checked: unknown = null;
      const host = {
        exportFiles: async (suggestedName: string, files: ExportFile[]) => {
          checked = validators.exportFiles([{ suggestedName, files }]);
          return null;
        },
      };
      expect(await runExport('onnx', { ...doc, metadata: { name } }, null, DEFAULT_TRAIN_SETUP, tf, host)).toEqual({
        kind: 'cancelled',
      });
      expect(checked, JSON.stringify(name).slice(0, 40)).toMatchObject({ ok: true });
    }
  });
});

describe('import into the app', () => {
  it("picked model.json + weights become a graph and weights in the worker's order; a missing bin is explained", async () => {
    const doc = TEMPLATES.find((t) => t.id === 'resnet20')!.build();
    const c = compile(doc, tf, { seed: 5 });
    if (!c.ok) throw new Error('compile');
    const files = await exportTfjs(doc, weightsFromModel(c.model), tf);
    const picked = files.map((f) => new File([f.bytes as BlobPart], f.name));
    const r = await importPickedFiles(tf, picked);
    const expected = c.model.getWeights();
    expect(r.weights.data.length).toBe(expected.length);
    r.weights.data.forEach((d, i) => expect(Array.from(d)).toEqual(Array.from(expected[i].dataSync())));
    await expect(importPickedFiles(tf, picked.slice(0, 1))).rejects.toThrow(
      /weights file "weights.bin" named in model.json is missing/,
    );
    c.model.dispose();
  });
});

describe('projects with weights in the app', () => {
  it('save with the trained weights, reopen, and training continues from the same weights', () => {
    const doc = TEMPLATES.find((t) => t.id === 'lenet5-mnist')!.build();
    const c = compile(doc, tf, { seed: 9 });
    if (!c.ok) throw new Error('compile');
    const values = c.model.getWeights();
    const blob = {
      shapes: values.map((v) => [...v.shape]),
      data: values.map((v) => Float32Array.from(v.dataSync() as Float32Array)),
    };
    const text = projectText(tf, doc, blob);
    const r = openWithWeights(tf, text);
    if (!r.ok) throw new Error(r.errors.join());
    expect(r.doc).toEqual(doc);
    expect(r.weights!.shapes).toEqual(blob.shapes);
    r.weights!.data.forEach((d, i) => expect(Array.from(d)).toEqual(Array.from(blob.data[i])));
    const plain = openWithWeights(tf, projectText(tf, doc, null));
    expect(plain.ok && plain.weights).toBe(null);
    c.model.dispose();
  });
});

describe('weights follow the network, not the layout', () => {
  it('moving nodes keeps the network; a parameter change or a new edge does not', () => {
    const doc = TEMPLATES[1].build();
    const moved = { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: { x: n.position.x + 5, y: 0 } })) };
    expect(sameNetwork(doc, moved)).toBe(true);
    expect(
      sameNetwork(doc, {
        ...doc,
        nodes: doc.nodes.map((n, i) => (i === 1 ? { ...n, params: { ...n.params, filters: 7 } } : n)),
      }),
    ).toBe(false);
    expect(sameNetwork(doc, { ...doc, edges: doc.edges.slice(1) })).toBe(false);
    expect(sameNetwork(null, doc)).toBe(false);
  });
});
