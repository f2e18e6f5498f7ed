// The Groundwork language server: LSP glue only. Capabilities, document sync, settings and
// routing to the features; the analysis lives in corpus/, brief/, check/.
import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, InitializeResult,
  CodeActionKind, DidChangeConfigurationNotification, FileChangeType, FileEvent, Diagnostic, CancellationToken,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as path from 'node:path';
import * as os from 'node:os';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { nodeFileHost } from './corpus/fileHost';
import { bibliographyFormat } from './corpus/bibliography';
import { corpusFolders } from './corpus/corpusStore';
import type { Corpus, CorpusLoadOptions } from './corpus/corpus';
import type { Source } from './corpus/types';
import { sourceLabel } from './corpus/corpus';
import { formatReference, isReferenceFormatted } from './corpus/cslFormat';
import { IdleWork } from './idleWork';
import { checkBriefInSlices } from './check/checkBrief';
import { FindingsStores, PersistedFindings } from './check/persistedFindings';
import type { Finding, FindingCode } from './check/findings';
import { prepareCompletion, provideCompletion, resolveCompletion } from './features/completion';
import { provideHover, citationAt } from './features/hover';
import { provideDefinition, provideReferences } from './features/navigation';
import { toDiagnostic, problemToDiagnostic, truncationDiagnostic } from './features/diagnostics';
import { provideQuickFixes, provideReferencesAction, REFERENCES_ACTION_KIND } from './features/codeActions';
import { passagePosition } from './features/markdown';
import { DEFAULT_SETTINGS, ParsedBrief, Settings, Workspace, uriToPath } from './workspace';
import {
  ReindexRequest, SearchParams, SearchRequest, SearchResult, SourceInfo, SourcesParams, SourcesRequest,
  StatusNotification, StatusParams, RenderRequest, RenderParams, RenderResult,
} from './protocol';
import { renderCitations } from './features/render';
import { UpdateGate } from './updateGate';
import { groundworkCacheRoot, rememberIndexForPrefetch, takePrefetchedIndex } from './indexPrefetch';
import { ReferencePrefetcher } from './corpus/referencePrefetch';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let supportsConfiguration = false;
let supportsProgress = false;
let loadGeneration = 0;

/** Where persisted indexes go: the client's storage folder, else the user's cache folder. */
let cacheDir: string | undefined = groundworkCacheRoot();
const workerScript = path.join(__dirname, 'indexWorker.js');

const workspace: Workspace = new Workspace(
  nodeFileHost,
  (): CorpusLoadOptions => ({
    progress: (percent, message) => activeProgress?.report(percent, message),
    workerScript: fs.existsSync(workerScript) ? workerScript : undefined,
    workers: Math.max(1, Math.min(4, os.cpus().length)),
    log,
    allowFilesOutside: workspace?.settings.allowFilesOutside,
    maxSourceBytes: (workspace?.settings.maxSourceMB ?? DEFAULT_SETTINGS.maxSourceMB) * 1048576,
    maxPdfPages: workspace?.settings.maxPdfPages ?? DEFAULT_SETTINGS.maxPdfPages,
    cacheBytes: takePrefetchedIndex,
  }),
  () => cacheDir,
);
let activeProgress: { report(percent: number, message: string): void; done(): void } | undefined;

function log(message: string): void {
  connection.console.log(`[${new Date().toISOString().slice(11, 23)}] ${message}`);
}

/** Work done ahead while nobody waits (paused by every request and edit). */
const idle = new IdleWork((e) => log(`Work done ahead failed: ${(e as Error).stack ?? e}`));

/** citeproc takes 2–5 ms per reference (tens of ms for the first, compiling the style). */
function formatWhenIdle(source: Source | undefined): void {
  if (source && !isReferenceFormatted(source, workspace.settings.citationStyle)) idle.add(source, () => formatReference(source, workspace.settings.citationStyle));
}

/**
 * The references a checked brief cites, formatted ahead on a worker: the server is seldom quiet
 * long enough for idle work while someone edits (measured at 10,000 sources: a first hover of a
 * key took 8–20 ms, most of it citeproc, and the idle formatting had not run).
 */
