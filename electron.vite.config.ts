import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { cspMetaPlugin } from './scripts/lib/csp-meta-plugin';

export default defineConfig({
  main: {
    build: {
      externalizeDeps: { exclude: ['zod', 'commander', 'cli-progress'] },
      rollupOptions: {
        input: {
          index: resolve('src/main/app/index.ts'),
          'job-runner': resolve('src/main/jobs/runner.ts'),
          'classifier-worker': resolve('src/main/onnx/classifier-worker-entry.ts'),
          // The Metis simulator's fake tools (axdevice, compiler, axrunmodel, runtime helper): one entry they all start.
          'metis-simulator': resolve('src/main/metis/simulator/tools/main.ts'),
          // The lcz command: bin/lcz.mjs runs it when the build is current (scripts/lib/build-freshness.mjs).
          cli: resolve('src/cli/main.ts'),
        },
        // Native and wasm packages load their binaries relative to themselves: keep them external.
        external: ['gdal3.js', 'gdal3.js/node.js', 'onnxruntime-node', 'h5wasm', 'geotiff', 'node-sqlite3-wasm'],
      },
    },
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve('src/preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: 'src/renderer',
    build: { rollupOptions: { input: { index: resolve('src/renderer/index.html') } } },
    plugins: [react(), cspMetaPlugin()],
  },
});
