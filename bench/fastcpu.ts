// Fast-CPU kernel benchmark: training samples/s on tfjs's cpu backend, stock vs our kernels (plain JS, wasm SIMD),
// interleaved in one process, medians over rounds, on 1 and N threads (a --threads sweep), beside PyTorch on the
// same threads, and optionally beside an earlier commit's kernels (--baseline <git ref>, interleaved in the same run).
// Run: npm run bench -- fastcpu [--quick] [--rounds N] [--threads 1,2,4] [--profile] [--no-torch] [--no-stock] [--js]
//      [--baseline main] [--warmup N (untimed LeNet steps after each mode switch; default 50)]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { nodeThreadWorkers } from '../cli/threadWorkers';
import { installFastCpuKernels, type FastCpuHandle } from '../shared/kernels/index';
import { buildLeNet5, buildResNet20 } from '../shared/kernels/nets';

/** 'stock', 'js' (plain-JS core) or 'wasm' on `threads` threads. */
export interface BenchMode {
  /** 'base': the wasm kernels of the baseline (an earlier commit, see FastCpuBenchOptions.baseline). */
  kernels: 'stock' | 'js' | 'wasm' | 'base';
  threads: number;
}
const modeKey = (m: BenchMode) =>
  m.kernels === 'wasm' || m.kernels === 'base' ? `${m.kernels}×${m.threads}` : m.kernels;

/** installFastCpuKernels of another build of shared/kernels (the baseline). */
type Installer = typeof installFastCpuKernels;
let baseInstall: Installer | null = null;

export interface FastCpuBenchOptions {
  /** Timed rounds per mode (modes interleave within each round). Default 5. */
  rounds?: number;
  batch?: number;
  /** Training steps per timed LeNet round for our kernels (stock always does 1: it takes ~4 s). Default 10. */
  lenetSteps?: number;
  /**
   * Untimed LeNet steps after each mode switch, before the timed ones. Default 50. A switch reinstalls the kernels
   * (new closures, a new wasm instance, the output-buffer pool's hooks on the backend), and V8 re-optimises the tfjs
   * engine and kernel code that saw the other mode's functions on its background compiler threads (--trace-opt: 20-50
   * TurboFan compiles in the first 10 steps after a switch, fewer later). A training run pays that once, so the
   * figures are taken after it: from a cold start, blocks of 10 steps ran at 1,945 / 3,853 / 4,635 / 5,143 / 4,884 /
   * 5,535 / 5,684 / 5,823 samples/s on 2 threads (2,045 / 3,853 / 3,847 / 3,986 / 4,175 / 4,272 / 4,291 / 4,381 on 1),
   * steady from ~50 steps; and whole bench runs (5 rounds, one after another) gave 2/1 threads 1.19x with 10 warm-up
   * steps against 1.35-1.37x with 30, 60 or 100 (the previous default, 10, understated both modes and the ratio).
   * ResNet-20 keeps 1: its steps take ~1 s.
   */
  lenetWarmup?: number;
  /** Steps per ResNet-20 round. Default 3. */
  resnetSteps?: number;
  /** Include stock cpu on LeNet (slow). Default true. */
  stock?: boolean;
  /** Include the plain-JS core. Default false. */
  js?: boolean;
  /** Time stock cpu on ResNet-20 too (one step ~ minutes). Default false. */
  stockResNet?: boolean;
  /**
   * Thread counts for our wasm kernels (the sweep); PyTorch runs with the first and the last. Default [1, cores].
   */
  threads?: number[];
  /** Run PyTorch (Debian python3-torch) on the same nets for the ratio, if installed. Default true. */
  torch?: boolean;
  /** Print a per-kernel time breakdown of a LeNet and a ResNet-20 step for each of our thread counts. */
  profile?: boolean;
  /**
   * Times an earlier build of the kernels beside ours, at the same thread counts, interleaved (modes 'base×N'):
   * `module` is a bundled shared/kernels/index.ts of that build (scripts/bench.mjs --baseline <git ref> makes it),
   * `label` names it in the output.
   */
  baseline?: { module: string; label: string };
  log?: (line: string) => void;
}

