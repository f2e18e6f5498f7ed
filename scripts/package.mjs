#!/usr/bin/env node
// scripts/package.mjs — build the .vsix (npm run package).
//
//   node scripts/package.mjs [--no-build] [--out FILE]
//
// 1. `npm run build` (esbuild bundles in dist/), unless --no-build;
// 2. checks that the bundles are self-contained, which is what lets the .vsix ship without
//    node_modules: dist/extension.js may require only Node builtins and `vscode`, dist/server.js,
//    dist/indexWorker.js and dist/cli.js only Node builtins (plus `encoding`, an optional
//    dependency of node-fetch that is required inside a try/catch);
// 3. `vsce package --no-dependencies` with @vscode/vsce 3.x from the e2e tools prefix that
//    `npm run setup` installs (GROUNDWORK_E2E_PREFIX, else /opt/groundwork-e2e, else
//    ~/.cache/groundwork-e2e: the places test/e2e/run.mjs looks in). What goes in is set by
//    .vscodeignore (an allow-list). README images are rewritten against the package.json
//    repository URL (vsce only guesses GitHub/GitLab URLs by itself).
//
// Output: groundwork-<version>.vsix in the repository root (gitignored) unless --out; prints its
// files and size. Exit code: 0 ok, 1 packaging or the bundle check failed, 2 vsce is missing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opts = { build: true, out: null };
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--no-build') opts.build = false;
  else if (argv[i] === '--out' && argv[i + 1]) opts.out = path.resolve(argv[++i]);
  else { console.error(`unknown argument ${argv[i]}\nusage: node scripts/package.mjs [--no-build] [--out FILE]`); process.exit(2); }
}
const t0 = Date.now();
const info = (m) => process.stdout.write(`[package +${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}\n`);
const fail = (m, code = 1) => { console.error(`package: ${m}`); process.exit(code); };

// ------------------------------------------------------------------ vsce
function findVsce() {
  const candidates = process.env.GROUNDWORK_E2E_PREFIX ? [process.env.GROUNDWORK_E2E_PREFIX]
    : ['/opt/groundwork-e2e', path.join(os.homedir(), '.cache/groundwork-e2e')];
  for (const p of candidates) {
    const pkg = path.join(p, 'node_modules/@vscode/vsce/package.json');
    if (fs.existsSync(pkg)) return { bin: path.join(p, 'node_modules/@vscode/vsce/vsce'), version: JSON.parse(fs.readFileSync(pkg, 'utf8')).version };
  }
  return null;
}
const vsce = findVsce();
if (!vsce) fail(`@vscode/vsce is not installed (looked in ${process.env.GROUNDWORK_E2E_PREFIX || '/opt/groundwork-e2e and ~/.cache/groundwork-e2e'}). Run \`npm run setup\` first.`, 2);
if (!vsce.version.startsWith('3.')) fail(`@vscode/vsce ${vsce.version} found; 3.x is needed (4.x needs Node 22). Run \`npm run setup\`.`, 2);

// ------------------------------------------------------------------ build
if (opts.build) {
  info('npm run build');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) fail('the build failed');
}

// ------------------------------------------------------------------ bundle check
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const OPTIONAL = new Set(['encoding']); // node-fetch: try { require("encoding") } catch {}
const bundles = { 'dist/extension.js': ['vscode'], 'dist/server.js': [], 'dist/serverMain.js': [], 'dist/indexWorker.js': [], 'dist/referenceWorker.js': [], 'dist/pdfjs.js': [], 'dist/citationJs.js': [], 'dist/cli.js': [] };
for (const [file, allowed] of Object.entries(bundles)) {
  const p = path.join(ROOT, file);
  if (!fs.existsSync(p)) fail(`${file} is missing (npm run build)`);
  const src = fs.readFileSync(p, 'utf8');
  const mods = new Set([...src.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]));
  const bad = [...mods].filter((m) => !BUILTINS.has(m) && !allowed.includes(m) && !OPTIONAL.has(m));
  for (const m of [...mods].filter((x) => OPTIONAL.has(x))) {
    const i = src.indexOf(`require("${m}")`);
    if (i >= 0 && !/try\s*\{[^}]*$/.test(src.slice(Math.max(0, i - 200), i))) bad.push(`${m} (outside try/catch)`);
  }
  if (bad.length) fail(`${file} requires ${bad.join(', ')}: the .vsix ships no node_modules, so every dependency must be bundled (esbuild.mjs)`);
  info(`${file}: ${(fs.statSync(p).size / 1024).toFixed(0)} KiB, requires only ${allowed.length ? `${allowed.join(', ')} and ` : ''}Node builtins`);
}

// ------------------------------------------------------------------ vsce package
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const out = opts.out ?? path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.rmSync(out, { force: true });
const repo = String(pkg.repository?.url ?? pkg.repository ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
const urlArgs = /^https?:\/\//.test(repo) && !/github\.com|gitlab\.com/.test(repo)
  ? ['--baseContentUrl', `${repo}/blob/HEAD/`, '--baseImagesUrl', `${repo}/raw/HEAD/`] : [];
info(`vsce ${vsce.version} package --no-dependencies -> ${out.startsWith(ROOT + path.sep) ? path.relative(ROOT, out) : out}`);
const tv = Date.now();
// stdin closed: vsce must never wait on a question (e.g. a missing LICENSE)
const r = spawnSync(process.execPath, [vsce.bin, 'package', '--no-dependencies', '--out', out, ...urlArgs],
  { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } });
if (r.status !== 0 || !fs.existsSync(out)) fail(`vsce package failed (exit ${r.status})`);
const size = fs.statSync(out).size;
info(`vsce took ${((Date.now() - tv) / 1000).toFixed(1)}s`);

// nothing that must stay out slipped in (source maps, node_modules, sources, tests)
const list = spawnSync('unzip', ['-Z1', out], { encoding: 'utf8' });
if (list.status === 0) {
  const files = list.stdout.split('\n').filter(Boolean);
  const stray = files.filter((f) => /\.map$|(^|\/)node_modules\/|^extension\/(server|client|test|corpus|out)\//.test(f));
  if (stray.length) fail(`the .vsix contains files it should not: ${stray.slice(0, 10).join(', ')} (.vscodeignore)`);
  for (const need of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/serverMain.js', 'extension/dist/indexWorker.js', 'extension/dist/referenceWorker.js', 'extension/dist/pdfjs.js', 'extension/dist/citationJs.js', 'extension/syntaxes/citations.tmLanguage.json']) {
    if (!files.includes(need)) fail(`the .vsix lacks ${need} (.vscodeignore)`);
  }
}
console.log(`vsix: ${out} (${(size / 1024 / 1024).toFixed(2)} MB, ${size} bytes)`);
