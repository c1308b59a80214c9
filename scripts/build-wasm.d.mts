// Types for scripts/build-wasm.mjs (used by shared/kernels/wasm.test.ts).
export const WASM_DIR: string;
export const SRC: string;
export const CLANG_FLAGS: string[];
export function clangVersion(): string | null;
export function wasmLdVersion(): string | null;
export const MT_FLAGS: string[];
/** mt: the threaded build (imported shared memory). */
export function compileCore(outFile: string, mt?: boolean): Buffer;
export function wasmTsModule(bytes: Uint8Array, version: string, mtBytes: Uint8Array): string;
