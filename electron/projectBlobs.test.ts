// Weights beside the project on a real disk: save with run history, reload, and every way the blobs can be wrong.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadStoredWeights, parseProjectFiles, serializeProjectFiles } from '../shared/export/projectFiles';
import { sampleRecord } from '../shared/train/runTesting';
import type { ExportTensor } from '../shared/export/types';
import { serializeProjectWithWeights } from '../shared/export/project';
import { chain, tinyNet } from '../shared/train/testing';
import { handlers, type HandlerFs } from './handlers';
import { fakeDeps } from './testFakes';
import { blobPath, blobReaderFor, saveProjectWithBlobs, weightsFolderOf, type BlobFs } from './projectBlobs';

const realFs = fs as unknown as BlobFs;
const weights = (k: number) =>
  new Map<string, ExportTensor>([
    ['dense/kernel', { shape: [4, 2], data: Float32Array.from({ length: 8 }, (_, i) => i * k) }],
    ['dense/bias', { shape: [2], data: Float32Array.from([k, -k]) }],
  ]);

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cnn-blobs-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function open(file: string) {
  const p = parseProjectFiles(await fs.readFile(file, 'utf8'));
  if (!p.ok) throw new Error(p.errors.join());
  return p;
}

describe('project + net.weights/<sha256>.bin on disk', () => {
  it('run history and weights survive save and reload; the JSON holds no weight values', async () => {
    const file = path.join(dir, 'net.cnn.json');
    const docB = chain('b', [
      ['input', 'Input', { height: 28, width: 28, channels: 1 }],
      ['flat', 'Flatten', {}],
      ['dense', 'Dense', { units: 10, activation: 'linear' }],
    ]);
    const runs = [
      { id: 'run-1', record: sampleRecord(tinyNet(), weights(1)), weights: weights(1) },
      { id: 'run-2', record: sampleRecord(docB, weights(2), { optimizer: 'sgd' }), weights: weights(2) },
    ];
    const { text, blobs } = serializeProjectFiles(docB, weights(2), runs);
    await saveProjectWithBlobs(file, text, blobs, { fs: realFs });
    expect((await fs.readdir(weightsFolderOf(file))).sort()).toEqual(blobs.map((b) => `${b.sha256}.bin`).sort());
    expect(await fs.readFile(file, 'utf8')).not.toMatch(/base64|"encoding": "base64"/);

    const p = await open(file);
    expect(p.runs.map((r) => [r.id, r.record.training.optimizer])).toEqual([
      ['run-1', 'adam'],
      ['run-2', 'sgd'],
    ]);
    const reader = blobReaderFor(file, realFs);
    for (const [i, r] of p.runs.entries()) {
      const w = await loadStoredWeights(r.weights, reader);
      expect(Array.from(w.weights!.get('dense/bias')!.data)).toEqual([i + 1, -(i + 1)]);
    }
    const cur = await loadStoredWeights(p.weights, reader);
    expect(Array.from(cur.weights!.get('dense/kernel')!.data)).toEqual(
      Array.from(weights(2).get('dense/kernel')!.data),
    );

    // Saving again writes no blob: the existing files hold those bytes already (same inode, same mtime).
    const before = await fs.stat(blobPath(file, blobs[0].sha256));
    await saveProjectWithBlobs(file, text, blobs, { fs: realFs });
    const after = await fs.stat(blobPath(file, blobs[0].sha256));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('an old project with base64 weights inside still opens with its weights', async () => {
    const file = path.join(dir, 'old.cnn.json');
    await fs.writeFile(file, serializeProjectWithWeights(tinyNet(), weights(3)));
    const p = await open(file);
    const w = await loadStoredWeights(p.weights, blobReaderFor(file, realFs));
    expect(Array.from(w.weights!.get('dense/bias')!.data)).toEqual([3, -3]);
  });

  it('a missing, replaced or truncated weights file: a message naming it, the graph opens, nothing is written', async () => {
    const file = path.join(dir, 'net.cnn.json');
    const { text, blobs } = serializeProjectFiles(tinyNet(), weights(1));
    await saveProjectWithBlobs(file, text, blobs, { fs: realFs });
    const blob = blobPath(file, blobs[0].sha256);
    const listing = async () => (await fs.readdir(dir)).sort().join();
    const was = await listing();

    const good = await fs.readFile(blob);
    await fs.writeFile(blob, Buffer.from(good).fill(7, 0, 4));
    let w = await loadStoredWeights((await open(file)).weights, blobReaderFor(file, realFs));
    expect(w.weights).toBeNull();
    expect(w.warning).toContain(`The weights file ${blob} does not match the project (its SHA-256 is`);

    await fs.writeFile(blob, good.subarray(0, 12));
    w = await loadStoredWeights((await open(file)).weights, blobReaderFor(file, realFs));
    expect(w.warning).toContain(`${blob} is 12 bytes, but the project expects 40`);

    await fs.rm(weightsFolderOf(file), { recursive: true });
    const p = await open(file);
    expect(p.doc.nodes.map((n) => n.id)).toEqual(tinyNet().nodes.map((n) => n.id));
    w = await loadStoredWeights(p.weights, blobReaderFor(file, realFs));
    expect(w.warning).toContain(`The weights file ${blob} is missing`);
    expect(await listing()).toBe(was.replace(',net.weights', '').replace('net.weights,', ''));
    expect(await fs.readFile(file, 'utf8')).toBe(text);
  });

  it('a project whose hash is a path reads nothing outside its weights folder', async () => {
    const file = path.join(dir, 'net.cnn.json');
    await fs.writeFile(path.join(dir, 'secret.bin'), 'x');
    expect(() => blobPath(file, '../secret')).toThrow(/is not a SHA-256 weights hash/);
  });

  it('blobs that do not match their hash are refused before anything is written', async () => {
    const file = path.join(dir, 'net.cnn.json');
    await fs.writeFile(file, 'old');
    const { text, blobs } = serializeProjectFiles(tinyNet(), weights(1));
    const bad = [{ sha256: blobs[0].sha256, bytes: new Uint8Array(40) }];
    await expect(saveProjectWithBlobs(file, text, bad, { fs: realFs })).rejects.toThrow(/do not match that hash/);
    expect(await fs.readFile(file, 'utf8')).toBe('old');
    expect(await fs.readdir(dir)).toEqual(['net.cnn.json']);
  });

  it('a failed project write (read-only file) leaves the old project as it was, pointing at blobs that exist', async () => {
    const file = path.join(dir, 'net.cnn.json');
    const first = serializeProjectFiles(tinyNet(), weights(1));
    await saveProjectWithBlobs(file, first.text, first.blobs, { fs: realFs });
    await fs.chmod(file, 0o444);
    const second = serializeProjectFiles(tinyNet(), weights(5));
    await expect(saveProjectWithBlobs(file, second.text, second.blobs, { fs: realFs })).rejects.toThrow(/read-only/);
    expect(await fs.readFile(file, 'utf8')).toBe(first.text);
    const w = await loadStoredWeights((await open(file)).weights, blobReaderFor(file, realFs));
    expect(Array.from(w.weights!.get('dense/bias')!.data)).toEqual([1, -1]);
  });
});

describe('the IPC handlers: Save with blobs, readWeightsBlob', () => {
  it('saves the project with its blobs, reads them back by hash; a project not granted is refused', async () => {
    const { deps, dialog } = fakeDeps(fs as unknown as HandlerFs, {
      paths: { userData: path.join(dir, 'user'), documents: dir },
      platform: process.platform,
    });
    const file = path.join(dir, 'saved.cnn.json');
    dialog.saveAnswers.push(file);
    const runs = [{ id: 'run-1', record: sampleRecord(tinyNet(), weights(4)), weights: weights(4) }];
    const { text, blobs } = serializeProjectFiles(tinyNet(), weights(4), runs);
    expect(await handlers.saveProject([{ text, saveAs: true, blobs }], deps)).toEqual({
      path: file,
      name: 'saved.cnn.json',
    });
    const p = await open(file);
    expect(p.runs.map((r) => r.id)).toEqual(['run-1']);
    const bytes = await handlers.readWeightsBlob([file, p.runs[0].weights!.sha256], deps);
    expect(bytes && Buffer.from(bytes).equals(Buffer.from(blobs[0].bytes))).toBe(true);
    expect(await handlers.readWeightsBlob([file, 'f'.repeat(64)], deps)).toBeNull();
    await expect(
      handlers.readWeightsBlob([path.join(dir, 'other.cnn.json'), blobs[0].sha256], deps),
    ).rejects.toMatchObject({ code: 'not-granted' });
  });
});
