// The command line is read from one table per command: unknown options are refused with the nearest
// known name (they used to be ignored: `summary f --bach 4` ran with the defaults), values are checked,
// and the usage text lists exactly what the tables hold. The README's CLI lines must parse as written.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { editDistance, optionHelp, parseCommand, type OptionSpec } from './args';
import { COMMANDS } from './commands';
import { run } from './main';
import { CLI_DATA_KINDS, DATA_SOURCES } from '../shared/data';
import { TRAIN } from './options';

async function cli(...argv: string[]) {
  const out: string[] = [],
    err: string[] = [];
  const code = await run(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const LENET = 'templates/json/lenet5-1998.cnn.json';

describe('options the tables do not know', () => {
  it('refuse a misspelt option with exit 2 and the nearest name, instead of running with the defaults', async () => {
    const cases: [string[], string][] = [
      [['summary', LENET, '--bach', '4'], 'Unknown option --bach. Did you mean --batch?'],
      [
        ['train', 'templates/json/lenet5-mnist.cnn.json', '--epoch', '5'],
        'Unknown option --epoch. Did you mean --epochs?',
      ],
      [['train', 'f.cnn.json', '--test-limt', '5'], 'Unknown option --test-limt. Did you mean --test-limit?'],
      [['train', 'f.cnn.json', '-epochs', '5'], 'Unknown option -epochs. Did you mean --epochs?'],
      [['export', 'f.cnn.json', '--fromat', 'onnx', '--out', 'x'], 'Unknown option --fromat. Did you mean --format?'],
      [['validate', LENET, '--batch', '4'], 'Unknown option --batch.'],
      [['summary', LENET, '--frobnicate'], 'Unknown option --frobnicate.'],
      [['summary', LENET, '--constructor', 'x'], 'Unknown option --constructor.'],
      [['summary', LENET, '-5'], 'Unknown option -5.'],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect([argv.join(' '), r.code, r.err.split('\n')[0]]).toEqual([argv.join(' '), 2, message]);
      expect(r.err).toContain(`Usage: npm run cli -- ${argv[0]} `); // then the command's usage
      expect(r.out).toBe('');
    }
  });

  it('an unknown command is told the nearest one', async () => {
    const r = await cli('sumary', LENET);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Unknown command "sumary". Did you mean summary\?/);
  });

  it('edit distance counts inserts, deletes and substitutions', () => {
    expect(editDistance('bach', 'batch')).toBe(1);
    expect(editDistance('epoch', 'epochs')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'out')).toBe(3);
  });
});

describe('values', () => {
  it('are checked against the type and range of the table, with a message quoting the value', async () => {
    const F = 'templates/json/lenet5-mnist.cnn.json';
    const cases: [string[], string][] = [
      [['train', F, '--epochs', 'abc'], '--epochs abc: must be a whole number >= 1.'],
      [['train', F, '--epochs', '-1'], '--epochs -1: must be a whole number >= 1.'],
      [['train', F, '--epochs', '2.5'], '--epochs 2.5: must be a whole number >= 1.'],
      [['train', F, '--epochs', ''], '--epochs : must be a whole number >= 1.'],
      [['train', F, '--batch', '5000'], '--batch 5000: must be a whole number 1..4096.'],
      [['train', F, '--lr', '0'], '--lr 0: must be a number above 0 and below 10.'],
      [['train', F, '--momentum', '1'], '--momentum 1: must be a number >= 0 and below 1.'],
      [['train', F, '--val', 'Infinity'], '--val Infinity: must be a number 0..0.9.'],
      [['train', F, '--optimizer', 'adamw'], 'Unknown --optimizer adamw: use adam, sgd, rmsprop.'],
      [['train', F, '--kernels', 'gpu'], 'Unknown --kernels gpu: use wasm, js, stock.'],
      [['train', F, '--threads', '0'], '--threads 0: must be a whole number 1..64.'],
      [['train', F, '--threads', '1.5'], '--threads 1.5: must be a whole number 1..64.'],
      [['train', F, '--threads', 'all'], '--threads all: must be a whole number 1..64.'],
      [['train', F, '--threads', '65'], '--threads 65: must be a whole number 1..64.'],
      [['summary', LENET, '--batch=0'], '--batch 0: must be a whole number >= 1.'],
      [['train', F, '--epochs'], '--epochs needs a value: --epochs N.'],
      [
        ['train', F, '--out', '--epochs', '2'],
        '--out needs a value: --out DIR (--epochs is an option, not its value).',
      ],
      [['summary', LENET, '--help=yes'], '--help takes no value (got "yes").'],
      [['export', F, '--out', 'x'], '--format is required: --format tfjs|onnx|pytorch.'],
      [['import', 'model.json'], '--out is required: --out <file.cnn.json>.'],
      [
        ['summary', LENET, 'other.cnn.json'],
        'Unexpected argument "other.cnn.json": this command takes only <file.cnn.json> (did an option lose its leading --?).',
      ],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect([argv.join(' '), r.code, r.err.split('\n')[0]]).toEqual([argv.join(' '), 2, message]);
    }
  });

  it('--dataset takes the data sources the registry marks for the CLI (shared/data/sources.ts), and no other', async () => {
    expect(TRAIN.options.dataset.choices).toEqual(CLI_DATA_KINDS);
    expect(CLI_DATA_KINDS.every((k) => DATA_SOURCES[k].cli)).toBe(true);
    const r = await cli('train', 'templates/json/lenet5-mnist.cnn.json', '--dataset', 'folder');
    expect([r.code, r.err.split('\n')[0]]).toEqual([2, `Unknown --dataset folder: use ${CLI_DATA_KINDS.join(', ')}.`]);
  });

  it('come back typed, with the defaults filled in; a negative number is a value, not an option', () => {
    const p = parseCommand(TRAIN, ['f.cnn.json', '--seed', '-5', '--lr', '.5', '--schedule', 'cosine', '--epochs=3'])!;
    expect(p.positionals).toEqual(['f.cnn.json']);
    expect(p.values).toMatchObject({
      seed: -5,
      lr: 0.5,
      schedule: 'cosine',
      epochs: 3,
      batch: 64,
      dataset: 'mnist',
      optimizer: 'adam',
      val: 0.1,
      kernels: 'wasm',
    });
    expect(p.values.limit).toBeUndefined();
    expect(p.values.threads).toBeUndefined(); // automatic: cores - 1
    expect(parseCommand(TRAIN, ['f.cnn.json', '--threads', '3'])!.values.threads).toBe(3);
    expect(p.values.out).toBeUndefined();
    // After `--`, a word that looks like an option is a positional.
    expect(parseCommand(COMMANDS.validate.spec, ['--', '--odd-name.cnn.json'])!.positionals).toEqual([
      '--odd-name.cnn.json',
    ]);
  });

  it('a valid value still runs the command (summary --batch 32 shows the batch)', async () => {
    const r = await cli('summary', LENET, '--batch', '32');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/for a batch of 32/);
  });
});

