// The object the preload exposes as window.cnnHost: one function per contract call plus onMenu.
// Built from a minimal ipcRenderer shape so tests can check that nothing else leaks (no ipcRenderer,
// no event objects, no arbitrary channels).
import type { CnnHostApi, MenuEvent } from '../shared/ipc/contract';
import { CHANNELS, INVOKE_NAMES, isMenuEvent, MENU_CHANNEL } from '../shared/ipc/contract';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createPreloadApi(ipc: IpcRendererLike, platform: string): CnnHostApi {
  const api: Record<string, unknown> = {};
  for (const name of INVOKE_NAMES) {
    const channel = CHANNELS[name];
    api[name] = (...args: unknown[]) => ipc.invoke(channel, ...args);
  }
  api.onMenu = (callback: (event: MenuEvent) => void): (() => void) => {
    if (typeof callback !== 'function') throw new TypeError('cnnHost.onMenu needs a function');
    const listener = (_event: unknown, payload: unknown) => {
      if (isMenuEvent(payload)) callback(payload);
    };
    ipc.on(MENU_CHANNEL, listener);
    return () => {
      ipc.removeListener(MENU_CHANNEL, listener);
    };
  };
  api.platform = platform;
  return Object.freeze(api) as unknown as CnnHostApi;
}
