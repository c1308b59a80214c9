// The CLI speaks the user's language: LANG (or LC_ALL / LC_MESSAGES) picks it, --lang overrides it, English is
// the default; an unknown --lang is a usage error that names the languages there are.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { run, takeLang } from './main';

const FILE = 'shared/graph/corpus/kernel-too-large.cnn.json';
async function cli(argv: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = [],
    err: string[] = [];
  const code = await run(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const CJK = /[\u4e00-\u9fff]/;

describe('CLI language', () => {
  it('is English by default and with LANG=C or en_US', async () => {
    for (const env of [{}, { LANG: 'C' }, { LANG: 'en_US.UTF-8' }]) {
      const r = await cli(['validate', FILE], env);
      expect(r.code).toBe(1);
      expect(r.out).toContain('Kernel 5x5 does not fit the 3x3 input with padding valid');
      expect(r.out).toContain('1 error(s), 0 warning(s), 0 info(s).');
      expect(r.out).not.toMatch(CJK);
    }
  });

  it('prints Chinese with LANG=zh_CN.UTF-8, and LC_ALL wins over LANG', async () => {
    const r = await cli(['validate', FILE], { LANG: 'zh_CN.UTF-8' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('错误 conv1.kernel: 卷积核 5x5 放不进 3x3 的输入');
    expect(r.out).toContain('修复：把卷积核设为 3x3（输入的大小）');
    expect(r.out).toContain('1 个错误，0 个警告，0 条提示。');
    expect((await cli(['validate', FILE], { LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' })).out).not.toMatch(CJK);
  });

  it('--lang zh-CN prints Chinese, anywhere on the line, and overrides LANG', async () => {
    for (const argv of [
      ['validate', '--lang', 'zh-CN', FILE],
      ['--lang=zh-CN', 'validate', FILE],
    ]) {
      const r = await cli(argv, { LANG: 'en_US.UTF-8' });
      expect(r.out).toContain('卷积核 5x5');
    }
    const s = await cli(['summary', 'templates/json/lenet5-mnist.cnn.json', '--lang', 'zh-CN']);
    expect(s.code).toBe(0);
    expect(s.out).toContain('层（类型）');
    expect(s.out).toContain('总参数量：61,706');
    expect(s.out).toContain('感受野');
    expect((await cli(['validate', '--lang', 'en', FILE], { LANG: 'zh_CN.UTF-8' })).out).not.toMatch(CJK);
  });

  it('export and record speak Chinese too: the weights line, what was written, a missing run record', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'cli-i18n-'));
    try {
      const r = await cli([
        'export',
        'templates/json/lenet5-mnist.cnn.json',
        '--format',
        'tfjs',
        '--out',
        dir,
        '--lang',
        'zh-CN',
      ]);
      expect(r.code).toBe(0);
      expect(r.err).toContain('权重：没有保存的权重，导出一次新的初始化');
      expect(r.out).toMatch(/^已把 [^\n]+ 导出到 /);
      expect(r.out).toMatch(/model\.json（[\d,]+ 字节）/);
      const rec = await cli(['record', dir, '--lang', 'zh-CN']);
      expect(rec.code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown or missing --lang with exit code 2', async () => {
    const r = await cli(['validate', '--lang', 'fr', FILE]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('Unknown language "fr" for --lang: use one of en, zh-CN.');
    expect((await cli(['validate', FILE, '--lang'])).err).toBe('--lang needs a language: one of en, zh-CN.');
    expect(takeLang(['a', '--', '--lang', 'x']).rest).toEqual(['a', '--', '--lang', 'x']);
  });

  it('the real CLI follows LANG in a shell', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'validate', FILE], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NODE_OPTIONS: '', LC_ALL: '', LC_MESSAGES: '', LANG: 'zh_CN.UTF-8' },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('卷积核 5x5 放不进 3x3 的输入');
  }, 60_000);
});
