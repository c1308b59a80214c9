// The app's run history: every finished training run, kept with its run record (settings, per-epoch curves, test
// figures, the trained graph) and its trained weights. In the page the runs live in a store; a RunArchive keeps
// them across reloads (the browser: IndexedDB, runs/idbArchive.ts; weights keyed by their hash, bounded, with
// delete). The Runs tab (RunsPanel.tsx) lists, overlays, compares and restores them.
import { create } from 'zustand';
import type { RunRecord } from '../../shared/train/runRecord';
import { currentT } from '../i18n';
import type { WeightsBlob } from '../training/protocol';

/** Runs kept at most; adding one more drops the oldest (and its weights unless another run shares them). */
export const MAX_HISTORY = 30;

export interface HistoryRun {
  readonly id: string;
  readonly record: RunRecord;
  /** The trained weights in the training worker's order; null when they were not kept. */
  readonly weights: WeightsBlob | null;
}

/** Where runs outlive the page. Weights are stored once per hash (record.weights.hash). */
export interface RunArchive {
  load(): Promise<HistoryRun[]>;
  put(run: HistoryRun): Promise<void>;
  /** Removes the run; its weights go when no kept run shares them (`keepHashes`: the hashes still in use). */
  remove(id: string, keepHashes: ReadonlySet<string>): Promise<void>;
}

export interface HistoryState {
  runs: readonly HistoryRun[];
  /** The (at most two) runs picked for comparison, in the order picked. */
  picked: readonly string[];
  /** Set when the archive could not be read or written: the runs of this session are still listed. */
  problem: string | null;
  /** Archive writes still in flight (a put or delete not yet committed); the Runs list shows it. */
  saving: number;
}

const nextId = (runs: readonly HistoryRun[]) =>
  `run-${runs.reduce((m, r) => Math.max(m, Number(/^run-(\d+)$/.exec(r.id)?.[1] ?? 0)), 0) + 1}`;

export function createHistory(archive: RunArchive | null) {
  const useHistory = create<HistoryState>(() => ({ runs: [], picked: [], problem: null, saving: 0 }));
  const fail = (what: string) => (e: unknown) =>
    useHistory.setState({
      problem: currentT().t('ui.runs.failed', {
        what: currentT().t(`ui.runs.${what}`),
        error: e instanceof Error ? e.message : String(e),
      }),
    });
  /** Counts a write while it is in flight, so the list can say "saving" and tests know when it is on disk. */
  const track = (write: Promise<void>, what: string) => {
    useHistory.setState((st) => ({ saving: st.saving + 1 }));
    void write.catch(fail(what)).finally(() => useHistory.setState((st) => ({ saving: st.saving - 1 })));
  };
  const hashes = (runs: readonly HistoryRun[]) => new Set(runs.map((r) => r.record.weights.hash));

  const api = {
    useHistory,
    /** Reads the archive (once at start-up); runs added meanwhile stay. */
    async load(): Promise<void> {
      if (!archive) return;
      try {
        const stored = await archive.load();
        const have = new Set(useHistory.getState().runs.map((r) => r.id));
        useHistory.setState((s) => ({
          runs: [...stored.filter((r) => !have.has(r.id)), ...s.runs].slice(-MAX_HISTORY),
        }));
      } catch (e) {
        fail('readFailed')(e);
      }
    },
    /** Keeps a finished run; returns its id. */
    add(record: RunRecord, weights: WeightsBlob | null): string {
      const s = useHistory.getState();
      // The same run coming back (a project reopened): kept once.
      const same = s.runs.find(
        (r) => r.record.createdAt === record.createdAt && r.record.weights.hash === record.weights.hash,
      );
      if (same) return same.id;
      const run: HistoryRun = { id: nextId(s.runs), record, weights };
      const all = [...s.runs, run];
      const dropped = all.slice(0, Math.max(0, all.length - MAX_HISTORY));
      const runs = all.slice(dropped.length);
      useHistory.setState({ runs, picked: s.picked.filter((id) => runs.some((r) => r.id === id)) });
      if (archive) {
        track(archive.put(run), 'saveFailed');
        for (const d of dropped) track(archive.remove(d.id, hashes(runs)), 'removeOldFailed');
      }
      return run.id;
    },
    remove(id: string): void {
      const s = useHistory.getState();
      const runs = s.runs.filter((r) => r.id !== id);
      useHistory.setState({ runs, picked: s.picked.filter((p) => p !== id) });
      if (archive) track(archive.remove(id, hashes(runs)), 'deleteFailed');
    },
    /** Picks or unpicks a run for comparison; a third pick replaces the older of the two. */
    togglePick(id: string): void {
      const p = useHistory.getState().picked;
      useHistory.setState({ picked: p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2) });
    },
  };
  return api;
}

export type History = ReturnType<typeof createHistory>;
