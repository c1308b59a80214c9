// The first tab stop of the window: a link, shown when focused, that takes keyboard focus straight to the
// canvas (the selected node, else the Input, else the first node, else the canvas itself) past the top bar
// and the palette.
import type { MouseEvent } from 'react';
import { useServices } from '../services';
import { focusNode } from './useCanvasKeys';
import { useT } from '../i18n';

export function SkipLink() {
  const { store } = useServices();
  const tr = useT();
  const go = (e: MouseEvent) => {
    e.preventDefault();
    const st = store.getState();
    const pick = st.selectedNodes[0] ?? st.doc.nodes.find((n) => n.type === 'Input')?.id ?? st.doc.nodes[0]?.id ?? null;
    if (pick && focusNode(pick)) {
      st.select([pick]);
      return;
    }
    document.getElementById('canvas')?.focus();
  };
  return (
    <a href="#canvas" className="skip-to-canvas" data-testid="skip-to-canvas" onClick={go}>
      {tr.t('ui.canvas.skipToCanvas')}
    </a>
  );
}
