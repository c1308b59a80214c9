import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { plainLabel, TOOLBAR_GROUPS, toolbarCommands } from '../../shared/commands/commands';
import type { Host } from '../host/host';
import { createServices } from '../services';
import { createEditorStore, undoLabel, useEditor } from '../store/store';
import { addLayer } from './editing';
import { commandName, isEnabled } from './enabled';
import { directionFace, TopBar } from './TopBar';

const deps = createServices({} as Host, useEditor);
const render = () =>
  renderToStaticMarkup(<TopBar deps={deps} onTemplates={() => undefined} onExport={() => undefined} />);
const button = (html: string, id: string) =>
  html.match(new RegExp(`<button[^>]*data-testid="btn-${id}"[^>]*>`))?.[0] ?? '';

describe('top bar', () => {
  it("shows the table's toolbar commands in their groups, in order", () => {
    const html = render();
    const ids = [...html.matchAll(/data-testid="btn-(\w+)"/g)]
      .map((m) => m[1])
      .filter((id) => id !== 'recent' && id !== 'export' && id !== 'templates');
    expect(ids).toEqual(TOOLBAR_GROUPS.flatMap(toolbarCommands));
    expect(button(html, 'open')).toContain(`title="${plainLabel('open')} (Ctrl+O)"`);
    expect(button(html, 'undo')).toContain('disabled=""');
    expect(button(html, 'layout')).toContain('disabled=""');
    expect(button(html, 'undo')).toContain('title="Undo (Ctrl+Z)"'); // nothing to undo: no edit named
    expect(button(html, 'undo')).not.toContain('aria-label');
  });

  it("names the edit Undo and Redo will act on, and enables them from the table's conditions", () => {
    const store = createEditorStore();
    const st = () => store.getState();
    expect([commandName('undo', st()), isEnabled('undo', st()), isEnabled('layout', st())]).toEqual([
      'Undo',
      false,
      false,
    ]);
    addLayer(store, 'Conv2D', { x: 0, y: 0 });
    const added = undoLabel(st());
    expect(added).toMatch(/^Add Conv/);
    const id = st().doc.nodes[0].id;
    st().moveNodes(new Map([[id, { x: 50, y: 50 }]]), 'drag');
    expect([commandName('undo', st()), isEnabled('undo', st()), isEnabled('layout', st())]).toEqual([
      'Undo Move',
      true,
      true,
    ]);
    st().undo();
    expect([commandName('undo', st()), commandName('redo', st())]).toEqual([`Undo ${added}`, 'Redo Move']);
    st().setLocked(true);
    expect([isEnabled('undo', st()), isEnabled('redo', st()), isEnabled('save', st())]).toEqual([false, false, true]);
    expect(commandName('save', st())).toBe('Save');
  });
});

describe('the Direction button', () => {
  it('shows the active direction and says what a click changes it to', () => {
    // A server render reads the store's initial state: top to bottom.
    const html = render();
    expect(button(html, 'layoutDirection')).toContain(
      'aria-label="Layout direction: top to bottom (click for left to right)"',
    );
    // The arrow is the icon (all that shows in a narrow window), the word its label.
    expect(html).toMatch(
      /data-testid="btn-layoutDirection"[^>]*><span class="tb-icon" aria-hidden="true">↓<\/span><span class="tb-label">Direction<\/span>/,
    );
    expect(directionFace('RIGHT')).toEqual({
      text: '→ Direction',
      name: 'Layout direction: left to right (click for top to bottom)',
    });
  });
});
