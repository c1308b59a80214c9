// The training loop over a compiled tfjs model: custom (not model.fit) so that it can pause, stop between
// batches, detect a NaN/Inf loss and restore the last good weights, stream throttled metrics and probe
// feature maps. Pure: the same code runs in Node (CLI, tests) and in the Worker (WebGL or cpu).
import type * as tfjs from '@tensorflow/tfjs';
import { english, type Msg } from '../i18n/msg';
import { makeBatch, mulberry32, shuffleInPlace, type Dataset, type Normalisation } from '../data';
import { learningRateAt, type TrainConfig } from './config';
import { lossOf, type ResolvedLoss } from './loss';
import type { FeatureMap, Probe } from './probe';

export interface BatchMetrics {
  readonly epoch: number; // 0-based
  readonly batch: number; // 0-based within the epoch
  readonly batches: number; // per epoch
  readonly step: number; // global, 0-based
  readonly loss: number;
  readonly accuracy: number;
  readonly learningRate: number;
  readonly samplesPerSec: number; // over the last few batches
  readonly elapsedMs: number;
}

export interface EpochMetrics {
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly valLoss: number | null;
  readonly valAccuracy: number | null;
  readonly elapsedMs: number;
}

export interface Evaluation {
  readonly loss: number;
  readonly accuracy: number;
  readonly n: number;
  /** confusion[true][predicted] counts. */
  readonly confusion: number[][];
  /** Misclassified examples (capped): index into the evaluated indices' data set. */
  readonly misclassified: { index: number; label: number; predicted: number; confidence: number }[];
}

export type StopReason = 'done' | 'stopped' | 'diverged';

export interface TrainResult {
  readonly reason: StopReason;
  /** Why a diverged run stopped, in English (logs, tests); `msg` is the same as catalogue data for the UI. */
  readonly message?: string;
  readonly msg?: Msg;
  readonly epochs: EpochMetrics[];
  readonly steps: number;
  readonly elapsedMs: number;
}

export interface TrainerEvents {
  onBatch?(m: BatchMetrics): void;
  onEpoch?(m: EpochMetrics): void;
  onProbe?(maps: FeatureMap[], step: number): void;
  /** The end-of-epoch validation pass: called with 0 before its first batch, then after every batch. */
  onEvaluate?(done: number, total: number): void;
}

/**
 * How often (at most) the training loop yields to the event loop. On the cpu backend every await in a batch
 * resolves as a microtask, so without this a Worker would not see Pause or Stop until the whole run ended.
 */
export const YIELD_EVERY_MS = 50;
/**
 * One macrotask turn without setTimeout's 4 ms clamp on nested timers: setImmediate in Node, a MessageChannel
 * in a Worker or page (a message port does not keep Node alive this way, and Node never takes that branch).
 */
// Looked up on each call, as a global would be (a test's fake timers replace it); typed here because only Node has it.
const nodeTimers = globalThis as { setImmediate?: (run: () => void) => unknown };
const yieldToEvents: () => Promise<void> =
  typeof nodeTimers.setImmediate === 'function'
    ? () => new Promise((resolve) => nodeTimers.setImmediate!(resolve))
    : (() => {
        const waiting: (() => void)[] = [];
        let channel: MessageChannel | null = null;
        return () =>
          new Promise<void>((resolve) => {
            if (!channel) {
              channel = new MessageChannel();
              channel.port1.onmessage = () => waiting.shift()?.();
            }
            waiting.push(resolve);
            channel.port2.postMessage(0);
          });
      })();

export interface TrainerInput {
  readonly data: Dataset;
  readonly train: ArrayLike<number>;
  readonly val: ArrayLike<number>;
  readonly norm: Normalisation;
  readonly loss: ResolvedLoss;
  readonly probe?: Probe | null;
  /** Index (into data) of the probe image. */
  readonly probeIndex?: number;
  /** Called after every step, between batches (the training doctor's sampler decides there whether to sample). */
  readonly afterBatch?: (step: number, epoch: number, lastOfEpoch: boolean) => Promise<void>;
  /**
   * Called once before the first step, after the first probe: like the probe's, the doctor's one-time costs (its
   * side model's WebGL shaders, compiled per shape) then fall into start-up rather than into training's speed.
   */
  readonly beforeFirstStep?: (step: number) => Promise<void>;
}

