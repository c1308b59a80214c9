import { describe, expect, it } from 'vitest';
import { parseThemePref, resolveTheme } from './theme';

describe('theme', () => {
  it('reads a stored choice, falling back to the system setting', () => {
    expect(parseThemePref('dark')).toBe('dark');
    expect(parseThemePref('light')).toBe('light');
    expect(parseThemePref('system')).toBe('system');
    for (const bad of [null, undefined, '', 'Dark', 'blue', 1]) expect(parseThemePref(bad)).toBe('system');
  });
  it('follows the system only when asked to', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});
