// The template gallery: every built-in network, with the published figure it must match.
import type { GraphDoc } from '../shared/graph';
import { alexnet, alexnetCifar } from './alexnet';
import { lenet5Classic, lenet5Mnist } from './lenet';
import { resnet18, resnet20, resnet50 } from './resnet';
import { vgg16 } from './vgg';

export interface Template {
  readonly id: string;
  readonly title: string;
  readonly family: 'LeNet-5' | 'AlexNet' | 'VGG' | 'ResNet';
  /** Trainable parameters; `published` marks a figure from the literature (REFERENCE.md section 2). */
  readonly trainable: number;
  readonly published: boolean;
  readonly build: () => GraphDoc;
}

export const TEMPLATES: readonly Template[] = [
  {
    id: 'lenet5-1998',
    title: 'LeNet-5 (1998, 32x32)',
    family: 'LeNet-5',
    trainable: 61_706,
    published: true,
    build: lenet5Classic,
  },
  {
    id: 'lenet5-mnist',
    title: 'LeNet-5 (MNIST 28x28)',
    family: 'LeNet-5',
    trainable: 61_706,
    published: true,
    build: lenet5Mnist,
  },
  {
    id: 'alexnet',
    title: 'AlexNet (224x224x3)',
    family: 'AlexNet',
    trainable: 61_100_840,
    published: true,
    build: alexnet,
  },
  {
    id: 'alexnet-cifar',
    title: 'AlexNet-style (CIFAR-10)',
    family: 'AlexNet',
    trainable: 483_018,
    published: false,
    build: alexnetCifar,
  },
  {
    id: 'vgg16',
    title: 'VGG-16 (224x224x3)',
    family: 'VGG',
    trainable: 138_357_544,
    published: true,
    build: vgg16,
  },
  {
    id: 'resnet18',
    title: 'ResNet-18 (224x224x3)',
    family: 'ResNet',
    trainable: 11_689_512,
    published: true,
    build: resnet18,
  },
  {
    id: 'resnet20',
    title: 'ResNet-20 (CIFAR-10, option B)',
    family: 'ResNet',
    trainable: 272_474,
    published: true,
    build: resnet20,
  },
  {
    id: 'resnet50',
    title: 'ResNet-50 (224x224x3, v1.5)',
    family: 'ResNet',
    trainable: 25_557_032,
    published: true,
    build: resnet50,
  },
];

export function templateById(id: string): Template | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
