// The errors a student meets importing, exporting and loading data speak the reader's language (issue 16): each
// is triggered for real (a truncated ONNX file, an unsupported op, a bad IDX header...), rendered in zh-CN from
// its message data, and checked for left-over English sentences and for the numbers it quotes. The English
// `.message` stays word for word (the other tests match it).
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import {
  checkFolderListing,
  checkImageSize,
  DecodeBudget,
  idxPairToDataset,
  parseIdx,
  parseLabelsJson,
  split,
  syntheticDataset,
} from '../data';
import { checkLabelsText, decodeCifarSprite } from '../data/cifar';
import { decodeBundle, exportModel, exportOnnx, exportPytorchModel, importOnnxModel, importTfjsModel } from '../export';
import { encodeMessage } from '../export/onnx/encode';
import { onnxType } from '../export/onnx/schema';
import { checkWeightsRef, parseProjectFiles } from '../export/projectFiles';
import { emptyDoc, parseProject, serializeProject } from '../graph';
import { english, messageOf, translator, type Msg } from './index';

const zh = translator('zh-CN');

/** The error `f` throws (sync or async). */
async function thrown(f: () => unknown): Promise<unknown> {
  try {
    await f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

/** Three or more English words in a row (identifiers such as file names and op types are single words). */
const SENTENCE = /\b[A-Za-z]{2,}(?: +[A-Za-z]{2,}){2,}\b/;

/** Renders `e` in zh-CN and checks it: no English sentence, every number of `numbers` present. */
function checkZh(e: unknown, numbers: readonly string[], english3: string): string {
  const m: Msg = messageOf(e);
  expect(m.key, `${(e as Error).message}`).not.toBe('errors2.text');
  expect((e as Error).message).toBe(english3 === '' ? (e as Error).message : english3);
  expect(english(m)).toBe((e as Error).message);
  const text = zh.msg(m);
  expect(text, text).not.toMatch(SENTENCE);
  expect(text).toMatch(/[\u4e00-\u9fff]/);
  for (const n of numbers) expect(text, text).toContain(n);
  return text;
}

const vi = (name: string, dims: number[]) => ({
  name,
  type: { tensor_type: { elem_type: 1, shape: { dim: dims.map((d) => ({ dim_value: d })) } } },
});
const onnxModel = (nodes: object[]) =>
  encodeMessage(onnxType('ModelProto'), {
    ir_version: 7,
    opset_import: [{ domain: '', version: 13 }],
    producer_name: 'test',
    graph: { name: 'g', node: nodes, initializer: [], input: [vi('x', [1, 3, 8, 8])], output: [vi('y', [1, 3, 8, 8])] },
  });
const node = (op: string, inputs: string[], outputs: string[]) => ({
  op_type: op,
  input: inputs,
  output: outputs,
  name: outputs[0],
});

const idx = (type: number, dims: number[], data: number[] = []) => {
  const b = new Uint8Array(4 + 4 * dims.length + data.length);
  b[2] = type;
  b[3] = dims.length;
  const v = new DataView(b.buffer);
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d, false));
  b.set(data, 4 + 4 * dims.length);
  return b;
};

