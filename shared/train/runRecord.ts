// The run record: one typed JSON written with every trained model (the app's results, `cli train --out`, every
// export). It says what was trained (the graph and its hash), on what (data set, hashes, counts, split, seed,
// augmentation), how the inputs were prepared (the exact scale, mean and std training used), with what
// (optimiser, schedule, batch, epochs, backend and versions), and what came out (per-epoch and test metrics, wall
// time, a hash of the weights). Pure: Node, the page and the Worker share it. Later: run history keeps these.
import { z } from 'zod';
import { loadProject, type GraphDoc } from '../graph';
import { quoteValue } from '../graph/format';
import { sha256, Sha256 } from './sha256';
import { english, errorText, msg, type Msg, type MsgOrText, type MsgParams } from '../i18n/msg';

export const RUN_RECORD_FORMAT = 'cnn-designer-run';
export const RUN_RECORD_VERSION = 1;
/** The file name a run record has beside its model (cli train --out, exports). */
export const RUN_RECORD_FILE = 'run.json';
/** CNN Designer's version as records and exports state it (package.json's; a test keeps them equal). */
export const APP_VERSION = '0.1.0';

z.config({ jitless: true });

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const count = z.number().int().min(0);

const preprocessingSchema = z.object({
  /** Model input = (pixel * scale - mean[c]) / std[c], pixel a byte 0..255, c the channel (last axis). */
  scale: finite,
  mean: z.array(finite).min(1),
  std: z.array(z.number().positive()).min(1),
  /** 'standard': mean and std measured on the training split; 'unit': 0 and 1 (pixels / 255 only). */
  kind: z.enum(['unit', 'standard']),
});
export type Preprocessing = z.infer<typeof preprocessingSchema>;

const epochSchema = z.object({
  epoch: count,
  loss: finite,
  accuracy: finite,
  valLoss: finite.nullable(),
  valAccuracy: finite.nullable(),
  elapsedMs: finite,
});

const scheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant') }),
  z.object({ kind: z.literal('step'), everyEpochs: finite, gamma: finite }),
  z.object({ kind: z.literal('cosine'), minFactor: finite.optional() }),
]);

const recordSchema = z.object({
  format: z.literal(RUN_RECORD_FORMAT),
  version: z.literal(RUN_RECORD_VERSION),
  createdAt: z.string(),
  graph: z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/), doc: z.unknown() }),
  data: z.object({
    name: z.string(),
    /** The data source kind (shared/data/sources.ts) when known: mnist, cifar10, idx, synthetic, files, folder. */
    kind: z.string().optional(),
    /** SHA-256 of each file read, or of the loaded image and label bytes when there were no files. */
    hashes: z.array(z.object({ name: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: count })),
    inputShape: z.tuple([count, count, count]),
    numClasses: count,
    counts: z.object({ train: count, val: count, test: count }),
    split: z.object({ valFraction: finite, seed: finite, limit: count.optional() }),
    /** The loader kept only the first N images of the file(s) (the app's image limit; the CLI's --test-limit). */
    firstImages: z.object({ train: count.optional(), test: count.optional() }).optional(),
    augmentation: z.object({ cropPadding: count, flip: z.boolean() }),
  }),
  preprocessing: preprocessingSchema,
  training: z.object({
    optimizer: z.enum(['sgd', 'adam', 'rmsprop']),
    learningRate: finite,
    momentum: finite,
    schedule: scheduleSchema,
    batchSize: count,
    epochs: count,
    seed: finite,
    loss: z.string(),
  }),
  backend: z.object({ name: z.string(), tfjs: z.string(), app: z.string(), kernels: z.string().optional() }),
  epochs: z.array(epochSchema),
  test: z.object({ loss: finite, accuracy: finite, n: count }).nullable(),
  stopReason: z.enum(['done', 'stopped', 'diverged']),
  /** True when the run continued from earlier weights rather than the seed's initialisation. */
  continued: z.boolean().optional(),
  steps: count,
  wallTimeMs: finite,
  /** weightsHash() of the trained weights: what a weights file must match to belong to this run. */
  weights: z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/), tensors: count }),
});

type Raw = z.infer<typeof recordSchema>;
export type RunRecord = Omit<Raw, 'graph'> & { readonly graph: { readonly hash: string; readonly doc: GraphDoc } };
export type EpochRecord = z.infer<typeof epochSchema>;

/** Error in a run record: the message names what is wrong and how to fix it. */
export class RunRecordError extends Error {
  override readonly name = 'RunRecordError';
  readonly msg: Msg;
  constructor(m: MsgOrText, options?: ErrorOptions) {
    const t = errorText(m);
    super(t.message, options);
    this.msg = t.msg;
  }
}

