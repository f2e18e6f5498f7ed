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
