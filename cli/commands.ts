// Further CLI commands (train, export) register here so main.ts stays small.
import type { Io } from './main';

export type Command = (args: string[], io: Io) => Promise<number>;
export const COMMANDS: Record<string, Command> = {
  train: (args, io) => import('./train').then((m) => m.trainCommand(args, io)),
  export: (args, io) => import('./export').then((m) => m.exportCommand(args, io)),
  import: (args, io) => import('./export').then((m) => m.importCommand(args, io)),
};
