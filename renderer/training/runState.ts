// The run state of the training panel as a pure reducer with ONE transition table. Both sides move it:
// the worker reports the state it reached ('state' messages), the app starts runs and ends workers. Every
// move goes through `nextState`; a move the table does not list (a late message from a run that was already
// stopped, a report that contradicts the state) is ignored, so the panel never shows an impossible state.
import type { RunState } from './protocol';

/** What happened. The worker's reports map onto these with `reported` (see REPORTED). */
export type RunEvent =
  | 'load' // worker: a data set is loading
  | 'loaded' // worker: data is loaded and ready
  | 'unloaded' // worker: loading failed or was cancelled and no data is loaded
  | 'start' // app: the user started a run; worker: the run is starting
  | 'train' // worker: batches run (first time, or after resume)
  | 'pause' // worker: the run is paused
  | 'stop' // worker: stop was asked and the run is winding down
  | 'finish' // worker: the run ended after its last epoch
  | 'halt' // worker: the run ended because it was stopped
  | 'diverge' // worker: the loss became NaN/Inf
  | 'fail' // worker: the run could not start or failed
  | 'crash' // app: the worker is gone (crashed, lost its GPU context, ended by the watchdog or the user)
  | 'reset'; // app: a fresh worker by choice (a backend change, Retry after a crash loop)

/** The event each state the worker reports stands for. */
export const REPORTED: Readonly<Record<RunState, RunEvent>> = {
  loading: 'load',
  ready: 'loaded',
  idle: 'unloaded',
  starting: 'start',
  training: 'train',
  paused: 'pause',
  stopping: 'stop',
  done: 'finish',
  stopped: 'halt',
  diverged: 'diverge',
  failed: 'fail',
};

/** No run: data can be (re)loaded and a run started. A late load result is taken; run reports are not. */
const SETTLED = {
  load: 'loading',
  loaded: 'ready',
  unloaded: 'idle',
  start: 'starting',
  crash: 'failed',
  reset: 'idle',
} as const;
/** Every state: the worker can be lost or replaced. */
const ANY = { crash: 'failed', reset: 'idle' } as const;
const ENDS = { finish: 'done', halt: 'stopped', diverge: 'diverged', fail: 'failed' } as const;

/** state x event -> state. Absent: the event means nothing in that state and is ignored. */
export const TRANSITIONS: Readonly<Record<RunState, Readonly<Partial<Record<RunEvent, RunState>>>>> = {
  idle: SETTLED,
  ready: SETTLED,
  done: SETTLED,
  stopped: SETTLED,
  diverged: SETTLED,
  failed: SETTLED,
  loading: { load: 'loading', loaded: 'ready', unloaded: 'idle', ...ANY },
  starting: { start: 'starting', train: 'training', pause: 'paused', stop: 'stopping', fail: 'failed', ...ANY },
  training: { train: 'training', pause: 'paused', stop: 'stopping', ...ENDS, ...ANY },
  paused: { train: 'training', pause: 'paused', stop: 'stopping', ...ENDS, ...ANY },
  // Once stopping, a late 'training' (the run got past its start, or a resume crossed the stop) does not undo it.
  stopping: { stop: 'stopping', ...ENDS, ...ANY },
};

/** The state after `event`, or null when the table does not allow it (the caller ignores it). */
export function nextState(state: RunState, event: RunEvent): RunState | null {
  return TRANSITIONS[state][event] ?? null;
}

const RUNNING: readonly RunState[] = ['starting', 'training', 'paused', 'stopping'];
/** A run is under way (the graph is locked, settings are disabled). */
export const isRunning = (state: RunState): boolean => RUNNING.includes(state);
