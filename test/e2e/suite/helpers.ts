// Helpers shared by the extension-host tests (bundled into each *.test.js by esbuild).
import * as vscode from 'vscode';

export const EXTENSION_ID = 'groundwork.groundwork';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls fn until it returns a truthy value (or throws on timeout, with the last value). */
export async function waitFor<T>(
  fn: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 20_000,
  intervalMs = 150,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  let error: unknown;
  for (;;) {
    try {
      last = await fn();
      error = undefined;
      if (last) return last as T;
    } catch (e) {
      error = e;
    }
    if (Date.now() > end) {
      const detail = error ? `error: ${(error as Error).message ?? error}` : `last value: ${safeJson(last)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${detail})`);
    }
    await sleep(intervalMs);
  }
}

function safeJson(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 400 ? s.slice(0, 400) + '…' : s;
  } catch {
    return String(v);
  }
}

export function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need a workspace folder (the e2e fixture workspace)');
  return vscode.Uri.joinPath(folder.uri, rel);
}

/** Position of the n-th occurrence of `needle` in the document, plus `offset` characters. */
export function positionOf(doc: vscode.TextDocument, needle: string, offset = 0, occurrence = 0): vscode.Position {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} (occurrence ${occurrence}) not found in ${doc.uri.fsPath}`);
  }
  return doc.positionAt(at + offset);
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

export function groundworkDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'groundwork');
}

export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** The order VS Code's suggest widget shows items in for an empty prefix: sortText, then label. */
export function uiOrder(items: vscode.CompletionItem[]): vscode.CompletionItem[] {
  return [...items].sort((a, b) => {
    const ka = a.sortText ?? labelOf(a);
    const kb = b.sortText ?? labelOf(b);
    return ka < kb ? -1 : ka > kb ? 1 : labelOf(a).localeCompare(labelOf(b));
  });
}

export function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : String(c))))
    .join('\n');
}
