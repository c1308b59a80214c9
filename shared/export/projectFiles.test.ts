import { describe, expect, it } from 'vitest';
import { translator } from '../i18n';
import { sampleRecord } from '../train/runTesting';
import { chain, tinyNet } from '../train/testing';
import { compareRuns, describeComparison } from '../train/runCompare';
import { serializeProjectWithWeights } from './project';
import {
  loadStoredWeights,
  parseProjectFiles,
  serializeProjectFiles,
  weightsFolderName,
  type BlobReader,
  type WeightsBlob,
} from './projectFiles';
import type { ExportTensor } from './types';

const weights = (seed: number) =>
  new Map<string, ExportTensor>([
    ['dense/kernel', { shape: [2, 3], data: Float32Array.from({ length: 6 }, (_, i) => i * seed + 0.25) }],
    ['dense/bias', { shape: [3], data: Float32Array.from([seed, -seed, 0.5]) }],
  ]);

/** Blobs kept in memory, as a host's folder or IndexedDB would. */
function store(blobs: readonly WeightsBlob[]): BlobReader & { map: Map<string, Uint8Array> } {
  const map = new Map(blobs.map((b) => [b.sha256, b.bytes]));
  return { map, read: async (h) => map.get(h) ?? null, where: (h) => `net.weights/${h}.bin` };
}

