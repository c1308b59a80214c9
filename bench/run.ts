// All benchmarks in one run. `npm run bench` runs every suite; `npm run bench -- graph` one.
// Suites: graph (engine analysis), fastcpu (training samples/s: stock vs our kernels vs PyTorch),
// training (in-app trainer vs plain loop in Chromium), ui (300-node canvas in headless Chromium).
import { availableParallelism, loadavg } from 'node:os';
import { printGraphBench, runGraphBench } from './graph';

/** A suite gets the command line's flags (the arguments that start with --, and the values of the flags that take one). */
type Suite = (flags: string[]) => Promise<void>;

const SUITES: Record<string, Suite> = {
  graph: async () => printGraphBench(runGraphBench()),
  fastcpu: async (flags) => {
    console.log('\nFast CPU training (tfjs cpu backend; modes interleaved; medians):');
    const { runFastCpuBench, parseFastCpuArgs } = await import('./fastcpu');
    await runFastCpuBench({ ...parseFastCpuArgs(flags), log: (l) => console.log(`  ${l}`) });
  },
  training: async () => {
    console.log('\nIn-app trainer vs a plain tfjs loop (LeNet-5, headless Chromium):');
    const { runTrainingBench, formatTrainingBench } = await import('./training');
    console.log(formatTrainingBench(await runTrainingBench({ log: (l) => console.log(`  ${l}`) })));
  },
  ui: async () => {
    console.log('\nEditor UI (300-node graph, headless Chromium):');
    const { runUiBench, formatUiBench } = await import('./ui');
    console.log(formatUiBench(await runUiBench({ log: (l) => console.log(`  ${l}`) })));
  },
};

export async function main(args: string[]) {
  const withValue = ['--threads', '--baseline', '--rounds', '--warmup'];
  const flags = args.filter((a, i) => a.startsWith('--') || withValue.includes(args[i - 1]));
  const named = args.filter((a) => !flags.includes(a));
  const names = named.length ? named : Object.keys(SUITES);
  console.log(
    `Benchmarks on ${availableParallelism()} cores (load average ${loadavg()[0].toFixed(1)}), Node ${process.version}, ${new Date().toISOString()}`,
  );
  for (const name of names) {
    const suite = SUITES[name];
    if (!suite) {
      console.error(`Unknown benchmark "${name}" (have: ${Object.keys(SUITES).join(', ')})`);
      process.exitCode = 2;
      continue;
    }
    await suite(flags);
  }
}
