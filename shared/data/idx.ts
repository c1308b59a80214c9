// IDX files (LeCun's MNIST format, also Fashion-MNIST): a 4-byte magic (0, 0, type, rank), rank
// big-endian uint32 dimensions, then the data. Only unsigned bytes (type 0x08) are image/label data.
import { DataError, type Dataset } from './types';
import { msg, type Msg } from '../i18n/msg';

const d = (key: string, params?: Readonly<Record<string, string | number | Msg>>) => new DataError(msg(`errors3.data.${key}`, params));

export interface Idx { readonly dims: readonly number[]; readonly data: Uint8Array }

export const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Parses an IDX file (already decompressed). `what` names it in errors. */
export function parseIdx(bytes: Uint8Array, what: string | Msg = msg('errors3.data.what.idx')): Idx {
  if (isGzip(bytes)) throw d('idxGzip', { what });
  if (bytes.length < 4) throw d('idxShort', { what, n: String(bytes.length) });
  if (bytes[0] !== 0 || bytes[1] !== 0) throw d('idxMagic', { what, b0: hex(bytes[0]), b1: hex(bytes[1]) });
  const type = bytes[2], rank = bytes[3];
  if (type !== 0x08) throw d('idxType', { what, type: hex(type) });
  if (rank < 1 || rank > 4) throw d('idxRank', { what, rank: String(rank) });
  const head = 4 + 4 * rank;
  if (bytes.length < head) throw d('idxHeader', { what, n: String(bytes.length), head: String(head) });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length - head < size) {
    throw d('idxTruncated', { what, dims: dims.join('x'), size: String(size), has: String(bytes.length - head) });
  }
  return { dims, data: bytes.subarray(head, head + size) };
}

/**
 * The most bytes a gzipped IDX file may decompress to, whatever its header declares: 1 GiB (EMNIST's largest
 * split is 640 MB; MNIST's training images are 47 MB). Gzip expands up to about 1,000 times, so without a limit
 * a 1 MB file could cost gigabytes.
 */
export const MAX_IDX_BYTES = 1024 ** 3;

/**
 * The whole size an IDX file's header declares (header + the product of its dimensions), from its first bytes:
 * undefined while `head` is too short to tell, null when it is no IDX header (then only the global limit applies).
 */
export function idxDeclaredBytes(head: Uint8Array): number | null | undefined {
  if (head.length < 4) return undefined;
  if (head[0] !== 0 || head[1] !== 0 || head[3] < 1 || head[3] > 4) return null;
  const rank = head[3], size = 4 + 4 * rank;
  if (head.length < size) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, size);
  let data = 1;
  for (let i = 0; i < rank; i++) data *= view.getUint32(4 + 4 * i, false);
  return size + data;
}

const bytesText = (n: number) => msg('errors3.data.bytes', { n });

/**
 * Decompresses gzip bytes with the platform's DecompressionStream (browser, Worker, Node >= 18), streaming: the
 * output may not exceed the size the IDX header at its start declares, nor `maxBytes` (MAX_IDX_BYTES) in any case.
 * A file that would is refused as soon as it passes the limit, before the rest is inflated.
 */
export async function gunzipIfNeeded(bytes: Uint8Array, what: string | Msg = msg('errors3.data.what.file'), maxBytes = MAX_IDX_BYTES): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  const DS = (globalThis as { DecompressionStream?: new (format: 'gzip') => unknown }).DecompressionStream;
  if (!DS) throw d('gzipRuntime', { what });
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = (new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DS('gzip') as Parameters<ReadableStream<Uint8Array>['pipeThrough']>[0]) as ReadableStream<Uint8Array>).getReader();
  } catch (e) {
    throw d('gzip', { what, error: (e as Error).message });
  }
  // Grows by doubling up to the limit; a file that ends exactly at its declared size needs no final copy.
  let out = new Uint8Array(Math.min(maxBytes, Math.max(64 * 1024, 4 * bytes.length)));
  let n = 0, limit = maxBytes, declared: number | null | undefined;
  const over = (): never => {
    throw typeof declared === 'number' && declared <= maxBytes
      ? d('gzipBeyondHeader', { what, bytes: bytesText(declared) })
      : d('gzipBeyondMax', { what, bytes: bytesText(maxBytes) });
  };
  try {
    for (;;) {
      let r: Awaited<ReturnType<typeof reader.read>>;
      try { r = await reader.read(); } catch (e) { throw d('gzip', { what, error: (e as Error).message }); }
      if (r.done) break;
      const chunk = r.value;
      if (chunk.length > limit - n) {
        // Keep what fits, so a header split across chunks is still read and named in the error.
        if (declared === undefined) declared = idxDeclaredBytes(concatHead(out, n, chunk));
        over();
      }
      if (n + chunk.length > out.length) {
        const grown = new Uint8Array(Math.min(limit, Math.max(n + chunk.length, 2 * out.length)));
        grown.set(out.subarray(0, n));
        out = grown;
      }
      out.set(chunk, n);
      n += chunk.length;
      if (declared === undefined) {
        declared = idxDeclaredBytes(out.subarray(0, Math.min(n, 20)));
        if (typeof declared === 'number') {
          if (declared > maxBytes) {
            throw d('idxTooBig', { what, bytes: bytesText(declared), max: bytesText(maxBytes) });
          }
          limit = declared;
          if (n > limit) over();
        }
      }
    }
  } catch (e) {
    void reader.cancel().catch(() => {});
    throw e;
  }
  return n === out.length ? out : out.slice(0, n);
}