const referenceScript = path.join(__dirname, 'referenceWorker.js');
const references = new ReferencePrefetcher(fs.existsSync(referenceScript) ? referenceScript : undefined, log);

/** Runs a feature so that one that throws is logged and answers "nothing" instead of killing the server. */
async function guarded<T>(name: string, fallback: T, run: () => Promise<T> | T): Promise<T> {
  idle.busy();
  try {
    // Test only: GROUNDWORK_TEST_THROW=hover makes that feature throw (test/lsp/edits.test.ts).
    if (process.env.GROUNDWORK_TEST_THROW === name) throw new Error(`${name}: failure injected by GROUNDWORK_TEST_THROW`);
    return await run();
  } catch (e) {
    connection.console.error(`${name} failed: ${(e as Error).stack ?? e}`);
    return fallback;
  } finally {
    idle.busy();
  }
}

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  supportsConfiguration = Boolean(caps.workspace?.configuration);
  supportsProgress = Boolean(caps.window?.workDoneProgress);
  const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)).filter((p): p is string => Boolean(p));
  const rootPath = params.rootUri ? uriToPath(params.rootUri) : params.rootPath ?? undefined;
  workspace.roots = folders?.length ? folders : rootPath ? [rootPath] : [];
  const init = params.initializationOptions as (Partial<Settings> & { cacheDir?: string | null }) | undefined;
  if (init) {
    const { cacheDir: dir, ...settings } = init;
    workspace.settings = { ...workspace.settings, ...settings };
    if (dir !== undefined) cacheDir = dir ?? undefined; // null turns persistence off
  }
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['@'], resolveProvider: true },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, REFERENCES_ACTION_KIND] },
    },
    serverInfo: { name: 'groundwork', version: '0.1.0' },
  };
});

connection.onInitialized(async () => {
  if (supportsConfiguration) {
    connection.client.register(DidChangeConfigurationNotification.type, { section: 'groundwork' }).catch(() => undefined);
    await loadSettings();
  }
  await reindex('startup');
});

async function loadSettings(): Promise<void> {
  if (!supportsConfiguration) return;
  try {
    const cfg = (await connection.workspace.getConfiguration('groundwork')) ?? {};
    workspace.settings = {
      corpusPath: cfg.corpus?.path ?? DEFAULT_SETTINGS.corpusPath,
      citationStyle: cfg.citationStyle ?? DEFAULT_SETTINGS.citationStyle,
      diagnosticsEnabled: cfg.diagnostics?.enable ?? DEFAULT_SETTINGS.diagnosticsEnabled,
      uncitedClaims: cfg.diagnostics?.uncitedClaims ?? DEFAULT_SETTINGS.uncitedClaims,
      debounceMs: cfg.diagnostics?.debounceMs ?? DEFAULT_SETTINGS.debounceMs,
      allowFilesOutside: cfg.corpus?.allowFilesOutside ?? DEFAULT_SETTINGS.allowFilesOutside,
      maxSourceMB: cfg.limits?.maxSourceMB ?? DEFAULT_SETTINGS.maxSourceMB,
      maxBriefKB: cfg.limits?.maxBriefKB ?? DEFAULT_SETTINGS.maxBriefKB,
      maxPdfPages: cfg.limits?.maxPdfPages ?? DEFAULT_SETTINGS.maxPdfPages,
    };
  } catch (e) {
    log(`Could not read settings, using defaults: ${(e as Error).message}`);
  }
}

connection.onDidChangeConfiguration(async () => {
  await loadSettings();
  await reindex('settings changed');
});

// ---------------------------------------------------------------- corpus state

function sendStatus(params: StatusParams): Promise<void> {
  return connection.sendNotification(StatusNotification, params);
}

const publishedProblemFiles = new Set<string>();
/** The corpora whose problems were last published: every check asks, only a change publishes. */
let publishedProblemsOf: Corpus[] = [];

