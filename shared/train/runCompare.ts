// Comparing two runs of the history: which settings differ (hyperparameters, data, preprocessing) and how the
// networks they trained differ (shared/graph/diff.ts). Pure; the Runs panel and `cli runs compare` show it.
import { diffGraphs, type GraphDiff, type NodeChange } from '../graph/diff';
import type { GraphDoc, ParamValue } from '../graph/types';
import { inEnglish, type RunRecord, type Say } from './runRecord';

export interface SettingDifference {
  /** What the setting is, in words ("learning rate", "batch size"). */
  readonly setting: string;
  readonly a: string;
  readonly b: string;
}

/** A learning-rate schedule in the reader's language: 'constant', 'step x0.1 every 3 epochs', 'cosine (min x0.01)'. */
export function scheduleText(s: RunRecord['training']['schedule'], say: Say = inEnglish): string {
  if (s.kind === 'step') return say('sweep2.schedule.step', { gamma: s.gamma, every: s.everyEpochs });
  if (s.kind === 'cosine')
    return s.minFactor !== undefined
      ? say('sweep2.schedule.cosineMin', { min: s.minFactor })
      : say('sweep2.schedule.cosine');
  return say('sweep2.schedule.constant');
}
const nums = (v: readonly number[]) => v.map((x) => +x.toPrecision(4)).join(', ');

/**
 * Every setting a run record states, in a fixed order, as text; the names in English (settingName translates
 * them), the schedule in `say`'s language (yes / no / none stay words for settingValue).
 */
export function runSettings(r: RunRecord, say: Say = inEnglish): readonly (readonly [string, string])[] {
  const t = r.training,
    d = r.data,
    p = r.preprocessing;
  return [
    ['optimizer', t.optimizer],
    ['learning rate', String(t.learningRate)],
    ['momentum', t.optimizer === 'sgd' ? String(t.momentum) : '-'],
    ['schedule', scheduleText(t.schedule, say)],
    ['batch size', String(t.batchSize)],
    ['epochs', String(t.epochs)],
    ['seed', String(t.seed)],
    ['loss', t.loss],
    ['data set', d.name],
    ['training images', String(d.counts.train)],
    ['validation images', String(d.counts.val)],
    ['test images', String(d.counts.test)],
    ['validation fraction', String(d.split.valFraction)],
    ['image limit', d.split.limit === undefined ? 'none' : String(d.split.limit)],
    ['crop padding', String(d.augmentation.cropPadding)],
    ['flips', d.augmentation.flip ? 'yes' : 'no'],
    ['preprocessing', `${p.kind}: mean [${nums(p.mean)}], std [${nums(p.std)}]`],
    ['backend', r.backend.name],
    ['continued from earlier weights', r.continued ? 'yes' : 'no'],
  ];
}

/** The catalogue key of each setting's name (runs.setting.*), by its English name. */
const SETTING_KEYS: Readonly<Record<string, string>> = {
  optimizer: 'optimizer',
  'learning rate': 'learningRate',
  momentum: 'momentum',
  schedule: 'schedule',
  'batch size': 'batchSize',
  epochs: 'epochs',
  seed: 'seed',
  loss: 'loss',
  'data set': 'dataSet',
  'training images': 'trainImages',
  'validation images': 'valImages',
  'test images': 'testImages',
  'validation fraction': 'valFraction',
  'image limit': 'imageLimit',
  'crop padding': 'cropPadding',
  flips: 'flips',
  preprocessing: 'preprocessing',
  backend: 'backend',
  'continued from earlier weights': 'continued',
};

/** A setting's name (as compareRuns states it) in the reader's language. */
export function settingName(setting: string, say: Say = inEnglish): string {
  const k = SETTING_KEYS[setting];
  return k ? say(`runs.setting.${k}`) : setting;
}

const VALUE_KEYS: Readonly<Record<string, string>> = { yes: 'yes', no: 'no', none: 'none' };

/** A setting's value (as compareRuns states it) in the reader's language: yes / no / none are words. */
export function settingValue(value: string, say: Say = inEnglish): string {
  const k = VALUE_KEYS[value];
  return k ? say(`runs.value.${k}`) : value;
}

export interface RunComparison {
  readonly settings: readonly SettingDifference[];
  readonly graph: GraphDiff;
  readonly sameGraph: boolean;
}

/**
 * The settings that differ from run `a` to run `b` (compared in English, their values written in `say`'s
 * language), and the graph diff between the networks they trained.
 */
