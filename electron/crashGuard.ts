// What main does when the page's renderer process dies: reload at once, unless the page keeps
// crashing; then stop and ask (Reload / Quit) instead of reloading forever. The same policy as the
// training worker's crash loop (renderer/training/trainingStore.ts): restart at once, except when it
// crashes again right after an automatic restart. Pure and clock-injected; main.ts wires it.
import { APP_NAME } from '../shared/ipc/contract';

/** A crash this soon after an automatic reload is a crash on start: reloading again would loop. */
export const CRASH_ON_START_MS = 10_000;
/** More than this many crashes within CRASH_WINDOW_MS also stop the automatic reloads. */
export const MAX_CRASHES_IN_WINDOW = 3;
export const CRASH_WINDOW_MS = 120_000;

export interface CrashGuardOptions {
  now(): number;
  crashOnStartMs?: number;
  maxCrashes?: number;
  windowMs?: number;
}

export type CrashAction = 'reload' | 'ask';

export class CrashGuard {
  private readonly crashes: number[] = [];
  private autoReloadAt: number | null = null;
  private readonly crashOnStartMs: number;
  private readonly maxCrashes: number;
  /** The window in which crashes are counted. */
  readonly windowMs: number;

  constructor(private readonly options: CrashGuardOptions) {
    this.crashOnStartMs = options.crashOnStartMs ?? CRASH_ON_START_MS;
    this.maxCrashes = options.maxCrashes ?? MAX_CRASHES_IN_WINDOW;
    this.windowMs = options.windowMs ?? CRASH_WINDOW_MS;
  }

  /** The page crashed now: reload it at once, or ask the user because it keeps crashing. */
  crashed(): CrashAction {
    const t = this.options.now();
    this.crashes.push(t);
    while (this.crashes.length > 0 && t - this.crashes[0] > this.windowMs) this.crashes.shift();
    const onStart = this.autoReloadAt !== null && t - this.autoReloadAt < this.crashOnStartMs;
    if (onStart || this.crashes.length > this.maxCrashes) {
      this.autoReloadAt = null;
      return 'ask';
    }
    this.autoReloadAt = t;
    return 'reload';
  }

  /** Crashes counted in the current window (for the message). */
  recentCrashes(): number {
    return this.crashes.length;
  }

  /** The user chose Reload: a fresh start, so the next crash reloads at once again. */
  userReloaded(): void {
    this.crashes.length = 0;
    this.autoReloadAt = null;
  }
}

export const CRASH_LOOP_BUTTONS = ['Reload', 'Quit'] as const;

export function crashLoopBox(crashes: number, reason: string, windowMs = CRASH_WINDOW_MS) {
  return {
    type: 'error' as const,
    title: APP_NAME,
    message: `${APP_NAME} keeps crashing`,
    detail:
      `Its page stopped ${crashes} times within ${Math.round(windowMs / 60_000)} minutes (last reason: ${reason}), ` +
      'so it is not reloaded again by itself. Your unsaved work is kept in the recovery file (it is written a moment ' +
      'after each edit) and is offered when the page loads: now if you choose Reload, or at the next start if you quit.',
    buttons: [...CRASH_LOOP_BUTTONS],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  };
}

/** What main can do to the window; main.ts passes Electron's calls. */
export interface CrashPort {
  reload(): void;
  quit(): void;
  /** Shows the message box; resolves with the index of the button chosen. */
  ask(box: ReturnType<typeof crashLoopBox>): Promise<number>;
  log(message: string): void;
}

/** The render-process-gone handler: a clean exit is left alone; a crash reloads or asks. */
export async function onPageGone(guard: CrashGuard, reason: string, port: CrashPort): Promise<void> {
  if (reason === 'clean-exit') return;
  if (guard.crashed() === 'reload') {
    port.log(`${APP_NAME}: the page stopped (${reason}); reloading. Unsaved work is in the recovery file.`);
    port.reload();
    return;
  }
  const crashes = guard.recentCrashes();
  port.log(
    `${APP_NAME}: the page stopped (${reason}) and keeps crashing (${crashes} times within ${Math.round(guard.windowMs / 1000)} s); not reloading, asking.`,
  );
  const choice = await port.ask(crashLoopBox(crashes, reason, guard.windowMs));
  if (CRASH_LOOP_BUTTONS[choice] === 'Reload') {
    guard.userReloaded();
    port.reload();
  } else {
    port.quit();
  }
}
