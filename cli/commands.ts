// Further CLI commands (train, export) register here so main.ts stays small.
import type { Io } from './main';
import { trainCommand } from './train';

export type Command = (args: string[], io: Io) => Promise<number>;
export const COMMANDS: Record<string, Command> = {
  train: trainCommand,
  export: (args, io) => import('./export').then((m) => m.exportCommand(args, io)),
  import: (args, io) => import('./export').then((m) => m.importCommand(args, io)),
};
