// Where a parameter edit's time goes on the 300-node bench graph: a CPU profile (Chrome DevTools Protocol) of
// `--edits N` edits of the Input's height and width on an unminified build, self time summed per function.
//   npx tsx bench/profileEdit.ts [--edits 20] [--dist DIR]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { benchArg, bigGraph, editLoop, openBenchGraph } from './ui';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

async function run() {
  const edits = Number(benchArg('--edits') ?? 20);
  const outDir = benchArg('--dist') ?? mkdtempSync(join(tmpdir(), 'cnn-prof-'));
  if (!benchArg('--dist')) await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true, minify: false } });
  const { page, close } = await openBenchGraph(outDir, bigGraph(300));
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    // The edits bench/ui.ts times (editLoop); the profile also holds the frames between them.
    const timed = await page.evaluate(editLoop, { runs: edits });
    const total = timed.reduce((sum, e) => sum + e.ms, 0);
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
      profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
    };
    const self = new Map<number, number>();
    profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
    const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const key = (n: ProfileNode) =>
      `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    const selfBy = new Map<string, number>();
    const totalBy = new Map<string, number>();
    for (const [id, ms] of self) {
      const n = byNode.get(id)!;
      if (['(idle)', '(program)', '(garbage collector)'].includes(n.callFrame.functionName)) {
        selfBy.set(n.callFrame.functionName, (selfBy.get(n.callFrame.functionName) ?? 0) + ms);
        continue;
      }
      selfBy.set(key(n), (selfBy.get(key(n)) ?? 0) + ms);
      const seen = new Set<string>();
      for (let p: number | undefined = id; p !== undefined; p = parent.get(p)) {
        const k = key(byNode.get(p)!);
        if (!seen.has(k)) totalBy.set(k, (totalBy.get(k) ?? 0) + ms);
        seen.add(k);
      }
    }
    const top = (m: Map<string, number>) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, Number(benchArg('--top') ?? 35))
        .map(([k, ms]) => `  ${(ms / edits).toFixed(2).padStart(7)} ms/edit  ${k}`)
        .join('\n');
    console.log(
      `${edits} edits, ${(total / edits).toFixed(1)} ms/edit from the edit to the labels (bench/ui.ts edit -> labels)`,
    );
    console.log(`self time:\n${top(selfBy)}\ninclusive time:\n${top(totalBy)}`);
  } finally {
    await close();
    if (!benchArg('--dist')) rmSync(outDir, { recursive: true, force: true });
  }
}

run().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
