// ONNX import proven with the real producer: torchvision nets written by torch.onnx.export (Debian's
// python3-torch 1.13, opset 13, with and without constant folding) open as editable graphs whose
// tfjs predictions equal onnxruntime's on the original file, with torchvision's parameter counts; the
// imported graph exports back to ONNX with the same outputs. Hostile files give an ImportError.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../graph';
import { buildOnnx, ImportError, importOnnxModel, importTfjsModel } from './index';
import { encodeMessage } from './onnx/encode';
import { onnxType } from './onnx/schema';
import { onnxMatchesTfjs, PYTHON, pythonOracle, writeTorchvision } from '../../scripts/onnxTorchvision';
import { TEMPLATES } from '../../templates';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TOL = 1e-4;
const oracle = pythonOracle();

describe.skipIf(!oracle.ok)(`torchvision nets from torch.onnx.export (${PYTHON})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnn-onnx-import-'));
  // zoo: every other mapped op as torch writes it (scripts/onnx_torchvision.py), shape arithmetic included.
  const specs = [
    'resnet18:64:fold',
    'resnet18:64:nofold',
    'mobilenet_v2:64:fold',
    'mobilenet_v2:32:nofold',
    'zoo:16:fold:10',
    'zoo:16:nofold:10',
  ];
  let counts: Record<string, number> = {};
  beforeAll(() => {
    counts = writeTorchvision(dir, specs);
  }, 180_000);

  for (const spec of specs) {
    const file = `${spec.replace(/:/g, '_')}.onnx`;
    it(`${file}: torchvision's parameter count, and tfjs predicts what onnxruntime does on the original`, async () => {
      const bytes = new Uint8Array(readFileSync(join(dir, file)));
      const t0 = performance.now();
      const r = importOnnxModel(bytes, file);
      const ms = performance.now() - t0;
      const a = analyse(r.doc);
      expect(a.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(a.totals.trainable).toBe(counts[file]);
      const diff = await onnxMatchesTfjs(tf, r, bytes, 2);
      console.log(
        `${file}: ${r.doc.nodes.length} nodes, ${a.totals.trainable} parameters, import ${ms.toFixed(0)} ms, max |tfjs - onnxruntime| = ${diff.toExponential(2)}`,
      );
      expect(diff).toBeLessThanOrEqual(TOL);
    });
  }

  it('round trip: import -> export ONNX -> onnxruntime gives the original outputs', async () => {
    const bytes = new Uint8Array(readFileSync(join(dir, 'resnet18_64_fold.onnx')));
    const r = importOnnxModel(bytes);
    const again = buildOnnx(r.doc, r.weights);
    const x = Float32Array.from({ length: 3 * 64 * 64 }, (_, i) => Math.sin(i * 0.37));
    const run = async (b: Uint8Array) => {
      const s = await ort.InferenceSession.create(b);
      const out = await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', x, [1, 3, 64, 64]) });
      return out[s.outputNames[0]].data as Float32Array;
    };
    const [orig, back] = [await run(bytes), await run(again)];
    let m = 0;
    for (let i = 0; i < orig.length; i++) m = Math.max(m, Math.abs(orig[i] - back[i]));
    console.log(`resnet18 round trip: max |exported - original| = ${m.toExponential(2)}`);
    expect(orig.length).toBe(1000);
    expect(m).toBeLessThanOrEqual(TOL);
  });

  for (const file of ['resnet18_64_nofold.onnx', 'mobilenet_v2_32_nofold.onnx']) {
    it(`${file} with BatchNorm folded into the convs (at the user's request): onnxruntime's outputs, fewer parameters`, async () => {
      const bytes = new Uint8Array(readFileSync(join(dir, file)));
      const plain = importOnnxModel(bytes, file);
      const folded = importOnnxModel(bytes, file, { foldBatchNorm: true });
      const [a, b] = [analyse(plain.doc), analyse(folded.doc)];
      expect(b.problems.filter((p) => p.severity === 'error')).toEqual([]);
      const bns = plain.doc.nodes.filter((n) => n.type === 'BatchNorm');
      // Every BN of these nets follows a conv that nothing else reads: all fold.
      expect(folded.doc.nodes.filter((n) => n.type === 'BatchNorm')).toEqual([]);
      expect(folded.doc.nodes.length).toBe(plain.doc.nodes.length - bns.length);
      // Each BN's gamma, beta (trainable) and running mean, variance go; its conv gains a bias of C.
      const channels = bns.reduce((s, n) => s + (a.nodes.get(n.id)!.shape as number[])[2], 0);
      expect(b.totals.trainable).toBe(a.totals.trainable - channels);
      expect(b.totals.nonTrainable).toBe(a.totals.nonTrainable - 2 * channels);
      expect(b.totals.trainable + b.totals.nonTrainable).toBe(
        a.totals.trainable + a.totals.nonTrainable - 3 * channels,
      );
      const diff = await onnxMatchesTfjs(tf, folded, bytes, 2);
      console.log(
        `${file} folded: ${bns.length} BatchNorm folded, parameters ${a.totals.trainable + a.totals.nonTrainable} -> ${b.totals.trainable + b.totals.nonTrainable}, max |tfjs - onnxruntime| = ${diff.toExponential(2)}`,
      );
      expect(diff).toBeLessThanOrEqual(TOL);
    });
  }

  it("the ResNet-18 and ResNet-50 templates' stem max pool is torchvision's MaxPool2d(3, 2, padding=1), as imported", () => {
    const r = importOnnxModel(new Uint8Array(readFileSync(join(dir, 'resnet18_64_fold.onnx'))));
    const pools = r.doc.nodes.filter((n) => n.type === 'Pool');
    expect(pools).toHaveLength(1);
    for (const id of ['resnet18', 'resnet50']) {
      const t = TEMPLATES.find((x) => x.id === id)!.build();
      expect([id, t.nodes.find((n) => n.id === 'maxpool')!.params]).toEqual([id, pools[0].params]);
    }
  });

  it('pooling padded differently on each side (ONNX pads, written with the onnx helper) imports exactly and exports back', async () => {
    // MaxPool 3x3/2 pads [top 0, left 1, bottom 2, right 1]; AveragePool 3x3/1 pads [1, 0, 2, 2] counting the zeros;
    // AveragePool 2x2/2 with TF's 'same' pads [0, 0, 1, 1] and count_include_pad 0 (ONNX's default): TF 'same'.
    const file = join(dir, 'asymmetric_pool.onnx');
    const py = `
import onnx
from onnx import helper as h, TensorProto as T
nodes = [
  h.make_node('MaxPool', ['x'], ['a'], kernel_shape=[3, 3], strides=[2, 2], pads=[0, 1, 2, 1], name='max_asym'),
  h.make_node('AveragePool', ['a'], ['b'], kernel_shape=[3, 3], strides=[1, 1], pads=[1, 0, 2, 2], count_include_pad=1, name='avg_asym'),
  h.make_node('AveragePool', ['b'], ['c'], kernel_shape=[2, 2], strides=[2, 2], pads=[0, 0, 1, 1], name='avg_same'),
  h.make_node('Flatten', ['c'], ['y'], axis=1, name='flat'),
]
g = h.make_graph(nodes, 'g', [h.make_tensor_value_info('x', T.FLOAT, [1, 3, 11, 10])], [h.make_tensor_value_info('y', T.FLOAT, [1, 36])])
m = h.make_model(g, opset_imports=[h.make_opsetid('', 13)], producer_name='onnx.helper')
onnx.checker.check_model(m)
onnx.save(m, ${JSON.stringify(file)})
`;
    const w = spawnSync(PYTHON, ['-c', py], { encoding: 'utf8' });
    expect(w.status, w.stderr).toBe(0);
    const bytes = new Uint8Array(readFileSync(file));
    const r = importOnnxModel(bytes);
    const pools = Object.fromEntries(r.doc.nodes.filter((n) => n.type === 'Pool').map((n) => [n.id, n.params]));
    expect(pools.max_asym).toMatchObject({ mode: 'max', padding: 'asymmetric', pad: [0, 1], padEnd: [2, 1] });
    expect(pools.avg_asym).toMatchObject({ mode: 'avg', padding: 'asymmetric', pad: [1, 0], padEnd: [2, 2] });
    expect(pools.avg_same).toMatchObject({ mode: 'avg', padding: 'same' });
    const a = analyse(r.doc);
    expect(a.nodes.get('max_asym')!.shape).toEqual([6, 5, 3]);
    expect(a.nodes.get('avg_asym')!.shape).toEqual([7, 5, 3]);
    // The first window's centre sits where the top/left padding puts it: row 1 (no padding above), column 0.
    expect(a.nodes.get('max_asym')!.rf!.start).toEqual([1, 0]);
    const diff = await onnxMatchesTfjs(tf, r, bytes, 2);
    expect(diff).toBeLessThanOrEqual(TOL);
    // Exported again: onnxruntime runs the editor's ONNX to the same outputs.
    const again = buildOnnx(r.doc, r.weights);
    const x = Float32Array.from({ length: 3 * 11 * 10 }, (_, i) => Math.sin(i * 0.7) * 3);
    const run = async (b: Uint8Array) => {
      const ses = await ort.InferenceSession.create(b);
      const out = await ses.run({ [ses.inputNames[0]]: new ort.Tensor('float32', x, [1, 3, 11, 10]) });
      return out[ses.outputNames[0]].data as Float32Array;
    };
    const [orig, back] = [await run(bytes), await run(again)];
    expect(back.length).toBe(orig.length);
    expect(Math.max(...orig.map((v, i) => Math.abs(v - back[i])))).toBeLessThanOrEqual(TOL);
    console.log(`asymmetric pooling: max |tfjs - onnxruntime| = ${diff.toExponential(2)}`);
  });

  it("AveragePool that leaves its own padding out of the mean (count_include_pad 0): TF 'same' when it is that, else a refusal naming the setting", async () => {
    // torch.onnx writes nn.AvgPool2d(k, s, padding=1, count_include_pad=False) as AveragePool pads [1, 1, 1, 1], count_include_pad 0.
    const write = (name: string, k: number, s: number) => {
      const file = join(dir, `${name}.onnx`);
      const py = `
import torch, torch.nn as nn
m = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.AvgPool2d(${k}, ${s}, padding=1, count_include_pad=False), nn.Flatten()).eval()
torch.manual_seed(0)
torch.onnx.export(m, torch.randn(1, 3, 10, 10), ${JSON.stringify(file)}, opset_version=13)
`;
      const w = spawnSync(PYTHON, ['-c', py], { encoding: 'utf8' });
      expect(w.status, w.stderr).toBe(0);
      return new Uint8Array(readFileSync(file));
    };
    // 3x3 stride 1 pad 1 is TF's 'same' (one each side), whose mean is over the real values too: exact.
    const same = write('avg_exclude_same', 3, 1);
    const r = importOnnxModel(same);
    expect(r.doc.nodes.find((n) => n.type === 'Pool')!.params).toMatchObject({ mode: 'avg', padding: 'same' });
    expect(await onnxMatchesTfjs(tf, r, same, 2)).toBeLessThanOrEqual(TOL);
    // 3x3 stride 2 pad 1 on 10x10 is not (TF pads 0 above, 1 below): refused, saying what to write instead.
    expect(() => importOnnxModel(write('avg_exclude_s2', 3, 2))).toThrow(
      /count_include_pad 0 .*nn\.AvgPool2d\(\.\.\., count_include_pad=True\).*count_include_pad=1/,
    );
  });

  it('a weights file kept outside the model (external data) is refused, saying how to save it inside', () => {
    const ext = join(dir, 'external.onnx');
    const r = spawnSync(
      PYTHON,
      [
        '-c',
        `import onnx; m = onnx.load(${JSON.stringify(join(dir, 'resnet18_64_fold.onnx'))}); onnx.save_model(m, ${JSON.stringify(ext)}, save_as_external_data=True, all_tensors_to_one_file=True, location='weights.bin', size_threshold=1024)`,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(() => importOnnxModel(new Uint8Array(readFileSync(ext)))).toThrow(
      /external data file.*save_as_external_data=False/s,
    );
  });
});

