// The Markdown preview's citations (markdown.markdownItPlugins, through the built-in markdown extension's
// `markdown.api.render` command: the same engine and plugins the preview uses) and the Explorer's
// "Groundwork Sources" view (its tree data provider, exposed on the extension's API as `sources`).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor, workspaceFile } from './helpers';

const BRIEF = 'briefs/sample-b.md';

interface StatusLike {
  state: string;
  sources: number;
}

/** The parts of the Sources view's provider (client/src/sourcesView.ts) the test reads. */
interface SourceNodeLike {
  kind: 'source' | 'uncited' | 'brief';
  row?: { source: { key: string }; total: number; briefs: { name: string; count: number }[] };
}
interface SourcesProviderLike {
  getChildren(node?: SourceNodeLike): SourceNodeLike[];
  getTreeItem(node: SourceNodeLike): vscode.TreeItem;
  refresh(): Promise<void>;
}

interface ApiLike {
  ready: Promise<StatusLike>;
  sources: SourcesProviderLike;
  extendMarkdownIt?: unknown;
}

const render = (input: string | vscode.TextDocument) => vscode.commands.executeCommand<string>('markdown.api.render', input);

/** Renders until the citations are in (the first render asks the server, the plugin's cache fills, then it shows them). */
function renderUntil(input: string | vscode.TextDocument, re: RegExp, what: string): Promise<string> {
  return waitFor(async () => {
    const html = await render(input);
    return re.test(html ?? '') && html;
  }, what, 20_000, 200);
}

