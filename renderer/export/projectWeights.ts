// Projects saved with their trained weights, for the file commands: the text to save (weights
// included when the graph has been trained) and, on open, the weights in the training worker's order.
import type * as tfjs from '@tensorflow/tfjs';
import { serializeProject, type GraphDoc } from '../../shared/graph';
import { parseProjectWithWeights, serializeProjectWithWeights } from '../../shared/export';
import { namedWeights, type WeightsBlob } from './exportRun';
import { weightsBlobFor } from './importModel';
import { currentT, errorSays } from '../i18n';

/** Project text; with `blob` (the trained weights of this doc) they are embedded. */
export function projectText(tf: typeof tfjs, doc: GraphDoc, blob: WeightsBlob | null): string {
  if (!blob) return serializeProject(doc);
  return serializeProjectWithWeights(doc, namedWeights(tf, doc, blob, 1));
}

export type OpenedWithWeights =
  | {
      readonly ok: true;
      readonly doc: GraphDoc;
      readonly weights: WeightsBlob | null;
      readonly warnings: readonly string[];
    }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Parses a project; its saved weights (if any) come back ready for training to continue. */
export function openWithWeights(tf: typeof tfjs, text: string): OpenedWithWeights {
  const r = parseProjectWithWeights(text);
  if (!r.ok) return r;
  if (!r.weights) return { ok: true, doc: r.doc, weights: null, warnings: r.warnings };
  try {
    return { ok: true, doc: r.doc, weights: weightsBlobFor(tf, r.doc, r.weights), warnings: r.warnings };
  } catch (e) {
    return {
      ok: true,
      doc: r.doc,
      weights: null,
      warnings: [...r.warnings, currentT().t('errors3.weightsLeftOut', { error: errorSays(e) })],
    };
  }
}