function publishCorpusProblems(corpora: Corpus[]): void {
  if (corpora.length === publishedProblemsOf.length && corpora.every((c, i) => c === publishedProblemsOf[i])) return;
  publishedProblemsOf = corpora;
  const byFile = new Map<string, Diagnostic[]>();
  for (const corpus of corpora) {
    for (const p of corpus.problems) {
      const uri = pathToFileURL(p.file).href;
      if (!byFile.has(uri)) byFile.set(uri, []);
      const list = byFile.get(uri)!;
      const d = problemToDiagnostic(p);
      if (!list.some((x) => x.message === d.message && x.range.start.line === d.range.start.line)) list.push(d);
    }
  }
  for (const uri of publishedProblemFiles) if (!byFile.has(uri)) connection.sendDiagnostics({ uri, diagnostics: [] });
  publishedProblemFiles.clear();
  for (const [uri, diagnostics] of byFile) {
    connection.sendDiagnostics({ uri, diagnostics });
    publishedProblemFiles.add(uri);
  }
}

/** Drops cached corpora, reloads the workspace's corpus with progress, and re-checks every brief. */
async function reindex(reason: string): Promise<void> {
  const generation = ++loadGeneration;
  await workspace.store.invalidate();
  log(`Indexing corpus (${reason})`);
  sendStatus({ state: 'indexing', sources: 0, passages: 0, problems: 0, message: 'Indexing the corpus…' });
  const progress = supportsProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
  progress?.begin('Groundwork: indexing corpus', 0, undefined, false);
  activeProgress = progress && { report: (p, m) => progress.report(p, m), done: () => progress.done() };
  const started = Date.now();
  try {
    // The workspace's briefs are listed while the corpus loads: the walk (which reads the corpus
    // folder too) runs in the load's waits for file reads, not after it.
    const listed = workspace.scanBriefs();
    await workspace.defaultCorpus();
    if (generation !== loadGeneration) return;
    await listed;
    await announceCorpus(started);
  } catch (e) {
    connection.console.error(`Indexing failed: ${(e as Error).stack ?? e}`);
    sendStatus({ state: 'error', sources: 0, passages: 0, problems: 0, message: `Indexing failed: ${(e as Error).message}. See the Groundwork log.` });
  } finally {
    activeProgress = undefined;
    progress?.done();
  }
  await validateWorkspace();
}

/** Sends the status bar state of the workspace's corpus. */
async function announceCorpus(started = Date.now()): Promise<void> {
  try {
    const corpus = await workspace.defaultCorpus();
    // The next start from this folder reads this index ahead (indexPrefetch.ts).
    if (corpus.cacheFile) rememberIndexForPrefetch(corpus.cacheFile);
    const errors = corpus.problems.filter((p) => p.severity === 'error').length;
    const message =
      corpus.bibliographies.length === 0
        ? `No bibliography found under "${[workspace.settings.corpusPath].flat().join('", "')}" in the workspace. Set groundwork.corpus.path to the folder (or .json/.bib file) of your corpus, or add "bibliography:" to a brief's front matter.`
        : `${corpus.sources.size} sources · ${corpus.passageCount} passages from ${corpus.bibliographies.map((b) => path.basename(b)).join(', ')}` +
          (corpus.problems.length ? ` — ${corpus.problems.length} problem(s) in the bibliography or source files; see Problems.` : '');
    log(`${message} (${Date.now() - started} ms)`);
    const sent = sendStatus({
      state: corpus.bibliographies.length === 0 || (errors > 0 && corpus.sources.size === 0) ? 'error' : 'ready',
      sources: corpus.sources.size,
      passages: corpus.passageCount,
      problems: corpus.problems.length,
      message,
    });
    // The citation processor compiles a style on first use (tens of ms): do it ahead, once the
    // server is idle, not in the first hover.
    const first = corpus.sources.values().next().value;
    if (first) void sent.then(() => formatWhenIdle(first));
    // The worker that formats references ahead loads citation-js and compiles the style now,
    // before the first brief's references are sent to it (after the status is out).
    if (first) void sent.then(() => references.prefetch([first], workspace.settings.citationStyle));
    idle.add(corpus, () => prepareCompletion(corpus));
    idle.add(corpus.bibliographies, () => corpus.prepareBibliographyEdits());
  } catch (e) {
    connection.console.error(`Indexing failed: ${(e as Error).stack ?? e}`);
    sendStatus({ state: 'error', sources: 0, passages: 0, problems: 0, message: `Indexing failed: ${(e as Error).message}. See the Groundwork log.` });
  }
}

