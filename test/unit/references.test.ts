import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { spawnSync } from 'node:child_process';
import { parseBrief } from '../../server/src/brief/parse';
import { renderReferences, REFERENCES_END } from '../../server/src/brief/referencesSection';
import { loadCorpus } from '../../server/src/corpus/corpus';
import { nodeFileHost } from '../../server/src/corpus/fileHost';

const REPO = path.resolve(__dirname, '../../..');
const BIB = path.join(REPO, 'corpus/bibliography.json');
const apply = (text: string, e: { start: number; end: number; newText: string }) => text.slice(0, e.start) + e.newText + text.slice(e.end);

test('References: inserted at the end, then refreshed in place without touching the author\'s text', async () => {
  const corpus = await loadCorpus([BIB], nodeFileHost);
  const text = '# Brief\n\nA claim [@najibullah2008]. Another [@zagdsuren2025; @nope].\n\n## Sources I read\n\nMy own notes.\n';
  const first = renderReferences(parseBrief(text), corpus, 'chicago-author-date')!;
  assert.equal(first.refresh, false);
  assert.equal(first.count, 2);
  const once = apply(text, first);
  assert.ok(once.startsWith(text.trimEnd()), 'the author\'s text is kept as it was');
  assert.match(once, /## References\n/);
  assert.match(once, /Najibullah, Farangis\. 2008\./);
  // Cite one more source, refresh: only our section changes.
  const edited = once.replace('Another', 'Also [@talantbekova2024]. Another');
  const second = renderReferences(parseBrief(edited), corpus, 'apa')!;
  assert.equal(second.refresh, true);
  const twice = apply(edited, second);
  assert.equal(twice.split('## References').length, 2, 'one section');
  assert.match(twice, /Talantbekova, D\. \(2024\)/);
  assert.ok(twice.includes('## Sources I read\n\nMy own notes.'));
  assert.ok(twice.trimEnd().endsWith(REFERENCES_END));
});

/** Text of a Markdown reference list as plain text: no emphasis markers or escapes, one line per entry. */
const plain = (s: string) => s.replace(/\\(.)/g, '$1').replace(/\*/g, '').replace(/\s+/g, ' ').trim();

test('References match what pandoc --citeproc produces for the same style and bibliography', async (t) => {
  const pandoc = spawnSync('pandoc', ['--version']);
  if (pandoc.status !== 0) {
    if (process.env.CI) assert.fail('pandoc is not installed: run npm run setup');
    t.skip('pandoc not installed (npm run setup installs it)');
    return;
  }
  const corpus = await loadCorpus([BIB], nodeFileHost);
  const brief = '# B\n\nOne [@najibullah2008]. Two [@zagdsuren2025, p. 3]. Three [@talantbekova2024; @russia-kyrgyzstan-2023].\n';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-pandoc-'));
  fs.writeFileSync(path.join(dir, 'b.md'), brief);
  for (const style of ['chicago-author-date', 'apa']) {
    const out = spawnSync('pandoc', ['--citeproc', '--bibliography', BIB, '--csl', path.join(REPO, 'server/styles', `${style}.csl`), '-t', 'plain', '--wrap=none', path.join(dir, 'b.md')], { encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    assert.doesNotMatch(out.stderr, /not found/i);
    const pandocEntries = out.stdout.split('\n\n').map(plain).filter((p) => /\b(19|20)\d\d\b/.test(p) && !p.startsWith('One'));
    const ours = renderReferences(parseBrief(brief), corpus, style)!.newText.split('\n\n').map(plain).filter((p) => /\b(19|20)\d\d\b/.test(p) && !p.startsWith('<!--'));
    assert.equal(ours.length, 4, style);
    assert.deepEqual(ours, pandocEntries, style);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the sample briefs, once their unknown keys are fixed, render with pandoc --citeproc without unresolved citations', async (t) => {
  if (spawnSync('pandoc', ['--version']).status !== 0) {
    if (process.env.CI) assert.fail('pandoc is not installed: run npm run setup');
    t.skip('pandoc not installed (npm run setup installs it)');
    return;
  }
  const { checkBrief } = await import('../../server/src/check/checkBrief');
  const corpus = await loadCorpus([BIB], nodeFileHost);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-pandoc-samples-'));
  for (const name of ['sample-a.md', 'sample-b.md']) {
    let text = fs.readFileSync(path.join(REPO, 'test/fixtures/samples/briefs', name), 'utf8');
    // Unfinished `[@]` placeholders are not citations pandoc could resolve: drop them.
    text = text.replace(/ ?\[@\]/g, '');
    const before = spawnSync('pandoc', ['--citeproc', '--bibliography', BIB, '-t', 'plain', '-o', '/dev/null'], { input: text, encoding: 'utf8' });
    assert.match(before.stderr, /Citeproc: citation \w+ not found/, 'the unfixed brief has unknown keys pandoc reports');
    // Apply each unknown-source quick fix, from the end so offsets stay valid.
    const fixes = checkBrief(parseBrief(text), corpus).filter((f) => f.code === 'unknown-source').map((f) => f.fixes.find((x) => x.preferred)!.edits[0]);
    for (const e of fixes.sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    const after = spawnSync('pandoc', ['--citeproc', '--bibliography', BIB, '-t', 'plain', '-o', path.join(dir, name + '.txt')], { input: text, encoding: 'utf8' });
    assert.equal(after.status, 0, after.stderr);
    assert.doesNotMatch(after.stderr, /not found/, `${name}: ${after.stderr}`);
    assert.match(fs.readFileSync(path.join(dir, name + '.txt'), 'utf8'), /Najibullah/);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
