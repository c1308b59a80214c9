import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import { createEditorStore } from './store';

describe('store: loads and the layout that follows them', () => {
  it('counts loads, and places a loaded graph without an undo step or an unsaved mark', () => {
    const store = createEditorStore();
    const s = () => store.getState();
    expect(s().loadEpoch).toBe(0);
    s().loadDoc(TEMPLATES[0].build(), { path: '/a.cnn.json', name: 'a.cnn.json' });
    expect(s().loadEpoch).toBe(1);
    s().placeLoaded(new Map([[s().doc.nodes[0].id, { x: 500, y: 7 }]]));
    expect(s().doc.nodes[0].position).toEqual({ x: 500, y: 7 });
    expect(s().past).toHaveLength(0);
    expect(s().doc).toBe(s().savedDoc);
    // After an edit the document stays unsaved through a placement.
    s().setParam(s().doc.nodes[1].id, 'filters', 7);
    s().placeLoaded(new Map([[s().doc.nodes[0].id, { x: 0, y: 0 }]]));
    expect(s().doc).not.toBe(s().savedDoc);
  });
});