describe('usage text, written from the same tables', () => {
  it('--help of each command lists every option of its table with its range or choices and default, exit 0', async () => {
    for (const [name, c] of Object.entries(COMMANDS)) {
      for (const ask of [
        [name, '--help'],
        [name, '-h'],
        ['help', name],
        [name, 'f.cnn.json', '--help'],
      ]) {
        const r = await cli(...ask);
        expect([ask.join(' '), r.code, r.err]).toEqual([ask.join(' '), 0, '']);
        expect(r.out).toMatch(new RegExp(`^Usage: npm run cli -- ${name} `));
        for (const [opt, s] of Object.entries(c.spec.options) as [string, OptionSpec][]) {
          const line = r.out.split('\n').findIndex((l) => l.startsWith(`  --${opt} `) || l === `  --${opt}`);
          expect(line, `${name} --help lists --${opt}`).toBeGreaterThan(0);
          const text = r.out
            .split('\n')
            .slice(line, line + 2)
            .join(' ');
          expect(text).toContain(optionHelp(c.spec, opt));
          if (s.type === 'string' && s.choices) expect(text).toContain(s.choices.join('|'));
          if (s.type !== 'boolean' && s.default !== undefined) expect(text).toContain(`default ${s.default}`);
        }
      }
    }
    const train = (await cli('train', '--help')).out;
    expect(train).toContain('--batch N               images per step (a whole number 1..4096; default 64)');
    expect(train).toContain(
      '--lr X                  learning rate (a number above 0 and below 10; default 0.001; 0.01 for sgd)',
    );
  });

  it('the overall usage lists every command with its synopsis; `help` exits 0, no command exits 2', async () => {
    const help = await cli('help');
    expect(help.code).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(help.out).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(help.out).toContain('  summary <file.cnn.json> [--batch N]   Keras-style table');
    expect(help.out).toContain(
      '  export <file.cnn.json|DIR> --format tfjs|onnx|pytorch --out DIR [--weights F] [options]',
    );
    expect((await cli('--help')).out).toBe(help.out);
    const none = await cli();
    expect([none.code, none.out]).toEqual([2, help.out]);
    expect((await cli('help', 'nope')).code).toBe(2);
  });
});

/** Every `npm run cli -- ...` in README.md (table cells and code blocks), with its template syntax expanded. */
function readmeCommandLines(): { line: string; argv: string[] }[] {
  const readme = readFileSync('README.md', 'utf8');
  const found: { line: string; argv: string[] }[] = [];
  for (const m of readme.matchAll(/npm run cli -- ([^`\n#]+)/g)) {
    const line = m[1].trim();
    // `[--batch N]` -> `--batch N`; `<file.cnn.json>` -> `file.cnn.json`; a placeholder value -> a valid sample.
    const words = line
      .replace(/[[\]]/g, '')
      .replace(/<([^>]+)>/g, '$1')
      .split(/\s+/);
    const sample: Record<string, string> = { N: '2', X: '0.5', DIR: 'out', F: 'f.bin' };
    const variants = words.reduce<string[][]>(
      (acc, w) => {
        const alts = w.includes('|') ? w.split('|') : [sample[w] ?? w];
        return acc.flatMap((a) => alts.map((x) => [...a, x]));
      },
      [[]],
    );
    for (const argv of variants) found.push({ line, argv });
  }
  return found;
}

describe('README.md', () => {
  it("every `npm run cli -- ...` line of the README parses against its command's table (the docs stay true)", () => {
    const lines = readmeCommandLines();
    expect(lines.length, 'the README shows the CLI').toBeGreaterThanOrEqual(8);
    for (const { line, argv } of lines) {
      const [name, ...rest] = argv;
      expect(Object.keys(COMMANDS), line).toContain(name);
      let parsed;
      try {
        parsed = parseCommand(COMMANDS[name].spec, rest);
      } catch (e) {
        throw new Error(`README: "npm run cli -- ${line}" (as ${argv.join(' ')}): ${(e as Error).message}`);
      }
      expect(parsed, line).not.toBeNull();
    }
  });
});