export interface FastCpuBenchResult {
  /** samples/s, wall clock (medians), keyed 'stock', 'js', 'wasm×N' (N threads), 'torch×N'. */
  lenet: Record<string, number>;
  resnet20: Record<string, number>;
  /** samples per CPU-second of this process (medians): less sensitive to other load on a shared machine. */
  lenetCpu: Record<string, number>;
  resnet20Cpu: Record<string, number>;
  loadAverage?: number[];
  notes: string[];
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

function randomBatch(batch: number, shape: number[], classes: number, seed: number) {
  return tf.tidy(() => {
    const x = tf.randomUniform([batch, ...shape], 0, 1, 'float32', seed);
    const labels = tf.randomUniform([batch], 0, classes, 'int32', seed + 1);
    const y = tf.oneHot(labels, classes).toFloat();
    return { x, y };
  });
}

let handle: FastCpuHandle | null = null;
let current = '';
function use(mode: BenchMode): void {
  const key = modeKey(mode);
  if (key === current) return;
  // uninstall first: the baseline is a second copy of the module, which does not see our install (and vice versa)
  handle?.uninstall();
  handle = null;
  current = key;
  if (mode.kernels === 'stock') return;
  const install = mode.kernels === 'base' ? baseInstall! : installFastCpuKernels;
  const kernels = mode.kernels === 'base' ? 'wasm' : mode.kernels;
  handle = install(tf, { mode: kernels, threads: mode.threads, workers: nodeThreadWorkers });
  if (handle.mode !== kernels) throw new Error(`could not use ${kernels}: ${handle.note}`);
  if ((handle.threads ?? 1) !== mode.threads && kernels === 'wasm')
    throw new Error(`could not use ${mode.threads} threads: ${handle.threadNote ?? 'the baseline has no threads'}`);
}

/** Wall seconds and this process's CPU seconds (the machine is shared: CPU time is the steadier figure). */
async function timeSteps(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, steps: number): Promise<[number, number]> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  const c = process.cpuUsage(c0);
  return [(performance.now() - t0) / 1000, (c.user + c.system) / 1e6];
}

/**
 * Times every call of every kernel registered for the cpu backend, by wrapping the registry's kernelFuncs (the
 * engine looks a kernel up on each call), until `stop()` puts the originals back and returns ms per kernel name.
 *
 * Not tf.profile: with CHECK_COMPUTATION_FOR_ERRORS (on by default) it reads every kernel's output back, and a read
 * moves a resident tensor out of the shared heap (alloc.ts), so a profiled step on a threaded core ran without
 * resident tensors and its per-kernel times were not those of training (Conv2DBackpropInput showed 0.83x on 2
 * threads where it runs 1.5x).
 */
export function timeKernels(): { stop(): Map<string, number> } {
  const ms = new Map<string, number>();
  const originals = tf.getKernelsForBackend('cpu');
  for (const k of originals) {
    const f = k.kernelFunc;
    const name = k.kernelName;
    tf.unregisterKernel(name, 'cpu');
    tf.registerKernel({
      ...k,
      kernelFunc: (a: Parameters<typeof f>[0]) => {
        const t0 = performance.now();
        try {
          return f(a);
        } finally {
          ms.set(name, (ms.get(name) ?? 0) + performance.now() - t0);
        }
      },
    });
  }
  return {
    stop() {
      for (const k of originals) {
        tf.unregisterKernel(k.kernelName, 'cpu');
        tf.registerKernel(k);
      }
      return ms;
    },
  };
}

/**
 * Per-kernel milliseconds of one training step (median over `reps` timed steps) for each of our thread counts,
 * side by side, with each kernel's speed-up on the most threads: the kernels that stay single-threaded or dominate.
 * The rest of a step (tfjs's own bookkeeping, outside every kernel) is its own row.
 */
