import { describe, expect, it } from 'vitest';
import { addNode, analyse, connect, emptyDoc, moveNodes, setParams } from '../../shared/graph';
import type { GraphDoc } from '../../shared/graph';
import { deriveEdges, deriveNodes, newDeriveCache } from './derive';

function chain(n: number): GraphDoc {
  let d = addNode(emptyDoc(), 'Input', { x: 0, y: 0 }, { height: 28, width: 28, channels: 1 }, 'in').doc;
  let prev = 'in';
  for (let i = 0; i < n; i++) {
    const r = addNode(d, 'Conv2D', { x: 0, y: (i + 1) * 120 }, { filters: 8, kernel: [3, 3], padding: 'same' }, `c${i}`);
    d = connect(r.doc, prev, r.id, 'in').doc;
    prev = r.id;
  }
  return d;
}

describe('derive React Flow nodes and edges', () => {
  it('labels each edge with its source shape and each node with its figures', () => {
    const d = chain(2);
    const a = analyse(d);
    const cache = newDeriveCache();
    const nodes = deriveNodes(d, a, new Set(['c0']), cache);
    const edges = deriveEdges(d, a, new Set(), cache);
    expect(edges.map((e) => e.data!.label)).toEqual(['28x28x1', '28x28x8']);
    expect(edges[0]).toMatchObject({ source: 'in', target: 'c0', targetHandle: 'in', sourceHandle: 'out', type: 'shape' });
    const c0 = nodes.find((n) => n.id === 'c0')!;
    expect(c0.selected).toBe(true);
    expect(c0.data).toMatchObject({ type: 'Conv2D', shape: '28x28x8', params: '80', rf: '3x3 j1', severity: null, ports: ['in'] });
  });

  it('reuses the objects of unchanged nodes and edges, so React Flow and memo skip them', () => {
    let d = chain(300);
    let a = analyse(d);
    const cache = newDeriveCache();
    const n1 = deriveNodes(d, a, new Set(), cache);
    const e1 = deriveEdges(d, a, new Set(), cache);
    // Moving one node: only that node object is new, and its data (what the component renders) is the same.
    d = moveNodes(d, new Map([['c150', { x: 40, y: 40 }]]));
    a = analyse(d, a);
    const n2 = deriveNodes(d, a, new Set(), cache);
    const changed = n2.filter((n, i) => n !== n1[i]).map((n) => n.id);
    expect(changed).toEqual(['c150']);
    expect(n2[151].data).toBe(n1[151].data);
    expect(deriveEdges(d, a, new Set(), cache).every((e, i) => e === e1[i])).toBe(true);
    // A drag override moves the node without touching the document.
    const n3 = deriveNodes(d, a, new Set(), cache, new Map([['c7', { x: 5, y: 5 }]]));
    expect(n3[8]).toMatchObject({ id: 'c7', position: { x: 5, y: 5 }, dragging: true });
    expect(n3.filter((n, i) => n !== n2[i]).map((n) => n.id)).toEqual(['c7']);
  });

  it('changes downstream labels after a parameter edit upstream, and flags errors', () => {
    let d = chain(3);
    let a = analyse(d);
    const cache = newDeriveCache();
    const n1 = deriveNodes(d, a, new Set(), cache);
    deriveEdges(d, a, new Set(), cache);
    d = setParams(d, 'c1', { filters: 16 });
    a = analyse(d, a);
    const n2 = deriveNodes(d, a, new Set(), cache);
    expect(deriveEdges(d, a, new Set(), cache).map((e) => e.data!.label)).toEqual(['28x28x1', '28x28x8', '28x28x16']);
    expect(n2[0]).toBe(n1[0]);
    expect(n2[1]).toBe(n1[1]);
    expect(n2[3].data.params).toBe('1,160'); // 3*3*16*8 + 8
    d = setParams(d, 'c0', { kernel: [40, 40], padding: 'valid' });
    a = analyse(d, a);
    const n3 = deriveNodes(d, a, new Set(), cache);
    expect(n3[1].data.severity).toBe('error');
    expect(n3[1].data.message).toMatch(/^Error: .*40x40/);
    expect(n3[2].data.shape).toBe('?');
    expect(deriveEdges(d, a, new Set(), cache)[1].data).toEqual({ label: '?', unknown: true });
  });

  it('lists the input ports of merges (Residual main/skip, Concat in1..inN)', () => {
    let d = addNode(emptyDoc(), 'Residual', { x: 0, y: 0 }, {}, 'add').doc;
    d = addNode(d, 'Concat', { x: 0, y: 0 }, { inputs: 3 }, 'cat').doc;
    const nodes = deriveNodes(d, analyse(d), new Set(), newDeriveCache());
    expect(nodes.map((n) => n.data.ports)).toEqual([['main', 'skip'], ['in1', 'in2', 'in3']]);
  });
});
