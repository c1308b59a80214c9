// The run state's one transition table, checked exhaustively: every state x event pair is either the
// listed move or ignored, every state is reachable from idle, and a whole run reads as expected.
import { describe, expect, it } from 'vitest';
import { REPORTED, TRANSITIONS, isRunning, nextState, type RunEvent } from './runState';
import type { RunState } from './protocol';

const STATES = Object.keys(TRANSITIONS) as RunState[];
const EVENTS: RunEvent[] = [
  'load',
  'loaded',
  'unloaded',
  'start',
  'train',
  'pause',
  'stop',
  'finish',
  'halt',
  'diverge',
  'fail',
  'crash',
  'reset',
];
const SETTLED: RunState[] = ['idle', 'ready', 'done', 'stopped', 'diverged', 'failed'];

/** The expected table, written out row by row (the reading a newcomer should get from runState.ts). */
function expected(s: RunState, e: RunEvent): RunState | null {
  if (e === 'crash') return 'failed';
  if (e === 'reset') return 'idle';
  if (SETTLED.includes(s))
    return (
      (
        { load: 'loading', loaded: 'ready', unloaded: 'idle', start: 'starting' } as Partial<Record<RunEvent, RunState>>
      )[e] ?? null
    );
  const ends: Partial<Record<RunEvent, RunState>> = {
    finish: 'done',
    halt: 'stopped',
    diverge: 'diverged',
    fail: 'failed',
  };
  switch (s) {
    case 'loading':
      return ({ load: 'loading', loaded: 'ready', unloaded: 'idle' } as Partial<Record<RunEvent, RunState>>)[e] ?? null;
    case 'starting':
      return (
        (
          { start: 'starting', train: 'training', pause: 'paused', stop: 'stopping', fail: 'failed' } as Partial<
            Record<RunEvent, RunState>
          >
        )[e] ?? null
      );
    case 'training':
    case 'paused':
      return (
        ({ train: 'training', pause: 'paused', stop: 'stopping', ...ends } as Partial<Record<RunEvent, RunState>>)[e] ??
        null
      );
    case 'stopping':
      return ({ stop: 'stopping', ...ends } as Partial<Record<RunEvent, RunState>>)[e] ?? null;
    default:
      throw new Error(`unlisted state ${s}`);
  }
}

describe('run state transitions', () => {
  it('covers all 11 states and every reported state maps to an event', () => {
    expect([...STATES].sort()).toEqual([
      'diverged',
      'done',
      'failed',
      'idle',
      'loading',
      'paused',
      'ready',
      'starting',
      'stopped',
      'stopping',
      'training',
    ]);
    expect(Object.keys(REPORTED).sort()).toEqual([...STATES].sort());
    for (const s of STATES) expect(nextState(s, REPORTED[s]) === s || SETTLED.includes(s)).toBe(true); // a repeated report is harmless
  });

  for (const s of STATES) {
    it(`from ${s}: each of the ${EVENTS.length} events moves as the table says or is ignored`, () => {
      for (const e of EVENTS) expect([e, nextState(s, e)]).toEqual([e, expected(s, e)]);
    });
  }

  it('every state is reachable from idle', () => {
    const seen = new Set<RunState>(['idle']),
      todo: RunState[] = ['idle'];
    while (todo.length) {
      const s = todo.pop()!;
      for (const e of EVENTS) {
        const n = nextState(s, e);
        if (n && !seen.has(n)) {
          seen.add(n);
          todo.push(n);
        }
      }
    }
    expect([...seen].sort()).toEqual([...STATES].sort());
  });

  it('a run: load, start, pause, resume, stop; late reports from the stopped run are ignored', () => {
    const walk = (events: RunEvent[]) => events.reduce<RunState>((s, e) => nextState(s, e) ?? s, 'idle');
    expect(walk(['load', 'loaded', 'start', 'start', 'train', 'pause', 'train', 'stop', 'train', 'halt'])).toBe(
      'stopped',
    );
    expect(nextState('stopped', 'train')).toBeNull();
    expect(nextState('done', 'pause')).toBeNull();
    expect(nextState('training', 'loaded')).toBeNull();
    expect(STATES.filter(isRunning).sort()).toEqual(['paused', 'starting', 'stopping', 'training']);
  });
});
