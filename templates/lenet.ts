// LeNet-5 (LeCun et al., 1998) in two forms.
import { GraphBuilder } from './builder';

/** The 1998 form: 32x32 input, valid 5x5 convolutions, average pooling, tanh, C5 as a convolution. */
export function lenet5Classic() {
  const b = new GraphBuilder(
    'LeNet-5 (1998, 32x32)',
    'LeCun et al. 1998: C1 6@5x5, S2 avg 2x2, C3 16@5x5, S4 avg 2x2, C5 120@5x5 (a convolution covering the whole 5x5 map), F6 84, 10 outputs; tanh units (LeCun used a scaled tanh, 1.7159 tanh(2x/3), the choice of the time; ReLU, the default today, came with deeper nets). 61,706 trainable parameters (sub-sampling layers without their 1998 trainable coefficients, C3 fully connected).',
  );
  const x = b.add('Input', { height: 32, width: 32, channels: 1 }, undefined, 'input');
  const c1 = b.add('Conv2D', { filters: 6, kernel: [5, 5], padding: 'valid', activation: 'tanh' }, x, 'C1');
  const s2 = b.add('Pool', { mode: 'avg', size: [2, 2], stride: [2, 2] }, c1, 'S2');
  const c3 = b.add('Conv2D', { filters: 16, kernel: [5, 5], padding: 'valid', activation: 'tanh' }, s2, 'C3');
  const s4 = b.add('Pool', { mode: 'avg', size: [2, 2], stride: [2, 2] }, c3, 'S4');
  const c5 = b.add('Conv2D', { filters: 120, kernel: [5, 5], padding: 'valid', activation: 'tanh' }, s4, 'C5');
  const f = b.add('Flatten', {}, c5, 'flatten');
  const f6 = b.add('Dense', { units: 84, activation: 'tanh' }, f, 'F6');
  const out = b.add('Dense', { units: 10, activation: 'linear' }, f6, 'output');
  b.add('Softmax', {}, out, 'softmax');
  return b.build();
}

/** The MNIST form: 28x28 input with a 'same' first convolution (equivalent to padding to 32x32), ReLU and max pooling. */
export function lenet5Mnist() {
  const b = new GraphBuilder(
    'LeNet-5 (MNIST, 28x28)',
    'LeNet-5 for 28x28 MNIST digits: C1 6@5x5 with same padding (as if the digit were padded to 32x32), max pooling, C3 16@5x5, then dense 120-84-10; ReLU units as in modern practice. 61,706 trainable parameters, about 99% test accuracy on MNIST.',
  );
  const x = b.add('Input', { height: 28, width: 28, channels: 1 }, undefined, 'input');
  const c1 = b.add('Conv2D', { filters: 6, kernel: [5, 5], padding: 'same', activation: 'relu' }, x, 'C1');
  const s2 = b.add('Pool', { mode: 'max', size: [2, 2], stride: [2, 2] }, c1, 'S2');
  const c3 = b.add('Conv2D', { filters: 16, kernel: [5, 5], padding: 'valid', activation: 'relu' }, s2, 'C3');
  const s4 = b.add('Pool', { mode: 'max', size: [2, 2], stride: [2, 2] }, c3, 'S4');
  const f = b.add('Flatten', {}, s4, 'flatten');
  const c5 = b.add('Dense', { units: 120, activation: 'relu' }, f, 'C5');
  const f6 = b.add('Dense', { units: 84, activation: 'relu' }, c5, 'F6');
  const out = b.add('Dense', { units: 10, activation: 'linear' }, f6, 'output');
  b.add('Softmax', {}, out, 'softmax');
  return b.build();
}
