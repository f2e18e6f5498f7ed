// The evaluation harness: matching findings to labelled claims, scoring, fix checking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Corpus, makeSource } from '../../server/src/corpus/corpus';
import type { Finding } from '../../server/src/check/findings';
import { LineMap } from '../../server/src/corpus/positions';
import { applyFix, claimSpan, evaluate, fixMatches, formatReport } from '../../server/src/eval/score';
import type { Labels } from '../../server/src/eval/score';

function corpus(): Corpus {
  const c = new Corpus(['/c/bib.json']);
  const s = makeSource({ id: 'lee2019', title: 'Lake', author: [{ family: 'Lee', given: 'A.' }], issued: { 'date-parts': [[2019]] } }, '/c/bib.json');
  s.text = 'Fishing cooperatives on Lake Orun collapsed after the upstream diversion canal opened in 2004.\n\nOne fisherman said that "the lake simply stopped giving fish" within two summers.';
  s.textPath = '/c/lee2019.txt';
  c.addSource(s);
  const t = makeSource({ id: 'kim2020', title: 'Hills', author: [{ family: 'Kim', given: 'B.' }], issued: { 'date-parts': [[2020]] } }, '/c/bib.json');
  t.text = 'Terraced orchards on the southern hills produce apricots that are exported to twelve countries.';
  t.textPath = '/c/kim2020.txt';
  c.addSource(t);
  return c;
}

const BRIEF = [
  '# Notes',
  '',
  'Fishing cooperatives on Lake Orun collapsed after the diversion canal opened in 2004. A fisherman said "the lake stopped giving any fish" [@lee2019].',
  'Opinion is divided on what should happen next. Apricots from the southern hills go to twelve countries [@lee2019].',
  '',
].join('\n');

const LABELS: Labels = {
  claims: [
    { id: 'c1', file: 'b.md', line: 3, text: 'Fishing cooperatives on Lake Orun collapsed after the diversion canal opened in 2004.', label: 'uncited-claim', expect_codes: ['uncited-claim'], fix: { kind: 'cite', key: 'lee2019' } },
    { id: 'c2', file: 'b.md', line: 3, text: 'A fisherman said "the lake stopped giving any fish" [@lee2019].', label: 'misquote', expect_codes: ['misquote'], fix: { kind: 'replace', old: 'the lake stopped giving any fish', new: 'the lake simply stopped giving fish' } },
    { id: 'c3', file: 'b.md', line: 4, text: 'Opinion is divided on what should happen next.', label: 'ok', expect_codes: [] },
    { id: 'c4', file: 'b.md', line: 4, text: 'Apricots from the southern hills go to twelve countries [@lee2019].', label: 'unsupported-claim', expect_codes: ['unsupported-claim'], fix: { kind: 'cite', key: 'kim2020' } },
  ],
};

test('evaluate: findings are matched to labelled claims by line and span; codes, fixes and false alarms are scored', () => {
  const report = evaluate(LABELS, () => BRIEF, corpus());
  const byId = new Map(report.claims.map((c) => [c.id, c]));
  assert.deepEqual(byId.get('c1')!.got, ['uncited-claim']);
  assert.deepEqual(byId.get('c2')!.got, ['misquote']);
  assert.deepEqual(byId.get('c3')!.got, []);
  assert.deepEqual(byId.get('c4')!.got, ['unsupported-claim']);
  assert.equal(report.micro.f1, 1);
  assert.equal(report.falseAlarms.rate, 0);
  assert.equal(report.fixes.correct, 3, JSON.stringify(report.claims.map((c) => c.fix)));
  assert.equal(report.unlabelled.length, 0);
  assert.match(formatReport(report), /micro-F1:\s+1\.000/);
});

test('evaluate: a finding on a correct claim is a false positive and a false alarm; unlabelled findings are listed apart', () => {
  const labels: Labels = { claims: [{ id: 'x', file: 'b.md', line: 4, text: 'Apricots from the southern hills go to twelve countries [@lee2019].', label: 'ok', expect_codes: [] }] };
  const report = evaluate(labels, () => BRIEF, corpus());
  assert.equal(report.falseAlarms.flagged, 1);
  assert.equal(report.codes.find((c) => c.code === 'unsupported-claim')!.fp, 1);
  assert.ok(report.unlabelled.some((u) => u.code === 'misquote' && u.line === 3));
});

test('evaluate: also_acceptable codes are not false positives', () => {
  const labels: Labels = { claims: [{ id: 'x', file: 'b.md', line: 4, text: 'Apricots from the southern hills go to twelve countries [@lee2019].', label: 'anachronistic-citation', expect_codes: ['anachronistic-citation'], also_acceptable: ['unsupported-claim'] }] };
  const report = evaluate(labels, () => BRIEF, corpus());
  const u = report.codes.find((c) => c.code === 'unsupported-claim');
  assert.equal(u?.fp ?? 0, 0);
  assert.equal(report.codes.find((c) => c.code === 'anachronistic-citation')!.fn, 1);
});

test('fixMatches: replace must yield exactly the labelled text; cite must add the key', () => {
  const text = 'Intro.\nThe base hosts 500 people [@a].\n';
  const lines = new LineMap(text);
  const span = claimSpan(text, lines, { id: 'x', file: 'f', line: 2, text: 'The base hosts 500 people [@a].', label: 'number-mismatch', expect_codes: [] })!;
  const finding = (newText: string, start: number, end: number): Finding => ({
    code: 'number-mismatch', severity: 'warning', start, end, message: '', evidence: [],
    fixes: [{ title: 't', edits: [{ start, end, newText }], preferred: true }],
  });
  const at = text.indexOf('500');
  assert.equal(fixMatches(text, span, { kind: 'replace', old: '500', new: '400' }, finding('400', at, at + 3)).ok, true);
  assert.equal(fixMatches(text, span, { kind: 'replace', old: '500', new: '400' }, finding('40', at, at + 3)).ok, false);
  const key = text.indexOf('@a') + 1;
  assert.equal(fixMatches(text, span, { kind: 'cite', key: 'b' }, finding('b', key, key + 1)).ok, true);
  assert.equal(fixMatches(text, span, { kind: 'cite', key: 'c' }, finding('b', key, key + 1)).ok, false);
  assert.equal(applyFix('abc', { title: '', edits: [{ start: 1, end: 2, newText: 'XY' }, { start: 3, end: 3, newText: '!' }] }), 'aXYc!');
  // A sentence cited in a note: the fix edits the note, and the sentence then cites the key. A
  // shorter key does not make the next sentence's citation count.
  const noted = 'Intro.\nThe base hosts 500 people.[^1] Next one [@c].\n\n[^1]: [@long-key-a].\n';
  const notedSpan = claimSpan(noted, new LineMap(noted), { id: 'y', file: 'f', line: 2, text: 'The base hosts 500 people.', label: 'unsupported-claim', expect_codes: [] })!;
  const noteKey = noted.indexOf('@long-key-a') + 1;
  assert.equal(fixMatches(noted, notedSpan, { kind: 'cite', key: 'b' }, finding('b', noteKey, noteKey + 10)).ok, true);
  assert.equal(fixMatches(noted, notedSpan, { kind: 'cite', key: 'c' }, finding('b', noteKey, noteKey + 10)).ok, false);
});
