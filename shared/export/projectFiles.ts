// A project with its trained weights and its run history, weights kept out of the JSON.
//
// On disk (desktop, CLI):  net.cnn.json                  the graph, the runs' records, and references
//                          net.weights/<sha256>.bin      float32 bytes, one file per distinct set of weights
// The JSON holds each weight set's small index (tensor names, shapes, offsets) plus the SHA-256 and length of its
// bytes; the bytes live in a file named by that hash. Content-addressed files are never rewritten (same name, same
// bytes), so saving writes only new blobs, then the JSON last: the JSON's atomic rename is the commit point, and a
// crash before it leaves the old project whole (at worst an unreferenced blob). In the browser the same blobs are
// kept in IndexedDB under their hash. Projects that embed their weights as base64 (written before) still open.
// Pure: no fs here; the host reads a blob by hash and hands its bytes in.
import { parseProject, serializeProject, type GraphDoc } from '../graph';
import { english, messageOf, msg, type Msg } from '../i18n/msg';
import { loadRunRecord, type RunRecord } from '../train/runRecord';
import { sha256 } from '../train/sha256';
import { fromBase64 } from './project';
import { ExportError, type ExportTensor, type WeightMap } from './types';
import { BUNDLE_FORMAT, decodeBundle, encodeBundle, type BundleIndex } from './weights';

/** Version of the "weights in a separate file" reference; a newer one is refused with a message. */
export const WEIGHTS_REF_VERSION = 1;
/** The project file's extension; the weights folder replaces it with WEIGHTS_FOLDER_SUFFIX. */
const PROJECT_SUFFIXES = ['.cnn.json', '.json'];
export const WEIGHTS_FOLDER_SUFFIX = '.weights';
const SHA = /^[0-9a-f]{64}$/;
/** At most this many runs are kept in a project; the oldest go first (their blobs with them when unshared). */
export const MAX_RUNS = 50;

/** What the JSON holds for one weight set kept in a separate file. */
export interface WeightsRef extends BundleIndex {
  readonly encoding: 'file';
  readonly refVersion: number;
  readonly sha256: string;
  readonly bytes: number;
}

/** One content-addressed blob to write (desktop: `<folder>/<sha256>.bin`; browser: IndexedDB key). */
export interface WeightsBlob {
  readonly sha256: string;
  readonly bytes: Uint8Array;
}

/** A training run kept with the project: its record (which holds the curves) and its weights' reference. */
export interface StoredRun {
  readonly id: string;
  readonly record: RunRecord;
  readonly weights: WeightsRef | null;
}

/** A run to save: the record and the trained weights (tfjs names), or a reference already saved. */
export interface RunToSave {
  readonly id: string;
  readonly record: RunRecord;
  readonly weights: WeightMap | WeightsRef | null;
}

/** `net.cnn.json` -> `net.weights` (the folder beside the project that holds its weight blobs). */
export function weightsFolderName(projectFileName: string): string {
  const suffix = PROJECT_SUFFIXES.find((s) => projectFileName.toLowerCase().endsWith(s));
  return (suffix ? projectFileName.slice(0, -suffix.length) : projectFileName) + WEIGHTS_FOLDER_SUFFIX;
}

/** A blob's file name in the weights folder. */
export const blobFileName = (hash: string) => `${hash}.bin`;

