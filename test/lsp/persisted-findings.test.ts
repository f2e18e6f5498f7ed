// Findings kept across sessions: the next start reuses what the last one found for the same
// claims against the same corpus, and never what it found against a corpus that has changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspClient, makeWorkspace, Published } from './harness';

const BRIEF = [
  'The depot held 40 tanks in 2021 [@depot2021].',
  '',
  'The depot was enlarged in 2018 [@depot2021].',
  '',
  'Kant air base hosts Russian aircraft [@kant202].',
  '',
].join('\n');

const FILES = {
  'corpus/extra.json': JSON.stringify([
    { id: 'depot2021', title: 'The depot', issued: { 'date-parts': [[2022]] }, file: 'depot.txt' },
    { id: 'kant2020', title: 'Kant', issued: { 'date-parts': [[2020]] }, file: 'kant.txt' },
  ]),
  'corpus/depot.txt': 'The depot held 40 tanks in 2021. It was enlarged in 2019 with new hangars.\n',
  'corpus/kant.txt': 'Kant air base hosts Russian aircraft and helicopters near Bishkek.\n',
  'brief.md': BRIEF,
};

const summary = (p: Published) => p.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code} ${d.message}`).sort();

/** One session: start, open the brief, its diagnostics, the server's log; then shut down. */
async function session(root: string): Promise<{ diagnostics: Published; logs: string[] }> {
  const client = new LspClient(root);
  const logs: string[] = [];
  client.conn.onNotification('window/logMessage', (p: { message: string }) => logs.push(p.message));
  try {
    await client.initialize();
    const uri = client.open('brief.md');
    const diagnostics = await client.diagnosticsFor(uri, 1);
    return { diagnostics, logs };
  } finally {
    await client.stop();
  }
}

function findingsFiles(root: string): string[] {
  const dir = path.join(root, '.groundwork-cache');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.findings.json')).map((f) => path.join(dir, f)) : [];
}

test('the next session reuses the findings of unchanged claims, and checks anew against a changed source', async () => {
  const root = makeWorkspace(FILES);
  try {
    const first = await session(root);
    assert.ok(first.diagnostics.diagnostics.length > 0, 'the brief has findings to keep');
    const files = findingsFiles(root);
    assert.equal(files.length, 1, 'the findings are written beside the index when the server shuts down');

    // The second session shows the same diagnostics, taken from the file: a finding marked in it
    // shows up, so the claims were not checked again.
    const kept = JSON.parse(fs.readFileSync(files[0], 'utf8'));
    const marked = kept.claims.find(([, findings]: [string, { message: string }[]]) => findings.length > 0);
    assert.ok(marked, 'a claim with findings is in the file');
    const original = marked[1][0].message;
    marked[1][0].message = `${original} (kept)`;
    fs.writeFileSync(files[0], JSON.stringify(kept));
    const second = await session(root);
    assert.ok(second.logs.some((l) => /Findings cache: 3 checked claims kept/.test(l)), second.logs.join('\n'));
    assert.deepEqual(summary(second.diagnostics), summary(first.diagnostics).map((s) => (s.endsWith(original) ? `${s} (kept)` : s)).sort());

    // The source now says 55 tanks: the claim of 40 is checked against it, not taken from the file.
    fs.writeFileSync(path.join(root, 'corpus/depot.txt'), 'The depot held 55 tanks in 2021. It was enlarged in 2019 with new hangars.\n');
    const third = await session(root);
    assert.ok(!summary(third.diagnostics).some((s) => s.endsWith('(kept)')), 'nothing is reused from the file of another corpus');
    assert.ok(third.diagnostics.diagnostics.some((d) => d.code === 'number-mismatch' && /55/.test(d.message)), summary(third.diagnostics).join('\n'));
    assert.ok(third.logs.some((l) => /Findings cache .* is for another corpus or checker version/.test(l)), third.logs.join('\n'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a corrupt findings file is discarded with a log line; the brief is checked as if there were none', async () => {
  const root = makeWorkspace(FILES);
  try {
    const first = await session(root);
    const [file] = findingsFiles(root);
    assert.ok(file, 'the findings file was written');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 100));
    const second = await session(root);
    assert.ok(second.logs.some((l) => /Findings cache .* discarded \(/.test(l)), second.logs.join('\n'));
    assert.deepEqual(summary(second.diagnostics), summary(first.diagnostics));
    // A well-formed file of the right stamp whose entries are not findings is refused too.
    const valid = JSON.parse(fs.readFileSync(file, 'utf8'));
    valid.claims = [['a claim', [{ code: 'misquote', message: 42 }]]];
    fs.writeFileSync(file, JSON.stringify(valid));
    const third = await session(root);
    assert.ok(third.logs.some((l) => /Findings cache .* discarded \(a malformed entry\)/.test(l)), third.logs.join('\n'));
    assert.deepEqual(summary(third.diagnostics), summary(first.diagnostics));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
