import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCitations, parseLocator } from '../../server/src/brief/citations';
import { parseBrief } from '../../server/src/brief/parse';

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
