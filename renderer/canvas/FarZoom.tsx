// Level of detail when zoomed far out. Below FAR_ZOOM the stats line of a face (10.5 px: under 4.2 device px)
// and the edge labels cannot be read; the canvas is marked (data-zoom-far on React Flow's wrapper) and styles.css
// skips their layout and paint (content-visibility), keeping the size their boxes last had. An edit upstream
// rewrites the shape text of every face and label below it: zoomed out over a big net, the frame after the edit
// then lays out and paints none of those texts (bench/ui.ts: "frame after edit"). The DOM text stays current (the
// faces write it as ever), and it is laid out again as soon as the zoom is readable.
import { useLayoutEffect } from 'react';
import { useStore } from '@xyflow/react';

/**
 * Below this zoom times the device pixel ratio the shape texts are not drawn: 10.5 px text under 4.2 device px. On a
 * screen of 2 device px per px (or at 200% browser zoom) that is below zoom 0.2. (READABLE_ZOOM, 0.5, is where the
 * 12 px titles stop being easy to read at 1 device px per px.)
 */
export const FAR_ZOOM = 0.4;

/** Whether the canvas at `zoom` is too far out for the shape texts, on a screen of `dpr` device px per px. */
export const isFar = (zoom: number, dpr: number): boolean => zoom * (dpr || 1) < FAR_ZOOM;

export function FarZoom(): null {
  // The ratio is read whenever the view changes (a browser zoom alone takes effect at the next pan or zoom).
  const far = useStore((s) => isFar(s.transform[2], window.devicePixelRatio));
  const dom = useStore((s) => s.domNode);
  // An attribute, not a class: React Flow renders the wrapper's className, and would drop a class added here.
  useLayoutEffect(() => {
    if (!dom) return;
    if (far) dom.setAttribute('data-zoom-far', '');
    else dom.removeAttribute('data-zoom-far');
  }, [dom, far]);
  return null;
}