function encode(weights: WeightMap): { ref: WeightsRef; blob: WeightsBlob } {
  const { index, bin } = encodeBundle(
    'tfjs',
    [...weights].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const hash = sha256(bin);
  return {
    ref: { ...index, encoding: 'file', refVersion: WEIGHTS_REF_VERSION, sha256: hash, bytes: bin.byteLength },
    blob: { sha256: hash, bytes: bin },
  };
}

const isRef = (w: WeightMap | WeightsRef): w is WeightsRef => !(w instanceof Map);

/**
 * The project text and the blobs it points at. `weights`: the current graph's trained weights (or null);
 * `runs`: the run history, oldest first (only the newest MAX_RUNS are kept). The text never holds weight values.
 */
export function serializeProjectFiles(
  doc: GraphDoc,
  weights: WeightMap | WeightsRef | null,
  runs: readonly RunToSave[] = [],
): { text: string; blobs: WeightsBlob[] } {
  const blobs = new Map<string, WeightsBlob>();
  const refOf = (w: WeightMap | WeightsRef | null): WeightsRef | null => {
    if (w === null) return null;
    if (isRef(w)) return w;
    const { ref, blob } = encode(w);
    blobs.set(blob.sha256, blob);
    return ref;
  };
  const plain = serializeProject(doc);
  const current = refOf(weights);
  const kept = runs.slice(-MAX_RUNS).map((r) => ({ id: r.id, record: r.record, weights: refOf(r.weights) }));
  // Nothing trained: the plain project file, byte for byte as before.
  if (!current && !kept.length) return { text: plain, blobs: [] };
  const project = JSON.parse(plain) as Record<string, unknown>;
  const out = { ...project, ...(current ? { weights: current } : {}), ...(kept.length ? { runs: kept } : {}) };
  return { text: JSON.stringify(out, null, 2) + '\n', blobs: [...blobs.values()] };
}

/** Every blob hash the project text refers to (what a save must have written, and what may not be deleted). */
export function referencedBlobs(p: { weights: StoredWeights | null; runs: readonly StoredRun[] }): string[] {
  const s = new Set<string>();
  if (p.weights?.kind === 'file') s.add(p.weights.ref.sha256);
  for (const r of p.runs) if (r.weights) s.add(r.weights.sha256);
  return [...s].sort();
}

export type StoredWeights =
  | { readonly kind: 'embedded'; readonly tensors: Map<string, ExportTensor> }
  | { readonly kind: 'file'; readonly ref: WeightsRef };

export type ParsedProjectFiles =
  | {
      readonly ok: true;
      readonly doc: GraphDoc;
      readonly weights: StoredWeights | null;
      readonly runs: readonly StoredRun[];
      /** In English (logs, tests); `warningMsgs` are the same as messages, the graph's (parseProject) first. */
      readonly warnings: readonly string[];
      readonly warningMsgs: readonly Msg[];
      /** The weights' and runs' warnings alone (the graph's are shown where the graph opens: commands/files.ts). */
      readonly ownWarningMsgs: readonly Msg[];
    }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Checks a weights reference's shape; throws ExportError naming what is wrong. */
export function checkWeightsRef(raw: unknown, what: string | Msg): WeightsRef {
  const w = raw as Partial<WeightsRef> | null;
  if (!w || typeof w !== 'object' || w.format !== BUNDLE_FORMAT)
    throw new ExportError(msg('errors3.weights.notRef', { what, format: BUNDLE_FORMAT }));
  if (typeof w.refVersion !== 'number' || w.refVersion > WEIGHTS_REF_VERSION)
    throw new ExportError(
      msg('errors3.weights.newerRef', { what, version: String(w.refVersion), current: String(WEIGHTS_REF_VERSION) }),
    );
  if (typeof w.sha256 !== 'string' || !SHA.test(w.sha256)) throw new ExportError(msg('errors3.weights.sha', { what }));
  if (!Number.isInteger(w.bytes) || (w.bytes as number) < 0)
    throw new ExportError(msg('errors3.weights.bytes', { what }));
  return w as WeightsRef;
}

function storedWeights(raw: unknown): StoredWeights {
  const w = raw as Record<string, unknown>;
  if (typeof w !== 'object' || w === null || w.format !== BUNDLE_FORMAT)
    throw new ExportError(msg('errors3.weights.notBundle'));
  if (w.encoding === 'base64') {
    if (typeof w.data !== 'string') throw new ExportError(msg('errors3.weights.noData'));
    return { kind: 'embedded', tensors: decodeBundle(w, fromBase64(w.data), msg('errors3.weights.what.project')) };
  }
  if (w.encoding === 'file') return { kind: 'file', ref: checkWeightsRef(w, msg('errors3.weights.what.projectRef')) };
  throw new ExportError(msg('errors3.weights.encoding', { encoding: String(JSON.stringify(w.encoding)) }));
}

/**
 * Parses a project with its weights and runs. Never throws: the graph opens whenever it can, and anything wrong
 * with the weights or a run is a warning naming it (the weights are then left out; a bad run is skipped).
 */
export function parseProjectFiles(text: string): ParsedProjectFiles {
  const r = parseProject(text);
  if (!r.ok) return r;
  const warnings: Msg[] = [...r.warningMsgs];
  const done = () => ({
    warnings: warnings.map(english),
    warningMsgs: warnings,
    ownWarningMsgs: warnings.slice(r.warningMsgs.length),
  });
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { ok: true, doc: r.doc, weights: null, runs: [], ...done() };
  }
  let weights: StoredWeights | null = null;
  if (raw.weights !== undefined) {
    try {
      weights = storedWeights(raw.weights);
    } catch (e) {
      warnings.push(msg('openWarn.weightsLeftOut', { error: messageOf(e) }));
    }
  }
  const runs: StoredRun[] = [];
  if (raw.runs !== undefined) {
    if (!Array.isArray(raw.runs)) warnings.push(msg('openWarn.runsNotList'));
    else
      for (const [i, item] of (raw.runs as unknown[]).entries()) {
        const it = item as Record<string, unknown> | null;
        const where = msg('openWarn.runWhere', { n: i + 1 });
        try {
          if (!it || typeof it !== 'object' || typeof it.id !== 'string' || it.id === '')
            throw new ExportError(msg('openWarn.runNoId', { where }));
          const record = loadRunRecord(it.record, where);
          const ref = it.weights === null || it.weights === undefined ? null : checkWeightsRef(it.weights, where);
          runs.push({ id: it.id, record, weights: ref });
        } catch (e) {
          warnings.push(msg('openWarn.runLeftOut', { error: messageOf(e) }));
        }
      }
  }
  return { ok: true, doc: r.doc, weights, runs, ...done() };
}

