// Bundles the VS Code extension and the CLI into dist/. `node esbuild.config.mjs [--watch] [--production]`.
import * as esbuild from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // better-sqlite3 is a native addon (loaded from node_modules at run time); pg-native is pg's
  // optional native binding, never installed: pg only tries it when asked.
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, external: ['better-sqlite3', 'pg-native'] },
  // Scan workers, found by the pool at dist/worker/scanWorker.js beside either bundle.
  { ...common, entryPoints: ['src/core/worker/scanWorker.ts'], outfile: 'dist/worker/scanWorker.js' },
  // The editor's document analysis thread (large pipeline files), found beside the extension bundle.
  { ...common, entryPoints: ['src/core/worker/analyzeWorker.ts'], outfile: 'dist/worker/analyzeWorker.js' },
  // The inventory's web dashboard (served from dist/dashboard/ by the service; no CDN).
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: ['src/inventory/dashboard/main.ts'], outfile: 'dist/dashboard/app.js' },
];

// Webview controls (web components), served from the extension to the report webview: no CDN.
await mkdir('dist/media', { recursive: true });
await copyFile('node_modules/@vscode-elements/elements/dist/bundled.js', 'dist/media/vscode-elements.js');
await mkdir('dist/dashboard', { recursive: true });
await copyFile('src/inventory/dashboard/app.css', 'dist/dashboard/app.css');

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