/** The first 20 bytes of what was inflated plus the chunk that did not fit (an IDX header is at most 20 bytes). */
function concatHead(out: Uint8Array, n: number, chunk: Uint8Array): Uint8Array {
  const head = new Uint8Array(20);
  const kept = Math.min(n, 20);
  head.set(out.subarray(0, kept));
  head.set(chunk.subarray(0, 20 - kept), kept);
  return head.subarray(0, Math.min(20, kept + chunk.length));
}

export interface IdxPairOptions {
  readonly name: string;
  /** Keep only the first `limit` images. */
  readonly limit?: number;
  /** Known class count (10 for MNIST); otherwise max label + 1. */
  readonly numClasses?: number;
  readonly classNames?: readonly string[];
  readonly imagesName?: string;
  readonly labelsName?: string;
}

/** An images file (n x rows x cols [x channels]) and a labels file (n) -> a Dataset, checked. */
export function idxPairToDataset(imagesBytes: Uint8Array, labelsBytes: Uint8Array, o: IdxPairOptions): Dataset {
  const iname = o.imagesName ?? msg('errors3.data.what.images'), lname = o.labelsName ?? msg('errors3.data.what.labels');
  const im = parseIdx(imagesBytes, iname), lb = parseIdx(labelsBytes, lname);
  if (im.dims.length !== 3 && im.dims.length !== 4) throw d('imagesShape', { what: iname, shape: im.dims.join('x') });
  if (lb.dims.length !== 1) throw d('labelsShape', { what: lname, shape: lb.dims.join('x') });
  const [nAll, height, width] = im.dims, channels = im.dims[3] ?? 1;
  if (lb.dims[0] !== nAll) throw d('count', { images: iname, n: String(nAll), labels: lname, k: String(lb.dims[0]) });
  if (height < 1 || width < 1) throw d('emptyImages', { what: iname, h: String(height), w: String(width) });
  const n = o.limit !== undefined ? Math.min(nAll, Math.max(0, Math.floor(o.limit))) : nAll;
  if (n === 0) throw d('noImages', { what: iname });
  const labels = lb.data.slice(0, n);
  const numClasses = checkLabels(labels, o.numClasses, lname);
  const size = height * width * channels;
  return { name: o.name, images: im.data.slice(0, n * size), labels, n, height, width, channels, numClasses, classNames: o.classNames };
}

/** Checks label range and returns the class count. */
export function checkLabels(labels: Uint8Array, numClasses: number | undefined, what: string | Msg = msg('errors3.data.what.labelsShort')): number {
  let max = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > max) max = labels[i];
  if (numClasses !== undefined && max >= numClasses) {
    const at = labels.findIndex((l) => l >= numClasses);
    throw d('labelRange', { what, label: String(labels[at]), at: String(at), k: String(numClasses), last: String(numClasses - 1) });
  }
  const k = numClasses ?? max + 1;
  if (k < 2) throw d('oneClass', { what, k: String(k) });
  return k;
}

/** Writes an IDX file (used by tests to make corrupt and small files, and to export slices). */
export function writeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out[2] = 0x08; out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

const hex = (b: number) => '0x' + b.toString(16).padStart(2, '0');
