// Property-based fuzzing of everything that reads untrusted input: citation syntax, briefs,
// bibliographies and source text. No input may throw, hang or produce offsets outside the text.
// Over 100,000 generated inputs per run in total; a failing seed is printed by fast-check and
// becomes a regression test below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { findCitations } from '../../server/src/brief/citations';
import { parseBrief } from '../../server/src/brief/parse';
import { splitSentences } from '../../server/src/brief/sentences';
import { parseBibliography } from '../../server/src/corpus/bibliography';
import { splitPassages } from '../../server/src/corpus/passages';
import { loadCorpus } from '../../server/src/corpus/corpus';
import { nodeFileHost } from '../../server/src/corpus/fileHost';
import { checkBrief } from '../../server/src/check/checkBrief';
import { addContentTerms, contentTokens, sameLengthNormalize } from '../../server/src/check/support';

const REPO = path.resolve(__dirname, '../../..');
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2147483647);
const runs = (n: number) => ({ numRuns: Math.round(n * Number(process.env.FUZZ_SCALE ?? 1)), seed });

/** Strings built from the characters that matter to each parser, plus arbitrary Unicode. */
const pieces = (alphabet: string[]) =>
  fc.array(fc.oneof(fc.constantFrom(...alphabet), fc.string({ maxLength: 4 }), fc.fullUnicodeString({ maxLength: 2 })), { maxLength: 60 }).map((a) => a.join(''));

const CITATION_BITS = ['[', ']', '@', '-@', ';', ', p. 4', 'see ', '{', '}', 'key', 'a1', ':', '.', '_', ' ', '\n', '(', ')', 'x@y.z', '`', '](u)', '[^1]'];
const MARKDOWN_BITS = [...CITATION_BITS, '# ', '> ', '- ', '1. ', '| a | b |\n|---|---|\n', '```\n', '    ', '*', '**', '_', '"', '“', '”', '. ', '! ', '? ', 'Dr. ', 'U.S. ', '---\n', 'bibliography: x.json\n', '<i>', '</i>', '\\$', '$', '7,000', '2008', 'May 8, 2023', '[link](http://a/@b)', '![img](x.png)', '<!-- c -->', '\t', '\r\n'];

function assertCitationInvariants(text: string, base = 0): void {
  for (const c of findCitations(text, base)) {
    assert.ok(c.start >= base && c.end <= base + text.length && c.start <= c.keyStart && c.keyEnd <= c.end + 1, 'offsets inside the text');
    assert.equal(text.slice(c.keyStart - base, c.keyEnd - base), c.key);
  }
}

test('fuzz: citation syntax (30,000 inputs)', () => {
  fc.assert(fc.property(pieces(CITATION_BITS), fc.nat(50), (text, base) => assertCitationInvariants(text, base)), runs(30000));
});

test('fuzz: sentence splitting (20,000 inputs)', () => {
  fc.assert(
    fc.property(pieces(MARKDOWN_BITS), (text) => {
      let last = 0;
      for (const s of splitSentences(text)) {
        assert.ok(s.start >= last && s.end <= text.length && s.start < s.end);
        last = s.end;
      }
    }),
    runs(20000),
  );
});

test('fuzz: briefs (15,000 inputs) never throw, keep the text and keep offsets aligned', () => {
  fc.assert(
    fc.property(pieces(MARKDOWN_BITS), (text) => {
      const brief = parseBrief(text);
      assert.equal(brief.text, text);
      assert.equal(brief.masked.length, text.length);
      for (const c of brief.claims) {
        assert.equal(c.plain.length, c.text.length);
        assert.equal(text.slice(c.start, c.end), c.text);
        for (const q of c.quotes) assert.ok(q.start >= c.start && q.end <= c.end);
      }
      for (const c of brief.citations) assert.equal(text.slice(c.keyStart, c.keyEnd), c.key);
    }),
    runs(15000),
  );
});

