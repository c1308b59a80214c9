// The worker's CIFAR-10 loader against a stand-in server and a stand-in browser decoder (createImageBitmap +
// OffscreenCanvas, which Node lacks): only the sprites a limit needs are fetched, the decoder is asked for
// the file's own bytes (no colour conversion, no premultiplication), tall sprites are read in bands and put
// back together row for row, a missing data set says how to get it, and cancel is honoured.
import { english } from '../../shared/i18n/msg';
import { afterEach, expect, it, vi } from 'vitest';
import { CIFAR10_FILES } from '../../shared/data';
import { loadData } from './loadData';

const W = 1024,
  H = 10_000;
/** The stand-in "PNG" is just the sprite's name; its pixels follow from the name, the row and the column (drawImage below inlines this). */
const pixel = (sprite: number, row: number, col: number) => [
  (row * 7 + sprite) & 255,
  col & 255,
  (row >> 8) & 255,
  255,
];
const spriteIndex = (name: string) => (name === CIFAR10_FILES.test ? 9 : Number(/data_batch_(\d)/.exec(name)![1]));

const trainLabels = Array.from({ length: 50_000 }, (_, i) => i % 10);
const testLabels = Array.from({ length: 10_000 }, (_, i) => (i * 3) % 10);
const bitmapOptions: unknown[] = [];
let closed = 0,
  fetched: string[] = [];

afterEach(() => vi.unstubAllGlobals());

function stubBrowser(opts: { delayMs?: number; installed?: boolean } = {}) {
  bitmapOptions.length = 0;
  closed = 0;
  fetched = [];
  vi.stubGlobal('fetch', async (url: string, init?: { signal?: AbortSignal }) => {
    await new Promise((r) => setTimeout(r, opts.delayMs ?? 0));
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const name = url.replace('http://app.test/data/cifar10/', '');
    fetched.push(name);
    if (opts.installed === false) return new Response('no', { status: 404 });
    const body =
      name === CIFAR10_FILES.trainLabels
        ? JSON.stringify(trainLabels)
        : name === CIFAR10_FILES.testLabels
          ? JSON.stringify(testLabels)
          : name.endsWith('.png')
            ? name
            : null;
    return body === null ? new Response('no', { status: 404 }) : new Response(body);
  });
  vi.stubGlobal('createImageBitmap', async (blob: Blob, o: unknown) => {
    bitmapOptions.push(o);
    const name = await blob.text();
    return {
      width: W,
      height: H,
      sprite: spriteIndex(name),
      close: () => {
        closed++;
      },
    };
  });
  vi.stubGlobal(
    'OffscreenCanvas',
    class {
      readonly px: Uint8ClampedArray;
      constructor(
        readonly width: number,
        readonly height: number,
      ) {
        this.px = new Uint8ClampedArray(width * height * 4);
      }
      getContext() {
        const c = { px: this.px, width: this.width };
        return {
          clearRect: () => c.px.fill(0),
          drawImage(bmp: { sprite: number }, sx: number, sy: number, sw: number, sh: number, dx: number, dy: number) {
            for (let y = 0; y < sh; y++) {
              for (let x = 0, o = ((dy + y) * c.width + dx) * 4; x < sw; x++, o += 4) {
                c.px[o] = ((sy + y) * 7 + bmp.sprite) & 255;
                c.px[o + 1] = (sx + x) & 255;
                c.px[o + 2] = ((sy + y) >> 8) & 255;
                c.px[o + 3] = 255;
              }
            }
          },
          getImageData: (x: number, y: number, w: number, h: number) => {
            expect([x, y, w]).toEqual([0, 0, c.width]);
            return { data: c.px.subarray(0, w * h * 4) };
          },
        };
      }
    },
  );
}

