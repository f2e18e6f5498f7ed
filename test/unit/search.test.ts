// The search shortcuts must not change answers: pruned retrieval equals exhaustive scoring,
// the allocation-free edit distance equals the textbook one, and remembered rankings are
// forgotten as soon as the corpus changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Corpus, editDistance, makeSource } from '../../server/src/corpus/corpus';
import type { Source } from '../../server/src/corpus/types';

const REPO = path.resolve(__dirname, '../../..');

/** Sentences of the sample corpus, the material of the generated sources. */
const SENTENCES = fs
  .readdirSync(path.join(REPO, 'corpus'))
  .filter((f) => f.endsWith('.txt'))
  .flatMap((f) => fs.readFileSync(path.join(REPO, 'corpus', f), 'utf8').split(/(?<=[.!?])\s+/))
  .map((s) => s.replace(/\s+/g, ' ').trim())
  .filter((s) => s.length > 40 && s.length < 400);

function source(key: string, text: string): Source {
  return { ...makeSource({ id: key, title: key }, '/virtual/bibliography.json'), text };
}

/**
 * Sources that reuse the same sentences many times, as real collections of reports quoting
 * each other do: many passages tie on score, the hard case for pruning.
 */
function duplicatedCorpus(sources: number, seed: number): Corpus {
  const corpus = new Corpus(['/virtual/bibliography.json']);
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
  for (let i = 0; i < sources; i++) {
    const paragraphs: string[] = [];
    for (let p = 0; p < 6; p++) {
      const n = 1 + (next() % 3);
      paragraphs.push(Array.from({ length: n }, () => SENTENCES[next() % 60]).join(' ').replace(/\d+/g, (d) => String((Number(d) + (next() % 3)) % 3000)));
    }
    corpus.addSource(source(`src${String(i).padStart(3, '0')}`, paragraphs.join('\n\n') + '\n'));
  }
  return corpus;
}

const asRanking = (hits: { passage: { id: number }; score: number }[]) => hits.map((h) => `${h.passage.id}:${h.score.toFixed(9)}`);

test('pruned search returns exactly what exhaustive scoring returns, ties and removals included', () => {
  const corpus = duplicatedCorpus(400, 7);
  const queries = [
    ...SENTENCES.slice(0, 60),
    ...SENTENCES.slice(0, 40).map((s) => s.split(' ').slice(2, 8).join(' ')),
    'Russia military base', 'the', 'Central Asia security cooperation Russia military',
  ];
  const compare = (label: string) => {
    let pruned = 0;
    for (const q of queries) {
      for (const limit of [1, 5, 30, 200]) {
        const fast = corpus.index.search(q, limit);
        const full = corpus.index.search(q, limit, undefined, { exhaustive: true });
        assert.deepEqual(asRanking(fast), asRanking(full), `${label}: "${q}" limit ${limit}`);
        if (fast.length) pruned++;
      }
    }
    assert.ok(pruned > queries.length, 'the queries find passages');
  };
  compare('built');
  // Removing sources cuts postings and changes every term's statistics and bounds.
  for (let i = 0; i < 400; i += 7) corpus.removeSource(`src${String(i).padStart(3, '0')}`);
  compare('after removals');
  corpus.addSource(source('late', SENTENCES.slice(0, 30).join('\n\n')));
  compare('after an addition');
  assert.equal(corpus.index.search(SENTENCES[3], 1)[0].passage.sourceKey !== undefined, true);
});

test('British and American spellings find each other (briefs and sources are often written in different ones)', () => {
  const corpus = new Corpus(['/virtual/bibliography.json']);
  corpus.addSource(source('us2020', 'The ministry is modernizing its defense programs and the labor code at the training center it organized.'));
  corpus.addSource(source('other2020', 'The ministry is reviewing its budget, its programs and its training schedule at the regional office.'));
  const british = corpus.index.search('modernising defence programmes, labour code, training centre organised', 2);
  const american = corpus.index.search('modernizing defense programs, labor code, training center organized', 2);
  assert.equal(british[0].passage.sourceKey, 'us2020');
  assert.deepEqual(asRanking(british), asRanking(american));
  assert.equal(corpus.rankSources('Russia is modernising its bases with helicopters bought abroad, travelling officials said')[0].key, 'us2020');
});

test('edit distance equals the textbook optimal string alignment distance, bounded or not', () => {
  const reference = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  };
  const word = fc.string({ maxLength: 90, unit: fc.constantFrom('a', 'b', 'c', 'd', '1', '-', 'é') });
  fc.assert(fc.property(word, word, (a, b) => editDistance(a, b) === reference(a, b)), { numRuns: 3000 });
  // Bounded: exact up to the bound, above it whenever the true distance is.
  fc.assert(
    fc.property(word, word, fc.nat(12), (a, b, max) => {
      const d = editDistance(a, b, max);
      const r = reference(a, b);
      return r <= max ? d === r : d > max;
    }),
    { numRuns: 3000 },
  );
  assert.equal(editDistance('zagsuren2025', 'zagdsuren2025'), 1);
  assert.equal(editDistance('najibullah2008', 'najibulalh2008'), 1);
});

