import { describe, expect, it, vi } from 'vitest';
import { formatCount } from './format';

describe('formatCount', () => {
  it('writes what toLocaleString("en-US") writes', () => {
    const xs = [0, -0, 1, -1, 12, 999, 1000, -1000, 61_706, 11_689_512, 25_557_032, 1_234_567_890];
    xs.push(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21, 0.5, 1234.5678, NaN, Infinity);
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 2000; i++) xs.push(Math.floor((rand() - 0.5) * 10 ** (rand() * 16)));
    for (const x of xs) expect(formatCount(x), String(x)).toBe(x.toLocaleString('en-US'));
  });

  it('groups whole numbers without building a number formatter (a 1,000-row summary formats thousands per edit)', () => {
    const locale = vi.spyOn(Number.prototype, 'toLocaleString');
    const intl = vi.spyOn(Intl, 'NumberFormat');
    expect(formatCount(25_557_032)).toBe('25,557,032');
    expect(locale).not.toHaveBeenCalled();
    expect(intl).not.toHaveBeenCalled();
    locale.mockRestore();
    intl.mockRestore();
  });
});
