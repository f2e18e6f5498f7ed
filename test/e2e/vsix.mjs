#!/usr/bin/env node
// test/e2e/vsix.mjs — the packaged extension in a genuine VS Code (npm run test:vsix).
//
// Packages the .vsix (scripts/package.mjs, vsce --no-dependencies), installs it with
// `code-server --install-extension FILE.vsix` into a private extensions dir, then opens a fresh
// temporary workspace (test/fixtures/e2e-workspace + the repo's corpus/) in that code-server through
// headless Chromium (playwright-core), without extensionDevelopmentPath: what runs is the installed
// .vsix. A short UI scenario: the status bar shows "4 sources", typing ` [@` opens the completion
// list with the corpus keys, Problems lists unknown-source for zagsuren2025. Measures the
// extension's activation time from the logs: extension host log (`_doActivateExtension
// groundwork.groundwork`) to the Groundwork output channel's first "N sources · M passages" line.
//
//   node test/e2e/vsix.mjs [--vsix FILE] [--build] [--keep]
//     --vsix FILE  install this .vsix instead of packaging one (into the temp dir)
//     --build      npm run build before packaging (default: only when dist/ is missing)
//     --keep       keep the temp dir (server state + logs)
//
// Same tools and install prefix as test/e2e/run.mjs (npm run setup). Screenshots and logs go to
// ci-artifacts/vsix/. The last lines give the .vsix size and the activation time; the very last
// is `vsix: N passed, N failed`. Exit code: 0 all passed, 1 a check failed, 2 setup error.
import { createRequire } from 'node:module';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/e2e-workspace');
const ARTIFACTS = path.join(ROOT, 'ci-artifacts/vsix');
const UI_FILE = 'briefs/sample-b.md';
const TOTAL_TIMEOUT_MS = 3 * 60_000;
const STEP_TIMEOUT_MS = 30_000;
const mod = 'Control';

const argv = process.argv.slice(2);
const opts = { vsix: null, build: false, keep: false };
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--vsix' && argv[i + 1]) opts.vsix = path.resolve(argv[++i]);
  else if (argv[i] === '--build') opts.build = true;
  else if (argv[i] === '--keep') opts.keep = true;
  else { console.error(`unknown argument ${argv[i]}\nusage: node test/e2e/vsix.mjs [--vsix FILE] [--build] [--keep]`); process.exit(2); }
}

