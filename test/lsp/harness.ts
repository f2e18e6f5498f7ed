// Drives the built language server (dist/server.js) over stdio, as an editor does.
import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

export const REPO = path.resolve(__dirname, '../../..');
export const SAMPLES = path.join(REPO, 'test/fixtures/samples');

export interface Published {
  uri: string;
  version?: number;
  diagnostics: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; severity: number; code?: string; source?: string; message: string; relatedInformation?: unknown[] }[];
}

/** A temporary workspace: the repo's corpus/ plus the given files. */
export function makeWorkspace(files: Record<string, string> = {}, withCorpus = true): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'groundwork-lsp-'));
  if (withCorpus) fs.cpSync(path.join(REPO, 'corpus'), path.join(dir, 'corpus'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  readonly diagnostics = new Map<string, Published>();
  readonly statuses: { state: string; sources: number; passages: number; message: string }[] = [];
  readonly progress: unknown[] = [];
  private versions = new Map<string, number>();
  private waiters: (() => void)[] = [];
  stderr = '';

  /** `env`: extra environment variables of the server process (e.g. GROUNDWORK_TEST_THROW). */
  constructor(readonly root: string, settings: Record<string, unknown> = {}, env: Record<string, string> = {}) {
    this.proc = spawn(process.execPath, [path.join(REPO, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.proc.stderr!.on('data', (d) => (this.stderr += d));
    this.proc.stdin!.on('error', () => undefined); // the server may be gone when a late message is written
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      this.diagnostics.set(p.uri, p);
      this.wake();
    });
    this.conn.onNotification('groundwork/status', (p) => {
      this.statuses.push(p);
      this.wake();
    });
    this.conn.onNotification('$/progress', (p) => this.progress.push(p));
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => settings));
    this.conn.listen();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Resolves when `check` holds, re-evaluated on every notification; rejects after `ms`. */
  async until<T>(check: () => T | undefined | false, ms = 15000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = check();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; server stderr: ${this.stderr.slice(-2000)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 100);
      });
    }
  }

  async initialize(): Promise<unknown> {
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      // Persisted indexes go inside the temporary workspace, never into the user's cache.
      initializationOptions: { cacheDir: path.join(this.root, '.groundwork-cache') },
      rootUri: pathToFileURL(this.root).href,
      workspaceFolders: [{ uri: pathToFileURL(this.root).href, name: 'ws' }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: {
          completion: { completionItem: { snippetSupport: false, documentationFormat: ['markdown'] } },
          hover: { contentFormat: ['markdown'] },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        },
      },
    });
    await this.conn.sendNotification('initialized', {});
    await this.until(() => this.statuses.find((s) => s.state !== 'indexing'), 20000, 'corpus status');
    return result;
  }

  uri(rel: string): string {
    return pathToFileURL(path.join(this.root, rel)).href;
  }

  open(rel: string, text = fs.readFileSync(path.join(this.root, rel), 'utf8')): string {
    const uri = this.uri(rel);
    this.versions.set(uri, 1);
    this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    return uri;
  }

  change(uri: string, text: string): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  async diagnosticsFor(uri: string, version?: number): Promise<Published> {
    return this.until(() => {
      const d = this.diagnostics.get(uri);
      return d && (version === undefined || d.version === version) ? d : undefined;
    }, 15000, `diagnostics for ${uri}`);
  }

  request<T = any>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.proc.once('exit', r));
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    this.proc.kill();
    this.conn.dispose();
  }
}

export interface Labels {
  claims: { id: string; file: string; line: number; text: string; label: string; expect_codes: string[]; cites: string[]; fix: null | { kind: string; old?: string; new?: string; key?: string } }[];
  completion_probes: { id: string; file: string; line: number; character: number; expect_top3: string[] }[];
  hover_probes: { id: string; file: string; line: number; character: number; key: string; expect_contains: string[] }[];
}

export function loadLabels(): Labels {
  return JSON.parse(fs.readFileSync(path.join(SAMPLES, 'labels.json'), 'utf8'));
}

/** A workspace holding the repo's corpus and the sample briefs under briefs/. */
export function samplesWorkspace(): string {
  const files: Record<string, string> = {};
  for (const f of fs.readdirSync(path.join(SAMPLES, 'briefs'))) files[`briefs/${f}`] = fs.readFileSync(path.join(SAMPLES, 'briefs', f), 'utf8');
  return makeWorkspace(files);
}
