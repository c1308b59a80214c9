import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import {
  analyse,
  groupNodes,
  groupShapeText,
  groupSummary,
  groupSummaries,
  parseProject,
  removeNodes,
  serializeProject,
  setGroupCollapsed,
  ungroup,
  type GraphDoc,
} from './index';
import { MAX_GROUPS } from './groups';

const resnet50 = () => TEMPLATES.find((t) => t.id === 'resnet50')!.build();
const resnet20 = () => TEMPLATES.find((t) => t.id === 'resnet20')!.build();

describe('groups in the project document', () => {
  it('a file without groups still opens, and saves without a groups field', () => {
    const text = serializeProject(resnet20());
    expect(text).not.toMatch(/"groups": \[/);
    const r = parseProject(text);
    expect(r.ok && r.doc.groups).toBeUndefined();
  });

  it('round-trips groups through save and open', () => {
    const doc = resnet50();
    const r = parseProject(serializeProject(doc));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.warnings).toEqual([]);
    expect(r.doc.groups).toEqual(doc.groups);
    expect(r.doc.groups).toHaveLength(16);
  });

  it('reports unknown node ids clearly and keeps the rest of the group', () => {
    const raw = JSON.parse(serializeProject(resnet20())) as Record<string, unknown>;
    raw.groups = [
      { id: 'block', label: 'first block', nodes: ['conv1', 'bn1', 'ghost', 'phantom'], collapsed: true },
      { id: 'empty', nodes: ['nobody'] },
      { id: 'dup', nodes: ['bn1'] },
    ];
    const r = parseProject(JSON.stringify(raw));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.doc.groups).toEqual([{ id: 'block', label: 'first block', nodes: ['conv1', 'bn1'], collapsed: true }]);
    expect(r.warnings).toContain('groups[0] ("block"): nodes "ghost", "phantom" do not exist; removed from the group.');
    expect(r.warnings).toContain('groups[1] ("empty"): no node of the group exists; the group was dropped.');
    expect(r.warnings.some((w) => w.startsWith('groups[2] ("dup"): "bn1" already belongs to group "block"'))).toBe(
      true,
    );
  });

  it('is bounded: too many groups, a bad id or a bad type is refused with the path of the problem', () => {
    const raw = JSON.parse(serializeProject(resnet20())) as Record<string, unknown>;
    raw.groups = Array.from({ length: MAX_GROUPS + 1 }, (_, i) => ({ id: `g${i}`, nodes: ['conv1'] }));
    const many = parseProject(JSON.stringify(raw));
    expect(many.ok).toBe(false);
    expect(!many.ok && many.errors[0]).toMatch(/^groups: /);
    raw.groups = [{ id: 'bad id!', nodes: ['conv1'] }];
    const bad = parseProject(JSON.stringify(raw));
    expect(!bad.ok && bad.errors[0]).toMatch(/^groups\[0\]\.id: ids are/);
    raw.groups = [{ id: 'g', nodes: 'conv1' }];
    expect(parseProject(JSON.stringify(raw)).ok).toBe(false);
  });
});

describe('group edits', () => {
  it('group, collapse, ungroup; a node leaves its old group; deleting members prunes the group', () => {
    let d: GraphDoc = resnet20();
    const a = groupNodes(d, ['conv1', 'bn1', 'relu1'], 'stem');
    expect(a.id).toBe('g1');
    d = a.doc;
    expect(d.groups).toEqual([{ id: 'g1', label: 'stem', nodes: ['conv1', 'bn1', 'relu1'], collapsed: true }]);
    const b = groupNodes(d, ['relu1', 'stage1_0_conv1']);
    d = b.doc;
    expect(d.groups!.map((g) => g.nodes)).toEqual([
      ['conv1', 'bn1'],
      ['relu1', 'stage1_0_conv1'],
    ]);
    d = setGroupCollapsed(d, 'g1', false);
    expect(d.groups![0].collapsed).toBe(false);
    d = removeNodes(d, new Set(['conv1', 'bn1']));
    expect(d.groups!.map((g) => g.id)).toEqual(['g2']);
    d = ungroup(d, 'g2');
    expect(d.groups).toBeUndefined();
    // Grouping never changes what the engine computes.
    expect(analyse(groupNodes(resnet20(), ['conv1', 'bn1']).doc).totals).toEqual(analyse(resnet20()).totals);
  });
});

