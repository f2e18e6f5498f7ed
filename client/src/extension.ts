// Groundwork's VS Code client: a thin shell (in the shape of rust-analyzer's editors/code and vscode-eslint)
// that starts the bundled language server dist/server.js over IPC, shows the corpus status, and adds the
// palette commands. All analysis lives in the server.
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { StatusNotification, type StatusParams } from '../../server/src/protocol';
import { registerCommands } from './commands';
import { CorpusStatusBar } from './statusBar';
import { PreviewCitations, type MarkdownIt } from './preview';
import { registerSourcesView, type SourcesProvider } from './sourcesView';

/** What `activate` returns; the extension-host tests use it. */
export interface GroundworkApi {
  /** The language client (the same object across restarts). */
  readonly client: LanguageClient;
  /** Resolves with the first `groundwork/status` notification whose state is 'ready'. */
  readonly ready: Promise<StatusParams>;
  /** The same promise as `ready`, as a function. */
  whenReady(): Promise<StatusParams>;
  /** The last status the server reported, if any since the server (re)started. */
  readonly status: StatusParams | undefined;
  /** Fires on every `groundwork/status` notification. */
  readonly onDidChangeStatus: vscode.Event<StatusParams>;
  /** The "Groundwork Sources" view's tree data (sources and cite counts of the open briefs). */
  readonly sources: SourcesProvider;
}

// Bibliographies (CSL JSON, BibTeX/BibLaTeX) and source texts the server may index, plus briefs
// (whose front matter may name a bibliography). VS Code's one recursive workspace watcher feeds this
// glob, so it adds no OS watchers; files.watcherExclude (node_modules, .git) still applies.
const WATCHED_FILES = '**/*.{json,bib,bibtex,biblatex,txt,md,markdown,html,htm,pdf}';

let client: LanguageClient | undefined;

export async function activate(
  context: vscode.ExtensionContext,
): Promise<GroundworkApi & { extendMarkdownIt(md: MarkdownIt): MarkdownIt }> {
  const output = vscode.window.createOutputChannel('Groundwork');
  const statusBar = new CorpusStatusBar();
  const statusEmitter = new vscode.EventEmitter<StatusParams>();
  context.subscriptions.push(output, statusBar, statusEmitter);

  let resolveReady!: (s: StatusParams) => void;
  const ready = new Promise<StatusParams>((resolve) => (resolveReady = resolve));

  const serverModule = context.asAbsolutePath('dist/server.js');
  // Set GROUNDWORK_SERVER_INSPECT=6009 (for example) to attach a debugger to the server.
  const inspect = process.env.GROUNDWORK_SERVER_INSPECT;
  const execArgv = inspect ? ['--nolazy', `--inspect=${inspect}`] : [];
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv } },
  };

  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES);
  context.subscriptions.push(watcher);

  // The persisted index lives in VS Code's storage for this workspace (or for the user when no
  // folder is open), never in the workspace itself.
  const cacheDir = (context.storageUri ?? context.globalStorageUri).fsPath;
  const clientOptions: LanguageClientOptions = {
    initializationOptions: { cacheDir },
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    synchronize: {
      configurationSection: 'groundwork',
      fileEvents: watcher,
    },
    outputChannel: output,
    errorHandler: crashHandler(output),
    // groundwork.trace.server (off | messages | verbose) is read by the client from the "groundwork" section.
  };

  const lc = new LanguageClient('groundwork', 'Groundwork', serverOptions, clientOptions);
  client = lc;

  // Handlers registered before start() survive restarts.
  lc.onNotification(StatusNotification, (status: StatusParams) => {
    statusBar.update(status);
    statusEmitter.fire(status);
    if (status.state === 'ready') resolveReady(status);
  });
  context.subscriptions.push(
    lc.onDidChangeState(({ newState }) => {
      if (newState === State.Starting) statusBar.starting();
      else if (newState === State.Stopped) statusBar.stopped();
    }),
  );

  const start = async (): Promise<void> => {
    statusBar.starting();
    try {
      await lc.start();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      output.appendLine(`[client] The language server did not start: ${message}`);
      statusBar.stopped(`The language server did not start: ${message}`);
      const choice = await vscode.window.showErrorMessage(
        `Groundwork could not start its language server (${message}). ` +
          'Citations will not be completed or checked. Open the log for details, then run "Groundwork: Restart language server".',
        'Show log',
      );
      if (choice) output.show(true);
    }
  };

  const restart = async (): Promise<void> => {
    output.appendLine('[client] Restarting the language server.');
    try {
      if (lc.isRunning()) await lc.stop();
    } catch (e) {
      output.appendLine(`[client] Stopping the server failed: ${e instanceof Error ? e.message : e}`);
    }
    await start();
  };

  context.subscriptions.push(...registerCommands({ client: () => client, output, restart }));

  // The Markdown preview's citations (markdown.markdownItPlugins) and the Explorer's Sources view.
  const preview = new PreviewCitations(() => client, output);
  const sourcesView = registerSourcesView(() => client, output, statusEmitter.event);
  context.subscriptions.push(
    preview,
    ...sourcesView.disposables,
    statusEmitter.event((s) => s.state !== 'indexing' && preview.invalidate()),
  );

  // Restricted Mode: VS Code hides the workspace value of groundwork.corpus.path (restrictedConfigurations)
  // until the folder is trusted; once it is, tell the server to re-read its settings and reindex.
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (lc.isRunning()) void lc.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    }),
  );

  // Don't block activation on the server: start it and return the API at once.
  void start();

  return {
    client: lc,
    ready,
    whenReady: () => ready,
    get status() {
      return statusBar.status;
    },
    onDidChangeStatus: statusEmitter.event,
    sources: sourcesView.provider,
    extendMarkdownIt: (md: MarkdownIt) => preview.extend(md),
  };
}

/**
 * What happens when the server process dies: it is restarted, and the first time the user is told
 * so once, plainly; a server that dies 5 times within 3 minutes is left stopped, with a message
 * saying how to start it again. (vscode-languageclient's default handler restarts silently.)
 */
function crashHandler(output: vscode.OutputChannel): ErrorHandler {
  const crashes: number[] = [];
  let told = false;
  return {
    // A broken message: carry on, unless the connection keeps failing.
    error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
    closed: () => {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length && now - crashes[0] > 3 * 60_000) crashes.shift();
      if (crashes.length >= 5) {
        const message = 'The Groundwork language server stopped 5 times in 3 minutes and was not restarted. Citations are not completed or checked until you run "Groundwork: Restart language server"; the Groundwork log says why it stopped.';
        output.appendLine(`[client] ${message}`);
        return { action: CloseAction.DoNotRestart, message };
      }
      output.appendLine('[client] The language server stopped unexpectedly; restarting it.');
      if (!told) {
        told = true;
        void vscode.window
          .showWarningMessage('The Groundwork language server stopped unexpectedly and was restarted. If it keeps happening, the Groundwork log says why.', 'Show log')
          .then((choice) => choice && output.show(true));
      }
      return { action: CloseAction.Restart, handled: true };
    },
  };
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c?.needsStop()) await c.stop();
}
