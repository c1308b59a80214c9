// The argument schemas are the validators: main's checks and the argument types come from one table, the
// refusals keep their own wording (not zod's), and a check never copies what it checks.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import {
  CALL_ARGS,
  INVOKE_NAMES,
  MAX_PROJECT_CHARS,
  validators,
  type ExportRequest,
  type InvokeArgs,
  type SaveRequest,
} from './contract';
import type { exportRequestSchema, saveRequestSchema } from './schemas';

describe('IPC argument schemas', () => {
  it('one schema table for every call, and the argument types are inferred from it', () => {
    expect(Object.keys(CALL_ARGS).sort()).toEqual([...INVOKE_NAMES].sort());
    expectTypeOf<SaveRequest>().toEqualTypeOf<z.infer<typeof saveRequestSchema>>();
    expectTypeOf<ExportRequest>().toEqualTypeOf<z.infer<typeof exportRequestSchema>>();
    expectTypeOf<InvokeArgs<'saveProject'>>().toEqualTypeOf<[SaveRequest]>();
    expectTypeOf<InvokeArgs<'writeRecovery'>>().toEqualTypeOf<[string] | [string, string]>();
    // What a schema accepts is what main's validator accepts.
    const good = {
      openRecent: ['/a.cnn.json'],
      saveProject: [{ text: '{}', saveAs: false }],
      setDirty: [true],
      openDataset: ['folder', { limit: 3, seed: 1 }],
    } as const;
    for (const [name, args] of Object.entries(good)) {
      const schemas = CALL_ARGS[name as keyof typeof good] as readonly z.ZodTuple[];
      expect(
        schemas.some((s) => s.safeParse(args).success),
        name,
      ).toBe(true);
      expect(validators[name as keyof typeof good](args).ok, name).toBe(true);
    }
  });

  it('an explicit undefined argument is not an absent one (IPC keeps both apart)', () => {
    expect(validators.writeRecovery(['{}', undefined])).toEqual({
      ok: false,
      message: 'writeRecovery: path must be a string, got undefined undefined',
    });
    expect(validators.openDataset(['folder', undefined])).toEqual({
      ok: false,
      message: 'openDataset: options must be {limit, seed}, got undefined undefined',
    });
    // A field that is undefined is absent (as before the schemas): accepted, and not passed on.
    expect(validators.saveProject([{ text: '', saveAs: true, currentPath: undefined }])).toStrictEqual({
      ok: true,
      value: [{ text: '', saveAs: true }],
    });
  });

  it('reports an unknown field before a bad one, and only the first problem of a field', () => {
    expect(validators.saveProject([{ text: 3, saveAs: 'no', extra: 1 }])).toEqual({
      ok: false,
      message: 'saveProject: unknown field(s) extra',
    });
    expect(validators.saveProject([{ text: 3, saveAs: 'no' }])).toEqual({
      ok: false,
      message: 'saveProject: text must be a string, got number 3',
    });
    expect(validators.openRecent(['\u0000'.repeat(5000)])).toEqual({
      ok: false,
      message: 'openRecent: path is 5000 characters; the limit is 4096',
    });
    expect(validators.openDataset(['idx', { limit: 0, seed: 0.5, x: 1 }])).toEqual({
      ok: false,
      message: 'openDataset: options (a limit) are for the "folder" kind only, got kind "idx"',
    });
  });

  it('passes the text and the bytes through as they are: nothing is copied', () => {
    const text = 'x'.repeat(MAX_PROJECT_CHARS);
    const bytes = new Uint8Array(new ArrayBuffer(8 * 1024 * 1024));
    const saved = validators.saveProject([{ text, saveAs: true }]);
    const exported = validators.exportFiles([{ suggestedName: 'm', files: [{ name: 'weights.bin', bytes }] }]);
    expect(saved.ok && saved.value[0].text === text).toBe(true);
    expect(exported.ok && exported.value[0].files[0]!.bytes === bytes).toBe(true);
  });
});
