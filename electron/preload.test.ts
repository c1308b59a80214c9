// The preload exposes one object, window.cnnHost, and nothing else (checked with a stand-in electron).
import { expect, it, vi } from 'vitest';
import { INVOKE_NAMES } from '../shared/ipc/contract';

const exposed = vi.hoisted(() => [] as [string, Record<string, unknown>][]);
vi.mock('electron', () => {
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push([key, api]) },
    ipcRenderer: {
      invoke: async () => ({ ok: true, value: null }),
      on: () => undefined,
      removeListener: () => undefined,
    },
  };
  return { ...electron, default: electron };
});

it('exposes only cnnHost with the contract calls', async () => {
  await import('./preload');
  expect(exposed.map(([key]) => key)).toEqual(['cnnHost']);
  expect(Object.keys(exposed[0][1]).sort()).toEqual([...INVOKE_NAMES, 'onMenu', 'platform'].sort());
  expect(Object.values(exposed[0][1]).some((v) => v && typeof v === 'object')).toBe(false);
});
