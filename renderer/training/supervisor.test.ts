// The supervisor on its own, with a hand-driven clock and stand-in workers (no store, no fake timers):
// the clock and the worker factory are all it needs from outside.
import { expect, it } from 'vitest';
import { CRASH_LOOP_MS, WorkerSupervisor, type Clock, type SupervisorHost, type WorkerLike } from './supervisor';
import type { FromWorker, RunState } from './protocol';

class ManualClock implements Clock {
  t = 0;
  private timers = new Map<number, { at: number; f: () => void }>();
  private id = 0;
  now() {
    return this.t;
  }
  setTimeout(f: () => void, ms: number) {
    this.timers.set(++this.id, { at: this.t + ms, f });
    return this.id;
  }
  clearTimeout(h: unknown) {
    this.timers.delete(h as number);
  }
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      const next = [...this.timers.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = next[1].at;
      next[1].f();
    }
    this.t = end;
  }
}

function setup() {
  const clock = new ManualClock(),
    workers: (WorkerLike & { sent: unknown[]; ended: boolean })[] = [];
  const log: string[] = [];
  const run = { state: 'idle' as RunState, firstStepMs: null as number | null, silentSec: null as number | null };
  const host: SupervisorHost = {
    init: () => ({ type: 'init', baseUrl: '/', backend: 'auto' }),
    started: (auto) => log.push(`started${auto ? ' (auto)' : ''}`),
    message: (m) => {
      if (m.type === 'state') run.state = m.state;
    },
    gone: (message, loop) => {
      run.state = 'failed';
      log.push(loop ? `loop: ${loop}` : `gone: ${message}`);
    },
    run: () => run,
    silence: (sec) => {
      run.silentSec = sec;
    },
  };
  const s = new WorkerSupervisor(
    () => {
      const w = {
        sent: [] as unknown[],
        ended: false,
        onmessage: null,
        onerror: null,
        onmessageerror: null,
        postMessage(m: unknown) {
          this.sent.push(m);
        },
        terminate() {
          this.ended = true;
        },
      } as WorkerLike & { sent: unknown[]; ended: boolean };
      workers.push(w);
      return w;
    },
    host,
    clock,
  );
  const emit = (w: WorkerLike, m: FromWorker) => w.onmessage!({ data: m } as MessageEvent<FromWorker>);
  const crash = (w: WorkerLike, message: string) => w.onerror!({ message, preventDefault() {} } as ErrorEvent);
  return { clock, workers, log, run, s, emit, crash };
}

it('restarts a crashed worker at once, but not one that crashes again within CRASH_LOOP_MS of that restart', () => {
  const { clock, workers, log, s, crash } = setup();
  s.ensure();
  expect(workers[0].sent).toEqual([{ type: 'init', baseUrl: '/', backend: 'auto' }]);
  clock.advance(60_000);
  crash(workers[0], 'boom');
  expect(workers[0].ended).toBe(true);
  expect(workers).toHaveLength(2);
  clock.advance(CRASH_LOOP_MS - 1);
  crash(workers[1], 'again');
  expect(workers).toHaveLength(2);
  expect(s.alive).toBe(false);
  expect(log).toEqual([
    'started',
    'gone: The training worker crashed: boom. The graph and the last weights are kept; load the data and start again.',
    'started (auto)',
    'loop: again',
  ]);
});

it('a silent run gets the notice after the limit, counting; a paused run does not; Stop not answered ends the worker', () => {
  const { clock, workers, log, run, s, emit } = setup();
  s.ensure();
  emit(workers[0], { type: 'state', state: 'training' });
  run.firstStepMs = 500;
  s.runStarted();
  clock.advance(14_999);
  expect(run.silentSec).toBeNull();
  clock.advance(2_001);
  expect(run.silentSec).toBe(17);
  emit(workers[0], { type: 'state', state: 'paused' });
  expect(run.silentSec).toBeNull();
  clock.advance(600_000);
  expect(run.silentSec).toBeNull();
  emit(workers[0], { type: 'state', state: 'stopping' });
  s.armStopWatchdog(100); // 30 s + 5 batches of 100 ms
  clock.advance(30_499);
  expect(workers[0].ended).toBe(false);
  clock.advance(1);
  expect(workers[0].ended).toBe(true);
  expect(log.at(-2)).toMatch(/^gone: The training worker did not stop within 31 s/);
  expect(workers).toHaveLength(2); // ended on purpose: a fresh one at once, no crash-loop check
});

it('says what happened to the worker in the language shown (zh-CN), then English again', async () => {
  const { setLocale } = await import('../i18n');
  await setLocale('zh-CN');
  try {
    const { clock, workers, log, s, crash } = setup();
    s.ensure();
    clock.advance(60_000);
    crash(workers[0], 'boom');
    clock.advance(CRASH_LOOP_MS - 1);
    crash(workers[1], 'again');
    expect(log).toEqual([
      'started',
      'gone: 训练线程崩溃了：boom。图和最后的权重都保留着；请重新加载数据再开始。',
      'started (auto)',
      'loop: again',
    ]);
  } finally {
    await setLocale('en');
  }
});