// File events are gathered for a moment before they are handled: a bibliography auto-export
// (Zotero, Better BibTeX) rewrites its file in several writes and fires several events.
const FILE_EVENT_QUIET_MS = 300;
/** A bibliography read while it is being rewritten fails to parse: read it again this often. */
const HALF_WRITTEN_RETRIES = 3;
const pendingFileEvents = new Map<string, FileEvent>();
let fileEventTimer: NodeJS.Timeout | undefined;

connection.onDidChangeWatchedFiles(({ changes }) => {
  for (const c of changes) {
    const earlier = pendingFileEvents.get(c.uri);
    // A create or delete outweighs a change of the same file.
    if (!earlier || c.type !== FileChangeType.Changed) pendingFileEvents.set(c.uri, c);
  }
  clearTimeout(fileEventTimer);
  fileEventTimer = setTimeout(() => {
    const batch = [...pendingFileEvents.values()];
    pendingFileEvents.clear();
    guarded('file changes', undefined, () => handleFileChanges(batch));
  }, FILE_EVENT_QUIET_MS);
});

/** Whether the corpus holds a syntax error for this bibliography (it may be half written). */
async function hasSyntaxError(file: string): Promise<boolean> {
  for (const corpus of await workspace.store.loaded()) {
    if (corpus.problems.some((p) => p.file === file && p.severity === 'error' && /not valid (JSON|BibTeX)|No BibTeX entries/.test(p.message))) return true;
  }
  return false;
}

async function handleFileChanges(changes: FileEvent[]): Promise<void> {
  const relevant = changes.filter((c) => !/\.(md|markdown)$/i.test(c.uri));
  for (const c of changes.filter((c) => /\.(md|markdown)$/i.test(c.uri))) {
    const file = uriToPath(c.uri);
    if (!file) continue;
    if (c.type === FileChangeType.Deleted) {
      workspace.diskBriefs.delete(file);
      workspace.forget(c.uri);
      connection.sendDiagnostics({ uri: c.uri, diagnostics: [] });
    } else {
      workspace.diskBriefs.add(file);
      if (!documents.get(c.uri)) scheduleValidation(c.uri, 0);
    }
  }
  const affected: string[] = [];
  for (const c of relevant) {
    const file = uriToPath(c.uri);
    if (file && (await affectsCorpus(file, c.type))) affected.push(file);
  }
  if (affected.length === 0) return;
  // A changed source or bibliography re-indexes only what changed; anything else reloads.
  const incremental = relevant.every((c) => c.type === FileChangeType.Changed);
  if (incremental) {
    const started = Date.now();
    // (The gate stays open while waiting out a half-written bibliography.)
    const update = (file: string) => corpusUpdates.run(() => workspace.store.update(file));
    for (const file of affected) {
      await update(file);
      for (let retry = 0; retry < HALF_WRITTEN_RETRIES && bibliographyFormat(file) && (await hasSyntaxError(file)); retry++) {
        await new Promise((r) => setTimeout(r, 250 * (retry + 1)));
        await update(file);
      }
    }
    log(`Updated the index for ${affected.map((f) => path.basename(f)).join(', ')} (${Date.now() - started} ms)`);
    await announceCorpus();
    await validateWorkspace();
    return;
  }
  await reindex('files added or removed');
}

/** Whether a changed file is read by a loaded corpus, or is a new bibliography under the corpus path. */
async function affectsCorpus(file: string, type: FileChangeType): Promise<boolean> {
  for (const corpus of await workspace.store.loaded()) {
    if (corpus.bibliographies.includes(file)) return true;
    for (const s of corpus.sources.values()) if (s.files.includes(file)) return true;
  }
  if (type !== FileChangeType.Changed && bibliographyFormat(file)) {
    const folders = corpusFolders({ corpusPath: workspace.settings.corpusPath, root: workspace.rootFor(file) });
    return folders.some((dir) => file === dir || file.startsWith(dir + path.sep));
  }
  return false;
}

connection.onRequest(ReindexRequest, async () => {
  await reindex('requested');
  return null;
});

// ---------------------------------------------------------------- diagnostics

const findingsCache = new Map<string, { brief: ParsedBrief['brief']; findings: Finding[]; corpus: Corpus }>();
const timers = new Map<string, NodeJS.Timeout>();

