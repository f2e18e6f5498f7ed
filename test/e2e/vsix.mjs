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
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, FIXTURE, secs, logger, locateTools, killGroup, termGroup, cleanupOnExit, prepareState, copyWorkspace,
  startCodeServer, copyServerLogs, launchBrowser, VIEWPORT, collectConsoleErrors, screenshots, stepRunner, lineOf,
  workbench } from './lib.mjs';

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

const { t0, info } = logger('vsix');
const results = []; // { name, ok, ms, error }
const metrics = {};
function setupError(m) {
  console.error(`vsix: setup error: ${m}`);
  console.log('vsix: 0 passed, 1 failed');
  process.exit(2);
}

// ------------------------------------------------------------------ prerequisites
const { codeServer: CODE_SERVER, chromiumBin: CHROMIUM, chromium } = locateTools(setupError, {
  lookedIn: (candidates) => candidates.join(', '), chromiumHint: 'Run `npm run setup`.' });
for (const f of [FIXTURE, path.join(ROOT, 'corpus')]) if (!fs.existsSync(f)) setupError(`${path.relative(ROOT, f)} is missing`);
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const EXT_ID = `${pkg.publisher}.${pkg.name}`;

// ------------------------------------------------------------------ temp dir, processes, cleanup
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-vsix-'));
const state = path.join(tmp, 's'); // short: vscode-ipc-*.sock paths must stay < 108 bytes
const workspace = path.join(tmp, 'workspace');
const children = new Set();
function killAll() {
  for (const c of children) killGroup(c);
  children.clear();
}
cleanupOnExit(killAll, (sig) => { info(`${sig}: stopping`); killAll(); fs.rmSync(tmp, { recursive: true, force: true }); });

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

const steps = stepRunner({ log: info, record: (name, ok, ms, error) => results.push({ name, ok, ms, error }), timeout: STEP_TIMEOUT_MS });
const step = steps.step;

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
    const needBuild = opts.build || ['extension.js', 'server.js', 'serverMain.js', 'indexWorker.js', 'referenceWorker.js', 'pdfjs.js', 'citationJs.js', 'cli.js'].some((f) => !fs.existsSync(path.join(ROOT, 'dist', f)));
    const r = await run(process.execPath, [path.join(ROOT, 'scripts/package.mjs'), '--out', vsix, ...(needBuild ? [] : ['--no-build'])], { cwd: ROOT });
    process.stdout.write(r.out.split('\n').filter((l) => /^\[package|^vsix:|ERROR|WARNING|^package:/.test(l)).map((l) => `  | ${l}\n`).join(''));
    if (r.code !== 0) throw new Error(`scripts/package.mjs exited with ${r.code}:\n${r.out.slice(-2000)}`);
  }
  if (!fs.existsSync(vsix)) throw new Error(`no ${vsix}`);
  metrics.vsixBytes = fs.statSync(vsix).size;
}, 120_000);

// ------------------------------------------------------------------ 2. install into a private code-server
const { env: csEnv, args: csCommon } = prepareState(state);

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
  for (const f of ['package.json', 'dist/extension.js', 'dist/server.js', 'dist/serverMain.js', 'dist/indexWorker.js', 'dist/referenceWorker.js', 'dist/pdfjs.js', 'dist/citationJs.js', 'syntaxes/citations.tmLanguage.json']) {
    if (!fs.existsSync(path.join(installedDir, f))) throw new Error(`the installed extension lacks ${f}`);
  }
  if (fs.existsSync(path.join(installedDir, 'node_modules'))) throw new Error('the installed extension has a node_modules folder');
  info(`installed ${dirs[0]} in ${metrics.installMs} ms (${fs.readdirSync(installedDir, { recursive: true }).length} entries)`);
}, 60_000);

// ------------------------------------------------------------------ 3. server + browser
copyWorkspace(workspace, { chmodAll: true });

let server = null;
let url = null;
await step('code-server starts', async () => {
  const srv = await startCodeServer({ codeServer: CODE_SERVER, state, env: csEnv, args: csCommon, tailChars: 2000,
    onSpawn: (s) => { server = s.proc; url = s.url; children.add(server); server.on('exit', () => children.delete(server)); } });
  metrics.serverStartMs = srv.startMs;
}, 40_000);

