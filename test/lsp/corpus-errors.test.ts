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

test('a bibliography caught half-written by an auto-export is read again once it is complete', async () => {
  const full = JSON.stringify([{ id: 'auto2024', title: 'Auto-exported', file: 'auto.txt' }], null, 1);
  const root = makeWorkspace({ 'corpus/auto.json': '[]', 'corpus/auto.txt': 'An auto-exported source about the Osh garrison.\n' });
  const client = new LspClient(root);
  try {
    await client.initialize();
    const bibUri = client.uri('corpus/auto.json');
    // The exporter has written half the file when the watcher fires; the rest lands 100 ms later.
    fs.writeFileSync(path.join(root, 'corpus/auto.json'), full.slice(0, full.length / 2));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: bibUri, type: 2 }] });
    await new Promise((r) => setTimeout(r, 350));
    fs.writeFileSync(path.join(root, 'corpus/auto.json'), full);
    const uri = client.open('brief.md', 'The Osh garrison [@auto2024].\n');
    const diags = await client.until(() => {
      const d = client.diagnostics.get(uri);
      return d && !d.diagnostics.some((x) => x.code === 'unknown-source') ? d : undefined;
    }, 10000, 'the complete bibliography');
    assert.deepEqual(diags.diagnostics.filter((d) => d.code === 'unknown-source'), []);
    assert.deepEqual(client.diagnostics.get(bibUri)?.diagnostics ?? [], [], 'no error left on the bibliography');
  } finally {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('several corpus folders at once (the setting as a list); the same key twice is reported', async () => {
  const root = makeWorkspace({
    'refs-a/a.json': JSON.stringify([{ id: 'one', title: 'One', file: 'one.txt' }, { id: 'both', title: 'Both A' }]),
    'refs-a/one.txt': 'First folder source text about river water.\n',
    'refs-b/b.bib': '@misc{two, title={Two}, file={two.txt}}\n@misc{both, title={Both B}}\n',
    'refs-b/two.txt': 'Second folder source about mountain roads.\n',
  }, false);
  const client = new LspClient(root, { corpus: { path: ['refs-a', 'refs-b'] } });
  try {
    await client.initialize();
    assert.equal(client.statuses.find((s) => s.state === 'ready')!.sources, 3);
    const bib = await client.until(() => client.diagnostics.get(client.uri('refs-b/b.bib')), 10000, 'duplicate key warning');
    assert.ok(bib.diagnostics.some((d) => /Duplicate key "both"/.test(d.message)));
  } finally {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
