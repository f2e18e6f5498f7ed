// Groundwork in a real VS Code extension host: activation, the language server's features
// through VS Code's own provider commands (the same path the editor UI uses).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  EXTENSION_ID, codeOf, groundworkDiagnostics, hoverText, labelOf, positionOf, uiOrder, waitFor, workspaceFile,
} from './helpers';

/** The `groundwork/status` payload (server/src/protocol.ts StatusParams), as far as the tests read it. */
interface StatusLike {
  state: string;
  sources: number;
  passages: number;
}

const BRIEF = 'briefs/e2e-brief.md';
const CORPUS_KEYS = ['najibullah2008', 'russia-kyrgyzstan-2023', 'talantbekova2024', 'zagdsuren2025'];
const OPEN_CITATION = 'social and economic factors [@]';
const UNKNOWN = '[@zagsuren2025]';

suite('Groundwork in VS Code', () => {
  let doc: vscode.TextDocument;

  suiteSetup(async function () {
    this.timeout(60_000);
    doc = await vscode.workspace.openTextDocument(workspaceFile(BRIEF));
    await vscode.window.showTextDocument(doc);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the extension activates on opening a Markdown brief', async () => {
    assert.equal(doc.languageId, 'markdown');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded (publisher/name in package.json, engines.vscode allows this VS Code)`);
    await waitFor(() => ext.isActive, 'the extension to activate');
  });

  test('the language server reports ready', async function () {
    this.timeout(60_000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    // The extension's API (client/src/extension.ts): `ready` resolves with the first 'ready' status.
    const api = (await ext.activate()) as { ready?: Promise<StatusLike>; whenReady?: () => Promise<StatusLike> } | undefined;
    const ready = api?.ready ?? api?.whenReady?.();
    assert.ok(ready, 'the extension API exposes `ready`');
    const status = await Promise.race([ready, new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('no ready status within 45 s')), 45_000))]);
    assert.equal(status.state, 'ready');
    assert.equal(status.sources, 4, JSON.stringify(status));
    assert.ok(status.passages > 0, JSON.stringify(status));
    // A ready server has also checked the open brief.
    const diags = await waitFor(() => {
      const d = groundworkDiagnostics(doc.uri);
      return d.length > 0 && d;
    }, 'diagnostics from the groundwork server for the open brief', 45_000);
    assert.ok(diags.length > 0);
  });

  test('completion after [@ lists the corpus keys, the supporting source first', async () => {
    const pos = positionOf(doc, OPEN_CITATION, OPEN_CITATION.length - 1); // between "[@" and "]"
    const list = await waitFor(async () => {
      const l = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider', doc.uri, pos, '@');
      const labels = l?.items.map(labelOf) ?? [];
      return CORPUS_KEYS.every((k) => labels.includes(k)) && l;
    }, 'completion items for every corpus key');
    const ordered = uiOrder(list.items).map(labelOf).filter((l) => CORPUS_KEYS.includes(l));
    assert.deepEqual([...ordered].sort(), CORPUS_KEYS, `each corpus key once: ${ordered.join(', ')}`);
    assert.equal(ordered[0], 'zagdsuren2025', `ranked: ${ordered.join(', ')}`);
  });

  test('hover on a cited key shows the supporting passage', async () => {
    const pos = positionOf(doc, '[@zagdsuren2025]', 4); // inside "zagdsuren2025"
    const text = await waitFor(async () => {
      const t = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos));
      return /combat drones/.test(t) && t;
    }, 'a hover with the passage about combat drones');
    assert.match(text, /Zagdsuren/);
    assert.match(text, /combat drones/);
  });

  test('an unknown key gets an unknown-source error', async () => {
    const start = positionOf(doc, UNKNOWN, 2);
    const diag = await waitFor(
      () => groundworkDiagnostics(doc.uri).find((d) => codeOf(d) === 'unknown-source' && d.range.contains(start)),
      'an unknown-source diagnostic on [@zagsuren2025]');
    assert.equal(diag.source, 'groundwork');
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diag.message, /zagsuren2025/);
  });

  test("the quick fix replaces the unknown key with 'zagdsuren2025'", async () => {
    const start = positionOf(doc, UNKNOWN, 2);
    const diag = groundworkDiagnostics(doc.uri).find((d) => codeOf(d) === 'unknown-source' && d.range.contains(start));
    assert.ok(diag, 'the unknown-source diagnostic');
    // The first request right after startup can come back empty: poll.
    const fix = await waitFor(async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
      return actions?.find((a) => /zagdsuren2025/.test(a.title));
    }, "a quick fix mentioning 'zagdsuren2025'", 15_000, 250);
    assert.match(fix.title, /Replace with .?zagdsuren2025/);
    if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    await waitFor(() => doc.getText().includes("the region's independence [@zagdsuren2025]."), 'the fixed citation in the text', 5000);
    assert.ok(!doc.getText().includes('zagsuren2025'));
    await waitFor(() => !groundworkDiagnostics(doc.uri).some((d) => codeOf(d) === 'unknown-source'),
      'the unknown-source diagnostic to go away');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(() => doc.getText().includes(UNKNOWN), 'the revert');
  });

  test('go to definition on a key opens its source text', async () => {
    const pos = positionOf(doc, '[@talantbekova2024]', 4);
    const locs = await waitFor(async () => {
      const r = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
        'vscode.executeDefinitionProvider', doc.uri, pos);
      return r?.length ? r : undefined;
    }, 'a definition for talantbekova2024');
    const uris = locs.map((l) => ('targetUri' in l ? l.targetUri : l.uri));
    assert.ok(uris.some((u) => path.basename(u.fsPath) === 'talantbekova2024.txt'),
      `a location in corpus/talantbekova2024.txt: ${uris.map((u) => u.fsPath).join(', ')}`);
  });
});
