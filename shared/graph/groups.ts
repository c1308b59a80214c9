// Collapsible groups: a named set of nodes the canvas can show as one box. The document keeps them; the engine
// never reads them (it analyses the flat graph), so grouping can never change a shape or a count. What a group
// shows (its in/out shapes, summed parameters and multiply-accumulates) is derived here from the analysis.
import { msg, type Msg } from '../i18n/msg';
import { shapeText } from './layer';
import type { Analysis, GraphDoc, GraphGroup, Shape } from './types';

/** Bounds on what a file may hold (a group per node would already be absurd). */
export const MAX_GROUPS = 10_000;
export const MAX_GROUP_LABEL = 100;

/** The group each grouped node belongs to. */
export function groupOfNode(doc: GraphDoc): Map<string, GraphGroup> {
  const out = new Map<string, GraphGroup>();
  for (const g of doc.groups ?? []) for (const id of g.nodes) out.set(id, g);
  return out;
}

/** A group id not yet used in the document: g1, g2, ... */
export function newGroupId(doc: GraphDoc): string {
  const taken = new Set((doc.groups ?? []).map((g) => g.id));
  let i = 1;
  while (taken.has(`g${i}`)) i++;
  return `g${i}`;
}

function withGroups(doc: GraphDoc, groups: readonly GraphGroup[]): GraphDoc {
  if (groups.length) return { ...doc, groups };
  const rest = { ...doc };
  delete (rest as { groups?: unknown }).groups;
  return rest;
}

/**
 * Group the given nodes (collapsed). Nodes already in another group leave it (a node is in one group at most);
 * a group left empty disappears. Unknown ids are ignored; fewer than one known node changes nothing.
 */
export function groupNodes(
  doc: GraphDoc,
  ids: Iterable<string>,
  label?: string,
  collapsed = true,
): { doc: GraphDoc; id: string | null } {
  const wanted = new Set(ids);
  const members = doc.nodes.filter((n) => wanted.has(n.id)).map((n) => n.id);
  if (!members.length) return { doc, id: null };
  const taken = new Set(members);
  const id = newGroupId(doc);
  const kept = (doc.groups ?? [])
    .map((g) => (g.nodes.some((n) => taken.has(n)) ? { ...g, nodes: g.nodes.filter((n) => !taken.has(n)) } : g))
    .filter((g) => g.nodes.length > 0);
  const name = (label ?? `Group ${id.slice(1)}`).slice(0, MAX_GROUP_LABEL);
  return { doc: withGroups(doc, [...kept, { id, label: name, nodes: members, collapsed }]), id };
}

/** Dissolve a group (its nodes stay where they are). */
export function ungroup(doc: GraphDoc, groupId: string): GraphDoc {
  const groups = doc.groups ?? [];
  if (!groups.some((g) => g.id === groupId)) return doc;
  return withGroups(
    doc,
    groups.filter((g) => g.id !== groupId),
  );
}

/** Collapse or expand a group. */
export function setGroupCollapsed(doc: GraphDoc, groupId: string, collapsed: boolean): GraphDoc {
  const groups = doc.groups ?? [];
  const g = groups.find((x) => x.id === groupId);
  if (!g || g.collapsed === collapsed) return doc;
  return { ...doc, groups: groups.map((x) => (x === g ? { ...x, collapsed } : x)) };
}

/** Drop members that are no longer nodes, and groups left empty (after a delete). */
export function pruneGroups(doc: GraphDoc): GraphDoc {
  if (!doc.groups?.length) return doc;
  const known = new Set(doc.nodes.map((n) => n.id));
  let changed = false;
  const groups = doc.groups
    .map((g) => {
      if (g.nodes.every((n) => known.has(n))) return g;
      changed = true;
      return { ...g, nodes: g.nodes.filter((n) => known.has(n)) };
    })
    .filter((g) => g.nodes.length > 0);
  return changed || groups.length !== doc.groups.length ? withGroups(doc, groups) : doc;
}

