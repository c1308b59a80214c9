import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, isAllowedNavigation, isPermissionAllowed, isTrustedSender, originOf } from './security';

const app = [APP_ORIGIN];

describe('security policy', () => {
  it('computes origins for custom schemes too', () => {
    expect(originOf('app://cnn/index.html?x#y')).toBe('app://cnn');
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173');
    expect(originOf('file:///etc/passwd')).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });

  it('allows navigation only within the app', () => {
    expect(isAllowedNavigation('app://cnn/index.html', app)).toBe(true);
    expect(isAllowedNavigation('app://cnn.evil/index.html', app)).toBe(false);
    expect(isAllowedNavigation('https://example.com/', app)).toBe(false);
    expect(isAllowedNavigation('file:///home/u/x.html', app)).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)', app)).toBe(false);
    expect(isAllowedNavigation('http://localhost:5173/', ['http://localhost:5173'])).toBe(true);
  });

  it('trusts only the top frame of the app', () => {
    expect(isTrustedSender({ url: 'app://cnn/index.html', parent: null }, app)).toBe(true);
    expect(isTrustedSender({ url: 'app://cnn/index.html', parent: { url: 'app://cnn/' } }, app)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null }, app)).toBe(false);
    expect(isTrustedSender(null, app)).toBe(false);
  });

  it('refuses every permission except clipboard writes from the app', () => {
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
      'fileSystem',
      'unknown',
    ]) {
      expect(isPermissionAllowed(p, 'app://cnn/index.html', app), p).toBe(false);
    }
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://cnn', app)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example', app)).toBe(false);
  });
});
