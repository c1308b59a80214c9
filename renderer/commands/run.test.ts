import { describe, expect, it } from 'vitest';
import { COMMAND_IDS, MENU_COMMAND_IDS, type CommandId } from '../../shared/commands/commands';
import type { Host } from '../host/host';
import { HostError } from '../host/host';
import { createEditorStore } from '../store/store';
import { createServices } from '../services';
import { HANDLERS, runCommand, runMenuEvent, type Handler } from './run';

/** Only what these commands touch; anything else would be a surprise worth a loud failure. */
function throwingHost(error: Error): Host {
  const fail = async () => {
    throw error;
  };
  return new Proxy(
    { kind: 'electron', setTitle() {}, setDirty() {}, onMenu: () => () => undefined } as unknown as Host,
    {
      get: (target, key) => (key in target ? target[key as keyof Host] : fail),
    },
  );
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('commands report their failures', () => {
  it('a command whose host call throws shows the message as an error notice', async () => {
    const deps = createServices(
      throwingHost(new HostError('invalid-args', 'confirmDiscard: documentName "a\\nb" contains control characters')),
      createEditorStore(),
    );
    deps.store.getState().addNode('Input', { x: 0, y: 0 }); // unsaved: New asks first, and that call throws
    runCommand('new', deps);
    await settle();
    expect(deps.store.getState().notice).toEqual({
      kind: 'error',
      text: 'New failed: confirmDiscard: documentName "a\\nb" contains control characters',
    });
  });

  it('menu commands too, and a synchronous throw as well', async () => {
    const deps = createServices(throwingHost(new Error('main went away')), createEditorStore());
    deps.store.getState().addNode('Input', { x: 0, y: 0 });
    runMenuEvent({ command: 'open' }, deps);
    await settle();
    expect(deps.store.getState().notice?.text).toBe('Open failed: main went away');

    const broken = createEditorStore();
    broken.setState({
      undo: () => {
        throw new Error('history is corrupt');
      },
    });
    runCommand('undo', { ...deps, store: broken });
    expect(broken.getState().notice).toEqual({ kind: 'error', text: 'Undo failed: history is corrupt' });
  });
});

describe('the runner is derived from the command table', () => {
  it('has one handler per command id, no more (a missing one does not compile)', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual([...COMMAND_IDS].sort());
    const { undo: _undo, ...withoutUndo } = HANDLERS;
    // @ts-expect-error: the table's 'undo' has no handler here
    const _incomplete = withoutUndo satisfies Record<CommandId, Handler>;
  });

  it('runs every menu command the desktop menu can send through the same handlers', () => {
    const deps = createServices(throwingHost(new Error('no host call expected')), createEditorStore());
    const s = () => deps.store.getState();
    s().addNode('Input', { x: 0, y: 0 });
    let exported = 0;
    deps.openers.openExport = () => exported++;
    expect(MENU_COMMAND_IDS).toContain('exportModel');
    runMenuEvent({ command: 'exportModel' }, deps);
    expect(exported).toBe(1);
    runMenuEvent({ command: 'undo' }, deps);
    expect(s().doc.nodes).toHaveLength(0);
    runMenuEvent({ command: 'redo' }, deps);
    expect(s().doc.nodes).toHaveLength(1);
    runCommand('selectAll', deps);
    expect(s().selectedNodes).toHaveLength(1);
    runCommand('escape', deps);
    expect(s().selectedNodes).toHaveLength(0);
  });
});
