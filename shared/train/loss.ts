// Which loss fits the graph's output: probabilities (the output layer applies softmax, as the catalogue's
// activationOf says: Softmax, Activation kind softmax, a fused softmax activation) take cross-entropy on
// probabilities; anything else classified takes softmax cross-entropy on logits; 'mse' for regression.
import type * as tfjs from '@tensorflow/tfjs';
import { CATALOGUE, type Analysis, type GraphDoc } from '../graph';
import type { LossKind } from './config';

export type ResolvedLoss = 'ce-probs' | 'ce-logits' | 'mse';

export function resolveLoss(kind: LossKind, doc: GraphDoc, a: Analysis): ResolvedLoss {
  if (kind === 'mse') return 'mse';
  const out = doc.nodes.find((n) => n.id === a.outputId);
  const probs = out !== undefined && CATALOGUE[out.type].activationOf?.(out.params) === 'softmax';
  return probs ? 'ce-probs' : 'ce-logits';
}

/** Mean loss over the batch (a scalar). `y` is one-hot. */
export function lossOf(tf: typeof tfjs, kind: ResolvedLoss, y: tfjs.Tensor, out: tfjs.Tensor): tfjs.Scalar {
  switch (kind) {
    case 'ce-probs':
      return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.clipByValue(out, 1e-7, 1))), -1))) as tfjs.Scalar;
    case 'ce-logits':
      return tf.losses.softmaxCrossEntropy(y, out) as tfjs.Scalar;
    case 'mse':
      return tf.losses.meanSquaredError(y, out) as tfjs.Scalar;
  }
}
