// Texts written straight into the DOM, past React: the faces' stats and summaries (nodes/LayerNode.tsx) and the edge
// labels (ShapeEdge.tsx) follow the view model this way, since an edit upstream changes hundreds of them. React
// renders the current text whenever it renders the element, so the two never disagree.

/** Sets the value of an element's first text node (the one React renders for its leading string). */
export function setFirstText(el: HTMLElement | null, text: string): void {
  const t = el?.firstChild;
  if (t && t.nodeType === Node.TEXT_NODE && t.nodeValue !== text) t.nodeValue = text;
}

/**
 * Sets an element's only text, as React does for a string child (the text node's value when there is one; React
 * renders an empty string as no text node at all). `changed`: the text is known to differ from the one shown, so
 * the DOM is not read to compare.
 */
export function setText(el: HTMLElement | null, text: string, changed = false): void {
  if (!el) return;
  const t = el.firstChild;
  if (t && t === el.lastChild && t.nodeType === Node.TEXT_NODE) {
    if (changed || t.nodeValue !== text) t.nodeValue = text;
  } else if (el.textContent !== text) el.textContent = text;
}
