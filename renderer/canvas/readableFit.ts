// Fit that keeps text readable: when the whole graph fits at a readable zoom, React Flow's own fit is used
// (null here); otherwise the view stays at a readable zoom and shows what fits from the Input (the top of a
// top-to-bottom layout, the left of a left-to-right one), centred across when it is narrower than the canvas.
// The rest is a scroll or drag away (and on the minimap).
import type { Direction } from './direction';

/** Below this zoom the 12 px node text is unreadable. */
export const READABLE_ZOOM = 0.5;
const MARGIN = 24;

type Box = { x: number; y: number; width: number; height: number };

/**
 * `clear`: px along each edge to keep free across the flow where possible (the minimap and the zoom controls float
 * over the bottom corners): the graph is sized and centred in the band between them when it fits there.
 */
export function readableViewport(
  boxes: readonly Box[],
  canvas: { width: number; height: number },
  dir: Direction,
  clear: { left: number; right: number; top: number; bottom: number } = { left: 0, right: 0, top: 0, bottom: 0 },
): { x: number; y: number; zoom: number } | null {
  if (!boxes.length || canvas.width <= 0 || canvas.height <= 0) return null;
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
  const w = Math.max(1, x1 - x0),
    h = Math.max(1, y1 - y0);
  if (Math.min(canvas.width / (w * 1.15), canvas.height / (h * 1.15)) >= READABLE_ZOOM) return null;
  // The band across the flow that the overlays leave free (the whole canvas when that band is too thin to use).
  const [size, a, b] =
    dir === 'DOWN' ? [canvas.width, clear.left, clear.right] : [canvas.height, clear.top, clear.bottom];
  const bandStart = Math.max(MARGIN, a),
    bandEnd = size - Math.max(MARGIN, b);
  const wide = dir === 'DOWN' ? w : h;
  const inBand = (bandEnd - bandStart) / wide >= READABLE_ZOOM;
  const across = inBand ? (bandEnd - bandStart) / wide : size / (wide * 1.1);
  const zoom = Math.max(READABLE_ZOOM, Math.min(0.75, across));
  const centre = (lo: number, hi: number) =>
    inBand
      ? (bandStart + bandEnd) / 2 - ((lo + hi) / 2) * zoom
      : (hi - lo) * zoom <= size - 2 * MARGIN
        ? size / 2 - ((lo + hi) / 2) * zoom
        : MARGIN - lo * zoom;
  return dir === 'DOWN'
    ? { x: centre(x0, x1), y: MARGIN - y0 * zoom, zoom }
    : { x: MARGIN - x0 * zoom, y: centre(y0, y1), zoom };
}
