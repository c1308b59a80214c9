// Where a command writes: stdout and stderr in the real CLI, arrays in tests. A leaf file, so that every
// command module can name it without importing the entry point that imports them.
export interface Io {
  out(s: string): void;
  err(s: string): void;
  /** Transient progress (a bar redrawn with \r); train writes it to stderr when absent. */
  progress?(s: string): void;
}
