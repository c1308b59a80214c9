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

// Linear in the rows: no per-row search of the node list and no Math.max(...spread), which was
// quadratic (22 s at 90,000 nodes) and overflows the stack past ~100,000 arguments.
function maxOf(values: Iterable<number>): number {
  let m = 0;
  for (const v of values) if (v > m) m = v;
  return m;
}

function table(rows: string[][], align: ('l' | 'r')[]): string[] {
  const widths = rows[0].map((_, i) => maxOf(rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

export function summaryText(a: Analysis, batchSize = 1): string {
  const header = ['Layer (type)', 'Output shape', 'Receptive field', 'Params', 'MACs'];
  const byId = new Map(a.doc.nodes.map((n) => [n.id, n]));
  const rows = a.order.map((id) => {
    const n = a.nodes.get(id)!;
    const node = byId.get(id)!;
    const dead = a.live.size && !a.live.has(id) ? ' (not connected)' : '';
    return [
      `${id} (${CATALOGUE[node.type].title})${dead}`,
      n.shape ? `(None, ${n.shape.join(', ')})` : '?',
      formatRF(n.rf),
      formatCount(n.counts.trainable + n.counts.nonTrainable),
      formatSI(n.counts.macs),
    ];
  });
  const lines = table([header, ...rows], ['l', 'l', 'l', 'r', 'r']);
  const rule = '='.repeat(maxOf(lines.map((l) => l.length)));
  const t = a.totals;
  const out = [
    `Model: "${a.doc.metadata.name}"`,
    rule,
    lines[0],
    rule,
    ...lines.slice(1),
    rule,
    `Total params: ${formatCount(t.params)} (${formatBytes(t.params * 4)})`,
    `Trainable params: ${formatCount(t.trainable)}`,
    `Non-trainable params: ${formatCount(t.nonTrainable)}`,
    `MACs per sample: ${formatCount(t.macs)} (${formatSI(t.macs)})`,
    `Activation memory: ${formatBytes(t.activationBytes)} per sample${batchSize > 1 ? `, ${formatBytes(t.activationBytes * batchSize)} for a batch of ${batchSize}` : ''}`,
    rule,
  ];
  return out.join('\n');
}

export function problemsText(problems: readonly Problem[]): string {
  if (!problems.length) return 'No problems.';
  const icon = { error: 'error', warning: 'warning', info: 'info' } as const;
  return problems
    .map((p) => {
      const where = p.nodeId ? `${p.nodeId}${p.param ? `.${p.param}` : p.port ? `:${p.port}` : ''}: ` : '';
      return `${icon[p.severity].padEnd(7)} ${where}${p.message}${p.fix ? `\n        fix: ${p.fix.label}` : ''}`;
    })
    .join('\n');
}

export { shapeText };
