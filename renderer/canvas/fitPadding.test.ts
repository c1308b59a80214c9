import { describe, expect, it } from 'vitest';
import { boundsOf, centreClear, fitPaddings, zoomWith, type Overlay, type Paddings } from './fitPadding';
import { READABLE_ZOOM, readableViewport } from './readableFit';

/** Where fitView puts the graph with these paddings (centred in what the paddings leave), in canvas px. */
function placed(p: Paddings, canvas: { width: number; height: number }, graph: { width: number; height: number }) {
  const z = zoomWith(p, canvas, graph, 1);
  const w = graph.width * z,
    h = graph.height * z;
  const left = p.left + (canvas.width - p.left - p.right - w) / 2;
  const top = p.top + (canvas.height - p.top - p.bottom - h) / 2;
  return { left, top, right: left + w, bottom: top + h, zoom: z };
}
const meets = (a: Overlay, b: Overlay) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

// A narrow canvas (1024x640 with both side panels) with React Flow's minimap (bottom right) and controls (bottom left).
const canvas = { width: 400, height: 540 };
const minimap: Overlay = { left: 240, top: 426, right: 385, bottom: 525 };
const controls: Overlay = { left: 15, top: 430, right: 47, bottom: 525 };

describe('fitPaddings', () => {
  it('keeps a tall graph (LeNet-5 top to bottom) clear of the minimap and the controls', () => {
    const graph = boundsOf([
      { x: 0, y: 0, width: 200, height: 84 },
      { x: 0, y: 616, width: 200, height: 84 },
    ]);
    const p = fitPaddings(canvas, graph, [minimap, controls]);
    const box = placed(p, canvas, graph);
    expect(meets(box, minimap)).toBe(false);
    expect(meets(box, controls)).toBe(false);
    // The fraction padding used before let the bottom node run under the minimap.
    const old = Math.floor((canvas.height - canvas.height / 1.12) * 0.5);
    const before = placed({ top: old, right: old, bottom: old, left: old }, canvas, graph);
    expect(meets(before, minimap)).toBe(true);
  });

  it('keeps a wide graph (left to right) clear of them by staying above', () => {
    const graph = { width: 2400, height: 84 };
    const p = fitPaddings(canvas, graph, [minimap, controls]);
    const box = placed(p, canvas, graph);
    expect(meets(box, minimap)).toBe(false);
    expect(meets(box, controls)).toBe(false);
    // Above both costs nothing here (the width limits the zoom), so the graph keeps the full width.
    expect(p.left).toBe(p.right);
  });

  it('with nothing over the canvas, pads evenly and never zooms past the limit', () => {
    const p = fitPaddings(canvas, { width: 50, height: 50 }, []);
    expect(new Set([p.top, p.right, p.bottom, p.left]).size).toBe(1);
    expect(zoomWith(p, canvas, { width: 50, height: 50 }, 1)).toBe(1);
  });
});

describe('readableViewport with overlays to keep clear', () => {
  // A deep net top to bottom: 40 nodes in one column, too tall to fit readably; it runs past the bottom edge.
  const boxes = Array.from({ length: 40 }, (_, i) => ({ x: 0, y: i * 128, width: 200, height: 84 }));
  const clear = { left: controls.right + 12, right: canvas.width - minimap.left + 12, top: 0, bottom: 0 };

  it('puts the column between the controls and the minimap, still readable', () => {
    const v = readableViewport(boxes, canvas, 'DOWN', clear)!;
    expect(v.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    const left = v.x,
      right = v.x + 200 * v.zoom;
    expect(left).toBeGreaterThanOrEqual(controls.right);
    expect(right).toBeLessThanOrEqual(minimap.left);
    // Without the band, the column is centred on the canvas and runs under the minimap.
    const old = readableViewport(boxes, canvas, 'DOWN')!;
    expect(old.x + 200 * old.zoom).toBeGreaterThan(minimap.left);
  });
});

describe('centreClear', () => {
  const canvas = { width: 400, height: 560 };
  // The minimap in the bottom right corner and the zoom controls in the bottom left, as React Flow draws them.
  const minimap = { left: 253, top: 436, right: 385, bottom: 545 };
  const controls = { left: 15, top: 450, right: 45, bottom: 545 };
  const onScreen = (
    node: { x: number; y: number; width: number; height: number },
    v: { x: number; y: number; zoom: number },
  ) => ({
    left: v.x + node.x * v.zoom,
    top: v.y + node.y * v.zoom,
    right: v.x + (node.x + node.width) * v.zoom,
    bottom: v.y + (node.y + node.height) * v.zoom,
  });
  const meet = (a: { left: number; top: number; right: number; bottom: number }, b: typeof a) =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

  it('keeps the zoom asked for when the node fits clear of the overlays', () => {
    const node = { x: 1000, y: 2000, width: 180, height: 70 };
    const v = centreClear(canvas, node, [minimap, controls], 1);
    expect(v.zoom).toBe(1);
    const r = onScreen(node, v);
    expect(meet(r, minimap) || meet(r, controls)).toBe(false);
    expect(r.left).toBeGreaterThanOrEqual(0);
    expect(r.right).toBeLessThanOrEqual(canvas.width);
  });

  it('zooms out, rather than letting the minimap or the canvas edge cut a node that is too big at that zoom', () => {
    const node = { x: -300, y: 50, width: 260, height: 110 };
    const v = centreClear(canvas, node, [minimap, controls], 2.5);
    expect(v.zoom).toBeLessThan(2.5);
    const r = onScreen(node, v);
    expect(meet(r, minimap) || meet(r, controls)).toBe(false);
    expect(r.left).toBeGreaterThanOrEqual(0);
    expect(r.top).toBeGreaterThanOrEqual(0);
    expect(r.right).toBeLessThanOrEqual(canvas.width);
    expect(r.bottom).toBeLessThanOrEqual(canvas.height);
  });
});
