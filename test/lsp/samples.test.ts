// The built server over stdio on the labelled sample briefs: completion order, hover evidence,
// unknown-source diagnostics and their quick fixes, as any editor would see them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspClient, loadLabels, samplesWorkspace } from './harness';

const labels = loadLabels();
let client: LspClient;
let root: string;

before(async () => {
  root = samplesWorkspace();
  client = new LspClient(root);
  await client.initialize();
});
after(async () => {
  await client.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

test('the status notification reports the corpus: 4 sources and their passages', () => {
  const ready = client.statuses.find((s) => s.state === 'ready');
  assert.ok(ready, JSON.stringify(client.statuses));
  assert.equal(ready!.sources, 4);
  assert.ok(ready!.passages > 100);
  assert.ok(client.progress.length > 0, 'indexing reports work-done progress');
});

test('completion after [@ ranks the supporting source first for ≥ 90 % of the probes', async () => {
  let first = 0;
  for (const probe of labels.completion_probes) {
    const uri = client.open(probe.file);
    const list = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: probe.line - 1, character: probe.character } });
    assert.ok(list && list.items.length === 4, `${probe.id}: four sources offered`);
    const order = [...list.items].sort((a: any, b: any) => a.sortText.localeCompare(b.sortText)).map((i: any) => i.label);
    assert.ok(order.slice(0, 3).includes(probe.expect_top3[0]), `${probe.id}: ${probe.expect_top3[0]} in top 3 of ${order}`);
    if (order[0] === probe.expect_top3[0]) first++;
    const top = list.items.find((i: any) => i.label === order[0]);
    assert.match(top.detail, /\d{4}/, 'detail is author and year');
    assert.match(top.documentation.value, /Best supporting passage/);
    const second = await client.request('completionItem/resolve', list.items.find((i: any) => i.label === order[1]));
    assert.match(second.documentation.value, /Published: /, 'the other items are documented on resolve');
  }
  assert.ok(first / labels.completion_probes.length >= 0.9, `first for ${first}/${labels.completion_probes.length}`);
});

test('completion replaces the key being edited and is fuzzy over authors', async () => {
  const uri = client.open('briefs/typing.md', 'Medvedev met Rahmon in St Petersburg [@naji].\n');
  const list = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 43 } });
  const top = [...list.items].sort((a: any, b: any) => a.sortText.localeCompare(b.sortText))[0];
  assert.equal(top.label, 'najibullah2008');
  assert.deepEqual(top.textEdit.range, { start: { line: 0, character: 39 }, end: { line: 0, character: 43 } });
  const byAuthor = client.open('briefs/author.md', 'Security policies [@Densmaa].\n');
  const list2 = await client.request('textDocument/completion', { textDocument: { uri: byAuthor }, position: { line: 0, character: 27 } });
  const top2 = [...list2.items].sort((a: any, b: any) => a.sortText.localeCompare(b.sortText))[0];
  assert.equal(top2.label, 'zagdsuren2025');
  const none = await client.request('textDocument/completion', { textDocument: { uri: byAuthor }, position: { line: 0, character: 5 } });
  assert.equal(none, null, 'no citation completion outside a citation');
});

test('hover shows the reference and the expected evidence for ≥ 90 % of the probes', async () => {
  let ok = 0;
  for (const probe of labels.hover_probes) {
    const uri = client.open(probe.file);
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: probe.line - 1, character: probe.character } });
    assert.ok(hover, `${probe.id}: a hover`);
    const text: string = hover.contents.value.replace(/\*\*/g, '').replace(/\\(.)/g, '$1');
    assert.match(text, /Published: /);
    assert.match(hover.contents.value, /\[Open source at this passage\]\(file:\/\/.+#L\d+,\d+\)/);
    if (probe.expect_contains.every((p) => text.includes(p))) ok++;
  }
  assert.ok(ok / labels.hover_probes.length >= 0.9, `evidence shown for ${ok}/${labels.hover_probes.length}`);
});

test('hover on a key in a citation note shows the passage supporting the sentence that points to the note', async () => {
  const text = 'The air base in Kant hosts some 400 personnel and Su-25 aircraft.[^1]\n\n[^1]: [@najibullah2008].\n';
  const uri = client.open('briefs/noted.md', text);
  const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 10 } });
  // The passage, with the sentence's words in bold (a bare note has none).
  assert.match(hover.contents.value.replace(/\*\*/g, ''), /hosts some 400 personnel/);
  assert.match(hover.contents.value, /\*\*400 personnel\*\*/);
});

test('completion in a citation note ranks the sources by the sentence that points to the note', async () => {
  // (A paragraph about something else stands between: the text just before the note is not the sentence.)
  const between = 'In 2008 the Russian Air Force commander said Moscow would send more personnel and aircraft to the air base in Kant, which hosts some 400 personnel and Su-25 aircraft; sources at the base denied that reinforcements would come. '.repeat(3);
  const text = `The Russian military group in the Nurek area is 7,000 strong, and Baikonur serves as a field training centre.[^1]\n\n${between}\n\n[^1]: [@\n`;
  const uri = client.open('briefs/noting.md', text);
  const list = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 8 } });
  const order = [...list.items].sort((a: any, b: any) => a.sortText.localeCompare(b.sortText)).map((i: any) => i.label);
  assert.equal(order[0], 'zagdsuren2025', order.join(' '));
});

test('hover on an unknown key says so and names the nearest keys', async () => {
  const uri = client.open('briefs/unknown.md', 'Security cooperation with the United States [@zagsuren2025].\n');
  const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 48 } });
  assert.match(hover.contents.value, /Unknown citation key `zagsuren2025`/);
  assert.match(hover.contents.value, /`zagdsuren2025`/);
});

