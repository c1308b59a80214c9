// Wiring onto and from a collapsed group's box (`group:<id>` on the canvas, no node of the document).
import { describe, expect, it } from 'vitest';
import { groupNodes } from '../../shared/graph';
import { createEditorStore } from '../store/store';

function residualBlock() {
  const store = createEditorStore();
  const s = () => store.getState();
  const input = s().addNode('Input', { x: 0, y: 0 }, { height: 8, width: 8, channels: 4 })!;
  const stem = s().addNode('Conv2D', { x: 0, y: 100 }, { filters: 4, kernel: [3, 3], padding: 'same' })!;
  const conv = s().addNode('Conv2D', { x: 0, y: 200 }, { filters: 4, kernel: [3, 3], padding: 'same' })!;
  const add = s().addNode('Residual', { x: 0, y: 300 })!;
  const head = s().addNode('GlobalPool', { x: 0, y: 400 })!;
  s().connect(input, stem, 'in');
  s().connect(stem, conv, 'in');
  s().connect(conv, add, 'main');
  s().connect(stem, add, 'skip');
  const grouped = groupNodes(s().doc, [conv, add]);
  s().edit('Group', () => grouped.doc);
  return { store, s, input, stem, conv, add, head, group: `group:${grouped.id!}` };
}
const wires = (edges: readonly { source: string; target: string; targetPort: string }[]) =>
  edges.map((e) => `${e.source}->${e.target}.${e.targetPort}`).sort();

describe('wiring a collapsed group', () => {
  it('from the group: its boundary layer feeds the target, one undo step, no edge to a missing id', () => {
    const { s, add, head, group } = residualBlock();
    const before = s().past.length;
    s().connect(group, head, 'in');
    expect(wires(s().doc.edges)).toContain(`${add}->${head}.in`);
    expect(s().doc.edges.every((e) => s().doc.nodes.some((n) => n.id === e.source))).toBe(true);
    expect(s().past.length).toBe(before + 1);
  });

  it('onto the group: every input fed from one outside layer moves to the new source', () => {
    const { s, input, conv, add, group } = residualBlock();
    s().connect(input, group, 'in');
    const w = wires(s().doc.edges);
    expect(w).toContain(`${input}->${conv}.in`);
    expect(w).toContain(`${input}->${add}.skip`);
    expect(s().doc.edges.every((e) => s().doc.nodes.some((n) => n.id === e.target))).toBe(true);
    s().undo();
    expect(wires(s().doc.edges)).not.toContain(`${input}->${conv}.in`);
  });

  it('an ambiguous group is refused with a notice that says what to do, and the graph is unchanged', () => {
    const { s, stem, input, group } = residualBlock();
    // Feed the block's add from another layer: two outside feeders, no single way to rewire.
    const other = s().addNode('Conv2D', { x: 200, y: 200 }, { filters: 4, kernel: [1, 1], padding: 'same' })!;
    s().connect(stem, other, 'in');
    const addId = s().doc.groups![0].nodes[1];
    s().connect(other, addId, 'skip');
    const doc = s().doc;
    s().connect(input, group, 'in');
    expect(s().doc).toBe(doc);
    expect(s().notice?.kind).toBe('error');
    expect(s().notice?.text).toMatch(/2 inputs from different layers: expand it/);
  });
});