async function profileSteps(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  modes: BenchMode[],
  title: string,
  log: (s: string) => void,
  warmup: number,
  reps = 5,
): Promise<void> {
  const per = new Map<string, Map<string, number[]>>(); // mode -> kernel -> ms per rep
  const OUTSIDE = '(outside kernels)';
  for (let r = 0; r < reps; r++)
    for (const m of modes) {
      use(m);
      await handle?.threadsReady();
      await timeSteps(model, x, y, warmup); // as in benchNet: the untimed steps after a switch (see lenetWarmup)
      const timer = timeKernels();
      const t0 = performance.now();
      await model.trainOnBatch(x, y);
      const step = performance.now() - t0;
      const by = timer.stop();
      by.set(OUTSIDE, step - [...by.values()].reduce((a, b) => a + b, 0));
      const mk = per.get(modeKey(m)) ?? new Map<string, number[]>();
      per.set(modeKey(m), mk);
      for (const [name, ms] of by) mk.set(name, [...(mk.get(name) ?? []), ms]);
    }
  const keys = modes.map(modeKey);
  const ms = (key: string, name: string) => median(per.get(key)?.get(name) ?? [0]);
  const total = (key: string) => [...(per.get(key)?.keys() ?? [])].reduce((s, n) => s + ms(key, n), 0);
  // the speed-up compares our own kernels on the fewest and the most threads (not the baseline's)
  const ourKeys = keys.filter((k) => k.startsWith('wasm'));
  const first = ourKeys[0] ?? keys[0],
    last = ourKeys[ourKeys.length - 1] ?? keys[keys.length - 1];
  const names = [...(per.get(first)?.keys() ?? [])].sort((a, b) => ms(first, b) - ms(first, a));
  log(`profile ${title}: ms per step in each kernel (median of ${reps} steps), share, speed-up ${last} vs ${first}`);
  log(`  ${'kernel'.padEnd(24)} ${keys.map((k) => k.padStart(16)).join(' ')}  speed-up`);
  for (const name of names.slice(0, 18)) {
    const cells = keys.map((k) => {
      const v = ms(k, name);
      return `${v.toFixed(2).padStart(8)} ${((100 * v) / total(k)).toFixed(1).padStart(5)}%`.padStart(16);
    });
    const up = ms(last, name) > 0 ? (ms(first, name) / ms(last, name)).toFixed(2) + 'x' : '-';
    log(`  ${name.padEnd(24)} ${cells.join(' ')}  ${first !== last ? up : ''}`);
  }
  log(
    `  ${'total'.padEnd(24)} ${keys.map((k) => `${total(k).toFixed(2).padStart(8)}       `.padStart(16)).join(' ')}  ${
      first !== last ? (total(first) / total(last)).toFixed(2) + 'x' : ''
    }`,
  );
}

const TORCH_SCRIPT = `
import sys, time, torch, torch.nn as nn, torch.nn.functional as F
NET, B, T = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(T); torch.manual_seed(0)
class LeNet(nn.Module):
    def __init__(s):
        super().__init__(); s.c1 = nn.Conv2d(1, 6, 5, padding=2); s.c2 = nn.Conv2d(6, 16, 5)
        s.f1 = nn.Linear(400, 120); s.f2 = nn.Linear(120, 84); s.f3 = nn.Linear(84, 10)
    def forward(s, x):
        x = F.max_pool2d(F.relu(s.c1(x)), 2); x = F.max_pool2d(F.relu(s.c2(x)), 2)
        x = torch.flatten(x, 1); return s.f3(F.relu(s.f2(F.relu(s.f1(x)))))
def cbn(i, o, k, s): return nn.Sequential(nn.Conv2d(i, o, k, s, k // 2, bias=False), nn.BatchNorm2d(o))
class Block(nn.Module):
    def __init__(s, i, o, st):
        super().__init__(); s.a = cbn(i, o, 3, st); s.b = cbn(o, o, 3, 1)
        s.p = cbn(i, o, 1, st) if st != 1 or i != o else None
    def forward(s, x):
        y = s.b(F.relu(s.a(x))); return F.relu(y + (s.p(x) if s.p is not None else x))
class ResNet20(nn.Module):
    def __init__(s):
        super().__init__(); s.stem = cbn(3, 16, 3, 1); L = []; i = 16
        for o, st in ((16, 1), (32, 2), (64, 2)):
            for j in range(3): L.append(Block(i, o, st if j == 0 else 1)); i = o
        s.blocks = nn.Sequential(*L); s.fc = nn.Linear(64, 10)
    def forward(s, x):
        x = s.blocks(F.relu(s.stem(x))); return s.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))
m = LeNet() if NET == 'lenet' else ResNet20()
shape = (B, 1, 28, 28) if NET == 'lenet' else (B, 3, 32, 32)
steps = 50 if NET == 'lenet' else 5
opt = torch.optim.SGD(m.parameters(), lr=0.01)
x = torch.rand(*shape); y = torch.randint(0, 10, (B,))
def step():
    opt.zero_grad(); loss = F.cross_entropy(m(x), y); loss.backward(); opt.step()
for _ in range(steps // 5 + 2): step()
r, rc = [], []
for _ in range(5):
    t, c = time.perf_counter(), time.process_time()
    for _ in range(steps): step()
    r.append(steps * B / (time.perf_counter() - t)); rc.append(steps * B / (time.process_time() - c))
r.sort(); rc.sort(); print(r[2], rc[2])
`;