export function makeOptimizer(tf: typeof tfjs, c: TrainConfig): tfjs.Optimizer {
  switch (c.optimizer) {
    case 'sgd':
      return c.momentum > 0 ? tf.train.momentum(c.learningRate, c.momentum) : tf.train.sgd(c.learningRate);
    case 'adam':
      return tf.train.adam(c.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(c.learningRate, 0.9, c.momentum);
  }
}

function setLearningRate(opt: tfjs.Optimizer, lr: number): void {
  // Every tfjs optimizer reads this.learningRate on each applyGradients.
  const o = opt as unknown as { learningRate: number; setLearningRate?(lr: number): void };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

export class Trainer {
  private stopRequested = false;
  private pausedGate: Promise<void> | null = null;
  private release: (() => void) | null = null;
  /**
   * Copies of every weight of the model (model.weights: trainable ones and BatchNorm's moving mean and variance)
   * from before the latest snapshot step whose loss was finite and whose values were all finite.
   */
  private good: tfjs.Tensor[] | null = null;
  private optimizer: tfjs.Optimizer;
  private readonly buf: { x: Float32Array; y: Int32Array };
  private step = 0;
  /** The probe image as a normalised 1xHxWxC tensor (owned; replaced by setProbeImage). */
  private probeX: tfjs.Tensor4D | null = null;
  /** A new probe image waits for its maps: probe at the next batch, whatever the interval. */
  private probeWanted = false;

  constructor(
    private readonly tf: typeof tfjs,
    readonly model: tfjs.LayersModel,
    private readonly input: TrainerInput,
    readonly config: TrainConfig,
    private readonly events: TrainerEvents = {},
  ) {
    this.optimizer = makeOptimizer(tf, config);
    const d = input.data;
    this.buf = {
      x: new Float32Array(config.batchSize * d.height * d.width * d.channels),
      y: new Int32Array(config.batchSize),
    };
  }

  get paused(): boolean {
    return this.pausedGate !== null;
  }
  pause(): void {
    if (!this.pausedGate)
      this.pausedGate = new Promise((r) => {
        this.release = r;
      });
  }
  resume(): void {
    this.release?.();
    this.pausedGate = null;
    this.release = null;
  }
  /** Ends the run after the current batch; the weights trained so far stay in the model. */
  stop(): void {
    this.stopRequested = true;
    this.resume();
  }

  async run(): Promise<TrainResult> {
    const { tf, model, config: c, input } = this;
    const d = input.data,
      K = d.numClasses,
      bs = c.batchSize;
    const order = Uint32Array.from(input.train);
    const rng = mulberry32(c.seed);
    const augRng = mulberry32(c.seed ^ 0x5bd1e995);
    const batches = Math.ceil(order.length / bs);
    const epochs: EpochMetrics[] = [];
    const t0 = now();
    const recent: { t: number; n: number }[] = [];
    let lastProbe = -Infinity,
      lastYield = t0;
    if (!this.probeX && input.probe && input.probeIndex !== undefined)
      this.probeX = this.normalisedImage(d, input.probeIndex);
    const probeX = () => this.probeX;
    // A first probe before any step: the maps of the initial weights appear at once, and the probe's
    // one-time costs (WebGL shader compilation) fall into start-up rather than into training.
    if (probeX() && c.probeEvery > 0) {
      lastProbe = now();
      this.probeWanted = false;
      this.events.onProbe?.(await input.probe!.run(probeX()!), this.step);
    }
    if (input.beforeFirstStep) await input.beforeFirstStep(this.step);
    for (let epoch = 0; epoch < c.epochs; epoch++) {
      shuffleInPlace(order, rng);
      let sumLoss = 0,
        sumAcc = 0,
        seen = 0;
      for (let b = 0; b < batches; b++) {
        // Messages to the worker (pause, stop) are handled here, before the checks below.
        if (now() - lastYield >= YIELD_EVERY_MS) {
          await yieldToEvents();
          lastYield = now();
        }
        if (this.pausedGate) await this.pausedGate;
        if (this.stopRequested) {
          // The last step's update may have made the weights non-finite (its loss, read before the update, was not).
          if (!(await this.weightsFinite()))
            return this.diverge(
              { key: 'train.weightsNaNByStep', params: { step: this.step, epoch: epoch + 1 } },
              epochs,
              t0,
            );
          return this.finish('stopped', epochs, t0);
        }
        const start = b * bs,
          count = Math.min(bs, order.length - start);
        const lr = learningRateAt(c, epoch + b / batches);
        setLearningRate(this.optimizer, lr);
        // The weights before this step; they become the last good ones if this step's loss is finite.
        const pending = this.step % c.snapshotEvery === 0 || !this.good ? this.snapshot() : null;
        const batch = makeBatch(d, order, start, count, input.norm, c.augmentation, augRng, this.buf);
        const both = tf.tidy(() => {
          // Read back with the loss (no extra wait): a BatchNorm statistic can turn Inf or NaN while the training
          // loss stays finite (training uses the batch's own statistics), so a snapshot's values are checked too.
          const pendingFinite = pending ? allFinite(tf, pending) : null;
          const xs = tf.tensor4d(batch.x, [count, d.height, d.width, d.channels]);
          const labels = tf.tensor1d(batch.y, 'int32');
          const ys = tf.oneHot(labels, K).toFloat();
          let acc: tfjs.Scalar | null = null;
          const cost = this.optimizer.minimize(() => {
            const out = model.apply(xs, { training: true }) as tfjs.Tensor;
            acc = tf.keep(tf.mean(tf.equal(tf.argMax(out, -1), labels).toFloat()) as tfjs.Scalar);
            return lossOf(tf, input.loss, ys, out);
          }, true)!;
          const s = tf.stack(pendingFinite ? [cost, acc!, pendingFinite] : [cost, acc!]);
          tf.dispose(acc!);
          return s;
        });
        const [loss, accuracy, pendingOk = 1] = await both.data();
        both.dispose();
        if (!Number.isFinite(loss) || pendingOk !== 1) {
          // Nothing older to go back to (the run's first step): the weights it started from, if they are finite.
          if (pending && !this.good && pendingOk === 1) this.good = pending;
          else if (pending) tf.dispose(pending);
          const at = { epoch: epoch + 1, batch: b + 1, lr: fmt(lr) };
          return this.diverge(
            Number.isFinite(loss)
              ? { key: 'train.weightsNaNAt', params: at }
              : { key: 'train.lossAt', params: { ...at, loss: String(loss) } },
            epochs,
            t0,
          );
        }
        if (pending) {
          if (this.good) tf.dispose(this.good);
          this.good = pending;
        }
        sumLoss += loss * count;
        sumAcc += accuracy * count;
        seen += count;
        const t = now();
        recent.push({ t, n: count });
        while (recent.length > 20) recent.shift();
        const span = recent.length > 1 ? t - recent[0].t : t - t0;
        const nSpan = recent.length > 1 ? recent.slice(1).reduce((s, r) => s + r.n, 0) : count;
        this.events.onBatch?.({
          epoch,
          batch: b,
          batches,
          step: this.step,
          loss,
          accuracy,
          learningRate: lr,
          samplesPerSec: span > 0 ? (nSpan * 1000) / span : 0,
          elapsedMs: t - t0,
        });
        this.step++;
        if (input.afterBatch) await input.afterBatch(this.step, epoch, b === batches - 1);
        if (
          probeX() &&
          c.probeEvery > 0 &&
          (this.probeWanted ||
            ((this.step % c.probeEvery === 0 || b === batches - 1) && t - lastProbe >= (c.probeMinIntervalMs ?? 0)))
        ) {
          lastProbe = t;
          this.probeWanted = false;
          this.events.onProbe?.(await input.probe!.run(probeX()!), this.step);
        }
      }
      // As at Stop: the weights the epoch ends with (posted by the worker as the last ones) must be finite.
      if (!(await this.weightsFinite()))
        return this.diverge({ key: 'train.weightsNaNEnd', params: { epoch: epoch + 1 } }, epochs, t0);
      const val = input.val.length ? await this.evaluate(d, input.val, 0, 256, this.events.onEvaluate) : null;
      const m: EpochMetrics = {
        epoch,
        loss: sumLoss / seen,
        accuracy: sumAcc / seen,
        valLoss: val?.loss ?? null,
        valAccuracy: val?.accuracy ?? null,
        elapsedMs: now() - t0,
      };
      epochs.push(m);
      this.events.onEpoch?.(m);
    }
    return this.finish('done', epochs, t0);
  }

  /**
   * Makes `pixels` (one H x W x C image of bytes, like the data set's) the probe image, normalised like
   * the training data. While a run goes on its maps come at the next batch; otherwise call probeNow.
   */
  setProbeImage(pixels: Uint8Array): void {
    const d = this.input.data,
      size = d.height * d.width * d.channels;
    if (pixels.length !== size)
      throw new Error(
        `A probe image of ${d.height}x${d.width}x${d.channels} needs ${size} bytes, not ${pixels.length}.`,
      );
    const one: Dataset = { ...d, images: pixels, labels: new Uint8Array(1), n: 1 };
    this.probeX?.dispose();
    this.probeX = this.normalisedImage(one, 0);
    this.probeWanted = true;
  }

  /** The probe's maps for the current weights and probe image now (null without a probe). Not during a batch. */
  async probeNow(): Promise<FeatureMap[] | null> {
    if (!this.input.probe) return null;
    if (!this.probeX && this.input.probeIndex !== undefined)
      this.probeX = this.normalisedImage(this.input.data, this.input.probeIndex);
    if (!this.probeX) return null;
    this.probeWanted = false;
    return this.input.probe.run(this.probeX);
  }

  /** The probe image as the network sees it (normalised 1xHxWxC; owned by the trainer), or null without one. */
  probeInput(): tfjs.Tensor4D | null {
    if (!this.probeX && this.input.probeIndex !== undefined)
      this.probeX = this.normalisedImage(this.input.data, this.input.probeIndex);
    return this.probeX;
  }

  private normalisedImage(d: Dataset, index: number): tfjs.Tensor4D {
    const b = makeBatch(d, [index], 0, 1, this.input.norm);
    return this.tf.tensor4d(b.x, [1, d.height, d.width, d.channels]);
  }

  /**
   * Loss, accuracy and confusion matrix over `indices` of `data`, in batches, without training. `onProgress` is
   * called with 0 before the first batch and after every batch (a long evaluation shows that it is moving).
   */
  async evaluate(
    data: Dataset,
    indices: ArrayLike<number>,
    maxMisclassified = 200,
    batchSize = 256,
    onProgress?: (done: number, total: number) => void,
  ): Promise<Evaluation> {
    const { tf, model, input } = this;
    const K = data.numClasses;
    const confusion = Array.from({ length: K }, () => new Array(K).fill(0));
    const mis: Evaluation['misclassified'] = [];
    let sumLoss = 0,
      correct = 0;
    const buf = {
      x: new Float32Array(batchSize * data.height * data.width * data.channels),
      y: new Int32Array(batchSize),
    };
    onProgress?.(0, indices.length);
    for (let s = 0; s < indices.length; s += batchSize) {
      const count = Math.min(batchSize, indices.length - s);
      const b = makeBatch(data, indices, s, count, input.norm, undefined, undefined, buf);
      const [lossT, predT, confT] = tf.tidy(() => {
        const out = model.predict(tf.tensor4d(b.x, [count, data.height, data.width, data.channels])) as tfjs.Tensor;
        const ys = tf.oneHot(tf.tensor1d(b.y, 'int32'), K).toFloat();
        const probs = input.loss === 'ce-logits' ? tf.softmax(out) : out;
        return [tf.mul(lossOf(tf, input.loss, ys, out), count), tf.argMax(out, -1), tf.max(probs, -1)];
      });
      const [l, p, cf] = await Promise.all([lossT.data(), predT.data(), confT.data()]);
      tf.dispose([lossT, predT, confT]);
      sumLoss += l[0];
      for (let i = 0; i < count; i++) {
        const y = b.y[i],
          q = p[i];
        confusion[y][q]++;
        if (y === q) correct++;
        else if (mis.length < maxMisclassified)
          mis.push({ index: indices[s + i], label: y, predicted: q, confidence: cf[i] });
      }
      onProgress?.(s + count, indices.length);
    }
    const n = indices.length;
    return { loss: n ? sumLoss / n : NaN, accuracy: n ? correct / n : NaN, n, confusion, misclassified: mis };
  }

  /** Frees the optimizer state and weight snapshots (the model stays: its owner disposes it). */
  dispose(): void {
    this.optimizer.dispose();
    this.probeX?.dispose();
    this.probeX = null;
    if (this.good) this.tf.dispose(this.good);
    this.good = null;
  }

  /** Copies of every weight, trainable or not: BatchNorm's moving mean and variance go NaN with the rest. */
  private snapshot(): tfjs.Tensor[] {
    return this.tf.tidy(() => this.model.weights.map((w) => this.tf.keep(w.read().clone())));
  }

  private async weightsFinite(): Promise<boolean> {
    const flag = allFinite(
      this.tf,
      this.model.weights.map((w) => w.read()),
    );
    const [ok] = await flag.data();
    flag.dispose();
    return ok === 1;
  }

  /**
   * Ends a run whose loss or weights went NaN/Inf: every weight (BatchNorm statistics included) goes back to the
   * last good snapshot, bit for bit, and the optimizer starts afresh. Its state is not snapshotted: the failed
   * step's minimize had already fed it the NaN gradients (its moments would turn the restored weights NaN at the
   * next step), and keeping copies of Adam's two moments would triple the snapshot's memory. A fresh optimizer is
   * also what Continue gets (a new Trainer), so training on from here behaves the same either way.
   */
  private diverge(what: Msg, epochs: EpochMetrics[], t0: number): TrainResult {
    const restored = this.restoreGood();
    this.optimizer.dispose();
    this.optimizer = makeOptimizer(this.tf, this.config);
    const msg: Msg = { key: restored ? 'train.diverged' : 'train.divergedNoRestore', params: { what } };
    return { ...this.finish('diverged', epochs, t0, english(msg)), msg };
  }

  private restoreGood(): boolean {
    if (!this.good) return false;
    const ws = this.model.weights;
    this.tf.tidy(() => ws.forEach((w, i) => w.write(this.good![i])));
    return true;
  }

  private finish(reason: StopReason, epochs: EpochMetrics[], t0: number, message?: string): TrainResult {
    return { reason, message, epochs, steps: this.step, elapsedMs: now() - t0 };
  }
}

/** A float scalar: 1 when every value of every tensor is finite, else 0. */
function allFinite(tf: typeof tfjs, ts: readonly tfjs.Tensor[]): tfjs.Scalar {
  return tf.tidy(() =>
    ts.length ? (tf.all(tf.stack(ts.map((t) => tf.all(tf.isFinite(t))))).toFloat() as tfjs.Scalar) : tf.scalar(1),
  );
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
const fmt = (x: number) => x.toPrecision(3);