describe('errors3: import, export and data errors in zh-CN', () => {
  it('ONNX decoder (onnx/decode.ts): a truncated file and an empty one', async () => {
    const good = onnxModel([node('Relu', ['x'], ['y'])]);
    const cut = good.subarray(0, good.length - 7);
    const e = await thrown(() => importOnnxModel(cut));
    const text = checkZh(e, [], '');
    expect((e as Error).message).toMatch(/^The file is not a valid ONNX model: .* at byte \d+\. It may be truncated/);
    expect(text).toMatch(/第 \d+ 字节/);
    checkZh(await thrown(() => importOnnxModel(new Uint8Array(0))), [], 'The file is empty: it is not an ONNX model.');
  });

  it('ONNX importer (importOnnx.ts): an unsupported op, a model with no path from its input', async () => {
    const e = await thrown(() =>
      importOnnxModel(onnxModel([node('Relu', ['x'], ['h']), node('FancyOp', ['h'], ['y'])])),
    );
    checkZh(e, ['1'], '1 node(s) cannot be imported; nothing was written:\n  - FancyOp "y": no layer type reads it');
    const resize = await thrown(() => importOnnxModel(onnxModel([node('LRN', ['x'], ['y'])])));
    expect((resize as Error).message).toContain('nearest: BatchNorm (AlexNet-era local response normalisation');
    expect(checkZh(resize, ['1'], '')).toContain('局部响应归一化');
    const dangling = await thrown(() => importOnnxModel(onnxModel([node('Add', ['x', 'ghost'], ['y'])])));
    checkZh(dangling, ['ghost'], 'Add "y" reads "ghost", which no node, initializer or input provides.');
  });

  it('TF.js importer (importTfjs.ts, keras.ts): not a model, an unknown layer, a bad config value', async () => {
    checkZh(
      await thrown(() => importTfjsModel('{"format": "cnn-designer"}', () => undefined)),
      [],
      'This is a CNN Designer project, not a TF.js model: open it as a project.',
    );
    const seq = (layers: object[]) =>
      JSON.stringify({ modelTopology: { class_name: 'Sequential', config: { name: 's', layers } } });
    const input = { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 8, 8, 3] } };
    const unknown = await thrown(() =>
      importTfjsModel(seq([input, { class_name: 'FancyLayer', config: { name: 'odd' } }]), () => undefined),
    );
    checkZh(
      unknown,
      ['1'],
      '1 layer(s) cannot be imported:\n  - odd (FancyLayer): no counterpart in the layer catalogue',
    );
    const conv = {
      class_name: 'Conv2D',
      config: { name: 'c', filters: 4, kernel_size: [3, 3], strides: 'x', padding: 'valid' },
    };
    checkZh(await thrown(() => importTfjsModel(seq([input, conv]), () => undefined)), [], '');
  });

  it("the layers' reasons for what they cannot read (layers/*.ts reasons: reason.<key>)", async () => {
    const ints = (name: string, v: number[]) => ({ name, type: 7, ints: v });
    const str = (name: string, v: string) => ({ name, type: 3, s: new TextEncoder().encode(v) });
    const int = (name: string, v: number) => ({ name, type: 2, i: v });
    const weight = (name: string, dims: number[]) => ({
      name,
      dims,
      data_type: 1,
      float_data: new Array(dims.reduce((a, b) => a * b, 1)).fill(0.5),
    });
    const at = (op: string, inputs: string[], out: string, attribute: object[]) => ({
      ...node(op, inputs, [out]),
      attribute,
    });
    const bytes = encodeMessage(onnxType('ModelProto'), {
      ir_version: 7,
      opset_import: [{ domain: '', version: 13 }],
      producer_name: 'test',
      graph: {
        name: 'g',
        node: [
          at('Conv', ['x', 'w'], 'lower', [ints('kernel_shape', [3, 3]), str('auto_pad', 'SAME_LOWER')]),
          at('Conv', ['x', 'w4'], 'grouped', [ints('kernel_shape', [3, 3]), int('group', 3)]),
          at('MaxPool', ['x'], 'ceil', [ints('kernel_shape', [3, 3]), ints('strides', [2, 2]), int('ceil_mode', 1)]),
          at('MaxPool', ['x'], 'dilated', [ints('kernel_shape', [2, 2]), ints('dilations', [2, 2])]),
          node('Concat', ['x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'], ['nine']),
        ],
        initializer: [weight('w', [4, 3, 3, 3]), weight('w4', [4, 1, 3, 3])],
        input: [vi('x', [1, 3, 8, 8])],
        output: [vi('lower', [1, 4, 8, 8])],
      },
    });
    const e = await thrown(() => importOnnxModel(bytes));
    const message = (e as Error).message;
    for (const english of [
      'Conv "lower": auto_pad SAME_LOWER (only NOTSET, VALID and SAME_UPPER)',
      'Conv "grouped": group 3 over 3 channels (only 1, or depthwise: the input channels); split it into 3 Conv2D nodes joined by a Concat',
      'MaxPool "ceil": ceil_mode 1 (only 0: the output size rounded down)',
      'MaxPool "dilated": dilations 2x2 (only 1)',
      'Concat "nine": 9 inputs (2 to 8)',
    ])
      expect(message).toContain(english);
    const text = checkZh(e, ['5', 'SAME_LOWER', '3 组', '2x2', '9 个输入'], '');
    expect(text).toContain('ceil_mode 1（只支持 0');

    const seq = (layers: object[]) =>
      JSON.stringify({ modelTopology: { class_name: 'Sequential', config: { name: 's', layers } } });
    const input = { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 8, 8, 3] } };
    const conv = (name: string, extra: object) => ({
      class_name: 'Conv2D',
      config: { name, filters: 4, kernel_size: [3, 3], padding: 'valid', ...extra },
    });
    const keras = await thrown(() =>
      importTfjsModel(
        seq([
          input,
          conv('causal', { padding: 'causal' }),
          conv('grouped', { groups: 2 }),
          { class_name: 'ReLU', config: { name: 'capped', max_value: 4 } },
          { class_name: 'MaxPooling2D', config: { name: 'first', data_format: 'channels_first' } },
        ]),
        () => undefined,
      ),
    );
    for (const english of [
      'causal (Conv2D): padding "causal"',
      'grouped (Conv2D): groups 2',
      'capped (ReLU): max_value/threshold (only max_value 6: ReLU6)',
      'first (MaxPooling2D): channels_first data format',
    ])
      expect((keras as Error).message).toContain(english);
    const kerasZh = checkZh(keras, ['4', 'causal', 'groups 2', 'max_value 6'], '');
    expect(kerasZh).toContain('channels_first');
  });

  it('exporters (graphwalk.ts, weights.ts, onnx/export.ts, pytorch/model.ts, projectFiles.ts)', async () => {
    const doc = TEMPLATES[0].build();
    const missing = await thrown(() => exportOnnx(doc, new Map()));
    expect((missing as Error).message).toMatch(/the weight .* is missing\. Train or initialise the model/);
    checkZh(missing, [], '');
    checkZh(await thrown(() => exportPytorchModel(doc, new Map())), [], '');
    const parsed = parseProject(readFileSync('shared/graph/corpus/concat-mismatch.cnn.json', 'utf8'));
    if (!parsed.ok) throw new Error('corpus file');
    const broken = parsed.doc;
    const e = await thrown(() => exportModel('onnx', broken, new Map(), tf));
    expect((e as Error).message).toMatch(/^Cannot export to ONNX: the graph has \d+ error\(s\)/);
    checkZh(e, [], '');
    checkZh(await thrown(() => exportModel('tfjs', broken, new Map(), tf)), [], '');
    const bin = new Uint8Array(6);
    checkZh(
      await thrown(() =>
        decodeBundle(
          { format: 'cnn-designer-weights', version: 1, dtype: 'float32', layout: 'tfjs', tensors: [] },
          bin,
          'w.json',
        ),
      ),
      ['6'],
      'w.json: the weights file is 6 bytes, not a whole number of float32 values: it is truncated or damaged.',
    );
    checkZh(await thrown(() => checkWeightsRef({ format: 'other' }, 'run 2')), [], '');
  });

  it('data loaders (idx.ts, labelsJson.ts, cifar.ts, folder.ts, prep.ts, imageSize.ts)', async () => {
    checkZh(
      await thrown(() => parseIdx(new Uint8Array([1, 2, 8, 3]), 'train-images')),
      ['0x01', '0x02'],
      'train-images is not an IDX file: it starts with bytes 0x01 0x02, not 00 00.',
    );
    checkZh(await thrown(() => parseIdx(idx(8, [2, 2, 2], [1, 2, 3]))), ['2x2x2', '8', '3'], '');
    checkZh(
      await thrown(() => idxPairToDataset(idx(8, [3, 1, 1], [0, 1, 2]), idx(8, [2], [0, 1]), { name: 'x' })),
      ['3', '2'],
      'images file holds 3 images but labels file holds 2 labels: they must match.',
    );
    checkZh(
      await thrown(() => parseLabelsJson('[1, 2, {"a": 1}]', 'labels.json')),
      ['8'],
      'labels.json must be a JSON array of labels (one class index or one-hot row per image); at character 8 it holds an object.',
    );
    checkZh(await thrown(() => decodeCifarSprite(new Uint8Array(16), 2, 2, [0, 1])), ['32x32', '1024'], '');
    checkZh(await thrown(() => checkLabelsText(1_000_000, 10, 'labels.json')), ['1,000,000', '10'], '');
    checkZh(
      await thrown(() => checkFolderListing({ classes: [{ name: 'cats', files: ['a.png'] }] })),
      ['2', 'cats'],
      '',
    );
    checkZh(await thrown(() => split(syntheticDataset({ n: 1 }), { valFraction: 0.5, seed: 1 })), ['1'], '');
    checkZh(await thrown(() => checkImageSize({ width: 9000, height: 9000 }, 'big.png')), ['9000x9000', '81'], '');
    const budget = new DecodeBudget(100);
    checkZh(await thrown(() => budget.admit({ width: 10, height: 10 }, 'one.png')), ['one.png'], '');
  });

  it('open-project warnings (document.ts, groups.ts): what was repaired, in zh-CN', () => {
    const r = parseProject(
      JSON.stringify({
        format: 'cnn-designer',
        version: 2,
        metadata: { name: 'p' },
        nodes: [
          { id: 'in', type: 'Input', params: { height: 'tall', colour: 1 }, position: { x: 0, y: 0 } },
          { id: 'r', type: 'Residual', params: {}, position: { x: 0, y: 0 } },
        ],
        edges: [
          { id: 'e1', source: 'in', target: 'r', targetPort: 'main' },
          { id: 'e1', source: 'in', target: 'r', targetPort: 'skip' },
          { source: 'in', target: 'ghost' },
          { source: 'in', target: 'r', targetPort: 'side' },
        ],
        groups: [
          { id: 'g', nodes: ['in', 'a', 'b'] },
          { id: 'g', nodes: ['r'] },
          { id: 'h', nodes: ['in', 'nobody'] },
        ],
      }),
    );
    if (!r.ok) throw new Error(r.errors.join(' '));
    expect(r.warnings.length).toBeGreaterThanOrEqual(7);
    expect(r.warningMsgs.map(english)).toEqual(r.warnings);
    expect(r.warnings).toContain('in: parameter "height" had the invalid value "tall"; reset to 28.');
    for (const m of r.warningMsgs) {
      const text = zh.msg(m);
      expect(text, text).not.toMatch(SENTENCE);
      expect(text).toMatch(/[\u4e00-\u9fff]/);
    }
    const all = r.warningMsgs.map(zh.msg).join('\n');
    for (const n of ['"tall"', '28', 'colour', 'e1_2', 'ghost', '"side"', '"a", "b"', '"nobody"'])
      expect(all).toContain(n);
  });

  it('open-project warnings (export/projectFiles.ts): the weights and runs left out, in zh-CN', () => {
    const doc = JSON.parse(serializeProject(emptyDoc())) as Record<string, unknown>;
    const r = parseProjectFiles(
      JSON.stringify({
        ...doc,
        weights: { format: 'nope' },
        runs: [{ id: '' }, { id: 'r2', record: { format: 'cnn-designer-run', version: 99 } }],
      }),
    );
    if (!r.ok) throw new Error(r.errors.join(' '));
    expect(r.ownWarningMsgs).toHaveLength(3);
    expect(r.warningMsgs.map(english)).toEqual(r.warnings);
    expect(r.warnings[0]).toMatch(/^The saved weights could not be read and were left out \(.+\); the graph opened/);
    expect(r.warnings[1]).toBe('run 1 of the project\'s history has no "id" It was left out of the run history.');
    const texts = r.ownWarningMsgs.map(zh.msg);
    for (const text of texts) {
      expect(text, text).not.toMatch(SENTENCE);
      expect(text).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(texts[1]).toContain('第 1 次训练');
    expect(texts[2]).toContain('第 2 次训练');
  });

  it('loading phases are message data too', () => {
    expect(zh.t('errors3.phase.downloadingCifar', { n: 3 })).toBe('正在下载 CIFAR-10（3 张拼图）');
    expect(english({ key: 'errors3.phase.downloadingMnist' })).toBe('downloading MNIST');
  });
});
