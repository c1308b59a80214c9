// The runtime globals shared/ may use: only those that a browser page, a Web Worker and Node all provide, declared
// with just the members shared/ touches. tsconfig.shared.json compiles shared/ with these and no DOM or Node types,
// so a DOM-only or Node-only global (document, window, process, Buffer) does not compile there; the renderer,
// worker and Node configs see the same code against their full platform types. Add a global here only when
// every one of the three runtimes has it.

interface AbortSignal {
  readonly aborted: boolean;
}

type BlobPart = ArrayBufferView | ArrayBuffer | string;

interface ReadableStreamDefaultReader<T> {
  read(): Promise<ReadableStreamReadResult<T>>;
  cancel(reason?: unknown): Promise<void>;
}
type ReadableStreamReadResult<T> = { done: true; value?: undefined } | { done: false; value: T };
interface ReadableStream<R> {
  getReader(): ReadableStreamDefaultReader<R>;
  pipeThrough<T>(transform: { readable: ReadableStream<T>; writable: unknown }): ReadableStream<T>;
}

declare class Blob {
  constructor(parts?: readonly BlobPart[]);
  stream(): ReadableStream<Uint8Array>;
}

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

declare class TextDecoder {
  decode(input?: Uint8Array): string;
}

declare function atob(data: string): string;

declare const performance: { now(): number };

interface MessagePort {
  onmessage: ((event: unknown) => void) | null;
  postMessage(message: unknown): void;
}
declare class MessageChannel {
  readonly port1: MessagePort;
  readonly port2: MessagePort;
}