export function compareRuns(a: RunRecord, b: RunRecord, say: Say = inEnglish): RunComparison {
  const sb = new Map(runSettings(b));
  const la = new Map(runSettings(a, say)),
    lb = new Map(runSettings(b, say));
  const settings = runSettings(a)
    .filter(([k, v]) => sb.get(k) !== v)
    .map(([k]) => ({ setting: k, a: la.get(k) ?? '', b: lb.get(k) ?? '' }));
  return { settings, graph: diffGraphs(a.graph.doc, b.graph.doc), sameGraph: a.graph.hash === b.graph.hash };
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/** One line per run for a list: id, when, graph, settings in short, final figures. */
export function runSummaryLine(id: string, r: RunRecord, say: Say = inEnglish): string {
  const last = r.epochs[r.epochs.length - 1];
  const acc = r.test
    ? say('runs.test', { pct: pct(r.test.accuracy) })
    : last
      ? say('runs.train', { pct: pct(last.accuracy) })
      : say('runs.noEpoch');
  return say('runs.summary', {
    id,
    createdAt: r.createdAt,
    name: r.graph.doc.metadata.name,
    hash: r.graph.hash.slice(0, 8),
    data: r.data.name,
    optimizer: r.training.optimizer,
    lr: r.training.learningRate,
    batch: r.training.batchSize,
    done: r.epochs.length,
    total: r.training.epochs,
    acc,
    stop: say(`sweep2.stop.${r.stopReason}`),
  });
}

/** What `say` gives for `key`, or `fallback` when no catalogue has the key (say returns the key itself then). */
function sayOr(say: Say, key: string, fallback: string): string {
  const s = say(key);
  return s === key ? fallback : s;
}

/** A layer type's name in the reader's language (the catalogue's title: 'Conv2D 卷积层'). */
export const layerName = (type: string, say: Say = inEnglish): string => sayOr(say, `layer.${type}.title`, type);

/** A parameter's name in the reader's language (its label in the layer catalogue), else the name itself. */
export const paramName = (type: string, param: string, say: Say = inEnglish): string =>
  sayOr(say, `param.${type}.${param}.label`, param);

/** A parameter's value for a diff line: an enum option's label, a pair as 3x3, else the value; `none` when absent. */
export function paramValueText(
  type: string,
  param: string,
  v: ParamValue | undefined,
  none: string,
  say: Say = inEnglish,
): string {
  if (v === undefined) return none;
  if (typeof v === 'string') return sayOr(say, `param.${type}.${param}.options.${v}`, JSON.stringify(v));
  if (Array.isArray(v)) return v.join('x');
  return String(v);
}

/**
 * The parts of a changed node's line, in the reader's language: a type change with both layer names, then each
 * parameter with its label and values ("Filters 8 -> 16"). `typeOf` gives the node's type in the newer graph.
 */
export function nodeChangeParts(
  ch: NodeChange,
  typeOf: (id: string) => string | undefined,
  arrow: string,
  none: string,
  say: Say = inEnglish,
  typeChangeKey = 'runs.typeChange',
): string[] {
  const type = ch.type?.after ?? typeOf(ch.id) ?? '';
  const before = ch.type?.before ?? type;
  return [
    ...(ch.type
      ? [say(typeChangeKey, { before: layerName(ch.type.before, say), after: layerName(ch.type.after, say) })]
      : []),
    ...ch.params.map(
      (p) =>
        `${paramName(type, p.param, say)} ${paramValueText(before, p.param, p.before, none, say)} ${arrow} ${paramValueText(type, p.param, p.after, none, say)}`,
    ),
  ];
}

/** The type of each node of a graph, by id. */
export const typesOf = (doc: GraphDoc): ((id: string) => string | undefined) => {
  const m = new Map(doc.nodes.map((n) => [n.id, n.type]));
  return (id) => m.get(id);
};

/** The comparison as lines of text (the CLI prints them; tests read them). */
export function describeComparison(
  idA: string,
  idB: string,
  c: RunComparison,
  say: Say = inEnglish,
  typeOf: (id: string) => string | undefined = () => undefined,
): string[] {
  const lines = [say('runs.comparing', { a: idA, b: idB }), say('runs.settingsDiffer')];
  if (!c.settings.length) lines.push(`  ${say('runs.none')}`);
  for (const s of c.settings)
    lines.push(`  ${settingName(s.setting, say)}: ${settingValue(s.a, say)} -> ${settingValue(s.b, say)}`);
  lines.push(say(c.sameGraph ? 'runs.sameGraph' : 'runs.networkDiff'));
  const g = c.graph;
  for (const n of g.added) lines.push(`  + ${n.id} (${layerName(n.type, say)})`);
  for (const n of g.removed) lines.push(`  - ${n.id} (${layerName(n.type, say)})`);
  for (const ch of g.changed)
    lines.push(`  ~ ${ch.id}: ${nodeChangeParts(ch, typeOf, '->', say('runs.value.none'), say).join(', ')}`);
  for (const e of g.edgesAdded)
    lines.push(`  + ${say('runs.edge', { source: e.source, target: e.target, port: e.targetPort })}`);
  for (const e of g.edgesRemoved)
    lines.push(`  - ${say('runs.edge', { source: e.source, target: e.target, port: e.targetPort })}`);
  return lines;
}