const t0 = Date.now();
const secs = (ms) => (ms / 1000).toFixed(1);
const info = (m) => process.stdout.write(`[vsix +${secs(Date.now() - t0)}s] ${m}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const results = []; // { name, ok, ms, error }
const metrics = {};
function setupError(m) {
  console.error(`vsix: setup error: ${m}`);
  console.log('vsix: 0 passed, 1 failed');
  process.exit(2);
}

// ------------------------------------------------------------------ prerequisites
const candidates = process.env.GROUNDWORK_E2E_PREFIX ? [process.env.GROUNDWORK_E2E_PREFIX]
  : ['/opt/groundwork-e2e', path.join(os.homedir(), '.cache/groundwork-e2e')];
const PREFIX = candidates.find((p) => fs.existsSync(path.join(p, 'node_modules/code-server/out/node/entry.js')));
if (!PREFIX) setupError(`code-server is not installed (looked in ${candidates.join(', ')}). Run \`npm run setup\` first.`);
const CODE_SERVER = path.join(PREFIX, 'node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM)) setupError(`no Chromium at ${CHROMIUM}. Run \`npm run setup\`.`);
let chromium;
try { ({ chromium } = createRequire(path.join(PREFIX, 'package.json'))('playwright-core')); } catch { setupError(`playwright-core is missing from ${PREFIX}. Run \`npm run setup\`.`); }
for (const f of [FIXTURE, path.join(ROOT, 'corpus')]) if (!fs.existsSync(f)) setupError(`${path.relative(ROOT, f)} is missing`);
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const EXT_ID = `${pkg.publisher}.${pkg.name}`;

// ------------------------------------------------------------------ temp dir, processes, cleanup
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-vsix-'));
const state = path.join(tmp, 's'); // short: vscode-ipc-*.sock paths must stay < 108 bytes
const workspace = path.join(tmp, 'workspace');
const children = new Set();
function killAll() {
  for (const c of children) { try { process.kill(-c.pid, 'SIGKILL'); } catch { /* gone */ } }
  children.clear();
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { info(`${sig}: stopping`); killAll(); fs.rmSync(tmp, { recursive: true, force: true }); process.exit(130); });

function finish(code) {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  for (const r of results.filter((x) => !x.ok)) console.log(`  FAILED ${r.name}: ${r.error ?? ''}`);
  const keep = failed > 0 || opts.keep;
  killAll();
  if (keep) info(`kept ${tmp} (s/code-server.log, s/user-data/logs/*/exthost1/ hold the extension host and output channel logs)`);
  else fs.rmSync(tmp, { recursive: true, force: true });
  info(`total ${secs(Date.now() - t0)}s; artifacts in ${path.relative(ROOT, ARTIFACTS)}/`);
  console.log(`vsix size: ${metrics.vsixBytes != null ? `${(metrics.vsixBytes / 1024 / 1024).toFixed(2)} MB (${metrics.vsixBytes} bytes)` : 'n/a'}`);
  console.log(`install (code-server --install-extension): ${metrics.installMs != null ? `${metrics.installMs} ms` : 'n/a'}`);
  console.log(`activation: ${metrics.activation ?? 'n/a'}`);
  console.log(`vsix: ${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed > 0 || passed === 0 ? 1 : 0));
}
const watchdog = setTimeout(() => {
  results.push({ name: 'whole vsix run within the time limit', ok: false, error: `exceeded ${TOTAL_TIMEOUT_MS / 1000}s` });
  finish(1);
}, TOTAL_TIMEOUT_MS);
watchdog.unref();

let failed = false;
async function step(name, fn, timeout = STEP_TIMEOUT_MS, onFail) {
  if (failed) { results.push({ name, ok: false, ms: 0, error: 'skipped after an earlier failure' }); return; }
  const ts = Date.now();
  let timer;
  try {
    await Promise.race([fn(), new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`step timed out after ${timeout / 1000}s`)), timeout); })]);
    results.push({ name, ok: true, ms: Date.now() - ts });
    info(`ok   ${name} (${Date.now() - ts} ms)`);
  } catch (e) {
    failed = true;
    results.push({ name, ok: false, ms: Date.now() - ts, error: String(e.message || e) });
    info(`FAIL ${name}: ${e.message || e}`);
    if (onFail) await onFail(name).catch(() => {});
  } finally { clearTimeout(timer); }
}

function run(cmd, args, options = {}) { // spawn in its own process group, resolve { code, out }
  return new Promise((resolve) => {
    const c = spawn(cmd, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(c);
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (out += d));
    c.on('error', (e) => { children.delete(c); resolve({ code: -1, out: out + String(e) }); });
    c.on('exit', (code) => { children.delete(c); resolve({ code, out }); });
  });
}

fs.rmSync(ARTIFACTS, { recursive: true, force: true });
fs.mkdirSync(ARTIFACTS, { recursive: true });

// ------------------------------------------------------------------ 1. package
let vsix = opts.vsix;
await step(opts.vsix ? `use ${path.basename(opts.vsix)}` : 'package the .vsix (scripts/package.mjs)', async () => {
  if (!vsix) {
    vsix = path.join(tmp, `${pkg.name}-${pkg.version}.vsix`);
    const needBuild = opts.build || ['extension.js', 'server.js', 'indexWorker.js', 'cli.js'].some((f) => !fs.existsSync(path.join(ROOT, 'dist', f)));
    const r = await run(process.execPath, [path.join(ROOT, 'scripts/package.mjs'), '--out', vsix, ...(needBuild ? [] : ['--no-build'])], { cwd: ROOT });
    process.stdout.write(r.out.split('\n').filter((l) => /^\[package|^vsix:|ERROR|WARNING|^package:/.test(l)).map((l) => `  | ${l}\n`).join(''));
    if (r.code !== 0) throw new Error(`scripts/package.mjs exited with ${r.code}:\n${r.out.slice(-2000)}`);
  }
  if (!fs.existsSync(vsix)) throw new Error(`no ${vsix}`);
  metrics.vsixBytes = fs.statSync(vsix).size;
}, 120_000);

// ------------------------------------------------------------------ 2. install into a private code-server
for (const d of ['user-data/User', 'extensions', 'config', 'data', 'tmp']) fs.mkdirSync(path.join(state, d), { recursive: true });
fs.writeFileSync(path.join(state, 'user-data/User/settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none', 'workbench.welcomePage.walkthroughs.openOnInstall': false, 'workbench.tips.enabled': false,
  'workbench.enableExperiments': false, 'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
  'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false, 'extensions.ignoreRecommendations': true,
  'git.enabled': false, 'git.openRepositoryInParentFolders': 'never', 'editor.accessibilitySupport': 'off',
  'files.autoSave': 'off', 'chat.commandCenter.enabled': false, 'window.commandCenter': false,
}, null, 2));
fs.writeFileSync(path.join(state, 'config.yaml'), '');
const csEnv = { ...process.env, XDG_CONFIG_HOME: path.join(state, 'config'), XDG_DATA_HOME: path.join(state, 'data'), EXTENSIONS_GALLERY: '{}' };
if (path.join(state, 'tmp').length < 50) csEnv.TMPDIR = path.join(state, 'tmp');
const csCommon = ['--user-data-dir', path.join(state, 'user-data'), '--extensions-dir', path.join(state, 'extensions'), '--config', path.join(state, 'config.yaml')];

let installedDir = null;
await step('code-server --install-extension installs the .vsix', async () => {
  const ts = Date.now();
  const r = await run(process.execPath, [CODE_SERVER, ...csCommon, '--install-extension', vsix], { env: csEnv });
  metrics.installMs = Date.now() - ts;
  fs.writeFileSync(path.join(ARTIFACTS, 'install.log'), r.out);
  if (r.code !== 0 || !/successfully installed/i.test(r.out)) throw new Error(`install failed (exit ${r.code}): ${r.out.slice(-1500)}`);
  const dirs = fs.readdirSync(path.join(state, 'extensions')).filter((d) => d.toLowerCase().startsWith(`${EXT_ID.toLowerCase()}-`));
  if (dirs.length !== 1) throw new Error(`expected one ${EXT_ID}-* folder in the extensions dir, found ${JSON.stringify(fs.readdirSync(path.join(state, 'extensions')))}`);
  installedDir = path.join(state, 'extensions', dirs[0]);
  for (const f of ['package.json', 'dist/extension.js', 'dist/server.js', 'dist/indexWorker.js', 'syntaxes/citations.tmLanguage.json']) {
    if (!fs.existsSync(path.join(installedDir, f))) throw new Error(`the installed extension lacks ${f}`);
  }
  if (fs.existsSync(path.join(installedDir, 'node_modules'))) throw new Error('the installed extension has a node_modules folder');
  info(`installed ${dirs[0]} in ${metrics.installMs} ms (${fs.readdirSync(installedDir, { recursive: true }).length} entries)`);
}, 60_000);

// ------------------------------------------------------------------ 3. server + browser
fs.cpSync(FIXTURE, workspace, { recursive: true });
fs.cpSync(path.join(ROOT, 'corpus'), path.join(workspace, 'corpus'), { recursive: true });
for (const f of fs.readdirSync(workspace, { recursive: true }).map((f) => path.join(workspace, String(f)))) {
  fs.chmodSync(f, fs.statSync(f).isDirectory() ? 0o755 : 0o644); // fixtures are read-only in the repo
}

const freePort = () => new Promise((resolve, reject) => {
  const s = net.createServer();
  s.on('error', reject);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const healthy = (url) => new Promise((resolve) => {
  http.get(`${url}healthz`, (r) => { r.resume(); resolve(r.statusCode === 200); }).on('error', () => resolve(false));
});

let server = null;
let url = null;
await step('code-server starts', async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}/`;
  const log = fs.openSync(path.join(state, 'code-server.log'), 'w');
  server = spawn(process.execPath, [CODE_SERVER, ...csCommon, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--disable-proxy', '--ignore-last-opened'], { detached: true, stdio: ['ignore', log, log], env: csEnv });
  fs.closeSync(log);
  children.add(server);
  let exited = false;
  server.on('exit', () => { exited = true; children.delete(server); });
  const ts = Date.now();
  while (!(await healthy(url))) {
    if (exited) throw new Error(`code-server exited:\n${fs.readFileSync(path.join(state, 'code-server.log'), 'utf8').slice(-2000)}`);
    if (Date.now() - ts > 30_000) throw new Error('code-server did not answer /healthz within 30 s');
    await sleep(100);
  }
  metrics.serverStartMs = Date.now() - ts;
}, 40_000);

let browser, page;
const consoleErrors = [];
let shotNo = 0;
const shot = async (name) => {
  const file = path.join(ARTIFACTS, `${String(++shotNo).padStart(2, '0')}-${name.replace(/[^A-Za-z0-9]+/g, '-')}.png`);
  await page?.screenshot({ path: file });
  return file;
};
const onFail = (name) => shot(`FAILED-${name}`);

// ---- DOM helpers (keyboard in, DOM out), as in test/e2e/run.mjs
const until = async (fn, timeout, what, interval = 150) => {
  const end = Date.now() + timeout;
  let err;
  for (;;) {
    try { const v = await fn(); err = null; if (v) return v; } catch (e) { err = e; }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${typeof what === 'function' ? what() : what}${err ? `: ${err.message}` : ''}`);
    await sleep(interval);
  }
};
const visible = (sel) => page.evaluate((s) => [...document.querySelectorAll(s)].some((e) => {
  const r = e.getBoundingClientRect(); const cs = getComputedStyle(e);
  return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
}), sel);
const quickInputOpen = async (keys) => {
  for (let attempt = 0; attempt < 4; attempt++) {
    await page.keyboard.press(keys);
    try { await until(() => visible('.quick-input-widget .quick-input-box input'), 1500, 'quick input'); return; } catch { /* retry */ }
  }
  throw new Error(`the quick input did not open with ${keys}`);
};
const activeEditor = () => page.evaluate(() => {
  const tab = document.querySelector('.tabs-container .tab.active');
  const sel = document.querySelector('[id="status.editor.selection"]');
  return { tab: tab ? (tab.getAttribute('data-resource-name') || tab.textContent.trim()) : null,
    position: sel ? sel.textContent.trim() : null, focused: !!document.activeElement?.closest('.monaco-editor') };
});
const focusEditor = async () => {
  await page.keyboard.press(`${mod}+1`);
  await until(() => page.evaluate(() => !!document.activeElement?.closest('.monaco-editor')), 3000, 'editor focus');
};
const gotoPos = async (line, character) => { // 0-based
  const want = `Ln ${line + 1}, Col ${character + 1}`;
  for (let attempt = 1; ; attempt++) {
    await focusEditor();
    await quickInputOpen(`${mod}+G`);
    await page.keyboard.type(`${line + 1}:${character + 1}`, { delay: 10 });
    await sleep(100);
    await page.keyboard.press('Enter');
    try { await until(async () => (await activeEditor()).position?.startsWith(want), 3000, want); return; } catch {
      if (attempt === 3) throw new Error(`the cursor did not reach ${want}: ${(await activeEditor()).position}`);
    }
  }
};
const readSuggest = () => page.evaluate(() => {
  const w = [...document.querySelectorAll('.editor-widget.suggest-widget')].find((e) => e.classList.contains('visible'));
  if (!w) return { visible: false, items: [] };
  const rows = [...w.querySelectorAll('.monaco-list-row')].sort((a, b) => (parseFloat(a.style.top) || 0) - (parseFloat(b.style.top) || 0));
  return { visible: true, items: rows.map((r) => (r.querySelector('.label-name')?.textContent ?? r.textContent).trim()) };
});
const readProblems = () => page.evaluate(() => {
  const panel = document.querySelector('.markers-panel');
  const rows = (panel ? [...panel.querySelectorAll('.monaco-list-row')] : []);
  return rows.filter((r) => r.querySelector('.marker-icon')).map((r) => ({
    message: (r.querySelector('.marker-message-line .monaco-highlighted-label') || r.querySelector('.marker-message') || r).textContent.trim(),
    source: r.querySelector('.marker-source')?.textContent.trim() ?? null, code: r.querySelector('.marker-code')?.textContent.trim() ?? null,
    error: /error/.test(r.querySelector('.marker-icon')?.className ?? ''), aria: r.getAttribute('aria-label') ?? '' }));
});
const statusItems = () => page.evaluate(() => [...document.querySelectorAll('.part.statusbar .statusbar-item')].map((e) => e.textContent.trim()).filter(Boolean));
const lineOf = (needle, offset) => {
  const lines = fs.readFileSync(path.join(workspace, UI_FILE), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`${JSON.stringify(needle)} is not in ${UI_FILE}`);
  return [line, lines[line].indexOf(needle) + offset];
};

try {
  await step('Chromium starts', async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource|ENOTFOUND/.test(m.text())) consoleErrors.push(m.text().slice(0, 300)); });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${String(e).slice(0, 300)}`));
  });

  let tOpen;
  await step('workbench loads the workspace (no extensionDevelopmentPath)', async () => {
    await page.goto(`${url}?${new URLSearchParams({ folder: workspace })}`);
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60_000 });
    await until(() => visible('.explorer-folders-view .monaco-list-row'), 30_000, 'the explorer to list the workspace');
  }, 60_000, onFail);

  await step(`Quick Open ${UI_FILE}`, async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        await quickInputOpen(`${mod}+P`);
        await page.keyboard.type(UI_FILE, { delay: 10 });
        await until(async () => (await page.evaluate(() => [...document.querySelectorAll('.quick-input-widget .quick-input-list .monaco-list-row')]
          .map((r) => r.getAttribute('aria-label') || r.textContent))).some((r) => r.includes('sample-b.md')), 10_000, 'Quick Open to list the brief');
        await page.keyboard.press('Enter');
        await until(async () => { const a = await activeEditor(); return a.tab === 'sample-b.md' && a.focused; }, 10_000, 'the brief in a focused editor');
        tOpen = Date.now();
        return;
      } catch (e) {
        await page.keyboard.press('Escape');
        if (attempt === 3) throw e;
        await sleep(500);
      }
    }
  }, STEP_TIMEOUT_MS, onFail);

  await step('status bar shows "4 sources · N passages"', async () => {
    let items = [];
    const ready = (t) => /\b4 sources\b.*\bpassages\b/.test(t); // the Groundwork item, not the indexing progress
    await until(async () => (items = await statusItems()).some(ready), 45_000, () => `the Groundwork status item (status bar: ${JSON.stringify(items)})`);
    metrics.openToReadyMs = Date.now() - tOpen;
    info(`status bar: ${items.find(ready)} (${metrics.openToReadyMs} ms after the brief opened)`);
    await shot('status');
  }, 50_000, onFail);

  await step('typing " [@" shows the completion list with the corpus keys', async () => {
    await gotoPos(...lineOf('social and economic factors.', 'social and economic factors'.length));
    await page.keyboard.type(' [@', { delay: 60 });
    let r;
    let retried = false;
    await until(async () => {
      r = await readSuggest();
      if (r.visible && ['zagdsuren2025', 'talantbekova2024', 'najibullah2008', 'russia-kyrgyzstan-2023'].every((k) => r.items.includes(k))) return true;
      if (!r.visible && !retried) { retried = true; await page.keyboard.press(`${mod}+Space`); }
      return false;
    }, 20_000, () => `the suggest widget with the 4 corpus keys (last: ${JSON.stringify(r)})`);
    await sleep(300);
    r = await readSuggest();
    info(`suggest widget: ${r.items.join(' | ')}`);
    await shot('completion');
    if (r.items[0] !== 'zagdsuren2025') throw new Error(`first suggestion is ${r.items[0]}, expected zagdsuren2025`);
    await page.keyboard.press('Escape');
  }, STEP_TIMEOUT_MS, onFail);

  await step('Problems lists unknown-source (groundwork) for zagsuren2025', async () => {
    if (!(await visible('.markers-panel'))) {
      for (let attempt = 0; attempt < 3 && !(await visible('.markers-panel')); attempt++) {
        await page.keyboard.press(`${mod}+Shift+M`);
        await until(() => visible('.markers-panel'), 3000, 'the Problems panel').catch(() => {});
      }
    }
    const filter = page.locator('.markers-panel-container input[placeholder^="Filter"], .panel input[placeholder^="Filter (e.g."]').first();
    await filter.click({ timeout: 5000 });
    await filter.fill("Unknown citation key 'zagsuren2025'");
    let markers = [];
    await until(async () => (markers = await readProblems()).some((m) => /zagsuren2025/.test(m.message) && /unknown-source/.test(`${m.code} ${m.aria}`)
      && /groundwork/.test(`${m.source} ${m.aria}`) && m.error), 20_000, () => `the unknown-source marker (markers: ${JSON.stringify(markers).slice(0, 600)})`);
    await shot('problems');
  }, STEP_TIMEOUT_MS, onFail);
} catch (e) {
  results.push({ name: 'vsix harness', ok: false, error: String(e.stack || e) });
} finally {
  if (failed && consoleErrors.length) info(`browser console errors:\n  ${consoleErrors.slice(0, 10).join('\n  ')}`);
  if (browser) await browser.close().catch(() => {});
  if (server && server.exitCode === null) {
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ }
    for (let i = 0; i < 50 && server.exitCode === null && server.signalCode === null; i++) await sleep(100);
  }
  killAll();
}

