// ResNets (He et al., 2015): ResNet-18 (torchvision, ImageNet) and ResNet-20 (CIFAR-10).
import { GraphBuilder } from './builder';

/**
 * A basic block: conv3x3(stride) -> BN -> ReLU -> conv3x3 -> BN, added to the shortcut, then ReLU.
 * A stride-2 block uses explicit padding 1 (PyTorch's symmetric padding) and a 1x1 conv + BN
 * projection on the shortcut.
 */
function basicBlock(
  b: GraphBuilder,
  name: string,
  from: string,
  filters: number,
  stride: number,
  project: boolean,
): string {
  const conv = (id: string, s: number, src: string) =>
    b.add(
      'Conv2D',
      {
        filters,
        kernel: [3, 3],
        stride: [s, s],
        padding: s === 1 ? 'same' : 'explicit',
        pad: [1, 1],
        bias: false,
        activation: 'linear',
      },
      src,
      id,
    );
  let h = conv(`${name}_conv1`, stride, from);
  h = b.add('BatchNorm', {}, h, `${name}_bn1`);
  h = b.add('Activation', { kind: 'relu' }, h, `${name}_relu1`);
  h = conv(`${name}_conv2`, 1, h);
  h = b.add('BatchNorm', {}, h, `${name}_bn2`);
  const add = b.add(
    'Residual',
    { projection: project ? 'conv_bn' : 'none', stride },
    { main: h, skip: from },
    `${name}_add`,
  );
  return b.add('Activation', { kind: 'relu' }, add, `${name}_out`);
}

/** torchvision's ImageNet stem (ResNet-18 and -50): conv 64@7x7/2 pad 3, BN, ReLU, max pool 3x3/2 pad 1. */
function imagenetStem(b: GraphBuilder): string {
  const x = b.add('Input', { height: 224, width: 224, channels: 3 }, undefined, 'input');
  let h = b.add(
    'Conv2D',
    {
      filters: 64,
      kernel: [7, 7],
      stride: [2, 2],
      padding: 'explicit',
      pad: [3, 3],
      bias: false,
      activation: 'linear',
    },
    x,
    'conv1',
  );
  h = b.add('BatchNorm', {}, h, 'bn1');
  h = b.add('Activation', { kind: 'relu' }, h, 'relu1');
  h = b.add('Pool', { mode: 'max', size: [3, 3], stride: [2, 2], padding: 'explicit', pad: [1, 1] }, h, 'maxpool');
  return h;
}

export function resnet18() {
  const b = new GraphBuilder(
    'ResNet-18 (torchvision, 224x224x3)',
    'ResNet-18 as in torchvision: conv 64@7x7 stride 2, BN, ReLU, 3x3/2 max pooling, four stages of two basic blocks (64, 128, 256, 512 filters; 1x1 conv + BN projection shortcuts where the shape changes), global average pooling, fully connected 1000. 11,689,512 trainable parameters (BN gamma and beta counted; running statistics are not trainable).',
  );
  let h = imagenetStem(b);
  const widths = [64, 128, 256, 512];
  let cin = 64;
  widths.forEach((w, si) => {
    for (let i = 0; i < 2; i++) {
      const stride = si > 0 && i === 0 ? 2 : 1;
      h = basicBlock(b, `layer${si + 1}_${i}`, h, w, stride, stride !== 1 || cin !== w);
      cin = w;
    }
  });
  h = b.add('GlobalPool', { mode: 'avg' }, h, 'avgpool');
  h = b.add('Dense', { units: 1000, activation: 'linear' }, h, 'fc');
  b.add('Softmax', {}, h, 'softmax');
  return b.build();
}