/** [samples/s wall, samples per CPU-second] of PyTorch on `threads` threads, or why it could not run. */
function torchBench(net: 'lenet' | 'resnet20', batch: number, threads: number): [number, number] | string {
  const py = '/usr/bin/python3';
  if (!existsSync(py)) return 'no /usr/bin/python3';
  try {
    const out = execFileSync(py, ['-c', TORCH_SCRIPT, net, String(batch), String(threads)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 600_000,
      env: { ...process.env, OMP_NUM_THREADS: String(threads) },
    })
      .toString()
      .trim();
    const [wall, cpu] = out.split('\n').pop()!.split(' ').map(Number);
    return [wall, cpu];
  } catch (e) {
    const msg = String((e as { stderr?: Buffer }).stderr ?? (e as Error).message);
    return msg.includes('No module named')
      ? 'python3-torch not installed (apt-get install -y python3-torch)'
      : msg.slice(0, 200);
  }
}

/** One net: every mode interleaved per round, medians. */
async function benchNet(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  modes: BenchMode[],
  rounds: number,
  steps: number,
  batch: number,
  wall: Record<string, number>,
  cpuOut: Record<string, number>,
  log: (line: string) => void,
  title: string,
  warmup = 1,
): Promise<void> {
  const rates: Record<string, number[]> = {},
    cpuRates: Record<string, number[]> = {};
  for (const m of modes) {
    rates[modeKey(m)] = [];
    cpuRates[modeKey(m)] = [];
  }
  for (let r = 0; r < rounds; r++) {
    for (const m of modes) {
      if (m.kernels === 'stock' && r > 0 && steps < 5) continue; // stock ResNet: one timed step is minutes
      use(m);
      await handle?.threadsReady();
      // untimed steps after each switch: a switch reinstalls, which empties the output-buffer pool (and starts
      // the worker threads), and V8 re-optimises the code that ran the other mode's kernels (see lenetWarmup): the
      // first steps refill the pool and wait out the recompiles, costs real training pays once, not per 10 steps
      await timeSteps(model, x, y, m.kernels === 'stock' ? 1 : warmup);
      const n = m.kernels === 'stock' ? 1 : steps;
      const [w, c] = await timeSteps(model, x, y, n);
      rates[modeKey(m)].push((n * batch) / w);
      cpuRates[modeKey(m)].push((n * batch) / c);
    }
  }
  for (const m of modes) {
    wall[modeKey(m)] = median(rates[modeKey(m)]);
    cpuOut[modeKey(m)] = median(cpuRates[modeKey(m)]);
  }
  // every round's figure, so a reader sees the spread behind each median (on a shared machine, round to round
  // varied by up to 30% on 2 threads)
  const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
  log(
    `${title} samples/s in each round: ${modes
      .filter((m) => m.kernels !== 'stock')
      .map((m) => `${modeKey(m)} ${rates[modeKey(m)].map(fmt).join(' ')}`)
      .join(' | ')}`,
  );
}

