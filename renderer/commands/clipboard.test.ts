import { describe, expect, it } from 'vitest';
import { addNode, analyse, connect, emptyDoc } from '../../shared/graph';
import { copyNodes, pasteClip } from './clipboard';

function doc3() {
  let d = addNode(emptyDoc(), 'Input', { x: 0, y: 0 }, {}, 'input1').doc;
  d = addNode(d, 'Conv2D', { x: 0, y: 100 }, { filters: 6 }, 'conv1').doc;
  d = addNode(d, 'Pool', { x: 0, y: 200 }, {}, 'pool1').doc;
  d = connect(d, 'input1', 'conv1', 'in').doc;
  return connect(d, 'conv1', 'pool1', 'in').doc;
}

describe('clipboard', () => {
  it('copies the selected nodes with only the edges between them', () => {
    const clip = copyNodes(doc3(), ['conv1', 'pool1'])!;
    expect(clip.nodes.map((n) => n.id)).toEqual(['conv1', 'pool1']);
    expect(clip.edges).toEqual([{ id: 'e2', source: 'conv1', target: 'pool1', targetPort: 'in' }]);
    expect(copyNodes(doc3(), [])).toBeNull();
  });

  it('pastes with fresh node and edge ids, shifted, params kept; twice gives two copies', () => {
    const d = doc3();
    const clip = copyNodes(d, ['conv1', 'pool1'])!;
    const once = pasteClip(d, clip, { x: 40, y: 40 });
    expect(once.ids).toEqual(['conv2', 'pool2']);
    const conv2 = once.doc.nodes.find((n) => n.id === 'conv2')!;
    expect(conv2.position).toEqual({ x: 40, y: 140 });
    expect(conv2.params.filters).toBe(6);
    expect(once.doc.edges.at(-1)).toMatchObject({ source: 'conv2', target: 'pool2', targetPort: 'in' });
    const twice = pasteClip(once.doc, clip, { x: 80, y: 80 });
    expect(twice.ids).toEqual(['conv3', 'pool3']);
    const ids = twice.doc.edges.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    // The original is untouched and the copies analyse (unconnected copies are flagged, not broken).
    expect(d.nodes).toHaveLength(3);
    expect(analyse(twice.doc).nodes.get('pool3')).toBeDefined();
  });
});
