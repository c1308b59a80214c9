import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_CSP } from '../shared/ipc/csp';
import { contentTypeFor, resolveAppFile, serveAppRequest } from './appProtocol';

const root = path.resolve('/opt/app/dist-web');
const origin = 'app://cnn';

describe('app:// protocol', () => {
  it('maps URLs to files under the web root', () => {
    expect(resolveAppFile('app://cnn/', root, origin)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile('app://cnn/assets/index-abc.js?v=1', root, origin)).toBe(
      path.join(root, 'assets', 'index-abc.js'),
    );
    expect(resolveAppFile('app://cnn/assets/my%20file.wasm', root, origin)).toBe(
      path.join(root, 'assets', 'my file.wasm'),
    );
  });

  it('refuses anything that would leave the web root or is not ours', () => {
    for (const url of [
      'app://cnn/../package.json',
      'app://cnn/%2e%2e/package.json',
      'app://cnn/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      'app://cnn/..%5c..%5cpackage.json',
      'app://cnn/%00',
      'app://cnn/%E0%A4%A',
      'app://other/index.html',
      'https://cnn/index.html',
    ]) {
      const file = resolveAppFile(url, root, origin);
      expect(file === null || file.startsWith(root + path.sep), url).toBe(true);
    }
    expect(resolveAppFile('app://other/index.html', root, origin)).toBeNull();
  });

  it('serves files with their type and the CSP, and 404s the rest', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cnn-web-'));
    try {
      await fs.writeFile(path.join(dir, 'index.html'), '<!doctype html>');
      await fs.writeFile(path.join(dir, 'b.wasm'), new Uint8Array([0, 97, 115, 109]));
      const options = { root: dir, origin, csp: APP_CSP, readFile: (f: string) => fs.readFile(f) };
      const page = await serveAppRequest('app://cnn/', options);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toBe(APP_CSP);
      // cross-origin isolated, so the CPU kernels' threads get SharedArrayBuffer
      expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(await page.text()).toBe('<!doctype html>');
      const wasm = await serveAppRequest('app://cnn/b.wasm', options);
      expect(wasm.headers.get('content-type')).toBe('application/wasm');
      expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
      expect((await serveAppRequest('app://cnn/missing.js', options)).status).toBe(404);
      expect((await serveAppRequest('app://cnn/../../etc/passwd', options)).status).toBe(404);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('knows the content types the renderer needs', () => {
    expect(contentTypeFor('a.mjs')).toContain('javascript');
    expect(contentTypeFor('a.WASM')).toBe('application/wasm');
    expect(contentTypeFor('weights.bin')).toBe('application/octet-stream');
  });
});
