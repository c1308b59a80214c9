// Pure helpers behind the panels: parsing what the user types, ordering problems, building the
// summary rows and the template figures. No React here, so all of it is unit-tested directly.
import {
  analyse,
  type Analysis,
  type GraphDoc,
  type LayerType,
  type Problem,
  type ReceptiveField,
  type Severity,
  type Shape,
} from '../../shared/graph';
import { currentT } from '../i18n';

export type Parsed = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly error: string };

/**
 * Parse a number box. Only "is it a number at all" is decided here: range and whole-number rules
 * belong to the engine (param-out-of-range), which reports them while the store keeps the value.
 * An empty or unparseable box is never committed (it would become NaN in the document).
 */
export function parseNumber(text: string): Parsed {
  const t = text.trim();
  if (t === '') return { ok: false, error: currentT().t('ui.param.enterNumber') };
  // Number('') and Number(' ') are 0 and Number('0x10') is 16: accept plain decimal notation only.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t))
    return { ok: false, error: currentT().t('ui.param.notNumber', { text: t }) };
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, error: currentT().t('ui.param.tooLarge', { text: t }) };
  return { ok: true, value };
}

/** How a stored number is written back into its box. */
export function numberText(v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
}

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

export const SEVERITY_LABEL: Readonly<Record<Severity, string>> = {
  error: 'Errors',
  warning: 'Warnings',
  info: 'Info',
};

/** Problems grouped by severity (errors first), each group in the engine's (topological) order. */
export function groupProblems(problems: readonly Problem[]): { severity: Severity; problems: Problem[] }[] {
  return SEVERITY_ORDER.map((severity) => ({
    severity,
    problems: problems.filter((p) => p.severity === severity),
  })).filter((g) => g.problems.length > 0);
}

/** Stable test id of a problem row; graph-level problems (no node) use "graph". */
export const problemKey = (p: Problem) => `${p.code}-${p.nodeId ?? 'graph'}`;

const num = (n: number) => `${+n.toFixed(2)}`;
const pairOrOne = (a: number, b: number) => (a === b ? num(a) : `${num(a)}x${num(b)}`);

/** Receptive field split into the three figures the inspector shows. */
export function rfFigures(rf: ReceptiveField | null): { size: string; jump: string; start: string } | null {
  if (!rf) return null;
  return {
    size: `${rf.size[0]}x${rf.size[1]}${rf.global ? ' (global)' : ''}`,
    jump: pairOrOne(rf.jump[0], rf.jump[1]),
    start: rf.start[0] === rf.start[1] ? num(rf.start[0]) : `${num(rf.start[0])}, ${num(rf.start[1])}`,
  };
}

export interface SummaryRow {
  readonly id: string;
  readonly type: LayerType;
  readonly label?: string;
  readonly shape: Shape | null;
  readonly rf: ReceptiveField | null;
  readonly params: number;
  readonly trainable: number;
  readonly macs: number;
  /** On the path from the Input to the output (what the compiler builds). */
  readonly live: boolean;
  readonly errors: number;
  readonly warnings: number;
}

/**
 * Rows of the summary table: live nodes in topological order, then dead ones (not on the
 * input-to-output path), then any the engine could not order (cycles).
 */
export function summaryRows(a: Analysis): SummaryRow[] {
  const byId = new Map(a.doc.nodes.map((n) => [n.id, n]));
  const ordered = new Set(a.order);
  const ids = [
    ...a.order.filter((id) => a.live.has(id)),
    ...a.order.filter((id) => !a.live.has(id)),
    ...a.doc.nodes.filter((n) => !ordered.has(n.id)).map((n) => n.id),
  ];
  const hasOutput = a.outputId !== null;
  // Structural and whole-graph problems (e.g. softmax-missing) are not in the node's own list.
  const problemsOf = new Map<string, Problem[]>();
  for (const p of a.problems) if (p.nodeId) problemsOf.set(p.nodeId, [...(problemsOf.get(p.nodeId) ?? []), p]);
  return ids.map((id) => {
    const n = byId.get(id)!;
    const na = a.nodes.get(id);
    const problems = problemsOf.get(id) ?? [];
    return {
      id,
      type: n.type,
      label: n.label,
      shape: na?.shape ?? null,
      rf: na?.rf ?? null,
      params: (na?.counts.trainable ?? 0) + (na?.counts.nonTrainable ?? 0),
      trainable: na?.counts.trainable ?? 0,
      macs: na?.counts.macs ?? 0,
      // Without an output every node is counted in the totals (the engine's rule): none is "dead".
      live: hasOutput ? a.live.has(id) : true,
      errors: problems.filter((p) => p.severity === 'error').length,
      warnings: problems.filter((p) => p.severity === 'warning').length,
    };
  });
}

/** Memory figures of the summary footer, in bytes (float32). */
export function memoryFigures(a: Analysis, batchSize: number) {
  return {
    activationPerSample: a.totals.activationBytes,
    activationPerBatch: a.totals.activationBytes * batchSize,
    parameters: a.totals.params * 4,
  };
}

export interface TemplateFigures {
  readonly nodes: number;
  readonly trainable: number;
  readonly params: number;
  readonly macs: number;
  readonly errors: number;
  readonly description: string;
  readonly input: string;
}

/** What a template card shows, computed by the engine from the template's own document. */
export function templateFigures(doc: GraphDoc): TemplateFigures {
  const a = analyse(doc);
  const input = a.inputId ? a.nodes.get(a.inputId)?.shape : null;
  return {
    nodes: doc.nodes.length,
    trainable: a.totals.trainable,
    params: a.totals.params,
    macs: a.totals.macs,
    errors: a.totals.errors,
    description: doc.metadata.description ?? '',
    input: input ? input.join('x') : '?',
  };
}
