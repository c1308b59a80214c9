// When the shape texts stop being drawn (FarZoom.tsx): 10.5 px text under 4.2 device px, whatever the screen.
import { describe, expect, it } from 'vitest';
import { FAR_ZOOM, isFar } from './FarZoom';

describe('far zoom', () => {
  it('hides the shape texts below 0.4 on a 1x screen', () => {
    expect(FAR_ZOOM).toBe(0.4);
    expect(isFar(0.39, 1)).toBe(true);
    expect(isFar(0.4, 1)).toBe(false);
    expect(isFar(0.75, 1)).toBe(false);
  });
  it('keeps them down to 0.2 where each px is 2 device px (retina, or 200% browser zoom)', () => {
    expect(isFar(0.3, 2)).toBe(false);
    expect(isFar(0.21, 2)).toBe(false);
    expect(isFar(0.19, 2)).toBe(true);
    expect(isFar(0.3, 1.5)).toBe(false);
    expect(isFar(0.26, 1.5)).toBe(true);
  });
  it('takes a missing ratio as 1', () => {
    expect(isFar(0.3, 0)).toBe(true);
    expect(isFar(0.5, 0)).toBe(false);
  });
});
