// The README's "Runs: record, export, reproduce" commands, run as written (only `out/` is put in a temp folder):
// train -> record -> export the training folder -> train.py -> import its weights -> export again.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { run } from './main';

const tmp = mkdtempSync(join(tmpdir(), 'cnn-readme-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The sh block after the "### Runs: record, export, reproduce" heading. */
function readmeCommands(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('### Runs: record, export, reproduce'));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README: no sh block under "### Runs: record, export, reproduce"');
  return block[1].split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
}

it('the README run-to-any-format commands work as written', async () => {
  const commands = readmeCommands();
  expect(commands.length).toBeGreaterThanOrEqual(7);
  const t0 = Date.now();
  for (const line of commands) {
    const words = line
      .replace(/\s+#.*$/, '')
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => (w.startsWith('out/') ? join(tmp, w.slice(4)) : w));
    if (words[0] === 'npm') {
      expect(words.slice(0, 4), line).toEqual(['npm', 'run', 'cli', '--']);
      const out: string[] = [],
        err: string[] = [];
      const code = await run(words.slice(4), { out: (s) => out.push(s), err: (s) => err.push(s), progress: () => {} });
      expect(code, `${line}\n${err.join('\n')}`).toBe(0);
    } else {
      expect(words[0], line).toBe('python3');
      execFileSync('/usr/bin/python3', words.slice(1), { encoding: 'utf8' });
    }
  }
  console.log(`README run commands: ${commands.length} in ${Date.now() - t0} ms`);
  for (const f of [
    'run/run.json',
    'run-onnx/model.onnx',
    'run-pytorch/trained.weights.json',
    'retrained-tfjs/model.json',
  ])
    expect(existsSync(join(tmp, f)), f).toBe(true);
}, 240_000);