describe('project files: weights beside the JSON, by hash', () => {
  it('keeps weight values out of the text and reads them back exactly', async () => {
    const w = weights(3);
    const { text, blobs } = serializeProjectFiles(tinyNet(), w);
    expect(text).not.toContain('"data"');
    expect(text.length).toBeLessThan(5000);
    expect(blobs).toHaveLength(1);
    expect(blobs[0].bytes.byteLength).toBe(9 * 4);
    const p = parseProjectFiles(text);
    if (!p.ok) throw new Error(p.errors.join());
    expect(p.weights?.kind).toBe('file');
    const loaded = await loadStoredWeights(p.weights, store(blobs));
    expect(loaded.warning).toBeUndefined();
    expect([...loaded.weights!.keys()].sort()).toEqual(['dense/bias', 'dense/kernel']);
    expect(Array.from(loaded.weights!.get('dense/kernel')!.data)).toEqual(Array.from(w.get('dense/kernel')!.data));
  });

  it('still opens an old project with base64 weights inside the JSON', async () => {
    const text = serializeProjectWithWeights(tinyNet(), weights(2));
    const p = parseProjectFiles(text);
    if (!p.ok) throw new Error(p.errors.join());
    expect(p.weights?.kind).toBe('embedded');
    const loaded = await loadStoredWeights(p.weights, store([]));
    expect(Array.from(loaded.weights!.get('dense/bias')!.data)).toEqual([2, -2, 0.5]);
    // Saved again, the values move out of the JSON.
    const again = serializeProjectFiles(p.doc, loaded.weights);
    expect(again.text).not.toContain('base64');
    expect(again.blobs).toHaveLength(1);
  });

  it('a missing weights file: the graph opens, the message names the file', async () => {
    const { text } = serializeProjectFiles(tinyNet(), weights(1));
    const p = parseProjectFiles(text);
    if (!p.ok) throw new Error('no');
    expect(p.doc.nodes.length).toBe(tinyNet().nodes.length);
    const r = await loadStoredWeights(p.weights, store([]));
    expect(r.weights).toBeNull();
    expect(r.warning).toMatch(/The weights file net\.weights\/[0-9a-f]{64}\.bin is missing/);
    expect(r.warning).toMatch(/graph opened without those weights/);
    // The same warning as data, shown in the user's language on open.
    if (!r.warningMsg) throw new Error('no message');
    expect(translator('en').msg(r.warningMsg)).toBe(r.warning);
    expect(translator('zh-CN').msg(r.warningMsg)).toMatch(
      /^缺少权重文件 net\.weights\/[0-9a-f]{64}\.bin（项目按哈希 [0-9a-f]{12}… 引用它）。.* 图已打开，但没有这些权重。$/,
    );
  });

  it('a weights file whose bytes were changed: refused by hash, or by length', async () => {
    const { text, blobs } = serializeProjectFiles(tinyNet(), weights(1));
    const p = parseProjectFiles(text);
    if (!p.ok) throw new Error('no');
    const s = store(blobs);
    const bytes = Uint8Array.from(blobs[0].bytes);
    bytes[5] ^= 1;
    s.map.set(blobs[0].sha256, bytes);
    const r = await loadStoredWeights(p.weights, s);
    expect(r.weights).toBeNull();
    expect(r.warning).toMatch(/does not match the project \(its SHA-256 is [0-9a-f]{12}…, the project expects/);
    s.map.set(blobs[0].sha256, bytes.slice(0, 8));
    expect((await loadStoredWeights(p.weights, s)).warning).toMatch(/is 8 bytes, but the project expects 36/);
    const short = (await loadStoredWeights(p.weights, s)).warningMsg;
    expect(short && translator('zh-CN').msg(short)).toMatch(/有 8 字节，但项目需要 36 字节/);
  });

  it('weights saved by a newer version: a warning saying so, the graph opens', () => {
    const { text } = serializeProjectFiles(tinyNet(), weights(1));
    const raw = JSON.parse(text);
    raw.weights.refVersion = 2;
    const p = parseProjectFiles(JSON.stringify(raw));
    if (!p.ok) throw new Error('no');
    expect(p.weights).toBeNull();
    expect(p.warnings.join(' ')).toMatch(/saved by a newer CNN Designer \(weights file reference version 2/);
    raw.weights.encoding = 'zstd';
    raw.weights.refVersion = 1;
    const q = parseProjectFiles(JSON.stringify(raw));
    expect(q.ok && q.warnings.join(' ')).toMatch(/encoding "zstd".*newer version/);
  });

  it('a hostile hash (a path) is refused before any file is read', async () => {
    const { text } = serializeProjectFiles(tinyNet(), weights(1));
    const raw = JSON.parse(text);
    raw.weights.sha256 = '../../etc/passwd';
    const p = parseProjectFiles(JSON.stringify(raw));
    expect(p.ok && p.weights).toBeNull();
    expect(p.ok && p.warnings.join(' ')).toMatch(/no valid "sha256"/);
  });

  it('an untrained project is written exactly as before', async () => {
    const { serializeProject } = await import('../graph');
    expect(serializeProjectFiles(tinyNet(), null, [])).toEqual({ text: serializeProject(tinyNet()), blobs: [] });
  });

  it('weightsFolderName', () => {
    expect(weightsFolderName('lenet.cnn.json')).toBe('lenet.weights');
    expect(weightsFolderName('a.b.json')).toBe('a.b.weights');
    expect(weightsFolderName('plain')).toBe('plain.weights');
  });
});

describe('run history in the project file', () => {
  const docB = chain('b', [
    ['input', 'Input', { height: 28, width: 28, channels: 1 }],
    ['conv', 'Conv2D', { filters: 16, kernel: [3, 3], stride: [2, 2], activation: 'relu' }],
    ['pool', 'Pool', { mode: 'max', size: [2, 2], stride: [2, 2] }],
    ['flat', 'Flatten', {}],
    ['dense', 'Dense', { units: 10, activation: 'linear' }],
  ]);

  it('survives save and reload: records, curves, weights by hash; shared weights stored once', async () => {
    const wA = weights(1),
      wB = weights(7);
    const a = sampleRecord(tinyNet(), wA);
    const b = sampleRecord(docB, wB, { learningRate: 0.01, batchSize: 16 }, [1.2, 0.8, 0.6]);
    const { text, blobs } = serializeProjectFiles(docB, wB, [
      { id: 'run-1', record: a, weights: wA },
      { id: 'run-2', record: b, weights: wB },
    ]);
    expect(blobs.map((x) => x.sha256).sort()).toHaveLength(2); // the current weights are run-2's: one blob
    const p = parseProjectFiles(text);
    if (!p.ok) throw new Error(p.errors.join());
    expect(p.warnings).toEqual([]);
    expect(p.runs.map((r) => r.id)).toEqual(['run-1', 'run-2']);
    expect(p.runs[1].record.epochs.map((e) => e.loss)).toEqual([1.2, 0.8, 0.6]);
    expect(p.runs[1].record.training.learningRate).toBe(0.01);
    const back = await loadStoredWeights(p.runs[0].weights, store(blobs));
    expect(Array.from(back.weights!.get('dense/bias')!.data)).toEqual([1, -1, 0.5]);

    // Saved again from what was read (references, not maps): the same text, no blob rewritten.
    const again = serializeProjectFiles(
      p.doc,
      p.weights?.kind === 'file' ? p.weights.ref : null,
      p.runs.map((r) => ({ id: r.id, record: r.record, weights: r.weights })),
    );
    expect(again.blobs).toEqual([]);
    expect(parseProjectFiles(again.text)).toEqual(p);

    const c = compareRuns(p.runs[0].record, p.runs[1].record);
    expect(c.settings).toEqual([
      { setting: 'learning rate', a: '0.001', b: '0.01' },
      { setting: 'batch size', a: '32', b: '16' },
      { setting: 'epochs', a: '2', b: '3' },
    ]);
    expect(describeComparison('run-1', 'run-2', c)).toEqual([
      'Comparing run run-1 (A) with run run-2 (B)',
      'Settings that differ:',
      '  learning rate: 0.001 -> 0.01',
      '  batch size: 32 -> 16',
      '  epochs: 2 -> 3',
      'Network differences (A -> B):',
      '  - softmax (Softmax)',
      '  ~ conv: filters 8 -> 16',
      '  - edge dense -> softmax:in',
    ]);
    // In Chinese: setting names, yes/no and the headings (cli runs compare --lang zh-CN, the Runs tab).
    const flips = { ...c, settings: [{ setting: 'flips', a: 'no', b: 'yes' }], sameGraph: true };
    expect(describeComparison('run-1', 'run-2', flips, translator('zh-CN').t)).toEqual([
      '对比训练 run-1（A）与训练 run-2（B）',
      '不同的设置：',
      '  翻转: 否 -> 是',
      '网络：图相同',
      '  - softmax (Softmax 输出)',
      '  ~ conv: filters 8 -> 16',
      '  - 连线 dense -> softmax:in',
    ]);
  });

  it('a damaged or newer run is left out with a message naming it; the others and the graph stay', () => {
    const a = sampleRecord();
    const { text } = serializeProjectFiles(tinyNet(), null, [
      { id: 'run-1', record: a, weights: weights(1) },
      { id: 'run-2', record: a, weights: null },
    ]);
    const raw = JSON.parse(text);
    raw.runs[0].record.version = 9;
    const p = parseProjectFiles(JSON.stringify(raw));
    if (!p.ok) throw new Error('no');
    expect(p.runs.map((r) => r.id)).toEqual(['run-2']);
    expect(p.warnings.join(' ')).toMatch(
      /run 1 of the project's history was written by a newer CNN Designer \(run record version 9.*left out of the run history/,
    );
  });
});
