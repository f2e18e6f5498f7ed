import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBrief } from '../../server/src/brief/parse';
import { splitSentences } from '../../server/src/brief/sentences';

test('sentences: abbreviations, initials and quotations do not split', () => {
  const text = 'Dr. J. Smith met the U.S. envoy in St. Petersburg. He said "It ended. Then it began." Later it rained! Why? Fine.';
  const spans = splitSentences(text).map((s) => text.slice(s.start, s.end));
  assert.deepEqual(spans, ['Dr. J. Smith met the U.S. envoy in St. Petersburg.', 'He said "It ended. Then it began."', 'Later it rained!', 'Why?', 'Fine.']);
});

test('sentences: a line opening with an item letter or number ("   c. Since …") starts a new sentence', () => {
  const text = '2. **TAJIKISTAN.**\n   a. The base was established in 2004 [@a].\n   b. the Duma ratified it in 2008 [@b].\n   iv. Later drills followed.\n';
  const claims = parseBrief(text).claims.map((c) => [c.text.trim(), c.citations.map((x) => x.key).join(' ')]);
  assert.deepEqual(claims.slice(-3), [['The base was established in 2004 [@a].', 'a'], ['the Duma ratified it in 2008 [@b].', 'b'], ['Later drills followed.', '']]);
  // Not inside a sentence, nor after a line that does not end one.
  assert.equal(splitSentences('It was agreed in\n  a. principle that the base would stay.').length, 1);
});

test('each claim is a sentence with its own citations; a trailing group stays with its sentence', () => {
  const brief = parseBrief('First claim [@a]. Second claim [@b; @c]. Third with none.\n');
  assert.deepEqual(brief.claims.map((c) => [c.text, c.citations.map((x) => x.key)]), [
    ['First claim [@a].', ['a']],
    ['Second claim [@b; @c].', ['b', 'c']],
    ['Third with none.', []],
  ]);
});

test('a parenthesis after the stop with only citations after it is the sentence\'s attribution, not a sentence', () => {
  const brief = parseBrief('Russia "sees military cooperation as the first step in regaining influence in the region." (Vladimir Mukhin) [@a]\n\nIt ended. (See the annex.) Then it began [@b].\n');
  assert.deepEqual(brief.claims.map((c) => [c.text, c.citations.map((x) => x.key)]), [
    ['Russia "sees military cooperation as the first step in regaining influence in the region." (Vladimir Mukhin) [@a]', ['a']],
    ['It ended.', []],
    ['(See the annex.)', []],
    ['Then it began [@b].', ['b']],
  ]);
});

test('a citation in a pandoc inline note after the stop (".^[@a] Next") stays with its sentence, and the note mark is not prose', () => {
  const brief = parseBrief('The summit was held in New York in 2023.^[@a] Several thousand fighters were reported.^[See @b, p. 4.] It ended.\n');
  assert.deepEqual(brief.claims.map((c) => [c.text, c.citations.map((x) => x.key)]), [
    ['The summit was held in New York in 2023.^[@a]', ['a']],
    ['Several thousand fighters were reported.^[See @b, p. 4.]', ['b']],
    ['It ended.', []],
  ]);
  assert.doesNotMatch(brief.claims[0].plain, /\^/);
});

test('a dash after a sentence\'s stop opens a signature or attribution line, not part of the sentence', () => {
  const brief = parseBrief('The base was established in 2003 [@a]. --[[User:Kestrel|Kestrel]] ([[User talk:Kestrel|talk]]) 17:15, 3 June 2025 (UTC)\n\nIt rained. — Jane Doe, 2 June 2025\n');
  const texts = brief.claims.map((c) => c.text);
  assert.ok(texts.includes('The base was established in 2003 [@a].'), JSON.stringify(texts));
  assert.ok(texts.includes('It rained.'), JSON.stringify(texts));
  assert.ok(!texts.some((t) => /2003.*2025/.test(t)), JSON.stringify(texts));
});

test('a sentence may open with an in-text citation; a group after the stop stays with the sentence before', () => {
  const brief = parseBrief('Russia is the guarantor of security in the region [@a]. @b describes a shift away from Russia. Japarov said: "We will develop it." [@c] The Kremlin agreed [@d].\n');
  assert.deepEqual(brief.claims.map((c) => [c.text, c.citations.map((x) => x.key)]), [
    ['Russia is the guarantor of security in the region [@a].', ['a']],
    ['@b describes a shift away from Russia.', ['b']],
    ['Japarov said: "We will develop it." [@c]', ['c']],
    ['The Kremlin agreed [@d].', ['d']],
  ]);
  // Footnote style: the group right after the stop, unspaced, one group or several.
  assert.deepEqual(parseBrief('It covered politics too.[@a] NATO grew fast.[@b][@c] Then it slowed.\n').claims.map((c) => [c.text, c.citations.map((x) => x.key)]), [
    ['It covered politics too.[@a]', ['a']],
    ['NATO grew fast.[@b][@c]', ['b', 'c']],
    ['Then it slowed.', []],
  ]);
  // An abbreviation still does not end a sentence before one.
  assert.equal(parseBrief('As argued by e.g. @b in 2020, the base grew [@a].\n').claims.length, 1);
});