suite('Groundwork in the Markdown preview and the Sources view', () => {
  let api: ApiLike;
  let doc: vscode.TextDocument;

  suiteSetup(async function () {
    this.timeout(60_000);
    doc = await vscode.workspace.openTextDocument(workspaceFile(BRIEF));
    await vscode.window.showTextDocument(doc);
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as ApiLike;
    const status = await api.ready;
    assert.equal(status.state, 'ready');
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('groundwork').update('citationStyle', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the extension contributes a markdown-it plugin', () => {
    assert.equal(typeof api.extendMarkdownIt, 'function');
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: Record<string, unknown> };
    assert.equal(pkg.contributes['markdown.markdownItPlugins'], true);
  });

  test('markdown.api.render shows citations in Chicago author-date, a References list, unknown keys marked, code untouched', async function () {
    this.timeout(40_000);
    const text = [
      '# Brief',
      '',
      'Russia sought to expand its presence [@najibullah2008]. See also [see @zagdsuren2025, p. 3; @nope2024].',
      '',
      'In code: `[@talantbekova2024]` stays as written.',
      '',
      '```',
      '[@russia-kyrgyzstan-2023]',
      '```',
      '',
      'A title with [markup <b>here</b>](https://example.com) keeps its link.',
    ].join('\n');
    const html = await renderUntil(text, /\(Najibullah 2008\)/, 'the in-text citation "(Najibullah 2008)" in the rendered HTML');
    assert.match(html, /\(see Zagdsuren and Densmaa 2025, 3; <span class="groundwork-unknown" title="Unknown citation key &quot;nope2024&quot;[^"]*">@nope2024\?<\/span>\)/);
    assert.match(html, /<h2 id="groundwork-references">References<\/h2>/);
    const refs = html.slice(html.indexOf('groundwork-references'));
    assert.match(refs, /Najibullah, Farangis\. 2008\. “Russia: Moscow Looks To Expand Military Presence In Central Asia\.” <i>Radio Free Europe\/Radio Liberty<\/i>, 2008\./);
    assert.match(refs, /Zagdsuren, Boldbaatar, and Oyuntsetseg Densmaa\. 2025\./);
    // Code is never rewritten, and only cited sources are listed.
    assert.match(html, /<code>\[@talantbekova2024\]<\/code>/);
    assert.match(html, /\[@russia-kyrgyzstan-2023\]/);
    assert.doesNotMatch(refs, /Talantbekova|Russia Develops/);
  });

  test('an open brief renders with its own corpus, and in APA when groundwork.citationStyle is apa', async function () {
    this.timeout(40_000);
    await renderUntil(doc, /\(Zagdsuren and Densmaa 2025\)/, 'sample-b.md rendered in Chicago author-date');
    await vscode.workspace.getConfiguration('groundwork').update('citationStyle', 'apa', vscode.ConfigurationTarget.Workspace);
    const html = await renderUntil(doc, /\(Zagdsuren &amp; Densmaa, 2025\)/, 'sample-b.md rendered in APA');
    assert.match(html, /\(Najibullah, ca\. 2008\)/);
    assert.match(html, /<span class="groundwork-unknown"[^>]*>@zagsuren2025\?<\/span>/);
    assert.match(html, /Talantbekova, D\. \(2024\)\./);
    await vscode.workspace.getConfiguration('groundwork').update('citationStyle', undefined, vscode.ConfigurationTarget.Workspace);
    await renderUntil(doc, /\(Zagdsuren and Densmaa 2025\)/, 'sample-b.md back in Chicago author-date');
  });

  test('the Sources view lists the 4 sources with how often the open brief cites them', async function () {
    this.timeout(40_000);
    await api.sources.refresh();
    const sources = () => {
      const top = api.sources.getChildren();
      return top.flatMap((n) => (n.kind === 'uncited' ? api.sources.getChildren(n) : [n])).filter((n) => n.kind === 'source');
    };
    const nodes = await waitFor(() => {
      const s = sources();
      return s.length === 4 && s.some((n) => n.row!.briefs.some((b) => b.name === 'sample-b.md')) && s;
    }, 'the Sources view to list 4 sources cited by sample-b.md');
    const byKey = new Map(nodes.map((n) => [n.row!.source.key, n]));
    assert.deepEqual([...byKey.keys()].sort(), ['najibullah2008', 'russia-kyrgyzstan-2023', 'talantbekova2024', 'zagdsuren2025']);
    const inBrief = (key: string) => byKey.get(key)!.row!.briefs.find((b) => b.name === 'sample-b.md')?.count ?? 0;
    assert.equal(inBrief('zagdsuren2025'), 8);
    assert.equal(inBrief('najibullah2008'), 5);
    assert.equal(inBrief('talantbekova2024'), 4);
    assert.equal(inBrief('russia-kyrgyzstan-2023'), 0);

    // Tree items: label author + year, description with the count and the title, a click opens the text.
    const zag = api.sources.getTreeItem(byKey.get('zagdsuren2025')!);
    assert.equal(zag.label, 'Zagdsuren and Densmaa 2025');
    assert.match(String(zag.description), /^cited \d+× in (sample-b\.md|\d briefs) · Revisions to Security Policies in Central Asian Nations$/);
    assert.equal(zag.command?.command, 'vscode.open');
    assert.match(String((zag.command?.arguments?.[0] as vscode.Uri).path), /zagdsuren2025\.txt$/);
    const children = api.sources.getChildren(byKey.get('zagdsuren2025')!);
    const child = children.map((c) => api.sources.getTreeItem(c)).find((i) => i.label === 'sample-b.md');
    assert.equal(child?.description, '8×');

    // Never cited: under the "Not cited" group.
    const group = api.sources.getChildren().find((n) => n.kind === 'uncited');
    if (!byKey.get('russia-kyrgyzstan-2023')!.row!.total) {
      assert.ok(group, 'a group for the sources no open brief cites');
      assert.match(String(api.sources.getTreeItem(group).label), /^Not cited in the open briefs \(\d\)$/);
      assert.equal(api.sources.getTreeItem(byKey.get('russia-kyrgyzstan-2023')!).description, 'never cited · Russia Develops Its Military Facilities in Kyrgyzstan');
    }

    // Editing the brief recounts (debounced).
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, doc.positionAt(doc.getText().length), '\nOne more [@russia-kyrgyzstan-2023].\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor(() => sources().find((n) => n.row!.source.key === 'russia-kyrgyzstan-2023' && n.row!.briefs.some((b) => b.name === 'sample-b.md' && b.count === 1)),
      'the view to count the new citation of russia-kyrgyzstan-2023');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
