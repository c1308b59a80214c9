// The run history's archive bookkeeping: writes in flight are counted (the Runs list shows "saving" and the e2e
// test waits for 0 before reloading), a failed write names itself and still brings the count back down.
import { describe, expect, it } from 'vitest';
import { sampleRecord } from '../../shared/train/runTesting';
import { createHistory, type HistoryRun, type RunArchive } from './history';

function slowArchive() {
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const archive: RunArchive = {
    load: async () => [] as HistoryRun[],
    put: () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject })),
    remove: () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject })),
  };
  return { archive, pending };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('run history writes', () => {
  it('counts a put and a delete until each is committed', async () => {
    const { archive, pending } = slowArchive();
    const h = createHistory(archive);
    const id = h.add(sampleRecord(), null);
    expect(h.useHistory.getState().saving).toBe(1);
    h.remove(id);
    expect(h.useHistory.getState().runs).toEqual([]);
    expect(h.useHistory.getState().saving).toBe(2);
    pending[0].resolve();
    await tick();
    expect(h.useHistory.getState().saving).toBe(1);
    pending[1].resolve();
    await tick();
    expect(h.useHistory.getState().saving).toBe(0);
    expect(h.useHistory.getState().problem).toBeNull();
  });

  it('a failed delete is reported and is no longer counted as in flight', async () => {
    const { archive, pending } = slowArchive();
    const h = createHistory(archive);
    const id = h.add(sampleRecord(), null);
    pending[0].resolve();
    h.remove(id);
    pending[1].reject(new Error('disk full'));
    await tick();
    expect(h.useHistory.getState().saving).toBe(0);
    expect(h.useHistory.getState().problem).toMatch(/could not be deleted.*disk full/);
  });
});
