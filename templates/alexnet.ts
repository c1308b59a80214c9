// AlexNet (Krizhevsky et al., 2012): the single-tower torchvision form, and a CIFAR-size variant.
import { GraphBuilder } from './builder';

export function alexnet() {
  const b = new GraphBuilder(
    'AlexNet (torchvision, 224x224x3)',
    'Single-tower AlexNet as in torchvision: conv 64@11x11 stride 4 pad 2, overlapping 3x3/2 max pooling, conv 192@5x5, 384, 256, 256 @3x3, dropout and fully connected 4096-4096-1000. The first big ReLU CNN. 61,100,840 trainable parameters.',
  );
  const x = b.add('Input', { height: 224, width: 224, channels: 3 }, undefined, 'input');
  const conv = (id: string, filters: number, k: number, s: number, pad: number, from: string) =>
    b.add(
      'Conv2D',
      { filters, kernel: [k, k], stride: [s, s], padding: 'explicit', pad: [pad, pad], activation: 'relu' },
      from,
      id,
    );
  const pool = (id: string, from: string) =>
    b.add('Pool', { mode: 'max', size: [3, 3], stride: [2, 2], padding: 'valid' }, from, id);
  let h = conv('conv1', 64, 11, 4, 2, x);
  h = pool('pool1', h);
  h = conv('conv2', 192, 5, 1, 2, h);
  h = pool('pool2', h);
  h = conv('conv3', 384, 3, 1, 1, h);
  h = conv('conv4', 256, 3, 1, 1, h);
  h = conv('conv5', 256, 3, 1, 1, h);
  h = pool('pool5', h);
  h = b.add('Flatten', {}, h, 'flatten');
  h = b.add('Dropout', { rate: 0.5 }, h, 'drop6');
  h = b.add('Dense', { units: 4096, activation: 'relu' }, h, 'fc6');
  h = b.add('Dropout', { rate: 0.5 }, h, 'drop7');
  h = b.add('Dense', { units: 4096, activation: 'relu' }, h, 'fc7');
  h = b.add('Dense', { units: 1000, activation: 'linear' }, h, 'fc8');
  b.add('Softmax', {}, h, 'softmax');
  return b.build();
}

/** AlexNet's ideas (ReLU, overlapping pooling, dropout) at CIFAR-10 size: trains in minutes. */
export function alexnetCifar() {
  const b = new GraphBuilder(
    'AlexNet-style (CIFAR-10, 32x32x3)',
    'A small AlexNet-style net for CIFAR-10: five ReLU convolutions, overlapping 3x3/2 max pooling, dropout and two fully connected layers. About 75% test accuracy in 25 epochs.',
  );
  const x = b.add('Input', { height: 32, width: 32, channels: 3 }, undefined, 'input');
  const conv = (id: string, filters: number, k: number, from: string) =>
    b.add('Conv2D', { filters, kernel: [k, k], padding: 'same', activation: 'relu' }, from, id);
  const pool = (id: string, from: string) =>
    b.add('Pool', { mode: 'max', size: [3, 3], stride: [2, 2], padding: 'valid' }, from, id);
  let h = conv('conv1', 64, 5, x);
  h = pool('pool1', h);
  h = conv('conv2', 64, 5, h);
  h = pool('pool2', h);
  h = conv('conv3', 96, 3, h);
  h = conv('conv4', 96, 3, h);
  h = conv('conv5', 64, 3, h);
  h = pool('pool5', h);
  h = b.add('Flatten', {}, h, 'flatten');
  h = b.add('Dropout', { rate: 0.5 }, h, 'drop6');
  h = b.add('Dense', { units: 256, activation: 'relu' }, h, 'fc6');
  h = b.add('Dropout', { rate: 0.5 }, h, 'drop7');
  h = b.add('Dense', { units: 128, activation: 'relu' }, h, 'fc7');
  h = b.add('Dense', { units: 10, activation: 'linear' }, h, 'fc8');
  b.add('Softmax', {}, h, 'softmax');
  return b.build();
}
