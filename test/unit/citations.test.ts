import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCitations, parseLocator } from '../../server/src/brief/citations';
import { parseBrief, parseBriefWhole } from '../../server/src/brief/parse';

const keys = (text: string) => parseBrief(text).citations.map((c) => c.key);

test('bracketed citations with prefix, locator and several items', () => {
  const text = 'Claim [see @a, pp. 3-5; -@b] here.';
  const cs = findCitations(text);
  assert.deepEqual(cs.map((c) => c.key), ['a', 'b']);
  assert.equal(cs[0].prefix, 'see');
  assert.deepEqual(cs[0].locator, { label: 'page', value: '3-5' });
  assert.equal(cs[1].suppressAuthor, true);
  assert.equal(text.slice(cs[0].keyStart, cs[0].keyEnd), 'a');
  assert.equal(cs[0].group, cs[1].group);
  assert.equal(text.slice(cs[0].group!.start, cs[0].group!.end), '[see @a, pp. 3-5; -@b]');
});

test('keys with internal punctuation and braces; trailing punctuation is not part of a key', () => {
  assert.deepEqual(keys('As @smith:2020.x says [@russia-kyrgyzstan-2023, p. 4] and [@{Weird Key 2}].'), ['smith:2020.x', 'russia-kyrgyzstan-2023', 'Weird Key 2']);
  assert.deepEqual(keys('Shown by @doe2020.'), ['doe2020']);
});

test('locators: p., pp., chapter, bare number', () => {
  assert.deepEqual(parseLocator(', p. 4'), { label: 'page', value: '4' });
  assert.deepEqual(parseLocator(', chap. 2'), { label: 'chapter', value: '2' });
  assert.deepEqual(parseLocator(', 33'), { label: 'page', value: '33' });
  assert.equal(parseLocator(', emphasis added'), undefined);
});

test('a page written right after an in-text key is its locator, as notes write it ("@key, p. 6")', () => {
  const [noted] = findCitations('@talantbekova2024, p. 6.');
  assert.deepEqual(noted.locator, { label: 'page', value: '6' });
  assert.equal(noted.end, '@talantbekova2024, p. 6'.length);
  const [range] = findCitations('as @smith2020, pp. 3–5 shows');
  assert.deepEqual(range.locator, { label: 'page', value: '3–5' });
  // Prose after a comma is not a locator.
  const [plain] = findCitations('@smith2020, page after page, argues');
  assert.equal(plain.locator, undefined);
  assert.equal(plain.end, '@smith2020'.length);
  // A note giving only a key and a page is no claim to check.
  const brief = parseBrief('A fact about Kant.[^1]\n\n[^1]: @talantbekova2024, p. 6.\n');
  assert.equal(brief.claims.find((c) => c.container === 'footnote')!.plain.trim(), '.');
});

test('no citations inside code spans, code blocks, link URLs or e-mail addresses', () => {
  const text = [
    'Inline `[@code]` and a [link](https://x.org/@notakey) and mail jane@example.com.',
    '',
    '```',
    '[@fenced]',
    '```',
    '',
    '    [@indented]',
    '',
    'Real one [@real].',
  ].join('\n');
  assert.deepEqual(keys(text), ['real']);
});

test('a bracket group with an item lacking @ is not a group (pandoc then reads @a in-text); links are not citations', () => {
  const cs = parseBrief('Text [note; @a] and [@b](http://x) end.').citations;
  assert.deepEqual(cs.map((c) => [c.key, c.inText]), [['a', true]]);
});

test('an empty key being typed is recognised', () => {
  const cs = parseBrief('Typing [@] now and [@a; @].').citations;
  assert.deepEqual(cs.map((c) => c.key), ['', 'a', '']);
});

test('a sentence pointing to a citation note is cited by it; an aside\'s citation is the aside\'s own', () => {
  const text = [
    'The base was founded in 2003.[^1] It hosts 400 personnel.[^2] Su-25 aircraft fly there.[^3] Critics disagree.[^4] Nothing here[^9] is noted.',
    '',
    '[^1]: [@najibullah2008, p. 2].',
    '[^2]: See @talantbekova2024 on the garrison.',
    '[^3]: The aircraft are listed by Najibullah [@najibullah2008].',
    '[^4]: As in [@zagdsuren2025; @kommersant2017], which disagree.',
    '',
    'Later text.',
  ].join('\n');
  for (const brief of [parseBrief(text), parseBriefWhole(text)]) {
    const claim = (words: string) => brief.claims.find((c) => c.text.includes(words))!;
    // Notes on consecutive lines are one note each; the marker after the full stop is the sentence's.
    assert.deepEqual(claim('The base was founded').citations.map((c) => c.key), ['najibullah2008']);
    assert.deepEqual(claim('It hosts').citations.map((c) => c.key), ['talantbekova2024']);
    assert.deepEqual(claim('Critics disagree').citations.map((c) => c.key), ['zagdsuren2025', 'kommersant2017']);
    // An aside (a note opening with prose of its own) gives no source to check the sentence
    // against, but the sentence is not uncited.
    assert.deepEqual(claim('Su-25 aircraft').citations, []);
    assert.equal(claim('Su-25 aircraft').citedInNote, true);
    assert.equal(claim('Nothing here').citedInNote, undefined);
    // The notes keep their own citations; brief.citations lists each citation once.
    assert.deepEqual(brief.claims.filter((c) => c.container === 'footnote').map((c) => c.citations.map((x) => x.key).join(' ')), ['najibullah2008', 'talantbekova2024', 'najibullah2008', 'zagdsuren2025 kommersant2017']);
    assert.deepEqual(brief.citations.map((c) => c.key), ['najibullah2008', 'talantbekova2024', 'najibullah2008', 'zagdsuren2025', 'kommersant2017']);
  }
});

test('citations in tables, footnotes, block quotes and list items', () => {
  const text = [
    '- Item claim [@l1].',
    '',
    '> Quoted claim [@q1].',
    '',
    '| A | B |',
    '|---|---|',
    '| x | [@t1] |',
    '',
    'Body.[^1]',
    '',
    '[^1]: Footnote claim [@f1].',
  ].join('\n');
  const brief = parseBrief(text);
  assert.deepEqual(brief.citations.map((c) => c.key), ['l1', 'q1', 't1', 'f1']);
  const containers = brief.claims.filter((c) => c.citations.length).map((c) => [c.citations[0].key, c.block, c.container]);
  assert.deepEqual(containers, [
    ['l1', 'paragraph', 'listItem'],
    ['q1', 'paragraph', 'blockquote'],
    ['t1', 'tableRow', undefined],
    ['f1', 'paragraph', 'footnote'],
  ]);
});
