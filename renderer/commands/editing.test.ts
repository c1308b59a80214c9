import { beforeEach, describe, expect, it } from 'vitest';
import { analysisOf } from '../store/analysis';
import { createEditorStore } from '../store/store';
import {
  addLayer,
  copySelection,
  createClipboard,
  duplicate,
  freeSpot,
  insertSnippet,
  paste,
  ROW,
  selectAll,
} from './editing';

let store: ReturnType<typeof createEditorStore>;
let board: ReturnType<typeof createClipboard>;
const s = () => store.getState();
beforeEach(() => {
  store = createEditorStore();
  board = createClipboard();
});

describe('editing commands', () => {
  it('adds at a drop point unconnected, or below the selected node and wired to it', () => {
    const input = addLayer(store, 'Input', { x: 10.4, y: 20.6 })!;
    expect(s().doc.nodes[0].position).toEqual({ x: 10, y: 21 });
    expect(s().selectedNodes).toEqual([input]);
    const conv = addLayer(store, 'Conv2D')!;
    const pool = addLayer(store, 'Pool')!;
    expect(s().doc.edges.map((e) => [e.source, e.target])).toEqual([
      [input, conv],
      [conv, pool],
    ]);
    expect(s().doc.nodes.find((n) => n.id === pool)!.position).toEqual({ x: 10, y: 21 + 2 * ROW });
    expect(analysisOf(s().doc).nodes.get(pool)!.shape).toEqual([14, 14, 32]);
    // One undo step per add (connection included).
    s().undo();
    expect(s().doc.nodes).toHaveLength(2);
    expect(s().doc.edges).toHaveLength(1);
  });

  it('never stacks a new node on an existing one', () => {
    const doc = { ...s().doc, nodes: [{ id: 'a', type: 'Input' as const, params: {}, position: { x: 0, y: 0 } }] };
    expect(freeSpot(doc, { x: 10, y: 10 }).x).toBeGreaterThanOrEqual(200);
  });

  it('inserts a snippet after the selected node, sized to its channels, as one undo step', () => {
    addLayer(store, 'Input', { x: 0, y: 0 });
    addLayer(store, 'Conv2D');
    const before = s().past.length;
    const ids = insertSnippet(store, 'basic-block');
    expect(ids).toHaveLength(7);
    expect(s().past.length).toBe(before + 1);
    expect(s().selectedNodes).toEqual([ids[6]]);
    const a = analysisOf(s().doc);
    expect(a.totals.errors).toBe(0);
    expect(a.nodes.get(ids[6])!.shape).toEqual([28, 28, 32]);
  });

  it('copies and pastes (offset grows with each paste), duplicates, selects all', () => {
    addLayer(store, 'Input', { x: 0, y: 0 });
    addLayer(store, 'Conv2D');
    s().select(s().doc.nodes.map((n) => n.id));
    expect(copySelection(store, board)).toBe(true);
    const p1 = paste(store, board),
      p2 = paste(store, board);
    expect(p1).toEqual(['input2', 'conv2']);
    expect(p2).toEqual(['input3', 'conv3']);
    const pos = (id: string) => s().doc.nodes.find((n) => n.id === id)!.position;
    expect(pos('input3').x - pos('input2').x).toBe(40);
    expect(s().selectedNodes).toEqual(p2);
    const d = duplicate(store);
    expect(d).toEqual(['input4', 'conv4']);
    expect(s().doc.edges.filter((e) => e.source === 'input4')).toHaveLength(1);
    selectAll(store);
    expect(s().selectedNodes).toHaveLength(8);
    expect(s().selectedEdges).toHaveLength(4);
  });
});
