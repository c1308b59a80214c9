// What TensorFlow.js can build and run, as limits the validator checks, so that compile() refuses
// a graph it cannot build (with a problem) instead of throwing. The numbers come from measurements
// and platform facts, each with a margin; they are far above every template (AlexNet: 61M weights,
// 13 layers deep; ResNet-18: 11.7M weights).
import { fixSay, say } from '../i18n/msg';
import { paramLabel } from './params';
import type { GraphNode, NodeCounts, Problem, Shape } from './types';

/**
 * The longest path from the Input, counted in tfjs layers (a node may build up to 3: see
 * LayerDef.tfjsDepth). tfjs-layers' Container walks the graph recursively when tf.model() is built,
 * so a long chain overflows the stack. Measured with a chain of ReLUs (`tf.model` on the cpu backend,
 * Node 20): it builds 4,400 layers and throws "Maximum call stack size exceeded" at 4,500 with Node's
 * default 984 KB stack; with --stack-size=492 it breaks between 2,200 and 2,500 and with 1968 between
 * 8,000 and 9,000, so about 4.5 layers per KB of stack. A browser's Worker, where training compiles,
 * has less: a plain recursion probe reaches 13,683 calls in Node 20, 20,483 on Chromium 156's page
 * thread and 6,360 in its dedicated Worker (0.46 of Node), so tfjs would fail near 2,000 layers
 * there. The limit keeps a 2x margin over that: 1,000 layers (ResNet-152 built node by node is about 510).
 */
export const MAX_DEPTH = 1_000;

/** Bytes per value: every tensor here is float32. */
export const BYTES_PER_VALUE = 4;

/**
 * The most values one tensor may hold: a layer's output for one sample, or one layer's weights.
 * A tensor's data is one typed array: V8 allows 2^32 elements (Node 20: `new Float32Array(2 ** 32 + 1)`
 * throws "Invalid typed array length"), but browsers only promise ArrayBuffers of 2^31 - 1 bytes
 * (2^29 - 1 float32 values). tfjs's WebGL backend keeps a tensor in one texture: desktop GPUs give
 * a MAX_TEXTURE_SIZE of 16384 or more, 16384^2 = 2^28 texels even unpacked; SwiftShader (Chromium 156)
 * gives 8192, where 2^28 values fit only packed (4 per texel), and there the app trains on the cpu
 * backend by default. 2^28 values (1 GiB as float32) fits all of these; a batch multiplies an
 * activation, which is the trainer's to check.
 */
export const MAX_TENSOR_VALUES = 2 ** 28;

/**
 * The most bytes of weights (trainable and not) in a whole model: 1 GiB, 268,435,456 float32 values.
 * Saving or exporting concatenates every weight into one ArrayBuffer (tfjs io's weights.bin), which
 * must stay under the browsers' 2^31 - 1 bytes and under the export cap (MAX_EXPORT_BYTES, 2 GiB);
 * training then holds about 5x this (weights, gradients, Adam's two moments and the snapshot for
 * NaN rollback), which is already more than most machines give one tab.
 */
export const MAX_WEIGHT_BYTES = 2 ** 30;

const gib = (values: number) => `${+((values * BYTES_PER_VALUE) / 2 ** 30).toFixed(2)} GiB`;
const product = (s: Shape) => {
  let n = 1;
  for (const d of s) n *= d;
  return n;
};

/**
 * Problems of one node's tensors: an output too large (reported where it first becomes too large,
 * not again downstream) and weights too large for one tensor.
 */
export function tensorProblems(
  node: GraphNode,
  inShapes: readonly Shape[],
  shape: Shape,
  values: number,
  counts: NodeCounts,
  param: string | undefined,
): Problem[] {
  const out: Problem[] = [];
  if (values > MAX_TENSOR_VALUES && inShapes.every((s) => product(s) <= MAX_TENSOR_VALUES)) {
    out.push({
      severity: 'error',
      code: 'tensor-too-large',
      nodeId: node.id,
      ...say('problem.tensor-too-large', {
        node: node.id,
        shape: shape.join('x'),
        values,
        size: gib(values),
        max: MAX_TENSOR_VALUES,
        maxSize: gib(MAX_TENSOR_VALUES),
      }),
    });
  }
  const weights = counts.trainable + counts.nonTrainable;
  if (weights > MAX_TENSOR_VALUES) {
    // Weights grow linearly with the layer's width parameter (the catalogue's widthParam), so scaling it down fits.
    const old = param ? (node.params[param] as number) : 0;
    const fitted = param ? Math.floor(old * (MAX_TENSOR_VALUES / weights)) : 0;
    out.push({
      severity: 'error',
      code: 'weights-too-large',
      nodeId: node.id,
      param,
      ...say(param ? 'problem.weights-too-large' : 'problem.weights-too-large-input', {
        node: node.id,
        weights,
        size: gib(weights),
        max: MAX_TENSOR_VALUES,
        maxSize: gib(MAX_TENSOR_VALUES),
        fitted,
        param: paramLabel(node.type, param ?? ''),
      }),
      fix:
        param && fitted >= 1
          ? {
              kind: 'setParam',
              ...fixSay('fix.setParam', { param: paramLabel(node.type, param), value: fitted }),
              nodeId: node.id,
              param,
              value: fitted,
            }
          : undefined,
    });
  }
  return out;
}

/** The whole model's weights against MAX_WEIGHT_BYTES; reported on the layer with the most weights. */
export function modelWeightProblem(
  totalValues: number,
  biggest: { readonly id: string; readonly values: number } | null,
): Problem | null {
  if (totalValues * BYTES_PER_VALUE <= MAX_WEIGHT_BYTES) return null;
  return {
    severity: 'error',
    code: 'model-too-large',
    nodeId: biggest?.id,
    ...say(biggest ? 'problem.model-too-large' : 'problem.model-too-large-empty', {
      weights: totalValues,
      size: gib(totalValues),
      max: MAX_WEIGHT_BYTES / BYTES_PER_VALUE,
      maxSize: gib(MAX_WEIGHT_BYTES / BYTES_PER_VALUE),
      node: biggest?.id ?? '',
      largest: biggest?.values ?? 0,
    }),
  };
}

/** The depth limit: `firstOver` is the first node past MAX_DEPTH, `depth` the model's whole depth. */
export function depthProblem(firstOver: string, depth: number, inputId: string, outputId: string): Problem {
  return {
    severity: 'error',
    code: 'too-deep',
    nodeId: firstOver,
    ...say('problem.too-deep', { depth, input: inputId, output: outputId, max: MAX_DEPTH, node: firstOver }),
  };
}
