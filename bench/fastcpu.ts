// Fast-CPU kernel benchmark: training samples/s on tfjs's cpu backend, stock vs our kernels (plain JS, wasm SIMD),
// interleaved in one process, medians over rounds. Run: npx tsx bench/fastcpu.ts [--quick] [--profile] [--no-torch]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { installFastCpuKernels, type FastCpuHandle } from '../shared/kernels/index';
import { buildLeNet5, buildResNet20 } from '../shared/kernels/nets';

export type BenchMode = 'stock' | 'js' | 'wasm';

export interface FastCpuBenchOptions {
  /** Timed rounds per mode (modes interleave within each round). Default 5. */
  rounds?: number;
  batch?: number;
  /** Training steps per timed LeNet round for our kernels (stock always does 1: it takes ~4 s). Default 10. */
  lenetSteps?: number;
  /** Steps per ResNet-20 round. Default 3. */
  resnetSteps?: number;
  /** Include stock cpu on LeNet (slow). Default true. */
  stock?: boolean;
  /** Time stock cpu on ResNet-20 too (one step ~ minutes). Default false. */
  stockResNet?: boolean;
  /** Run PyTorch (Debian python3-torch, 1 thread) on the same LeNet for the ratio, if installed. Default true. */
  torch?: boolean;
  /** Print a tf.profile kernel breakdown of one LeNet and one ResNet-20 step with our wasm kernels. */
  profile?: boolean;
  log?: (line: string) => void;
}

export interface FastCpuBenchResult {
  /** samples/s, wall clock (medians). */
  lenet: Partial<Record<BenchMode | 'torch', number>>;
  resnet20: Partial<Record<BenchMode, number>>;
  /** samples per CPU-second of this process (medians): less sensitive to other load on a shared machine. */
  lenetCpu: Partial<Record<BenchMode, number>>;
  resnet20Cpu: Partial<Record<BenchMode, number>>;
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
function use(mode: BenchMode): void {
  if (mode === 'stock') {
    handle?.uninstall();
    handle = null;
    return;
  }
  handle = installFastCpuKernels(tf, { mode });
  if (handle.mode !== mode) throw new Error(`could not use ${mode}: ${handle.note}`);
}

/** Wall seconds and this process's CPU seconds (the machine is shared: CPU time is the steadier figure). */
async function timeSteps(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, steps: number): Promise<[number, number]> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  const c = process.cpuUsage(c0);
  return [(performance.now() - t0) / 1000, (c.user + c.system) / 1e6];
}

async function profileStep(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, title: string, log: (s: string) => void) {
  const info = await tf.profile(async () => {
    await model.trainOnBatch(x, y);
  });
  const by = new Map<string, number>();
  for (const k of info.kernels) by.set(k.name, (by.get(k.name) ?? 0) + (k.kernelTimeMs as number));
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  log(`profile ${title}: ${total.toFixed(1)} ms in kernels`);
  for (const [name, ms] of [...by.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14)) {
    log(`  ${name.padEnd(24)} ${ms.toFixed(1).padStart(8)} ms  ${((100 * ms) / total).toFixed(1)}%`);
  }
}

const TORCH_SCRIPT = `
import time, torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(1); torch.manual_seed(0)
class LeNet(nn.Module):
    def __init__(s):
        super().__init__(); s.c1 = nn.Conv2d(1, 6, 5, padding=2); s.c2 = nn.Conv2d(6, 16, 5)
        s.f1 = nn.Linear(400, 120); s.f2 = nn.Linear(120, 84); s.f3 = nn.Linear(84, 10)
    def forward(s, x):
        x = F.max_pool2d(F.relu(s.c1(x)), 2); x = F.max_pool2d(F.relu(s.c2(x)), 2)
        x = torch.flatten(x, 1); return s.f3(F.relu(s.f2(F.relu(s.f1(x)))))
m = LeNet(); opt = torch.optim.SGD(m.parameters(), lr=0.01)
B = BATCH; x = torch.rand(B, 1, 28, 28); y = torch.randint(0, 10, (B,))
def step():
    opt.zero_grad(); loss = F.cross_entropy(m(x), y); loss.backward(); opt.step()
for _ in range(20): step()
r = []
for _ in range(5):
    t = time.perf_counter()
    for _ in range(50): step()
    r.append(50 * B / (time.perf_counter() - t))
r.sort(); print(r[2])
`;

function torchLeNet(batch: number): number | string {
  const py = '/usr/bin/python3';
  if (!existsSync(py)) return 'no /usr/bin/python3';
  try {
    const out = execFileSync(py, ['-c', TORCH_SCRIPT.replace('BATCH', String(batch))], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 300_000,
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    })
      .toString()
      .trim();
    return Number(out.split('\n').pop());
  } catch (e) {
    const msg = String((e as { stderr?: Buffer }).stderr ?? (e as Error).message);
    return msg.includes('No module named')
      ? 'python3-torch not installed (apt-get install -y python3-torch)'
      : msg.slice(0, 200);
  }
}

