// The training worker's keeper: starts it, listens only to the current one, ends it when it crashes, loses
// its GPU context, does not stop, or is ended by the user, and starts a fresh one unless it keeps crashing on
// start. It also judges liveness (a run silent too long gets a notice) and watches Stop (a worker that does
// not stop in time is ended). The worker factory and the clock are injected: tests drive it with a stand-in
// worker and fake timers. What the state means for the panel is the host's business (trainingStore.ts).
import type { FromWorker, RunState, ToWorker } from './protocol';
import { isRunning } from './runState';
import { currentT } from '../i18n';

/** The catalogue's section for the worker's fate (shared/i18n, ui.sweep2.worker). */
const W = 'ui.sweep2.worker';

/** The part of a Worker the supervisor uses. */
export interface WorkerLike {
  postMessage(m: unknown, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent<FromWorker>) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
  onmessageerror: ((ev: MessageEvent) => void) | null;
}

export interface Clock {
  now(): number;
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock, looked up at each call (so that fake timers installed later are used too). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** What the supervisor needs from its owner (the training store). */
export interface SupervisorHost {
  /** The first message of a fresh worker. */
  init(): ToWorker;
  /** A fresh worker was started; `auto`: automatically, after a crash (else the user's own try). */
  started(auto: boolean): void;
  /** A message from the current worker. */
  message(m: FromWorker): void;
  /** The current worker was ended: report `message`; `loop` is the cause when it keeps crashing (not restarted). */
  gone(message: string, loop: string | null): void;
  /** What liveness needs to know about the run. */
  run(): { readonly state: RunState; readonly firstStepMs: number | null; readonly silentSec: number | null };
  /** Show (seconds silent) or hide (null) the no-answer notice. */
  silence(sec: number | null): void;
}

/**
 * A worker that crashes again this soon after it was restarted automatically is not restarted again (it would
 * crash forever: a worker script that fails to load, a GPU that resets at once): the panel offers Retry.
 */
export const CRASH_LOOP_MS = 5_000;

/**
 * Stop must end the run within one batch. A worker that does not get there (stuck on a GPU read that never
 * returns, or busy forever) is ended after this long, plus 5 batches' time at the last measured speed, and
 * reported: the UI never stays on 'stopping'.
 */
export const STOP_TIMEOUT_MS = 30_000;

/**
 * Liveness of a run, judged only from the messages the worker sends. While batches run it posts metrics (at most
 * 10 a second, and at least one per batch), probes, epochs and evaluation progress. A run that has been silent for
 * longer than silenceLimitMs gets a notice (Wait / End worker), never an automatic end. Not while paused.
 * minMs: the floor. batchFactor: times the slowest batch (training or evaluation) seen in this run.
 * firstStepFactor: times the first step, since a new batch shape (the last, smaller batch of an epoch; the first
 * evaluation batch) compiles new WebGL shaders, as the first step did. warmupMs: until the first step is done
 * (backend, model, first probe and step: shader compilation), measured on SwiftShader at 12 s for LeNet-5 and 37 s
 * for AlexNet-CIFAR.
 */
export interface Liveness {
  minMs: number;
  batchFactor: number;
  firstStepFactor: number;
  warmupMs: number;
}
export const DEFAULT_LIVENESS: Readonly<Liveness> = {
  minMs: 15_000,
  batchFactor: 10,
  firstStepFactor: 2,
  warmupMs: 120_000,
};

const WATCHED: readonly RunState[] = ['starting', 'training', 'stopping'];

export class WorkerSupervisor {
  /** The limits liveness uses (the e2e harness shortens them through its test hooks). */
  readonly liveness: Liveness = { ...DEFAULT_LIVENESS };
  private worker: WorkerLike | null = null;
  /** When the current worker was started, and whether it was started automatically after a crash. */
  private startedAt = 0;
  private autoRestarted = false;
  private lastHeard = 0;
  /** Wait was pressed at this time (during the current silence): the notice comes back after another full limit. */
  private waitedAt = 0;
  /** Resume was sent and not answered yet: a paused run that is being resumed is watched too. */
  private resuming = false;
  /** The slowest batch (ms) seen in this run, from the metrics' samples/s (not the first step) and evalProgress. */
  private slowestBatchMs = 0;
  private livenessTimer: unknown = null;
  private stopTimer: unknown = null;

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly host: SupervisorHost,
    private readonly clock: Clock = systemClock,
  ) {}

  get alive(): boolean {
    return this.worker !== null;
  }

  /** The current worker, started if there is none (`auto`: a restart after a crash). */
  ensure(auto = false): WorkerLike {
    if (this.worker) return this.worker;
    const w = this.createWorker();
    // A worker that was ended may still have messages on their way: only the current one is listened to.
    w.onmessage = (ev) => {
      if (this.worker !== w) return;
      this.heard();
      if (ev.data.type === 'state') this.resuming = false;
      this.host.message(ev.data);
      this.checkLiveness();
    };
    w.onerror = (ev) => {
      ev.preventDefault?.();
      if (this.worker === w)
        this.gone(
          ev.message ? currentT().t(`${W}.crashed`, { error: ev.message }) : currentT().t(`${W}.crashedSilently`),
          ev.message || currentT().t(`${W}.noMessage`),
        );
    };
    w.onmessageerror = () => {
      if (this.worker === w) this.gone(currentT().t(`${W}.unreadable`), currentT().t(`${W}.unreadableCause`));
    };
    this.worker = w;
    this.startedAt = this.clock.now();
    this.autoRestarted = auto;
    this.host.started(auto);
    w.postMessage(this.host.init());
    return w;
  }