/** Checks in progress, per brief: a request for the same text and corpus waits for it. */
const checking = new Map<string, { brief: ParsedBrief['brief']; corpus: Corpus; uncited: boolean; token: { isCancellationRequested: boolean }; result: Promise<Findings | undefined> }>();
type Findings = { findings: Finding[]; corpus: Corpus };

/**
 * Hands control back between slices of a long check, so requests are answered meanwhile: for
 * three turns of the event loop, as vscode-jsonrpc takes a turn to dispatch a request and
 * another to write its response (measured at 10,000 sources: completion during the first check
 * ~40–70 ms with one turn per 8 ms slice, ~10–35 ms with three per 4 ms).
 */
const PAUSE_TURNS = 3;
const CHECK_SLICE_MS = 4;
/**
 * Closed while a changed source or bibliography is re-indexed (measured at 10,000 sources: one
 * bibliography entry added took 150–280 ms with a brief's check taking its slices between the
 * update's steps, 40–60 ms with the check waiting).
 */
const corpusUpdates = new UpdateGate();
const pauseForRequests = async () => {
  // A check under way is work too: idle work (formatting a reference, 250 ms for the first) must
  // not start in its pauses, which are for requests.
  idle.busy();
  for (let i = 0; i < PAUSE_TURNS; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  await corpusUpdates.wait();
  idle.busy();
};

/**
 * Claims' findings persisted beside each corpus's index, stamped with this bundle (it holds every
 * check, so findings of another build are not reused).
 */
const persistedFindings = new FindingsStores(__filename, log);
let findingsSaveTimer: NodeJS.Timeout | undefined;
/** A check is often followed by others as the user types: one write for the lot. */
const FINDINGS_SAVE_DELAY_MS = 2000;

/** The persisted findings of a corpus loaded whole from files with a persisted index, else undefined. */
function findingsStoreFor(corpus: Corpus): PersistedFindings | undefined {
  const content = corpus.contentStamp;
  if (!content || !corpus.cacheFile || !cacheDir) return undefined;
  return persistedFindings.storeFor(`${corpus.cacheFile}.findings.json`, content);
}

/** Writes the persisted findings that changed: soon after a check, or now (shutdown). */
function saveFindings(now = false): void {
  clearTimeout(findingsSaveTimer);
  findingsSaveTimer = now ? undefined : setTimeout(() => persistedFindings.saveAll(), FINDINGS_SAVE_DELAY_MS);
  if (now) persistedFindings.saveAll();
}

/**
 * The findings of a brief's current text, checked in slices. A check of an older text or corpus
 * of the same brief stops (what it finished stays cached); undefined when this one was stopped.
 */
async function findingsFor(entry: ParsedBrief): Promise<Findings | undefined> {
  const cached = findingsCache.get(entry.uri);
  const corpus = await workspace.corpusFor(entry);
  if (cached && cached.brief === entry.brief && cached.corpus === corpus) return cached;
  const uncited = workspace.settings.uncitedClaims;
  const running = checking.get(entry.uri);
  if (running && running.brief === entry.brief && running.corpus === corpus && running.uncited === uncited) return running.result;
  if (running) running.token.isCancellationRequested = true;
  const token = { isCancellationRequested: false };
  const disabled = new Set<FindingCode>(uncited ? [] : ['uncited-claim']);
  const result = (async (): Promise<Findings | undefined> => {
    try {
      const store = corpus.sources.size > 0 ? findingsStoreFor(corpus) : undefined;
      const findings = corpus.sources.size > 0 ? await checkBriefInSlices(entry.brief, corpus, { disabled, token, pause: pauseForRequests, sliceMs: CHECK_SLICE_MS, store, owner: entry.uri }) : [];
      if (store?.added) saveFindings();
      if (token.isCancellationRequested) return undefined;
      const done = { brief: entry.brief, findings, corpus };
      findingsCache.set(entry.uri, done);
      return done;
    } finally {
      if (checking.get(entry.uri)?.token === token) checking.delete(entry.uri);
    }
  })();
  checking.set(entry.uri, { brief: entry.brief, corpus, uncited, token, result });
  return result;
}

async function validate(uri: string): Promise<void> {
  idle.busy();
  const open = documents.get(uri);
  let entry: ParsedBrief | undefined;
  if (open) entry = workspace.parse(open);
  else {
    const file = uriToPath(uri);
    entry = file ? await workspace.loadFromDisk(file) : undefined;
  }
  if (!entry) return;
  if (!workspace.settings.diagnosticsEnabled) {
    connection.sendDiagnostics({ uri, diagnostics: [] });
    return;
  }
  const version = entry.doc.version;
  // Hovering a citation shows its formatted reference: a worker formats the brief's ahead,
  // while it is being checked.
  const style = workspace.settings.citationStyle;
  if (references.available) void workspace.corpusFor(entry).then((corpus) => references.prefetch(entry!.brief.citations.map((c) => corpus.get(c.key)), style), () => undefined);
  const checked = await findingsFor(entry);
  if (!checked) return; // a newer text or corpus is being checked; that check publishes
  const { findings, corpus } = checked;
  // Never publish results for an older version of the text.
  const now = documents.get(uri);
  if (now && now.version !== version) return;
  publishCorpusProblems(await workspace.store.loaded());
  const diagnostics = findings.map((f) => toDiagnostic(entry!.doc, f, corpus));
  if (entry.brief.truncatedAt !== undefined) diagnostics.unshift(truncationDiagnostic(entry.doc, entry.brief.truncatedAt, workspace.settings.maxBriefKB));
  connection.sendDiagnostics({ uri, version: open ? version : undefined, diagnostics });
  idle.busy();
  // (Without the worker, an open brief's references are formatted when the server is idle.)
  if (open && !references.available) for (const c of entry.brief.citations) formatWhenIdle(corpus.get(c.key));
}

function scheduleValidation(uri: string, delay = workspace.settings.debounceMs): void {
  clearTimeout(timers.get(uri));
  timers.set(uri, setTimeout(() => {
    timers.delete(uri);
    guarded('diagnostics', undefined, () => validate(uri));
  }, delay));
}

async function validateWorkspace(): Promise<void> {
  findingsCache.clear();
  const uris = new Set(documents.all().map((d) => d.uri));
  for (const file of workspace.diskBriefs) uris.add(pathToFileURL(file).href);
  for (const uri of uris) await guarded('diagnostics', undefined, () => validate(uri));
  publishCorpusProblems(await workspace.store.loaded());
}

documents.onDidChangeContent((e) => {
  idle.busy();
  scheduleValidation(e.document.uri);
});
documents.onDidOpen((e) => scheduleValidation(e.document.uri, 0));
documents.onDidClose((e) => {
  workspace.forget(e.document.uri);
  // A closed brief on disk keeps its diagnostics (workspace-wide checking); a closed untitled one does not.
  if (!uriToPath(e.document.uri)) connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  else scheduleValidation(e.document.uri, 0);
});

// ---------------------------------------------------------------- features

/** An open brief and its corpus — possibly still indexing passages, so typing never waits. */
async function openBrief(uri: string): Promise<{ entry: ParsedBrief; corpus: Corpus } | undefined> {
  const doc = documents.get(uri);
  if (!doc) return undefined;
  const entry = workspace.parse(doc);
  return { entry, corpus: await workspace.corpusForTyping(entry) };
}

connection.onCompletion((params) =>
  guarded('completion', null, async () => {
    const ctx = await openBrief(params.textDocument.uri);
    if (!ctx) return null;
    const offset = ctx.entry.doc.offsetAt(params.position);
    return provideCompletion(ctx.entry.doc, ctx.entry.brief, ctx.corpus, offset, workspace.settings.citationStyle) ?? null;
  }),
);

connection.onCompletionResolve((item) =>
  guarded('completion resolve', item, async () => resolveCompletion(item, await workspace.defaultCorpus(), workspace.settings.citationStyle)),
);

connection.onHover((params) =>
  guarded('hover', null, async () => {
    const ctx = await openBrief(params.textDocument.uri);
    if (!ctx) return null;
    return provideHover(ctx.entry.doc, ctx.entry.brief, ctx.corpus, ctx.entry.doc.offsetAt(params.position), workspace.settings.citationStyle) ?? null;
  }),
);

connection.onDefinition((params) =>
  guarded('definition', null, async () => {
    const ctx = await openBrief(params.textDocument.uri);
    if (!ctx) return null;
    return provideDefinition(ctx.entry.brief, ctx.corpus, ctx.entry.doc.offsetAt(params.position)) ?? null;
  }),
);

connection.onReferences((params) =>
  guarded('references', [], async () => {
    const ctx = await openBrief(params.textDocument.uri);
    if (!ctx) return [];
    const citation = citationAt(ctx.entry.brief, ctx.entry.doc.offsetAt(params.position));
    if (!citation) return [];
    const briefs: ParsedBrief[] = [];
    const seen = new Set<string>();
    for (const doc of documents.all()) {
      briefs.push(workspace.parse(doc));
      seen.add(doc.uri);
    }
    for (const file of workspace.diskBriefs) {
      const uri = pathToFileURL(file).href;
      if (seen.has(uri)) continue;
      const entry = await workspace.loadFromDisk(file);
      if (entry) briefs.push(entry);
    }
    return provideReferences(citation.key, briefs);
  }),
);

connection.onCodeAction((params) =>
  guarded('code actions', [], async () => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const entry = workspace.parse(doc);
    const checked = await findingsFor(entry);
    if (!checked) return []; // the text changed meanwhile: the editor asks again
    const { findings, corpus } = checked;
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
    // The snapshot the findings were computed on: the live document may have changed meanwhile,
    // and its edits carry that snapshot's version, so a client refuses them on newer text.
    const actions = wants(CodeActionKind.QuickFix) ? provideQuickFixes(entry.doc, findings, params.range, params.context.diagnostics) : [];
    const references = wants(REFERENCES_ACTION_KIND) ? provideReferencesAction(entry.doc, entry.brief, corpus, workspace.settings.citationStyle) : undefined;
    return references ? [...actions, references] : actions;
  }),
);

