// Which way the canvas lays a network out: top to bottom (the default) or left to right. A preference of the
// user, not of the document: remembered in the browser's storage and read by the layout, the node handles
// and Fit.
import { create } from 'zustand';
import type { Translator } from '../../shared/i18n';
import { currentT } from '../i18n';

export type Direction = 'DOWN' | 'RIGHT';
const KEY = 'cnn-designer.layoutDirection';

function stored(): Direction {
  try {
    return globalThis.localStorage?.getItem(KEY) === 'RIGHT' ? 'RIGHT' : 'DOWN';
  } catch {
    return 'DOWN';
  }
}

export const useDirection = create<{ dir: Direction; set(dir: Direction): void }>()((set) => ({
  dir: stored(),
  set(dir) {
    try {
      globalThis.localStorage?.setItem(KEY, dir);
    } catch {
      /* storage unavailable (private window): the choice lasts this session */
    }
    set({ dir });
  },
}));

/** How the direction reads in the user's language ("left to right" / "top to bottom"). */
export const directionLabel = (d: Direction, tr: Translator = currentT()) =>
  tr.t(d === 'RIGHT' ? 'ui.shell.dirRight' : 'ui.shell.dirDown');