export function resnet20() {
  const b = new GraphBuilder(
    'ResNet-20 (CIFAR-10, 32x32x3)',
    'ResNet-20 of He et al. 2015 for CIFAR-10: conv 16@3x3, three stages of three basic blocks with 16, 32 and 64 filters (the first block of stages 2 and 3 halves H and W), global average pooling, 10 outputs. Shortcuts: identity, and option B (1x1 conv + BN projection) where the shape changes: 272,474 trainable parameters (option A, zero-padding shortcuts, would give 269,722). 91.25% on CIFAR-10 in the paper.',
  );
  const x = b.add('Input', { height: 32, width: 32, channels: 3 }, undefined, 'input');
  let h = b.add(
    'Conv2D',
    { filters: 16, kernel: [3, 3], padding: 'same', bias: false, activation: 'linear' },
    x,
    'conv1',
  );
  h = b.add('BatchNorm', {}, h, 'bn1');
  h = b.add('Activation', { kind: 'relu' }, h, 'relu1');
  [16, 32, 64].forEach((w, si) => {
    for (let i = 0; i < 3; i++) {
      const stride = si > 0 && i === 0 ? 2 : 1;
      h = basicBlock(b, `stage${si + 1}_${i}`, h, w, stride, stride !== 1);
    }
  });
  h = b.add('GlobalPool', { mode: 'avg' }, h, 'avgpool');
  h = b.add('Dense', { units: 10, activation: 'linear' }, h, 'fc');
  b.add('Softmax', {}, h, 'softmax');
  return b.build();
}

/**
 * A bottleneck block (torchvision's ResNet v1.5): conv1x1 -> BN -> ReLU -> conv3x3(stride) -> BN -> ReLU ->
 * conv1x1 (4x the width) -> BN, added to the shortcut, then ReLU. The stride sits on the 3x3 (v1.5; the
 * paper's v1 put it on the first 1x1). The first block of each stage projects the shortcut (1x1 conv + BN).
 */
function bottleneck(b: GraphBuilder, name: string, from: string, width: number, stride: number, project: boolean) {
  const conv = (id: string, filters: number, k: number, s: number, src: string) =>
    b.add(
      'Conv2D',
      {
        filters,
        kernel: [k, k],
        stride: [s, s],
        padding: k === 1 ? 'valid' : s === 1 ? 'same' : 'explicit',
        pad: [1, 1],
        bias: false,
        activation: 'linear',
      },
      src,
      id,
    );
  let h = conv(`${name}_conv1`, width, 1, 1, from);
  h = b.add('BatchNorm', {}, h, `${name}_bn1`);
  h = b.add('Activation', { kind: 'relu' }, h, `${name}_relu1`);
  h = conv(`${name}_conv2`, width, 3, stride, h);
  h = b.add('BatchNorm', {}, h, `${name}_bn2`);
  h = b.add('Activation', { kind: 'relu' }, h, `${name}_relu2`);
  h = conv(`${name}_conv3`, width * 4, 1, 1, h);
  h = b.add('BatchNorm', {}, h, `${name}_bn3`);
  const add = b.add(
    'Residual',
    { projection: project ? 'conv_bn' : 'none', stride },
    { main: h, skip: from },
    `${name}_add`,
  );
  return b.add('Activation', { kind: 'relu' }, add, `${name}_out`);
}

export function resnet50() {
  const b = new GraphBuilder(
    'ResNet-50 (torchvision v1.5, 224x224x3)',
    'ResNet-50 as in torchvision (v1.5: the stride-2 of a stage sits on the 3x3 convolution of its first bottleneck, not on the 1x1): conv 64@7x7 stride 2, BN, ReLU, 3x3/2 max pooling, four stages of 3, 4, 6 and 3 bottleneck blocks (1x1, 3x3, 1x1 convolutions with 64, 128, 256, 512 filters, expanded 4x; 1x1 conv + BN projection on the first shortcut of each stage), global average pooling, fully connected 1000. 25,557,032 trainable parameters. Each block opens collapsed as one box: double-click it (or use Collapse/expand) to see inside.',
  );
  let h = imagenetStem(b);
  [3, 4, 6, 3].forEach((blocks, si) => {
    const width = 64 * 2 ** si;
    for (let i = 0; i < blocks; i++) {
      const stride = si > 0 && i === 0 ? 2 : 1;
      const name = `layer${si + 1}_${i}`;
      const start = b.mark();
      h = bottleneck(b, name, h, width, stride, i === 0);
      b.group(name, `layer${si + 1}.${i} bottleneck`, start);
    }
  });
  h = b.add('GlobalPool', { mode: 'avg' }, h, 'avgpool');
  h = b.add('Dense', { units: 1000, activation: 'linear' }, h, 'fc');
  b.add('Softmax', {}, h, 'softmax');
  return b.build();
}