it('fetches only the sprites a limit needs, decodes them as stored and keeps every row in place', async () => {
  stubBrowser();
  const phases: string[] = [];
  const r = await loadData(
    { kind: 'cifar10', limit: 12_000, testLimit: 3000 },
    'http://app.test/',
    new AbortController().signal,
    (_d, _t, p) => phases.push(p ? english(p) : ''),
  );
  expect(fetched.sort()).toEqual(
    [
      CIFAR10_FILES.train[0],
      CIFAR10_FILES.train[1],
      CIFAR10_FILES.test,
      CIFAR10_FILES.testLabels,
      CIFAR10_FILES.trainLabels,
    ].sort(),
  );
  expect(bitmapOptions).toEqual(new Array(3).fill({ colorSpaceConversion: 'none', premultiplyAlpha: 'none' }));
  expect(closed).toBe(3);
  expect([r.train.n, r.train.height, r.train.width, r.train.channels, r.train.numClasses, r.test?.n]).toEqual([
    12_000, 32, 32, 3, 10, 3000,
  ]);
  expect([r.train.name, r.test?.name]).toEqual(['CIFAR-10', 'CIFAR-10 test']);
  // Image i is sprite row i % 10000 of data_batch_(1 + i / 10000); pixel k of it is column k of that row.
  for (const i of [0, 999, 1000, 9999, 10_000, 11_999]) {
    const s = 1 + Math.floor(i / 10_000),
      row = i % 10_000;
    for (const k of [0, 1, 31, 32, 1023]) {
      expect([...r.train.images.subarray((i * 1024 + k) * 3, (i * 1024 + k) * 3 + 3)]).toEqual(
        pixel(s, row, k).slice(0, 3),
      );
    }
    expect(r.train.labels[i]).toBe(i % 10);
  }
  expect([...r.test!.images.subarray(2999 * 3072, 2999 * 3072 + 3)]).toEqual(pixel(9, 2999, 0).slice(0, 3));
  expect(r.test!.labels[2999]).toBe((2999 * 3) % 10);
  expect(phases).toContain('downloading CIFAR-10 (3 sprites)');
  expect(phases).toEqual(
    expect.arrayContaining(['decoding data_batch_1.png', 'decoding data_batch_2.png', 'decoding test_batch.png']),
  );
});

it('loads all five training sprites without a limit', async () => {
  stubBrowser();
  const r = await loadData({ kind: 'cifar10' }, 'http://app.test/', new AbortController().signal, () => {});
  expect([r.train.n, r.test?.n]).toEqual([50_000, 10_000]);
  expect(fetched.filter((f) => f.startsWith('data_batch')).sort()).toEqual([...CIFAR10_FILES.train]);
  expect([...r.train.images.subarray(49_999 * 3072, 49_999 * 3072 + 3)]).toEqual(pixel(5, 9999, 0).slice(0, 3));
}, 60_000);

it('says how to get CIFAR-10 when the app does not serve it, and honours cancel', async () => {
  stubBrowser({ installed: false });
  await expect(
    loadData({ kind: 'cifar10', limit: 100 }, 'http://app.test/', new AbortController().signal, () => {}),
  ).rejects.toThrow(
    /HTTP 404\. CIFAR-10 is not installed \(139 MB, not part of npm install\)\. Run "npm run get-cifar10" in the project folder/,
  );
  expect(fetched.some((f) => f.endsWith('.png'))).toBe(false);
  // What vite's single-page fallback sends for a file it does not have: index.html with 200.
  vi.stubGlobal('fetch', async () => new Response('<!doctype html>', { headers: { 'Content-Type': 'text/html' } }));
  await expect(
    loadData({ kind: 'cifar10', limit: 100 }, 'http://app.test/', new AbortController().signal, () => {}),
  ).rejects.toThrow(/the server sent a web page instead \(no such file\)\. CIFAR-10 is not installed/);
  stubBrowser({ delayMs: 50 });
  const ac = new AbortController();
  const p = loadData({ kind: 'cifar10', limit: 100 }, 'http://app.test/', ac.signal, () => {});
  ac.abort();
  await expect(p).rejects.toThrow('Loading was cancelled.');
});
