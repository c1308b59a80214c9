// Who may talk to main, where the window may go, what the page may ask for. Pure functions over URLs
// so they are tested without Electron; main.ts attaches them to the window and session events.

/** The app's own pages are served from this origin (see appProtocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'cnn';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * `scheme://host[:port]` of a URL, or null. (WHATWG `URL.origin` is "null" for custom schemes such
 * as app://, so it cannot be compared directly.)
 */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    if (!u.host) return null;
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

export function isAppUrl(url: string, allowedOrigins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && allowedOrigins.includes(origin);
}

/** The frame an IPC message came from, as Electron describes it (WebFrameMain). */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/** Only the window's own top-level page may call main: not an iframe, not a page it navigated to. */
export function isTrustedSender(frame: SenderFrame | null | undefined, allowedOrigins: readonly string[]): boolean {
  if (!frame) return false;
  if (frame.parent !== null && frame.parent !== undefined) return false;
  return isAppUrl(frame.url, allowedOrigins);
}

/** will-navigate: stay on the app (a reload or an in-app link); anything else is blocked. */
export function isAllowedNavigation(url: string, allowedOrigins: readonly string[]): boolean {
  return isAppUrl(url, allowedOrigins);
}

/**
 * Permission requests and checks. Everything is refused except writing to the clipboard from the
 * app's own page (copy/paste of nodes uses navigator.clipboard.writeText).
 */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string,
  allowedOrigins: readonly string[],
): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl, allowedOrigins);
}
