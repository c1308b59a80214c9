import { describe, expect, it } from 'vitest';
import type { CnnHostApi, IpcResult, MenuEvent } from '../../shared/ipc/contract';
import { INVOKE_NAMES } from '../../shared/ipc/contract';
import { createElectronHost } from './electronHost';
import { HostError } from './host';

function fakeApi(results: Partial<Record<string, IpcResult<unknown>>> = {}) {
  const calls: unknown[][] = [];
  const api: Record<string, unknown> = { platform: 'linux' };
  for (const name of INVOKE_NAMES) {
    api[name] = async (...args: unknown[]) => {
      calls.push([name, ...args]);
      return results[name] ?? { ok: true, value: null };
    };
  }
  let menu: ((e: MenuEvent) => void) | null = null;
  api.onMenu = (cb: (e: MenuEvent) => void) => {
    menu = cb;
    return () => (menu = null);
  };
  return { api: api as unknown as CnnHostApi, calls, fire: (e: MenuEvent) => menu?.(e) };
}

describe('electron host', () => {
  it('maps the Host calls onto the contract', async () => {
    const { api, calls } = fakeApi();
    const host = createElectronHost(api);
    await host.saveProject('t', { saveAs: false });
    await host.saveProject('t', { saveAs: true, path: '/d/a.cnn.json' });
    await host.exportFiles('m', [{ name: 'model.json', bytes: new Uint8Array([1]) }]);
    await host.writeRecovery('draft');
    await host.writeRecovery('draft', '/d/a.cnn.json');
    await host.forgetRecent!('/d/bad.cnn.json');
    host.setTitle('a.cnn.json');
    host.setDirty(true);
    expect(calls).toEqual([
      ['saveProject', { text: 't', saveAs: false }],
      ['saveProject', { text: 't', saveAs: true, currentPath: '/d/a.cnn.json' }],
      ['exportFiles', { suggestedName: 'm', files: [{ name: 'model.json', bytes: new Uint8Array([1]) }] }],
      ['writeRecovery', 'draft'],
      ['writeRecovery', 'draft', '/d/a.cnn.json'],
      ['forgetRecent', '/d/bad.cnn.json'],
      ['setTitle', 'a.cnn.json'],
      ['setDirty', true],
    ]);
  });

  it('opens data sets through main and passes the bytes through', async () => {
    const folder = {
      kind: 'folder',
      name: 'pets',
      files: [{ className: 'cat', name: 'a.png', bytes: new Uint8Array([1, 2]) }],
    };
    const { api, calls } = fakeApi({ openDataset: { ok: true, value: folder } });
    const host = createElectronHost(api);
    expect(host.openDataset).toBeTypeOf('function');
    expect(await host.openDataset!('folder')).toEqual(folder);
    await host.openDataset!('folder', { limit: 50, seed: 3 }); // a folder's limit goes to main
    expect(calls).toEqual([
      ['openDataset', 'folder'],
      ['openDataset', 'folder', { limit: 50, seed: 3 }],
    ]);
    const refused = fakeApi({
      openDataset: { ok: false, error: { code: 'invalid-data', message: 'No labels file among the chosen files' } },
    });
    await expect(createElectronHost(refused.api).openDataset!('idx')).rejects.toMatchObject({
      name: 'HostError',
      code: 'invalid-data',
      message: 'No labels file among the chosen files',
    });
  });

  it('turns error results into HostErrors with the message from main', async () => {
    const { api } = fakeApi({
      openRecent: { ok: false, error: { code: 'not-found', message: 'Cannot open /a: the file does not exist' } },
    });
    const err = await createElectronHost(api)
      .openRecent('/a')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect(err).toMatchObject({ code: 'not-found', message: 'Cannot open /a: the file does not exist' });
  });

  it('logs failed fire-and-forget calls and passes menu events through', async () => {
    const { api, fire } = fakeApi({ setTitle: { ok: false, error: { code: 'invalid-args', message: 'bad' } } });
    const logged: string[] = [];
    const host = createElectronHost(api, (m) => logged.push(m));
    host.setTitle('x');
    await new Promise((r) => setTimeout(r, 0));
    expect(logged).toEqual(['setTitle: bad']);
    const got: MenuEvent[] = [];
    const off = host.onMenu((e) => got.push(e));
    fire({ command: 'undo' });
    off();
    fire({ command: 'redo' });
    expect(got).toEqual([{ command: 'undo' }]);
  });
});
