// Dilated (atrous) Conv2D that tfjs can train. tfjs 4.22 computes a dilated convolution forward on
// every backend but refuses its gradient: the Conv2D kernel's gradient and fused conv2d's own gradient
// both assert dilation 1 ("dilation rates greater than 1 are not yet supported in gradients").
// TensorFlow itself runs atrous convolution as space-to-batch -> ordinary convolution -> batch-to-space
// (tf.nn.with_space_to_batch), and tfjs differentiates all three ops on every backend (stock cpu, our
// fast cpu kernels, webgl). A dilated Conv2D layer computes that way; it stays a stock tfjs Conv2D
// (same class, config and weights), so model.json and every exporter still read its dilation_rate.
import type * as tfjs from '@tensorflow/tfjs';

/**
 * conv2d(x, kernel) with stride 1, dilation d and TF padding 'same' or 'valid', computed with an
 * undilated kernel. Each of the d_h x d_w interleaved sub-grids of the (padded) input meets the kernel's
 * taps exactly; spaceToBatchND makes the sub-grids a batch, and batchToSpaceND interleaves the results.
 */
export function atrousConv2d(
  tf: typeof tfjs,
  x: tfjs.Tensor4D,
  kernel: tfjs.Tensor4D,
  d: readonly [number, number],
  padding: 'same' | 'valid',
): tfjs.Tensor4D {
  const paddings: [number, number][] = [],
    crops: [number, number][] = [];
  for (const i of [0, 1]) {
    const n = x.shape[i + 1],
      ke = d[i] * (kernel.shape[i] - 1) + 1;
    // TF 'same' at stride 1: ke - 1 zeros in all, the odd one after (as computeConv2DInfo pads).
    const total = padding === 'same' ? ke - 1 : 0,
      before = Math.floor(total / 2);
    // spaceToBatchND needs the padded length to be a multiple of d: pad the rest at the end, and crop
    // the outputs that padding adds (d * (L/d - k + 1) = out + extra) after batchToSpaceND.
    const extra = (d[i] - ((n + total) % d[i])) % d[i];
    paddings.push([before, total - before + extra]);
    crops.push([0, extra]);
  }
  return tf.tidy(() => {
    const sub = tf.spaceToBatchND(x, [d[0], d[1]], paddings);
    return tf.batchToSpaceND(tf.conv2d(sub, kernel, 1, 'valid'), [d[0], d[1]], crops);
  });
}

/** The fields of tfjs-layers' Conv2D (4.22) that the dilated call reads. */
interface ConvLayerInternals {
  readonly kernel: { read(): tfjs.Tensor };
  readonly bias: { read(): tfjs.Tensor } | null;
  readonly activation: { apply(x: tfjs.Tensor): tfjs.Tensor } | null;
  readonly padding: string;
  readonly strides: readonly number[];
  readonly dilationRate: readonly number[];
  readonly dataFormat: string;
  call(inputs: tfjs.Tensor | tfjs.Tensor[], kwargs: unknown): tfjs.Tensor | tfjs.Tensor[];
}

/**
 * Makes a tf.layers.conv2d layer with dilation > 1 compute through atrousConv2d (forward and so also
 * backward); a layer without dilation is returned untouched. Only the instance's call changes: the
 * class, config and weights are tfjs's own.
 */
export function trainableDilation<L extends tfjs.layers.Layer>(tf: typeof tfjs, layer: L): L {
  const c = layer as unknown as ConvLayerInternals;
  const d = c.dilationRate;
  if (d.every((v) => v === 1)) return layer;
  if (
    c.strides.some((s) => s !== 1) ||
    c.dataFormat !== 'channelsLast' ||
    (c.padding !== 'same' && c.padding !== 'valid')
  ) {
    // The catalogue refuses stride with dilation (tfjs cannot run it forward either) and pads other modes
    // with a ZeroPadding2D layer first, so this is a programming error, not a user's.
    throw new Error(
      `A dilated Conv2D needs stride 1, channelsLast and padding same/valid; got strides ${c.strides}, ${c.dataFormat}, ${c.padding}.`,
    );
  }
  const padding = c.padding;
  c.call = (inputs) =>
    tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tfjs.Tensor4D;
      let y: tfjs.Tensor = atrousConv2d(tf, x, c.kernel.read() as tfjs.Tensor4D, [d[0], d[1]], padding);
      if (c.bias) y = tf.add(y, c.bias.read());
      return c.activation ? c.activation.apply(y) : y;
    });
  return layer;
}