test('rankings and nearest keys are recomputed when the corpus changes in place', () => {
  const corpus = new Corpus(['/virtual/bibliography.json']);
  corpus.addSource(source('alpha2020', 'Kazakhstan exported more grain to China in 2019 than in any year before.'));
  const sentence = 'Tajikistan hosts the 201st military base near Dushanbe';
  assert.deepEqual(corpus.rankSources(sentence).map((r) => r.score > 0), [false]);
  assert.ok(!corpus.nearestKeys('betta2021').includes('beta2021'));
  // The same object grows (as while a corpus is being indexed): nothing stale may be served.
  corpus.addSource(source('beta2021', 'The 201st military base near Dushanbe in Tajikistan is Russia’s largest abroad.'));
  const ranked = corpus.rankSources(sentence);
  assert.equal(ranked[0].key, 'beta2021');
  assert.ok(ranked[0].score > 0);
  assert.equal(corpus.nearestKeys('betta2021')[0], 'beta2021');
  assert.deepEqual(corpus.rankSources(sentence, 1).map((r) => r.key), ['beta2021']);
  corpus.removeSource('beta2021');
  assert.deepEqual(corpus.rankSources(sentence).map((r) => r.key), ['alpha2020']);
  assert.ok(!corpus.nearestKeys('betta2021').includes('beta2021'));
});

test('the best source for a sentence is searched once (the check of an unknown key, then a hover on it), and again after a change', () => {
  const corpus = new Corpus(['/virtual/bibliography.json']);
  corpus.addSource(source('alpha2020', 'Kazakhstan exported more grain to China in 2019 than in any year before.'));
  corpus.addSource(source('beta2021', 'The 201st military base near Dushanbe in Tajikistan is Russia’s largest abroad.'));
  const sentence = 'Russia keeps its largest base abroad near Dushanbe';
  const index = (corpus as unknown as { index: { search: (...args: unknown[]) => unknown } }).index;
  const search = index.search.bind(index);
  let searches = 0;
  index.search = (...args: unknown[]) => {
    searches++;
    return search(...args);
  };
  assert.deepEqual(corpus.rankSources(sentence, 1).map((r) => r.key), ['beta2021']);
  assert.deepEqual(corpus.rankSources(sentence, 1).map((r) => r.key), ['beta2021']);
  assert.equal(searches, 1, 'the second asking is answered from memory');
  corpus.rankSources(sentence, 1).pop(); // a caller's change to its list is not remembered
  assert.deepEqual(corpus.rankSources(sentence, 1).map((r) => r.key), ['beta2021']);
  corpus.addSource(source('gamma2022', 'Russia keeps its largest base abroad near Dushanbe, the 201st.'));
  assert.deepEqual(corpus.rankSources(sentence, 1).map((r) => r.key), ['gamma2022'], 'a change is searched anew');
  assert.equal(searches, 2);
});

test('nearest keys equal a brute-force ranking over every key (typos, authors, years)', () => {
  const corpus = new Corpus(['/virtual/bibliography.json']);
  const families = ['Najibullah', 'Zagdsuren', 'Talantbekova', 'Ivanov', 'Kim', 'Oh', 'Abdurakhmonov'];
  const keys: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const family = families[i % families.length];
    const key = `${family.toLowerCase().slice(0, 3 + (i % 7))}${1990 + (i % 35)}${i % 5 === 0 ? '' : String.fromCharCode(97 + (i % 26))}${i % 3 === 0 ? '-' + i : ''}`;
    if (corpus.has(key)) continue;
    corpus.addSource(makeSource({ id: key, title: key, author: [{ family, given: 'A.' }] }, '/virtual/bibliography.json'));
    keys.push(key);
  }
  const reference = (key: string) => {
    const lower = key.toLowerCase();
    const year = /\d{4}/.exec(key)?.[0];
    return [...corpus.sources.values()]
      .map((s) => {
        const k = s.key.toLowerCase();
        const longer = Math.max(lower.length, k.length);
        const named = s.authorFamilies.some((f) => f && lower.includes(f.toLowerCase()));
        if (Math.abs(k.length - lower.length) / longer >= 0.6 && !named) return { key: s.key, d: 1 };
        let d = editDistance(lower, k) / longer;
        if (named) d -= 0.25;
        if (year && k.includes(year)) d -= 0.1;
        return { key: s.key, d };
      })
      .filter((x) => x.d < 0.6)
      .sort((a, b) => a.d - b.d || a.key.localeCompare(b.key))
      .slice(0, 3)
      .map((x) => x.key);
  };
  const probes = keys.filter((_, i) => i % 13 === 0).flatMap((k) => [k.slice(0, 2) + k.slice(3), k.slice(1), k.replace(/\d/, '0') + 'x', 'Zagdsuren' + k.slice(-4)]);
  probes.push('nobody', 'x', 'abdurakhmonov-2001', 'kim');
  for (const p of probes) assert.deepEqual(corpus.nearestKeys(p), reference(p), p);
});

test('sourceScores gives each source the score of its best passage, as a search of those sources ranks it', () => {
  const corpus = duplicatedCorpus(120, 11);
  const keys = [...corpus.sources.keys()].filter((_, i) => i % 3 === 0);
  keys.push('no-such-source');
  for (const q of [...SENTENCES.slice(0, 20), 'Russia military base', 'zzzz unknown words']) {
    const best = new Map<string, number>();
    for (const hit of corpus.index.search(q, 100_000, new Set(keys), { wordPairs: false })) {
      if (!best.has(hit.passage.sourceKey)) best.set(hit.passage.sourceKey, hit.score);
    }
    assert.deepEqual([...corpus.index.sourceScores(q, keys)].sort(), [...best].sort(), q);
  }
});
