// Comparing two runs of the history: which settings differ (hyperparameters, data, preprocessing) and how the
// networks they trained differ (shared/graph/diff.ts). Pure; the Runs panel and `cli runs compare` show it.
import { diffGraphs, type GraphDiff } from '../graph/diff';
import type { RunRecord } from './runRecord';

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
export function runSummaryLine(id: string, r: RunRecord): string {
  const last = r.epochs[r.epochs.length - 1];
  const acc = r.test ? `test ${pct(r.test.accuracy)}` : last ? `train ${pct(last.accuracy)}` : 'no epoch finished';
  return `${id}  ${r.createdAt}  ${r.graph.doc.metadata.name} (${r.graph.hash.slice(0, 8)})  ${r.data.name}  ${r.training.optimizer} lr ${r.training.learningRate} batch ${r.training.batchSize} ${r.epochs.length}/${r.training.epochs} epochs  ${acc}  ${r.stopReason}`;
}

/** The comparison as lines of text (the CLI prints them; tests read them). */
export function describeComparison(idA: string, idB: string, c: RunComparison): string[] {
  const lines = [`Comparing run ${idA} (A) with run ${idB} (B)`, 'Settings that differ:'];
  if (!c.settings.length) lines.push('  none');
  for (const s of c.settings) lines.push(`  ${s.setting}: ${s.a} -> ${s.b}`);
  lines.push(c.sameGraph ? 'Network: the same graph' : 'Network differences (A -> B):');
  const g = c.graph;
  for (const n of g.added) lines.push(`  + ${n.id} (${n.type})`);
  for (const n of g.removed) lines.push(`  - ${n.id} (${n.type})`);
  for (const ch of g.changed) {
    const parts = [
      ...(ch.type ? [`type ${ch.type.before} -> ${ch.type.after}`] : []),
      ...ch.params.map((p) => `${p.param} ${JSON.stringify(p.before)} -> ${JSON.stringify(p.after)}`),
    ];
    lines.push(`  ~ ${ch.id}: ${parts.join(', ')}`);
  }
  for (const e of g.edgesAdded) lines.push(`  + edge ${e.source} -> ${e.target}:${e.targetPort}`);
  for (const e of g.edgesRemoved) lines.push(`  - edge ${e.source} -> ${e.target}:${e.targetPort}`);
  return lines;
}
