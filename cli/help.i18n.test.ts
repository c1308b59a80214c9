// The CLI's help and its usage errors speak the CLI's language (--lang, else LANG): the command list, each
// command's options with their ranges and defaults, and every mistake on the command line. English stays the
// default, word for word.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commands';
import { run } from './main';

async function cli(argv: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = [],
    err: string[] = [];
  const code = await run(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const CJK = /[\u4e00-\u9fff]/;
const ZH = { LANG: 'zh_CN.UTF-8' };
/** Lines of English prose: three English words in a row outside option names, paths and placeholders. */
const prose = (text: string) =>
  text
    .split('\n')
    .map((l) => l.replace(/--?[\w-]+|<[^>]*>|\[[^\]]*\]|"[^"]*"|[\w./-]+\.(json|onnx|bin|py|gz)\b|npm run [\w-]+/g, ''))
    .filter((l) => /\b[a-z]{3,} [a-z]{3,} [a-z]{3,}\b/i.test(l));

describe('CLI help in Chinese', () => {
  it('--help lists every command in Chinese', async () => {
    const r = await cli(['--help'], ZH);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('用法：npm run cli -- <命令> [选项]');
    expect(r.out).toContain('命令：');
    expect(r.out).toContain('在 CPU 上训练');
    expect(prose(r.out)).toEqual([]);
    expect((await cli(['--help'])).out.split('\n')[0]).toBe('Usage: npm run cli -- <command> [options]');
  });

  it("each command's --help is Chinese: options, ranges, defaults, notes", async () => {
    for (const name of Object.keys(COMMANDS)) {
      const r = await cli([name, '--help', '--lang', 'zh-CN']);
      expect([name, r.code]).toEqual([name, 0]);
      expect(r.out).toMatch(new RegExp(`^用法：npm run cli -- ${name} `));
      expect(r.out).toContain('选项：');
      expect(r.out).toContain('-h, --help');
      expect([name, prose(r.out)]).toEqual([name, []]);
    }
    const train = (await cli(['help', 'train'], ZH)).out;
    expect(train).toContain('--batch N               每步的图像数（批大小）（1..4096 的整数；默认 64）');
    expect(train).toContain('学习率（大于 0 且 小于 10 的数；默认 0.001；sgd 为 0.01）');
  });

  it('usage errors are Chinese, then the usage', async () => {
    const F = 'templates/json/lenet5-mnist.cnn.json';
    const cases: [string[], string][] = [
      [['summary', F, '--bach', '4'], '未知选项 --bach。你是不是想用 --batch？'],
      [['train', F, '--batch', '0'], '--batch 0：必须是1..4096 的整数。'],
      [['export', F, '--format', 'keras', '--out', 'x'], '未知的格式 "keras"：请使用 tfjs, onnx, pytorch。'],
      [['export', F, '--out', 'x'], '--format 是必填的：--format tfjs|onnx|pytorch。'],
      [['summary'], '缺少文件参数：请给出一个项目文件（.cnn.json）。'],
      [
        ['summary', F, 'extra'],
        '多余的参数 "extra"：这个命令接受的参数：只有 <file.cnn.json>（是不是某个选项漏了前面的 --？）。',
      ],
      [['runs', 'show', F], '未知操作 "show"：runs 只接受 "list" 或 "compare"。'],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv, ZH);
      expect([argv.join(' '), r.code, r.err.split('\n')[0]]).toEqual([argv.join(' '), 2, message]);
      expect(r.err).toContain(`用法：npm run cli -- ${argv[0]} `);
    }
    const unknown = await cli(['sumary', F], ZH);
    expect(unknown.err.split('\n')[0]).toBe('未知命令 "sumary"。你是不是想用 summary？');
    // English, word for word as before
    expect((await cli(['summary', F, '--bach', '4'])).err.split('\n')[0]).toBe(
      'Unknown option --bach. Did you mean --batch?',
    );
    expect((await cli(['train', F, '--lr', '20'])).err.split('\n')[0]).toBe(
      '--lr 20: must be a number above 0 and below 10.',
    );
  });

  it('the real CLI prints its help in Chinese under LANG=zh_CN.UTF-8', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'train', '--help'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NODE_OPTIONS: '', LC_ALL: '', LC_MESSAGES: '', LANG: 'zh_CN.UTF-8' },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^用法：npm run cli -- train /);
    expect(r.stdout).toMatch(CJK);
    expect(prose(r.stdout)).toEqual([]);
  }, 60_000);
});
