// Attaches every handler to its channel: the sender is checked, the arguments are validated with the
// contract's validators, and the result (or error) goes back as an IpcResult. Knows nothing of
// Electron beyond the shape of ipcMain.handle, so tests drive it with a fake.
import type { InvokeName, IpcResult } from '../shared/ipc/contract';
import { CHANNELS, INVOKE_NAMES, validators } from '../shared/ipc/contract';
import type { HandlerDeps, handlers as allHandlers } from './handlers';
import { HostError } from './handlers';
import type { SenderFrame } from './security';

export interface IpcEventLike {
  senderFrame: SenderFrame | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void;
}

export interface RouterOptions {
  isTrustedSender(frame: SenderFrame | null): boolean;
  /** Unexpected errors (bugs) are logged here; the renderer only gets a short message. */
  log?(message: string, error: unknown): void;
}

export async function dispatch<K extends InvokeName>(
  name: K,
  event: IpcEventLike,
  rawArgs: readonly unknown[],
  table: typeof allHandlers,
  deps: HandlerDeps,
  options: RouterOptions,
): Promise<IpcResult<unknown>> {
  if (!options.isTrustedSender(event.senderFrame)) {
    return {
      ok: false,
      error: {
        code: 'forbidden-sender',
        message: `${name}: refused a call from ${event.senderFrame?.url ?? 'an unknown frame'}`,
      },
    };
  }
  const checked = validators[name](rawArgs);
  if (!checked.ok) return { ok: false, error: { code: 'invalid-args', message: checked.message } };
  try {
    const handler = table[name] as (args: unknown, deps: HandlerDeps) => Promise<unknown>;
    return { ok: true, value: await handler(checked.value, deps) };
  } catch (e) {
    if (e instanceof HostError) return { ok: false, error: { code: e.code, message: e.message } };
    options.log?.(`${name} failed`, e);
    return {
      ok: false,
      error: { code: 'internal', message: `${name} failed: ${e instanceof Error ? e.message : String(e)}` },
    };
  }
}

export function registerIpc(
  ipc: IpcMainLike,
  table: typeof allHandlers,
  deps: HandlerDeps,
  options: RouterOptions,
): void {
  for (const name of INVOKE_NAMES) {
    ipc.handle(CHANNELS[name], (event, ...args) => dispatch(name, event, args, table, deps, options));
  }
}
