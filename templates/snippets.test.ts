import { describe, expect, it } from 'vitest';
import { addNode, analyse, emptyDoc } from '../shared/graph';
import { SNIPPETS, snippetById } from './snippets';

const withInput = (c: number) =>
  addNode(emptyDoc(), 'Input', { x: 0, y: 0 }, { height: 32, width: 32, channels: c }, 'x').doc;

describe('palette snippets', () => {
  it('basic block: conv-BN-ReLU-conv-BN into Residual.main, the anchor into Residual.skip, then ReLU', () => {
    const r = snippetById('basic-block')!.insert(withInput(16), { x: 0, y: 120 }, { anchor: 'x', channels: 16 });
    const types = r.ids.map((id) => r.doc.nodes.find((n) => n.id === id)!.type);
    expect(types).toEqual(['Conv2D', 'BatchNorm', 'Activation', 'Conv2D', 'BatchNorm', 'Residual', 'Activation']);
    const add = r.ids[5];
    const into = r.doc.edges.filter((e) => e.target === add).map((e) => [e.targetPort, e.source]);
    expect(into).toEqual([
      ['main', r.ids[4]],
      ['skip', 'x'],
    ]);
    const a = analyse(r.doc);
    expect(a.totals.errors).toBe(0);
    expect(a.nodes.get(r.ids[6])!.shape).toEqual([32, 32, 16]);
    // Two 3x3 convs without bias + two BNs (gamma, beta): 2*(9*16*16) + 2*(2*16).
    expect(a.totals.trainable).toBe(2 * 9 * 16 * 16 + 2 * 32);
  });

  it('bottleneck block: 1x1 down to C/4, 3x3, 1x1 back to C, shapes agree at the Residual', () => {
    const r = snippetById('bottleneck-block')!.insert(withInput(64), { x: 0, y: 120 }, { anchor: 'x', channels: 64 });
    const a = analyse(r.doc);
    expect(a.totals.errors).toBe(0);
    const convs = r.doc.nodes
      .filter((n) => n.type === 'Conv2D')
      .map((n) => [n.params.filters, (n.params.kernel as readonly number[])[0]]);
    expect(convs).toEqual([
      [16, 1],
      [16, 3],
      [64, 1],
    ]);
    expect(a.nodes.get(r.ids.at(-1)!)!.shape).toEqual([32, 32, 64]);
  });

  it('gets fresh ids each time, and without an anchor leaves the block input open (flagged, not broken)', () => {
    for (const s of SNIPPETS) {
      const once = s.insert(withInput(8), { x: 0, y: 0 }, { anchor: 'x', channels: 8 });
      const twice = s.insert(once.doc, { x: 300, y: 0 }, { anchor: 'x', channels: 8 });
      const ids = twice.doc.nodes.map((n) => n.id),
        edges = twice.doc.edges.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(edges).size).toBe(edges.length);
      expect(twice.ids.some((id) => once.ids.includes(id))).toBe(false);
      const loose = s.insert(emptyDoc(), { x: 0, y: 0 });
      expect(loose.doc.edges.some((e) => e.targetPort === 'skip')).toBe(false);
      expect(analyse(loose.doc).problems.length).toBeGreaterThan(0);
    }
  });
});
