// The "Groundwork Sources" view in the Explorer: every source of the corpus (author and year, title), how often
// the open briefs cite it, and the sources no open brief cites. Clicking a source opens its text (or, when it
// has none, its bibliography); expanding it lists the briefs that cite it, each opening at its first citation.
//
// The sources come from the server (`groundwork/sources`). Citations are counted here, over the text of the
// open Markdown documents, with the server's own pandoc citation parser (findCitations, pure TS). That parser
// expects code and HTML already blanked out; maskMarkdown does that crudely but on the same offsets (fenced
// code, inline code spans, HTML comments, front matter), which is enough to count. Asking the server to parse
// each open brief would be exact but costs a round trip per keystroke; the counts only need to be right to
// the citation, not to the character.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { findCitations } from '../../server/src/brief/citations';
import { SourcesRequest, type SourceInfo, type SourcesParams, type StatusParams } from '../../server/src/protocol';

export const SOURCES_VIEW_ID = 'groundwork.sources';
export const REFRESH_SOURCES_COMMAND = 'groundwork.refreshSources';
const RECOUNT_DEBOUNCE_MS = 300;

// ------------------------------------------------------------------ counting (pure)

/** Blanks (same length, newlines kept) front matter, fenced code, inline code and HTML comments. */
export function maskMarkdown(text: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  let out = text.replace(/^---\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?=\r?\n|$)/, blank);
  // Fenced code blocks: an opening fence of 3+ backticks or tildes, up to a closing fence of the same kind (or EOF).
  out = out.replace(/^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\2[`~]*[ \t]*$|(?![\s\S]))/gm, blank);
  out = out.replace(/<!--[\s\S]*?-->/g, blank);
  // Inline code: a backtick run up to the next run of the same length, on the same paragraph.
  out = out.replace(/(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n)[\s\S])*?[^`])\1(?!`)/g, blank);
  return out;
}

export interface Cites {
  /** Citations per key. */
  counts: Map<string, number>;
  /** Offset of the first citation of each key. */
  first: Map<string, number>;
}

/** Every citation of `text` (a Markdown brief), counted per key. */
export function countCitations(text: string): Cites {
  const counts = new Map<string, number>();
  const first = new Map<string, number>();
  for (const c of findCitations(maskMarkdown(text))) {
    if (!c.key) continue;
    counts.set(c.key, (counts.get(c.key) ?? 0) + 1);
    if (!first.has(c.key)) first.set(c.key, c.keyStart);
  }
  return { counts, first };
}

function times(n: number): string {
  return `${n}×`;
}

// ------------------------------------------------------------------ tree

interface BriefCount {
  uri: vscode.Uri;
  name: string;
  count: number;
  firstOffset: number;
}

export interface SourceRow {
  source: SourceInfo;
  total: number;
  briefs: BriefCount[];
}

export type SourcesNode =
  | { kind: 'source'; row: SourceRow }
  | { kind: 'uncited'; rows: SourceRow[] }
  | { kind: 'brief'; row: SourceRow; brief: BriefCount };

function citedDescription(row: SourceRow): string {
  if (row.total === 0) return 'never cited';
  if (row.briefs.length === 1) return `cited ${times(row.total)} in ${row.briefs[0].name}`;
  return `cited ${times(row.total)} in ${row.briefs.length} briefs`;
}

function oneLine(text: string, max: number): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export class SourcesProvider implements vscode.TreeDataProvider<SourcesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SourcesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private sources: SourceInfo[] = [];
  private rows: SourceRow[] = [];
  /** Why the list is empty, shown as the view's message. */
  message: string | undefined = 'Waiting for the Groundwork language server to start…';
  private readonly onMessage = new vscode.EventEmitter<string | undefined>();
  readonly onDidChangeMessage = this.onMessage.event;

  constructor(private readonly client: () => LanguageClient | undefined, private readonly output: vscode.OutputChannel) {}

  /** Fetches the sources from the server, then recounts. */
  async refresh(): Promise<void> {
    const client = this.client();
    if (!client?.isRunning()) {
      this.sources = [];
      this.setMessage('The Groundwork language server is not running. Run "Groundwork: Restart language server".');
      this.recount();
      return;
    }
    try {
      const uri = corpusScope()?.toString();
      this.sources = await client.sendRequest<SourceInfo[]>(SourcesRequest, { uri } satisfies SourcesParams);
      this.setMessage(this.sources.length === 0
        ? 'The corpus has no sources. Set "groundwork.corpus.path" to the folder or bibliography file of your corpus.'
        : undefined);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.output.appendLine(`[client] Listing the sources for the Sources view failed: ${message}`);
      this.setMessage(`Listing the sources failed: ${message}. See the Groundwork log.`);
    }
    this.recount();
  }

  /** Recounts the citations of the open briefs (no server round trip). */
  recount(): void {
    const sourceUris = new Set(this.sources.flatMap((s) => (s.uri ? [vscode.Uri.parse(s.uri).toString()] : [])));
    const perKey = new Map<string, BriefCount[]>();
    for (const doc of openBriefs()) {
      if (sourceUris.has(doc.uri.toString())) continue; // a source text in Markdown is not a brief
      const { counts, first } = countCitations(doc.getText());
      for (const [key, count] of counts) {
        const list = perKey.get(key) ?? [];
        list.push({ uri: doc.uri, name: briefName(doc), count, firstOffset: first.get(key) ?? 0 });
        perKey.set(key, list);
      }
    }
    this.rows = this.sources.map((source) => {
      const briefs = (perKey.get(source.key) ?? []).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
      return { source, briefs, total: briefs.reduce((n, b) => n + b.count, 0) };
    });
    this.changed.fire(undefined);
  }

  /** The rows as the view shows them (for tests and the API). */
  snapshot(): SourceRow[] {
    return this.rows.map((r) => ({ ...r, briefs: [...r.briefs] }));
  }

  getChildren(node?: SourcesNode): SourcesNode[] {
    if (!node) {
      const byLabel = (a: SourceRow, b: SourceRow) => a.source.label.localeCompare(b.source.label) || a.source.key.localeCompare(b.source.key);
      const cited = this.rows.filter((r) => r.total > 0).sort((a, b) => b.total - a.total || byLabel(a, b));
      const uncited = this.rows.filter((r) => r.total === 0).sort(byLabel);
      const nodes: SourcesNode[] = cited.map((row) => ({ kind: 'source', row }));
      if (uncited.length > 0) nodes.push({ kind: 'uncited', rows: uncited });
      return nodes;
    }
    if (node.kind === 'uncited') return node.rows.map((row) => ({ kind: 'source', row }));
    if (node.kind === 'source') return node.row.briefs.map((brief) => ({ kind: 'brief', row: node.row, brief }));
    return [];
  }

  getTreeItem(node: SourcesNode): vscode.TreeItem {
    if (node.kind === 'uncited') {
      const item = new vscode.TreeItem(`Not cited in the open briefs (${node.rows.length})`, vscode.TreeItemCollapsibleState.Expanded);
      item.id = 'groundwork.sources.uncited';
      item.iconPath = new vscode.ThemeIcon('circle-slash');
      item.tooltip = 'Sources of the corpus that no open Markdown brief cites.';
      item.contextValue = 'groundwork.uncitedGroup';
      return item;
    }
    if (node.kind === 'brief') {
      const { brief, row } = node;
      const item = new vscode.TreeItem(brief.name, vscode.TreeItemCollapsibleState.None);
      item.id = `groundwork.sources.${row.source.key}.${brief.uri.toString()}`;
      item.description = times(brief.count);
      item.resourceUri = brief.uri;
      item.tooltip = `${brief.uri.scheme === 'file' ? brief.uri.fsPath : brief.name} cites @${row.source.key} ${brief.count === 1 ? 'once' : `${brief.count} times`}. Click to open it at the first citation.`;
      item.command = { title: 'Open the brief at the first citation', command: 'vscode.open', arguments: [brief.uri, { selection: selectionAt(brief) }] };
      item.contextValue = 'groundwork.citingBrief';
      return item;
    }
    const { row } = node;
    const s = row.source;
    const item = new vscode.TreeItem(oneLine(s.label || s.key, 80), row.briefs.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `groundwork.sources.${s.key}`;
    item.description = `${citedDescription(row)} · ${oneLine(s.title || 'Untitled', 80)}`;
    const lines = [
      oneLine(s.title || 'Untitled', 300),
      `${s.authors.length > 0 ? oneLine(s.authors.join('; '), 200) : 'No author'} (${s.year ?? 'n.d.'})`,
      `Key: @${s.key}`,
      row.briefs.length === 0
        ? 'Not cited in any open brief.'
        : `Cited ${row.briefs.map((b) => `${times(b.count)} in ${b.name}`).join(', ')}.`,
      s.uri ? 'Click to open its text.' : `It has no text file; click to open its bibliography (${path.basename(vscode.Uri.parse(s.bibliographyUri).path)}).`,
    ];
    item.tooltip = lines.join('\n');
    item.iconPath = new vscode.ThemeIcon(row.total > 0 ? 'book' : 'circle-outline');
    item.contextValue = row.total > 0 ? 'groundwork.source.cited' : 'groundwork.source.uncited';
    const target = vscode.Uri.parse(s.uri ?? s.bibliographyUri);
    item.command = { title: s.uri ? 'Open the source text' : 'Open the bibliography', command: 'vscode.open', arguments: [target] };
    return item;
  }

  private setMessage(message: string | undefined): void {
    this.message = message;
    this.onMessage.fire(message);
  }

  dispose(): void {
    this.changed.dispose();
    this.onMessage.dispose();
  }
}

function selectionAt(brief: BriefCount): vscode.Range | undefined {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === brief.uri.toString());
  if (!doc) return undefined;
  const pos = doc.positionAt(brief.firstOffset);
  return new vscode.Range(pos, pos);
}

function isBrief(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'markdown' && (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled');
}

function openBriefs(): vscode.TextDocument[] {
  return vscode.workspace.textDocuments.filter(isBrief);
}

function briefName(doc: vscode.TextDocument): string {
  return doc.isUntitled ? doc.uri.path : path.basename(doc.uri.path);
}

/** The brief whose corpus the view lists: the active Markdown editor's, else the first open brief's. */
function corpusScope(): vscode.Uri | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active && isBrief(active)) return active.uri;
  return openBriefs()[0]?.uri;
}

/** Creates the view and wires its refreshes: status notifications, open/close/edit of briefs, the command. */
export function registerSourcesView(
  client: () => LanguageClient | undefined,
  output: vscode.OutputChannel,
  onDidChangeStatus: vscode.Event<StatusParams>,
): { provider: SourcesProvider; disposables: vscode.Disposable[] } {
  const provider = new SourcesProvider(client, output);
  const view = vscode.window.createTreeView(SOURCES_VIEW_ID, { treeDataProvider: provider });
  view.message = provider.message;
  let recountTimer: NodeJS.Timeout | undefined;
  let refreshTimer: NodeJS.Timeout | undefined;
  const later = (fn: () => void, timer: NodeJS.Timeout | undefined): NodeJS.Timeout => {
    if (timer) clearTimeout(timer);
    return setTimeout(fn, RECOUNT_DEBOUNCE_MS);
  };
  const scheduleRefresh = () => (refreshTimer = later(() => void provider.refresh(), refreshTimer));
  const scheduleRecount = () => (recountTimer = later(() => provider.recount(), recountTimer));
  const disposables: vscode.Disposable[] = [
    provider,
    view,
    provider.onDidChangeMessage((m) => (view.message = m)),
    onDidChangeStatus((s) => {
      if (s.state !== 'indexing') scheduleRefresh();
    }),
    vscode.workspace.onDidOpenTextDocument((d) => isBrief(d) && scheduleRefresh()),
    vscode.workspace.onDidCloseTextDocument((d) => isBrief(d) && scheduleRecount()),
    vscode.workspace.onDidChangeTextDocument((e) => isBrief(e.document) && e.contentChanges.length > 0 && scheduleRecount()),
    vscode.commands.registerCommand(REFRESH_SOURCES_COMMAND, async () => {
      await provider.refresh();
      return provider.snapshot().map((r) => ({ key: r.source.key, label: r.source.label, title: r.source.title, cited: r.total }));
    }),
    { dispose: () => [recountTimer, refreshTimer].forEach((t) => t && clearTimeout(t)) },
  ];
  return { provider, disposables };
}
