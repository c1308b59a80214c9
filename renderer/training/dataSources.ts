// The renderer's half of the data-source registry (shared/data/sources.ts has the pure half): how the page
// turns what the user picked in the browser build (file inputs, a folder input, the limit) into the Worker's
// DataSpec, one entry per kind. The desktop app's main reads the desktop-dialog kinds instead (hostDataset.ts).
import { msg } from '../../shared/i18n/msg';
import { DataError, limitFolderItems, type DataKind } from '../../shared/data';
import { idxDatasetName } from '../../shared/ipc/contract';
import { pickedSpriteLabels, type InputShape } from './hostDataset';
import type { DataSpec } from './protocol';

/** What the panel holds when Load is pressed. */
export interface Picked {
  /** The file inputs by role (images, labels, testImages, testLabels, png, json). */
  readonly files: Readonly<Record<string, File | null>>;
  /** The folder input's files (webkitRelativePath `chosen/class/[deeper/]file`). */
  readonly folder: readonly File[];
  readonly inputShape: InputShape | null;
  /** Train on at most this many images (undefined: all). */
  readonly limit: number | undefined;
  readonly seed: number;
}

/** The Worker's spec, the buffers to transfer, and how many images a folder held when the limit left some out. */
export interface PickedSpec {
  readonly spec: DataSpec;
  readonly transfer: Transferable[];
  readonly total: number | null;
}

const NEEDS_INPUT = msg('errors3.source.needsFolder');
const built = (spec: DataSpec): PickedSpec => ({ spec, transfer: [], total: null });
const testLimitOf = (lim: number | undefined) =>
  lim ? Math.min(10_000, Math.max(1000, Math.round(lim / 3))) : undefined;

/** Per kind: the DataSpec of what was picked; throws a DataError saying what is missing. */
export const PICKED_SPECS = {
  mnist: async (p) => built({ kind: 'mnist', limit: p.limit, testLimit: testLimitOf(p.limit) }),
  cifar10: async (p) => built({ kind: 'cifar10', limit: p.limit, testLimit: testLimitOf(p.limit) }),
  synthetic: async (p) =>
    built({
      kind: 'synthetic',
      n: p.limit ?? 3000,
      size: p.inputShape?.height ?? 28,
      channels: p.inputShape?.channels === 3 ? 3 : 1,
    }),
  async idx({ files }) {
    if (!files.images || !files.labels) throw new DataError(msg('errors3.source.needsIdx'));
    const buf = async (f: File | null | undefined) => (f ? await f.arrayBuffer() : undefined);
    const [images, labels, testImages, testLabels] = await Promise.all([
      buf(files.images),
      buf(files.labels),
      buf(files.testImages),
      buf(files.testLabels),
    ]);
    const transfer = [images, labels, testImages, testLabels].filter((b): b is ArrayBuffer => b !== undefined);
    return {
      spec: {
        kind: 'idx',
        name: idxDatasetName(files.images.name),
        images: images!,
        labels: labels!,
        testImages,
        testLabels,
      },
      transfer,
      total: null,
    };
  },
  async 'cifar-sprite'({ files }) {
    if (!files.png || !files.json) throw new DataError(msg('errors3.source.needsSprite'));
    return built({
      kind: 'cifar-sprite',
      name: 'CIFAR-10',
      png: files.png,
      labels: await pickedSpriteLabels(files.png, files.json),
    });
  },
  async folder({ folder, inputShape, limit, seed }) {
    if (!folder.length || !inputShape) throw new DataError(NEEDS_INPUT);
    // chosen/<class>/[deeper/]file: the class is the first subfolder; files directly in the chosen folder are not in a class.
    const all = folder
      .map((f) => {
        const parts = (f.webkitRelativePath || f.name).split('/');
        return { className: parts.length >= 3 ? parts[1] : '', file: f as Blob, name: parts.slice(2).join('/') };
      })
      .filter((x) => x.className);
    const { items, total } = limitFolderItems(all, limit, seed);
    const spec: DataSpec = {
      kind: 'folder',
      name: (folder[0].webkitRelativePath || 'folder').split('/')[0],
      files: items,
      height: inputShape.height,
      width: inputShape.width,
      channels: inputShape.channels,
    };
    return { spec, transfer: [], total };
  },
} satisfies Record<DataKind, (picked: Picked) => Promise<PickedSpec>>;
