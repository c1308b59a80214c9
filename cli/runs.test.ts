// `runs list` and `runs compare` on real files: a project keeping two runs (weights beside it) and a training
// output folder's run.json.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as nodeFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobReaderFor, saveProjectWithBlobs, type BlobFs } from '../electron/projectBlobs';
import { serializeProjectFiles } from '../shared/export/projectFiles';
import { serializeRunRecord } from '../shared/train/runRecord';
import { sampleRecord } from '../shared/train/runTesting';
import { chain, tinyNet } from '../shared/train/testing';
import { run } from './main';

async function cli(...argv: string[]) {
  const out: string[] = [],
    err: string[] = [];
  const code = await run(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const w = (k: number) =>
  new Map([
    ['dense/kernel', { shape: [1, 2], data: Float32Array.from([k, k + 1]) }],
    ['dense/bias', { shape: [2], data: Float32Array.from([0, k]) }],
  ]);
const wider = chain('wider', [
  ['input', 'Input', { height: 28, width: 28, channels: 1 }],
  ['conv', 'Conv2D', { filters: 16, kernel: [3, 3], stride: [2, 2], activation: 'relu' }],
  ['pool', 'Pool', { mode: 'avg', size: [2, 2], stride: [2, 2] }],
  ['flat', 'Flatten', {}],
  ['drop', 'Dropout', {}],
  ['dense', 'Dense', { units: 10, activation: 'linear' }],
]);

describe('cli runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnn-runs-'));
  const project = join(dir, 'net.cnn.json');
  const a = sampleRecord(tinyNet(), w(1));
  const b = sampleRecord(wider, w(2), { optimizer: 'sgd', learningRate: 0.05 }, [1.5, 1.1, 0.9]);
  const saved = serializeProjectFiles(wider, w(2), [
    { id: 'run-1', record: a, weights: w(1) },
    { id: 'run-2', record: b, weights: w(2) },
  ]);
  await saveProjectWithBlobs(project, saved.text, saved.blobs, { fs: nodeFs as unknown as BlobFs });
  mkdirSync(join(dir, 'out'));
  writeFileSync(join(dir, 'out', 'run.json'), serializeRunRecord(sampleRecord(tinyNet(), w(3), { batchSize: 8 })));

  it('lists the runs of a project, and of every project and training output in a folder', async () => {
    const one = await cli('runs', 'list', project);
    expect(one.code, one.err).toBe(0);
    expect(one.out.split('\n')).toEqual([
      `${project}#run-1  2026-12-02T00:00:00.000Z  tiny (${a.graph.hash.slice(0, 8)})  Synthetic bars  adam lr 0.001 batch 32 2/2 epochs  train 50.00%  done`,
      `${project}#run-2  2026-12-02T00:00:00.000Z  wider (${b.graph.hash.slice(0, 8)})  Synthetic bars  sgd lr 0.05 batch 32 3/3 epochs  train 50.00%  done`,
    ]);
    const all = await cli('runs', 'list', dir);
    expect(all.out.split('\n').map((l) => l.split('  ')[0])).toEqual([
      `${project}#run-1`,
      `${project}#run-2`,
      join(dir, 'out'),
    ]);
    const asJson = JSON.parse((await cli('runs', 'list', project, '--json')).out);
    expect(asJson[1].record.epochs.map((e: { loss: number }) => e.loss)).toEqual([1.5, 1.1, 0.9]);
  });

  it('compares two runs: exactly the settings that differ and the graph diff', async () => {
    const c = await cli('runs', 'compare', `${project}#run-1`, `${project}#run-2`);
    expect(c.code, c.err).toBe(0);
    expect(c.out.split('\n')).toEqual([
      `Comparing run ${project}#run-1 (A) with run ${project}#run-2 (B)`,
      'Settings that differ:',
      '  optimizer: adam -> sgd',
      '  learning rate: 0.001 -> 0.05',
      '  momentum: - -> 0.9',
      '  epochs: 2 -> 3',
      'Network differences (A -> B):',
      '  + drop (Dropout)',
      '  - softmax (Softmax)',
      '  ~ conv: Filters 8 -> 16',
      '  ~ pool: Mode max -> average',
      '  + edge drop -> dense:in',
      '  + edge flat -> drop:in',
      '  - edge dense -> softmax:in',
      '  - edge flat -> dense:in',
    ]);
    const withOutput = await cli('runs', 'compare', `${project}#run-1`, join(dir, 'out'));
    expect(withOutput.out).toContain('batch size: 32 -> 8');
    expect(withOutput.out).toContain('Network: the same graph');
  });

  it('--lang zh-CN prints the list and the comparison in Chinese', async () => {
    const list = await cli('runs', 'list', project, '--lang', 'zh-CN');
    expect(list.code, list.err).toBe(0);
    expect(list.out.split('\n')[0]).toBe(
      `${project}#run-1  2026-12-02T00:00:00.000Z  tiny（${a.graph.hash.slice(0, 8)}）  Synthetic bars  adam 学习率 0.001 批大小 32 2/2 轮次  训练 50.00%  完成`,
    );
    const c = await cli('runs', 'compare', `${project}#run-1`, `${project}#run-2`, '--lang', 'zh-CN');
    expect(c.code, c.err).toBe(0);
    const lines = c.out.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      `对比训练 ${project}#run-1（A）与训练 ${project}#run-2（B）`,
      '不同的设置：',
      '  优化器: adam -> sgd',
      '  学习率: 0.001 -> 0.05',
    ]);
    expect(lines).toContain('网络差异（A -> B）：');
    expect(lines).toContain('  + 连线 drop -> dense:in');
    // layer names, parameter labels and option labels from the catalogue, in Chinese
    expect(lines).toContain('  ~ conv: 卷积核数 8 -> 16');
    expect(lines).toContain('  ~ pool: 方式 最大池化 -> 平均池化');
    expect(lines).toContain('  - softmax (Softmax 输出)');
    const rec = await cli('record', join(dir, 'out'), '--lang', 'zh-CN');
    expect(rec.out.split('\n')[0]).toBe('训练记录 cnn-designer-run v1，2026-12-02T00:00:00.000Z');
    expect(rec.out).toContain('  数据增强：不裁剪，不翻转');
    expect(rec.out).toMatch(/^ {2}第 1 轮次：损失 [\d.]+，准确率 [\d.]+%/m);
    const recEn = await cli('record', join(dir, 'out'));
    expect(recEn.out.split('\n')[0]).toBe('Run record cnn-designer-run v1, 2026-12-02T00:00:00.000Z');
    const empty = mkdtempSync(join(tmpdir(), 'cnn-runs-empty-'));
    expect((await cli('runs', 'list', empty, '--lang', 'zh-CN')).out).toBe(`${empty} 中没有训练记录。`);
    const missing = await cli('runs', 'compare', `${project}#run-9`, `${project}#run-1`, '--lang', 'zh-CN');
    expect([missing.code, missing.err]).toEqual([1, `${project} 中没有训练记录 "run-9"；它保存的是 run-1, run-2。`]);
    expect((await cli('runs', 'compare', project, `${project}#run-1`, '--lang', 'zh-CN')).err).toContain(
      '是一个项目：请用',
    );
  });

  it('says what is wrong: an unknown run, a project without #ID, a bad action or option', async () => {
    const missing = await cli('runs', 'compare', `${project}#run-9`, `${project}#run-1`);
    expect([missing.code, missing.err]).toEqual([1, `${project} keeps no run "run-9"; it keeps run-1, run-2.`]);
    const bare = await cli('runs', 'compare', project, `${project}#run-1`);
    expect(bare.err).toContain('is a project: name one of its runs as');
    const action = await cli('runs', 'show', project);
    expect([action.code, action.err.split('\n')[0]]).toEqual([
      2,
      'Unknown action "show": runs takes "list" or "compare".',
    ]);
    const option = await cli('runs', 'list', project, '--jsn');
    expect(option.code).toBe(2);
    expect(option.err).toMatch(/--jsn/);
    const one = await cli('runs', 'compare', `${project}#run-1`);
    expect(one.err).toMatch(/^Missing the second run/);
  });

  it('keeps weights out of the JSON; the blobs beside it read back', async () => {
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(project, 'utf8')).not.toContain('base64');
    expect(await blobReaderFor(project, nodeFs as unknown as BlobFs).read(saved.blobs[0].sha256)).not.toBeNull();
  });
});
