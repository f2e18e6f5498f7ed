// Source formats: HTML's readable text, PDF text with pages (PDFs generated here, not committed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeEntities, extractSource, extractText, extractTextSync, htmlToText, sourceFormat } from '../../server/src/corpus/extract';
import { splitPassages } from '../../server/src/corpus/passages';
import { makePdf } from './helpers/makePdf';

const REPO = path.resolve(__dirname, '../../..');

/** Paragraphs of a sample source (long lines are its paragraphs). */
export function sampleParagraphs(file = 'zagdsuren2025.txt'): string[] {
  return fs.readFileSync(path.join(REPO, 'corpus', file), 'utf8').split('\n').filter((l) => l.length > 120).map((l) => l.replace(/\s+/g, ' ').trim());
}

const HTML = `<!DOCTYPE html>
<html><head><title>Not prose</title><style>p { color: red }</style>
<script>var x = "<p>not text</p>";</script></head>
<body>
<header><h1>Site name</h1><nav><ul><li><a href="/">Home</a></li><li>About</li></ul></nav></header>
<!-- a comment with <p>markup</p> -->
<main>
<article>
<h2>Russia&rsquo;s base in Kant</h2>
<p>The air base in Kant hosts some 400 personnel
   and <b>Su-25</b> aircraft, officials said.</p>
<p>It cost &pound;140&nbsp;million &amp; more &#8212; or &#x2014; &lt;so&gt; they say.</p>
<div>A division of text<div>with a nested block</div>after it.</div>
<aside>Related: other stories</aside>
<ul><li>First item of a list.</li><li>Second item.</li></ul>
<p hidden>Hidden paragraph.</p>
<div role="navigation">Skip links</div>
<pre>line one
  line two</pre>
</article>
</main>
<footer>Copyright 2024 · Privacy</footer>
<script>document.write("late script")</script>
</body></html>`;

test('HTML: scripts, styles, comments, navigation, header, footer and aside are dropped', () => {
  const text = htmlToText(HTML);
  for (const gone of ['not text', 'color', 'Not prose', 'Site name', 'Home', 'About', 'a comment', 'markup', 'Related', 'Copyright', 'late script', 'Hidden paragraph', 'Skip links']) {
    assert.ok(!text.includes(gone), `${gone} should be gone:\n${text}`);
  }
});

test('HTML: block elements become paragraphs (blank lines), inline markup and white space fold', () => {
  const paragraphs = htmlToText(HTML).trimEnd().split('\n\n');
  assert.deepEqual(paragraphs, [
    'Russia’s base in Kant',
    'The air base in Kant hosts some 400 personnel and Su-25 aircraft, officials said.',
    'It cost £140\u00a0million & more — or — <so> they say.',
    'A division of text',
    'with a nested block',
    'after it.',
    'First item of a list.',
    'Second item.',
    'line one\n  line two',
  ]);
});

test('HTML: entities, numeric references and charsets are decoded', () => {
  assert.equal(decodeEntities('&eacute;t&eacute; &copy; &#169; &#xA9; &#150; &bogus; &amp;amp;'), 'été © © © – &bogus; &amp;');
  const latin1 = Buffer.from('<meta charset="iso-8859-1"><p>Caf\xe9 cr\xe8me</p>', 'latin1');
  assert.equal(extractTextSync('/x/page.html', latin1), 'Café crème\n');
  const cp1252 = Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>\x93Quoted\x94 \x96 dash</p>', 'latin1');
  assert.equal(extractTextSync('/x/page.html', cp1252), '“Quoted” – dash\n');
  assert.equal(extractTextSync('/x/page.htm', new TextEncoder().encode('<p>Ünïcode ✓</p>')), 'Ünïcode ✓\n');
});

test('formats by extension; text and Markdown pass through; binary files are refused', async () => {
  assert.equal(sourceFormat('/a/b.PDF'), 'pdf');
  assert.equal(sourceFormat('/a/b.htm'), 'html');
  assert.equal(sourceFormat('/a/b.md'), 'text');
  assert.equal(sourceFormat('/a/b.txt'), 'text');
  const md = '# Title\n\nSome *markdown* <b>text</b>.\n';
  assert.equal(await extractText('/a/b.md', new TextEncoder().encode('\uFEFF' + md)), md);
  await assert.rejects(extractText('/a/b.txt', new Uint8Array([0x41, 0, 0x42])), /binary file, not text/);
});

