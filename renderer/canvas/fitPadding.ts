// Fit padding that keeps the graph clear of what floats over the canvas's corners: the minimap (bottom right) and
// the zoom controls (bottom left). Each overlay is cleared either sideways (the graph stays beside it) or
// vertically (the graph stays above it); of those choices the one that leaves the largest zoom wins. React Flow's
// fitView takes the result as px paddings. Before, a fraction of the canvas was the padding and, in a narrow
// window, the minimap covered the bottom layers after Fit.

type Box = { x: number; y: number; width: number; height: number };
/** An overlay's box in canvas coordinates (px from the canvas's top-left corner). */
export type Overlay = { left: number; top: number; right: number; bottom: number };
export type Paddings = { top: number; right: number; bottom: number; left: number };

/** Room between the graph and the canvas edge or an overlay, px. */
const GAP = 12;

/** The graph's bounding box. */
export function boundsOf(boxes: readonly Box[]): { width: number; height: number } {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.width);
    y1 = Math.max(y1, b.y + b.height);
  }
  return { width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) };
}

/** The zoom fitView reaches with these paddings. */
export function zoomWith(
  p: Paddings,
  canvas: { width: number; height: number },
  graph: { width: number; height: number },
  maxZoom: number,
): number {
  return Math.min(
    maxZoom,
    (canvas.width - p.left - p.right) / graph.width,
    (canvas.height - p.top - p.bottom) / graph.height,
  );
}

export function fitPaddings(
  canvas: { width: number; height: number },
  graph: { width: number; height: number },
  overlays: readonly Overlay[],
  maxZoom = 1,
): Paddings {
  const base = Math.max(GAP, Math.round(0.05 * Math.min(canvas.width, canvas.height)));
  const shown = overlays.filter((o) => o.right > o.left && o.bottom > o.top);
  let best: Paddings = { top: base, right: base, bottom: base, left: base };
  let bestZoom = -Infinity;
  // Each overlay is cleared sideways (bit clear) or vertically (bit set): try every combination.
  for (let mask = 0; mask < 1 << shown.length; mask++) {
    const p = { top: base, right: base, bottom: base, left: base };
    shown.forEach((o, i) => {
      const onRight = o.left + o.right > canvas.width;
      const below = o.top + o.bottom > canvas.height;
      if (mask & (1 << i)) {
        if (below) p.bottom = Math.max(p.bottom, canvas.height - o.top + GAP);
        else p.top = Math.max(p.top, o.bottom + GAP);
      } else if (onRight) p.right = Math.max(p.right, canvas.width - o.left + GAP);
      else p.left = Math.max(p.left, o.right + GAP);
    });
    const z = zoomWith(p, canvas, graph, maxZoom);
    if (z > bestZoom + 1e-9) {
      best = p;
      bestZoom = z;
    }
  }
  return best;
}

/** The minimap's and the controls' boxes inside the canvas element `el`, in its coordinates. */
export function overlaysIn(el: Element): Overlay[] {
  const c = el.getBoundingClientRect();
  return [...el.querySelectorAll('.react-flow__minimap, .react-flow__controls')].map((o) => {
    const r = o.getBoundingClientRect();
    return { left: r.left - c.left, top: r.top - c.top, right: r.right - c.left, bottom: r.bottom - c.top };
  });
}

/** fitView's padding option (px strings) for a graph of `boxes` on the canvas element `el`. */
export function fitPaddingFor(el: Element, boxes: readonly Box[], maxZoom = 1) {
  const { width, height } = el.getBoundingClientRect();
  const p = fitPaddings({ width, height }, boundsOf(boxes), overlaysIn(el), maxZoom);
  const px = (n: number) => `${Math.round(n)}px` as const;
  return { top: px(p.top), right: px(p.right), bottom: px(p.bottom), left: px(p.left) };
}

/** Px to keep clear along each canvas edge for the overlays in the corners (for readableViewport's `clear`). */
export function clearInsets(el: Element): Paddings {
  const { width, height } = el.getBoundingClientRect();
  const p: Paddings = { top: 0, right: 0, bottom: 0, left: 0 };
  for (const o of overlaysIn(el)) {
    if (o.right <= o.left || o.bottom <= o.top) continue;
    if (o.left + o.right > width) p.right = Math.max(p.right, width - o.left + GAP);
    else p.left = Math.max(p.left, o.right + GAP);
    if (o.top + o.bottom > height) p.bottom = Math.max(p.bottom, height - o.top + GAP);
    else p.top = Math.max(p.top, o.bottom + GAP);
  }
  return p;
}

/**
 * The viewport that centres a node (box in flow coordinates) in the part of the canvas the overlays leave clear, at
 * `zoom` or less where the node would not fit there. Before, a node centred from the Summary table, the Problems
 * list or go-to-layer sat at the canvas's middle at the zoom it had: zoomed in, or in a narrow window, the minimap
 * (or the canvas's edges) cut it.
 */
export function centreClear(
  canvas: { width: number; height: number },
  node: Box,
  overlays: readonly Overlay[],
  zoom: number,
): { x: number; y: number; zoom: number } {
  const p = fitPaddings(canvas, { width: node.width, height: node.height }, overlays, zoom);
  const z = Math.max(0.05, Math.min(zoom, zoomWith(p, canvas, node, zoom)));
  const sx = (p.left + canvas.width - p.right) / 2;
  const sy = (p.top + canvas.height - p.bottom) / 2;
  return { x: sx - (node.x + node.width / 2) * z, y: sy - (node.y + node.height / 2) * z, zoom: z };
}
