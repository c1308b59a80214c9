// What each classic introduced, as a short guided tour over its template's own nodes (LeNet-5 1998, AlexNet 2012,
// ResNet 2015). Pure data; a test checks every node named here exists in its template.
import { templateById, type Template } from './index';

export interface TourStep {
  readonly title: string;
  readonly text: string;
  /** The nodes the step highlights (selected on the canvas; the first is centred). */
  readonly nodes: readonly string[];
}

export interface Story {
  readonly templateId: string;
  /** Its section of the catalogues: ui.tours.<key>.introduced and ui.tours.<key>.s<n>.title / .text. */
  readonly key: string;
  readonly name: string;
  readonly year: number;
  /** One line for the gallery: what it introduced. */
  readonly introduced: string;
  readonly steps: readonly TourStep[];
}

export const STORIES: readonly Story[] = [
  {
    templateId: 'lenet5-1998',
    key: 'lenet5',
    name: 'LeNet-5',
    year: 1998,
    introduced:
      'Convolutions with shared weights, subsampling, and C5: a convolution that acts as a fully connected layer.',
    steps: [
      {
        title: 'Convolution with shared weights',
        text: 'C1 slides six 5x5 kernels over the 32x32 digit. Each kernel is the same at every position, so a feature is found wherever it appears, with only 156 parameters instead of a full connection per pixel.',
        nodes: ['C1'],
      },
      {
        title: 'Subsampling',
        text: 'S2 and S4 average 2x2 windows with stride 2: the maps halve in size, small shifts of the digit matter less, and each later unit sees a larger part of the image (its receptive field grows: 6, then 16 pixels).',
        nodes: ['S2', 'S4'],
      },
      {
        title: 'More maps, smaller maps',
        text: 'C3 combines the six maps into sixteen 10x10 ones: deeper layers trade spatial size for more kinds of features.',
        nodes: ['C3'],
      },
      {
        title: 'C5: a convolution as a fully connected layer',
        text: 'C5 is a 5x5 convolution on 5x5 maps: its output is 1x1, so every unit sees the whole input. A convolution whose kernel covers the whole map is exactly a fully connected layer; F6 and the output then classify.',
        nodes: ['C5', 'F6', 'output'],
      },
    ],
  },
  {
    templateId: 'alexnet',
    key: 'alexnet',
    name: 'AlexNet',
    year: 2012,
    introduced: 'ReLU, Dropout, overlapping max pooling, data augmentation and GPU training: deep CNNs win ImageNet.',
    steps: [
      {
        title: 'ReLU',
        text: 'Every convolution uses ReLU, max(0, x), instead of tanh or sigmoid: it does not saturate for positive inputs, so gradients stay large and the deep network trained several times faster.',
        nodes: ['conv1', 'conv2', 'conv3', 'conv4', 'conv5'],
      },
      {
        title: 'Overlapping max pooling',
        text: 'The pools take 3x3 windows with stride 2: the windows overlap (stride smaller than the window), which slightly reduced overfitting and error compared with 2x2 stride 2.',
        nodes: ['pool1', 'pool2', 'pool5'],
      },
      {
        title: 'Dropout',
        text: 'Before each of the two big fully connected layers, Dropout zeroes half of the values at random during training, so no unit can rely on particular others: the main defence against overfitting 60 million parameters.',
        nodes: ['drop6', 'drop7', 'fc6', 'fc7'],
      },
      {
        title: 'Data augmentation and GPUs',
        text: 'Training took random 224x224 crops of the 256x256 images and their mirror images, multiplying the data; two GPUs trained it in about a week. In the Train tab, "augment" does the same crops and flips.',
        nodes: ['input'],
      },
    ],
  },
  {
    templateId: 'resnet20',
    key: 'resnet',
    name: 'ResNet',
    year: 2015,
    introduced: 'The skip connection: very deep networks train because each block learns only a residual.',
    steps: [
      {
        title: 'The degradation problem',
        text: 'Plain networks made deeper got worse even on their training data: not overfitting, but harder optimisation, with gradients vanishing on the long way back to the first layers.',
        nodes: ['conv1'],
      },
      {
        title: 'The residual block',
        text: "Each block computes two 3x3 convolutions (with BatchNorm) and adds the block's own input back: out = F(x) + x. If the best thing is to do nothing, F only has to learn zero.",
        nodes: ['stage1_0_conv1', 'stage1_0_conv2', 'stage1_0_add'],
      },
      {
        title: 'The skip connection',
        text: 'The addition gives the gradient a short path around every block, so even the first layers of a 20 (or 152) layer network get a useful gradient.',
        nodes: ['stage1_0_add', 'stage1_1_add', 'stage1_2_add'],
      },
      {
        title: 'Projection shortcuts',
        text: 'Where a stage halves the map and doubles the channels, the skip cannot be added as it is: a 1x1 convolution with stride 2 (and BatchNorm) reshapes it first.',
        nodes: ['stage2_0_add'],
      },
    ],
  },
];

export const storyFor = (templateId: string): Story | undefined => STORIES.find((s) => s.templateId === templateId);

/**
 * The story a template's gallery card tells: its family's (every LeNet-5 card tells LeNet-5's, whichever data set
 * it is built for); none for a family without one (VGG).
 */
export const storyOfTemplate = (t: Pick<Template, 'family'>): Story | undefined =>
  STORIES.find((s) => templateById(s.templateId)?.family === t.family);