test('every unknown key is flagged, nothing else is, and each quick fix yields the labelled valid key', async () => {
  const expected = labels.claims.filter((c) => c.expect_codes.includes('unknown-source'));
  const flagged: string[] = [];
  for (const file of [...new Set(labels.claims.map((c) => c.file))]) {
    const uri = client.open(file);
    const published = await client.diagnosticsFor(uri, 1);
    const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
    for (const d of published.diagnostics.filter((x) => x.code === 'unknown-source')) {
      assert.equal(d.source, 'groundwork');
      assert.equal(d.severity, 1);
      const key = lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
      flagged.push(key);
      const claim = expected.find((c) => c.file === file && c.line === d.range.start.line + 1 && c.cites.includes(key));
      assert.ok(claim, `unexpected unknown-source on '${key}'`);
      const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
      const preferred = actions.find((a: any) => a.isPreferred) ?? actions[0];
      assert.ok(preferred, `a quick fix for '${key}'`);
      const edit = preferred.edit.documentChanges[0];
      assert.equal(edit.textDocument.version, 1, 'versioned edit');
      assert.equal(edit.edits.length, 1);
      assert.deepEqual(edit.edits[0].range, d.range, 'edits exactly the key');
      assert.equal(edit.edits[0].newText, claim!.fix!.new, `fix for '${key}'`);
    }
  }
  assert.deepEqual(flagged.sort(), expected.flatMap((c) => c.cites.filter((k) => !['talantbekova2024', 'zagdsuren2025', 'russia-kyrgyzstan-2023', 'najibullah2008'].includes(k))).sort());
});

test('definition opens the source at the best passage; references list every citation of it', async () => {
  const uri = client.open('briefs/sample-b.md');
  const def = await client.request('textDocument/definition', { textDocument: { uri }, position: { line: 25, character: 154 } });
  assert.match(def.uri, /corpus\/talantbekova2024\.txt$/);
  const sourceLines = fs.readFileSync(path.join(root, 'corpus/talantbekova2024.txt'), 'utf8').split('\n');
  assert.match(sourceLines[def.range.start.line], /three IPAPs in a row/);
  const refs = await client.request('textDocument/references', { textDocument: { uri }, position: { line: 25, character: 154 }, context: { includeDeclaration: true } });
  const files = new Set(refs.map((r: any) => path.basename(r.uri)));
  assert.ok(files.has('sample-a.md') && files.has('sample-b.md'), 'citations in closed briefs too');
  assert.equal(refs.filter((r: any) => r.uri.endsWith('sample-b.md')).length, 4);
});

test('requests are answered while a long brief is still being checked; its diagnostics follow', async () => {
  // Forty copies of a sample brief with other years and figures: 1,200 claims never checked,
  // about a second of checking here (parsing the brief first takes ~0.1 s).
  const sample = fs.readFileSync(path.join(root, 'briefs/sample-b.md'), 'utf8');
  const text = Array.from({ length: 40 }, (_, k) => sample.replace(/\b\d+\b/g, (n) => String(Number(n) + k + 1))).join('\n\n');
  const uri = client.uri('briefs/long-unsaved.md');
  const at = text.indexOf('[@') + 2;
  const line = text.slice(0, at).split('\n').length - 1;
  const character = at - (text.lastIndexOf('\n', at - 1) + 1);
  client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  await new Promise((r) => setTimeout(r, 300)); // the check is under way
  const completion = await client.request('textDocument/completion', { textDocument: { uri }, position: { line, character }, context: { triggerKind: 2, triggerCharacter: '@' } });
  assert.ok((completion.items ?? completion).length > 0, 'completion answers');
  assert.equal(client.diagnostics.get(uri), undefined, 'it was answered before the check of the brief finished');
  // (A check that held the server would answer it only after publishing the diagnostics.)
  const published = await client.diagnosticsFor(uri, 1);
  assert.ok(published.diagnostics.length > 0, 'then the check publishes');
});

test('diagnostics follow the text: a fixed key clears, never stale versions', async () => {
  const uri = client.open('briefs/edit.md', 'Cooperation with the United States [@zagsuren2025].\n');
  const first = await client.diagnosticsFor(uri, 1);
  assert.equal(first.diagnostics.filter((d) => d.code === 'unknown-source').length, 1);
  client.change(uri, 'Cooperation with the United States [@zagsuren2025x].\n');
  const v3 = client.change(uri, 'Cooperation with the United States [@zagdsuren2025].\n');
  const last = await client.diagnosticsFor(uri, v3);
  assert.equal(last.diagnostics.filter((d) => d.code === 'unknown-source').length, 0);
});

test('the editor shows exactly the findings `groundwork check` prints', async () => {
  const { spawnSync } = await import('node:child_process');
  const { REPO } = await import('./harness');
  for (const file of ['briefs/sample-a.md', 'briefs/sample-b.md']) {
    const uri = client.open(file);
    const published = await client.diagnosticsFor(uri, 1);
    const editor = published.diagnostics.map((d) => [d.range.start.line + 1, d.range.start.character + 1, d.code, d.message]).sort();
    const out = spawnSync(process.execPath, [path.join(REPO, 'dist/cli.js'), 'check', '--corpus', path.join(root, 'corpus'), '--format', 'json', path.join(root, file)], { encoding: 'utf8' });
    const cli = JSON.parse(out.stdout).map((f: any) => [f.line, f.column, f.code, f.message]).sort();
    assert.deepEqual(editor, cli, file);
  }
});
