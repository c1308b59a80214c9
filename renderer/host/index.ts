// The one place that decides which Host the UI talks to.
import { createBrowserHost } from './browserHost';
import { createElectronHost } from './electronHost';
import type { Host } from './host';

export type { Host, SaveOptions } from './host';
export { HostError } from './host';

let current: Host | undefined;

/** The desktop host when the preload exposed window.cnnHost, the browser host otherwise. */
export function getHost(): Host {
  current ??=
    typeof window !== 'undefined' && window.cnnHost ? createElectronHost(window.cnnHost) : createBrowserHost();
  return current;
}

/** Tests and stories can substitute a fake host. */
export function setHost(host: Host | undefined): void {
  current = host;
}
