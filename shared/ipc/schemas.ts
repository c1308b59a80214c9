// The argument schemas of every IPC call: main runs the raw arguments through `validators` before a handler
// sees them, and the argument types are inferred from the same schemas (z.infer), so a type and its check
// cannot drift apart. Each schema carries its own message (naming the field and what is wrong), so zod's
// wording never reaches the user; `firstProblem` is the one place that picks which issue to report.
// Nothing here copies the data: strings and Uint8Arrays pass through by reference.
import { z } from 'zod';
import { MENU_COMMAND_IDS, type MenuCommandId } from '../commands/commands';
import { exportFileNamesProblem } from '../export/fileNames';
import { DESKTOP_DATA_KINDS, type DesktopDataKind } from '../data/sources';
import { MAX_EXPORT_BYTES, MAX_EXPORT_FILES, MAX_NAME_CHARS, MAX_PATH_CHARS, MAX_PROJECT_CHARS } from './limits';
import { LOCALES } from '../i18n/locales';

// No code generation: the app's CSP forbids eval, and zod would otherwise probe for it.
z.config({ jitless: true });

export type Validation<T> = { ok: true; value: T } | { ok: false; message: string };

/** A value as a refusal message shows it: short, and never the whole of a big string or buffer. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof Uint8Array) return `${value.constructor.name}(${value.length})`;
  if (typeof value === 'string')
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** The message to report: the first issue (the checks run in the order the messages should be read). */
function firstProblem(error: z.ZodError): string {
  return error.issues[0]!.message;
}

/** Check params that stop at the first failed rule, so a 64 MiB string is not scanned after it failed its length. */
const stop = (error: string | ((issue: { input?: unknown }) => string)) => ({ error, abort: true });
const length = (input: unknown) => (input as string).length;
const quoted = (input: unknown) => JSON.stringify(input);
const mustBeString = (what: string) => ({
  error: (iss: { input?: unknown }) => `${what} must be a string, got ${describe(iss.input)}`,
});

// ---- fields: `what` names the field at the start of each message -----------------------------------------

/** Project text (a document or a recovery draft). */
const projectText = (what: string) =>
  z.string(mustBeString(what)).max(
    MAX_PROJECT_CHARS,
    stop((iss) => `${what} is ${length(iss.input)} characters; the limit is ${MAX_PROJECT_CHARS}`),
  );

/** A path main handed out earlier: non-empty, bounded, no NUL. */
const filePath = (what: string) =>
  z
    .string(mustBeString(what))
    .min(1, stop(`${what} is empty`))
    .max(
      MAX_PATH_CHARS,
      stop((iss) => `${what} is ${length(iss.input)} characters; the limit is ${MAX_PATH_CHARS}`),
    )
    .refine((p) => !p.includes('\u0000'), stop(`${what} contains a NUL character`));

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** A name shown in a title or dialog: 1 to MAX_NAME_CHARS characters, no control characters. */
const label = (what: string) => {
  const size = stop((iss) => `${what} must have 1 to ${MAX_NAME_CHARS} characters, got ${length(iss.input)}`);
  return z
    .string(mustBeString(what))
    .min(1, size)
    .max(MAX_NAME_CHARS, size)
    .refine(
      (s) => !CONTROL_CHARS.test(s),
      stop((iss) => `${what} ${describe(iss.input)} contains control characters`),
    );
};

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const PLAIN_NAME = 'give a plain name such as "model.json"';

