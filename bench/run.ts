// All benchmarks in one run. `npm run bench` runs every suite; `npm run bench -- graph` one.
import { availableParallelism, loadavg } from 'node:os';
import { printGraphBench, runGraphBench } from './graph';

type Suite = () => Promise<void>;

const SUITES: Record<string, Suite> = {
  graph: async () => printGraphBench(runGraphBench()),
};

export async function main(args: string[]) {
  const names = args.length ? args : Object.keys(SUITES);
  console.log(`Benchmarks on ${availableParallelism()} cores (load average ${loadavg()[0].toFixed(1)}), Node ${process.version}, ${new Date().toISOString()}`);
  for (const name of names) {
    const suite = SUITES[name];
    if (!suite) { console.error(`Unknown benchmark "${name}" (have: ${Object.keys(SUITES).join(', ')})`); process.exitCode = 2; continue; }
    await suite();
  }
}
