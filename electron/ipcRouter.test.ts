import { describe, expect, it } from 'vitest';
import { CHANNELS, INVOKE_NAMES } from '../shared/ipc/contract';
import { handlers } from './handlers';
import type { IpcEventLike, IpcMainLike } from './ipcRouter';
import { registerIpc } from './ipcRouter';
import { APP_ORIGIN, isTrustedSender } from './security';
import { fakeDeps, MemFs } from './testFakes';

function fakeIpcMain() {
  const table = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>();
  const ipc: IpcMainLike = { handle: (channel, listener) => void table.set(channel, listener) };
  const call = (channel: string, event: IpcEventLike, ...args: unknown[]) => table.get(channel)!(event, ...args);
  return { ipc, table, call };
}

const fromApp: IpcEventLike = { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } };

function setup() {
  const { ipc, table, call } = fakeIpcMain();
  const fs = new MemFs({ '/secret.txt': 'secret' });
  const { deps, dialog, window } = fakeDeps(fs);
  const logged: string[] = [];
  registerIpc(ipc, handlers, deps, {
    isTrustedSender: (f) => isTrustedSender(f, [APP_ORIGIN]),
    log: (m) => logged.push(m),
  });
  return { table, call, deps, dialog, window, logged };
}

describe('registerIpc', () => {
  it('handles every channel of the contract', () => {
    const { table } = setup();
    expect([...table.keys()].sort()).toEqual(INVOKE_NAMES.map((n) => CHANNELS[n]).sort());
  });

  it('passes validated arguments through and wraps the result', async () => {
    const { call, window } = setup();
    expect(await call(CHANNELS.setTitle, fromApp, 'net.cnn.json')).toEqual({ ok: true, value: undefined });
    expect(window.title).toBe('net.cnn.json \u2014 CNN Designer');
  });

  it('refuses invalid arguments before any handler runs', async () => {
    const { call, window } = setup();
    expect(await call(CHANNELS.setTitle, fromApp, 42)).toEqual({
      ok: false,
      error: { code: 'invalid-args', message: 'setTitle: documentName must be a string, got number 42' },
    });
    expect(await call(CHANNELS.setDirty, fromApp, true, 'extra')).toMatchObject({
      ok: false,
      error: { code: 'invalid-args' },
    });
    expect(window.title).toBe('');
  });

  it('refuses calls from other origins, iframes and unknown frames', async () => {
    const { call, dialog } = setup();
    const others: IpcEventLike[] = [
      { senderFrame: { url: 'https://evil.example/x', parent: null } },
      { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: {} } },
      { senderFrame: { url: 'file:///etc/passwd', parent: null } },
      { senderFrame: null },
    ];
    for (const event of others) {
      expect(await call(CHANNELS.openProject, event)).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    }
    expect(dialog.asked).toEqual([]);
  });

  it('returns handler errors as data with their code and message', async () => {
    const { call } = setup();
    expect(await call(CHANNELS.openRecent, fromApp, '/secret.txt')).toEqual({
      ok: false,
      error: { code: 'not-granted', message: 'Cannot open "/secret.txt": it is not in the recent files list' },
    });
  });

  it('validates forgetRecent: a path of the wrong type is refused before the handler runs', async () => {
    const { call } = setup();
    expect(await call(CHANNELS.forgetRecent, fromApp, 7)).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
    expect(await call(CHANNELS.forgetRecent, fromApp, '/d/x.cnn.json')).toEqual({ ok: true, value: undefined });
  });

  it('reports unexpected failures as internal and logs them', async () => {
    const { call, dialog, logged } = setup();
    dialog.chooseProjectToOpen = async () => {
      throw new Error('dialog exploded');
    };
    expect(await call(CHANNELS.openProject, fromApp)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'openProject failed: dialog exploded' },
    });
    expect(logged).toEqual(['openProject failed']);
  });
});
