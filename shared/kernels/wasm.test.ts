// The committed wasm core must be exactly what its C source builds to, and the embedded base64 must be those bytes.
// Rebuilding needs clang + wasm-ld (Debian: apt-get install -y clang lld); without them the rebuild is skipped and
// says why. The bytes are compared only against the same clang version the committed module was built with.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clangVersion, compileCore, wasmLdVersion, WASM_DIR } from '../../scripts/build-wasm.mjs';
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
