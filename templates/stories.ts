// What each classic introduced, as a short guided tour over its template's own nodes (LeNet-5 1998, AlexNet 2012,
// ResNet 2015). Pure data: which nodes each step highlights; the words are in the catalogues (shared/i18n, ui.tours).
// A test checks every node named here exists in its template and every step has its text in both languages.
import { templateById, type Template } from './index';

export interface TourStep {
  /** The nodes the step highlights (selected on the canvas; the first is centred). */
  readonly nodes: readonly string[];
}

export interface Story {
  readonly templateId: string;
  /**
   * Its section of the catalogues, the one source of its words: ui.tours.<key>.introduced (one line for the
   * gallery: what it introduced) and ui.tours.<key>.s<n>.title / .text for step n (1-based).
   */
  readonly key: string;
  readonly name: string;
  readonly year: number;
  readonly steps: readonly TourStep[];
}

export const STORIES: readonly Story[] = [
  {
    templateId: 'lenet5-1998',
    key: 'lenet5',
    name: 'LeNet-5',
    year: 1998,
    steps: [
      {
        nodes: ['C1'],
      },
      {
        nodes: ['S2', 'S4'],
      },
      {
        nodes: ['C3'],
      },
      {
        nodes: ['C5', 'F6', 'output'],
      },
    ],
  },
  {
    templateId: 'alexnet',
    key: 'alexnet',
    name: 'AlexNet',
    year: 2012,
    steps: [
      {
        nodes: ['conv1', 'conv2', 'conv3', 'conv4', 'conv5'],
      },
      {
        nodes: ['pool1', 'pool2', 'pool5'],
      },
      {
        nodes: ['drop6', 'drop7', 'fc6', 'fc7'],
      },
      {
        nodes: ['input'],
      },
    ],
  },
  {
    templateId: 'resnet20',
    key: 'resnet',
    name: 'ResNet',
    year: 2015,
    steps: [
      {
        nodes: ['conv1'],
      },
      {
        nodes: ['stage1_0_conv1', 'stage1_0_conv2', 'stage1_0_add'],
      },
      {
        nodes: ['stage1_0_add', 'stage1_1_add', 'stage1_2_add'],
      },
      {
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
