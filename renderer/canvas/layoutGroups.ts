// The layout with groups: a collapsed group is laid out as one box, its members keeping their arrangement
// inside it, in the direction the user chose.
import type { GraphDoc } from '../../shared/graph';
import type { Direction } from './direction';
import { layoutView, positionsFromView } from './groupView';
import { layoutDoc, type Positions, type Size } from './layout';

export async function layoutWithGroups(
  doc: GraphDoc,
  sizeOf: (id: string) => Size,
  dir: Direction,
): Promise<Positions> {
  const view = layoutView(doc);
  const pos = await layoutDoc(view, sizeOf, dir);
  return view === doc ? pos : positionsFromView(doc, pos);
}