test('a date heading a timeline entry ("**March 2023.** Bishkek and Moscow held …") is one claim with the sentence it dates', () => {
  const brief = parseBrief('- **March 2023.** Bishkek and Moscow held a joint exercise [@a].\n- **Early 2008.** The Duma ratified the agreement [@b].\n\nIn March 2023. That was all.\n');
  assert.deepEqual(brief.claims.slice(0, 2).map((c) => [c.plain.replace(/\s+/g, ' ').trim(), c.citations.map((x) => x.key)]), [
    ['March 2023. Bishkek and Moscow held a joint exercise .', ['a']],
    ['Early 2008. The Duma ratified the agreement .', ['b']],
  ]);
  // Not a sentence of prose that happens to end in a year.
  assert.deepEqual(splitSentences('The base opened in 2003. It grew.').map((s) => s.end - s.start), [24, 8]);
});

test('plain text keeps offsets: same length as the sentence, citations and escapes blanked', () => {
  const text = 'China gave \\$16 million *in aid* [@a].';
  const [claim] = parseBrief(text).claims;
  assert.equal(claim.plain.length, claim.text.length);
  assert.ok(!claim.plain.includes('@a'));
  assert.ok(claim.plain.includes('$16 million'));
  assert.ok(claim.plain.includes('in aid'));
  const i = claim.plain.indexOf('16');
  assert.equal(text.slice(claim.start + i, claim.start + i + 2), '16');
});

test('a news dateline or a thread\'s post number opening a paragraph is not part of its first claim; a short capitalised term before a dash is', () => {
  const brief = parseBrief('ALMATY, Jan 5 — Moscow sent two regiments [@a].\n\nBISHKEK — Putin and Japarov met on May 9, 2023 [@a].\n\nDUSHANBE (Reuters) -- The base grew.\n\nNATO — the alliance — opened an office in 2007.\n');
  const plain = brief.claims.map((c) => c.plain.trim());
  assert.match(plain[0], /^Moscow sent two regiments\s+\.$/);
  assert.match(plain[1], /^Putin and Japarov met on May 9, 2023/);
  assert.equal(plain[2], 'The base grew.');
  assert.match(plain[3], /^NATO — the alliance/);
  for (const c of brief.claims) assert.equal(c.plain.length, c.text.length);
  assert.equal(brief.claims[0].text.slice(0, 6), 'ALMATY', 'the text itself is kept');
  // A thread's post number is not part of the post's claim either.
  assert.match(parseBrief('2/ 1992: the treaty is signed [@a].\n').claims[0].plain, /^\s+1992: the treaty is signed/);
});

test('a bold run-in label ("**Baikonur Cosmodrome.** …") is not a claim; a bold lead with a colon, a verb or a date is part of one', () => {
  const claimsOf = (md: string) => parseBrief(md).claims.map((c) => c.plain.replace(/\s+/g, ' ').trim());
  assert.deepEqual(claimsOf('**201st Military Base (Tajikistan).** Some 7,000 troops are based there [@a].\n'), ['Some 7,000 troops are based there .']);
  assert.deepEqual(claimsOf('**Baikonur Cosmodrome**. Russia leases it [@a].\n'), ['Russia leases it .']);
  assert.match(claimsOf("**Kant:** some 1,000 personnel [@a].\n")[0], /^Kant: some 1,000 personnel/);
  assert.equal(claimsOf('**Russia has kept its bases.** The leases run to 2042 [@a].\n').length, 2);
  assert.equal(claimsOf('**A label alone.**\n').length, 1, 'a bold paragraph with nothing after it is a sentence');
});

test('quotations (straight and curly) are found with their offsets', () => {
  const text = 'He said “all armaments are Russian-made” and "more" [@a].';
  const [claim] = parseBrief(text).claims;
  assert.deepEqual(claim.quotes.map((q) => q.text), ['all armaments are Russian-made', 'more']);
  assert.equal(text.slice(claim.quotes[0].start, claim.quotes[0].end), 'all armaments are Russian-made');
});

test('front matter: bibliography (string or list) and a References section', () => {
  const brief = parseBrief('---\ntitle: T\nbibliography: refs/bib.json\n---\n\n# T\n\nClaim [@a].\n\n## References\n\nOld list.\n');
  assert.deepEqual(brief.frontMatter?.bibliography, ['refs/bib.json']);
  assert.ok(brief.references);
  assert.equal(brief.text.slice(brief.references!.start, brief.references!.headingEnd), '## References');
  const list = parseBrief('---\nbibliography:\n  - a.json\n  - b.bib\n---\ntext\n');
  assert.deepEqual(list.frontMatter?.bibliography, ['a.json', 'b.bib']);
});

test('broken Markdown and YAML never throw and keep the text', () => {
  const broken = '---\nbibliography: [unclosed\n---\n\n**bold [@a\n\n| a |\n|--\n[@b]';
  const brief = parseBrief(broken);
  assert.equal(brief.text, broken);
  assert.ok(brief.frontMatter?.error);
  assert.ok(brief.citations.some((c) => c.key === 'b'));
});