export async function runFastCpuBench(opts: FastCpuBenchOptions = {}): Promise<FastCpuBenchResult> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const rounds = opts.rounds ?? 5;
  const batch = opts.batch ?? 64;
  const lenetSteps = opts.lenetSteps ?? 10;
  const lenetWarmup = Math.max(1, opts.lenetWarmup ?? 50);
  const resnetSteps = opts.resnetSteps ?? 3;
  const cores = availableParallelism();
  const threads = [...new Set(opts.threads ?? [1, cores])].sort((a, b) => a - b);
  await tf.setBackend('cpu');
  await tf.ready();
  const result: FastCpuBenchResult = { lenet: {}, resnet20: {}, lenetCpu: {}, resnet20Cpu: {}, notes: [] };
  log(
    `fast-cpu bench: batch ${batch}, ${rounds} rounds, modes interleaved, medians (tfjs ${tf.version.tfjs}, cpu ` +
      `backend, ${cores} cores, our threads ${threads.join('/')}; LeNet: ${lenetWarmup} untimed + ${lenetSteps} ` +
      `timed steps per mode and round)`,
  );
  if (opts.baseline) {
    const mod = (await import(pathToFileURL(opts.baseline.module).href)) as { installFastCpuKernels: Installer };
    baseInstall = mod.installFastCpuKernels;
    log(`baseline base×N: the kernels of ${opts.baseline.label}, interleaved with ours at each thread count`);
  }
  const ours: BenchMode[] = threads.flatMap((t): BenchMode[] =>
    opts.baseline
      ? [
          { kernels: 'base', threads: t },
          { kernels: 'wasm', threads: t },
        ]
      : [{ kernels: 'wasm', threads: t }],
  );
  const extra: BenchMode[] = opts.js ? [{ kernels: 'js', threads: 1 }] : [];
  const torchThreads = [...new Set([threads[0], threads[threads.length - 1]])];
  const fmt = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '-' : v.toFixed(v < 100 ? 1 : 0));

  const report = (title: string, wall: Record<string, number>, cpu: Record<string, number>) => {
    const keys = Object.keys(wall);
    log(`${title} train samples/s (wall):  ${keys.map((k) => `${k} ${fmt(wall[k])}`).join(' | ')}`);
    log(`${title} samples per CPU-second: ${keys.map((k) => `${k} ${fmt(cpu[k])}`).join(' | ')}`);
    const one = wall[`wasm×${threads[0]}`];
    const ratios: string[] = [];
    for (const t of threads) {
      const w = wall[`wasm×${t}`];
      if (t !== threads[0]) ratios.push(`ours ${t}/${threads[0]} threads = ${(w / one).toFixed(2)}x`);
      if (wall[`base×${t}`]) ratios.push(`ours/baseline at ${t} threads = ${(w / wall[`base×${t}`]).toFixed(2)}`);
      if (wall[`torch×${t}`]) ratios.push(`ours/PyTorch at ${t} threads = ${(w / wall[`torch×${t}`]).toFixed(2)}`);
    }
    if (wall.stock)
      ratios.push(
        `ours ${threads[threads.length - 1]} threads/stock = ${(wall[`wasm×${threads[threads.length - 1]}`] / wall.stock).toFixed(0)}x`,
      );
    log(`${title} ratios: ${ratios.join(' | ')}`);
  };

  const torchInto = (net: 'lenet' | 'resnet20', wall: Record<string, number>, cpu: Record<string, number>) => {
    if (opts.torch === false) return;
    for (const t of torchThreads) {
      const r = torchBench(net, batch, t);
      if (typeof r === 'string') {
        result.notes.push(`PyTorch skipped: ${r}`);
        return;
      }
      wall[`torch×${t}`] = r[0];
      cpu[`torch×${t}`] = r[1];
    }
  };

  // ---- LeNet-5 ----
  {
    const model = buildLeNet5(tf as any) as unknown as tf.LayersModel;
    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
    const { x, y } = randomBatch(batch, [28, 28, 1], 10, 7);
    const modes: BenchMode[] = [
      ...(opts.stock === false ? [] : [{ kernels: 'stock', threads: 1 } as const]),
      ...extra,
      ...ours,
    ];
    await benchNet(
      model,
      x,
      y,
      modes,
      rounds,
      lenetSteps,
      batch,
      result.lenet,
      result.lenetCpu,
      log,
      'LeNet-5',
      lenetWarmup,
    );
    if (opts.profile) await profileSteps(model, x, y, ours, 'LeNet-5', log, lenetWarmup);
    use({ kernels: 'stock', threads: 1 });
    tf.dispose([x, y]);
    model.dispose();
  }
  torchInto('lenet', result.lenet, result.lenetCpu);
  report('LeNet-5', result.lenet, result.lenetCpu);

  // ---- ResNet-20 ----
  {
    const model = buildResNet20(tf as any) as unknown as tf.LayersModel;
    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
    const { x, y } = randomBatch(batch, [32, 32, 3], 10, 9);
    const modes: BenchMode[] = [
      ...(opts.stockResNet ? [{ kernels: 'stock', threads: 1 } as const] : []),
      ...extra,
      ...ours,
    ];
    if (!opts.stockResNet)
      result.notes.push(
        'ResNet-20 stock cpu skipped: one batch-64 step takes minutes (pass stockResNet: true to time one)',
      );
    await benchNet(
      model,
      x,
      y,
      modes,
      Math.max(1, Math.min(rounds, 3)),
      resnetSteps,
      batch,
      result.resnet20,
      result.resnet20Cpu,
      log,
      'ResNet-20',
    );
    if (opts.profile) await profileSteps(model, x, y, ours, 'ResNet-20', log, 1);
    use({ kernels: 'stock', threads: 1 });
    tf.dispose([x, y]);
    model.dispose();
  }
  torchInto('resnet20', result.resnet20, result.resnet20Cpu);
  report('ResNet-20', result.resnet20, result.resnet20Cpu);

  result.loadAverage = loadavg();
  log(
    `machine load average at the end (1/5/15 min): ${result.loadAverage.map((v) => v.toFixed(1)).join(' ')} on ${cores} cores`,
  );
  for (const n of result.notes) log(`note: ${n}`);
  return result;
}

