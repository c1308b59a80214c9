import { describe, expect, it } from 'vitest';
import type { CrashPort } from './crashGuard';
import {
  CRASH_ON_START_MS,
  CRASH_WINDOW_MS,
  CrashGuard,
  crashLoopBox,
  MAX_CRASHES_IN_WINDOW,
  onPageGone,
} from './crashGuard';

function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('CrashGuard', () => {
  it('reloads at once after a crash, and again after a crash long after the reload', () => {
    const c = clock();
    const guard = new CrashGuard({ now: c.now });
    expect(guard.crashed()).toBe('reload');
    c.t += CRASH_ON_START_MS + 1;
    expect(guard.crashed()).toBe('reload');
  });

  it('stops reloading when the page crashes again right after an automatic reload', () => {
    const c = clock();
    const guard = new CrashGuard({ now: c.now });
    expect(guard.crashed()).toBe('reload');
    c.t += CRASH_ON_START_MS - 1;
    expect(guard.crashed()).toBe('ask');
    expect(guard.recentCrashes()).toBe(2);
  });

  it(`stops reloading after more than ${MAX_CRASHES_IN_WINDOW} crashes within the window, however spaced`, () => {
    const c = clock();
    const guard = new CrashGuard({ now: c.now });
    const spacing = CRASH_ON_START_MS + 1_000; // never a crash on start
    for (let i = 0; i < MAX_CRASHES_IN_WINDOW; i++) {
      expect(guard.crashed(), `crash ${i + 1}`).toBe('reload');
      c.t += spacing;
    }
    expect(guard.crashed()).toBe('ask');
    expect(guard.recentCrashes()).toBe(MAX_CRASHES_IN_WINDOW + 1);
  });

  it('forgets crashes older than the window', () => {
    const c = clock();
    const guard = new CrashGuard({ now: c.now });
    for (let i = 0; i < MAX_CRASHES_IN_WINDOW; i++) {
      expect(guard.crashed()).toBe('reload');
      c.t += CRASH_WINDOW_MS / MAX_CRASHES_IN_WINDOW + 1;
    }
    expect(guard.crashed()).toBe('reload'); // the first one has left the window
    expect(guard.recentCrashes()).toBe(MAX_CRASHES_IN_WINDOW);
  });

  it('counts exactly at the boundaries: CRASH_ON_START_MS after a reload is no longer "on start"; a crash exactly CRASH_WINDOW_MS old still counts', () => {
    const c = clock();
    const guard = new CrashGuard({ now: c.now });
    expect(guard.crashed()).toBe('reload');
    c.t += CRASH_ON_START_MS;
    expect(guard.crashed()).toBe('reload');
    const edge = new CrashGuard({ now: c.now, crashOnStartMs: 0, maxCrashes: 1, windowMs: 1_000 });
    expect(edge.crashed()).toBe('reload');
    c.t += 1_000;
    expect(edge.crashed()).toBe('ask'); // the first crash is exactly 1 s old: still in the window
  });

  it('starts afresh after the user chooses Reload: the next crash reloads at once again', () => {
    const c = clock();
    const guard = new CrashGuard({ now: c.now, crashOnStartMs: 5_000, maxCrashes: 10, windowMs: 60_000 });
    expect(guard.crashed()).toBe('reload');
    c.t += 4_999;
    expect(guard.crashed()).toBe('ask');
    guard.userReloaded();
    c.t += 100;
    expect(guard.crashed()).toBe('reload');
    expect(guard.recentCrashes()).toBe(1);
    c.t += 100;
    expect(guard.crashed()).toBe('ask');
  });
});

describe('onPageGone (render-process-gone)', () => {
  function port(answers: number[]) {
    const done: string[] = [];
    const boxes: ReturnType<typeof crashLoopBox>[] = [];
    const p: CrashPort = {
      reload: () => done.push('reload'),
      quit: () => done.push('quit'),
      ask: async (box) => {
        boxes.push(box);
        done.push('ask');
        return answers.shift() ?? 1;
      },
      log: () => undefined,
    };
    return { p, done, boxes };
  }

  it('leaves a clean exit alone and reloads the first crash without asking', async () => {
    const c = clock();
    const guard = new CrashGuard({ now: c.now });
    const { p, done } = port([]);
    await onPageGone(guard, 'clean-exit', p);
    expect(done).toEqual([]);
    await onPageGone(guard, 'crashed', p);
    expect(done).toEqual(['reload']);
  });

  it('asks Reload / Quit when it keeps crashing on start, and does what the user chose', async () => {
    const c = clock();
    const guard = new CrashGuard({ now: c.now });
    const { p, done, boxes } = port([0, 1]);
    await onPageGone(guard, 'crashed', p);
    c.t += 2_000;
    await onPageGone(guard, 'oom', p);
    expect(done).toEqual(['reload', 'ask', 'reload']); // Reload chosen
    expect(boxes[0]).toMatchObject({
      type: 'error',
      message: 'CNN Designer keeps crashing',
      buttons: ['Reload', 'Quit'],
      defaultId: 0,
      cancelId: 1,
    });
    expect(boxes[0].detail).toContain('stopped 2 times within 2 minutes (last reason: oom)');
    expect(boxes[0].detail).toContain('recovery file');
    // After the user's Reload, one more automatic reload; then asked again, and Quit quits.
    c.t += 1_000;
    await onPageGone(guard, 'crashed', p);
    c.t += 1_000;
    await onPageGone(guard, 'crashed', p);
    expect(done).toEqual(['reload', 'ask', 'reload', 'reload', 'ask', 'quit']);
  });

  it('treats a dismissed box (Escape: the cancel button) as Quit, never as another reload loop', async () => {
    const c = clock();
    const guard = new CrashGuard({ now: c.now });
    const { p, done } = port([crashLoopBox(2, 'x').cancelId]);
    await onPageGone(guard, 'crashed', p);
    await onPageGone(guard, 'crashed', p);
    expect(done).toEqual(['reload', 'ask', 'quit']);
  });
});
