// Undo and redo name their edit in the language shown now: an edit made in English and undone after a switch to
// Chinese says so in Chinese (the history keeps each name as message data, rendered when it is shown).
import { afterEach, describe, expect, it } from 'vitest';
import { createEditorStore, redoLabel, undoLabel } from './store';
import { setLocale } from '../i18n';

afterEach(() => setLocale('en'));

describe('undo labels', () => {
  it('follow a language switch made after the edit', async () => {
    await setLocale('en');
    const store = createEditorStore();
    const s = () => store.getState();
    const conv = s().addNode('Conv2D', { x: 0, y: 0 })!;
    s().setParam(conv, 'filters', 16);
    s().moveNodes(new Map([[conv, { x: 10, y: 10 }]]));
    expect(undoLabel(s())).toBe('Move');
    s().undo();
    expect([undoLabel(s()), redoLabel(s())]).toEqual(['Set Filters', 'Move']);

    await setLocale('zh-CN');
    expect([undoLabel(s()), redoLabel(s())]).toEqual(['设置卷积核数', '移动']);
    s().undo();
    expect(undoLabel(s())).toBe('添加Conv2D 卷积层');
    await setLocale('en');
    expect(undoLabel(s())).toBe('Add Conv2D');
  });
});

describe('the unnamed document', () => {
  it('is called so in the language shown', async () => {
    const { documentName } = await import('../commands/files');
    const store = createEditorStore();
    expect(documentName(store.getState())).toBe('Untitled');
    await setLocale('zh-CN');
    expect(documentName(store.getState())).toBe('未命名');
    expect(documentName({ ...store.getState(), fileName: 'net.cnn.json' })).toBe('net.cnn.json');
  });
});
