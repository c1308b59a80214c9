// VGG-16 (Simonyan and Zisserman, 2014), configuration D, as in torchvision (without batch norm).
import { GraphBuilder } from './builder';

export function vgg16() {
  const b = new GraphBuilder(
    'VGG-16 (torchvision, 224x224x3)',
    'VGG-16, configuration D of Simonyan and Zisserman (2014), as in torchvision: five stages of 3x3 convolutions (2, 2, 3, 3, 3 layers of 64, 128, 256, 512, 512 filters, padding 1, ReLU), each closed by 2x2/2 max pooling, then fully connected 4096-4096-1000 with dropout. 138,357,544 trainable parameters, most of them (102.8 M) in the first fully connected layer. Each stage opens as a group you can collapse.',
  );
  let h = b.add('Input', { height: 224, width: 224, channels: 3 }, undefined, 'input');
  const stages: [number, number][] = [
    [2, 64],
    [2, 128],
    [3, 256],
    [3, 512],
    [3, 512],
  ];
  stages.forEach(([n, filters], si) => {
    const start = b.mark();
    for (let i = 0; i < n; i++)
      h = b.add(
        'Conv2D',
        { filters, kernel: [3, 3], padding: 'same', activation: 'relu' },
        h,
        `conv${si + 1}_${i + 1}`,
      );
    h = b.add('Pool', { mode: 'max', size: [2, 2], stride: [2, 2], padding: 'valid' }, h, `pool${si + 1}`);
    b.group(`stage${si + 1}`, `stage ${si + 1} (${n}x conv ${filters})`, start, false);
  });
  h = b.add('Flatten', {}, h, 'flatten');
  h = b.add('Dense', { units: 4096, activation: 'relu' }, h, 'fc6');
  h = b.add('Dropout', { rate: 0.5 }, h, 'drop6');
  h = b.add('Dense', { units: 4096, activation: 'relu' }, h, 'fc7');
  h = b.add('Dropout', { rate: 0.5 }, h, 'drop7');
  h = b.add('Dense', { units: 1000, activation: 'linear' }, h, 'fc8');
  b.add('Softmax', {}, h, 'softmax');
  return b.build();
}
