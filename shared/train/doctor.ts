// The training doctor: pure rules that turn per-layer statistics (sampled now and then on a fixed probe batch by
// doctorSampler.ts) and the loss curves into diagnoses in plain words, each with its numbers and one-click fixes
// (graph edits through the editor's Fix, or a training-setting change). Nothing here runs tfjs.
import { fixSay, say, type Msg, type MsgParams } from '../i18n/msg';
import {
  LAYER_TYPES,
  layerDef,
  type Analysis,
  type Fix,
  type GraphDoc,
  type GraphNode,
  type LayerType,
} from '../graph';

/** The layer the fixes insert: the catalogue's first that normalises (BatchNorm), and its first that regularises (Dropout). */
const firstThat = (has: (t: LayerType) => boolean | undefined): LayerType => LAYER_TYPES.find(has)!;
const NORMALISER = firstThat((t) => layerDef(t).normalises);
const REGULARISER = firstThat((t) => layerDef(t).regularises);
import type { TrainConfig } from './config';
import type { EpochMetrics } from './trainer';

/** One layer's figures on the probe batch at one step. */
export interface LayerStat {
  readonly nodeId: string;
  /** Mean and standard deviation of the layer's output over the probe batch. */
  readonly mean: number;
  readonly std: number;
  /** For a ReLU output: the fraction of its units (position x channel) that are 0 for every probe image; else null. */
  readonly dead: number | null;
  /** L2 norm of d loss / d (this layer's trainable weights), and of the weights (null: no weights). */
  readonly gradNorm: number | null;
  readonly weightNorm: number | null;
  /** |w after - w before| / |w before| over one training step (null until measured). */
  readonly updateRatio: number | null;
}

export interface DoctorSample {
  readonly step: number;
  readonly epoch: number;
  /** Layers in graph order. */
  readonly layers: readonly LayerStat[];
}

export interface LossPoint {
  readonly step: number;
  readonly loss: number;
}

export interface DoctorInput {
  readonly doc: GraphDoc;
  readonly analysis: Analysis;
  readonly samples: readonly DoctorSample[];
  /** Training loss per batch (or a bounded series of them), in step order. */
  readonly losses: readonly LossPoint[];
  readonly epochs: readonly EpochMetrics[];
  readonly config: TrainConfig;
  readonly numClasses: number;
  /** The run ended with a NaN or infinite loss or weight. */
  readonly diverged?: boolean;
}

export type DoctorCode =
  'dead-relu' | 'vanishing-gradients' | 'exploding-loss' | 'oscillating-loss' | 'overfitting' | 'underfitting';

/** A one-click remedy: graph edits (applied in order) and/or new training settings. */
export interface DoctorFix {
  /** English, for logs and tests; `msg` is what the UI renders in the user's locale. */
  readonly label: string;
  readonly msg: Msg;
  readonly edits?: readonly Fix[];
  readonly config?: Partial<TrainConfig>;
}

export interface Diagnosis {
  readonly code: DoctorCode;
  /** The nodes concerned (their health mark on the canvas). */
  readonly nodeIds: readonly string[];
  /** English title and message (logs, tests); `titleMsg` and `msg` are rendered in the user's locale. */
  readonly title: string;
  readonly titleMsg: Msg;
  readonly message: string;
  readonly msg: Msg;
  readonly fixes: readonly DoctorFix[];
}

/** Thresholds, named so the tests and the words agree. */
export const DOCTOR = {
  deadFraction: 0.5,
  /** Relative gradient (|g|/|w|) of the first weighted layer over the last one's. */
  vanishingRatio: 0.01,
  minDepthForVanishing: 4,
  explodeFactor: 2,
  oscillationWindow: 30,
  oscillation: 0.3,
  overfitRise: 0.1,
  underfitEpochs: 2,
} as const;

