// test/e2e/lib.mjs — what test/e2e/run.mjs and test/e2e/vsix.mjs share: finding the tools that
// `npm run setup` installs (code-server, playwright-core, Chromium), a private code-server in its
// own process group (state dir, free port, /healthz, stop), a step runner with per-step timeouts,
// screenshots, and the workbench helpers that drive VS Code with the keyboard and read the DOM.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURE = path.join(ROOT, 'test/fixtures/e2e-workspace');
const ENTRY = 'node_modules/code-server/out/node/entry.js';

export const secs = (ms) => (ms / 1000).toFixed(1);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `[tag +1.2s] message` lines on stdout, timed from the call. */
export function logger(tag) {
  const t0 = Date.now();
  const info = (m) => process.stdout.write(`[${tag} +${secs(Date.now() - t0)}s] ${m}\n`);
  return { t0, info };
}

// ------------------------------------------------------------------ prerequisites
/**
 * The install prefix (same order as scripts/setup.sh; an explicit GROUNDWORK_E2E_PREFIX is the only
 * place looked at), code-server's entry point, the Chromium binary and playwright-core's chromium.
 * Calls setupError(message) (which exits) when something is missing.
 */
export function locateTools(setupError, { lookedIn, chromiumHint }) {
  const candidates = process.env.GROUNDWORK_E2E_PREFIX ? [process.env.GROUNDWORK_E2E_PREFIX]
    : ['/opt/groundwork-e2e', path.join(os.homedir(), '.cache/groundwork-e2e')];
  const prefix = candidates.find((p) => fs.existsSync(path.join(p, ENTRY))) ?? null;
  if (!prefix) setupError(`code-server is not installed (looked in ${lookedIn(candidates)}). Run \`npm run setup\` first.`);
  const chromiumBin = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(chromiumBin)) setupError(`no Chromium at ${chromiumBin}. ${chromiumHint}`);
  const requireFromPrefix = createRequire(path.join(prefix, 'package.json'));
  let chromium;
  try { ({ chromium } = requireFromPrefix('playwright-core')); } catch { setupError(`playwright-core is missing from ${prefix}. Run \`npm run setup\`.`); }
  return { prefix, codeServer: path.join(prefix, ENTRY), chromiumBin, chromium, requireFromPrefix };
}

// ------------------------------------------------------------------ processes
/** Sends sig to a detached child's whole process group (it may be gone already). */
export function killGroup(proc, sig = 'SIGKILL') {
  try { process.kill(-proc.pid, sig); } catch { /* gone */ }
}

/** SIGTERM to the process group, then up to 5 s for it to exit (the caller SIGKILLs what is left). */
export async function termGroup(proc, exited) {
  killGroup(proc, 'SIGTERM');
  for (let i = 0; i < 50 && !exited(); i++) await sleep(100);
}

/** killAll on exit; on SIGINT/SIGTERM onSignal(sig) (which must stop everything), then exit 130. */
export function cleanupOnExit(killAll, onSignal) {
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { onSignal(sig); process.exit(130); });
}

// ------------------------------------------------------------------ code-server
export const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'editor.accessibilitySupport': 'off',
  'files.autoSave': 'off',
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
};

/**
 * A code-server state dir (keep its path short: vscode-ipc-*.sock paths must stay < 108 bytes):
 * user settings, an empty config, and the environment and options that point code-server at it.
 */
export function prepareState(state, extraEnv = {}) {
  for (const d of ['user-data/User', 'extensions', 'config', 'data', 'tmp']) fs.mkdirSync(path.join(state, d), { recursive: true });
  fs.writeFileSync(path.join(state, 'user-data/User/settings.json'), JSON.stringify(SETTINGS, null, 2));
  fs.writeFileSync(path.join(state, 'config.yaml'), '');
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(state, 'config'), XDG_DATA_HOME: path.join(state, 'data'),
    EXTENSIONS_GALLERY: '{}', ...extraEnv };
  if (path.join(state, 'tmp').length < 50) env.TMPDIR = path.join(state, 'tmp');
  const args = ['--user-data-dir', path.join(state, 'user-data'), '--extensions-dir', path.join(state, 'extensions'),
    '--config', path.join(state, 'config.yaml')];
  return { env, args };
}