/**
 * The graph's identity for weights: node ids, types and parameters and the edges, in a canonical order;
 * positions, labels and the project's name do not change which weights fit, so they are left out.
 */
export function graphHash(doc: GraphDoc): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  const nodes = [...doc.nodes]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((n) => [n.id, n.type, sorted(n.params)]);
  const edges = doc.edges
    .map((e) => [e.source, e.target, e.targetPort])
    .sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1));
  return sha256(JSON.stringify({ nodes, edges }));
}

/** A hash of trained weights (tfjs names, shapes and float32 values, in name order), whatever file held them. */
export function weightsHash(weights: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>): string {
  const h = new Sha256();
  for (const name of [...weights.keys()].sort()) {
    const t = weights.get(name)!;
    h.update(new TextEncoder().encode(`${name}:${t.shape.join('x')};`));
    const f = Float32Array.from(t.data); // little-endian on every platform the app runs on
    h.update(new Uint8Array(f.buffer));
  }
  return h.hex();
}

/** The preprocessing of a normalisation as training applied it (shared/data/prep.ts makeBatch). */
export function preprocessingOf(
  norm: { kind: 'unit' } | { kind: 'standard'; mean: readonly number[]; std: readonly number[] },
  channels: number,
): Preprocessing {
  if (norm.kind === 'unit')
    return {
      kind: 'unit',
      scale: 1 / 255,
      mean: new Array<number>(channels).fill(0),
      std: new Array<number>(channels).fill(1),
    };
  return {
    kind: 'standard',
    scale: 1 / 255,
    mean: Array.from({ length: channels }, (_, c) => norm.mean[c] ?? 0),
    std: Array.from({ length: channels }, (_, c) => norm.std[c] ?? 1),
  };
}

