// Fixtures for the training tests and the benchmark: a tiny conv net and a real MNIST slice reader.
import { CURRENT_VERSION, defaultsFor, type GraphDoc, type LayerType, type Params } from '../graph';

/** Input 28x28x1 -> Conv 8@3x3 s2 ReLU -> MaxPool 2 -> Flatten -> Dense 10 -> Softmax. */
export function tinyNet(softmax = true): GraphDoc {
  return chain('tiny', [
    ['input', 'Input', { height: 28, width: 28, channels: 1 }],
    ['conv', 'Conv2D', { filters: 8, kernel: [3, 3], stride: [2, 2], activation: 'relu' }],
    ['pool', 'Pool', { mode: 'max', size: [2, 2], stride: [2, 2] }],
    ['flat', 'Flatten', {}],
    ['dense', 'Dense', { units: 10, activation: 'linear' }],
    ...(softmax ? [['softmax', 'Softmax', {}] as [string, LayerType, Params]] : []),
  ]);
}

/** Input 28x28x1 -> Conv 8@3x3 s2 -> BatchNorm -> ReLU -> MaxPool 2 -> Flatten -> Dense 10 -> Softmax. */
export function bnNet(): GraphDoc {
  return chain('tiny with BatchNorm', [
    ['input', 'Input', { height: 28, width: 28, channels: 1 }],
    ['conv', 'Conv2D', { filters: 8, kernel: [3, 3], stride: [2, 2], activation: 'linear' }],
    ['bn', 'BatchNorm', {}],
    ['relu', 'Activation', { kind: 'relu' }],
    ['pool', 'Pool', { mode: 'max', size: [2, 2], stride: [2, 2] }],
    ['flat', 'Flatten', {}],
    ['dense', 'Dense', { units: 10, activation: 'linear' }],
    ['softmax', 'Softmax', {}],
  ]);
}

/** Input 28x28x1 -> dilated Conv 4@3x3 d2 same -> Conv 4@3x2 d1x3 valid ReLU -> MaxPool 2 -> Flatten -> Dense 10 softmax. */
export function dilatedNet(): GraphDoc {
  return chain('dilated', [
    ['input', 'Input', { height: 28, width: 28, channels: 1 }],
    ['atrous', 'Conv2D', { filters: 4, kernel: [3, 3], dilation: [2, 2], padding: 'same', activation: 'linear' }],
    ['atrous2', 'Conv2D', { filters: 4, kernel: [3, 2], dilation: [1, 3], padding: 'valid', activation: 'relu' }],
    ['pool', 'Pool', { mode: 'max', size: [2, 2], stride: [2, 2] }],
    ['flat', 'Flatten', {}],
    ['out', 'Dense', { units: 10, activation: 'softmax' }],
  ]);
}

/** A chain of nodes, each fed by the one before: [id, type, params over the defaults]. */
export function chain(name: string, spec: [string, LayerType, Params][]): GraphDoc {
  return {
    format: 'cnn-designer',
    version: CURRENT_VERSION,
    metadata: { name, description: '' },
    nodes: spec.map(([id, type, p], i) => ({
      id,
      type,
      params: { ...defaultsFor(type), ...p },
      position: { x: 0, y: i * 100 },
    })),
    edges: spec.slice(1).map(([id], i) => ({ id: `e${i}`, source: spec[i][0], target: id, targetPort: 'in' })),
  };
}
