import { describe, expect, it } from 'vitest';
import { chain } from '../train/testing';
import { diffGraphs, isEmptyDiff } from './diff';

describe('diffGraphs', () => {
  const a = chain('a', [
    ['input', 'Input', { height: 28, width: 28, channels: 1 }],
    ['conv', 'Conv2D', { filters: 8, kernel: [3, 3] }],
    ['pool', 'Pool', { mode: 'max' }],
    ['flat', 'Flatten', {}],
    ['dense', 'Dense', { units: 10 }],
  ]);
  const b = chain('b', [
    ['input', 'Input', { height: 28, width: 28, channels: 1 }],
    ['conv', 'Conv2D', { filters: 16, kernel: [5, 3] }],
    ['bn', 'BatchNorm', {}],
    ['pool', 'Pool', { mode: 'avg' }],
    ['flat', 'Flatten', {}],
    ['dense', 'Dense', { units: 10 }],
  ]);

  it('lists exactly the nodes added, the changed parameters and the rewired connections', () => {
    const moved = { ...b, nodes: b.nodes.map((n) => ({ ...n, position: { x: 5, y: 7 }, label: 'x' })) };
    const d = diffGraphs(a, moved);
    expect(d.added.map((n) => n.id)).toEqual(['bn']);
    expect(d.removed).toEqual([]);
    expect(d.changed).toEqual([
      {
        id: 'conv',
        params: [
          { param: 'filters', before: 8, after: 16 },
          { param: 'kernel', before: [3, 3], after: [5, 3] },
        ],
      },
      { id: 'pool', params: [{ param: 'mode', before: 'max', after: 'avg' }] },
    ]);
    expect(d.edgesAdded).toEqual([
      { source: 'bn', target: 'pool', targetPort: 'in' },
      { source: 'conv', target: 'bn', targetPort: 'in' },
    ]);
    expect(d.edgesRemoved).toEqual([{ source: 'conv', target: 'pool', targetPort: 'in' }]);
  });

  it('is the mirror image the other way round, and empty for the same network laid out elsewhere', () => {
    const d = diffGraphs(b, a);
    expect(d.removed.map((n) => n.id)).toEqual(['bn']);
    expect(d.added).toEqual([]);
    expect(d.changed[0].params[0]).toEqual({ param: 'filters', before: 16, after: 8 });
    expect(d.edgesRemoved.length).toBe(2);
    expect(d.edgesAdded).toEqual([{ source: 'conv', target: 'pool', targetPort: 'in' }]);
    const relabelled = { ...a, edges: a.edges.map((e) => ({ ...e, id: `x${e.id}` })) };
    expect(isEmptyDiff(diffGraphs(a, relabelled))).toBe(true);
  });

  it('reports a changed layer type and a parameter present on one side only', () => {
    const c = {
      ...a,
      nodes: a.nodes.map((n) => (n.id === 'pool' ? { ...n, type: 'Dropout' as const, params: { rate: 0.5 } } : n)),
    };
    const d = diffGraphs(a, c);
    expect(d.changed).toEqual([
      {
        id: 'pool',
        type: { before: 'Pool', after: 'Dropout' },
        params: expect.arrayContaining([
          { param: 'rate', before: undefined, after: 0.5 },
          { param: 'mode', before: 'max', after: undefined },
        ]) as unknown,
      },
    ]);
  });
});
