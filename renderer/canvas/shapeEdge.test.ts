import { describe, expect, it } from 'vitest';
import type { InternalNode } from '@xyflow/react';
import { roundedPath } from './layout';
import { LONG_EDGE, crossesNodes, detourRoute } from './ShapeEdge';

/** A React Flow internal node with only what crossesNodes reads: its box. */
const box = (x: number, y: number, width = 200, height = 84) =>
  ({ internals: { positionAbsolute: { x, y } }, measured: { width, height } }) as unknown as InternalNode;

// A column as a file saved it: nodes 200 x 84 at x 0, 130 px apart; handles at the middle of the bottom/top edges.
const column = new Map([
  ['input', box(0, 0)],
  ['c1', box(0, 130)],
  ['c2', box(0, 260)],
  ['add', box(0, 390)],
]);

describe('a long edge without a layout route (a skip edge before auto-layout)', () => {
  it('is drawn straight when short, and detours beside the column when long', () => {
    expect(detourRoute(100, 84, 100, 130, true)).toBeNull();
    expect(detourRoute(100, 84, 100, 84 + LONG_EDGE, true)).toBeNull();
    const r = detourRoute(100, 84, 133, 390, true)!;
    // Out of the source, aside past the nodes' right edges (x 200) with room for the label, and back in.
    expect(r[0]).toEqual({ x: 100, y: 84 });
    expect(r[r.length - 1]).toEqual({ x: 133, y: 390 });
    const side = r[2].x;
    expect(side).toBeGreaterThan(200 + 45);
    // The label sits on the run beside the column, clear of the nodes (label up to ~90 px wide).
    const { labelX, labelY } = roundedPath(r, 100, 84, 133, 390);
    expect(labelX).toBe(side);
    expect(labelY).toBeGreaterThan(130);
    expect(labelY).toBeLessThan(390);
    expect(labelX - 45).toBeGreaterThan(200);
  });

  it('goes left when its target is on the left, and below when laid out left to right', () => {
    const left = detourRoute(100, 84, 40, 390, true)!;
    expect(left[2].x).toBeLessThan(0 - 45);
    const lr = detourRoute(200, 42, 700, 42, false)!;
    expect(lr[2].y).toBeGreaterThan(84);
    expect(lr[2].x).toBeGreaterThan(200);
  });

  it('detours only when a node other than its ends lies in its way', () => {
    expect(crossesNodes(column, 'input', 'add', 100, 84, 133, 390, true)).toBe(true);
    const clear = new Map([...column].filter(([id]) => id === 'input' || id === 'add'));
    expect(crossesNodes(clear, 'input', 'add', 100, 84, 133, 390, true)).toBe(false);
    // A node off to the side of the straight way is not in it.
    const aside = new Map([...clear, ['far', box(400, 200)]]);
    expect(crossesNodes(aside, 'input', 'add', 100, 84, 133, 390, true)).toBe(false);
  });
});