/** A file name safe to create inside a chosen folder: no separators, no `..`, nothing Windows would refuse. */
const fileName = (what: string) =>
  label(what)
    .refine(
      (n) => !n.includes('/') && !n.includes('\\'),
      stop((iss) => `${what} ${quoted(iss.input)} contains a path separator: ${PLAIN_NAME}`),
    )
    .refine(
      (n) => !n.includes('..'),
      stop((iss) => `${what} ${quoted(iss.input)} contains "..": ${PLAIN_NAME}`),
    )
    .refine((n) => n !== '.', stop(`${what} "." is not a file`))
    .refine(
      (n) => !/[<>:"|?*]/.test(n),
      stop((iss) => `${what} ${quoted(iss.input)} contains one of < > : " | ? * which Windows does not allow`),
    )
    .refine(
      (n) => !/[. ]$/.test(n),
      stop((iss) => `${what} ${quoted(iss.input)} ends with a dot or a space, which Windows drops`),
    )
    .refine(
      (n) => !WINDOWS_RESERVED.test(n),
      stop((iss) => `${what} ${quoted(iss.input)} is reserved on Windows`),
    );

const trueOrFalse = (what: string) =>
  z.boolean({ error: (iss) => `${what} must be true or false, got ${describe(iss.input)}` });

/**
 * A plain object (not an array or a buffer) with exactly these fields. Unknown fields are refused before the
 * fields are looked at (zod's strictObject would list them after the fields' own issues).
 * The result is a new object of the known fields; their values (texts, buffers) are not copied.
 */
function record<S extends z.core.$ZodLooseShape>(
  shape: S,
  notObject: (input: unknown) => string,
  unknownFields: (keys: string[]) => string,
) {
  const allowed = Object.keys(shape);
  const unknown = (o: object) => Object.keys(o).filter((k) => !allowed.includes(k));
  return (
    z
      .custom<Record<string, unknown>>(
        isPlainObject,
        stop((iss) => notObject(iss.input)),
      )
      .refine(
        (o) => unknown(o).length === 0,
        stop((iss) => unknownFields(unknown(iss.input as object))),
      )
      .pipe(z.strictObject(shape))
      // An optional field given as undefined is absent: not passed on (zod keeps the key). `o` is zod's own copy.
      .transform((o) => {
        for (const k of Object.keys(o)) if (o[k as keyof typeof o] === undefined) delete o[k as keyof typeof o];
        return o;
      })
  );
}

/** `files[3]`: where an item's issue is inside its argument (the path starts with the argument's position). */
const at = (path: readonly PropertyKey[] | undefined) =>
  (path ?? [])
    .slice(1)
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');

// ---- requests --------------------------------------------------------------------------------------------

export const saveRequestSchema = record(
  {
    text: projectText('text'),
    /** Ask for a path even when the document already has one. */
    saveAs: trueOrFalse('saveAs'),
    /** A path main handed out earlier (open, save or recent). Anything else makes main ask. */
    currentPath: filePath('currentPath').optional(),
    /** Weight blobs the text refers to by hash (shared/export/projectFiles.ts), written beside the project first. */
    blobs: z
      .array(
        z.object({
          sha256: z.string().regex(/^[0-9a-f]{64}$/, 'blobs[].sha256 must be 64 lowercase hex digits'),
          bytes: z.custom<Uint8Array>((b) => b instanceof Uint8Array, 'blobs[].bytes must be a Uint8Array'),
        }),
      )
      .max(64, 'at most 64 weight blobs per save')
      .optional(),
  },
  (input) => `the request must be an object, got ${describe(input)}`,
  (keys) => `unknown field(s) ${keys.join(', ')}`,
);
export type SaveRequest = z.infer<typeof saveRequestSchema>;

const exportFileSchema = z
  .custom<Record<string, unknown>>(isPlainObject, {
    error: (iss) => `${at(iss.path)} must be {name, bytes}, got ${describe(iss.input)}`,
  })
  .pipe(
    z.object({
      /** A plain file name: no folders, no `..` (checked with the other names below, the exporter's own rule). */
      name: z.custom<string>(),
      // Any Uint8Array (over any buffer), as the exporters make them; z.instanceof would narrow it to ArrayBuffer's.
      bytes: z.custom<Uint8Array>((b) => b instanceof Uint8Array, {
        error: (iss) => `${at(iss.path)} must be a Uint8Array, got ${describe(iss.input)}`,
      }),
    }),
  );
export type ExportFile = z.infer<typeof exportFileSchema>;

const exportFilesSchema = z
  .custom<unknown[]>(
    Array.isArray,
    stop((iss) => `files must be an array, got ${describe(iss.input)}`),
  )
  // The count first, before any file is looked at (z.array's max would run after its items).
  .refine(
    (files) => files.length <= MAX_EXPORT_FILES,
    stop((iss) => `${length(iss.input)} files; the limit is ${MAX_EXPORT_FILES}`),
  )
  .pipe(
    z.array(exportFileSchema).superRefine((files, ctx) => {
      // The exporter's own names only (no dotfiles, separators or ".."): the same rule as shared/export's.
      const names = exportFileNamesProblem(files.map((f) => f.name));
      if (names) return ctx.addIssue({ code: 'custom', message: names, input: files });
      const total = files.reduce((sum, f) => sum + f.bytes.byteLength, 0);
      if (total > MAX_EXPORT_BYTES)
        ctx.addIssue({
          code: 'custom',
          message: `${total} bytes in all; the limit is ${MAX_EXPORT_BYTES}`,
          input: files,
        });
    }),
  );

export const exportRequestSchema = record(
  {
    /** What is being exported, e.g. `lenet5-tfjs`: shown in the folder dialog's title. */
    suggestedName: fileName('suggestedName: file name'),
    files: exportFilesSchema,
  },
  (input) => `the request must be an object, got ${describe(input)}`,
  (keys) => `unknown field(s) ${keys.join(', ')}`,
);
export type ExportRequest = z.infer<typeof exportRequestSchema>;

/** Training data sets the desktop app reads in main (the browser build picks them with file inputs): shared/data/sources.ts says which. */
export const DATASET_KINDS: readonly DesktopDataKind[] = DESKTOP_DATA_KINDS;
const datasetKindSchema = z.enum(DESKTOP_DATA_KINDS as [DesktopDataKind, ...DesktopDataKind[]], {
  error: (iss) =>
    `kind must be one of ${DATASET_KINDS.map((k) => JSON.stringify(k)).join(', ')}, got ${describe(iss.input)}`,
});
export type DatasetKind = z.infer<typeof datasetKindSchema>;

const wholeNumber = (what: string, from?: number) => {
  const message = stop(
    (iss) => `${what} must be a whole number${from === undefined ? '' : ` from ${from}`}, got ${describe(iss.input)}`,
  );
  const n = z.number(message).int(message);
  return from === undefined ? n : n.min(from, message);
};

/**
 * How much of a folder data set main reads: `limit` images, a seeded stratified subset (shared/data folderSubset,
 * the same the browser build takes), chosen from the file names so only those files are read.
 */
export const datasetOptionsSchema = record(
  {
    /** At most this many images (at least one per class); a whole number from 1. */
    limit: wholeNumber('limit', 1),
    /** The run's seed (any safe integer): the same seed picks the same images. */
    seed: wholeNumber('seed'),
  },
  (input) => `options must be {limit, seed}, got ${describe(input)}`,
  (keys) => `unknown option(s) ${keys.join(', ')}`,
);
export type DatasetOptions = z.infer<typeof datasetOptionsSchema>;

/** With options (the second argument), the kind must be "folder"; typed as any kind so callers may pass theirs. */
const folderKindSchema = z.custom<DatasetKind>((k) => k === 'folder', {
  error: (iss) => `options (a limit) are for the "folder" kind only, got kind ${describe(iss.input)}`,
});

// ---- calls -----------------------------------------------------------------------------------------------

/**
 * Each call's arguments: one tuple per accepted number of arguments (an absent optional argument and an
 * explicit `undefined` are told apart, as IPC keeps both). The argument types are these tuples' outputs.
 */
export const CALL_ARGS = {
  openProject: [z.tuple([])],
  openRecent: [z.tuple([filePath('path')])],
  /** A weight blob beside a project main granted: its bytes by hash, or null when the file is missing. */
  readWeightsBlob: [
    z.tuple([filePath('projectPath'), z.string().regex(/^[0-9a-f]{64}$/, 'hash must be 64 lowercase hex digits')]),
  ],
  saveProject: [z.tuple([saveRequestSchema])],
  listRecent: [z.tuple([])],
  /** Drops a path from the recent list (a file that was read but did not open as a project). */
  forgetRecent: [z.tuple([filePath('path')])],
  /** `path`: the document's file (a path main handed out); main keeps it with the draft only if it granted it. */
  writeRecovery: [z.tuple([projectText('text')]), z.tuple([projectText('text'), filePath('path')])],
  readRecovery: [z.tuple([])],
  clearRecovery: [z.tuple([])],
  exportFiles: [z.tuple([exportRequestSchema])],
  /** Main asks for the files (or folder) with a dialog and returns their bytes. */
  openDataset: [z.tuple([datasetKindSchema]), z.tuple([folderKindSchema, datasetOptionsSchema])],
  confirmDiscard: [z.tuple([label('documentName')])],
  setTitle: [z.tuple([label('documentName')])],
  setDirty: [z.tuple([trueOrFalse('dirty')])],
  /** The page's language: main rebuilds the menu in it. */
  setLocale: [z.tuple([z.enum(LOCALES)])],
} as const satisfies Record<string, readonly z.ZodTuple[]>;

export type CallName = keyof typeof CALL_ARGS;
/** The arguments a call's handler receives, as checked. */
export type CallArgs<K extends CallName> = z.output<(typeof CALL_ARGS)[K][number]>;

function validator<K extends CallName>(name: K): (args: readonly unknown[]) => Validation<CallArgs<K>> {
  const byArity = new Map<number, z.ZodTuple>(CALL_ARGS[name].map((t: z.ZodTuple) => [t.def.items.length, t]));
  const counts = [...byArity.keys()];
  const takes =
    counts.length === 1 ? `${counts[0]} argument${counts[0] === 1 ? '' : 's'}` : `${counts.join(' or ')} arguments`;
  return (args) => {
    const schema = byArity.get(args.length);
    if (!schema) return { ok: false, message: `${name} takes ${takes}, got ${args.length}` };
    const r = schema.safeParse(args);
    return r.success
      ? { ok: true, value: r.data as CallArgs<K> }
      : { ok: false, message: `${name}: ${firstProblem(r.error)}` };
  };
}

/** One validator per call; main runs it on the raw IPC arguments before the handler sees them. */
export const validators = Object.fromEntries(
  Object.keys(CALL_ARGS).map((name) => [name, validator(name as CallName)]),
) as {
  [K in CallName]: (args: readonly unknown[]) => Validation<CallArgs<K>>;
};

// ---- other checked values --------------------------------------------------------------------------------

const fileNameSchema = fileName('file name');

/**
 * Why a file name is not safe to create inside a chosen folder, or null when it is.
 * Plain names only: no separators, no `..`, nothing Windows would refuse.
 */
export function fileNameProblem(name: unknown): string | null {
  const r = fileNameSchema.safeParse(name);
  return r.success ? null : firstProblem(r.error);
}

/** The commands the desktop menu may send: those with a menu place in the command table. */
export const MENU_COMMANDS: readonly MenuCommandId[] = MENU_COMMAND_IDS;
export type MenuCommand = MenuCommandId;

const menuEventSchema = z
  .custom<Record<string, unknown>>(isPlainObject)
  .pipe(
    z.union([
      z.object({ command: z.literal('openRecent'), path: filePath('path') }),
      z.object({ command: z.custom<MenuCommand>((c) => (MENU_COMMANDS as readonly unknown[]).includes(c)) }),
    ]),
  );
export type MenuEvent = z.infer<typeof menuEventSchema>;

/** Menu events arrive from main; the preload checks them before calling the page. */
export function isMenuEvent(value: unknown): value is MenuEvent {
  return menuEventSchema.safeParse(value).success;
}

/** A recent-files entry as stored (checked when read back). */
export const recentEntrySchema = z.custom<Record<string, unknown>>(isPlainObject).pipe(
  z.object({
    path: filePath('path'),
    name: z.string(),
    /** Milliseconds since the epoch. */
    openedAt: z.number(),
  }),
);
export type RecentEntry = z.infer<typeof recentEntrySchema>;
