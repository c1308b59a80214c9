// A project saved with its trained weights: the ordinary project JSON plus a "weights" member
// (the weight bundle's index, and its float32 bytes as base64). Older readers ignore the member
// and open the graph; parseProjectWithWeights returns both so training can continue.
import { parseProject, serializeProject, type GraphDoc } from '../graph';
import type { ExportTensor, WeightMap } from './types';
import { BUNDLE_FORMAT, decodeBundle, encodeBundle } from './weights';
import { msg } from '../i18n/msg';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i],
      b = bytes[i + 1] ?? 0,
      c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    chunk +=
      B64[(n >> 18) & 63] +
      B64[(n >> 12) & 63] +
      (i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=') +
      (i + 2 < bytes.length ? B64[n & 63] : '=');
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

export function fromBase64(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, '');
  if (clean.length % 4 !== 0) throw new Error('base64 data has a length that is not a multiple of 4 (truncated?)');
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((clean.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const v = [0, 1, 2, 3].map((k) => (clean[i + k] === '=' ? 0 : (B64_INDEX[clean.charCodeAt(i + k)] ?? -1)));
    if (v.some((x) => x < 0)) throw new Error(`base64 data has an invalid character near position ${i}`);
    const n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** The project text with the weights embedded (tfjs names and layouts). */
export function serializeProjectWithWeights(doc: GraphDoc, weights: WeightMap): string {
  const { index, bin } = encodeBundle(
    'tfjs',
    [...weights].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const project = JSON.parse(serializeProject(doc)) as Record<string, unknown>;
  return JSON.stringify({ ...project, weights: { ...index, encoding: 'base64', data: toBase64(bin) } }) + '\n';
}

export type ProjectWithWeights =
  | {
      readonly ok: true;
      readonly doc: GraphDoc;
      readonly weights: Map<string, ExportTensor> | null;
      readonly warnings: readonly string[];
    }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Parses a project; `weights` is null for a project saved without them. Never throws. */
export function parseProjectWithWeights(text: string): ProjectWithWeights {
  const r = parseProject(text);
  if (!r.ok) return r;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { ok: true, doc: r.doc, weights: null, warnings: r.warnings };
  }
  const w = raw.weights as Record<string, unknown> | undefined;
  if (w === undefined) return { ok: true, doc: r.doc, weights: null, warnings: r.warnings };
  try {
    if (typeof w !== 'object' || w === null || w.format !== BUNDLE_FORMAT)
      throw new Error(`"weights" is not a CNN Designer weights bundle`);
    if (w.encoding !== 'base64' || typeof w.data !== 'string') throw new Error('"weights" has no base64 "data"');
    return {
      ok: true,
      doc: r.doc,
      weights: decodeBundle(w, fromBase64(w.data), msg('errors3.weights.what.project')),
      warnings: r.warnings,
    };
  } catch (e) {
    return {
      ok: true,
      doc: r.doc,
      weights: null,
      warnings: [
        ...r.warnings,
        `The saved weights could not be read and were left out (${(e as Error).message}); the graph opened with fresh weights.`,
      ],
    };
  }
}
