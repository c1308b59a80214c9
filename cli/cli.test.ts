import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse, defaultsFor, serializeProject, type GraphDoc, type GraphNode } from '../shared/graph';
import { MAX_PROJECT_BYTES } from './files';
import { run } from './main';
import { summaryText } from './summary';

async function cli(...argv: string[]) {
  const out: string[] = [],
    err: string[] = [];
  const code = await run(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const tmp = mkdtempSync(join(tmpdir(), 'cnn-cli-'));
/** Input -> n ReLUs, one after the other. */
function reluChain(n: number): GraphDoc {
  const ids = ['input', ...Array.from({ length: n }, (_, i) => `relu${i + 1}`)];
  return {
    format: 'cnn-designer',
    version: 2,
    metadata: { name: `chain of ${n}` },
    nodes: ids.map((id, i): GraphNode =>
      i
        ? { id, type: 'Activation', params: defaultsFor('Activation'), position: { x: 0, y: i } }
        : { id, type: 'Input', params: { height: 8, width: 8, channels: 1 }, position: { x: 0, y: 0 } },
    ),
    edges: ids.slice(1).map((id, i) => ({ id: `e${i + 1}`, source: ids[i], target: id, targetPort: 'in' })),
  };
}
/** The real CLI in a shell, as a user runs it (`npm run cli` is `tsx cli/main.ts`). */
const shell = (command: string, timeout = 60_000) =>
  spawnSync('bash', ['-c', `set -o pipefail; ${command}`], {
    encoding: 'utf8',
    timeout,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
const CLI = `"${process.execPath}" --import tsx cli/main.ts`;

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
    const ok = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'cli/main.ts', 'summary', 'templates/json/lenet5-1998.cnn.json'],
      { encoding: 'utf8' },
    );
    expect(ok).toContain('Total params: 61,706');
    const bad = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'cli/main.ts', 'validate', 'shared/graph/corpus/cycle.cnn.json'],
      { encoding: 'utf8' },
    );
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/part of a cycle/);
  });

  it('stops quietly when the reader goes away (`summary big | head -1`): no EPIPE stack trace, status 0', () => {
    const file = join(tmp, 'long.cnn.json');
    writeFileSync(file, serializeProject(reluChain(5_000))); // a summary of ~400 KB, far more than a pipe holds
    const r = shell(`${CLI} summary ${file} | head -1`);
    expect(r.stdout).toBe('Model: "chain of 5000"\n');
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(r.status).toBe(0);
  });

  it('refuses a FIFO (or any non-regular file) at once with exit 2 instead of waiting for a writer', () => {
    const fifo = join(tmp, 'pipe.cnn.json');
    execFileSync('mkfifo', [fifo]);
    const r = shell(`${CLI} validate ${fifo}`, 30_000);
    expect(r.error, 'validate returned before the timeout').toBeUndefined();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${fifo} is a named pipe (FIFO), not a project file`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a project file over the cap of the app's Open (64 MiB) before reading it", async () => {
    const big = join(tmp, 'big.cnn.json');
    writeFileSync(big, '');
    truncateSync(big, MAX_PROJECT_BYTES + 1); // sparse: costs no disk
    const r = await cli('validate', big);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${big} is 67,108,865 bytes (64 MiB); a project file may be at most 67,108,864 bytes (64 MiB).`);
  });

  it('quotes at most 80 characters of a value from the file, however long it is', async () => {
    const doc = reluChain(2);
    const huge = 'x'.repeat(20_000_000);
    const file = join(tmp, 'huge-string.cnn.json');
    writeFileSync(
      file,
      serializeProject({
        ...doc,
        nodes: doc.nodes.map((n) => (n.id === 'relu1' ? { ...n, params: { ...n.params, kind: huge, [huge]: 1 } } : n)),
      }),
    );
    const r = await cli('validate', file);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      `relu1: parameter "kind" had the invalid value "${'x'.repeat(80)}…" (20,000,000 characters); reset to "relu".`,
    );
    expect(r.err).toContain(`relu1: dropped unknown parameter "${'x'.repeat(80)}…" (20,000,000 characters).`);
    expect(r.out.length + r.err.length).toBeLessThan(2_000);
  });

  it('formats the summary table in time linear in the nodes (it was quadratic: 22 s at 90,000)', () => {
    // The fastest of five runs: other tests running beside this one only ever add time.
    const time = (a: ReturnType<typeof analyse>) =>
      Math.min(
        ...[0, 1, 2, 3, 4].map(() => {
          const t = performance.now();
          summaryText(a);
          return performance.now() - t;
        }),
      );
    const small = analyse(reluChain(11_250)),
      large = analyse(reluChain(90_000));
    time(small); // warm up
    const tSmall = time(small),
      tLarge = time(large);
    // 8x the nodes: linear measured 10-12x here (building big strings costs a little more than linear); quadratic
    // would be ~64x (the old code took 47x for 4x the nodes). 32x leaves room for a loaded machine.
    expect(tLarge, `${tSmall.toFixed(0)} ms at 11,250 nodes, ${tLarge.toFixed(0)} ms at 90,000`).toBeLessThan(
      32 * tSmall,
    );
  }, 120_000);
});
