// The committed wasm core must be exactly what its C source builds to, and the embedded base64 must be those bytes.
// Rebuilding needs clang + wasm-ld (Debian: apt-get install -y clang lld); without them the rebuild is skipped and
// says why. The bytes are compared only against the same clang version the committed module was built with.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clangVersion, compileCore, SRC, wasmLdVersion, WASM_DIR } from '../../scripts/build-wasm.mjs';
import { coreMtWasmBytes, coreWasmBytes, wasmSimdSupported } from './wasm-core';
import { CORE_WASM_CLANG } from './wasm/core-wasm';

const clang: string | null = clangVersion();
const ld: string | null = wasmLdVersion();
const skipReason =
  !clang || !ld
    ? `clang/wasm-ld not installed (apt-get install -y clang lld): rebuild check skipped`
    : clang !== CORE_WASM_CLANG
      ? `installed "${clang}" differs from the committed module's "${CORE_WASM_CLANG}": byte comparison skipped`
      : null;
if (skipReason) console.warn(`[shared/kernels/wasm.test] SKIPPED: ${skipReason}`);

describe('wasm core artefacts', () => {
  it('embedded base64 module equals the committed core.wasm and validates with SIMD', () => {
    const committed = readFileSync(join(WASM_DIR, 'core.wasm'));
    expect(Buffer.from(coreWasmBytes()).equals(committed)).toBe(true);
    expect(wasmSimdSupported()).toBe(true);
    const committedMt = readFileSync(join(WASM_DIR, 'core-mt.wasm'));
    expect(Buffer.from(coreMtWasmBytes()).equals(committedMt), 'threaded build').toBe(true);
  });

  // The threaded build's instances share one linear memory but each starts its shadow-stack pointer at the same
  // address, so a function that puts anything on the stack (a local array, an address-taken local) would have the
  // threads overwrite each other's. Seen as a flaky 3-thread MaxPoolGrad; the object file names __stack_pointer
  // only when some function uses that stack.
  it.skipIf(!clang)('no function of core.c uses the shadow stack (threads would share it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fastcpu-wasm-'));
    try {
      const obj = join(dir, 'core.o');
      execFileSync('clang', [
        '--target=wasm32',
        '-O3',
        '-msimd128',
        '-nostdlib',
        '-ffreestanding',
        '-fno-builtin',
        '-c',
        SRC,
        '-o',
        obj,
      ]);
      expect(readFileSync(obj).includes('__stack_pointer'), 'a function in core.c needs stack memory').toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(skipReason !== null)('rebuilding core.c with clang reproduces core.wasm byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fastcpu-wasm-'));
    try {
      const rebuilt: Buffer = compileCore(join(dir, 'core.wasm'));
      const committed = readFileSync(join(WASM_DIR, 'core.wasm'));
      expect(rebuilt.equals(committed), 'core.wasm is stale: run node scripts/build-wasm.mjs and commit').toBe(true);
      const rebuiltMt: Buffer = compileCore(join(dir, 'core-mt.wasm'), true);
      const committedMt = readFileSync(join(WASM_DIR, 'core-mt.wasm'));
      expect(rebuiltMt.equals(committedMt), 'core-mt.wasm is stale: run node scripts/build-wasm.mjs').toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
