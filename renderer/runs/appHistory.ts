// The app's one run history: filled from the training store (a run is kept when its record arrives) and kept in
// IndexedDB in the browser. Started once from main.tsx.
import { useTraining } from '../training/trainingStore';
import { createHistory } from './history';
import { idbArchive } from './idbArchive';

export const appHistory = createHistory(typeof indexedDB !== 'undefined' ? idbArchive() : null);

let started = false;
export function startRunHistory(): void {
  if (started) return;
  started = true;
  void appHistory.load();
  useTraining.subscribe((s, prev) => {
    if (!s.record || s.record === prev.record) return;
    // The weights arrive before the record; they are this run's when their count matches the record's.
    const w = s.weights && s.weights.shapes.length === s.record.weights.tensors ? s.weights : null;
    appHistory.add(s.record, w);
  });
}
