// Serves the built renderer (dist-web/) under app://cnn/. A custom standard scheme gives the page a
// real origin, so 'self' in the CSP, module scripts, workers and fetch() of wasm files all behave as
// on the web, and no file:// privileges are needed.
import * as path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  // instantiateStreaming refuses wasm served with any other type.
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` that `url` names, or null when the URL is not ours or would escape `root`
 * (`..`, encoded separators, absolute paths). `/` serves index.html.
 */
export function resolveAppFile(url: string, root: string, origin: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (`${u.protocol}//${u.host}` !== origin) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  if (rel === '' || rel === '/') rel = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, '.' + path.posix.normalize(rel));
  if (file !== base && !file.startsWith(base + path.sep)) return null;
  return file;
}

export interface ServeOptions {
  root: string;
  origin: string;
  csp: string;
  readFile(file: string): Promise<Uint8Array>;
}

/** The protocol handler's body: a Response for any request (404 for anything not found or refused). */
export async function serveAppRequest(url: string, options: ServeOptions): Promise<Response> {
  const file = resolveAppFile(url, options.root, options.origin);
  const headers = {
    'Content-Security-Policy': options.csp,
    'X-Content-Type-Options': 'nosniff',
    // COOP + COEP make the page cross-origin isolated: SharedArrayBuffer exists, so the fast CPU kernels can
    // run on several threads (shared/kernels/threads.ts). Everything the app loads is its own.
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  };
  if (!file) return new Response('Not found', { status: 404, headers: { ...headers, 'Content-Type': 'text/plain' } });
  try {
    const body = await options.readFile(file);
    return new Response(body as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: { ...headers, 'Content-Type': contentTypeFor(file) },
    });
  } catch {
    return new Response('Not found', { status: 404, headers: { ...headers, 'Content-Type': 'text/plain' } });
  }
}
