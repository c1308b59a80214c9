// Builds the renderer once and serves it with `vite preview` for every e2e spec.
import type { TestProject } from 'vitest/node';
import { build, preview } from 'vite';

export default async function setup(project: TestProject) {
  // The production build users get: vitest runs with NODE_ENV=test, which Vite would honour and bundle React's
  // development runtime (jsxDEV, dev-only checks): React renders then took ~2x the main-thread time, so the e2e
  // timings measured a build nobody ships.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = env;
  }
  const server = await preview({ preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  project.provide('baseURL', url);
  return async () => {
    await server.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}
