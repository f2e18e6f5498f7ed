// No lost text under interleaved edits: code actions carry the version they were computed for,
// edits apply to exactly the span they mean, rapid edits leave the server in step with the
// client, no action edits any file but the brief; and a feature that throws leaves the others working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, makeWorkspace, Published } from './harness';

const TEXT = 'Russia has sought to keep the region within its sphere of influence and to curtail its independence [@zagsuren2025].\n';
const FIXED = (text: string) => text.replace('[@zagsuren2025]', '[@zagdsuren2025]');

interface TextEdit { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }
interface Action { title: string; kind?: string; command?: unknown; edit?: { changes?: Record<string, TextEdit[]>; documentChanges?: { kind?: string; textDocument?: { uri: string; version: number | null }; edits?: TextEdit[] }[] } }

/** Applies a versioned edit as a conforming client does: only to the text of that version. */
function apply(uri: string, version: number, text: string, action: Action): string {
  const changes = action.edit?.documentChanges ?? [];
  assert.equal(changes.length, 1, action.title);
  assert.equal(changes[0].textDocument!.version, version, `${action.title}: the edit is for version ${version}`);
  return TextDocument.applyEdits(TextDocument.create(uri, 'markdown', version, text), changes[0].edits!);
}

/** Every action edits the brief only: no other file, no file operations, no commands. */
function assertOnlyEditsBrief(uri: string, actions: Action[]): void {
  for (const a of actions) {
    assert.equal(a.command, undefined, `${a.title} runs no command`);
    for (const key of Object.keys(a.edit?.changes ?? {})) assert.equal(key, uri, a.title);
    for (const c of a.edit?.documentChanges ?? []) {
      assert.equal(c.kind, undefined, `${a.title}: no create, rename or delete`);
      assert.equal(c.textDocument?.uri, uri, a.title);
    }
  }
}

const unknownSource = (p: Published) => p.diagnostics.find((d) => d.code === 'unknown-source');

