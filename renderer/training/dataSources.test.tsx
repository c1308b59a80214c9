// The training panel's choices and the Worker's loaders come from the data-source registry
// (shared/data/sources.ts): a kind added there shows in the panel, and the compiler asks for its loader.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DATA_KINDS, DATA_SOURCES, type DataKind } from '../../shared/data';
import { DataChooser } from './DataChooser';
import { PICKED_SPECS } from './dataSources';
import { LOADERS } from './loadData';
import type { DataSpec } from './protocol';

// Compile-time: DataSpec has one variant per DataKind, no more, no fewer.
const kindsMatch: [DataSpec['kind']] extends [DataKind]
  ? [DataKind] extends [DataSpec['kind']]
    ? true
    : false
  : false = true;

const unescape = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

describe('data sources in the training panel and worker', () => {
  it("the panel offers every source, in the registry's order, with its label and help", () => {
    expect(kindsMatch).toBe(true);
    const html = renderToStaticMarkup(<DataChooser inputShape={{ height: 28, width: 28, channels: 1 }} host={{}} />);
    const options = [...html.matchAll(/<option[^>]*value="([^"]+)"[^>]*title="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map(
      (m) => [m[1], unescape(m[2]), unescape(m[3])],
    );
    expect(options).toEqual(DATA_KINDS.map((k) => [k, DATA_SOURCES[k].help, DATA_SOURCES[k].label]));
  });

  it('the worker has one loader per kind, and the page one way per kind to make the spec of what was picked', () => {
    expect(Object.keys(LOADERS).sort()).toEqual([...DATA_KINDS].sort());
    expect(Object.keys(PICKED_SPECS).sort()).toEqual([...DATA_KINDS].sort());
  });

  it("the browser's picks become the Worker's spec, or an error saying what to choose", async () => {
    const none = { files: {}, folder: [], inputShape: null, limit: undefined, seed: 1 };
    const shape = { height: 8, width: 8, channels: 3 };
    expect((await PICKED_SPECS.mnist({ ...none, limit: 600 })).spec).toEqual({
      kind: 'mnist',
      limit: 600,
      testLimit: 1000,
    });
    expect((await PICKED_SPECS.synthetic({ ...none, inputShape: shape })).spec).toEqual({
      kind: 'synthetic',
      n: 3000,
      size: 8,
      channels: 3,
    });
    await expect(PICKED_SPECS.idx(none)).rejects.toThrow('Choose an images file and a labels file (IDX, raw or .gz).');
    await expect(PICKED_SPECS['cifar-sprite'](none)).rejects.toThrow('Choose the sprite PNG and its labels JSON.');
    await expect(PICKED_SPECS.folder({ ...none, inputShape: shape })).rejects.toThrow(/one subfolder per class/);
    const file = (path: string) =>
      Object.assign(new File([new Uint8Array(4)], path.split('/').pop()!), { webkitRelativePath: path });
    const folder = [
      'pets/cat/1.png',
      'pets/cat/2.png',
      'pets/cat/3.png',
      'pets/dog/a/4.jpg',
      'pets/dog/5.jpg',
      'pets/loose.png',
    ].map(file);
    const all = await PICKED_SPECS.folder({ ...none, folder, inputShape: shape });
    expect(all.total).toBeNull();
    expect(all.spec).toMatchObject({ kind: 'folder', name: 'pets', height: 8, width: 8, channels: 3 });
    expect(all.spec.kind === 'folder' && all.spec.files.map((f) => `${f.className}/${f.name}`)).toEqual([
      'cat/1.png',
      'cat/2.png',
      'cat/3.png',
      'dog/a/4.jpg',
      'dog/5.jpg',
    ]);
    const cut = await PICKED_SPECS.folder({ ...none, folder, inputShape: shape, limit: 2 });
    expect([cut.total, cut.spec.kind === 'folder' && cut.spec.files.length]).toEqual([5, 2]);
  });
});
