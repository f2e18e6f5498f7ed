// The palette commands (category "Groundwork"). Each talks to the server through the custom requests of
// server/src/protocol.ts; all user-visible strings say what happened and what to do.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ReindexRequest,
  SearchRequest,
  SourcesRequest,
  type SearchParams,
  type SearchResult,
  type SourceInfo,
  type SourcesParams,
} from '../../server/src/protocol';
import { citationEdit, plainPickText } from './citationInsert';

export interface CommandContext {
  /** The running client, or undefined while the server is not running. */
  client(): LanguageClient | undefined;
  output: vscode.OutputChannel;
  restart(): Promise<void>;
}

const SEARCH_DEBOUNCE_MS = 120;
const SEARCH_LIMIT = 30;

function isMarkdown(editor: vscode.TextEditor | undefined): editor is vscode.TextEditor {
  return !!editor && editor.document.languageId === 'markdown';
}

/** The running client, or a message saying how to get one. */
function requireClient(ctx: CommandContext): LanguageClient | undefined {
  const client = ctx.client();
  if (client?.isRunning()) return client;
  void vscode.window
    .showErrorMessage(
      'The Groundwork language server is not running. Restart it, or open the log to see why it stopped.',
      'Restart language server',
      'Show log',
    )
    .then((choice) => {
      if (choice === 'Restart language server') void ctx.restart();
      else if (choice === 'Show log') ctx.output.show(true);
    });
  return undefined;
}

function reportFailure(ctx: CommandContext, what: string, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  ctx.output.appendLine(`[client] ${what} failed: ${message}`);
  void vscode.window.showErrorMessage(`Groundwork: ${what} failed: ${message}. See the Groundwork log for details.`, 'Show log')
    .then((choice) => choice && ctx.output.show(true));
}

/** Opens a source file with the passage at line/character selected and centred. */
async function openAt(uri: string, line: number, character: number): Promise<void> {
  const pos = new vscode.Position(Math.max(0, line), Math.max(0, character));
  const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri), {
    selection: new vscode.Range(pos, pos),
    preview: true,
  });
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

// ------------------------------------------------------------------------------------------ search corpus

interface PassageItem extends vscode.QuickPickItem {
  result?: SearchResult;
}

const openPassageButton: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('go-to-file'),
  tooltip: 'Open the source at this passage',
};

function passageItem(r: SearchResult): PassageItem {
  const where = r.page !== undefined ? `p. ${r.page} · ` : '';
  return {
    label: `$(quote) ${plainPickText(r.label, 80)}`,
    description: plainPickText(r.key, 80),
    detail: where + plainPickText(r.text, 200),
    // The server already ranked these for the query; keep them even when the label does not match it.
    alwaysShow: true,
    buttons: [openPassageButton],
    result: r,
  };
}

/**
 * Inserts the citation for `key` in `editor` after its cursor or selection (a selected claim is kept),
 * or appends it to the citation group the cursor is in.
 */
export async function insertCitation(editor: vscode.TextEditor, key: string): Promise<boolean> {
  const cursor = editor.selection.end;
  const line = editor.document.lineAt(cursor.line).text;
  const edit = citationEdit(line, cursor.character, key);
  if (edit.kind === 'duplicate') {
    void vscode.window.showInformationMessage(`The citation at the cursor already cites @${key}; nothing was inserted.`);
    return false;
  }
  const at = new vscode.Position(cursor.line, edit.offset);
  const ok = await editor.edit((b) => b.insert(at, edit.text));
  if (ok) {
    const end = at.translate(0, edit.text.length);
    editor.selection = new vscode.Selection(end, end);
  }
  return ok;
}