describe('group summaries', () => {
  it("a ResNet-50 bottleneck: summed params and MACs equal its members' sums; in/out shapes at its border", () => {
    const doc = resnet50();
    const a = analyse(doc);
    const g = doc.groups!.find((x) => x.id === 'layer2_0')!;
    const s = groupSummary(doc, a, g);
    let trainable = 0,
      macs = 0;
    for (const id of g.nodes) {
      trainable += a.nodes.get(id)!.counts.trainable;
      macs += a.nodes.get(id)!.counts.macs;
    }
    expect(s.trainable).toBe(trainable);
    expect(s.macs).toBe(macs);
    // torchvision layer2[0]: 1x1 256->128, 3x3 128->128 s2, 1x1 128->512, downsample 1x1 256->512 s2 + BNs.
    expect(s.trainable).toBe(256 * 128 + 128 * 128 * 9 + 128 * 512 + 256 * 512 + 2 * (128 + 128 + 512 + 512));
    expect(groupShapeText(s)).toBe('56x56x256 -> 28x28x512');
    expect(s.entries).toEqual(['layer2_0_conv1', 'layer2_0_add']);
    expect(s.exits).toEqual(['layer2_0_out']);
    // All groups and the ungrouped nodes add up to the whole network.
    const grouped = new Set(doc.groups!.flatMap((x) => x.nodes));
    const rest = doc.nodes
      .filter((n) => !grouped.has(n.id))
      .reduce((t, n) => t + a.nodes.get(n.id)!.counts.trainable, 0);
    const groups = doc.groups!.reduce((t, x) => t + groupSummary(doc, a, x).trainable, 0);
    expect(groups + rest).toBe(25_557_032);
  });

  it('a group nothing outside reads shows its last member as its output', () => {
    const doc = resnet20();
    const { doc: d, id } = groupNodes(doc, ['fc', 'softmax']);
    const s = groupSummary(
      d,
      analyse(d),
      d.groups!.find((g) => g.id === id)!,
    );
    expect(groupShapeText(s)).toBe('64 -> 10');
  });
});

describe('groupSummaries (every group in one pass over the edges)', () => {
  // The per-group definition, one pass over all edges per group: the oracle.
  function oneByOne(doc: GraphDoc, a: ReturnType<typeof analyse>, nodes: readonly string[]) {
    const inside = new Set(nodes);
    const sources: string[] = [],
      entries: string[] = [],
      exits: string[] = [];
    for (const e of doc.edges) {
      const x = inside.has(e.source),
        y = inside.has(e.target);
      if (!x && y) {
        if (!sources.includes(e.source)) sources.push(e.source);
        if (!entries.includes(e.target)) entries.push(e.target);
      } else if (x && !y && !exits.includes(e.source)) exits.push(e.source);
    }
    if (!exits.length) exits.push([...a.order].reverse().find((id) => inside.has(id))!);
    const sum = (k: 'trainable' | 'nonTrainable' | 'macs') =>
      nodes.reduce((t, id) => t + (a.nodes.get(id)?.counts?.[k] ?? 0), 0);
    const shape = (id: string) => a.nodes.get(id)?.shape ?? null;
    return {
      inShapes: sources.map(shape),
      outShapes: exits.map(shape),
      trainable: sum('trainable'),
      nonTrainable: sum('nonTrainable'),
      macs: sum('macs'),
      entries,
      exits,
    };
  }

  it("matches each group's own summary on ResNet-50's 16 blocks, a stage of blocks and a trailing group", () => {
    let doc = resnet50();
    const last = doc.nodes.at(-1)!.id;
    doc = groupNodes(doc, [last]).doc; // nothing outside reads it: its exit is its last member
    const a = analyse(doc);
    const all = groupSummaries(doc, a);
    expect(all.size).toBe(doc.groups!.length);
    expect(all.size).toBeGreaterThanOrEqual(17);
    for (const g of doc.groups!) {
      expect(all.get(g.id), g.id).toEqual(oneByOne(doc, a, g.nodes));
      expect(groupSummary(doc, a, g)).toEqual(all.get(g.id));
    }
  });
});
