// Errors speak the reader's language: a file that cannot be read, a project that is not one, a run record that
// is missing, an export that cannot be done. The error classes keep their English message (logs, the tests
// that match it) and carry the same as data (msg: key + params), which the CLI renders with --lang / LANG.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExportError } from '../shared/export';
import { parseProject } from '../shared/graph';
import { messageOf, translator } from '../shared/i18n';
import { DataError } from '../shared/data';
import { FileError, readProjectText } from './files';
import { run } from './main';

async function cli(argv: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = [],
    err: string[] = [];
  const code = await run(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const ZH = { LANG: 'zh_CN.UTF-8' };
const zh = translator('zh-CN');
const dir = mkdtempSync(join(tmpdir(), 'cnn-errors-i18n-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('errors in Chinese', () => {
  it('a missing file, a folder, a broken or foreign project file', async () => {
    const missing = join(dir, 'nope.cnn.json');
    expect(await cli(['validate', missing], ZH)).toMatchObject({ code: 2, err: `没有这个文件：${missing}` });
    expect((await cli(['validate', missing])).err).toBe(`No such file: ${missing}`);
    expect((await cli(['summary', dir], ZH)).err).toBe(`${dir} 是一个文件夹，而不是项目文件。`);

    const broken = join(dir, 'broken.cnn.json');
    writeFileSync(broken, '{"format": "cnn-designer", "version": 2, "nodes": [');
    const r = await cli(['validate', broken], ZH);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^无法打开 .*broken\.cnn\.json：?\n {2}- 文件不是有效的 JSON(（第 1 行，第 \d+ 列）)?：.*它可能被截断或损坏了。$/,
    );
    const foreign = join(dir, 'foreign.cnn.json');
    writeFileSync(foreign, '{"format": "keras", "version": 2}');
    expect((await cli(['validate', foreign], ZH)).err).toContain('这不是 CNN Designer 项目（format 为 "keras"）。');
    const newer = join(dir, 'newer.cnn.json');
    writeFileSync(newer, '{"format": "cnn-designer", "version": 99, "nodes": [], "edges": []}');
    expect((await cli(['validate', newer], ZH)).err).toContain('这个项目由更新版本的 CNN Designer 保存（格式 99');
    // English as before, word for word
    expect((await cli(['validate', foreign])).err).toContain('This is not a CNN Designer project (format is "keras").');
  });

  it('a run record that is not there', async () => {
    const r = await cli(['record', dir, '--lang', 'zh-CN']);
    expect(r.code).not.toBe(0);
    expect(r.err).toBe(`${dir} 中没有 run.json：它不是训练输出文件夹（\`cli train --out DIR\` 会写出一个）。`);
  });

  it('error classes carry their message as data and keep the English message', () => {
    const p = parseProject('');
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.errors).toEqual(['The file is empty.']);
    expect(p.errorMsgs!.map(zh.msg)).toEqual(['文件是空的。']);

    let fe: unknown;
    try {
      readProjectText(join(dir, 'none.json'));
    } catch (e) {
      fe = e;
    }
    expect(fe).toBeInstanceOf(FileError);
    expect((fe as FileError).message).toBe(`No such file: ${join(dir, 'none.json')}`);
    expect(zh.msg(messageOf(fe))).toBe(`没有这个文件：${join(dir, 'none.json')}`);

    const ee = new ExportError({ key: 'errors2.file.noSuchFile', params: { path: 'x' } });
    expect([ee.name, ee.message, zh.msg(ee.msg)]).toEqual(['ExportError', 'No such file: x', '没有这个文件：x']);
    // a sentence stays as it is, in any language (not every message is data yet)
    const de = new DataError('plain words');
    expect([de.message, zh.msg(messageOf(de)), zh.msg(messageOf(new Error('boom')))]).toEqual([
      'plain words',
      'plain words',
      'boom',
    ]);
  });
});
