// Fit that keeps text readable: when the whole graph fits at a readable zoom, React Flow's own fit is used
// (null here); otherwise the view stays at a readable zoom and shows what fits from the Input (the top of a
// top-to-bottom layout, the left of a left-to-right one), centred across when it is narrower than the canvas.
// The rest is a scroll or drag away (and on the minimap).
import type { Direction } from './direction';

/** Below this zoom the 12 px node text is unreadable. */
export const READABLE_ZOOM = 0.5;
const MARGIN = 24;

type Box = { x: number; y: number; width: number; height: number };

export function readableViewport(
  boxes: readonly Box[],
  canvas: { width: number; height: number },
  dir: Direction,
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
  const across = dir === 'DOWN' ? canvas.width / (w * 1.1) : canvas.height / (h * 1.1);
  const zoom = Math.max(READABLE_ZOOM, Math.min(0.75, across));
  const centre = (size: number, lo: number, hi: number) =>
    (hi - lo) * zoom <= size - 2 * MARGIN ? size / 2 - ((lo + hi) / 2) * zoom : MARGIN - lo * zoom;
  return dir === 'DOWN'
    ? { x: centre(canvas.width, x0, x1), y: MARGIN - y0 * zoom, zoom }
    : { x: MARGIN - x0 * zoom, y: centre(canvas.height, y0, y1), zoom };
}