connection.onRequest(SearchRequest, (params: SearchParams, token: CancellationToken) =>
  guarded('search', [] as SearchResult[], async () => {
    const doc = params.uri ? documents.get(params.uri) : undefined;
    const corpus = doc ? await workspace.corpusFor(workspace.parse(doc)) : await workspace.defaultCorpus(params.uri);
    if (token.isCancellationRequested || !params.query.trim()) return [];
    return corpus.search(params.query, params.limit ?? 30).flatMap(({ passage, score }) => {
      const source = corpus.get(passage.sourceKey);
      if (!source?.textPath) return [];
      const pos = passagePosition(source, passage);
      return [{
        key: source.key, label: sourceLabel(source), title: source.title, text: passage.text,
        uri: pathToFileURL(source.textPath).href, line: pos.line, character: pos.character, page: passage.page, score,
      }];
    });
  }),
);

connection.onRequest(SourcesRequest, (params: SourcesParams) =>
  guarded('sources', [] as SourceInfo[], async () => {
    const doc = params.uri ? documents.get(params.uri) : undefined;
    const corpus = doc ? await workspace.corpusFor(workspace.parse(doc)) : await workspace.defaultCorpus(params.uri);
    return [...corpus.sources.values()].map((s) => ({
      key: s.key, label: sourceLabel(s), title: s.title, authors: s.authors, year: s.issued?.year,
      uri: s.textPath ? pathToFileURL(s.textPath).href : undefined,
      bibliographyUri: pathToFileURL(s.bibliographyPath).href,
      passages: corpus.passagesBySource.countOf(s.key),
    }));
  }),
);

// The Markdown preview's citations and bibliography (client/src/preview.ts caches them; the plugin is synchronous).
connection.onRequest(RenderRequest, (params: RenderParams) =>
  guarded('render', { style: params.style ?? workspace.settings.citationStyle, groups: [], bibliography: [] } as RenderResult, async () => {
    const doc = params.uri ? documents.get(params.uri) : undefined;
    const corpus = doc ? await workspace.corpusForTyping(workspace.parse(doc)) : await workspace.defaultCorpus(params.uri);
    return renderCitations(params.groups ?? [], corpus, params.style ?? workspace.settings.citationStyle);
  }),
);

documents.listen(connection);
connection.onShutdown(() => {
  saveFindings(true);
  references.dispose();
});

connection.listen();
