import { describe, expect, it, vi } from 'vitest';
import { addNode, analyse, CATALOGUE, connect, emptyDoc, moveNodes, setParams } from '../../shared/graph';
import type { GraphDoc } from '../../shared/graph';
import { bigGraph } from '../../bench/ui';
import { currentT } from '../i18n';
import { deriveEdges, deriveNodes, deriveViews, newDeriveCache } from './derive';

function chain(n: number): GraphDoc {
  let d = addNode(emptyDoc(), 'Input', { x: 0, y: 0 }, { height: 28, width: 28, channels: 1 }, 'in').doc;
  let prev = 'in';
  for (let i = 0; i < n; i++) {
    const r = addNode(
      d,
      'Conv2D',
      { x: 0, y: (i + 1) * 120 },
      { filters: 8, kernel: [3, 3], padding: 'same' },
      `c${i}`,
    );
    d = connect(r.doc, prev, r.id, 'in').doc;
    prev = r.id;
  }
  return d;
}

describe('derive views and React Flow nodes and edges', () => {
  it("an upstream edit recomputes only the figures on a face, not the node's own texts (its port list is kept)", () => {
    const d = chain(3);
    const cache = newDeriveCache();
    const a = analyse(d);
    const before = deriveViews(d, a, cache).nodes.get('c2')!;
    const d2 = setParams(d, 'in', { height: 30 });
    const a2 = analyse(d2, a);
    const summary = vi.spyOn(CATALOGUE.Conv2D, 'summary');
    const after = deriveViews(d2, a2, cache).nodes.get('c2')!;
    expect(summary).not.toHaveBeenCalled();
    summary.mockRestore();
    expect(after.shape).toBe('30x28x8');
    expect(after).not.toBe(before);
    expect(after.ports).toBe(before.ports);
    expect(after.summary).toBe(before.summary);
  });

  it('labels each edge with its source shape and each node with its figures', () => {
    const d = chain(2);
    const cache = newDeriveCache();
    const v = deriveViews(d, analyse(d), cache);
    expect([...v.edges.values()].map((e) => e.label)).toEqual(['28x28x1', '28x28x8']);
    expect(v.nodes.get('c0')).toMatchObject({
      type: 'Conv2D',
      shape: '28x28x8',
      params: '80',
      rf: '3x3 j1',
      severity: null,
      ports: ['in'],
    });
    const nodes = deriveNodes(v, new Set(['c0']), cache);
    expect(nodes.find((n) => n.id === 'c0')).toMatchObject({ type: 'layer', selected: true, data: { severity: null } });
    const edges = deriveEdges(d, new Set(), cache);
    expect(edges[0]).toMatchObject({
      source: 'in',
      target: 'c0',
      targetHandle: 'in',
      sourceHandle: 'out',
      type: 'shape',
    });
  });

  it('reuses the objects of unchanged nodes and edges, so React Flow and memo skip them', () => {
    let d = chain(300);
    let a = analyse(d);
    const cache = newDeriveCache();
    const v1 = deriveViews(d, a, cache);
    const n1 = deriveNodes(v1, new Set(), cache);
    const e1 = deriveEdges(d, new Set(), cache);
    // Moving one node: only that node object is new, and no face or label changes.
    d = moveNodes(d, new Map([['c150', { x: 40, y: 40 }]]));
    a = analyse(d, a);
    const v2 = deriveViews(d, a, cache);
    expect([...v2.nodes].every(([id, data]) => data === v1.nodes.get(id))).toBe(true);
    expect([...v2.edges].every(([id, data]) => data === v1.edges.get(id))).toBe(true);
    const n2 = deriveNodes(v2, new Set(), cache);
    expect(n2.filter((n, i) => n !== n1[i]).map((n) => n.id)).toEqual(['c150']);
    expect(deriveEdges(d, new Set(), cache).every((e, i) => e === e1[i])).toBe(true);
    // A drag override moves the node without touching the document.
    const n3 = deriveNodes(v2, new Set(), cache, new Map([['c7', { x: 5, y: 5 }]]));
    expect(n3[8]).toMatchObject({ id: 'c7', position: { x: 5, y: 5 }, dragging: true });
    expect(n3.filter((n, i) => n !== n2[i]).map((n) => n.id)).toEqual(['c7']);
  });

  it('changes downstream faces and labels after an edit upstream, without new React Flow objects', () => {
    let d = chain(3);
    let a = analyse(d);
    const cache = newDeriveCache();
    const v1 = deriveViews(d, a, cache);
    const n1 = deriveNodes(v1, new Set(), cache);
    const e1 = deriveEdges(d, new Set(), cache);
    d = setParams(d, 'c1', { filters: 16 });
    a = analyse(d, a);
    const v2 = deriveViews(d, a, cache);
    expect([...v2.edges.values()].map((e) => e.label)).toEqual(['28x28x1', '28x28x8', '28x28x16']);
    expect(v2.nodes.get('c0')).toBe(v1.nodes.get('c0'));
    expect(v2.nodes.get('c2')!.params).toBe('1,160'); // 3*3*16*8 + 8
    // The very same arrays: React Flow skips its update entirely.
    expect(deriveNodes(v2, new Set(), cache)).toBe(n1);
    expect(deriveEdges(d, new Set(), cache)).toBe(e1);
    // An error turns the node's flow data (minimap colour) and its face red.
    d = setParams(d, 'c0', { kernel: [40, 40], padding: 'valid' });
    a = analyse(d, a);
    const v3 = deriveViews(d, a, cache);
    expect(v3.nodes.get('c0')!.severity).toBe('error');
    expect(v3.nodes.get('c0')!.message).toMatch(/^Error: .*40x40/);
    expect(v3.nodes.get('c1')!.shape).toBe('?');
    expect(v3.nodes.get('c1')!.params).toBe('?');
    expect(v3.edges.get('e2')).toEqual({ label: '?', unknown: true });
    expect(deriveNodes(v3, new Set(), cache)[1].data.severity).toBe('error');
  });

  it('formats a face only when it is read: the members of a collapsed group, never drawn, cost nothing', () => {
    const d = bigGraph(1000, 5);
    const member = d.groups![0].nodes[0];
    expect(d.nodes.find((n) => n.id === member)!.type).toBe('Conv2D');
    const summary = vi.spyOn(CATALOGUE.Conv2D, 'summary');
    const v = deriveViews(d, analyse(d), newDeriveCache());
    expect(v.nodes.get('input')!.shape).toBe('32x32x16');
    expect(v.edges.get(d.edges[0].id)!.label).toBe('32x32x16');
    expect(summary).not.toHaveBeenCalled();
    // Read, it is the same face as ever, and reading it again gives the same object.
    expect(v.nodes.get(member)).toMatchObject({ type: 'Conv2D', shape: '32x32x16', activation: 'relu' });
    expect(summary).toHaveBeenCalledTimes(1);
    expect(v.nodes.get(member)).toBe(v.nodes.get(member));
    summary.mockRestore();
    expect(v.nodes.size).toBe(1000);
    expect([...v.nodes].map(([id]) => id)).toEqual(d.nodes.map((n) => n.id));
  });

  it('an edit upstream of 1,000 faces builds no translator or Intl formatter per face; other faces keep their objects', () => {
    let d = bigGraph(1000, 5);
    let a = analyse(d);
    const cache = newDeriveCache();
    const all = (v: ReturnType<typeof deriveViews>) => new Map([...v.nodes]);
    const v1 = all(deriveViews(d, a, cache));
    expect(currentT()).toBe(currentT());
    const dates = vi.spyOn(Intl, 'DateTimeFormat');
    const numbers = vi.spyOn(Intl, 'NumberFormat');
    // Renaming one layer changes no shape: only its face is a new object.
    const res = d.nodes.find((n) => n.type === 'Residual')!.id;
    d = { ...d, nodes: d.nodes.map((n) => (n.id === res ? { ...n, label: 'renamed' } : n)) };
    a = analyse(d, a);
    const v2 = all(deriveViews(d, a, cache));
    expect([...v2].filter(([id, f]) => f !== v1.get(id)).map(([id]) => id)).toEqual([res]);
    // The Input's size changes every shape below it: every face is formatted again.
    d = setParams(d, 'input', { height: 40, width: 40 });
    a = analyse(d, a);
    const v3 = all(deriveViews(d, a, cache));
    expect(v3.get(d.nodes.find((n) => n.type === 'GlobalPool')!.id)!.shape).toBe('16');
    expect(v3.get(res)!.label).toBe('renamed');
    expect([...v3].filter(([id, f]) => f === v2.get(id)).length).toBeLessThan(5);
    expect(dates).not.toHaveBeenCalled();
    expect(numbers).not.toHaveBeenCalled();
    dates.mockRestore();
    numbers.mockRestore();
  });

  it('lists the input ports of merges (Residual main/skip, Concat in1..inN)', () => {
    let d = addNode(emptyDoc(), 'Residual', { x: 0, y: 0 }, {}, 'add').doc;
    d = addNode(d, 'Concat', { x: 0, y: 0 }, { inputs: 3 }, 'cat').doc;
    const v = deriveViews(d, analyse(d), newDeriveCache());
    expect([...v.nodes.values()].map((n) => n.ports)).toEqual([
      ['main', 'skip'],
      ['in1', 'in2', 'in3'],
    ]);
  });
});

describe('groupDigits', () => {
  it('writes counts as formatCount does', async () => {
    const { groupDigits } = await import('./derive');
    const { formatCount } = await import('../../shared/graph');
    for (const n of [0, 7, 999, 1000, 61_706, 11_689_512, 61_100_840, 1234567890])
      expect(groupDigits(n)).toBe(formatCount(n));
  });
});
