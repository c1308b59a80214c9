import { describe, expect, it } from 'vitest';
import { moveNodes } from '../../shared/graph';
import { TEMPLATES } from '../../templates';
import { DEFAULT_NODE_SIZE, elkGraph, hasOverlap, layoutDoc } from './layout';

describe('auto-layout (ELK layered, top to bottom)', () => {
  it('lays out every template without overlapping nodes, inputs above outputs', async () => {
    for (const t of TEMPLATES) {
      const doc = t.build();
      const pos = await layoutDoc(doc);
      expect(pos.size, t.id).toBe(doc.nodes.length);
      const laid = moveNodes(doc, pos);
      expect(hasOverlap(laid), t.id).toBe(false);
      for (const e of laid.edges) {
        const s = pos.get(e.source)!, d = pos.get(e.target)!;
        expect(d.y, `${t.id} ${e.source}->${e.target}`).toBeGreaterThan(s.y + DEFAULT_NODE_SIZE.height - 1);
      }
    }
  });

  it('keeps merge ports in the catalogue order (main left of skip)', () => {
    const doc = TEMPLATES.find((t) => t.id === 'resnet20')!.build();
    const add = elkGraph(doc, () => DEFAULT_NODE_SIZE).children!.find((c) => doc.nodes.find((n) => n.id === c.id)!.type === 'Residual')!;
    expect(add.ports!.map((p) => p.id.split('\u0000').slice(1).join(':'))).toEqual(['in:main', 'in:skip', 'out']);
  });

  it('detects overlapping boxes (an import with every node at 0,0)', () => {
    const doc = TEMPLATES[0].build();
    expect(hasOverlap({ ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })) })).toBe(true);
    expect(hasOverlap({ ...doc, nodes: doc.nodes.map((n, i) => ({ ...n, position: { x: 0, y: i * 200 } })) })).toBe(false);
  });
});
