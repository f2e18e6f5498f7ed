// Typed citation completion on a corpus too large for fuse.js over every source: a prefix
// lookup finds the candidates, and the order must still be what a user expects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Corpus, editDistance, makeSource } from '../../server/src/corpus/corpus';
import { prefixEditDistance, provideCompletion, rankCompletions, resolveCompletion } from '../../server/src/features/completion';
import { parseBrief } from '../../server/src/brief/parse';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { MarkupContent } from 'vscode-languageserver';

const SURNAMES = ['Abdullaev', 'Baimukhamedov', 'Chernova', 'Dzhuraev', 'Ermekova', 'Fedorov', 'Gulova', 'Hasanov', 'Iskakova', 'Jumabaev'];
const TOPICS = ['border security', 'labour migration', 'water sharing', 'military bases', 'energy exports', 'railway transit'];

/** 1,500 sources with keys, authors, titles and years; a few texts to rank by. */
function largeCorpus(): Corpus {
  const corpus = new Corpus(['/virtual/bibliography.json']);
  for (let i = 0; i < 1500; i++) {
    const family = SURNAMES[i % SURNAMES.length];
    const year = 1995 + (i % 30);
    const key = `${family.toLowerCase()}${year}${String.fromCharCode(97 + (i % 26))}${i}`;
    const source = makeSource(
      { id: key, title: `${TOPICS[i % TOPICS.length]} in Central Asia, part ${i}`, author: [{ family, given: 'A.' }], issued: { 'date-parts': [[year]] } },
      '/virtual/bibliography.json',
    );
    corpus.addSource(i % 100 === 4 ? { ...source, text: `The Kant air base hosts Russian aircraft; report ${i} counts ${i % 40} helicopters.` } : source);
  }
  corpus.addSource(makeSource({ id: 'zagdsuren2025', title: 'Mongolia between two neighbours', author: [{ family: 'Zagdsuren', given: 'B.' }], issued: { 'date-parts': [[2025]] } }, '/virtual/bibliography.json'));
  return corpus;
}

const keysOf = (ranked: { source: { key: string } }[]) => ranked.map((r) => r.source.key);

test('typed completion on a large corpus: key prefix, author prefix, typo, and many matches', () => {
  const corpus = largeCorpus();
  const sentence = 'Russian aircraft at the Kant air base';

  // A key prefix: that source first.
  assert.equal(keysOf(rankCompletions(corpus, sentence, 'zagd'))[0], 'zagdsuren2025');
  // A unique prefix of a long key narrows to it.
  assert.equal(keysOf(rankCompletions(corpus, sentence, 'gulova2001g6'))[0], 'gulova2001g6');
  // Text inside a key (no word starts with it) finds that key.
  assert.deepEqual(keysOf(rankCompletions(corpus, sentence, '2001g6')), ['gulova2001g6']);

  // An author's name: only that author's sources, ordered so the ones supporting the sentence come first.
  const byAuthor = rankCompletions(corpus, sentence, 'Dzhur');
  assert.ok(byAuthor.length >= 100 && byAuthor.every((r) => r.source.authorFamilies.includes('Dzhuraev')), 'only Dzhuraev');

  // A typo nothing starts with: the words that start within a typo of it find it.
  assert.equal(keysOf(rankCompletions(corpus, sentence, 'zagdusren'))[0], 'zagdsuren2025');
  const misspelt = rankCompletions(corpus, sentence, 'Fedrov');
  assert.equal(misspelt.length, 150, 'every Fedorov source, and only those');
  assert.ok(misspelt.every((r) => r.source.authorFamilies.includes('Fedorov')), 'only Fedorov');
  assert.deepEqual(rankCompletions(corpus, sentence, 'qqqqqq'), [], 'nothing near: no items');

  // More prefix matches than fuse.js orders: key and author matches before title-only ones,
  // and among equals the sources that support the sentence first.
  const many = rankCompletions(corpus, sentence, 'e');
  assert.ok(many.length > 300, `${many.length} matches`);
  const byKeyOrAuthor = (r: (typeof many)[number]) => r.source.key.startsWith('e') || r.source.authorFamilies.some((f) => f.toLowerCase().startsWith('e'));
  const firstTitleOnly = many.findIndex((r) => !byKeyOrAuthor(r));
  assert.ok(firstTitleOnly >= 150, `title-only matches start at ${firstTitleOnly}`);
  assert.ok(many.slice(firstTitleOnly).every((r) => !byKeyOrAuthor(r)), 'no key or author match after the title-only ones');
  assert.ok(many[0].support > 0 && many[0].source.text, `a source supporting the sentence comes first (${many[0].source.key})`);
});

test('prefixEditDistance is the fewest edits to any prefix of the word, capped at max + 1', () => {
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  const word = () => Array.from({ length: random(9) }, () => 'abc'[random(3)]).join('');
  for (let i = 0; i < 3000; i++) {
    const text = word();
    const target = word();
    const max = random(4);
    let expected = Infinity;
    for (let j = 0; j <= target.length; j++) expected = Math.min(expected, editDistance(text, target.slice(0, j)));
    assert.equal(prefixEditDistance(text, target, max), Math.min(expected, max + 1), `${text} → ${target} (max ${max})`);
  }
});

test('on a large corpus the list is sent without documentation; resolve documents the focused item', () => {
  const corpus = largeCorpus();
  const text = 'Russian aircraft at the Kant air base [@Dzhur';
  const doc = TextDocument.create('file:///brief.md', 'markdown', 1, text);
  const list = provideCompletion(doc, parseBrief(text), corpus, text.length, 'chicago-author-date')!;
  assert.equal(list.isIncomplete, false);
  assert.equal(list.items.length, 150);
  assert.ok(list.items.every((i) => i.documentation === undefined), 'no item formatted while the list is built');
  const top = resolveCompletion(list.items[0], corpus, 'chicago-author-date');
  assert.match((top.documentation as MarkupContent).value, /Dzhuraev/);
});
