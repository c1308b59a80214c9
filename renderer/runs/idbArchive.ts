// The browser's run archive: IndexedDB database "cnn-designer-runs" with two stores, "runs" (id -> the run
// record and its weights' hash) and "weights" (hash -> the weights, shapes and float32 arrays). Weights are
// stored once per hash and deleted with the last run that uses them. Bounded by MAX_HISTORY (history.ts).
import { loadRunRecord } from '../../shared/train/runRecord';
import type { WeightsBlob } from '../training/protocol';
import type { HistoryRun, RunArchive } from './history';

const DB = 'cnn-designer-runs';
const RUNS = 'runs';
const WEIGHTS = 'weights';

interface RunRow {
  readonly id: string;
  readonly seq: number;
  /** The record as JSON text: validated again on load (a newer version is refused, not misread). */
  readonly record: string;
  readonly weightsHash: string | null;
}

const done = <T>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
const committed = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });

function open(idb: IDBFactory): Promise<IDBDatabase> {
  const req = idb.open(DB, 1);
  req.onupgradeneeded = () => {
    req.result.createObjectStore(RUNS, { keyPath: 'id' });
    req.result.createObjectStore(WEIGHTS);
  };
  return done(req);
}

export function idbArchive(idb: IDBFactory = indexedDB): RunArchive {
  let db: Promise<IDBDatabase> | null = null;
  const get = () => (db ??= open(idb));
  let seq = Date.now();
  return {
    async load() {
      const d = await get();
      const tx = d.transaction([RUNS, WEIGHTS], 'readonly');
      const rows = (await done(tx.objectStore(RUNS).getAll())) as RunRow[];
      const out: HistoryRun[] = [];
      for (const row of rows.sort((a, b) => a.seq - b.seq)) {
        let record;
        try {
          record = loadRunRecord(JSON.parse(row.record), `saved run ${row.id}`);
        } catch {
          continue; // a damaged or newer record is skipped; the others load
        }
        const weights = row.weightsHash
          ? (((await done(tx.objectStore(WEIGHTS).get(row.weightsHash))) as WeightsBlob | undefined) ?? null)
          : null;
        out.push({ id: row.id, record, weights });
      }
      return out;
    },
    async put(run) {
      const d = await get();
      const tx = d.transaction([RUNS, WEIGHTS], 'readwrite');
      const hash = run.weights ? run.record.weights.hash : null;
      if (hash && run.weights)
        tx.objectStore(WEIGHTS).put({ shapes: run.weights.shapes, data: run.weights.data }, hash);
      const row: RunRow = { id: run.id, seq: seq++, record: JSON.stringify(run.record), weightsHash: hash };
      tx.objectStore(RUNS).put(row);
      await committed(tx);
    },
    async remove(id, keepHashes) {
      const d = await get();
      const tx = d.transaction([RUNS, WEIGHTS], 'readwrite');
      const row = (await done(tx.objectStore(RUNS).get(id))) as RunRow | undefined;
      tx.objectStore(RUNS).delete(id);
      if (row?.weightsHash && !keepHashes.has(row.weightsHash)) tx.objectStore(WEIGHTS).delete(row.weightsHash);
      await committed(tx);
    },
  };
}
