import { describe, expect, it } from 'vitest';
import { createEditorStore, redoLabel, undoLabel } from './store';
import { analysisOf } from './analysis';

describe('editor store', () => {
  it('records every edit and undoes/redoes them in order', () => {
    const store = createEditorStore();
    const s = () => store.getState();
    const input = s().addNode('Input', { x: 0, y: 0 }, { height: 28, width: 28, channels: 1 })!;
    const conv = s().addNode('Conv2D', { x: 0, y: 100 }, { filters: 6, kernel: [5, 5], padding: 'valid' })!;
    s().connect(input, conv, 'in');
    expect(analysisOf(s().doc).nodes.get(conv)!.shape).toEqual([24, 24, 6]);
    s().setParam(conv, 'padding', 'same');
    expect(analysisOf(s().doc).nodes.get(conv)!.shape).toEqual([28, 28, 6]);
    s().undo();
    expect(analysisOf(s().doc).nodes.get(conv)!.shape).toEqual([24, 24, 6]);
    s().undo(); // connection
    expect(s().doc.edges).toHaveLength(0);
    s().redo();
    s().redo();
    expect(analysisOf(s().doc).nodes.get(conv)!.shape).toEqual([28, 28, 6]);
    expect(s().future).toHaveLength(0);
  });

  it('coalesces a drag into one undo step and refuses edits while locked', () => {
    const store = createEditorStore();
    const s = () => store.getState();
    const id = s().addNode('Input', { x: 0, y: 0 })!;
    for (let i = 1; i <= 10; i++) s().moveNodes(new Map([[id, { x: i, y: i }]]), 'drag1');
    expect(s().past).toHaveLength(2); // add + one move
    s().undo();
    expect(s().doc.nodes[0].position).toEqual({ x: 0, y: 0 });
    s().setLocked(true);
    s().setParam(id, 'height', 32);
    expect(s().doc.nodes[0].params.height).toBe(28);
    expect(s().notice?.text).toMatch(/locked while training/);
  });

  it('applies an engine fix as one undoable edit and selects the new node', () => {
    const store = createEditorStore();
    const s = () => store.getState();
    const input = s().addNode('Input', { x: 0, y: 0 }, { height: 8, width: 8, channels: 3 })!;
    const dense = s().addNode('Dense', { x: 0, y: 100 }, { units: 10 })!;
    s().connect(input, dense, 'in');
    const problem = analysisOf(s().doc).problems.find((p) => p.code === 'dense-needs-flatten')!;
    expect(problem.fix?.kind).toBe('insertNode');
    s().applyFix(problem.fix!);
    const a = analysisOf(s().doc);
    expect(a.nodes.get(dense)!.shape).toEqual([10]);
    expect(s().doc.nodes.find((n) => n.id === s().selectedNodes[0])?.type).toBe('Flatten');
    s().undo();
    expect(analysisOf(s().doc).problems.some((p) => p.code === 'dense-needs-flatten')).toBe(true);
  });

  it('keeps the name of each edit, so Undo and Redo can say what they will do', () => {
    const store = createEditorStore();
    const s = () => store.getState();
    expect(undoLabel(s())).toBeNull();
    const id = s().addNode('Conv2D', { x: 0, y: 0 })!;
    expect(undoLabel(s())).toBe('Add Conv2D');
    for (let i = 1; i <= 3; i++) s().moveNodes(new Map([[id, { x: i, y: i }]]), 'drag');
    expect(undoLabel(s())).toBe('Move');
    s().undo();
    expect([undoLabel(s()), redoLabel(s())]).toEqual(['Add Conv2D', 'Move']);
    s().undo();
    expect([undoLabel(s()), redoLabel(s())]).toEqual([null, 'Add Conv2D']);
    s().redo();
    expect([undoLabel(s()), redoLabel(s())]).toEqual(['Add Conv2D', 'Move']);
    s().setParam(id, 'filters', 8);
    expect([undoLabel(s()), redoLabel(s())]).toEqual(['Set Filters', null]);
  });
});
