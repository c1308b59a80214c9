import { describe, expect, it } from 'vitest';
import { tinyNet } from './testing';
import {
  checkRunWeights,
  graphHash,
  makeRunRecord,
  parseRunRecord,
  preprocessingOf,
  RUN_RECORD_VERSION,
  RunRecordError,
  serializeRunRecord,
  weightsHash,
  type RunRecord,
} from './runRecord';
import { sha256 } from './sha256';

const weights = new Map([
  ['dense/kernel', { shape: [2, 2], data: Float32Array.from([1, 2, 3, 4]) }],
  ['dense/bias', { shape: [2], data: Float32Array.from([0.5, -0.5]) }],
]);

function sampleRecord(): RunRecord {
  return makeRunRecord({
    doc: tinyNet(),
    data: {
      name: 'MNIST',
      kind: 'mnist',
      hashes: [{ name: 'train-images-idx3-ubyte', sha256: sha256('x'), bytes: 1 }],
      inputShape: [28, 28, 1],
      numClasses: 10,
      counts: { train: 900, val: 100, test: 500 },
      split: { valFraction: 0.1, seed: 1, limit: 1000 },
      augmentation: { cropPadding: 0, flip: false },
    },
    preprocessing: preprocessingOf({ kind: 'standard', mean: [0.1304], std: [0.308] }, 1),
    training: {
      optimizer: 'adam',
      learningRate: 0.001,
      momentum: 0.9,
      schedule: { kind: 'constant' },
      batchSize: 64,
      epochs: 1,
      seed: 1,
      loss: 'auto',
    },
    backend: { name: 'tfjs-cpu', tfjs: '4.22.0', app: '0.1.0', kernels: 'fast wasm' },
    epochs: [{ epoch: 0, loss: 0.9, accuracy: 0.7, valLoss: 0.5, valAccuracy: 0.85, elapsedMs: 1200 }],
    test: { loss: 0.5, accuracy: 0.86, n: 500 },
    stopReason: 'done',
    steps: 14,
    wallTimeMs: 1300,
    weights,
  });
}

describe('sha256', () => {
  it('matches the FIPS 180-4 test vectors, in one piece and in chunks', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const b = Uint8Array.from({ length: 1000003 }, (_, i) => (i * 7) & 255);
    expect(sha256(b)).toBe('c4a4283055231619b3d05f4a9a7a5c2c8f769e70d5d1ec88510bdaea2b2f9728'); // node:crypto's
  });
});

describe('run record', () => {
  it('round-trips through its JSON with the exact preprocessing training used', () => {
    const r = sampleRecord();
    const back = parseRunRecord(serializeRunRecord(r));
    expect(back).toEqual(r);
    expect(back.preprocessing).toEqual({ kind: 'standard', scale: 1 / 255, mean: [0.1304], std: [0.308] });
    expect(back.version).toBe(RUN_RECORD_VERSION);
  });

  it('refuses a record from a newer version, naming the versions', () => {
    const text = JSON.stringify({ ...sampleRecord(), version: RUN_RECORD_VERSION + 1 });
    expect(() => parseRunRecord(text, 'out/run.json')).toThrow(
      /out\/run\.json was written by a newer CNN Designer \(run record version 2; this one reads up to 1\)/,
    );
  });

  it('refuses a record whose graph was edited after training (hash mismatch)', () => {
    const r = sampleRecord();
    const doc = {
      ...r.graph.doc,
      nodes: r.graph.doc.nodes.map((n) => (n.id === 'conv' ? { ...n, params: { ...n.params, filters: 9 } } : n)),
    };
    expect(() => parseRunRecord(JSON.stringify({ ...r, graph: { ...r.graph, doc } }))).toThrow(
      /graph hash .* does not match its graph/,
    );
  });

  it('refuses weights that are not the run’s, and damaged or foreign files', () => {
    const r = sampleRecord();
    expect(() => checkRunWeights(r, weights, 'weights.bin')).not.toThrow();
    const other = new Map(weights);
    other.set('dense/bias', { shape: [2], data: Float32Array.from([0.5, -0.25]) });
    expect(() => checkRunWeights(r, other, 'out/weights.bin')).toThrow(RunRecordError);
    expect(() => checkRunWeights(r, other, 'out/weights.bin')).toThrow(
      /out\/weights\.bin does not hold this run's weights/,
    );
    expect(() => parseRunRecord('{"format":"cnn-designer"}')).toThrow(/not a CNN Designer run record/);
    expect(() => parseRunRecord('{')).toThrow(/not valid JSON/);
    expect(() => parseRunRecord(JSON.stringify({ ...r, epochs: 'x' }))).toThrow(/damaged: epochs/);
  });

  it('hashes the network, not its layout', () => {
    const a = tinyNet();
    const moved = {
      ...a,
      metadata: { name: 'other' },
      nodes: [...a.nodes].reverse().map((n) => ({ ...n, position: { x: 1, y: 2 } })),
    };
    expect(graphHash(moved)).toBe(graphHash(a));
    expect(graphHash(tinyNet(false))).not.toBe(graphHash(a));
    expect(weightsHash(weights)).toBe(weightsHash(new Map([...weights].reverse())));
  });
});

describe('APP_VERSION', () => {
  it('is package.json version', async () => {
    const { readFileSync } = await import('node:fs');
    const { APP_VERSION } = await import('./runRecord');
    expect(APP_VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});