let browser, page;
let consoleErrors = [];
const shot = screenshots(() => page, ARTIFACTS);
const onFail = (name) => shot(`FAILED-${name}`);
// the workbench helpers (keyboard in, DOM out), shared with test/e2e/run.mjs; wb is set once the page exists
let wb;
const keysOf = (r) => r && { visible: r.visible, items: r.items.map((i) => i.label.trim()) };

try {
  await step('Chromium starts', async () => {
    browser = await launchBrowser(chromium, CHROMIUM);
    page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
    consoleErrors = collectConsoleErrors(page);
    wb = workbench(page, mod);
  });

  let tOpen;
  await step('workbench loads the workspace (no extensionDevelopmentPath)', async () => {
    await wb.load(url, new URLSearchParams({ folder: workspace }));
  }, 60_000, onFail);

  await step(`Quick Open ${UI_FILE}`, async () => {
    await wb.quickOpen(UI_FILE);
    tOpen = Date.now();
  }, STEP_TIMEOUT_MS, onFail);

  await step('status bar shows "4 sources · N passages"', async () => {
    let items = [];
    const ready = (t) => /\b4 sources\b.*\bpassages\b/.test(t); // the Groundwork item, not the indexing progress
    await wb.until(async () => (items = await wb.statusItems()).some(ready), 45_000, () => `the Groundwork status item (status bar: ${JSON.stringify(items)})`);
    metrics.openToReadyMs = Date.now() - tOpen;
    info(`status bar: ${items.find(ready)} (${metrics.openToReadyMs} ms after the brief opened)`);
    await shot('status');
  }, 50_000, onFail);

  await step('typing " [@" shows the completion list with the corpus keys', async () => {
    await wb.gotoPos(...lineOf(workspace, UI_FILE, 'social and economic factors.', 'social and economic factors'.length));
    await page.keyboard.type(' [@', { delay: 60 });
    const r = keysOf(await wb.awaitSuggest(
      (w) => ['zagdsuren2025', 'talantbekova2024', 'najibullah2008', 'russia-kyrgyzstan-2023'].every((k) => keysOf(w).items.includes(k)),
      (last) => `the suggest widget with the 4 corpus keys (last: ${JSON.stringify(keysOf(last))})`));
    info(`suggest widget: ${r.items.join(' | ')}`);
    await shot('completion');
    if (r.items[0] !== 'zagdsuren2025') throw new Error(`first suggestion is ${r.items[0]}, expected zagdsuren2025`);
    await page.keyboard.press('Escape');
  }, STEP_TIMEOUT_MS, onFail);

  await step('Problems lists unknown-source (groundwork) for zagsuren2025', async () => {
    await wb.showProblems(); // if it did not open, the filter box below is not found
    await wb.filterProblems("Unknown citation key 'zagsuren2025'");
    let markers = [];
    await wb.until(async () => (markers = await wb.readProblems()).some((m) => /zagsuren2025/.test(m.message) && /unknown-source/.test(`${m.code} ${m.aria}`)
      && /groundwork/.test(`${m.source} ${m.aria}`) && m.severity === 'error'), 20_000, () => `the unknown-source marker (markers: ${JSON.stringify(markers).slice(0, 600)})`);
    await shot('problems');
  }, STEP_TIMEOUT_MS, onFail);
} catch (e) {
  results.push({ name: 'vsix harness', ok: false, error: String(e.stack || e) });
} finally {
  if (steps.failed && consoleErrors.length) info(`browser console errors:\n  ${consoleErrors.slice(0, 10).join('\n  ')}`);
  if (browser) await browser.close().catch(() => {});
  if (server && server.exitCode === null) await termGroup(server, () => server.exitCode !== null || server.signalCode !== null);
  killAll();
}

// ------------------------------------------------------------------ activation time, from the logs
// extension host log: "2026-11-24 04:29:08.133 [info] ExtensionService#_doActivateExtension groundwork.groundwork, ..."
// Groundwork output channel: "[04:29:10.945] 4 sources · 247 passages from bibliography.json (97 ms)"
const logsDir = path.join(state, 'user-data/logs');
if (copyServerLogs(state, path.join(ARTIFACTS, 'logs'))) {
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
  if (steps.failed && outLog) info(`Groundwork output channel (last lines):\n  ${outLog.trimEnd().split('\n').slice(-20).join('\n  ')}`);
}
if (metrics.serverStartMs != null) info(`code-server start: ${metrics.serverStartMs} ms; brief opened -> "4 sources" in the status bar: ${metrics.openToReadyMs ?? 'n/a'} ms`);
for (const r of results) info(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.ms ?? 0} ms`);
finish();
