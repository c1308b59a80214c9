// Level of detail when zoomed far out. Below FAR_ZOOM the stats line of a face (10.5 px: under 4.2 px on screen)
// and the edge labels cannot be read; the canvas is marked (data-zoom-far on React Flow's wrapper) and styles.css
// skips their layout and paint (content-visibility), keeping the size their boxes last had. An edit upstream
// rewrites the shape text of every face and label below it: zoomed out over a big net, the frame after the edit
// then lays out and paints none of those texts (bench/ui.ts: "frame after edit"). The DOM text stays current (the
// faces write it as ever), and it is laid out again as soon as the zoom is readable.
import { useLayoutEffect } from 'react';
import { useStore } from '@xyflow/react';

/** Below this zoom the shape texts are not drawn (READABLE_ZOOM, 0.5, is where the 12 px titles stop being read). */
export const FAR_ZOOM = 0.4;

export function FarZoom(): null {
  const far = useStore((s) => s.transform[2] < FAR_ZOOM);
  const dom = useStore((s) => s.domNode);
  // An attribute, not a class: React Flow renders the wrapper's className, and would drop a class added here.
  useLayoutEffect(() => {
    if (!dom) return;
    if (far) dom.setAttribute('data-zoom-far', '');
    else dom.removeAttribute('data-zoom-far');
  }, [dom, far]);
  return null;
}
