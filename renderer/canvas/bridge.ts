// The few things commands outside the canvas (palette, top bar, shortcuts) ask of it. The canvas
// registers itself with its app's bridge (renderer/services) while mounted; without a canvas (unit tests)
// commands fall back to defaults.
import type { Size } from './layout';

export interface CanvasApi {
  /** Zoom and pan so every node is visible. */
  fit(): void;
  /** Zoom in (factor > 1) or out around the centre of the view. */
  zoomBy(factor: number): void;
  /** Fit, or for a deep net show its top at a readable zoom. */
  fitReadable(): void;
  /** The flow coordinates at the centre of the visible canvas. */
  viewCentre(): { x: number; y: number };
  /** A node's measured size (or the default box). */
  sizeOf(id: string): Size;
  /** Run the ELK layout on the whole graph as one undoable edit. */
  layout(): Promise<void>;
  /** Lay out the other way (top to bottom / left to right), remembered. */
  toggleDirection(): void;
  /** Open the "Go to layer" search. */
  goToLayer(): void;
}

/** The canvas's handle for commands, and the "keep positions on the next load" flag: one per app (services). */
export interface CanvasBridge {
  /** The mounted canvas, or null (unit tests, or before it mounts). */
  api(): CanvasApi | null;
  /** The canvas registers itself while mounted (null on unmount). */
  setApi(api: CanvasApi | null): void;
  /** The next load keeps its positions (a restored draft is laid out as the user left it). */
  skipNextLoadLayout(): void;
  /** Read and reset the flag (the canvas calls this once per load). */
  takeSkipLayout(): boolean;
}

export function createCanvasBridge(): CanvasBridge {
  let current: CanvasApi | null = null;
  let skipLayout = false;
  return {
    api: () => current,
    setApi: (api) => {
      current = api;
    },
    skipNextLoadLayout: () => {
      skipLayout = true;
    },
    takeSkipLayout: () => {
      const s = skipLayout;
      skipLayout = false;
      return s;
    },
  };
}
