// The data-source registry: every kind has one source, and what reads it (exporter, desktop dialogs, folder
// reader) gets one answer per question from it.
import { describe, expect, it } from 'vitest';
import { trainSetupFrom } from '../export';
import { DATASET_KINDS } from '../ipc/contract';
import { DEFAULT_CONFIG } from '../train';
import { CLI_DATA_KINDS, DATA_KINDS, DATA_SOURCES, DESKTOP_DATA_KINDS, imageMimeType, IMAGE_EXTENSIONS, isImageFile, limitFolderItems, trainPyDataset, type DataKind } from '.';
import { checkFolderListing, folderSubset } from './folder';

describe('data sources', () => {
  it('every DataKind has exactly one source with a label, help and a train.py data set', () => {
    expect(Object.keys(DATA_SOURCES).sort()).toEqual([...DATA_KINDS].sort());
    expect(new Set(DATA_KINDS).size).toBe(DATA_KINDS.length);
    for (const k of DATA_KINDS) {
      const s = DATA_SOURCES[k];
      expect(s.label.length, k).toBeGreaterThan(3);
      expect(s.help.length, k).toBeGreaterThan(20);
      expect(['mnist', 'fashion-mnist', 'cifar10', 'idx'], k).toContain(s.trainPy(''));
    }
    expect(new Set(DATA_KINDS.map((k) => DATA_SOURCES[k].label)).size).toBe(DATA_KINDS.length);
  });

  it('the exporter\'s train.py setting is the source\'s, by kind: the display name only tells Fashion-MNIST from other IDX pairs', () => {
    for (const k of DATA_KINDS) {
      for (const name of ['', 'CIFAR-10', 'MNIST', 'fashion', 'my photos']) {
        expect(trainSetupFrom(DEFAULT_CONFIG, { kind: k, name }, 0.1).dataset, `${k} ${name}`).toBe(DATA_SOURCES[k].trainPy(name));
      }
    }
    const ds = (k: DataKind, name: string) => trainPyDataset(k, name);
    expect([ds('cifar10', 'renamed'), ds('cifar-sprite', 'x'), ds('mnist', 'CIFAR-ish'), ds('folder', 'cifar-photos'), ds('folder', 'mnist-scans'), ds('synthetic', 'Synthetic bars')])
      .toEqual(['cifar10', 'cifar10', 'mnist', 'idx', 'idx', 'idx']);
    expect([ds('idx', 'fashion'), ds('idx', 'IDX data')]).toEqual(['fashion-mnist', 'idx']);
  });

  it('the desktop dialogs and the CLI take the kinds the registry says', () => {
    expect(DESKTOP_DATA_KINDS).toEqual(['idx', 'cifar-sprite', 'folder']);
    expect(DATASET_KINDS).toEqual(DESKTOP_DATA_KINDS);
    expect(CLI_DATA_KINDS).toEqual(['mnist', 'cifar10', 'synthetic', 'idx']);
  });

  it('names the image extensions once: the folder listing, the MIME types and the help text agree', () => {
    expect(IMAGE_EXTENSIONS).toEqual(['png', 'jpg', 'jpeg', 'bmp', 'gif', 'webp']);
    for (const e of IMAGE_EXTENSIONS) {
      expect(isImageFile(`a.${e.toUpperCase()}`)).toBe(true);
      expect(imageMimeType(`dir.x/a.${e}`)).toMatch(/^image\//);
    }
    expect([isImageFile('a.tiff'), isImageFile('png'), imageMimeType('a.txt'), imageMimeType('noext')]).toEqual([false, false, '', '']);
    expect(checkFolderListing({ classes: [{ name: 'a', files: ['1.JPEG', '2.tif'] }, { name: 'b', files: ['3.webp'] }] })).toEqual([{ name: 'a', files: ['1.JPEG'] }, { name: 'b', files: ['3.webp'] }]);
    expect(DATA_SOURCES.folder.help).toContain(IMAGE_EXTENSIONS.join(', '));
  });

  it('limitFolderItems keeps the items folderSubset picks, and all of them (total null) without a limit', () => {
    const items = ['a', 'b', 'c'].flatMap((c) => Array.from({ length: 10 }, (_, i) => ({ className: c, name: `${i}.png`, extra: `${c}${i}` })));
    const cut = limitFolderItems(items, 7, 3);
    const sub = folderSubset({ classes: ['a', 'b', 'c'].map((c) => ({ name: c, files: items.filter((x) => x.className === c).map((x) => x.name) })) }, 7, 3);
    expect(cut.total).toBe(30);
    expect(cut.items.map((x) => `${x.className}/${x.name}`).sort()).toEqual(sub.classes.flatMap((c) => c.files.map((f) => `${c.name}/${f}`)).sort());
    expect(cut.items[0].extra).toBe(`${cut.items[0].className}${cut.items[0].name[0]}`);
    expect(limitFolderItems(items, undefined, 3)).toEqual({ items, total: null });
    expect(limitFolderItems(items, 100, 3)).toEqual({ items, total: null });
    expect(() => limitFolderItems(items.slice(0, 10), 5, 1)).toThrow(/at least 2 subfolders/);
  });
});
