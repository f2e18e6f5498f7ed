// Bundles the extension (client), the language server, the CLI and the tests.
// Two product entry points as in rust-analyzer/vscode-eslint, plus the headless CLI;
// ESM-only dependencies (unified/remark) are bundled into CommonJS so Node 20 and
// VS Code's extension host load them without a loader.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  external: ['vscode'],
  loader: { '.csl': 'text' },
};

function testEntries(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .filter((f) => /\.test\.ts$|(^|\/)index\.ts$/.test(String(f)))
    .map((f) => join(dir, String(f)));
}

const builds = [
  { entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist' },
  {
    entryPoints: {
      // dist/server.js is a small launcher that compiles dist/serverMain.js from V8's code cache.
      server: 'server/src/launcher.ts',
      serverMain: 'server/src/server.ts',
      cli: 'server/src/cli.ts',
      indexWorker: 'server/src/corpus/indexWorker.ts',
      referenceWorker: 'server/src/corpus/referenceWorker.ts',
      pdfjs: 'server/src/corpus/pdfjsBundle.ts',
      citationJs: 'server/src/corpus/citationJsBundle.ts',
      ...(existsSync('server/src/eval.ts') ? { eval: 'server/src/eval.ts' } : {}),
    },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
  // Unit tests read PDFs in-process: pdf.js goes beside them as it goes beside the server.
  { entryPoints: { ...Object.fromEntries(testEntries('test/unit').map((f) => [f.replace(/^test\/unit\//, '').replace(/\.ts$/, ''), f])), pdfjs: 'server/src/corpus/pdfjsBundle.ts', citationJs: 'server/src/corpus/citationJsBundle.ts', referenceWorker: 'server/src/corpus/referenceWorker.ts' }, outdir: 'out/test/unit' },
  { entryPoints: testEntries('test/lsp'), outdir: 'out/test/lsp' },
  { entryPoints: testEntries('test/e2e/suite'), outdir: 'out/test/e2e/suite', external: ['vscode', 'mocha'] },
].filter((b) => Object.values(b.entryPoints).length > 0);

rmSync('out', { recursive: true, force: true });
for (const b of builds) {
  const options = { ...common, ...b, external: b.external ?? common.external };
  if (watch) await (await esbuild.context(options)).watch();
  else await esbuild.build(options);
}
