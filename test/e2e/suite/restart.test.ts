// Crash resilience in the extension host: when the language server process dies, the client
// restarts it (client/src/extension.ts crashHandler) and hovers and completion work again.
// Runs last (files run in name order): it kills the server the other suites use.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, hoverText, labelOf, positionOf, waitFor, workspaceFile } from './helpers';

interface ClientLike {
  isRunning(): boolean;
  /** vscode-languageclient's (private) child process of the server, for this test only. */
  _serverProcess?: { pid?: number };
}

suite('Groundwork server crash', () => {
  test('a killed server is restarted, and hover and completion work again', async function () {
    this.timeout(120_000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const api = (await ext.activate()) as { client: ClientLike; whenReady(): Promise<unknown> };
    await api.whenReady();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('briefs/e2e-brief.md'));
    await vscode.window.showTextDocument(doc);
    const pid = api.client._serverProcess?.pid;
    assert.ok(pid, 'the server process id (vscode-languageclient keeps the child process in _serverProcess)');
    process.kill(pid, 'SIGKILL');
    await waitFor(() => api.client._serverProcess?.pid !== undefined && api.client._serverProcess.pid !== pid && api.client.isRunning(),
      'a new server process', 60_000);
    const hoverAt = positionOf(doc, '[@zagdsuren2025]', 4);
    await waitFor(async () => /combat drones/.test(hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, hoverAt))),
      'a hover from the restarted server', 60_000);
    const completeAt = positionOf(doc, 'social and economic factors [@]', 'social and economic factors [@]'.length - 1);
    await waitFor(async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, completeAt, '@');
      return list?.items.map(labelOf).includes('zagdsuren2025');
    }, 'completion from the restarted server', 30_000);
  });
});
