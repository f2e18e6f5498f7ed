// wrong-locator: page locators checked against the page of the supporting passage of a PDF source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCorpus } from '../../server/src/corpus/corpus';
import type { Corpus } from '../../server/src/corpus/corpus';
import { memoryFileHost } from '../../server/src/corpus/fileHost';
import { parseBrief } from '../../server/src/brief/parse';
import { checkBrief } from '../../server/src/check/checkBrief';
import { findWrongLocators, locatorPages } from '../../server/src/check/locators';
import { makePdf, layoutPages } from './helpers/makePdf';

const REPO = path.resolve(__dirname, '../../..');
const PARAGRAPHS = fs
  .readFileSync(path.join(REPO, 'corpus', 'zagdsuren2025.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.length > 120)
  .map((l) => l.replace(/\s+/g, ' ').trim());
const LAYOUT = { linesPerPage: 30 };

/** The page (1-based) the paragraph containing `needle` is laid out on. */
function pageOf(needle: string): number {
  const pages = layoutPages(PARAGRAPHS, LAYOUT);
  const i = pages.findIndex((p) => p.some((para) => para.includes(needle)));
  assert.ok(i >= 0, needle);
  return i + 1;
}

let corpusPromise: Promise<Corpus> | undefined;
function corpus(): Promise<Corpus> {
  corpusPromise ??= loadCorpus(
    ['/c/bib.json'],
    memoryFileHost({
      '/c/bib.json': JSON.stringify([
        { id: 'zag', title: 'Revisions to Security Policies', author: [{ family: 'Zagdsuren' }], issued: { 'date-parts': [[2025]] }, file: 'zag.pdf' },
        { id: 'plain', title: 'The same text as a text file', issued: { 'date-parts': [[2025]] }, file: 'plain.txt' },
      ]),
      '/c/zag.pdf': makePdf(PARAGRAPHS, LAYOUT),
      '/c/plain.txt': PARAGRAPHS.join('\n\n') + '\n',
    }),
  );
  return corpusPromise;
}

const CLAIM = 'The Russian military presence in the region includes a 7,000-strong Russian military group in the Nureka area of Tajikistan';
const NUREKA_PAGE = pageOf('7,000-strong Russian military group in the Nureka area');

async function locatorFindings(text: string) {
  const c = await corpus();
  return checkBrief(parseBrief(text), c).filter((f) => f.code === 'wrong-locator');
}

function applyFirstFix(text: string, f: { fixes: { edits: { start: number; end: number; newText: string }[] }[] }): string {
  let out = text;
  for (const e of [...f.fixes[0].edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

test('the PDF source has pages and the supporting paragraph is where the layout put it', async () => {
  const c = await corpus();
  assert.deepEqual(c.problems, []);
  const passages = c.passagesBySource.get('zag')!;
  assert.ok(passages.every((p) => p.page !== undefined));
  assert.ok(NUREKA_PAGE > 2, `page ${NUREKA_PAGE}`);
  assert.equal(c.bestPassage(CLAIM, 'zag')!.passage.page, NUREKA_PAGE);
  assert.ok(c.passagesBySource.get('plain')!.every((p) => p.page === undefined));
});

test('a page locator that does not hold the supporting passage is flagged, with a fix that sets the page', async () => {
  const text = `# Brief\n\n${CLAIM} [@zag, p. 2].\n`;
  const [f, ...rest] = await locatorFindings(text);
  assert.ok(f, 'flagged');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(text.slice(f.start, f.end), 'p. 2');
  assert.match(f.message, new RegExp(`the passage that supports this sentence is on p\\. ${NUREKA_PAGE} of zag, not p\\. 2`, 'i'));
  assert.equal(f.fixes[0].edits.length, 1);
  assert.equal(text.slice(f.fixes[0].edits[0].start, f.fixes[0].edits[0].end), '2', 'only the page number is edited');
  const fixed = applyFirstFix(text, f);
  assert.ok(fixed.includes(`[@zag, p. ${NUREKA_PAGE}]`), fixed);
  assert.deepEqual(await locatorFindings(fixed), []);
  assert.equal(f.evidence[0].sourceKey, 'zag');
  assert.match(f.evidence[0].text, /Nureka/);
});

test('page ranges: a range that misses is flagged; the fix edits only the range text', async () => {
  const text = `${CLAIM} [see @zag, pp. 1-2].\n`;
  const [f] = await locatorFindings(text);
  assert.ok(f);
  assert.equal(text.slice(f.start, f.end), 'pp. 1-2');
  assert.match(f.message, new RegExp(`on p\\. ${NUREKA_PAGE} of zag, not pp\\. 1-2`));
  assert.equal(applyFirstFix(text, f), `${CLAIM} [see @zag, pp. ${NUREKA_PAGE}].\n`);
});

test('no flag: the right page, a range holding it, a text source, weak support, other locators, printed page numbers', async () => {
  const cases = [
    `${CLAIM} [@zag, p. ${NUREKA_PAGE}].`,
    `${CLAIM} [@zag, pp. ${NUREKA_PAGE - 1}-${NUREKA_PAGE + 1}].`,
    `${CLAIM} [@zag, pp. 1, ${NUREKA_PAGE}].`,
    `${CLAIM} [@zag].`,
    `${CLAIM} [@plain, p. 2].`,
    `The weather in Paris was mild and rainy throughout the spring festival [@zag, p. 2].`,
    `${CLAIM} [@zag, chap. 2].`,
    `${CLAIM} [@zag, p. 412].`,
    `${CLAIM} [@zag, p. iv].`,
  ];
  for (const text of cases) assert.deepEqual((await locatorFindings(text + '\n')).map((f) => f.message), [], text);
});

test('disabled with the other codes; findWrongLocators works on its own', async () => {
  const c = await corpus();
  const brief = parseBrief(`${CLAIM} [@zag, p. 1].\n`);
  assert.equal(checkBrief(brief, c, { disabled: new Set(['wrong-locator']) }).filter((f) => f.code === 'wrong-locator').length, 0);
  assert.equal(findWrongLocators(brief, c).length, 1);
});

test('locator values', () => {
  assert.deepEqual(locatorPages('4'), [{ from: 4, to: 4 }]);
  assert.deepEqual(locatorPages('3-5'), [{ from: 3, to: 5 }]);
  assert.deepEqual(locatorPages('3–5, 9'), [{ from: 3, to: 5 }, { from: 9, to: 9 }]);
  assert.deepEqual(locatorPages('123-7'), [{ from: 123, to: 127 }]);
  assert.equal(locatorPages('iv'), undefined);
});

test('hovers: the passage link opens a PDF at its page and the hover says the page', async () => {
  const { passageLink, sourceMarkdown } = await import('../../server/src/features/markdown');
  const c = await corpus();
  const source = c.get('zag')!;
  const best = c.bestPassage(CLAIM, 'zag')!.passage;
  assert.equal(passageLink(source, best), `file:///c/zag.pdf#page=${NUREKA_PAGE}`);
  const md = sourceMarkdown(c, source, CLAIM, 'chicago-author-date');
  assert.ok(md.includes(`(p. ${NUREKA_PAGE})`), md);
  assert.ok(md.includes(`zag.pdf#page=${NUREKA_PAGE})`), md);
  assert.match(passageLink(c.get('plain')!, c.bestPassage(CLAIM, 'plain')!.passage)!, /plain\.txt#L\d+,\d+$/);
});
