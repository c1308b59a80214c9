// The names of undo steps (labelText): the top bar asks for the Undo and Redo names on every change of the store,
// that is on every edit; each label is translated once per language, and a language switch names it afresh.
// Real i18next (the app's instance), its translations counted.
import { afterEach, describe, expect, it } from 'vitest';
import { appI18n, setLocale } from '../i18n';
import { createEditorStore, labelText, undoLabel } from './store';

afterEach(async () => {
  await setLocale('en');
});

function countTranslations(): () => number {
  const translator = (appI18n as unknown as { translator: { translate: (...a: unknown[]) => unknown } }).translator;
  const real = translator.translate;
  let n = 0;
  translator.translate = function (this: unknown, ...a: unknown[]) {
    n++;
    return real.apply(this, a);
  };
  return () => n;
}

describe('undo step names', () => {
  it('are translated once per label and language, however often the top bar asks', async () => {
    const store = createEditorStore();
    store.getState().addNode('Input', { x: 0, y: 0 }, { height: 32, width: 32, channels: 3 });
    const id = store.getState().doc.nodes[0].id;
    store.getState().setParam(id, 'height', 30);
    const count = countTranslations();
    const first = undoLabel(store.getState());
    const once = count();
    expect(once).toBeGreaterThan(0);
    for (let i = 0; i < 100; i++) expect(undoLabel(store.getState())).toBe(first);
    expect(count()).toBe(once);
    await setLocale('zh-CN');
    const zh = undoLabel(store.getState());
    expect(zh).not.toBe(first);
    expect(zh).toBe(labelText(store.getState().past.at(-1)!.label));
    await setLocale('en');
    expect(undoLabel(store.getState())).toBe(first);
  });

  it('are translated once per name, not per edit: a new edit of the same parameter reuses the text', () => {
    const store = createEditorStore();
    store.getState().addNode('Input', { x: 0, y: 0 }, { height: 32, width: 32, channels: 3 });
    const id = store.getState().doc.nodes[0].id;
    store.getState().setParam(id, 'height', 30);
    const first = undoLabel(store.getState());
    const count = countTranslations();
    for (let h = 31; h < 60; h++) {
      store.getState().setParam(id, 'height', h);
      expect(undoLabel(store.getState())).toBe(first);
    }
    expect(count()).toBe(0);
    store.getState().setParam(id, 'width', 30);
    expect(undoLabel(store.getState())).not.toBe(first);
    expect(count()).toBeGreaterThan(0);
  });
});
