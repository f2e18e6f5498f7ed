import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadCorpus, findBibliographies, Corpus, makeSource } from '../../server/src/corpus/corpus';
import { memoryFileHost, nodeFileHost } from '../../server/src/corpus/fileHost';
import { splitPassages, isFurniture } from '../../server/src/corpus/passages';
import { tokenize, normalizeText } from '../../server/src/corpus/text';
import { parseBibliography } from '../../server/src/corpus/bibliography';
import { formatReference, formatBibliography } from '../../server/src/corpus/cslFormat';

const REPO = path.resolve(__dirname, '../../..');

test('the shipped corpus loads: four sources with metadata and linked texts, no problems', async () => {
  const corpus = await loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost);
  assert.deepEqual([...corpus.sources.keys()].sort(), ['najibullah2008', 'russia-kyrgyzstan-2023', 'talantbekova2024', 'zagdsuren2025']);
  assert.deepEqual(corpus.problems, []);
  assert.deepEqual(corpus.get('zagdsuren2025')!.issued, { year: 2025, month: 3, day: 27, circa: undefined });
  assert.deepEqual(corpus.get('najibullah2008')!.issued, { year: 2008, month: undefined, day: undefined, circa: true });
  assert.deepEqual(corpus.get('talantbekova2024')!.issued?.month, undefined);
  for (const s of corpus.sources.values()) assert.ok(s.text && corpus.passagesBySource.get(s.key)!.length > 10, s.key);
});

test('passages: paragraph offsets point back into the source; furniture is skipped', () => {
  const text = 'Table of Contents\n<i>Introduction.....</i>\t<i>6</i>\n\nBreaking News\n\nThe base hosts some 400 personnel and aircraft.\n12\nA second paragraph costs \\$140 million in total, analysts said.\n';
  const spans = splitPassages(text);
  assert.deepEqual(spans.map((s) => s.text), ['The base hosts some 400 personnel and aircraft.', 'A second paragraph costs $140 million in total, analysts said.']);
  for (const s of spans) assert.equal(normalizeText(text.slice(s.start, s.end)), s.text);
  assert.ok(isFurniture('Accessibility links'));
  assert.ok(!isFurniture('Russia deployed more aircraft to Kant in 2008.'));
});

test('tokens are Unicode-aware and normalise escapes', () => {
  assert.deepEqual(tokenize('Душанбе и Бишкек'), ['душанбе', 'и', 'бишкек']);
  assert.deepEqual(tokenize('\\$140 million'), ['140', 'million']);
  assert.deepEqual(tokenize('troops deployed'), tokenize('troop deploy'));
});

test('ranking: the source whose passage matches the sentence comes first, Cyrillic too', async () => {
  const host = memoryFileHost({
    '/c/bib.json': JSON.stringify([
      { id: 'a', title: 'A', file: 'a.txt' },
      { id: 'b', title: 'B', file: 'b.txt' },
      { id: 'ru', title: 'R', file: 'ru.txt' },
    ]),
    '/c/a.txt': 'The airbase in Kant hosts some 400 personnel and Su-25 aircraft.\n\nUnrelated text about agriculture and rainfall in the valley.\n',
    '/c/b.txt': 'China shares a border of 570 kilometres with Tajikistan, officials said.\n',
    '/c/ru.txt': 'Российская военная база в Душанбе является крупнейшей за рубежом.\n',
  });
  const corpus = await loadCorpus(['/c/bib.json'], host);
  assert.equal(corpus.rankSources('How many personnel are at the Kant airbase?')[0].key, 'a');
  assert.equal(corpus.rankSources('the border between China and Tajikistan')[0].key, 'b');
  assert.equal(corpus.rankSources('база в Душанбе')[0].key, 'ru');
  assert.match(corpus.bestPassage('Kant personnel', 'a')!.passage.text, /400 personnel/);
  assert.deepEqual(corpus.nearestKeys('rus'), ['ru']);
});