test('a code action computed for version N carries N; re-requested at N+1 it changes exactly the key', async () => {
  const root = makeWorkspace({ 'brief.md': TEXT });
  const client = new LspClient(root);
  try {
    await client.initialize();
    const uri = client.open('brief.md');
    const diag = unknownSource(await client.diagnosticsFor(uri, 1))!;
    assert.ok(diag);
    // The request is sent at version 1 and the document changes before the answer arrives.
    const pending = client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
    const v2Text = 'A preface sentence that shifts every offset.\n\n' + TEXT;
    const v2 = client.change(uri, v2Text);
    const stale = (await pending).filter((a) => a.kind === 'quickfix');
    assertOnlyEditsBrief(uri, stale);
    const staleFix = stale.find((a) => /zagdsuren2025/.test(a.title))!;
    assert.ok(staleFix, stale.map((a) => a.title).join(', '));
    // It carries version 1, so a client refuses it on version 2; on version 1 it is right.
    assert.equal(staleFix.edit!.documentChanges![0].textDocument!.version, 1);
    assert.equal(apply(uri, 1, TEXT, staleFix), FIXED(TEXT));
    // At version 2 the fix is computed again and changes exactly the key.
    const diag2 = unknownSource(await client.diagnosticsFor(uri, v2))!;
    const actions = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: diag2.range, context: { diagnostics: [diag2] } });
    assertOnlyEditsBrief(uri, actions);
    const fix = actions.find((a) => /zagdsuren2025/.test(a.title))!;
    assert.equal(apply(uri, v2, v2Text, fix), FIXED(v2Text));
  } finally {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('50 rapid incremental edits interleaved with requests leave the server in step with the client', async () => {
  const root = makeWorkspace({ 'brief.md': TEXT });
  const client = new LspClient(root);
  try {
    await client.initialize();
    const uri = client.open('brief.md');
    await client.diagnosticsFor(uri, 1);
    let doc = TextDocument.create(uri, 'markdown', 1, TEXT);
    const texts = new Map<number, string>([[1, TEXT]]);
    const answers: Promise<{ actions: Action[]; sentAt: number }>[] = [];
    const hovers: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i++) {
      // Alternate insertions before the citation, after it, deletions and line breaks.
      const t = doc.getText();
      const at = t.indexOf('[@');
      const change =
        i % 4 === 0 ? { range: { start: doc.positionAt(0), end: doc.positionAt(0) }, text: `Word${i} ` }
        : i % 4 === 1 ? { range: { start: doc.positionAt(at), end: doc.positionAt(at) }, text: `x${i} ` }
        : i % 4 === 2 ? { range: { start: doc.positionAt(t.length - 1), end: doc.positionAt(t.length - 1) }, text: ` More text ${i} [@najibullah2008].\n` }
        : { range: { start: doc.positionAt(0), end: doc.positionAt(t.indexOf(' ') + 1) }, text: '' };
      const version = doc.version + 1;
      doc = TextDocument.update(doc, [change], version);
      texts.set(version, doc.getText());
      await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      const sentAt = version;
      answers.push(client.request<Action[]>('textDocument/codeAction', {
        textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, context: { diagnostics: [] },
      }).then((actions) => ({ actions, sentAt })));
      if (i % 5 === 0) hovers.push(client.request('textDocument/hover', { textDocument: { uri }, position: doc.positionAt(doc.getText().indexOf('zagsuren') + 2) }));
    }
    assert.equal(doc.version, 51);
    for (const { actions, sentAt } of await Promise.all(answers)) {
      assertOnlyEditsBrief(uri, actions);
      // Each answer is for the version current when it was asked (or a later one), and its edit
      // applied to that version's text changes exactly the key.
      for (const fix of actions.filter((a) => /zagdsuren2025/.test(a.title))) {
        const version = fix.edit!.documentChanges![0].textDocument!.version!;
        assert.ok(version >= sentAt && texts.has(version), `version ${version} for a request sent at ${sentAt}`);
        assert.equal(apply(uri, version, texts.get(version)!, fix), FIXED(texts.get(version)!));
      }
    }
    await Promise.all(hovers);
    // The final diagnostics are for the final version, and their ranges fall on the client's text.
    const final = await client.diagnosticsFor(uri, 51);
    const text = doc.getText();
    const unknown = unknownSource(final)!;
    assert.equal(text.slice(doc.offsetAt(unknown.range.start), doc.offsetAt(unknown.range.end)).replace(/^\[?@/, ''), 'zagsuren2025');
    // The References action rewrites the text the server holds: applied to the client's text it
    // keeps that text whole and only appends.
    const all = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: unknown.range, context: { diagnostics: [], only: ['source'] } });
    assertOnlyEditsBrief(uri, all);
    const refs = all.find((a) => /References/.test(a.title))!;
    assert.ok(refs, all.map((a) => a.title).join(', '));
    const withRefs = apply(uri, 51, text, refs);
    assert.ok(withRefs.startsWith(text.trimEnd()) && /## References/.test(withRefs.slice(text.trimEnd().length)), withRefs.slice(-400));
  } finally {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a feature that throws is logged and answers nothing; completion, hover fallback and diagnostics keep working', async () => {
  const root = makeWorkspace({ 'brief.md': TEXT + '\nMore on drones [@].\n' });
  const client = new LspClient(root, {}, { GROUNDWORK_TEST_THROW: 'hover' });
  const logs: string[] = [];
  client.conn.onNotification('window/logMessage', (p: { message: string }) => logs.push(p.message));
  try {
    await client.initialize();
    const uri = client.open('brief.md');
    const diags = await client.diagnosticsFor(uri, 1);
    assert.ok(unknownSource(diags), 'diagnostics still published');
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 105 } });
    assert.equal(hover, null);
    await client.until(() => logs.some((l) => /hover failed: Error: hover: failure injected by GROUNDWORK_TEST_THROW/.test(l)), 5000, 'the failure in the log');
    const completion = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 17 } });
    const labels = (Array.isArray(completion) ? completion : completion.items).map((i: { label: string }) => i.label);
    assert.ok(labels.includes('zagdsuren2025'), labels.join(', '));
    // The server is still alive and answering after the failure.
    const again = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 105 } });
    assert.equal(again, null);
    assert.equal(client.proc.exitCode, null);
  } finally {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
