#!/usr/bin/env node
// test/nvim/run.mjs — the standalone language server (node dist/server.js --stdio) in a second real
// LSP client, headless Neovim (npm run test:nvim). Debian's neovim (0.7.2) is installed by
// `npm run setup`; the client side is test/nvim/driver.lua (vim.lsp.start_client + buf_attach_client).
//
// A fresh temporary workspace holds a copy of the repo's corpus/ and of
// test/fixtures/samples/briefs/sample-b.md; the driver opens the brief and checks the diagnostics
// (unknown-source on zagsuren2025), completion after ` [@`, hover, and a quick fix. Neovim's
// state and lsp.log stay in the temp dir, which is removed at the end (kept with --keep or on failure).
//
//   node test/nvim/run.mjs [--keep] [--build]
// The last line is `nvim: N passed, N failed`. Exit code: 0 all passed, 1 a check failed,
// 2 setup error (no nvim: run `npm run setup`; dist/server.js not built).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const DRIVER = path.join(HERE, 'driver.lua');
const BRIEF = path.join(ROOT, 'test/fixtures/samples/briefs/sample-b.md');
const SERVER = path.join(ROOT, 'dist/server.js');
const TIMEOUT_MS = 15_000; // per check, inside the driver
const TOTAL_TIMEOUT_MS = 90_000; // the whole nvim run

const args = new Set(process.argv.slice(2));
for (const a of args) if (!['--keep', '--build'].includes(a)) { console.error(`unknown argument ${a}\nusage: node test/nvim/run.mjs [--keep] [--build]`); process.exit(2); }

const t0 = Date.now();
const info = (m) => process.stdout.write(`[nvim-test +${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}\n`);
function setupError(m) {
  console.error(`nvim: setup error: ${m}`);
  console.log('nvim: 0 passed, 1 failed');
  process.exit(2);
}

// ------------------------------------------------------------------ prerequisites
const nvimBin = process.env.NVIM_BIN || 'nvim';
const ver = spawnSync(nvimBin, ['--version'], { encoding: 'utf8' });
if (ver.error || ver.status !== 0) setupError(`Neovim (${nvimBin}) is not installed: run \`npm run setup\` (it installs Debian's neovim)`);
const nvimVersion = ver.stdout.split('\n')[0].trim();
const m = /NVIM v(\d+)\.(\d+)/.exec(nvimVersion);
if (!m || (Number(m[1]) === 0 && Number(m[2]) < 7)) setupError(`${nvimVersion} is too old: the driver needs Neovim 0.7+ (run \`npm run setup\`)`);
if (args.has('--build') || !fs.existsSync(SERVER)) {
  info('building (node esbuild.mjs)');
  const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) setupError('the build failed (node esbuild.mjs)');
}
if (!fs.existsSync(SERVER)) setupError('dist/server.js was not built (npm run build)');
for (const f of [BRIEF, path.join(ROOT, 'corpus')]) if (!fs.existsSync(f)) setupError(`${path.relative(ROOT, f)} is missing`);

// ------------------------------------------------------------------ workspace
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-nvim-'));
const ws = path.join(tmp, 'workspace');
fs.cpSync(path.join(ROOT, 'corpus'), path.join(ws, 'corpus'), { recursive: true });
fs.mkdirSync(path.join(ws, 'briefs'), { recursive: true });
const file = path.join(ws, 'briefs/sample-b.md');
fs.copyFileSync(BRIEF, file);
// the fixtures are read-only in the repository; the copies must be editable (Neovim would warn W10)
for (const f of [file, ...fs.readdirSync(path.join(ws, 'corpus')).map((n) => path.join(ws, 'corpus', n))]) fs.chmodSync(f, 0o644);
for (const d of ['config', 'data', 'cache', 'state']) fs.mkdirSync(path.join(tmp, d));
const resultFile = path.join(tmp, 'result.json');
fs.writeFileSync(path.join(tmp, 'config.json'), JSON.stringify({
  cmd: [process.execPath, SERVER, '--stdio'], root: ws, file, timeout: TIMEOUT_MS, totalTimeout: TOTAL_TIMEOUT_MS - 10_000, out: resultFile,
}));
info(`${nvimVersion}; server ${path.relative(ROOT, SERVER)}; workspace ${ws}`);

let child = null;
const cleanup = (keep) => {
  if (child && child.exitCode === null && child.signalCode === null) { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }
  if (keep) info(`kept ${tmp} (result.json, cache/nvim/lsp.log, state/nvim/lsp.log)`);
  else fs.rmSync(tmp, { recursive: true, force: true });
};
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { cleanup(false); process.exit(130); });

// ------------------------------------------------------------------ run nvim
const env = { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'config'), XDG_DATA_HOME: path.join(tmp, 'data'),
  XDG_CACHE_HOME: path.join(tmp, 'cache'), XDG_STATE_HOME: path.join(tmp, 'state'), GROUNDWORK_NVIM_CONFIG: path.join(tmp, 'config.json') };
const tRun = Date.now();
let stderr = '';
const code = await new Promise((resolve) => {
  // own process group, so that the watchdog also ends the language server nvim started
  child = spawn(nvimBin, ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${DRIVER}`],
    { cwd: ws, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', () => { /* headless nvim writes nothing useful to stdout */ });
  child.stderr.on('data', (d) => { stderr += d; process.stdout.write(String(d).replace(/^(?=.)/gm, '  | ')); });
  const timer = setTimeout(() => { info(`nvim still running after ${TOTAL_TIMEOUT_MS / 1000}s: killing it`); try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, TOTAL_TIMEOUT_MS);
  child.on('error', (e) => { clearTimeout(timer); stderr += String(e); resolve(-1); });
  child.on('exit', (c, s) => { clearTimeout(timer); resolve(c ?? s); });
});
const runMs = Date.now() - tRun;

let result = null;
try { result = JSON.parse(fs.readFileSync(resultFile, 'utf8')); } catch { /* no result: counted as a failure below */ }
const tests = result?.tests ?? [];
if (!result) tests.push({ name: 'driver wrote its result', ok: false, error: `nvim exited with ${code} and no result.json; stderr: ${stderr.slice(-1500)}` });
else if (code !== 0 && tests.every((t) => t.ok)) tests.push({ name: 'nvim exit status', ok: false, error: `nvim exited with ${code}` });

for (const t of tests) {
  const detail = t.ok && t.detail ? ` ${JSON.stringify(t.detail).slice(0, 200)}` : '';
  console.log(`  ${t.ok ? 'ok  ' : 'FAIL'} ${t.name} (${t.ms ?? 0} ms)${t.ok ? detail : `: ${t.error}`}`);
}
const failed = tests.filter((t) => !t.ok).length;
const passed = tests.length - failed;
if (failed && result?.serverMessages?.length) info(`server log messages:\n  ${result.serverMessages.slice(-15).join('\n  ')}`);
if (failed) {
  for (const f of ['cache/nvim/lsp.log', 'state/nvim/lsp.log']) {
    const p = path.join(tmp, f);
    if (fs.existsSync(p)) info(`last lines of ${f}:\n  ${fs.readFileSync(p, 'utf8').trimEnd().split('\n').slice(-15).join('\n  ')}`);
  }
}
info(`${result?.client ?? nvimVersion}: driver ${result?.totalMs ?? '?'} ms, nvim process ${runMs} ms, total ${Date.now() - t0} ms; server exit ${JSON.stringify(result?.serverExit ?? null)}`);
cleanup(failed > 0 || args.has('--keep'));
console.log(`nvim: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
