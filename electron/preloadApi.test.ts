import { describe, expect, it } from 'vitest';
import type { MenuEvent } from '../shared/ipc/contract';
import { CHANNELS, INVOKE_NAMES, MENU_CHANNEL } from '../shared/ipc/contract';
import { choiceForButton, overwriteBox, unsavedChangesBox } from './dialogOptions';
import type { IpcRendererLike } from './preloadApi';
import { createPreloadApi } from './preloadApi';

function fakeIpcRenderer() {
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      invoked.push([channel, ...args]);
      return { ok: true, value: null };
    },
    on: (channel, l) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
  };
  const emit = (channel: string, payload: unknown) =>
    listeners.get(channel)?.forEach((l) => l({ sender: 'secret ipc event' }, payload));
  return { ipc, invoked, listeners, emit };
}

describe('preload API', () => {
  it('exposes exactly the contract calls, onMenu and platform', () => {
    const api = createPreloadApi(fakeIpcRenderer().ipc, 'linux');
    expect(Object.keys(api).sort()).toEqual([...INVOKE_NAMES, 'onMenu', 'platform'].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('forwards each call to its channel', async () => {
    const { ipc, invoked } = fakeIpcRenderer();
    const api = createPreloadApi(ipc, 'linux');
    await api.saveProject({ text: 't', saveAs: true });
    await api.setDirty(true);
    await api.openDataset('folder');
    expect(invoked).toEqual([
      [CHANNELS.saveProject, { text: 't', saveAs: true }],
      [CHANNELS.setDirty, true],
      [CHANNELS.openDataset, 'folder'],
    ]);
  });

  it('delivers only valid menu events, never the IPC event, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpcRenderer();
    const api = createPreloadApi(ipc, 'linux');
    const got: unknown[][] = [];
    const off = api.onMenu((...args: unknown[]) => got.push(args as [MenuEvent]));
    emit(MENU_CHANNEL, { command: 'undo' });
    emit(MENU_CHANNEL, { command: 'rm -rf' });
    expect(got).toEqual([[{ command: 'undo' }]]);
    off();
    expect(listeners.get(MENU_CHANNEL)?.size).toBe(0);
    emit(MENU_CHANNEL, { command: 'redo' });
    expect(got).toHaveLength(1);
  });
});

describe('dialog wording', () => {
  it('maps buttons to choices, Escape to cancel', () => {
    const box = unsavedChangesBox('net.cnn.json');
    expect(box.message).toBe('Save changes to net.cnn.json?');
    expect(box.buttons.map((_, i) => choiceForButton(i))).toEqual(['save', 'discard', 'cancel']);
    expect(choiceForButton(box.cancelId)).toBe('cancel');
    expect(choiceForButton(-1)).toBe('cancel');
    expect(overwriteBox('/out', ['model.json']).message).toBe('Replace model.json?');
    expect(overwriteBox('/out', ['a', 'b', 'c', 'd', 'e', 'f', 'g']).detail).toBe(
      'a, b, c, d, e and 2 more already exist in /out.',
    );
  });
});