/** Raw groups from a file, checked against the nodes: what can be kept, and a warning for everything dropped. */
export function validateGroups(
  raw: readonly { id: string; label?: string; nodes: readonly string[]; collapsed?: boolean }[],
  nodeIds: ReadonlySet<string>,
  warnings: Msg[],
): GraphGroup[] {
  const out: GraphGroup[] = [];
  const owner = new Map<string, string>();
  const ids = new Set<string>();
  for (const [i, g] of raw.entries()) {
    const where = `groups[${i}] ("${g.id}")`;
    const quoted = (ns: readonly string[]) =>
      ns
        .slice(0, 5)
        .map((n) => `"${n}"`)
        .join(', ');
    if (ids.has(g.id)) {
      warnings.push(msg('openWarn.groupIdTwice', { where }));
      continue;
    }
    const unknown = g.nodes.filter((n) => !nodeIds.has(n));
    if (unknown.length)
      warnings.push(
        unknown.length === 1
          ? msg('openWarn.groupNoNode', { where, node: quoted(unknown) })
          : unknown.length > 5
            ? msg('openWarn.groupNoNodesMore', { where, nodes: quoted(unknown), more: unknown.length - 5 })
            : msg('openWarn.groupNoNodes', { where, nodes: quoted(unknown) }),
      );
    const twice = g.nodes.filter((n) => nodeIds.has(n) && owner.has(n));
    if (twice.length)
      warnings.push(
        msg(twice.length === 1 ? 'openWarn.groupTwiceOne' : 'openWarn.groupTwiceMany', {
          where,
          nodes: quoted(twice),
          group: owner.get(twice[0]) ?? '',
        }),
      );
    const members = [...new Set(g.nodes.filter((n) => nodeIds.has(n) && !owner.has(n)))];
    if (!members.length) {
      warnings.push(msg('openWarn.groupEmpty', { where }));
      continue;
    }
    ids.add(g.id);
    for (const n of members) owner.set(n, g.id);
    out.push({
      id: g.id,
      label: (g.label ?? g.id).slice(0, MAX_GROUP_LABEL),
      nodes: members,
      collapsed: !!g.collapsed,
    });
  }
  return out;
}

export interface GroupSummary {
  /** Output shapes of the nodes feeding the group from outside (one per distinct source). */
  readonly inShapes: readonly (Shape | null)[];
  /** Output shapes of the members read from outside (or of the last member when nothing outside reads it). */
  readonly outShapes: readonly (Shape | null)[];
  readonly trainable: number;
  readonly nonTrainable: number;
  readonly macs: number;
  /** Members that take an edge from outside / send one outside (the canvas reroutes those edges to the group). */
  readonly entries: readonly string[];
  readonly exits: readonly string[];
}

/** What a group stands for, from the analysis of the flat graph: sums over its members, shapes at its border. */
export function groupSummary(doc: GraphDoc, analysis: Analysis, group: GraphGroup): GroupSummary {
  return summarise([group], doc, analysis)[0];
}

/**
 * Every group's summary, by group id, in one pass over the edges (a 1,000-node net's 50 groups cost one pass,
 * not fifty: this runs on every edit).
 */
export function groupSummaries(doc: GraphDoc, analysis: Analysis): Map<string, GroupSummary> {
  const groups = doc.groups ?? [];
  const out = new Map<string, GroupSummary>();
  const all = summarise(groups, doc, analysis);
  groups.forEach((g, i) => out.set(g.id, all[i]));
  return out;
}

function summarise(groups: readonly GraphGroup[], doc: GraphDoc, analysis: Analysis): GroupSummary[] {
  // Groups are disjoint (groupNodes and the file checks keep them so); should two share a node, each is
  // summarised on its own.
  const owner = new Map<string, number>();
  let disjoint = true;
  groups.forEach((g, i) => {
    for (const n of g.nodes) {
      if (owner.has(n)) disjoint = false;
      owner.set(n, i);
    }
  });
  if (!disjoint && groups.length > 1) return groups.map((g) => summarise([g], doc, analysis)[0]);
  const border = groups.map(() => ({
    sources: new Set<string>(),
    entries: new Set<string>(),
    exits: new Set<string>(),
  }));
  for (const e of doc.edges) {
    const a = owner.get(e.source),
      b = owner.get(e.target);
    if (a === b) continue;
    if (b !== undefined) {
      border[b].sources.add(e.source);
      border[b].entries.add(e.target);
    }
    if (a !== undefined) border[a].exits.add(e.source);
  }
  let rank: Map<string, number> | null = null;
  const shapeOf = (id: string) => analysis.nodes.get(id)?.shape ?? null;
  return groups.map((group, i) => {
    const { sources, entries, exits } = border[i];
    const out = [...exits];
    if (!out.length) {
      // Nothing outside reads the group: its output is its last member in topological order.
      rank ??= new Map(analysis.order.map((id, k) => [id, k]));
      let last: string | null = null;
      for (const id of group.nodes) {
        const k = rank.get(id);
        if (k !== undefined && (last === null || k > rank.get(last)!)) last = id;
      }
      if (last) out.push(last);
    }
    let trainable = 0,
      nonTrainable = 0,
      macs = 0;
    for (const id of group.nodes) {
      const c = analysis.nodes.get(id)?.counts;
      if (!c) continue;
      trainable += c.trainable;
      nonTrainable += c.nonTrainable;
      macs += c.macs;
    }
    return {
      inShapes: [...sources].map(shapeOf),
      outShapes: out.map(shapeOf),
      trainable,
      nonTrainable,
      macs,
      entries: [...entries],
      exits: out,
    };
  });
}

/** "56x56x64 -> 56x56x256" */
export function groupShapeText(s: GroupSummary): string {
  const list = (xs: readonly (Shape | null)[]) => (xs.length ? xs.map((x) => shapeText(x)).join(', ') : '-');
  return `${list(s.inShapes)} -> ${list(s.outShapes)}`;
}