test('PDF: a generated multi-page PDF gives its paragraphs back, pages separated by form feeds', async () => {
  const paragraphs = sampleParagraphs();
  const pdf = makePdf(paragraphs, { linesPerPage: 30 });
  const text = await extractText('/c/z.pdf', pdf);
  assert.ok(text.endsWith('\n\f'));
  const pages = text.split('\f').slice(0, -1);
  assert.ok(pages.length >= 4, `${pages.length} pages`);
  const got = text.split(/\n\f|\n\n/).map((p) => p.trim()).filter(Boolean);
  assert.deepEqual(got, paragraphs);
  // Passages carry the page each paragraph was laid out on.
  const spans = splitPassages(text);
  const first = spans.find((s) => s.text.startsWith(paragraphs.at(-1)!.slice(0, 40)))!;
  assert.equal(first.page, pages.length);
  assert.equal(spans[0].page, 1);
});

test('PDF: explicit pages keep their page numbers; hyphenated words at line ends are joined', async () => {
  const pdf = makePdf([], {
    lineChars: 30,
    pages: [
      ['The first page says that the garrison grew by 300 soldiers in 2020.'],
      ['The second page reports an extraordinarily well-documented deploy-', 'Another paragraph.'],
      ['Third page text about the reservoir and the dam, long enough to be prose.'],
    ],
  });
  const text = await extractText('/c/p.pdf', pdf);
  const pages = text.split('\f').slice(0, -1).map((p) => p.trim());
  assert.equal(pages.length, 3);
  assert.equal(pages[0], 'The first page says that the garrison grew by 300 soldiers in 2020.');
  assert.match(pages[1], /^The second page reports an extraordinarily well-documented deploy-\n\nAnother paragraph\.$/);
  assert.match(pages[2], /^Third page text/);
  const hyphen = await extractText('/c/h.pdf', makePdf(['Troops completed the deploy- ment quickly, and the base grew.'], { lineChars: 28 }));
  assert.equal(hyphen, 'Troops completed the deployment quickly, and the base grew.\n\f');
});

test('PDF: no text layer (a scanned PDF) gives a clear error', async () => {
  await assert.rejects(extractText('/c/scan.pdf', makePdf(['ignored'], { imageOnly: true })), /scanned PDF with no text layer/);
});

test('PDF: broken bytes give a clear error, not a crash', async () => {
  await assert.rejects(extractText('/c/bad.pdf', new TextEncoder().encode('%PDF-1.4\nthis is not really a PDF\n%%EOF\n')), /not a readable PDF/);
  await assert.rejects(extractText('/c/bad.pdf', new TextEncoder().encode('hello')), /not a PDF file/);
  const truncated = makePdf(sampleParagraphs().slice(0, 5)).subarray(0, 900);
  await assert.rejects(extractText('/c/cut.pdf', truncated), /PDF/);
  // The library keeps working after failures.
  assert.match(await extractText('/c/ok.pdf', makePdf(['A short but complete paragraph of text.'])), /complete paragraph/);
});

test('PDF: pages beyond the page limit are not extracted; the pages before are', async () => {
  const pdf = makePdf([], { pages: [['One page of text.'], ['Two pages of text.'], ['Three pages of text.']] });
  const cut = await extractSource('/c/long.pdf', pdf, { maxPages: 2 });
  assert.equal(cut.text, 'One page of text.\n\fTwo pages of text.\n\f');
  assert.deepEqual(cut.truncated, { pages: 3, limit: 2 });
  assert.equal((await extractSource('/c/long.pdf', pdf, { maxPages: 3 })).truncated, undefined);
});

test('PDF: extraction over the time limit is stopped with a message (and pdf.js keeps working)', async () => {
  const pdf = makePdf([], { pages: Array.from({ length: 200 }, (_, i) => [`Page ${i + 1} of a slow document.`]) });
  await assert.rejects(extractText('/c/slow.pdf', pdf, { timeoutMs: 1 }), /took over 1 ms and was stopped/);
  assert.match(await extractText('/c/ok.pdf', makePdf(['A short but complete paragraph of text.'])), /complete paragraph/);
});
