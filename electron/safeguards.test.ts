// Safeguards of the handlers that no other test would miss: a project path that is not a regular
// file (a folder, a FIFO that would block main's read forever) is refused before it is read.
// Real files in a temp folder, the real fs.
import { execFileSync } from 'node:child_process';
import * as nodeFs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HandlerFs } from './handlers';
import { handlers } from './handlers';
import { fakeDeps } from './testFakes';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await nodeFs.rm(d, { recursive: true, force: true });
});

async function tempDeps() {
  const dir = await nodeFs.mkdtemp(path.join(os.tmpdir(), 'cnn-safeguards-'));
  dirs.push(dir);
  const { deps, dialog } = fakeDeps(nodeFs as unknown as HandlerFs, { paths: { userData: path.join(dir, 'user'), documents: dir } });
  return { dir, deps, dialog };
}

/** Settles within `ms`, or rejects saying it hung (a FIFO read never returns). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))]);
}

describe('opening a project refuses what is not a regular file', () => {
  it('a folder named like a project', async () => {
    const { dir, deps, dialog } = await tempDeps();
    const folder = path.join(dir, 'looks-like.cnn.json');
    await nodeFs.mkdir(folder);
    dialog.openAnswers.push(folder);
    await expect(handlers.openProject([], deps)).rejects.toMatchObject({ code: 'not-found', message: `Cannot open ${folder}: it is not a file` });
    expect(deps.session.granted.has(folder)).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('a FIFO, without blocking main on reading it', async () => {
    const { dir, deps, dialog } = await tempDeps();
    const fifo = path.join(dir, 'pipe.cnn.json');
    execFileSync('mkfifo', [fifo]);
    dialog.openAnswers.push(fifo);
    await expect(within(handlers.openProject([], deps), 3_000)).rejects.toMatchObject({ code: 'not-found', message: `Cannot open ${fifo}: it is not a file` });
  });

  it('a recent entry that has become a folder', async () => {
    const { dir, deps, dialog } = await tempDeps();
    const file = path.join(dir, 'net.cnn.json');
    await nodeFs.writeFile(file, '{"nodes":[]}');
    dialog.openAnswers.push(file);
    await handlers.openProject([], deps);
    await nodeFs.rm(file);
    await nodeFs.mkdir(file);
    await expect(handlers.openRecent([file], deps)).rejects.toMatchObject({ code: 'not-found', message: `Cannot open ${file}: it is not a file` });
  });
});