function zodMessage(err: z.ZodError): string {
  return err.issues
    .slice(0, 8)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : 'record'}: ${i.message}`)
    .join('; ');
}

/** Reads a run record's text (run.json). Throws RunRecordError naming what is wrong. */
const rr = (key: string, params: MsgParams): Msg => msg(`errors2.record.${key}`, params);
/** Up to three messages, one after another (errors2.list2 / list3). */
function listMsg(list: readonly Msg[]): Msg {
  const l = list.slice(0, 3);
  return l.length === 1 ? l[0] : msg(`errors2.list${l.length}`, Object.fromEntries(l.map((m, i) => [`m${i}`, m])));
}

export function parseRunRecord(text: string, where = 'the run record'): RunRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new RunRecordError(rr('json', { where, error: (e as Error).message }));
  }
  return loadRunRecord(raw, where);
}

/** Validates a parsed run record; the graph's hash must match its graph. Throws RunRecordError. */
export function loadRunRecord(raw: unknown, where: string | Msg = 'the run record'): RunRecord {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new RunRecordError(rr('notObject', { where }));
  const o = raw as Record<string, unknown>;
  if (o.format !== RUN_RECORD_FORMAT)
    throw new RunRecordError(
      o.format === undefined
        ? rr('noFormat', { where, expected: RUN_RECORD_FORMAT })
        : rr('format', { where, format: quoteValue(o.format), expected: RUN_RECORD_FORMAT }),
    );
  if (typeof o.version !== 'number') throw new RunRecordError(rr('noVersion', { where }));
  if (o.version > RUN_RECORD_VERSION)
    throw new RunRecordError(rr('newer', { where, version: o.version, current: RUN_RECORD_VERSION }));
  const r = recordSchema.safeParse(raw);
  if (!r.success) throw new RunRecordError(rr('damaged', { where, error: zodMessage(r.error) }));
  const g = loadProject(r.data.graph.doc);
  if (!g.ok)
    throw new RunRecordError(
      rr('graph', { where, errors: listMsg(g.errorMsgs ?? g.errors.map((text) => msg('errors2.text', { text }))) }),
    );
  const hash = graphHash(g.doc);
  if (hash !== r.data.graph.hash)
    throw new RunRecordError(rr('hash', { where, recorded: r.data.graph.hash.slice(0, 12), hash: hash.slice(0, 12) }));
  return { ...r.data, graph: { hash, doc: g.doc } };
}

/**
 * Checks that weights belong to a run: same hash as recorded. Throws RunRecordError saying which file is
 * not the run's (e.g. weights.bin replaced by another run's).
 */
export function checkRunWeights(
  record: RunRecord,
  weights: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>,
  weightsWhere: string,
): void {
  const h = weightsHash(weights);
  if (h !== record.weights.hash)
    throw new RunRecordError(
      rr('weights', { where: weightsWhere, hash: h.slice(0, 12), recorded: record.weights.hash.slice(0, 12) }),
    );
}

/** The record as pretty JSON (what run.json holds). */
export function serializeRunRecord(r: RunRecord): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

export interface RunRecordInput {
  readonly doc: GraphDoc;
  readonly data: RunRecord['data'];
  readonly preprocessing: Preprocessing;
  readonly training: RunRecord['training'];
  readonly backend: RunRecord['backend'];
  readonly epochs: readonly EpochRecord[];
  readonly test: RunRecord['test'];
  readonly stopReason: RunRecord['stopReason'];
  readonly continued?: boolean;
  readonly steps: number;
  readonly wallTimeMs: number;
  readonly weights: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>;
  readonly createdAt?: string;
}

/** A run record from what a training run knows. */
export function makeRunRecord(i: RunRecordInput): RunRecord {
  return {
    format: RUN_RECORD_FORMAT,
    version: RUN_RECORD_VERSION,
    createdAt: i.createdAt ?? new Date().toISOString(),
    graph: { hash: graphHash(i.doc), doc: i.doc },
    data: i.data,
    preprocessing: i.preprocessing,
    training: i.training,
    backend: i.backend,
    epochs: i.epochs.map((e) => ({ ...e })),
    test: i.test,
    stopReason: i.stopReason,
    ...(i.continued ? { continued: true } : {}),
    steps: i.steps,
    wallTimeMs: i.wallTimeMs,
    weights: { hash: weightsHash(i.weights), tensors: i.weights.size },
  };
}

/** SHA-256 entries for named byte arrays (data files, or the loaded images and labels). */
export function dataHashes(parts: readonly { name: string; bytes: Uint8Array }[]): RunRecord['data']['hashes'] {
  return parts.map((p) => ({ name: p.name, sha256: sha256(p.bytes), bytes: p.bytes.byteLength }));
}

/** Renders a catalogue key in the reader's language (a Translator's `t`); English when none is given. */
export type Say = (key: string, params?: MsgParams) => string;
export const inEnglish: Say = (key, params) => english({ key, params });

/** A few lines for people (the CLI's `record` and the end of `train`), in the reader's language. */
export function describeRunRecord(r: RunRecord, say: Say = inEnglish): string[] {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const p = r.preprocessing;
  const t = r.training;
  const s = t.schedule;
  const d = r.data;
  const last = r.epochs[r.epochs.length - 1];
  return [
    say('record.header', { format: r.format, version: r.version, createdAt: r.createdAt }),
    `  ${say('record.graph', { name: r.graph.doc.metadata.name, nodes: r.graph.doc.nodes.length, hash: r.graph.hash.slice(0, 16) })}`,
    `  ${say('record.data', {
      name: d.name,
      kind: d.kind ? say('record.kind', { kind: d.kind }) : '',
      train: d.counts.train,
      val: d.counts.val,
      test: d.counts.test,
      shape: d.inputShape.join('x'),
      classes: d.numClasses,
      seed: d.split.seed,
      limit: d.split.limit !== undefined ? say('record.limit', { n: d.split.limit }) : '',
      first: d.firstImages?.train !== undefined ? say('record.firstImages', { n: d.firstImages.train }) : '',
    })}`,
    ...d.hashes.map((h) => `    ${say('record.hash', { name: h.name, hash: h.sha256.slice(0, 16), bytes: h.bytes })}`),
    `  ${say('record.augmentation', {
      crop: d.augmentation.cropPadding
        ? say('record.cropPadding', { n: d.augmentation.cropPadding })
        : say('record.noCrop'),
      flips: say(d.augmentation.flip ? 'record.flips' : 'record.noFlips'),
    })}`,
    `  ${say('record.preprocessing', {
      scale: +p.scale.toPrecision(6),
      mean: p.mean.map((m) => m.toFixed(4)).join(', '),
      std: p.std.map((m) => m.toFixed(4)).join(', '),
      kind: p.kind,
    })}`,
    `  ${say('record.training', {
      optimizer: t.optimizer,
      lr: t.learningRate,
      momentum: t.optimizer === 'sgd' ? say('record.momentum', { m: t.momentum }) : '',
      schedule: s.kind === 'step' ? say('record.step', { gamma: s.gamma, every: s.everyEpochs }) : s.kind,
      batch: t.batchSize,
      epochs: t.epochs,
      seed: t.seed,
      loss: t.loss,
    })}`,
    `  ${say('record.backend', {
      name: r.backend.name,
      extra: r.backend.kernels ? say('record.kind', { kind: r.backend.kernels }) : '',
      tfjs: r.backend.tfjs,
      app: r.backend.app,
    })}`,
    ...r.epochs.map(
      (e) =>
        `  ${
          e.valLoss !== null
            ? say('record.epochVal', {
                epoch: e.epoch + 1,
                loss: e.loss.toFixed(4),
                acc: pct(e.accuracy),
                valLoss: e.valLoss.toFixed(4),
                valAcc: pct(e.valAccuracy ?? 0),
              })
            : say('record.epoch', { epoch: e.epoch + 1, loss: e.loss.toFixed(4), acc: pct(e.accuracy) })
        }`,
    ),
    `  ${
      r.test
        ? say('record.test', { loss: r.test.loss.toFixed(4), acc: pct(r.test.accuracy), n: r.test.n })
        : say(last ? 'record.testNone' : 'record.testNoneNoEpoch')
    }`,
    `  ${say('record.end', {
      steps: r.steps,
      seconds: (r.wallTimeMs / 1000).toFixed(1),
      stop: say(`sweep2.stop.${r.stopReason}`),
      tensors: r.weights.tensors,
      hash: r.weights.hash.slice(0, 16),
    })}`,
  ];
}

/** What a finished training run knows, in the shapes shared/train gives it. */
export interface FinishedRun {
  readonly doc: GraphDoc;
  readonly splits: {
    readonly data: {
      readonly name: string;
      readonly height: number;
      readonly width: number;
      readonly channels: number;
      readonly numClasses: number;
    };
    readonly train: ArrayLike<number>;
    readonly val: ArrayLike<number>;
  };
  readonly split: { readonly valFraction: number; readonly seed: number; readonly limit?: number };
  readonly firstImages?: { readonly train?: number; readonly test?: number };
  readonly dataKind?: string;
  readonly dataHashes: RunRecord['data']['hashes'];
  readonly config: {
    readonly optimizer: RunRecord['training']['optimizer'];
    readonly learningRate: number;
    readonly momentum: number;
    readonly schedule: RunRecord['training']['schedule'];
    readonly batchSize: number;
    readonly epochs: number;
    readonly seed: number;
    readonly loss: string;
    readonly augmentation: { readonly cropPadding: number; readonly flip: boolean };
  };
  readonly norm: { kind: 'unit' } | { kind: 'standard'; mean: readonly number[]; std: readonly number[] };
  readonly result: {
    readonly reason: RunRecord['stopReason'];
    readonly epochs: readonly EpochRecord[];
    readonly steps: number;
    readonly elapsedMs: number;
  };
  readonly test: { readonly loss: number; readonly accuracy: number; readonly n: number } | null;
  readonly backend: RunRecord['backend'];
  readonly weights: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>;
  readonly createdAt?: string;
  readonly continued?: boolean;
}

/** The run record of a finished run (the CLI, the app's worker and the tests build it the same way). */
export function recordRun(r: FinishedRun): RunRecord {
  const d = r.splits.data;
  const c = r.config;
  return makeRunRecord({
    doc: r.doc,
    data: {
      name: d.name,
      ...(r.dataKind ? { kind: r.dataKind } : {}),
      hashes: r.dataHashes,
      inputShape: [d.height, d.width, d.channels],
      numClasses: d.numClasses,
      counts: { train: r.splits.train.length, val: r.splits.val.length, test: r.test?.n ?? 0 },
      split: {
        valFraction: r.split.valFraction,
        seed: r.split.seed,
        ...(r.split.limit !== undefined ? { limit: r.split.limit } : {}),
      },
      ...(r.firstImages && (r.firstImages.train !== undefined || r.firstImages.test !== undefined)
        ? { firstImages: { ...r.firstImages } }
        : {}),
      augmentation: { cropPadding: c.augmentation.cropPadding, flip: c.augmentation.flip },
    },
    preprocessing: preprocessingOf(r.norm, d.channels),
    training: {
      optimizer: c.optimizer,
      learningRate: c.learningRate,
      momentum: c.momentum,
      schedule: c.schedule,
      batchSize: c.batchSize,
      epochs: c.epochs,
      seed: c.seed,
      loss: c.loss,
    },
    backend: r.backend,
    epochs: r.result.epochs,
    test: r.test ? { loss: r.test.loss, accuracy: r.test.accuracy, n: r.test.n } : null,
    stopReason: r.result.reason,
    continued: r.continued,
    steps: r.result.steps,
    wallTimeMs: r.result.elapsedMs,
    weights: r.weights,
    createdAt: r.createdAt,
  });
}
