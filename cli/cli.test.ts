import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './main';

async function cli(...argv: string[]) {
  const out: string[] = [], err: string[] = [];
  const code = await run(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const tmp = mkdtempSync(join(tmpdir(), 'cnn-cli-'));

describe('cli summary / validate', () => {
  it('prints a Keras-style table with shapes, receptive fields, params and MACs for AlexNet', async () => {
    const r = await cli('summary', 'templates/json/alexnet.cnn.json', '--batch', '32');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/conv1 \(Conv2D\)\s+\(None, 55, 55, 64\)\s+11x11 j4\s+23,296\s+70\.28M/);
    expect(r.out).toMatch(/pool5 \(Pool\)\s+\(None, 6, 6, 256\)\s+195x195 j32/);
    expect(r.out).toContain('Trainable params: 61,100,840');
    expect(r.out).toMatch(/for a batch of 32/);
    expect(r.out).toMatch(/warning fc6: Dense fc6 has 37,752,832 parameters/);
  });

  it('validate exits 1 on errors with the problem and its fix, 0 on a clean template', async () => {
    const bad = await cli('validate', 'shared/graph/corpus/residual-mismatch.cnn.json');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/error\s+add\.projection: Residual inputs differ: main is 16x16x32, skip is 32x32x16/);
    expect(bad.out).toMatch(/fix: Add projection \(1x1 conv \+ BN, stride 2\)/);
    const good = await cli('validate', 'templates/json/resnet20.cnn.json');
    expect(good.code).toBe(0);
    expect(good.out).toContain('0 error(s)');
  });

  it('bad files give a clear message and exit 2, never a stack trace', async () => {
    writeFileSync(join(tmp, 'trunc.cnn.json'), '{"version": 2, "nodes": [');
    writeFileSync(join(tmp, 'wrong.cnn.json'), '{"version": 2, "nodes": "many", "edges": []}');
    const cases: [string[], RegExp][] = [
      [['summary', join(tmp, 'missing.cnn.json')], /No such file/],
      [['summary', join(tmp, 'trunc.cnn.json')], /not valid JSON.*truncated or damaged/],
      [['validate', join(tmp, 'wrong.cnn.json')], /nodes: .*array/i],
      [['summary', tmp], /is a folder/],
      [['summary'], /Missing file argument/],
      [['frobnicate'], /Unknown command "frobnicate"/],
    ];
    for (const [argv, re] of cases) {
      const r = await cli(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(re);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('runs as a real process with the exit code the README promises', () => {
    const ok = execFileSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'summary', 'templates/json/lenet5-1998.cnn.json'], { encoding: 'utf8' });
    expect(ok).toContain('Total params: 61,706');
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'validate', 'shared/graph/corpus/cycle.cnn.json'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/part of a cycle/);
  });
});
