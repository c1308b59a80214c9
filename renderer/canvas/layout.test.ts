import { describe, expect, it } from 'vitest';
import { moveNodes } from '../../shared/graph';
import { TEMPLATES } from '../../templates';
import { DEFAULT_NODE_SIZE, elkGraph, hasOverlap, layoutDoc, roundedPath, routeFor } from './layout';

describe('auto-layout (ELK layered, top to bottom)', () => {
  it('lays out every template without overlapping nodes, inputs above outputs', async () => {
    for (const t of TEMPLATES) {
      const doc = t.build();
      const pos = await layoutDoc(doc);
      expect(pos.size, t.id).toBe(doc.nodes.length);
      const laid = moveNodes(doc, pos);
      expect(hasOverlap(laid), t.id).toBe(false);
      for (const e of laid.edges) {
        const s = pos.get(e.source)!,
          d = pos.get(e.target)!;
        expect(d.y, `${t.id} ${e.source}->${e.target}`).toBeGreaterThan(s.y + DEFAULT_NODE_SIZE.height - 1);
      }
    }
  });

  it('keeps merge ports in the catalogue order (main left of skip)', () => {
    const doc = TEMPLATES.find((t) => t.id === 'resnet20')!.build();
    const add = elkGraph(doc, () => DEFAULT_NODE_SIZE).children!.find(
      (c) => doc.nodes.find((n) => n.id === c.id)!.type === 'Residual',
    )!;
    expect(add.ports!.map((p) => p.id.split('\u0000').slice(1).join(':'))).toEqual(['in:main', 'in:skip', 'out']);
  });

  it('detects overlapping boxes (an import with every node at 0,0)', () => {
    const doc = TEMPLATES[0].build();
    expect(hasOverlap({ ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })) })).toBe(true);
    expect(hasOverlap({ ...doc, nodes: doc.nodes.map((n, i) => ({ ...n, position: { x: 0, y: i * 200 } })) })).toBe(
      false,
    );
  });
});

describe('skip connections keep the route ELK gave them', () => {
  it('routes a skip beside its block, and only while both ends stay put', async () => {
    const doc = TEMPLATES.find((t) => t.id === 'resnet20')!.build();
    const pos = await layoutDoc(doc);
    const { width: w, height: h } = DEFAULT_NODE_SIZE;
    const skip = doc.edges.find((e) => e.targetPort === 'skip')!;
    const s = pos.get(skip.source)!,
      t = pos.get(skip.target)!;
    const route = routeFor(skip.id, s.x + w / 2, s.y + h + 6, t.x + (2 * w) / 3, t.y - 6)!;
    expect(route.length).toBeGreaterThan(2);
    // The long run passes beside every node of the block, not through one.
    const run = route
      .slice(1, -1)
      .reduce(
        (m, p, i, a) => (i && Math.abs(p.y - a[i - 1].y) > Math.abs(m[1].y - m[0].y) ? [a[i - 1], p] : m),
        [route[0], route[1]],
      );
    const block = doc.nodes.filter((n) => {
      const p = pos.get(n.id)!;
      return p.y > s.y && p.y < t.y;
    });
    expect(block.length).toBeGreaterThan(3);
    for (const n of block) {
      const p = pos.get(n.id)!;
      expect(run[0].x < p.x || run[0].x > p.x + w, n.id).toBe(true);
    }
    expect(routeFor(skip.id, s.x + w / 2 + 30, s.y + h, t.x + (2 * w) / 3, t.y)).toBeNull();
    const { path, labelX } = roundedPath(route, s.x + w / 2, s.y + h + 6, t.x + (2 * w) / 3, t.y - 6);
    expect(path).toMatch(/^M [\d.]+ [\d.]+ L .* Q .* L [\d.]+ [\d.]+$/);
    expect(labelX).toBe(run[0].x);
  });
});