test('fuzz: CSL-JSON bibliographies (15,000 inputs) give entries or located problems', () => {
  const jsonish = fc.oneof(
    fc.json({ maxDepth: 4 }),
    fc.array(fc.record({ id: fc.oneof(fc.string(), fc.integer()), title: fc.string(), file: fc.oneof(fc.string(), fc.array(fc.string())), issued: fc.anything() }, { requiredKeys: [] }), { maxLength: 5 }).map((a) => JSON.stringify(a)),
    pieces(['[', ']', '{', '}', '"id"', ':', ',', '"', '\\', '\n', 'null', '1e999']),
  );
  fc.assert(
    fc.property(jsonish, (text) => {
      const parsed = parseBibliography('/fuzz.json', text);
      const lines = text.split('\n').length;
      for (const p of parsed.problems) assert.ok(p.range.start.line < lines + 1 && p.message.length > 0);
      for (const e of parsed.entries) assert.equal(typeof e.item.id, 'string');
    }),
    runs(15000),
  );
});

test('fuzz: an edited CSL-JSON bibliography reads as if read for the first time (3,000 edits)', () => {
  const entry = fc.record({ id: fc.oneof(fc.constantFrom('a', 'b', 'c', 'k1'), fc.string({ maxLength: 3 }), fc.integer()), title: fc.string({ maxLength: 8 }), file: fc.constantFrom('x.txt', 'y.pdf', '') }, { requiredKeys: ['id'] });
  const entries = fc.array(fc.oneof(entry, entry, fc.constantFrom(7, 'str', null)), { maxLength: 6 });
  const layout = fc.constantFrom(0, 1, 2, '\t');
  const bibliography = fc.oneof(
    fc.tuple(entries, layout).map(([a, indent]) => JSON.stringify(a, null, indent)),
    pieces(['[', ']', '{', '}', '"id"', ':', ',', '"a"', '"\\"', '\n', ' ', 'null']),
  );
  let n = 0;
  fc.assert(
    fc.property(bibliography, bibliography, (before, after) => {
      n++;
      parseBibliography(`/edited-${n}.json`, before);
      const edited = parseBibliography(`/edited-${n}.json`, after);
      const fresh = parseBibliography(`/fresh-${n}.json`, after);
      assert.deepEqual(edited.entries, fresh.entries);
      assert.deepEqual(edited.problems.map((p) => ({ ...p, file: '' })), fresh.problems.map((p) => ({ ...p, file: '' })));
    }),
    runs(3000),
  );
  // An edit that keeps most entries: the kept ones are reused, the result is still the fresh reading's.
  const many = Array.from({ length: 50 }, (_, i) => ({ id: `k${i}`, title: `T ${i}`, file: `s${i}.txt` }));
  parseBibliography('/kept.json', JSON.stringify(many, null, 1));
  const changed = JSON.stringify([{ id: 'new', title: 'New' }, ...many.slice(0, 20), { ...many[20], title: 'Retitled' }, ...many.slice(22)], null, 1);
  assert.deepEqual(parseBibliography('/kept.json', changed), parseBibliography('/kept-fresh.json', changed));
});

