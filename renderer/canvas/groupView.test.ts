import { describe, expect, it } from 'vitest';
import { analyse } from '../../shared/graph';
import { TEMPLATES } from '../../templates';
import { deriveEdges, deriveNodes, deriveViews, newDeriveCache } from './derive';
import { applyGroups, layoutView, newGroupCache, positionsFromView, translateGroupChanges } from './groupView';
import { READABLE_ZOOM, readableViewport } from './readableFit';

const resnet50 = () => TEMPLATES.find((t) => t.id === 'resnet50')!.build();

describe('groups on the canvas', () => {
  it('draws each collapsed block as one node, reroutes its edges to it and hides the edges inside', () => {
    const doc = resnet50();
    const cache = newDeriveCache();
    const views = deriveViews(doc, analyse(doc), cache);
    const sel = new Set<string>();
    const flowNodes = deriveNodes(views, sel, cache);
    const flowEdges = deriveEdges(doc, sel, cache);
    const gc = newGroupCache();
    const { nodes, edges } = applyGroups(doc, flowNodes, flowEdges, sel, gc);
    // 168 layers, 160 of them in 16 blocks: 8 layers and 16 block boxes are drawn.
    expect(nodes).toHaveLength(8 + 16);
    expect(nodes.filter((n) => n.type === 'cgroup').map((n) => n.id)[0]).toBe('group:layer1_0');
    const ids = new Set(nodes.map((n) => n.id));
    for (const e of edges) expect(ids.has(e.source) && ids.has(e.target), e.id).toBe(true);
    // Into a block: its first conv and its shortcut come from the same node: one arrow.
    expect(edges.filter((e) => e.target === 'group:layer1_0')).toHaveLength(1);
    expect(edges).toHaveLength(8 + 16 - 1);
    // Same inputs, same arrays: React Flow skips the update.
    expect(applyGroups(doc, flowNodes, flowEdges, sel, gc).nodes).toBe(nodes);
    // Dragging a block moves its members by the same amount; selecting it selects them.
    const g = nodes.find((n) => n.id === 'group:layer1_0')!;
    const moved = translateGroupChanges(
      [{ type: 'position', id: g.id, position: { x: g.position.x + 10, y: g.position.y + 5 }, dragging: true }],
      doc,
      gc,
    );
    expect(moved).toHaveLength(10);
    const conv1 = doc.nodes.find((n) => n.id === 'layer1_0_conv1')!;
    expect(moved[0]).toMatchObject({
      id: 'layer1_0_conv1',
      position: { x: conv1.position.x + 10, y: conv1.position.y + 5 },
    });
    expect(translateGroupChanges([{ type: 'select', id: g.id, selected: true }], doc, gc)).toHaveLength(10);
  });

  it('lays a collapsed block out as one box and keeps its members arranged inside it', () => {
    const doc = resnet50();
    const view = layoutView(doc);
    expect(view.nodes).toHaveLength(24);
    const pos = positionsFromView(doc, new Map([['group:layer1_0', { x: 1000, y: 2000 }]]));
    const members = doc.groups![0].nodes.map((id) => pos.get(id)!);
    expect(Math.min(...members.map((p) => p.x))).toBe(1000);
    expect(Math.min(...members.map((p) => p.y))).toBe(2000);
  });
});

describe('Fit at a readable zoom', () => {
  const box = (x: number, y: number) => ({ x, y, width: 200, height: 84 });
  it('leaves a graph that fits readably to the ordinary fit', () => {
    expect(readableViewport([box(0, 0), box(0, 300)], { width: 1000, height: 800 }, 'DOWN')).toBeNull();
  });
  it('never goes below the readable zoom: a deep graph shows from its top, centred across', () => {
    const boxes = Array.from({ length: 100 }, (_, i) => box(0, i * 130));
    const v = readableViewport(boxes, { width: 1000, height: 800 }, 'DOWN')!;
    expect(v.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    expect(v.y).toBe(24);
    expect(v.x + 100 * v.zoom).toBeCloseTo(500);
  });
  it('left to right, shows from the left edge', () => {
    const boxes = Array.from({ length: 100 }, (_, i) => box(i * 260, 0));
    const v = readableViewport(boxes, { width: 1000, height: 800 }, 'RIGHT')!;
    expect(v.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    expect(v.x).toBe(24);
  });
});
