// Broken bibliographies are reported on the bibliography file at the right place, and the
// rest of the corpus keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspClient, makeWorkspace } from './harness';

test('a bad BibTeX entry and a missing text file are reported on the bibliography; the rest works', async () => {
  const root = makeWorkspace({
    'corpus/extra.bib': '@article{good2020, title={Garrison notes}, author={Doe, Jane}, year=2020, file={good.txt}}\n\n@book{broken, title={Oops}, year={2019}\n\n@misc{nofile2021, title={Ghost}, year=2021, file={ghost.txt}}\n',
    'corpus/good.txt': 'Jane Doe reports that the garrison at Kant grew by 300 soldiers in 2020.\n',
    'brief.md': 'The Kant garrison grew by 300 soldiers [@good2020]. Moscow expands [@najibullah2008].\n',
  });
  const client = new LspClient(root);
  try {
    await client.initialize();
    const status = client.statuses.find((s) => s.state === 'ready')!;
    assert.equal(status.sources, 6);
    const bibUri = client.uri('corpus/extra.bib');
    const bib = await client.until(() => client.diagnostics.get(bibUri), 10000, 'bibliography diagnostics');
    const messages = bib.diagnostics.map((d) => `${d.range.start.line}: ${d.message}`);
    assert.ok(messages.some((m) => /Entry "broken" is not valid BibTeX/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('4: ') && /text file of "nofile2021" was not found/.test(m)), messages.join('\n'));
    const uri = client.open('brief.md');
    const diags = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(diags.diagnostics.filter((d) => d.code === 'unknown-source'), []);
  } finally {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('no corpus: the status says what to set, and keys are not all flagged as unknown', async () => {
  const root = makeWorkspace({ 'brief.md': 'A claim [@anything].\n' }, false);
  const client = new LspClient(root);
  try {
    await client.initialize();
    const status = client.statuses.find((s) => s.state !== 'indexing')!;
    assert.equal(status.state, 'error');
    assert.match(status.message, /groundwork\.corpus\.path/);
    const uri = client.open('brief.md');
    const diags = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(diags.diagnostics, []);
  } finally {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('front matter bibliography is honoured, relative to the brief', async () => {
  const root = makeWorkspace({
    'refs/mine.json': JSON.stringify([{ id: 'mine2022', title: 'Mine', file: 'mine.txt' }]),
    'refs/mine.txt': 'My own source says the depot stores 40 tanks.\n',
    'notes/brief.md': '---\nbibliography: ../refs/mine.json\n---\n\nThe depot stores 40 tanks [@mine2022]. Also [@najibullah2008].\n',
  }, true);
  const client = new LspClient(root);
  try {
    await client.initialize();
    const uri = client.open('notes/brief.md');
    const diags = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(diags.diagnostics.filter((d) => d.code === 'unknown-source'), []);
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 30 } });
    assert.match(hover.contents.value, /40 tanks/);
    assert.ok(fs.existsSync(path.join(root, 'refs/mine.json')));
  } finally {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('editing a source or fixing the bibliography on disk re-indexes the corpus', async () => {
  const root = makeWorkspace({
    'corpus/extra.json': '[{"id": "fresh2021", "title": "Fresh", "file": "fresh.txt"},]',
    'corpus/fresh.txt': 'The depot held 40 tanks in 2021.\n',
    'brief.md': 'The depot held tanks [@fresh2021].\n',
  });
  const client = new LspClient(root);
  try {
    await client.initialize();
    const bibUri = client.uri('corpus/extra.json');
    await client.until(() => client.diagnostics.get(bibUri)?.diagnostics.length, 10000, 'JSON error on the bibliography');
    const uri = client.open('brief.md');
    const before = await client.diagnosticsFor(uri, 1);
    assert.equal(before.diagnostics.filter((d) => d.code === 'unknown-source').length, 1, 'the entry is not loaded while the JSON is broken');
    // Fix the JSON on disk and tell the server, as the editor's file watcher does.
    fs.writeFileSync(path.join(root, 'corpus/extra.json'), '[{"id": "fresh2021", "title": "Fresh", "file": "fresh.txt"}]');
    client.diagnostics.delete(uri);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: bibUri, type: 2 }] });
    await client.until(() => client.diagnostics.get(bibUri)?.diagnostics.length === 0, 10000, 'bibliography problems cleared');
    const after = await client.until(() => client.diagnostics.get(uri), 10000, 're-check');
    assert.equal(after.diagnostics.filter((d) => d.code === 'unknown-source').length, 0);
    // Change the source text: the hover shows the new passage.
    fs.writeFileSync(path.join(root, 'corpus/fresh.txt'), 'The depot held 55 tanks in 2022, a new count.\n');
    const statuses = client.statuses.length;
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('corpus/fresh.txt'), type: 2 }] });
    await client.until(() => client.statuses.slice(statuses).find((s) => s.state === 'ready'), 10000, 'reindex');
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 24 } });
    assert.match(hover.contents.value, /55/);
    // An unrelated file does not trigger a reindex.
    const n = client.statuses.length;
    fs.writeFileSync(path.join(root, 'notes.txt'), 'unrelated');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('notes.txt'), type: 1 }] });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(client.statuses.length, n);
  } finally {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