export async function runFastCpuBench(opts: FastCpuBenchOptions = {}): Promise<FastCpuBenchResult> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const rounds = opts.rounds ?? 5;
  const batch = opts.batch ?? 64;
  const lenetSteps = opts.lenetSteps ?? 10;
  const resnetSteps = opts.resnetSteps ?? 3;
  const withStock = opts.stock ?? true;
  await tf.setBackend('cpu');
  await tf.ready();
  const result: FastCpuBenchResult = { lenet: {}, resnet20: {}, lenetCpu: {}, resnet20Cpu: {}, notes: [] };
  log(
    `fast-cpu bench: batch ${batch}, ${rounds} rounds, modes interleaved, medians (tfjs ${tf.version.tfjs}, cpu backend)`,
  );

  // ---- LeNet-5 ----
  {
    const model = buildLeNet5(tf as any) as unknown as tf.LayersModel;
    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
    const { x, y } = randomBatch(batch, [28, 28, 1], 10, 7);
    const modes: BenchMode[] = withStock ? ['stock', 'js', 'wasm'] : ['js', 'wasm'];
    const rates: Record<string, number[]> = {},
      cpuRates: Record<string, number[]> = {};
    for (const m of modes) {
      use(m);
      await timeSteps(model, x, y, m === 'stock' ? 1 : 3);
      rates[m] = [];
      cpuRates[m] = [];
    } // warm-up
    for (let r = 0; r < rounds; r++) {
      for (const m of modes) {
        use(m);
        const steps = m === 'stock' ? 1 : lenetSteps;
        const [wall, cpu] = await timeSteps(model, x, y, steps);
        rates[m].push((steps * batch) / wall);
        cpuRates[m].push((steps * batch) / cpu);
      }
    }
    for (const m of modes) {
      result.lenet[m] = median(rates[m]);
      result.lenetCpu[m] = median(cpuRates[m]);
    }
    if (opts.profile) {
      use('wasm');
      await profileStep(model, x, y, 'LeNet-5 wasm', log);
    }
    use('stock');
    tf.dispose([x, y]);
    model.dispose();
  }
  if (opts.torch ?? true) {
    const t = torchLeNet(batch);
    if (typeof t === 'number') result.lenet.torch = t;
    else result.notes.push(`PyTorch skipped: ${t}`);
  }
  const fmt = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(v < 100 ? 1 : 0));
  const L = result.lenet,
    LC = result.lenetCpu;
  log(
    `LeNet-5 train samples/s (wall): stock ${fmt(L.stock)} | ours js ${fmt(L.js)} | ours wasm ${fmt(L.wasm)}` +
      (L.torch ? ` | PyTorch 1 thread ${fmt(L.torch)} (wasm/torch = ${(L.wasm! / L.torch).toFixed(2)})` : '') +
      (L.stock ? ` | wasm/stock = ${(L.wasm! / L.stock).toFixed(0)}x` : ''),
  );
  log(
    `LeNet-5 train samples per CPU-second: stock ${fmt(LC.stock)} | ours js ${fmt(LC.js)} | ours wasm ${fmt(LC.wasm)}`,
  );

  // ---- ResNet-20 ----
  {
    const model = buildResNet20(tf as any) as unknown as tf.LayersModel;
    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
    const { x, y } = randomBatch(batch, [32, 32, 3], 10, 9);
    const modes: BenchMode[] = opts.stockResNet ? ['stock', 'js', 'wasm'] : ['js', 'wasm'];
    if (!opts.stockResNet)
      result.notes.push(
        'ResNet-20 stock cpu skipped: one batch-64 step takes minutes (pass stockResNet: true to time one)',
      );
    const rates: Record<string, number[]> = {},
      cpuRates: Record<string, number[]> = {};
    for (const m of modes) {
      use(m);
      if (m !== 'stock') await timeSteps(model, x, y, 1);
      rates[m] = [];
      cpuRates[m] = [];
    }
    const rr = Math.max(1, Math.min(rounds, 3));
    for (let r = 0; r < rr; r++) {
      for (const m of modes) {
        if (m === 'stock' && r > 0) continue;
        use(m);
        // one untimed step after each switch: a switch reinstalls, which empties the output-buffer pool, and the
        // first step then refills it with fresh pages (~600 MB here), a cost real training pays once, not per step
        if (m !== 'stock') await timeSteps(model, x, y, 1);
        const steps = m === 'stock' ? 1 : resnetSteps;
        const [wall, cpu] = await timeSteps(model, x, y, steps);
        rates[m].push((steps * batch) / wall);
        cpuRates[m].push((steps * batch) / cpu);
      }
    }
    for (const m of modes) {
      result.resnet20[m] = median(rates[m]);
      result.resnet20Cpu[m] = median(cpuRates[m]);
    }
    if (opts.profile) {
      use('wasm');
      await profileStep(model, x, y, 'ResNet-20 wasm', log);
    }
    use('stock');
    tf.dispose([x, y]);
    model.dispose();
  }
  const R = result.resnet20,
    RC = result.resnet20Cpu;
  log(
    `ResNet-20 train samples/s (wall): ${R.stock ? `stock ${fmt(R.stock)} | ` : ''}ours js ${fmt(R.js)} | ours wasm ${fmt(R.wasm)}`,
  );
  log(
    `ResNet-20 train samples per CPU-second: ${RC.stock ? `stock ${fmt(RC.stock)} | ` : ''}ours js ${fmt(RC.js)} | ours wasm ${fmt(RC.wasm)}`,
  );
  result.loadAverage = loadavg();
  log(
    `machine load average at the end (1/5/15 min): ${result.loadAverage.map((v) => v.toFixed(1)).join(' ')} on ${cpus().length} cores`,
  );
  for (const n of result.notes) log(`note: ${n}`);
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = new Set(process.argv.slice(2));
  const quick = args.has('--quick');
  runFastCpuBench({
    rounds: quick ? 2 : 5,
    profile: args.has('--profile'),
    torch: !args.has('--no-torch'),
    stock: !args.has('--no-stock'),
    stockResNet: args.has('--stock-resnet'),
  }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