test('bibliography errors are reported at their place and the rest of the corpus keeps working', async () => {
  const host = memoryFileHost({
    '/c/good.bib': '@article{ok1, title={Fine}, author={Doe, Jane}, year=2020, file={ok1.txt}}\n\n@book{broken, title={Oops}, year={2019}\n\n@misc{ok2, title={Also fine}, year=2021, file={Full Text:missing.pdf:application/pdf}}\n',
    '/c/ok1.txt': 'Jane Doe reports that the garrison grew by 300 soldiers in 2020.\n',
    '/c/bad.json': '[{"id": "x", "title": "T",}]',
  });
  const corpus = await loadCorpus(await findBibliographies('/c', host), host);
  assert.deepEqual([...corpus.sources.keys()].sort(), ['ok1', 'ok2']);
  const json = corpus.problems.find((p) => p.file === '/c/bad.json')!;
  assert.match(json.message, /not valid JSON/);
  assert.equal(json.range.start.line, 0);
  const broken = corpus.problems.find((p) => p.key === 'broken')!;
  assert.match(broken.message, /not valid BibTeX/);
  assert.ok(broken.range.start.line >= 2);
  const missing = corpus.problems.find((p) => p.key === 'ok2')!;
  assert.match(missing.message, /not found: \/c\/missing\.pdf/);
  assert.equal(missing.range.start.line, 4);
  assert.match(corpus.bestPassage('garrison grew', 'ok1')!.passage.text, /300 soldiers/);
});

test('duplicate keys across bibliographies are reported; the first wins', async () => {
  const host = memoryFileHost({
    '/c/a.json': '[{"id": "k", "title": "First"}]',
    '/c/b.bib': '@misc{k, title={Second}}',
  });
  const corpus = await loadCorpus(['/c/a.json', '/c/b.bib'], host);
  assert.equal(corpus.get('k')!.title, 'First');
  assert.match(corpus.problems[0].message, /Duplicate key "k"/);
});

test('BibTeX: Zotero file fields with several attachments', () => {
  const parsed = parseBibliography('/x.bib', '@article{z, title={T}, year=2020, file={Full Text PDF:files/z.pdf:application/pdf;Snapshot:files/z.html:text/html}}');
  assert.deepEqual(parsed.entries[0].files, ['files/z.pdf', 'files/z.html']);
});

test('references are formatted with CSL: Chicago author-date by default, APA on request', () => {
  const source = makeSource({ id: 'n', type: 'article-newspaper', title: 'Moscow Looks East', author: [{ family: 'Najibullah', given: 'Farangis' }], issued: { 'date-parts': [[2008]] }, 'container-title': 'RFE/RL' }, '/b.json');
  assert.equal(formatReference(source), 'Najibullah, Farangis. 2008. “Moscow Looks East.” RFE/RL, 2008.');
  assert.match(formatReference(source, 'apa'), /^Najibullah, F\. \(2008\)\. Moscow Looks East\./);
  assert.deepEqual(formatBibliography([source]), ['Najibullah, Farangis. 2008. “Moscow Looks East.” *RFE/RL*, 2008.']);
  assert.ok(new Corpus().sources.size === 0);
});