test('fuzz: a CSL-JSON bibliography edited in one place (3,000 edits) reads as if read for the first time, entry ranges included', () => {
  const entry = fc.record({ id: fc.oneof(fc.constantFrom('a', 'b', 'k1'), fc.string({ maxLength: 3 }), fc.integer()), title: fc.string({ maxLength: 8 }), file: fc.constantFrom('x.txt', 'y.pdf') }, { requiredKeys: ['id'] });
  const file = fc.tuple(fc.array(entry, { minLength: 1, maxLength: 8 }), fc.constantFrom(0, 1, 2, '\t'));
  // What an edit puts in: an entry (as a user or an exporter writes it), separators, or debris.
  const insert = fc.oneof(
    entry.map((e) => JSON.stringify(e)),
    entry.map((e) => `,\n  ${JSON.stringify(e, null, 2)}`),
    entry.map((e) => `${JSON.stringify(e)},`),
    pieces(['{', '}', ',', '\n', ' ', '"id"', ':', '"t"', '[', ']', '"\\"']),
    fc.constant(''),
  );
  let n = 0;
  fc.assert(
    fc.property(file, fc.nat(), fc.nat(), insert, ([items, indent], a, b, text) => {
      n++;
      const before = JSON.stringify(items, null, indent);
      const from = a % (before.length + 1);
      const to = from + (b % Math.max(1, Math.min(80, before.length - from + 1)));
      const after = before.slice(0, from) + text + before.slice(to);
      parseBibliography(`/local-${n}.json`, before);
      const edited = parseBibliography(`/local-${n}.json`, after);
      const fresh = parseBibliography(`/local-fresh-${n}.json`, after);
      assert.deepEqual(edited.entries, fresh.entries, JSON.stringify({ before, after }));
      assert.deepEqual(edited.problems.map((p) => ({ ...p, file: '' })), fresh.problems.map((p) => ({ ...p, file: '' })));
    }),
    runs(3000),
  );
  // Ten thousand entries, one retitled, one added, one removed, in turn: the same as fresh readings.
  const many = Array.from({ length: 10_000 }, (_, i) => ({ id: `k${i}`, title: `T ${i}`, file: `s${i}.txt` }));
  let text = JSON.stringify(many, null, 1);
  parseBibliography('/big.json', text);
  for (const edit of [
    (t: string) => t.replace('"T 5000"', '"Retitled"'),
    (t: string) => t.replace(/\n\]$/, ',\n {"id": "added", "title": "New"}\n]'),
    (t: string) => t.replace(',\n {\n  "id": "k20",\n  "title": "T 20",\n  "file": "s20.txt"\n }', ''),
  ]) {
    const next = edit(text);
    assert.notEqual(next, text, 'the edit applies');
    text = next;
    assert.deepEqual(parseBibliography('/big.json', text), parseBibliography(`/big-fresh-${text.length}.json`, text));
  }
});

test('fuzz: BibTeX bibliographies (10,000 inputs) never throw', () => {
  const BIB_BITS = ['@article{', '@book{', '@string{', '@comment{', 'key,', 'title = {', 'author={Doe, J. and Roe, R.}', 'year=2020', 'file={a.txt}', '}', '{', '"', ',', '\n', '=', '#', '\\"', '%'];
  fc.assert(
    fc.property(pieces(BIB_BITS), (text) => {
      const parsed = parseBibliography('/fuzz.bib', text);
      for (const p of parsed.problems) assert.ok(p.message.length > 0);
    }),
    runs(10000),
  );
});

test('fuzz: source text to passages (15,000 inputs): offsets inside the text', () => {
  fc.assert(
    fc.property(pieces([...MARKDOWN_BITS, '\f', '\n\n', '.....', '\t12', 'Accessibility links', 'The base hosts some 400 personnel and aircraft. ']), (text) => {
      for (const p of splitPassages(text)) assert.ok(p.start >= 0 && p.end <= text.length && p.start < p.end);
    }),
    runs(15000),
  );
});

test('fuzz: every check on arbitrary briefs against the real corpus (3,000 inputs)', async () => {
  const corpus = await loadCorpus([path.join(REPO, 'corpus/bibliography.json')], nodeFileHost);
  const words = ['Russia', 'Kant', 'troops', '7,000', 'some', 'in 2008', 'May 2023', '"all armaments"', '[@najibullah2008]', '[@talantbekova2024; @zagdsuren2025]', '[@nope]', '$16 million', 'per cent', '. ', 'earlier this month', 'Tajikistan', 'border', '570 kilometres'];
  fc.assert(
    fc.property(pieces([...MARKDOWN_BITS, ...words]), (text) => {
      for (const f of checkBrief(parseBrief(text), corpus)) {
        assert.ok(f.start >= 0 && f.end <= text.length && f.start <= f.end, `finding inside the text: ${f.code}`);
        for (const fix of f.fixes) for (const e of fix.edits) assert.ok(e.start >= 0 && e.end <= text.length && e.start <= e.end);
      }
    }),
    runs(3000),
  );
});