const pct = (x: number) => `${Math.round(x * 100)}%`;
const num = (x: number) => (Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(3).replace(/\.?0+$/, '') : x.toExponential(1));
/** A diagnosis' title and message from the catalogues' doctor.<key> section. */
function tell(key: string, params?: MsgParams) {
  const t = say(`doctor.${key}.title`, params),
    m = say(`doctor.${key}.message`, params);
  return { title: t.message, titleMsg: t.msg, message: m.message, msg: m.msg };
}
const lowerLr = (c: TrainConfig): DoctorFix => ({
  ...fixSay('doctor.fix.lowerLr', { lr: num(c.learningRate / 10) }),
  config: { learningRate: c.learningRate / 10 },
});

/** All diagnoses for the history so far, most serious first. */
export function diagnose(h: DoctorInput): Diagnosis[] {
  return [exploding, oscillating, vanishing, deadRelu, overfitting, underfitting].flatMap((rule) => rule(h));
}

const nodeOf = (doc: GraphDoc, id: string): GraphNode | undefined => doc.nodes.find((n) => n.id === id);

/** The node's activation parameter (the enum whose value is its activation), or null. */
function activationParam(node: GraphNode): { key: string; value: string; options: readonly string[] } | null {
  const def = layerDef(node.type) as unknown as {
    activationOf?: (p: unknown) => string | null;
    params: Record<string, { kind: string; options?: readonly string[] }>;
  };
  const act = def.activationOf?.(node.params);
  if (!act) return null;
  for (const [key, spec] of Object.entries(def.params))
    if (spec.kind === 'enum' && node.params[key] === act && spec.options)
      return { key, value: act, options: spec.options };
  return null;
}

function deadRelu(h: DoctorInput): Diagnosis[] {
  const last = h.samples[h.samples.length - 1];
  if (!last) return [];
  const out: Diagnosis[] = [];
  for (const l of last.layers) {
    if (l.dead === null || l.dead < DOCTOR.deadFraction) continue;
    const node = nodeOf(h.doc, l.nodeId);
    if (!node) continue;
    const act = activationParam(node);
    const fixes: DoctorFix[] = [];
    const to = act?.options.includes('leakyRelu') ? 'leakyRelu' : act?.options.includes('elu') ? 'elu' : null;
    if (act && to)
      fixes.push({
        ...fixSay('doctor.fix.leaky', { act: to === 'leakyRelu' ? 'LeakyReLU' : 'ELU', node: l.nodeId }),
        edits: [
          {
            kind: 'setParam',
            ...fixSay('fix.nodeParam', { node: l.nodeId, value: to }),
            nodeId: l.nodeId,
            param: act.key,
            value: to,
          },
        ],
      });
    fixes.push(lowerLr(h.config));
    out.push({
      code: 'dead-relu',
      nodeIds: [l.nodeId],
      ...tell('deadRelu', {
        node: l.nodeId,
        pct: pct(l.dead),
        step: last.step,
        mean: num(l.mean),
        lr: num(h.config.learningRate),
      }),
      fixes,
    });
  }
  return out;
}