test('PDF and HTML sources load through worker threads, in-thread and the cache with identical passages', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const { makePdf } = await import('./helpers/makePdf');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-formats-'));
  const paragraphs = fs.readFileSync(path.join(REPO, 'corpus', 'zagdsuren2025.txt'), 'utf8').split('\n').filter((l) => l.length > 120).map((l) => l.replace(/\s+/g, ' ').trim());
  fs.writeFileSync(path.join(dir, 'z.pdf'), makePdf(paragraphs, { linesPerPage: 30 }));
  const html = `<html><head><style>body{}</style></head><body><nav>Home | About</nav><main>${paragraphs.slice(0, 12).map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('\n')}</main><footer>Footer text here</footer></body></html>`;
  fs.writeFileSync(path.join(dir, 'page.html'), html);
  const entries: object[] = [{ id: 'pdf', title: 'PDF', file: 'z.pdf' }, { id: 'html', title: 'HTML', file: 'page.html' }];
  // Enough sources for the worker path (it starts at 8).
  for (let i = 0; i < 7; i++) {
    fs.writeFileSync(path.join(dir, `t${i}.txt`), paragraphs.slice(i * 3, i * 3 + 3).join('\n\n') + '\n');
    entries.push({ id: `t${i}`, title: `T${i}`, file: `t${i}.txt` });
  }
  const bib = path.join(dir, 'bibliography.json');
  fs.writeFileSync(bib, JSON.stringify(entries));
  const WORKER = path.join(REPO, 'dist/indexWorker.js');
  const cacheFile = path.join(dir, '.cache', 'index.gwidx');
  const snap = (c: Corpus) => [...c.passagesBySource.entries()].sort().map(([k, ps]) => [k, c.get(k)!.textPath, ps.map((p) => [p.start, p.end, p.page, p.text])]);
  const inThread = await loadCorpus([bib], nodeFileHost);
  assert.deepEqual(inThread.problems, []);
  const pdfPassages = inThread.passagesBySource.get('pdf')!;
  assert.ok(pdfPassages.length > 20 && pdfPassages.at(-1)!.page! > 5);
  assert.ok(inThread.passagesBySource.get('html')!.length >= 10);
  assert.ok(!inThread.get('html')!.text!.includes('Home | About') && !inThread.get('html')!.text!.includes('<p>'));
  assert.ok(inThread.passagesBySource.get('html')!.some((p) => p.text.startsWith('This article is published as open access')));
  const viaWorkers = await loadCorpus([bib], nodeFileHost, { workerScript: WORKER, workers: 2, cacheFile });
  assert.deepEqual(viaWorkers.problems, []);
  assert.deepEqual(snap(viaWorkers), snap(inThread));
  const logs: string[] = [];
  const warm = await loadCorpus([bib], nodeFileHost, { workerScript: WORKER, cacheFile, log: (m) => logs.push(m) });
  assert.ok(logs.some((l) => /9 sources reused, 0 to index/.test(l)), logs.join('\n'));
  assert.deepEqual(snap(warm), snap(inThread));
  // A changed PDF is indexed again on the next start; its cached text is replaced.
  fs.writeFileSync(path.join(dir, 'z.pdf'), makePdf(paragraphs.slice(5), { linesPerPage: 30 }));
  const changed = await loadCorpus([bib], nodeFileHost, { workerScript: WORKER, cacheFile, log: () => undefined });
  const fresh = await loadCorpus([bib], nodeFileHost);
  assert.deepEqual(snap(changed), snap(fresh));
  const again = await loadCorpus([bib], nodeFileHost, { workerScript: WORKER, cacheFile });
  assert.deepEqual(snap(again), snap(fresh));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('unreadable PDFs are reported on the entry with the reason; the rest loads', async () => {
  const { makePdf } = await import('./helpers/makePdf');
  const host = memoryFileHost({
    '/c/bib.json': JSON.stringify([{ id: 'scan', file: 'scan.pdf' }, { id: 'broken', file: 'broken.pdf' }, { id: 'ok', file: 'ok.pdf' }]),
    '/c/scan.pdf': makePdf(['x'], { imageOnly: true }),
    '/c/broken.pdf': new TextEncoder().encode('%PDF-1.7\nnot much of a PDF\n'),
    '/c/ok.pdf': makePdf(['The garrison grew by 300 soldiers in 2020, the ministry said.']),
  });
  const corpus = await loadCorpus(['/c/bib.json'], host);
  assert.match(corpus.problems.find((p) => p.key === 'scan')!.message, /could not be read \(it is a scanned PDF with no text layer.*\): \/c\/scan\.pdf/);
  assert.match(corpus.problems.find((p) => p.key === 'broken')!.message, /not a readable PDF/);
  assert.equal(corpus.bestPassage('garrison grew', 'ok')!.passage.page, 1);
});

test('bestPassage: a passage of the text is shown rather than an entry of the source\'s reference list that matches about as well', async () => {
  const host = memoryFileHost({
    '/r/bib.json': JSON.stringify([{ id: 'review2025', title: 'Summits', issued: { 'date-parts': [[2025]] }, file: 'review.txt' }]),
    '/r/review.txt': [
      'The inaugural US-Central Asia Summit took place in New York on September 23, 2023, focusing on sovereignty and trade.',
      '',
      // (Filler, so that the summit's words are rare enough to count.)
      ...['Grain prices rose in the spring.', 'The railway was extended to the border.', 'Water disputes flared along the canal.', 'Remittances fell after the rouble weakened.', 'Border guards were retrained over the winter.', 'A new airport terminal opened in the capital.'].flatMap((p) => [p, '']),
      'References',
      '',
      '- 1. The first US-Central Asian summit was held, Institute for Strategic Studies, 22 September, 2023, https://example.org/?p=6033',
    ].join('\n'),
  });
  const corpus = await loadCorpus(['/r/bib.json'], host);
  const sentence = 'Washington held its first summit with the Central Asian presidents in New York in September 2023.';
  assert.match(corpus.bestPassage(sentence, 'review2025')!.passage.text, /^The inaugural US-Central Asia Summit/);
  // Asked about the reference itself, the entry is still the best passage.
  assert.match(corpus.bestPassage('Institute for Strategic Studies, first US-Central Asian summit', 'review2025')!.passage.text, /Institute for Strategic Studies/);
});

