// Drag-and-drop payload types from the palette to the canvas.
export const MIME_LAYER = 'application/x-cnn-layer';
export const MIME_SNIPPET = 'application/x-cnn-snippet';