/**
 * The bench's flags: --quick --rounds N --profile --no-torch --no-stock --stock-resnet --js --threads 1,2,4
 * --baseline <git ref> --warmup N.
 */
export function parseFastCpuArgs(argv: string[]): FastCpuBenchOptions {
  const args = new Set(argv);
  const quick = args.has('--quick');
  const ti = argv.indexOf('--threads');
  let threads: number[] | undefined;
  if (ti >= 0) {
    const v = argv[ti + 1] ?? '';
    threads = v.split(',').map((s) => Number(s));
    if (!v || threads.some((t) => !Number.isInteger(t) || t < 1 || t > 64))
      throw new Error(
        `--threads wants a comma-separated list of thread counts from 1 to 64, e.g. --threads 1,2,4 (got "${v}")`,
      );
  }
  const bi = argv.indexOf('--baseline');
  const ri = argv.indexOf('--rounds');
  const wi = argv.indexOf('--warmup');
  const lenetWarmup = wi >= 0 ? Number(argv[wi + 1]) : undefined;
  if (lenetWarmup !== undefined && (!Number.isInteger(lenetWarmup) || lenetWarmup < 1))
    throw new Error(
      `--warmup wants a whole number of steps, at least 1, e.g. --warmup 10 (got "${argv[wi + 1] ?? ''}")`,
    );
  const rounds = ri >= 0 ? Number(argv[ri + 1]) : quick ? 2 : 5;
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`--rounds wants a whole number of rounds, e.g. --rounds 9 (got "${argv[ri + 1] ?? ''}")`);
  return {
    rounds,
    lenetWarmup,
    // scripts/bench.mjs bundles the baseline's shared/kernels there before the bench starts
    baseline: bi >= 0 ? { module: resolve('.bench/baseline.mjs'), label: argv[bi + 1] ?? '?' } : undefined,
    profile: args.has('--profile'),
    torch: !args.has('--no-torch'),
    stock: !args.has('--no-stock'),
    stockResNet: args.has('--stock-resnet'),
    js: args.has('--js'),
    threads,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runFastCpuBench(parseFastCpuArgs(process.argv.slice(2))).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
