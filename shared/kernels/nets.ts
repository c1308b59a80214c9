// Reference nets for the kernel tests and the benchmark, built directly with tf.layers on the caller's tf.
// (The product's graph compiler builds its own; these are fixed fixtures.)
import type { TF } from './types';

type LayersModel = ReturnType<TF['sequential']>;

/** LeNet-5 as in the issue: 28x28x1, conv 6@5x5 same relu, maxpool 2, conv 16@5x5 valid relu, maxpool 2,
 *  flatten, dense 120 relu, 84 relu, 10 softmax: 61,706 parameters. */
export function buildLeNet5(tf: TF, seed = 1): LayersModel {
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed * 100 + s });
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 6,
        kernelSize: 5,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(1),
      }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.conv2d({
        filters: 16,
        kernelSize: 5,
        padding: 'valid',
        activation: 'relu',
        kernelInitializer: init(2),
      }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 120, activation: 'relu', kernelInitializer: init(3) }),
      tf.layers.dense({ units: 84, activation: 'relu', kernelInitializer: init(4) }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(5) }),
    ],
  });
}

/** Conv (no bias) -> BN -> optional ReLU. */
function convBn(
  tf: TF,
  x: any,
  filters: number,
  kernelSize: number,
  strides: number,
  seed: number,
  relu: boolean,
): any {
  let y = tf.layers
    .conv2d({
      filters,
      kernelSize,
      strides,
      padding: 'same',
      useBias: false,
      kernelInitializer: tf.initializers.heNormal({ seed }),
    })
    .apply(x);
  y = tf.layers.batchNormalization({ axis: -1 }).apply(y);
  return relu ? tf.layers.reLU().apply(y) : y;
}

/** Basic residual block; a 1x1 conv + BN projection on the shortcut when shape changes (or when forced). */
function basicBlock(tf: TF, x: any, filters: number, strides: number, seed: number, project: boolean): any {
  let y = convBn(tf, x, filters, 3, strides, seed, true);
  y = convBn(tf, y, filters, 3, 1, seed + 1, false);
  const shortcut = project ? convBn(tf, x, filters, 1, strides, seed + 2, false) : x;
  return tf.layers.reLU().apply(tf.layers.add().apply([y, shortcut]));
}

/** A small ResNet for parity tests: one projection block with batch norm, GAP, dense softmax. */
export function buildResBlockNet(
  tf: TF,
  inputShape: [number, number, number] = [12, 12, 3],
  filters = 8,
  classes = 10,
): LayersModel {
  const input = tf.input({ shape: inputShape });
  let x = convBn(tf, input, filters, 3, 1, 11, true);
  x = basicBlock(tf, x, filters * 2, 2, 21, true);
  x = tf.layers.globalAveragePooling2d({}).apply(x);
  const out = tf.layers
    .dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 31 }) })
    .apply(x);
  return tf.model({ inputs: input, outputs: out as any }) as unknown as LayersModel;
}

/** ResNet-20 for CIFAR-10 (He et al. 2015): 3 stages x 3 basic blocks, 16/32/64 filters, BN, ReLU, GAP, dense 10.
 *  Shortcuts: identity, 1x1 conv + BN projection where the shape changes (option B): 274,042 parameters
 *  (272,474 trainable; the rest are BN moving statistics). */
export function buildResNet20(tf: TF): LayersModel {
  const input = tf.input({ shape: [32, 32, 3] });
  let x = convBn(tf, input, 16, 3, 1, 1, true);
  let seed = 10;
  for (const [stage, filters] of [16, 32, 64].entries()) {
    for (let b = 0; b < 3; b++) {
      const strides = stage > 0 && b === 0 ? 2 : 1;
      x = basicBlock(tf, x, filters, strides, seed, strides !== 1);
      seed += 3;
    }
  }
  x = tf.layers.globalAveragePooling2d({}).apply(x);
  const out = tf.layers
    .dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 99 }) })
    .apply(x);
  return tf.model({ inputs: input, outputs: out as any }) as unknown as LayersModel;
}