// Hand-built models for the shapes of graph producers do not write.
const vi = (name: string, dims: number[]) => ({
  name,
  type: { tensor_type: { elem_type: 1, shape: { dim: dims.map((d) => ({ dim_value: d })) } } },
});
const model = (nodes: object[], extra: { initializer?: object[]; output?: string } = {}) =>
  encodeMessage(onnxType('ModelProto'), {
    ir_version: 7,
    opset_import: [{ domain: '', version: 13 }],
    producer_name: 'test',
    graph: {
      name: 'g',
      node: nodes,
      initializer: extra.initializer ?? [],
      input: [vi('x', [1, 3, 8, 8])],
      output: [vi(extra.output ?? 'y', [1, 3, 8, 8])],
    },
  });
const node = (op: string, inputs: string[], outputs: string[], name = outputs[0], attribute: object[] = []) => ({
  op_type: op,
  input: inputs,
  output: outputs,
  name,
  attribute,
});

describe('hostile and unsupported ONNX files: a clear ImportError, never a crash', () => {
  const relu = model([node('Relu', ['x'], ['y'])]);

  it('imports a one-node model (the baseline the hostile variants break)', () => {
    const r = importOnnxModel(relu);
    expect(r.doc.nodes.map((n) => n.type)).toEqual(['Input', 'Activation']);
  });

  it('a truncated file, at every cut', () => {
    for (let cut = 1; cut < relu.length; cut++) {
      let err: unknown = null;
      try {
        importOnnxModel(relu.slice(0, cut));
      } catch (e) {
        err = e;
      }
      // A cut may fall between fields and still decode; then the graph lacks its parts and says so.
      expect(err, `cut at ${cut}`).toBeInstanceOf(ImportError);
    }
  });

  it('another kind of file (PNG, JSON, a CNN Designer project)', () => {
    for (const bytes of [
      Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13),
      new TextEncoder().encode('{"format":"cnn-designer","nodes":[]}'),
      new Uint8Array(0),
    ])
      expect(() => importOnnxModel(bytes)).toThrow(ImportError);
  });

  it('huge declared dimensions are refused before any memory is spent on them', () => {
    const huge = model([node('Conv', ['x', 'w'], ['y'])], {
      initializer: [{ name: 'w', dims: [1 << 20, 1 << 20, 3, 3], data_type: 1, raw_data: new Uint8Array(16) }],
    });
    const before = process.memoryUsage().arrayBuffers;
    expect(() => importOnnxModel(huge)).toThrow(/declares 1048576x1048576x3x3 values/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 << 20);
    const lying = model([node('Conv', ['x', 'w'], ['y'])], {
      initializer: [{ name: 'w', dims: [3, 3, 3, 3], data_type: 1, raw_data: new Uint8Array(16) }],
    });
    expect(() => importOnnxModel(lying)).toThrow(/declares 3x3x3x3 float values \(324 bytes\) but holds 16 bytes/);
  });

  it('a cycle is named', () => {
    const cyc = model([
      node('Relu', ['x', 'b'], ['a'], 'first'),
      node('Relu', ['a'], ['b'], 'second'),
      node('Relu', ['b'], ['y']),
    ]);
    expect(() => importOnnxModel(cyc)).toThrow(/cycle through Relu "(first|second)"/);
  });

  it("10,000 nodes: a graph (its depth is then the validator's problem, not a crash)", () => {
    const chain = Array.from({ length: 10_000 }, (_, i) =>
      node('Relu', [i ? `v${i - 1}` : 'x'], [i === 9_999 ? 'y' : `v${i}`]),
    );
    const t0 = performance.now();
    const r = importOnnxModel(model(chain));
    expect(r.doc.nodes.length).toBe(10_001);
    expect(analyse(r.doc).problems.some((p) => p.severity === 'error' && /deep/.test(p.message))).toBe(true);
    expect(performance.now() - t0).toBeLessThan(60_000);
  });

  it('every unsupported node in one message, each with its nearest alternative; nothing else', () => {
    const m = model(
      [
        node('Relu', ['x'], ['a']),
        node('Resize', ['a', '', 'scales'], ['b'], 'up'),
        node('LRN', ['b'], ['c'], 'norm'),
        node('HardSwish', ['c'], ['d'], 'hs'),
        node('TopK', ['d'], ['y'], 'top'),
      ],
      {
        initializer: [
          { name: 'scales', dims: [4], data_type: 1, raw_data: new Uint8Array(Float32Array.of(1, 1, 2, 2).buffer) },
        ],
      },
    );
    let err: ImportError | null = null;
    try {
      importOnnxModel(m);
    } catch (e) {
      err = e as ImportError;
    }
    expect(err).toBeInstanceOf(ImportError);
    expect(err!.unsupported).toEqual([
      'Resize "up": no layer type reads it; nearest: Conv2DTranspose with stride = the scale (a learned upsampling)',
      'LRN "norm": no layer type reads it; nearest: BatchNorm (AlexNet-era local response normalisation is usually replaced by it)',
      'HardSwish "hs": no layer type reads it; nearest: Activation (ReLU6 or ReLU)',
      'TopK "top": no layer type reads it',
    ]);
    expect(err!.message).toMatch(/^4 node\(s\) cannot be imported; nothing was written/);
  });

  it('the TF.js importer names the same nearest alternatives', () => {
    const mj = {
      modelTopology: {
        class_name: 'Sequential',
        config: {
          name: 's',
          layers: [
            { class_name: 'UpSampling2D', config: { name: 'up', batch_input_shape: [null, 8, 8, 3] } },
            { class_name: 'SeparableConv2D', config: { name: 'sep' } },
          ],
        },
      },
      weightsManifest: [],
    };
    expect(() => importTfjsModel(JSON.stringify(mj), () => undefined)).toThrow(
      /up \(UpSampling2D\): no counterpart in the layer catalogue; nearest: Conv2DTranspose with stride = the size.*\n.*sep \(SeparableConv2D\): .*nearest: a depthwise Conv2D \(groups = input channels\) followed by a 1x1 Conv2D/,
    );
  });
});