function vanishing(h: DoctorInput): Diagnosis[] {
  const last = h.samples[h.samples.length - 1];
  if (!last) return [];
  const weighted = last.layers.filter((l) => l.gradNorm !== null && l.weightNorm !== null && l.weightNorm > 0);
  if (weighted.length < DOCTOR.minDepthForVanishing) return [];
  // Already normalised or residual: not a plain stack.
  const plain = !h.doc.nodes.some((n) => {
    const def = layerDef(n.type);
    return h.analysis.live.has(n.id) && (def.normalises || def.skipPath);
  });
  if (!plain) return [];
  const rel = (l: LayerStat) => l.gradNorm! / l.weightNorm!;
  const first = weighted[0],
    lastL = weighted[weighted.length - 1];
  const ratio = rel(lastL) > 0 ? rel(first) / rel(lastL) : rel(first) === 0 ? 1 : Infinity;
  if (!(ratio < DOCTOR.vanishingRatio)) return [];
  const hidden = weighted.slice(0, -1);
  const edits: Fix[] = hidden.flatMap((l) => {
    const e = h.doc.edges.find((x) => x.source === l.nodeId);
    return e
      ? [
          {
            kind: 'insertNode',
            ...fixSay('fix.insertLayer', { type: NORMALISER }),
            edgeId: e.id,
            type: NORMALISER,
          } as Fix,
        ]
      : [];
  });
  const saturating = hidden.flatMap((l) => {
    const node = nodeOf(h.doc, l.nodeId),
      act = node && activationParam(node);
    return act && (act.value === 'sigmoid' || act.value === 'tanh') && act.options.includes('relu')
      ? [
          {
            kind: 'setParam',
            ...fixSay('fix.nodeParam', { node: l.nodeId, value: 'relu' }),
            nodeId: l.nodeId,
            param: act.key,
            value: 'relu',
          } as Fix,
        ]
      : [];
  });
  const fixes: DoctorFix[] = [];
  if (edits.length) fixes.push({ ...fixSay('doctor.fix.batchNorm', { n: edits.length }), edits });
  if (saturating.length) fixes.push({ ...fixSay('doctor.fix.relu', { n: saturating.length }), edits: saturating });
  return [
    {
      code: 'vanishing-gradients',
      nodeIds: weighted.filter((l) => rel(l) < rel(lastL) * 0.1).map((l) => l.nodeId),
      ...tell('vanishing', {
        first: first.nodeId,
        how:
          ratio < 1e-6
            ? { key: 'doctor.vanishing.none' }
            : { key: 'doctor.vanishing.times', params: { r: num(ratio) } },
        last: lastL.nodeId,
        a: num(rel(first)),
        b: num(rel(lastL)),
        step: last.step,
        n: weighted.length,
      }),
      fixes,
    },
  ];
}

/** Mean of the last n losses. */
const tail = (xs: readonly LossPoint[], n: number) =>
  xs.slice(-n).reduce((s, p) => s + p.loss, 0) / Math.min(n, xs.length);

function exploding(h: DoctorInput): Diagnosis[] {
  const ls = h.losses;
  const finite = ls.filter((p) => Number.isFinite(p.loss));
  if (h.diverged || finite.length < ls.length) {
    return [
      {
        code: 'exploding-loss',
        nodeIds: [],
        ...tell('exploded', { lr: num(h.config.learningRate) }),
        fixes: [lowerLr(h.config)],
      },
    ];
  }
  if (finite.length < 10) return [];
  const k = Math.max(3, Math.floor(finite.length / 10));
  const start = finite.slice(0, k).reduce((s, p) => s + p.loss, 0) / k,
    now = tail(finite, k);
  if (!(now > DOCTOR.explodeFactor * start)) return [];
  return [
    {
      code: 'exploding-loss',
      nodeIds: [],
      ...tell('growing', { start: num(start), now: num(now), k, lr: num(h.config.learningRate) }),
      fixes: [lowerLr(h.config)],
    },
  ];
}

function oscillating(h: DoctorInput): Diagnosis[] {
  const w = h.losses.slice(-DOCTOR.oscillationWindow);
  if (w.length < DOCTOR.oscillationWindow || exploding(h).length) return [];
  const mean = w.reduce((s, p) => s + p.loss, 0) / w.length;
  let jump = 0;
  for (let i = 1; i < w.length; i++) jump += Math.abs(w[i].loss - w[i - 1].loss);
  jump /= w.length - 1;
  const half = w.length >> 1;
  const first = w.slice(0, half).reduce((s, p) => s + p.loss, 0) / half,
    second = w.slice(half).reduce((s, p) => s + p.loss, 0) / (w.length - half);
  // Small batches make any loss curve noisy: only a noisy curve that is stuck well above a trained loss counts.
  const stuckHigh = mean > 0.5 * Math.log(Math.max(2, h.numClasses));
  if (!(stuckHigh && jump / mean > DOCTOR.oscillation && second >= 0.95 * first)) return [];
  return [
    {
      code: 'oscillating-loss',
      nodeIds: [],
      ...tell('oscillating', {
        n: w.length,
        jump: pct(jump / mean),
        mean: num(mean),
        first: num(first),
        second: num(second),
        lr: num(h.config.learningRate),
        batch: h.config.batchSize,
      }),
      fixes: [lowerLr(h.config)],
    },
  ];
}

