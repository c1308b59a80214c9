// The few things commands outside the canvas (palette, top bar, shortcuts) ask of it. The canvas
// registers itself while mounted; without a canvas (unit tests) commands fall back to defaults.
import type { Size } from './layout';

export interface CanvasApi {
  /** Zoom and pan so every node is visible. */
  fit(): void;
  /** Fit, or for a deep net show its top at a readable zoom. */
  fitReadable(): void;
  /** The flow coordinates at the centre of the visible canvas. */
  viewCentre(): { x: number; y: number };
  /** A node's measured size (or the default box). */
  sizeOf(id: string): Size;
  /** Run the ELK layout on the whole graph as one undoable edit. */
  layout(): Promise<void>;
}

let current: CanvasApi | null = null;

export function setCanvasApi(api: CanvasApi | null): void {
  current = api;
}

export function canvasApi(): CanvasApi | null {
  return current;
}

let skipLayout = false;

/** The next load keeps its positions (a restored draft is laid out as the user left it). */
export function skipNextLoadLayout(): void {
  skipLayout = true;
}

/** Read and reset the flag (the canvas calls this once per load). */
export function takeSkipLayout(): boolean {
  const s = skipLayout;
  skipLayout = false;
  return s;
}