test('fuzz: content words are found where the Unicode word pattern finds them (20,000 inputs)', () => {
  // The reference: the regular expression the char-code scanner stands in for.
  const WORD = /[\p{L}\p{N}]+(?:[-'.][\p{L}\p{N}]+)*/gu;
  const bits = ['-', "'", '.', ' ', 'U.S.', "Russia's", 'military-technical', '3.5', '7,000', '’', '—', '\u00a0', 'é', 'Ж', '٣', '𝟙', '𐐀x', '\ud800', '\udc00', 'a', 'Bb', '1'];
  fc.assert(
    fc.property(pieces(bits), (text) => {
      const norm = sameLengthNormalize(text);
      const words = [...norm.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
      const tokens = contentTokens(text);
      // Every token is one of the pattern's words, in order, and every word that is not a
      // stopword gives at least one token.
      const fromTokens = [...new Map(tokens.map((t) => [t.start, t.end])).entries()].map(([start, end]) => ({ start, end }));
      for (const w of fromTokens) assert.ok(words.some((x) => x.start === w.start && x.end === w.end), `token ${JSON.stringify(norm.slice(w.start, w.end))} is a word`);
      for (const w of words) {
        const surface = norm.slice(w.start, w.end);
        if (/^[\p{L}\p{N}]+$/u.test(surface) && surface.length > 4) assert.ok(fromTokens.some((x) => x.start === w.start), `word ${JSON.stringify(surface)} gives a token`);
      }
      assert.deepEqual([...addContentTerms(text, new Set())].sort(), [...new Set(tokens.map((t) => t.term))].sort());
    }),
    runs(20000),
  );
});

test('regression: inputs found by fuzzing', () => {
  for (const text of ['[@]', '[-@', '@{', '[@a;', '[@{}]', '[@a]](x)', '---\n---\n', '| [@a] |\n|---|', '"unclosed [@a]', '\\', '[^1]: [@a]']) {
    assertCitationInvariants(text);
    assert.equal(parseBrief(text).text, text);
  }
  // An escaped brace inside a braced key (seed 209144954): the key must be what the text says.
  for (const text of ['@{\\}', 'See [@{a\\}b}] here.', '@{`x`}']) {
    for (const c of parseBrief(text).citations) assert.equal(text.slice(c.keyStart, c.keyEnd), c.key, text);
  }
});

test('fuzz: parsing a brief in chunks gives exactly the claims and citations of a whole parse (5,000 briefs)', async () => {
  const { parseBriefWhole } = await import('../../server/src/brief/parse');
  const paragraph = fc.array(fc.constantFrom('Russia deployed 7,000 troops', 'in May 2023', '[@a]', '[see @b, p. 4; @c]', '"a quoted phrase"', 'Dr. Smith said so.', 'The end.', '`code [@x]`', '[link](http://x/@y)', '**bold** text', '[^1]', 'Душанбе'), { minLength: 1, maxLength: 8 }).map((a) => a.join(' '));
  const block = fc.oneof(
    paragraph,
    paragraph.map((p) => `# ${p}`),
    paragraph.map((p) => `- ${p}\n- ${p}`),
    paragraph.map((p) => `> ${p}`),
    paragraph.map((p) => `| A | B |\n|---|---|\n| ${p} | [@t] |`),
    paragraph.map((p) => '```\n' + p + '\n\n[@fenced]\n```'),
    paragraph.map((p) => `[^1]: ${p}`),
    paragraph.map((p) => `    indented ${p}`),
    paragraph.map((p) => `<!-- ${p}\n\n[@hidden] -->`),
    fc.constant('## References'),
  );
  const doc = fc.tuple(fc.boolean(), fc.array(block, { minLength: 1, maxLength: 12 }), fc.constantFrom('\n\n', '\n\n\n', '\n')).map(([fm, blocks, sep]) => (fm ? '---\ntitle: T\n\nbibliography: b.json\n---\n\n' : '') + blocks.join(sep) + '\n');
  const view = (b: ReturnType<typeof parseBrief>) => ({
    masked: b.masked,
    citations: b.citations.map((c) => [c.key, c.start, c.end, c.keyStart, c.group?.start, c.group?.items.length]),
    claims: b.claims.map((c) => [c.start, c.end, c.plain, c.block, c.container, c.citations.map((x) => x.keyStart), c.quotes.map((q) => q.start)]),
    references: b.references,
    bibliography: b.frontMatter?.bibliography,
  });
  fc.assert(fc.property(doc, (text) => assert.deepEqual(view(parseBrief(text)), view(parseBriefWhole(text)))), runs(5000));
});