  send(m: ToWorker, transfer: Transferable[] = []): void {
    this.ensure().postMessage(m, transfer);
  }

  /** Sends a message that is not part of the production protocol (the e2e harness's faults), if a worker runs. */
  sendRaw(m: unknown): void {
    this.worker?.postMessage(m);
  }

  /** Ends the current worker without a report (a backend change starts a fresh one). True if there was one. */
  terminate(): boolean {
    if (!this.worker) return false;
    this.worker.terminate();
    this.worker = null;
    return true;
  }

  /**
   * The worker is gone (crashed, lost its WebGL context, or ended): report it and start a fresh worker at once,
   * so the panel shows the backend the next run gets, unless it keeps crashing on start. `cause` is the short
   * reason the crash-loop notice quotes; `auto` false: ended on purpose (no crash-loop check).
   */
  gone(message: string, cause: string, auto = true): void {
    const loop = auto && this.autoRestarted && this.clock.now() - this.startedAt < CRASH_LOOP_MS;
    this.disarmStopWatchdog();
    this.disarmLiveness();
    this.worker?.terminate();
    this.worker = null;
    this.host.gone(loop ? currentT().t(`${W}.crashLoop`, { cause }) : message, loop ? cause : null);
    if (!loop) this.ensure(auto);
  }

  // ---- liveness ----

  /** A run starts: its slowest batch is not known yet; silence is counted from now. */
  runStarted(): void {
    this.slowestBatchMs = 0;
    this.watchFromNow();
  }
  /** Resume was sent: watched until the worker answers. */
  resumeSent(): void {
    this.resuming = true;
    this.watchFromNow();
  }
  /** A batch (training or evaluation) took this long. */
  noteBatchMs(ms: number): void {
    this.slowestBatchMs = Math.max(this.slowestBatchMs, ms);
  }
  /** The notice's Wait: hide it; it comes back after another full limit of silence. */
  wait(): void {
    this.waitedAt = this.clock.now();
    this.checkLiveness();
  }
  /** Whole seconds since the worker's last message. */
  secondsSilent(): number {
    return Math.floor((this.clock.now() - this.lastHeard) / 1000);
  }
  /** Changes the limits (no argument: the defaults) and checks again. */
  setLiveness(patch: Partial<Liveness> | null): void {
    Object.assign(this.liveness, patch ?? DEFAULT_LIVENESS);
    this.checkLiveness();
  }

  /** How long the current run may be silent before the notice shows. */
  silenceLimitMs(firstStepMs: number | null = this.host.run().firstStepMs): number {
    const L = this.liveness;
    if (firstStepMs === null) return Math.max(L.minMs, L.warmupMs);
    return Math.max(L.minMs, L.batchFactor * this.slowestBatchMs, L.firstStepFactor * firstStepMs);
  }

  /** Shows, updates or hides the no-answer notice, and sets the timer for the next check. */
  checkLiveness(): void {
    this.disarmLiveness();
    const s = this.host.run();
    const watched = !!this.worker && (WATCHED.includes(s.state) || (s.state === 'paused' && this.resuming));
    if (!watched) {
      if (s.silentSec !== null) this.host.silence(null);
      return;
    }
    const now = this.clock.now(),
      silent = now - this.lastHeard,
      due = Math.max(this.lastHeard, this.waitedAt) + this.silenceLimitMs(s.firstStepMs);
    if (now >= due) {
      const sec = Math.floor(silent / 1000);
      if (s.silentSec !== sec) this.host.silence(sec);
      this.livenessTimer = this.clock.setTimeout(() => this.checkLiveness(), 1000 - (silent % 1000)); // the count goes on, second by second
    } else {
      if (s.silentSec !== null) this.host.silence(null);
      this.livenessTimer = this.clock.setTimeout(() => this.checkLiveness(), due - now);
    }
  }

  // ---- stop watchdog ----

  /** Stop was sent: end the worker if the run is still going after STOP_TIMEOUT_MS plus 5 batches of `batchMs`. */
  armStopWatchdog(batchMs: number): void {
    this.disarmStopWatchdog();
    const ms = Math.round(STOP_TIMEOUT_MS + 5 * batchMs);
    this.stopTimer = this.clock.setTimeout(() => {
      this.stopTimer = null;
      if (isRunning(this.host.run().state)) {
        this.gone(
          currentT().t(`${W}.didNotStop`, { s: Math.round(ms / 1000) }),
          currentT().t(`${W}.didNotStopCause`),
          false,
        );
      }
    }, ms);
  }

  disarmStopWatchdog(): void {
    if (this.stopTimer !== null) {
      this.clock.clearTimeout(this.stopTimer);
      this.stopTimer = null;
    }
  }

  private heard(): void {
    this.lastHeard = this.clock.now();
    this.waitedAt = 0;
  }
  private watchFromNow(): void {
    this.heard();
    this.checkLiveness();
  }
  private disarmLiveness(): void {
    if (this.livenessTimer !== null) {
      this.clock.clearTimeout(this.livenessTimer);
      this.livenessTimer = null;
    }
  }
}
