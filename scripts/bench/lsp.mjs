// A minimal LSP client over stdio for the benchmark (the approach of test/lsp/harness.ts in
// plain .mjs): spawns dist/server.js, answers workspace/configuration with the bench settings,
// and records status and diagnostics notifications with the time they arrived.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import rpc from 'vscode-jsonrpc/node.js';

const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = rpc;

/** VmRSS / VmHWM of a process in MiB (Linux /proc), or undefined elsewhere or after exit. */
export function procMemory(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1]);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

export class BenchClient {
  /** `server` is the path of the built server bundle (dist/server.js or the bench's snapshot of it). */
  constructor({ server, root, settings, initializationOptions, extraArgs = [] }) {
    this.initializationOptions = initializationOptions;
    this.root = root;
    this.statuses = [];
    this.diagnostics = new Map();
    this.waiters = [];
    this.stderr = '';
    this.exited = undefined;
    this.spawnedAt = performance.now();
    this.proc = spawn(process.execPath, [...extraArgs, server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr.on('data', (d) => (this.stderr = (this.stderr + d).slice(-20000)));
    this.proc.stdin.on('error', () => undefined);
    this.proc.on('exit', (code, signal) => {
      this.exited = { code, signal };
      this.wake();
    });
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin));
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push({ ...p, at: performance.now() });
      this.diagnostics.set(p.uri, list);
      this.wake();
    });
    this.conn.onNotification('groundwork/status', (p) => {
      this.statuses.push({ ...p, at: performance.now() });
      this.wake();
    });
    this.conn.onNotification('$/progress', () => undefined);
    /** Every log line with its number (the last 500 kept), for waiting on one logged after an action. */
    this.logLines = [];
    this.logCount = 0;
    this.conn.onNotification('window/logMessage', (m) => {
      this.log = ((this.log ?? '') + m.message + '\n').slice(-20000);
      this.logLines.push({ n: this.logCount++, message: m.message, at: performance.now() });
      if (this.logLines.length > 500) this.logLines.shift();
      this.wake();
    });
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('workspace/configuration', (p) => p.items.map((i) => (i.section === 'groundwork' ? settings : null)));
    this.conn.onError(() => undefined);
    this.conn.onClose(() => this.wake());
    this.conn.listen();
  }

  get pid() {
    return this.proc.pid;
  }

  wake() {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Resolves with `check()` once it is truthy (re-checked on every notification); rejects on timeout or exit. */
  async until(check, ms, what) {
    const deadline = performance.now() + ms;
    for (;;) {
      const v = check();
      if (v) return v;
      if (this.exited) throw new Error(`server exited (code ${this.exited.code}, signal ${this.exited.signal}) while waiting for ${what}; stderr: ${this.stderr.slice(-1500)}`);
      if (performance.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await new Promise((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  /** initialize → initialized → the status notification that ends indexing. Returns ms from initialize to ready. */
  async start(timeoutMs) {
    const uri = pathToFileURL(this.root).href;
    const t0 = performance.now();
    this.initializeSentAt = t0;
    const init = this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      initializationOptions: this.initializationOptions,
      workspaceFolders: [{ uri, name: path.basename(this.root) }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, didChangeConfiguration: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          completion: { completionItem: { snippetSupport: false, documentationFormat: ['markdown'] } },
          hover: { contentFormat: ['markdown'] },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        },
      },
    });
    await init;
    this.initializedAt = performance.now();
    this.conn.sendNotification('initialized', {});
    const status = await this.until(() => this.statuses.find((s) => s.state !== 'indexing'), timeoutMs, 'the corpus status (ready)');
    if (status.state !== 'ready') throw new Error(`corpus status ${status.state}: ${status.message}`);
    this.ready = status;
    // The server logs its own indexing time: "<n> sources · <m> passages from … (<ms> ms)".
    const logged = /passages from [^\n]*\((\d+) ms\)/.exec(this.log ?? '');
    this.indexLoggedMs = logged ? Number(logged[1]) : undefined;
    return status.at - t0;
  }

  uri(rel) {
    return pathToFileURL(path.join(this.root, rel)).href;
  }

  open(uri, text, version = 1) {
    this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
  }

  change(uri, version, contentChanges) {
    this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri) {
    this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** The diagnostics published for `uri` at `version` (waits). */
  diagnosticsFor(uri, version, timeoutMs) {
    return this.until(() => (this.diagnostics.get(uri) ?? []).find((d) => d.version === version), timeoutMs, `diagnostics for version ${version}`);
  }

  /** Sends a request and returns [ms, result]. */
  async timed(method, params) {
    const t = performance.now();
    const result = await this.conn.sendRequest(method, params);
    return [performance.now() - t, result];
  }

  async stop() {
    const exited = this.exited ? Promise.resolve() : new Promise((r) => this.proc.once('exit', r));
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
      this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (!this.exited) this.proc.kill('SIGKILL');
    this.conn.dispose();
  }
}