function overfitting(h: DoctorInput): Diagnosis[] {
  const e = h.epochs.filter((m) => m.valLoss !== null && Number.isFinite(m.valLoss));
  if (e.length < 3) return [];
  let best = 0;
  e.forEach((m, i) => {
    if (m.valLoss! < e[best].valLoss!) best = i;
  });
  const last = e[e.length - 1],
    b = e[best];
  if (best === e.length - 1 || !(last.valLoss! > b.valLoss! * (1 + DOCTOR.overfitRise)) || !(last.loss < b.loss))
    return [];
  const fixes: DoctorFix[] = [];
  const outId = h.analysis.outputId;
  // Dropout before the classifier's last weighted layer (the Dense feeding the output).
  const order = h.analysis.order.filter((id) => h.analysis.live.has(id));
  const lastWeighted = [...order].reverse().find((id) => (h.analysis.nodes.get(id)?.counts.trainable ?? 0) > 0);
  const into = lastWeighted && h.doc.edges.find((x) => x.target === lastWeighted);
  if (into && !h.doc.nodes.some((n) => layerDef(n.type).regularises && h.analysis.live.has(n.id)))
    fixes.push({
      ...fixSay('doctor.fix.dropout', { node: lastWeighted }),
      edits: [
        {
          kind: 'insertNode',
          ...fixSay('fix.insertLayer', { type: REGULARISER }),
          edgeId: into.id,
          type: REGULARISER,
          params: { rate: 0.5 },
        },
      ],
    });
  if (h.config.augmentation.cropPadding === 0)
    fixes.push({
      ...fixSay('doctor.fix.augment'),
      config: { augmentation: { cropPadding: 4, flip: false } },
    });
  fixes.push({ ...fixSay('doctor.fix.stopAt', { epoch: b.epoch + 1 }), config: { epochs: b.epoch + 1 } });
  return [
    {
      code: 'overfitting',
      nodeIds: outId && lastWeighted ? [lastWeighted] : [],
      ...tell('overfitting', {
        best: num(b.valLoss!),
        bestEpoch: b.epoch + 1,
        now: num(last.valLoss!),
        epoch: last.epoch + 1,
        from: num(b.loss),
        to: num(last.loss),
      }),
      fixes,
    },
  ];
}

function underfitting(h: DoctorInput): Diagnosis[] {
  const e = h.epochs;
  if (e.length < DOCTOR.underfitEpochs || exploding(h).length) return [];
  const K = Math.max(2, h.numClasses),
    chanceLoss = Math.log(K),
    last = e[e.length - 1];
  if (!(last.accuracy < Math.max(2 / K, 0.2) && last.loss > 0.8 * chanceLoss)) return [];
  const fixes: DoctorFix[] = [];
  if (h.config.optimizer !== 'adam' || h.config.learningRate !== 0.001)
    fixes.push({ ...fixSay('doctor.fix.adam'), config: { optimizer: 'adam', learningRate: 0.001 } });
  fixes.push({ ...fixSay('doctor.fix.longer', { n: h.config.epochs * 2 }), config: { epochs: h.config.epochs * 2 } });
  return [
    {
      code: 'underfitting',
      nodeIds: [],
      ...tell('underfitting', {
        n: e.length,
        acc: pct(last.accuracy),
        chance: pct(1 / K),
        loss: num(last.loss),
        k: K,
        chanceLoss: num(chanceLoss),
        lr: num(h.config.learningRate),
      }),
      fixes,
    },
  ];
}