/**
 * The tensors of a weights reference from its blob's bytes (null: the file or entry is missing). Throws
 * ExportError naming `where` (the file or store) when the blob is missing, of the wrong length or hash.
 */
/** A weights file that is missing, cut short or changed: its message as data, for the user's language. */
export class WeightsFileError extends ExportError {
  constructor(msg: Msg) {
    super(msg);
  }
}

export function weightsFromBlob(ref: WeightsRef, bytes: Uint8Array | null, where: string): Map<string, ExportTensor> {
  if (bytes === null)
    throw new WeightsFileError({ key: 'projectFiles.missing', params: { where, hash: ref.sha256.slice(0, 12) } });
  if (bytes.byteLength !== ref.bytes)
    throw new WeightsFileError({
      key: 'projectFiles.wrongSize',
      params: { where, bytes: String(bytes.byteLength), expected: String(ref.bytes) },
    });
  const h = sha256(bytes);
  if (h !== ref.sha256)
    throw new WeightsFileError({
      key: 'projectFiles.changed',
      params: { where, hash: h.slice(0, 12), expected: ref.sha256.slice(0, 12) },
    });
  return decodeBundle(ref, bytes, msg('errors3.weights.what.file', { where }));
}

/** Reads one blob by hash: the bytes, or null when there is none. `where` names it in messages. */
export interface BlobReader {
  read(hash: string): Promise<Uint8Array | null>;
  where(hash: string): string;
}

/**
 * The current graph's weights: embedded ones as they are, a file reference read through `blobs`. A missing or
 * mismatched blob gives `{ weights: null, warning }`: the graph still opens, nothing is overwritten.
 */
export async function loadStoredWeights(
  stored: StoredWeights | WeightsRef | null,
  blobs: BlobReader,
): Promise<{ weights: Map<string, ExportTensor> | null; warning?: string; warningMsg?: Msg }> {
  if (stored === null) return { weights: null };
  if ('kind' in stored && stored.kind === 'embedded') return { weights: stored.tensors };
  const ref = 'kind' in stored ? (stored as { ref: WeightsRef }).ref : stored;
  try {
    let bytes: Uint8Array | null;
    try {
      bytes = await blobs.read(ref.sha256);
    } catch (e) {
      throw new WeightsFileError({
        key: 'projectFiles.unreadable',
        params: { where: blobs.where(ref.sha256), error: (e as Error).message },
      });
    }
    return { weights: weightsFromBlob(ref, bytes, blobs.where(ref.sha256)) };
  } catch (e) {
    const warningMsg: Msg = {
      key: 'projectFiles.withoutWeights',
      params: { reason: e instanceof WeightsFileError ? e.msg : (e as Error).message },
    };
    return { weights: null, warning: english(warningMsg), warningMsg };
  }
}