async function searchCorpus(ctx: CommandContext): Promise<void> {
  const client = requireClient(ctx);
  if (!client) return;
  // The brief to cite in: the active Markdown editor when the command starts.
  const target = isMarkdown(vscode.window.activeTextEditor) ? vscode.window.activeTextEditor : undefined;

  const pick = vscode.window.createQuickPick<PassageItem>();
  pick.title = 'Groundwork: Search corpus';
  pick.placeholder = target
    ? 'Type words from a passage; Enter cites its source at the cursor, the file button opens the passage'
    : 'Type words from a passage; Enter or the file button opens the passage (open a brief to insert citations)';
  pick.matchOnDescription = false;
  pick.matchOnDetail = false;
  // A fresh selection would jump back to the first item while results stream in; keep the default.

  let timer: NodeJS.Timeout | undefined;
  let pending: vscode.CancellationTokenSource | undefined;
  let generation = 0;

  const run = async (query: string) => {
    pending?.cancel();
    pending?.dispose();
    const gen = ++generation;
    if (!query.trim()) {
      pick.items = [];
      pick.busy = false;
      return;
    }
    const cts = (pending = new vscode.CancellationTokenSource());
    pick.busy = true;
    try {
      const params: SearchParams = {
        query,
        uri: target?.document.uri.toString() ?? vscode.window.activeTextEditor?.document.uri.toString(),
        limit: SEARCH_LIMIT,
      };
      const results = await client.sendRequest<SearchResult[]>(SearchRequest, params, cts.token);
      if (gen !== generation) return;
      pick.items = results.length > 0
        ? results.map(passageItem)
        : [{
          label: `No passage matches "${plainPickText(query, 60)}"`,
          detail: 'Try other words. If you added sources, run "Groundwork: Reindex corpus" first.',
          alwaysShow: true,
        }];
    } catch (e) {
      if (gen !== generation || cts.token.isCancellationRequested) return;
      ctx.output.appendLine(`[client] search failed: ${(e as Error).message ?? e}`);
      pick.items = [{
        label: 'The search failed',
        detail: `${plainPickText(String((e as Error).message ?? e), 150)}. See the Groundwork log ("Groundwork: Show log").`,
        alwaysShow: true,
      }];
    } finally {
      if (gen === generation) pick.busy = false;
    }
  };

  pick.onDidChangeValue((value) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(value), SEARCH_DEBOUNCE_MS);
  });

  pick.onDidTriggerItemButton(async ({ item }) => {
    if (!item.result) return;
    pick.hide();
    await openAt(item.result.uri, item.result.line, item.result.character);
  });

  pick.onDidAccept(async () => {
    const item = pick.selectedItems[0] ?? pick.activeItems[0];
    if (!item?.result) return; // the "no passage matches" line
    const r = item.result;
    pick.hide();
    if (target && !target.document.isClosed) {
      // Bring the brief back to the front (the pick does not move focus, but the user may have switched).
      const editor = await vscode.window.showTextDocument(target.document, {
        viewColumn: target.viewColumn,
        selection: target.selection,
        preserveFocus: false,
      });
      await insertCitation(editor, r.key);
    } else {
      await openAt(r.uri, r.line, r.character);
    }
  });

  pick.onDidHide(() => {
    if (timer) clearTimeout(timer);
    pending?.cancel();
    pending?.dispose();
    pick.dispose();
  });

  // Pre-fill with the selected words of the brief, if any (a common "find support for this" gesture).
  const selected = target && !target.selection.isEmpty ? target.document.getText(target.selection) : '';
  if (selected && !selected.includes('\n') && selected.length <= 200) {
    pick.value = selected;
    void run(selected);
  }
  pick.show();
}

// ------------------------------------------------------------------------------------------ open source

interface SourceItem extends vscode.QuickPickItem {
  source: SourceInfo;
}

function authorYear(s: SourceInfo): string {
  if (s.label) return plainPickText(s.label, 80);
  const first = s.authors[0] ? s.authors[0].split(',')[0] : 'Unknown author';
  const who = s.authors.length > 2 ? `${first} et al.` : s.authors.length === 2 ? `${first} and ${s.authors[1].split(',')[0]}` : first;
  return plainPickText(`${who} ${s.year ?? 'n.d.'}`, 80);
}

async function openSource(ctx: CommandContext): Promise<void> {
  const client = requireClient(ctx);
  if (!client) return;
  const uri = vscode.window.activeTextEditor?.document.uri.toString();
  let sources: SourceInfo[];
  try {
    sources = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Groundwork: listing sources' },
      () => client.sendRequest<SourceInfo[]>(SourcesRequest, { uri } satisfies SourcesParams),
    );
  } catch (e) {
    reportFailure(ctx, 'Listing the sources', e);
    return;
  }
  if (sources.length === 0) {
    const choice = await vscode.window.showInformationMessage(
      'The corpus has no sources. Set "groundwork.corpus.path" to the folder or bibliography file of your corpus, then reindex.',
      'Open settings',
    );
    if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'groundwork.corpus.path');
    return;
  }
  const items: SourceItem[] = sources
    .slice()
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((s) => ({
      label: plainPickText(s.key, 80),
      description: authorYear(s),
      detail: plainPickText(s.title || 'Untitled', 160) + (s.uri ? '' : ' — no text file'),
      source: s,
    }));
  const chosen = await vscode.window.showQuickPick(items, {
    title: 'Groundwork: Open source',
    placeHolder: 'Pick a source to open its text file (type to filter by key, author, year or title)',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!chosen) return;
  const s = chosen.source;
  if (s.uri) {
    await vscode.window.showTextDocument(vscode.Uri.parse(s.uri), { preview: true });
    return;
  }
  const bib = vscode.Uri.parse(s.bibliographyUri);
  const bibName = path.basename(bib.path);
  const choice = await vscode.window.showInformationMessage(
    `"${s.key}" has no text file to open: its entry in ${bibName} names no readable file. ` +
      `Add the path of its text file to the entry's "file" field in ${bibName}, then reindex.`,
    `Open ${bibName}`,
  );
  if (choice) await vscode.window.showTextDocument(bib, { preview: true });
}

// ------------------------------------------------------------------------------------------ registration

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('groundwork.reindex', async () => {
      const client = requireClient(ctx);
      if (!client) return;
      try {
        await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: 'Groundwork: reindexing corpus' },
          () => client.sendRequest(ReindexRequest),
        );
      } catch (e) {
        reportFailure(ctx, 'Reindexing the corpus', e);
      }
    }),
    vscode.commands.registerCommand('groundwork.searchCorpus', () => searchCorpus(ctx)),
    vscode.commands.registerCommand('groundwork.openSource', () => openSource(ctx)),
    vscode.commands.registerCommand('groundwork.showLog', () => ctx.output.show(true)),
    vscode.commands.registerCommand('groundwork.restartServer', () => ctx.restart()),
  ];
}
