// Typed citation completion on a corpus too large for fuse.js over every source: a prefix
// lookup finds the candidates, and the order must still be what a user expects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Corpus, makeSource } from '../../server/src/corpus/corpus';
import { rankCompletions } from '../../server/src/features/completion';

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

  // An author's name: only that author's sources, ordered so the ones supporting the sentence come first.
  const byAuthor = rankCompletions(corpus, sentence, 'Dzhur');
  assert.ok(byAuthor.length >= 100 && byAuthor.every((r) => r.source.authorFamilies.includes('Dzhuraev')), 'only Dzhuraev');

  // A typo nothing starts with: fuse.js over every source still finds it.
  assert.equal(keysOf(rankCompletions(corpus, sentence, 'zagdusren'))[0], 'zagdsuren2025');

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
