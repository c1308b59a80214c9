// Derived data: the engine's analysis of the current document, memoised on document identity
// and computed incrementally from the previous one. Never stored in the store.
import { useMemo } from 'react';
import { analyse, type Analysis, type GraphDoc } from '../../shared/graph';
import { useEditor } from './store';

let last: Analysis | undefined;

/** Analysis of `doc` (cached: the same doc returns the same object). */
export function analysisOf(doc: GraphDoc): Analysis {
  if (last && last.doc === doc) return last;
  last = analyse(doc, last);
  return last;
}

/** Subscribe to the analysis of the current document. */
export function useAnalysis(): Analysis {
  const doc = useEditor((s) => s.doc);
  return useMemo(() => analysisOf(doc), [doc]);
}
