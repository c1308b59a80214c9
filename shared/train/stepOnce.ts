// One batch, step by step: forward -> loss -> backward -> update, made visible for one layer: its activations on the
// batch's first image, the gradient of the loss for its weights, and how far the update moved them. It is a real
// training step (the weights change), with a fresh optimizer of the run's kind and learning rate.
import type * as tfjs from '@tensorflow/tfjs';
import { makeBatch, mulberry32, type Dataset, type Normalisation } from '../data';
import type { TrainConfig } from './config';
import { lossOf, type ResolvedLoss } from './loss';
import { quantise, type FeatureMap } from './probe';
import { makeOptimizer } from './trainer';

export interface StepView {
  readonly nodeId: string;
  readonly batchSize: number;
  readonly lossBefore: number;
  readonly lossAfter: number;
  /** The layer's output for the batch's first image (feature maps), or its values' mean/std for a vector. */
  readonly activation: FeatureMap | null;
  readonly activationMean: number;
  readonly activationStd: number;
  /** |d loss / d weights| of the layer, |weights| and |update| (null: the layer has no weights). */
  readonly gradNorm: number | null;
  readonly weightNorm: number | null;
  readonly updateNorm: number | null;
  /** The gradient of the layer's first weight tensor, as feature-map-like tiles (conv kernels: one per filter). */
  readonly gradient: FeatureMap | null;
  readonly learningRate: number;
  readonly optimizer: string;
}

export async function stepOnce(
  tf: typeof tfjs,
  model: tfjs.LayersModel,
  output: tfjs.SymbolicTensor,
  vars: readonly tfjs.LayerVariable[],
  data: Dataset,
  indices: ArrayLike<number>,
  norm: Normalisation,
  loss: ResolvedLoss,
  config: TrainConfig,
  nodeId: string,
  seed = Date.now(),
): Promise<StepView> {
  const n = Math.min(config.batchSize, indices.length);
  const rng = mulberry32(seed >>> 0);
  const pick = Array.from({ length: n }, () => indices[Math.floor(rng() * indices.length)]);
  const b = makeBatch(data, pick, 0, n, norm);
  const side = tf.model({ inputs: model.inputs, outputs: [output, ...model.outputs] });
  const xs = tf.tensor4d(b.x, [n, data.height, data.width, data.channels]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(b.y, 'int32'), data.numClasses).toFloat());
  const tVars = vars.map((v) => (v as unknown as { val: tfjs.Variable }).val);
  const optimizer = makeOptimizer(tf, config);
  try {
    // Forward and loss; backward: the gradient of the loss for the layer's weights (and all others, for the update).
    const before = vars.map((v) => tf.keep(v.read().clone()));
    const fwd = tf.tidy(() => {
      const [act, out] = side.apply(xs, { training: true }) as tfjs.Tensor[];
      const m = tf.moments(act);
      return { act: tf.keep(act.slice(0, 1)), mean: tf.keep(m.mean), std: tf.keep(tf.sqrt(m.variance)), out };
    });
    const { value: lossT, grads } = tf.variableGrads(() =>
      lossOf(tf, loss, ys, model.apply(xs, { training: true }) as tfjs.Tensor),
    );
    const own = tVars.map((v) => grads[v.name]).filter(Boolean);
    const gradNormT = own.length ? tf.tidy(() => tf.sqrt(tf.addN(own.map((g) => tf.sum(tf.square(g)))))) : null;
    const firstGrad = own[0] ? own[0].clone() : null;
    // Update: one optimizer step with these gradients.
    optimizer.applyGradients(grads);
    const after = tf.tidy(() => lossOf(tf, loss, ys, model.apply(xs, { training: false }) as tfjs.Tensor));
    const upd = vars.length
      ? tf.tidy(() => [
          tf.sqrt(tf.addN(vars.map((v, i) => tf.sum(tf.square(tf.sub(v.read(), before[i])))))),
          tf.sqrt(tf.addN(before.map((w) => tf.sum(tf.square(w))))),
        ])
      : null;
    const [actV, mean, std, l0, l1, g, u, w] = await Promise.all([
      fwd.act.data(),
      fwd.mean.data(),
      fwd.std.data(),
      lossT.data(),
      after.data(),
      gradNormT ? gradNormT.data() : Promise.resolve(null),
      upd ? upd[0].data() : Promise.resolve(null),
      upd ? upd[1].data() : Promise.resolve(null),
    ]);
    let gradient: FeatureMap | null = null;
    if (firstGrad && firstGrad.shape.length === 4) {
      // [kh, kw, cin, cout] -> cout tiles of kh x kw (summed over the input channels), like feature maps.
      const [kh, kw, cin, cout] = firstGrad.shape;
      const gv = (await firstGrad.data()) as Float32Array;
      const hwc = new Float32Array(kh * kw * cout);
      for (let p = 0; p < kh * kw; p++)
        for (let c = 0; c < cin; c++) for (let f = 0; f < cout; f++) hwc[p * cout + f] += gv[(p * cin + c) * cout + f];
      gradient = quantise(nodeId, [1, kh, kw, cout], hwc, 32);
    } else if (firstGrad && firstGrad.shape.length === 2) {
      const [fin, fout] = firstGrad.shape;
      gradient = quantise(nodeId, [1, fin, fout, 1], (await firstGrad.data()) as Float32Array, 1);
    }
    const shape = fwd.act.shape;
    const activation = shape.length === 4 ? quantise(nodeId, shape as number[], actV as Float32Array, 32) : null;
    tf.dispose([fwd.act, fwd.mean, fwd.std, fwd.out, lossT, after, ...Object.values(grads), ...before]);
    tf.dispose([...(upd ?? []), ...(gradNormT ? [gradNormT] : []), ...(firstGrad ? [firstGrad] : [])]);
    return {
      nodeId,
      batchSize: n,
      lossBefore: l0[0],
      lossAfter: l1[0],
      activation,
      activationMean: mean[0],
      activationStd: std[0],
      gradNorm: g ? g[0] : null,
      weightNorm: w ? w[0] : null,
      updateNorm: u ? u[0] : null,
      gradient,
      learningRate: config.learningRate,
      optimizer: config.optimizer,
    };
  } finally {
    optimizer.dispose();
    tf.dispose([xs, ys]);
  }
}