// ------------------------------------------------------------------ activation time, from the logs
// extension host log: "2026-11-24 04:29:08.133 [info] ExtensionService#_doActivateExtension groundwork.groundwork, ..."
// Groundwork output channel: "[04:29:10.945] 4 sources · 247 passages from bibliography.json (97 ms)"
const logsDir = path.join(state, 'user-data/logs');
if (fs.existsSync(logsDir)) {
  fs.cpSync(logsDir, path.join(ARTIFACTS, 'logs'), { recursive: true });
  fs.copyFileSync(path.join(state, 'code-server.log'), path.join(ARTIFACTS, 'logs/code-server.log'));
  const files = fs.readdirSync(logsDir, { recursive: true }).map(String);
  const hostLog = files.filter((f) => /exthost\d*\/remoteexthost\.log$/.test(f)).map((f) => fs.readFileSync(path.join(logsDir, f), 'utf8')).join('\n');
  const outLog = files.filter((f) => /exthost\d*\/.*Groundwork[^/]*\.log$/.test(f)).map((f) => fs.readFileSync(path.join(logsDir, f), 'utf8')).join('\n');
  const act = new RegExp(`^(\\d{4}-\\d\\d-\\d\\d) (\\d\\d):(\\d\\d):(\\d\\d)\\.(\\d{3}) .*_doActivateExtension ${EXT_ID.replace('.', '\\.')}\\b.*?(activationEvent: '[^']*')?$`, 'mi').exec(hostLog);
  const tod = (h, m, s, ms) => ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(ms);
  const first = /^\[(\d\d):(\d\d):(\d\d)\.(\d{3})\]/m.exec(outLog);
  const ready = /^\[(\d\d):(\d\d):(\d\d)\.(\d{3})\] (\d+ sources · \d+ passages.*)$/m.exec(outLog);
  if (act && ready) {
    const a = tod(act[2], act[3], act[4], act[5]);
    let d = tod(ready[1], ready[2], ready[3], ready[4]) - a;
    if (d < -12 * 3600_000) d += 24 * 3600_000; // past midnight
    const dFirst = first ? tod(first[1], first[2], first[3], first[4]) - a : null;
    metrics.activation = `${d} ms from "_doActivateExtension ${EXT_ID}" (${act[6] ?? 'activated'}) to the first corpus status "${ready[5]}"`
      + (dFirst != null && dFirst >= 0 ? `; ${dFirst} ms to the server's first log line` : '');
    info(`activation: ${metrics.activation}`);
  } else {
    metrics.activation = `not found in the logs (${act ? '' : 'no activation line in remoteexthost.log; '}${ready ? '' : 'no "N sources · M passages" line in the Groundwork output channel'})`;
  }
  if (failed && outLog) info(`Groundwork output channel (last lines):\n  ${outLog.trimEnd().split('\n').slice(-20).join('\n  ')}`);
}
if (metrics.serverStartMs != null) info(`code-server start: ${metrics.serverStartMs} ms; brief opened -> "4 sources" in the status bar: ${metrics.openToReadyMs ?? 'n/a'} ms`);
for (const r of results) info(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.ms ?? 0} ms`);
finish();