/** A fresh workspace: the fixture briefs plus the repository's corpus/, made writable. */
export function copyWorkspace(workspace, { chmodAll = false } = {}) {
  fs.cpSync(FIXTURE, workspace, { recursive: true });
  fs.cpSync(path.join(ROOT, 'corpus'), path.join(workspace, 'corpus'), { recursive: true });
  if (chmodAll) {
    for (const f of fs.readdirSync(workspace, { recursive: true }).map((f) => path.join(workspace, String(f)))) {
      fs.chmodSync(f, fs.statSync(f).isDirectory() ? 0o755 : 0o644); // fixtures are read-only in the repo
    }
  } else {
    for (const f of fs.readdirSync(path.join(workspace, 'corpus'))) fs.chmodSync(path.join(workspace, 'corpus', f), 0o644);
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

export function healthy(url) {
  return new Promise((resolve) => {
    http.get(`${url}healthz`, (r) => { r.resume(); resolve(r.statusCode === 200); }).on('error', () => resolve(false));
  });
}

/**
 * Starts code-server (detached: its own process group) on a free 127.0.0.1 port with the state dir
 * from prepareState, logging to STATE/code-server.log, and waits up to 30 s for /healthz.
 * onSpawn(srv) runs as soon as the process exists (to register it for cleanup).
 * Resolves srv = { proc, url, exited, startMs }.
 */
export async function startCodeServer({ codeServer, state, env, args, tailChars, onSpawn }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const log = fs.openSync(path.join(state, 'code-server.log'), 'w');
  const proc = spawn(process.execPath, [codeServer, ...args, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--disable-proxy', '--ignore-last-opened'],
  { detached: true, stdio: ['ignore', log, log], env });
  fs.closeSync(log);
  const srv = { proc, url, exited: false, startMs: null };
  proc.on('exit', () => { srv.exited = true; });
  onSpawn?.(srv);
  const ts = Date.now();
  while (!(await healthy(url))) {
    if (srv.exited) throw new Error(`code-server exited:\n${fs.readFileSync(path.join(state, 'code-server.log'), 'utf8').slice(-tailChars)}`);
    if (Date.now() - ts > 30_000) throw new Error('code-server did not answer /healthz within 30 s');
    await sleep(100);
  }
  srv.startMs = Date.now() - ts;
  return srv;
}

/** Copies STATE/user-data/logs (output channels, extension host) and code-server.log to dest. */
export function copyServerLogs(state, dest) {
  const logs = path.join(state, 'user-data/logs');
  if (!fs.existsSync(logs)) return false;
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(logs, dest, { recursive: true });
  fs.copyFileSync(path.join(state, 'code-server.log'), path.join(dest, 'code-server.log'));
  return true;
}

// ------------------------------------------------------------------ browser
export const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
export const VIEWPORT = { width: 1400, height: 900 };

export const launchBrowser = (chromium, executablePath) => chromium.launch({ executablePath, headless: true, args: BROWSER_ARGS });

/** The page's console errors and uncaught exceptions, collected into the returned array. */
export function collectConsoleErrors(page) {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource|ENOTFOUND/.test(m.text())) errors.push(m.text().slice(0, 300)); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${String(e).slice(0, 300)}`));
  return errors;
}

/** shot(name) writes DIR/PREFIXnn-NAME.png (numbered in order) and resolves the file. page: a page or () => page. */
export function screenshots(page, dir, prefix = '') {
  let n = 0;
  return async (name) => {
    const file = path.join(dir, `${prefix}${String(++n).padStart(2, '0')}-${name.replace(/[^A-Za-z0-9]+/g, '-')}.png`);
    await (typeof page === 'function' ? page() : page)?.screenshot({ path: file });
    return file;
  };
}

// ------------------------------------------------------------------ steps
/**
 * step(name, fn, timeout, onFail): runs fn within timeout ms and records the outcome with
 * record(name, ok, ms, error) and a log line; once a step has failed the rest are recorded as
 * skipped. onFail(name) (e.g. a screenshot) runs after a failure; its own errors are ignored.
 */
export function stepRunner({ log, record, timeout: defaultTimeout, onFail: defaultOnFail }) {
  const runner = {
    failed: false,
    async step(name, fn, timeout = defaultTimeout, onFail = defaultOnFail) {
      if (runner.failed) { record(name, false, 0, 'skipped after an earlier failure'); return; }
      const ts = Date.now();
      let timer;
      try {
        await Promise.race([fn(), new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`step timed out after ${timeout / 1000}s`)), timeout); })]);
        record(name, true, Date.now() - ts);
        log(`ok   ${name} (${Date.now() - ts} ms)`);
      } catch (e) {
        runner.failed = true;
        record(name, false, Date.now() - ts, String(e.message || e));
        log(`FAIL ${name}: ${e.message || e}`);
        if (onFail) await onFail(name).catch(() => {});
      } finally { clearTimeout(timer); }
    },
  };
  return runner;
}

/** [line, character] (0-based) of needle in the file ROOTDIR/rel, plus offset. */
export function lineOf(dir, rel, needle, offset = 0) {
  const lines = fs.readFileSync(path.join(dir, rel), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`${JSON.stringify(needle)} is not in ${rel}`);
  return [line, lines[line].indexOf(needle) + offset];
}

// ------------------------------------------------------------------ workbench (keyboard/mouse in, DOM out)
export function workbench(page, mod = 'Control') {
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
  const quickInputRows = () => page.evaluate(() => [...document.querySelectorAll('.quick-input-widget .quick-input-list .monaco-list-row')]
    .map((r) => r.getAttribute('aria-label') || r.textContent));
  const activeEditor = () => page.evaluate(() => {
    const tab = document.querySelector('.tabs-container .tab.active');
    const sel = document.querySelector('[id="status.editor.selection"]');
    return { tab: tab ? (tab.getAttribute('data-resource-name') || tab.textContent.trim()) : null,
      dirty: tab ? tab.classList.contains('dirty') : null, position: sel ? sel.textContent.trim() : null,
      focused: !!document.activeElement?.closest('.monaco-editor') };
  });
  const focusEditor = async () => {
    await page.keyboard.press(`${mod}+1`);
    await until(() => page.evaluate(() => !!document.activeElement?.closest('.monaco-editor')), 3000, 'editor focus');
  };
  const gotoPos = async (line, character) => { // 0-based, like LSP
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
  /** Quick Open (Ctrl+P) a workspace file into a focused editor; three tries. */
  const quickOpen = async (file) => {
    const base = path.basename(file);
    for (let attempt = 1; ; attempt++) {
      try {
        await quickInputOpen(`${mod}+P`);
        await page.keyboard.type(file, { delay: 10 });
        await until(async () => (await quickInputRows()).some((r) => r.includes(base)), 10_000, 'Quick Open to list the brief');
        await page.keyboard.press('Enter');
        await until(async () => { const a = await activeEditor(); return a.tab === base && a.focused; }, 10_000, 'the brief in a focused editor');
        return;
      } catch (e) {
        await page.keyboard.press('Escape');
        if (attempt === 3) throw e;
        await sleep(500);
      }
    }
  };
  /** The visible suggest widget: { visible, items: [{ label, detail, focused }] } in list order. */
  const readSuggest = () => page.evaluate(() => {
    const w = [...document.querySelectorAll('.editor-widget.suggest-widget')].find((e) => e.classList.contains('visible'));
    if (!w) return { visible: false, items: [] };
    const rows = [...w.querySelectorAll('.monaco-list-row')].sort((a, b) => (parseFloat(a.style.top) || 0) - (parseFloat(b.style.top) || 0));
    return { visible: true, items: rows.map((r) => ({ label: r.querySelector('.label-name')?.textContent ?? r.textContent,
      detail: (r.querySelector('.details-label')?.textContent || r.querySelector('.label-description')?.textContent || '').trim(),
      focused: r.classList.contains('focused') })) };
  });
  /**
   * Waits up to 20 s for the suggest widget to show and satisfy ok(widget) (pressing Ctrl+Space
   * once if it is not shown), lets the list settle and reads it again.
   */
  const awaitSuggest = async (ok, what) => {
    let r;
    let retried = false;
    await until(async () => {
      r = await readSuggest();
      if (r.visible && ok(r)) return true;
      if (!r.visible && !retried) { retried = true; await page.keyboard.press(`${mod}+Space`); }
      return false;
    }, 20_000, () => what(r));
    await sleep(300); // let the list settle, then read it again
    return readSuggest();
  };
  /** The Problems panel's marker rows in list order: { file, message, source, code, severity, aria }. */
  const readProblems = () => page.evaluate(() => {
    const panel = document.querySelector('.markers-panel');
    const rows = (panel ? [...panel.querySelectorAll('.monaco-list-row')] : [])
      .sort((a, b) => (parseFloat(a.style.top) || 0) - (parseFloat(b.style.top) || 0));
    const markers = [];
    let file = null;
    for (const r of rows) {
      if (r.querySelector('.resource-label-container')) { file = (r.querySelector('.label-name') || r).textContent.trim(); continue; }
      if (!r.querySelector('.marker-icon')) continue; // related information rows
      markers.push({ file,
        message: (r.querySelector('.marker-message-line .monaco-highlighted-label') || r.querySelector('.marker-message') || r).textContent.trim(),
        source: r.querySelector('.marker-source')?.textContent.trim() ?? null,
        code: r.querySelector('.marker-code')?.textContent.trim() ?? null,
        severity: /error/.test(r.querySelector('.marker-icon')?.className ?? '') ? 'error' : 'other',
        aria: r.getAttribute('aria-label') ?? '' });
    }
    return markers;
  });
  /** Opens the Problems panel (Ctrl+Shift+M, up to three presses); resolves whether it is visible. */
  const showProblems = async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await visible('.markers-panel')) return true;
      await page.keyboard.press(`${mod}+Shift+M`);
      if (await until(() => visible('.markers-panel'), 3000, 'the Problems panel').then(() => true, () => false)) return true;
    }
    return false;
  };
  /** Types text into the Problems panel's filter box (the list is virtualised: filter it, as a user would). */
  const filterProblems = async (text) => {
    const filter = page.locator('.markers-panel-container input[placeholder^="Filter"], .panel input[placeholder^="Filter (e.g."]').first();
    await filter.click({ timeout: 5000 });
    await filter.fill(text);
  };
  const statusItems = () => page.evaluate(() => [...document.querySelectorAll('.part.statusbar .statusbar-item')]
    .map((e) => e.textContent.trim()).filter(Boolean));
  /** Loads the workbench at url?query and waits for the status bar and the explorer's rows. */
  const load = async (url, query) => {
    await page.goto(`${url}?${query}`);
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60_000 });
    await until(() => visible('.explorer-folders-view .monaco-list-row'), 30_000, 'the explorer to list the workspace');
  };
  return { until, visible, quickInputOpen, quickInputRows, activeEditor, focusEditor, gotoPos, quickOpen, readSuggest,
    awaitSuggest, readProblems, showProblems, filterProblems, statusItems, load };
}
