// Keras-style text summary of an analysed graph: one row per node in topological order.
import {
  CATALOGUE,
  formatBytes,
  formatCount,
  formatRF,
  formatSI,
  shapeText,
  type Analysis,
  type Problem,
} from '../shared/graph';
import { translator, type Translator } from '../shared/i18n';

const EN = translator('en');

// Linear in the rows: no per-row search of the node list and no Math.max(...spread), which was
// quadratic (22 s at 90,000 nodes) and overflows the stack past ~100,000 arguments.
function maxOf(values: Iterable<number>): number {
  let m = 0;
  for (const v of values) if (v > m) m = v;
  return m;
}

/** Columns a string takes in a terminal: CJK characters and full-width punctuation take two. */
export function displayWidth(s: string): number {
  let w = s.length;
  for (const ch of s)
    if (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)) w++;
  return w;
}
const pad = (c: string, width: number, right: boolean) => {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(c)));
  return right ? fill + c : c + fill;
};

function table(rows: string[][], align: ('l' | 'r')[]): string[] {
  const widths = rows[0].map((_, i) => maxOf(rows.map((r) => displayWidth(r[i]))));
  return rows.map((r) =>
    r
      .map((c, i) => pad(c, widths[i], align[i] === 'r'))
      .join('  ')
      .trimEnd(),
  );
}

export function summaryText(a: Analysis, batchSize = 1, t: Translator = EN): string {
  const h = (k: string) => t.t(`cli.header.${k}`);
  const header = [h('layer'), h('shape'), h('rf'), h('params'), h('macs')];
  const byId = new Map(a.doc.nodes.map((n) => [n.id, n]));
  const rows = a.order.map((id) => {
    const n = a.nodes.get(id)!;
    const node = byId.get(id)!;
    const dead = a.live.size && !a.live.has(id) ? ` ${t.t('cli.notConnected')}` : '';
    return [
      `${id} (${t === EN ? CATALOGUE[node.type].title : t.layerTitle(node.type)})${dead}`,
      n.shape ? `(None, ${n.shape.join(', ')})` : '?',
      formatRF(n.rf, t.t('ui.summary.global')),
      formatCount(n.counts.trainable + n.counts.nonTrainable),
      formatSI(n.counts.macs),
    ];
  });
  const lines = table([header, ...rows], ['l', 'l', 'l', 'r', 'r']);
  const rule = '='.repeat(maxOf(lines.map(displayWidth)));
  const tt = a.totals;
  const out = [
    t.t('cli.model', { name: a.doc.metadata.name }),
    rule,
    lines[0],
    rule,
    ...lines.slice(1),
    rule,
    t.t('cli.totalParams', { count: formatCount(tt.params), size: formatBytes(tt.params * 4) }),
    t.t('cli.trainableParams', { count: formatCount(tt.trainable) }),
    t.t('cli.nonTrainableParams', { count: formatCount(tt.nonTrainable) }),
    t.t('cli.macs', { count: formatCount(tt.macs), si: formatSI(tt.macs) }),
    batchSize > 1
      ? t.t('cli.activationMemoryBatch', {
          size: formatBytes(tt.activationBytes),
          batchSize: formatBytes(tt.activationBytes * batchSize),
          batch: batchSize,
        })
      : t.t('cli.activationMemory', { size: formatBytes(tt.activationBytes) }),
    rule,
  ];
  return out.join('\n');
}

export function problemsText(problems: readonly Problem[], t: Translator = EN): string {
  if (!problems.length) return t.t('cli.noProblems');
  const icon = (s: Problem['severity']) => t.t(`cli.severity.${s}`);
  const width = Math.max(...(['error', 'warning', 'info'] as const).map((s) => icon(s).length));
  return problems
    .map((p) => {
      const where = p.nodeId ? `${p.nodeId}${p.param ? `.${p.param}` : p.port ? `:${p.port}` : ''}: ` : '';
      const fix = p.fix ? `\n        ${t.t('cli.fix', { fix: t.msg(p.fix.msg) })}` : '';
      return `${icon(p.severity).padEnd(width)} ${where}${t.msg(p.msg)}${fix}`;
    })
    .join('\n');
}

export { shapeText };
