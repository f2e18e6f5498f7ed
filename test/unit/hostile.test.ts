// Hostile and broken input: corpus text is inert in hovers, file paths stay inside the corpus,
// huge or deeply nested briefs are bounded and keep their text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCorpus, makeSource, Corpus } from '../../server/src/corpus/corpus';
import { memoryFileHost, nodeFileHost } from '../../server/src/corpus/fileHost';
import { sourceMarkdown } from '../../server/src/features/markdown';
import { parseBrief, parseBriefWithin } from '../../server/src/brief/parse';
import { checkBrief } from '../../server/src/check/checkBrief';

const PAYLOAD = [
  'Troops arrived at the base [click me](command:workbench.action.terminal.new) and',
  '![tracker](http://evil.example/pixel.png) <img src="http://evil.example/x.png" onerror="alert(1)">',
  '<script>alert(1)</script> <a href="javascript:alert(1)">link</a> [ref]: http://evil.example',
  '**bold** `code` # heading | table | ~~strike~~ \\ backslash.',
].join(' ');

/** Markdown text in which nothing from the corpus can become a link, image or HTML. */
function assertInert(markdown: string): void {
  const withoutOwnLink = markdown.replace(/\[Open source at this passage\]\(file:\/\/[^)\s]+\)/, '').replace(/`[^`]*`/g, '');
  assert.doesNotMatch(withoutOwnLink, /https?:\/\/|www\.|@evil/, 'addresses only inside code spans (never linkified)');
  assert.doesNotMatch(withoutOwnLink, /(?<!\\)\]\(/, 'no Markdown link or image');
  assert.doesNotMatch(withoutOwnLink, /(?<!\\)</, 'no raw HTML');
}

test('hover and completion documentation escape hostile corpus text, titles and authors', async () => {
  const host = memoryFileHost({
    '/c/bib.json': JSON.stringify([{ id: 'evil', title: 'Title [x](command:rm) <b>bold</b>', author: [{ family: '<img src=x>', given: '[a](http://e)' }], file: 'evil.txt' }]),
    '/c/evil.txt': PAYLOAD + ' Troops at the base: see https://evil.example/a?b=c, www.evil.example and spy@evil.example.\n',
  });
  const corpus = await loadCorpus(['/c/bib.json'], host);
  const md = sourceMarkdown(corpus, corpus.get('evil')!, 'Troops arrived at the base', 'chicago-author-date');
  assert.match(md, /Best supporting passage/);
  assertInert(md);
  assert.ok(md.includes('\\[click me\\]'), 'the text is shown, escaped, not dropped');
});

test('bibliography file fields cannot reach outside the bibliography folder unless allowed', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-paths-'));
  fs.mkdirSync(path.join(root, 'corpus'));
  fs.writeFileSync(path.join(root, 'secret.txt'), 'A secret outside the corpus about troops.\n');
  fs.writeFileSync(path.join(root, 'corpus', 'inside.txt'), 'Inside text about troops at the base.\n');
  fs.symlinkSync(path.join(root, 'secret.txt'), path.join(root, 'corpus', 'link.txt'));
  const bib = path.join(root, 'corpus', 'bib.json');
  fs.writeFileSync(bib, JSON.stringify([
    { id: 'in', title: 'In', file: 'inside.txt' },
    { id: 'up', title: 'Up', file: '../secret.txt' },
    { id: 'abs', title: 'Abs', file: path.join(root, 'secret.txt') },
    { id: 'sym', title: 'Sym', file: 'link.txt' },
  ]));
  const corpus = await loadCorpus([bib], nodeFileHost);
  assert.ok(corpus.get('in')!.text);
  for (const key of ['up', 'abs', 'sym']) {
    assert.equal(corpus.get(key)!.textPath, undefined, key);
    assert.ok(corpus.problems.some((p) => p.key === key && /outside the bibliography's folder/.test(p.message)), key);
  }
  const allowed = await loadCorpus([bib], nodeFileHost, { allowFilesOutside: true });
  assert.ok(allowed.get('up')!.text && allowed.get('sym')!.text);
  fs.rmSync(root, { recursive: true, force: true });
});

test('a brief over the size limit is parsed up to the limit, and its text is kept whole', () => {
  const line = 'Russia keeps some 7,000 troops in Tajikistan [@najibullah2008].\n';
  const text = line.repeat(20000);
  const brief = parseBriefWithin(text, 64 * 1024);
  assert.equal(brief.text, text);
  assert.ok(brief.truncatedAt! <= 64 * 1024 && brief.truncatedAt! > 60 * 1024);
  assert.equal(text[brief.truncatedAt! - 1], '\n', 'cut at a line end');
  assert.ok(brief.claims.length > 900 && brief.claims.every((c) => c.end <= brief.truncatedAt!));
  const single = parseBriefWithin('word [@a] '.repeat(20000), 16 * 1024);
  assert.equal(single.truncatedAt, 16 * 1024);
});

test('deep nesting and 10,000 citations in a paragraph parse without failing and keep every citation', async () => {
  const deep = parseBrief('>'.repeat(10000) + ' deep claim [@a]\n');
  assert.deepEqual(deep.citations.map((c) => c.key), ['a']);
  const lists = parseBrief(Array.from({ length: 1000 }, (_, i) => ' '.repeat(i * 2) + '- item [@a]').join('\n'));
  assert.equal(lists.citations.length, 1000);
  const many = Array.from({ length: 10000 }, (_, i) => `claim ${i} [@k${i}]`).join(' ') + '\n';
  const brief = parseBrief(many);
  assert.equal(brief.citations.length, 10000);
  const corpus = new Corpus();
  corpus.addSource({ ...makeSource({ id: 'k1', title: 'K' }, '/b.json'), text: 'Claim text about claims.\n' });
  const findings = checkBrief(brief, corpus);
  assert.equal(findings.filter((f) => f.code === 'unknown-source').length, 9999);
});

test('a PDF of thousands of pages is indexed up to the page limit, with a warning naming the file and the limit', async () => {
  const { makePdf } = await import('./helpers/makePdf');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-pages-'));
  const pages = Array.from({ length: 3000 }, (_, i) => [`Page ${i + 1}: the garrison log records ${i + 1} patrols.`]);
  fs.writeFileSync(path.join(dir, 'huge.pdf'), makePdf([], { pages }));
  const entries: object[] = [{ id: 'huge', title: 'Huge', file: 'huge.pdf' }];
  // Enough other sources for the worker path (it starts at 8), which must agree with the in-thread one.
  for (let i = 0; i < 8; i++) {
    fs.writeFileSync(path.join(dir, `t${i}.txt`), `Source ${i} says the depot stores ${40 + i} tanks.\n`);
    entries.push({ id: `t${i}`, title: `T${i}`, file: `t${i}.txt` });
  }
  const bib = path.join(dir, 'bibliography.json');
  fs.writeFileSync(bib, JSON.stringify(entries));
  const cacheFile = path.join(dir, '.cache', 'index.gwidx');
  const WORKER = path.join(__dirname, '../../../dist/indexWorker.js');
  const expected = `The text file of "huge" has 3000 pages; only the first 25 are indexed (groundwork.limits.maxPdfPages): ${path.join(dir, 'huge.pdf')}.`;
  const check = (corpus: Corpus, how: string) => {
    assert.deepEqual(corpus.problems.map((p) => [p.key, p.severity, p.message]), [['huge', 'warning', expected]], how);
    const text = corpus.get('huge')!.text!;
    assert.equal(text.split('\f').length - 1, 25, how);
    assert.match(text, /Page 25: the garrison log records 25 patrols/, how);
    assert.doesNotMatch(text, /Page 26:/, how);
    assert.equal(corpus.bestPassage('garrison log records 25 patrols', 'huge')!.passage.page, 25, how);
    assert.ok(corpus.get('t7')!.text, `the other sources load (${how})`);
  };
  check(await loadCorpus([bib], nodeFileHost, { maxPdfPages: 25 }), 'in-thread');
  check(await loadCorpus([bib], nodeFileHost, { maxPdfPages: 25, workerScript: WORKER, workers: 2, cacheFile }), 'workers');
  // A warm start from the persisted index says it again; another limit extracts the PDF again.
  check(await loadCorpus([bib], nodeFileHost, { maxPdfPages: 25, workerScript: WORKER, cacheFile }), 'warm start');
  const more = await loadCorpus([bib], nodeFileHost, { maxPdfPages: 40, workerScript: WORKER, cacheFile });
  assert.match(more.problems[0].message, /has 3000 pages; only the first 40 are indexed/);
  assert.equal(more.get('huge')!.text!.split('\f').length - 1, 40);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a text source over the size limit is reported by name and limit; the other sources load', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-big-'));
  const big = path.join(dir, 'big.txt');
  fs.writeFileSync(big, 'The garrison grew by 300 soldiers in 2020. '.repeat(Math.ceil((3 * 1048576) / 44)));
  fs.writeFileSync(path.join(dir, 'small.txt'), 'The depot stores 40 tanks.\n');
  const bib = path.join(dir, 'bibliography.json');
  fs.writeFileSync(bib, JSON.stringify([{ id: 'big', title: 'Big', file: 'big.txt' }, { id: 'small', title: 'Small', file: 'small.txt' }]));
  const corpus = await loadCorpus([bib], nodeFileHost, { maxSourceBytes: 1048576 });
  assert.deepEqual(corpus.problems.map((p) => [p.key, p.message]), [['big', `The text file of "big" (3 MB) is over the 1 MB limit and was not indexed: ${big}.`]]);
  assert.equal(corpus.get('big')!.text, undefined);
  assert.ok(corpus.has('big'), 'the entry stays citable');
  assert.equal(corpus.bestPassage('depot stores tanks', 'small')!.passage.text, 'The depot stores 40 tanks.');
  fs.rmSync(dir, { recursive: true, force: true });
});
