// Comparing two runs of the history: which settings differ (hyperparameters, data, preprocessing) and how the
// networks they trained differ (shared/graph/diff.ts). Pure; the Runs panel and `cli runs compare` show it.
import { diffGraphs, type GraphDiff } from '../graph/diff';
import { inEnglish, type RunRecord, type Say } from './runRecord';

export interface SettingDifference {
  /** What the setting is, in words ("learning rate", "batch size"). */
  readonly setting: string;
  readonly a: string;
  readonly b: string;
}

const scheduleText = (s: RunRecord['training']['schedule']) =>
  s.kind === 'step'
    ? `step x${s.gamma} every ${s.everyEpochs} epochs`
    : s.kind === 'cosine'
      ? `cosine${s.minFactor !== undefined ? ` (min x${s.minFactor})` : ''}`
      : 'constant';
const nums = (v: readonly number[]) => v.map((x) => +x.toPrecision(4)).join(', ');

/** Every setting a run record states, in a fixed order, as text. */
export function runSettings(r: RunRecord): readonly (readonly [string, string])[] {
  const t = r.training,
    d = r.data,
    p = r.preprocessing;
  return [
    ['optimizer', t.optimizer],
    ['learning rate', String(t.learningRate)],
    ['momentum', t.optimizer === 'sgd' ? String(t.momentum) : '-'],
    ['schedule', scheduleText(t.schedule)],
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

/** The settings that differ from run `a` to run `b`, and the graph diff between the networks they trained. */
export function compareRuns(a: RunRecord, b: RunRecord): RunComparison {
  const sb = new Map(runSettings(b));
  const settings = runSettings(a)
    .filter(([k, v]) => sb.get(k) !== v)
    .map(([k, v]) => ({ setting: k, a: v, b: sb.get(k) ?? '' }));
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
    stop: r.stopReason,
  });
}

/** The comparison as lines of text (the CLI prints them; tests read them). */
export function describeComparison(idA: string, idB: string, c: RunComparison, say: Say = inEnglish): string[] {
  const lines = [say('runs.comparing', { a: idA, b: idB }), say('runs.settingsDiffer')];
  if (!c.settings.length) lines.push(`  ${say('runs.none')}`);
  for (const s of c.settings)
    lines.push(`  ${settingName(s.setting, say)}: ${settingValue(s.a, say)} -> ${settingValue(s.b, say)}`);
  lines.push(say(c.sameGraph ? 'runs.sameGraph' : 'runs.networkDiff'));
  const g = c.graph;
  for (const n of g.added) lines.push(`  + ${n.id} (${n.type})`);
  for (const n of g.removed) lines.push(`  - ${n.id} (${n.type})`);
  for (const ch of g.changed) {
    const parts = [
      ...(ch.type ? [say('runs.typeChange', { before: ch.type.before, after: ch.type.after })] : []),
      ...ch.params.map((p) => `${p.param} ${JSON.stringify(p.before)} -> ${JSON.stringify(p.after)}`),
    ];
    lines.push(`  ~ ${ch.id}: ${parts.join(', ')}`);
  }
  for (const e of g.edgesAdded)
    lines.push(`  + ${say('runs.edge', { source: e.source, target: e.target, port: e.targetPort })}`);
  for (const e of g.edgesRemoved)
    lines.push(`  - ${say('runs.edge', { source: e.source, target: e.target, port: e.targetPort })}`);
  return lines;
}
