// Samples what the training doctor (doctor.ts) reads: every so often, on a fixed probe batch of training images,
// each layer's output mean / std and dead-ReLU fraction, the norm of the loss gradient for its weights and of the
// weights, and (one step later) how much one training step moved them. Rare by design: at most one sample every
// `everySteps` batches and `minIntervalMs`, one forward + backward pass on 32 images each, so training keeps its speed.
import type * as tfjs from '@tensorflow/tfjs';
import { makeBatch, type Dataset, type Normalisation } from '../data';
import { layerDef, type Analysis, type GraphDoc } from '../graph';
import type { DoctorSample, LayerStat } from './doctor';
import { lossOf, type ResolvedLoss } from './loss';

export interface DoctorSamplerOptions {
  readonly everySteps?: number;
  readonly minIntervalMs?: number;
  /** Images in the probe batch. */
  readonly batch?: number;
}

interface Measured {
  readonly nodeId: string;
  readonly relu: boolean;
  readonly vars: readonly tfjs.LayerVariable[];
}

/** Sample at most every this many batches and this many ms (one sample costs about two batches of 64). */
export const DOCTOR_EVERY_STEPS = 50;
export const DOCTOR_MIN_MS = 3000;

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export class DoctorSampler {
  private readonly nodes: Measured[];
  private readonly side: tfjs.LayersModel | null;
  private readonly xs: tfjs.Tensor4D;
  private readonly ys: tfjs.Tensor;
  private lastStep = -Infinity;
  private lastAt = -Infinity;
  /** A sample waiting for its update ratios: the weights before the step after it. */
  private pending: { sample: DoctorSample; before: tfjs.Tensor[][] } | null = null;
  private readonly every: number;
  /** Where the network's output is among the side model's outputs. */
  private readonly outIndex: number;
  private readonly minMs: number;

  constructor(
    private readonly tf: typeof tfjs,
    private readonly model: tfjs.LayersModel,
    outputs: ReadonlyMap<string, tfjs.SymbolicTensor>,
    layers: ReadonlyMap<string, readonly string[]>,
    doc: GraphDoc,
    analysis: Analysis,
    data: Dataset,
    indices: ArrayLike<number>,
    norm: Normalisation,
    private readonly loss: ResolvedLoss,
    o: DoctorSamplerOptions = {},
  ) {
    this.every = o.everySteps ?? DOCTOR_EVERY_STEPS;
    this.minMs = o.minIntervalMs ?? DOCTOR_MIN_MS;
    const n = Math.min(o.batch ?? 32, indices.length);
    const b = makeBatch(data, indices, 0, n, norm);
    this.xs = tf.tensor4d(b.x, [n, data.height, data.width, data.channels]);
    this.ys = tf.tidy(() => tf.oneHot(tf.tensor1d(b.y, 'int32'), data.numClasses).toFloat());
    // Every live node with weights or an activation (the output only if it has weights).
    this.nodes = analysis.order.flatMap((id) => {
      const node = doc.nodes.find((x) => x.id === id);
      if (!node || id === analysis.inputId || !analysis.live.has(id) || !outputs.has(id)) return [];
      const act = layerDef(node.type).activationOf?.(node.params as never) ?? null;
      const vars = (layers.get(id) ?? []).flatMap((name) => {
        try {
          return model.getLayer(name).trainableWeights;
        } catch {
          return [];
        }
      });
      // The output is measured for its weights' gradient only when it has weights.
      if (!vars.length && (!act || act === 'linear' || act === 'softmax' || id === analysis.outputId)) return [];
      return [{ nodeId: id, relu: act === 'relu', vars }];
    });
    // The network's output, appended unless it is one of the measured layers already (a model lists it once).
    const measured = this.nodes.map((m) => outputs.get(m.nodeId)!);
    const at = measured.indexOf(model.outputs[0]);
    this.outIndex = at >= 0 ? at : measured.length;
    this.side = this.nodes.length
      ? tf.model({ inputs: model.inputs, outputs: at >= 0 ? measured : [...measured, model.outputs[0]] })
      : null;
  }

  /** After each training step: maybe takes a sample; returns a finished sample (one step after it was taken). */
  async afterBatch(step: number, epoch: number, force = false): Promise<DoctorSample | null> {
    const done = this.pending ? await this.finish() : null;
    const t = now();
    if (this.side && (force || (step - this.lastStep >= this.every && t - this.lastAt >= this.minMs))) {
      this.lastStep = step;
      this.lastAt = t;
      await this.take(step, epoch);
    }
    return done;
  }

  dispose(): void {
    this.tf.dispose([this.xs, this.ys]);
    if (this.pending) this.pending.before.forEach((b) => this.tf.dispose(b));
    this.pending = null;
  }

  private async take(step: number, epoch: number): Promise<void> {
    const { tf, nodes } = this;
    const stats = tf.tidy(() => {
      // One forward pass for both: the side model outputs every measured layer and the network's output, so the
      // activation statistics come from the same pass the gradient is taken through.
      const parts: tfjs.Tensor[] = [];
      const vars = nodes.flatMap((m) => m.vars.map((v) => (v as unknown as { val: tfjs.Variable }).val));
      const lossOfBatch = () => {
        const r = this.side!.apply(this.xs, { training: false }) as tfjs.Tensor | tfjs.Tensor[];
        const outs = Array.isArray(r) ? r : [r];
        outs.slice(0, nodes.length).forEach((o, i) => {
          const { mean, variance } = tf.moments(o);
          // Dead: a unit whose largest value over the batch is still 0.
          const dead = nodes[i].relu ? tf.mean(tf.lessEqual(tf.max(o, 0), 0).toFloat()) : tf.scalar(-1);
          parts.push(tf.keep(mean), tf.keep(tf.sqrt(variance)), tf.keep(dead));
        });
        return lossOf(tf, this.loss, this.ys, outs[this.outIndex]) as tfjs.Scalar;
      };
      if (vars.length) {
        const { grads } = tf.variableGrads(lossOfBatch, vars);
        for (const m of nodes) {
          if (!m.vars.length) {
            parts.push(tf.scalar(-1), tf.scalar(-1));
            continue;
          }
          const g = m.vars.map((v) => grads[(v as unknown as { val: tfjs.Variable }).val.name]).filter(Boolean);
          parts.push(
            g.length ? tf.sqrt(tf.addN(g.map((x) => tf.sum(tf.square(x))))) : tf.scalar(0),
            tf.sqrt(tf.addN(m.vars.map((v) => tf.sum(tf.square(v.read()))))),
          );
        }
      } else {
        lossOfBatch();
        for (let i = 0; i < nodes.length; i++) parts.push(tf.scalar(-1), tf.scalar(-1));
      }
      const out = tf.stack(parts.map((p) => p.reshape([])));
      tf.dispose(parts);
      return out;
    });
    const v = await stats.data();
    stats.dispose();
    const n = nodes.length;
    const layers: LayerStat[] = nodes.map((m, i) => ({
      nodeId: m.nodeId,
      mean: v[i * 3],
      std: v[i * 3 + 1],
      dead: v[i * 3 + 2] < 0 ? null : v[i * 3 + 2],
      gradNorm: v[3 * n + i * 2] < 0 ? null : v[3 * n + i * 2],
      weightNorm: v[3 * n + i * 2 + 1] < 0 ? null : v[3 * n + i * 2 + 1],
      updateRatio: null,
    }));
    const before = nodes.map((m) => m.vars.map((x) => tf.keep(x.read().clone())));
    this.pending = { sample: { step, epoch, layers }, before };
  }

  /** The update ratios of the step since the pending sample was taken; the sample is then complete. */
  private async finish(): Promise<DoctorSample> {
    const { tf, nodes } = this;
    const { sample, before } = this.pending!;
    this.pending = null;
    const r = tf.tidy(() =>
      tf.stack(
        nodes.map((m, i) => {
          if (!m.vars.length) return tf.scalar(-1);
          const d = tf.addN(m.vars.map((x, k) => tf.sum(tf.square(tf.sub(x.read(), before[i][k])))));
          const w = tf.addN(before[i].map((b) => tf.sum(tf.square(b))));
          return tf.div(tf.sqrt(d), tf.maximum(tf.sqrt(w), 1e-12)).reshape([]);
        }),
      ),
    );
    const v = await r.data();
    r.dispose();
    before.forEach((b) => tf.dispose(b));
    return { ...sample, layers: sample.layers.map((l, i) => ({ ...l, updateRatio: v[i] < 0 ? null : v[i] })) };
  }
}
