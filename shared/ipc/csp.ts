// The Content-Security-Policy of the app page. Main sends it as a response header for every page it
// serves; the built index.html carries the same string in a <meta> (see APP_CSP_META).
// No remote origins anywhere: the app works offline and must not be able to load code from elsewhere.

const directives: Record<string, string[]> = {
  'default-src': ["'none'"],
  // 'wasm-unsafe-eval' lets tfjs compile its WebAssembly backend; no 'unsafe-eval', no inline scripts.
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  // tfjs and the training worker may start workers from the app's own files or from blob: URLs.
  'worker-src': ["'self'", 'blob:'],
  // Inline style attributes (React Flow positions, charts) are data, not code.
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  // Model weights, wasm binaries and data sets come from the app itself (or blob: URLs it made).
  'connect-src': ["'self'", 'blob:', 'data:'],
  'media-src': ["'none'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

function render(d: Record<string, string[]>): string {
  return Object.entries(d)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

/** The production policy, as a header value. */
export const APP_CSP = render(directives);

/** The same policy for a <meta http-equiv> tag: browsers ignore frame-ancestors there, so it is left out. */
export const APP_CSP_META = render(
  Object.fromEntries(Object.entries(directives).filter(([k]) => k !== 'frame-ancestors')),
);

/**
 * The policy while developing against the Vite dev server (`origin`, e.g. http://localhost:5173):
 * Vite's React refresh preamble is an inline script and HMR uses a WebSocket to the same host.
 */
export function devCsp(origin: string): string {
  const ws = origin.replace(/^http/, 'ws');
  return render({
    ...directives,
    'script-src': ["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'", origin],
    'connect-src': ["'self'", 'blob:', 'data:', origin, ws],
  });
}
