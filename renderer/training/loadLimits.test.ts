// The Worker's decoders read an image's stated size before decoding it: a tiny PNG that declares 20000x20000
// pixels is refused (a sprite) or skipped (in a folder) without the browser decoding it, and what the host left
// out of a folder reaches the user as a warning. createImageBitmap and OffscreenCanvas, which Node lacks, are
// stand-ins that record what they are asked to decode.
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { imageSize } from '../../shared/data';
import { blackPng } from '../../shared/data/testPng';
import { pickedSpriteLabels } from './hostDataset';
import { loadData } from './loadData';

let huge: Uint8Array, small: Uint8Array;
const decoded: string[] = [];

beforeAll(async () => {
  huge = await blackPng(20_000, 20_000);
  small = await blackPng(4, 4);
});
afterEach(() => vi.unstubAllGlobals());

function stubBrowser() {
  decoded.length = 0;
  vi.stubGlobal('createImageBitmap', async (blob: Blob) => {
    const size = imageSize(new Uint8Array(await blob.arrayBuffer()))!;
    decoded.push(`${size.width}x${size.height}`);
    return { ...size, close: () => {} };
  });
  vi.stubGlobal(
    'OffscreenCanvas',
    class {
      constructor(
        readonly width: number,
        readonly height: number,
      ) {}
      getContext() {
        return {
          clearRect: () => {},
          drawImage: () => {},
          getImageData: (_x: number, _y: number, w: number, h: number) => ({ data: new Uint8ClampedArray(w * h * 4) }),
        };
      }
    },
  );
}

const never = new AbortController().signal;

it('refuses a sprite PNG that declares 20000x20000 pixels before the browser decodes it', async () => {
  stubBrowser();
  expect(huge.length).toBeLessThan(100_000);
  await expect(
    loadData(
      { kind: 'cifar-sprite', name: 'x', png: new Blob([huge as Uint8Array<ArrayBuffer>]), labels: [] },
      'http://app.test/',
      never,
      () => {},
    ),
  ).rejects.toThrow(
    'The sprite PNG is 20000x20000 pixels (400 megapixels, 1,526 MiB decoded); at most 67.1 megapixels per image are decoded. Use a smaller image.',
  );
  expect(decoded).toEqual([]);
});

it('skips a folder image that declares too many pixels without decoding it, and shows what the host left out', async () => {
  stubBrowser();
  const file = (b: Uint8Array) => new Blob([b as Uint8Array<ArrayBuffer>], { type: 'image/png' });
  const r = await loadData(
    {
      kind: 'folder',
      name: 'pets',
      height: 2,
      width: 2,
      channels: 1,
      files: [
        { className: 'a', name: 'small.png', file: file(small) },
        { className: 'a', name: 'huge.png', file: file(huge) },
        { className: 'b', name: 'small.png', file: file(small) },
      ],
      skipped: ['b/x.png (a link to /etc/passwd, outside the chosen folder)'],
    },
    'http://app.test/',
    never,
    () => {},
  );
  expect(decoded).toEqual(['4x4', '4x4']);
  expect(r.train.n).toBe(2);
  expect(r.warnings).toEqual([
    'Skipped 1 of 3 images that could not be decoded: a/huge.png (a/huge.png is 20000x20000 pixels (400 megapixels, 1,526 MiB decoded); at most 67.1 megapixels per image are decoded. Use a smaller image.).',
    'Left out 1 file of the folder: b/x.png (a link to /etc/passwd, outside the chosen folder).',
  ]);
});

it("in the browser build, bounds a picked labels JSON by the sprite's rows before reading it, and takes only labels", async () => {
  const png = new File([(await blackPng(1024, 3)) as Uint8Array<ArrayBuffer>], 'batch.png', { type: 'image/png' });
  const json = (text: string) => new File([text], 'labels.json');
  expect(await pickedSpriteLabels(png, json('[2, 0, 1]'))).toEqual([2, 0, 1]);
  expect(await pickedSpriteLabels(png, json('[[0,0,1],[1,0,0],[0,1,0]]'))).toEqual([
    [0, 0, 1],
    [1, 0, 0],
    [0, 1, 0],
  ]);
  let read = false;
  const big = Object.assign(json(`[${'0,'.repeat(5000)}0]`), {
    text: async () => {
      read = true;
      return '';
    },
  });
  await expect(pickedSpriteLabels(png, big)).rejects.toThrow(
    'labels.json is 10,003 bytes long; the labels of the 3 rows of batch.png take at most 4,480 (128 per image). Is it the labels file that goes with them?',
  );
  expect(read).toBe(false);
  await expect(pickedSpriteLabels(png, json(`${'['.repeat(2000)}${']'.repeat(2000)}`))).rejects.toThrow(
    'at character 3 it holds an array inside a one-hot row',
  );
  await expect(pickedSpriteLabels(json('[1]'), json('[1]'))).rejects.toThrow(
    'labels.json is not a PNG image: choose the sprite PNG and its labels JSON.',
  );
});
