import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findBibliographies, loadCorpus } from '../../server/src/corpus/corpus';
import type { Corpus } from '../../server/src/corpus/corpus';
import { memoryFileHost, nodeFileHost } from '../../server/src/corpus/fileHost';
import { parseBrief } from '../../server/src/brief/parse';
import { checkBrief } from '../../server/src/check/checkBrief';
import { assertLabelledCodes } from './helpers/labelled';
import type { Finding } from '../../server/src/check/findings';
import { findDateProblems } from '../../server/src/check/dates';

const REPO = path.resolve(__dirname, '../../..');

async function memoryCorpus(): Promise<Corpus> {
  const host = memoryFileHost({
    '/c/bib.json': JSON.stringify([
      { id: 'news2008', title: 'Moscow expands', author: [{ family: 'Writer', given: 'A.' }], issued: { 'date-parts': [[2008]], circa: true }, file: 'news.txt' },
      { id: 'web2023', title: 'Bases in Kyrgyzstan', issued: { 'date-parts': [[2023, 5]] }, file: 'web.txt' },
      { id: 'journal2025', title: 'Security policies', author: [{ family: 'Scholar', given: 'C.' }], issued: { 'date-parts': [[2025, 3, 27]] }, file: 'journal.txt' },
    ]),
    '/c/news.txt': [
      'The "further expansion of military-technical cooperation" was high on the agenda earlier this month when President Dmitry Medvedev met with his Tajik counterpart, Emomali Rahmon, in St. Petersburg.',
      '',
      'The document was first signed in November 2006 and has already been approved by the Tajik parliament.',
      '',
      'And Uzbekistan, which closed a U.S. military base on its territory in 2005, recently allowed its reuse by NATO forces involved in Afghanistan.',
      '',
      'The air base in Kant hosts some 400 personnel and is equipped with Su-25 aircraft. The base was established in 2003.',
    ].join('\n'),
    '/c/web.txt': [
      'Russian and Kyrgyz leaders discussed bilateral relations by holding a phone call in April 2023.',
      '',
      'In 2019, Bishkek and Moscow agreed to expand the borders of the Russian base in Kyrgyzstan.',
      '',
      'Last week the defence ministers of both countries inspected the Kant air base together, officials said.',
    ].join('\n'),
    '/c/journal.txt': [
      'The inaugural US-Central Asia Summit took place in New York on September 23, 2023, focusing on sovereignty and trade.',
      '',
      'US Secretary of State Anthony Blinken also made trips to Kazakhstan and Uzbekistan in the beginning of last year and revealed a boost in economic resilience funding.',
      '',
      'The withdrawal of US troops from Afghanistan in 2021 has heightened the risk of terrorism spreading to Central Asia.',
      '',
      'In 2019, Bishkek and Moscow agreed to expand the borders of the Russian base in Kyrgyzstan, according to officials.',
      '',
      'The meeting of the secretaries of the regional security councils held in May last year concluded that security must be prioritised.',
    ].join('\n'),
  });
  return loadCorpus(['/c/bib.json'], host);
}

/** The sample corpus that ships with the project (loaded once). */
let sampleCorpusPromise: Promise<Corpus> | undefined;
function sampleCorpus(): Promise<Corpus> {
  sampleCorpusPromise ??= (async () => loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost))();
  return sampleCorpusPromise;
}

/** A corpus of one source: its CSL-JSON entry (without `file`) and its text. */
async function oneSourceCorpus(entry: Record<string, unknown>, text: string): Promise<Corpus> {
  const host = memoryFileHost({ '/one/bib.json': JSON.stringify([{ ...entry, file: 'source.txt' }]), '/one/source.txt': text });
  return loadCorpus(['/one/bib.json'], host);
}

function dateFindings(corpus: Corpus, text: string): Finding[] {
  return findDateProblems(parseBrief(text), corpus);
}

function applyPreferred(text: string, f: Finding): string {
  const fix = f.fixes.find((x) => x.preferred) ?? f.fixes[0];
  assert.ok(fix, `a fix is offered for: ${f.message}`);
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}


/** `wrong` gets one misdated-claim, whose preferred fix writes `fixed`, which gets no date finding. */
function assertMisdatedFix(corpus: Corpus, wrong: string, fixed: string): Finding {
  const found = dateFindings(corpus, wrong);
  assert.deepEqual(found.map((f) => f.code), ['misdated-claim'], wrong);
  assert.equal(applyPreferred(wrong, found[0]), fixed);
  assert.deepEqual(dateFindings(corpus, fixed).map((f) => f.message), [], fixed);
  return found[0];
}

test('misdated-claim: a different date for the same event is flagged; the fix edits only the differing part', async () => {
  const corpus = await memoryCorpus();
  const cases: [string, string, string][] = [
    ['Putin and Japarov spoke by phone in March 2023 to discuss bilateral relations [@web2023].', 'March', 'April'],
    ['The document was first signed in November 2007 and has been approved by the Tajik parliament [@news2008].', '2007', '2006'],
    ['The document was first signed in December 2006 and has been approved by the Tajik parliament [@news2008].', 'December', 'November'],
    ['In 2018 Bishkek and Moscow agreed to expand the borders of the Russian base in Kyrgyzstan [@web2023].', '2018', '2019'],
    ['The inaugural US–Central Asia Summit was held in New York on 23 September 2022 [@journal2025].', '2022', '2023'],
    ['The inaugural US–Central Asia Summit was held in New York in September 2022 [@journal2025].', '2022', '2023'],
    ['The Kant air base was established in 2004 [@news2008].', '2004', '2003'],
    // A relative date of the source, resolved against its publication date (27 March 2025 → 2024).
    ['Blinken visited Kazakhstan and Uzbekistan in 2023 and boosted economic resilience funding [@journal2025].', '2023', '2024'],
    // "Trips" are visits; the relative date is inside the clause, not opening the sentence.
    ['During visits to Kazakhstan and Uzbekistan in early 2023, Blinken revealed a boost in economic resilience funding [@journal2025].', '2023', '2024'],
    // "Earlier this month" in an article of c. 2008 is 2008: a date of its own, not a vague "recently" that excuses any.
    ['In 2007 President Dmitry Medvedev met his Tajik counterpart, Emomali Rahmon, in St. Petersburg [@news2008].', '2007', '2008'],
    // "in May last year": the source gives the year only by reference, the month is not in question.
    ['The secretaries of the regional security councils met in May 2023 and concluded that security must be prioritised [@journal2025].', '2023', '2024'],
    ['The secretaries of the regional security councils met on 12 May 2023 and concluded that security must be prioritised [@journal2025].', '2023', '2024'],
  ];
  for (const [text, oldPart, newPart] of cases) {
    const findings = dateFindings(corpus, text + '\n');
    assert.deepEqual(findings.map((f) => f.code), ['misdated-claim'], `${text}: ${JSON.stringify(findings.map((f) => f.message))}`);
    const f = findings[0];
    assert.equal(f.severity, 'warning');
    const i = text.indexOf(oldPart);
    assert.equal(applyPreferred(text + '\n', f), text.slice(0, i) + newPart + text.slice(i + oldPart.length) + '\n', text);
    assert.match(f.message, /brief: ".+" — (web2023|news2008|journal2025): ".+"/);
    assert.equal(f.evidence.length, 1);
    assert.equal(f.evidence[0].file, corpus.get(f.evidence[0].sourceKey)!.textPath);
  }
});

test('misdated-claim: the event\'s own sentence elsewhere in the source, pointing back ("The base was established in 2003."), outweighs a sentence about something else at the same place', async () => {
  const host = memoryFileHost({
    '/k/bib.json': JSON.stringify([{ id: 'kant2008', title: 'Moscow and Kant', issued: { 'date-parts': [[2008]], circa: true }, file: 'kant.txt' }]),
    '/k/kant.txt': [
      'Earlier this month, Russian media quoted the air force commander as saying Moscow will deploy more aircraft to its air base in Kant, outside the Kyrgyz capital, Bishkek.',
      '',
      'Officials in Bishkek declined to comment on the plans, and parliament has not discussed them.',
      '',
      'The air base in Kant hosts some 400 personnel and is equipped with Su-25 aircraft. The base was established in 2003. Sources at the base have denied reports of reinforcements.',
    ].join('\n'),
  });
  const corpus = await loadCorpus(['/k/bib.json'], host);
  // Right: not refuted by "Earlier this month" (2008), a statement about the base, not its opening.
  assert.deepEqual(dateFindings(corpus, '2003 — Russia opens an air base at Kant, outside the Kyrgyz capital, Bishkek [@kant2008].\n').map((f) => f.message), []);
  // Wrong: refuted by the base's own date, and fixed to it.
  const wrong = '2001 — Russia established its own air base at Kant, outside the Kyrgyz capital [@kant2008].\n';
  const findings = dateFindings(corpus, wrong);
  assert.deepEqual(findings.map((f) => f.code), ['misdated-claim']);
  assert.match(findings[0].message, /kant2008: "in 2003", in "The base was established in 2003\."/);
  assert.equal(applyPreferred(wrong, findings[0]), wrong.replace('2001', '2003'));
});

test('a clause the writer adds after a mid-sentence citation is not the source\'s: the cited clause is checked on its own', async () => {
  const corpus = await memoryCorpus();
  const wrong = 'Uzbekistan closed the US base on its territory in 2004 [@news2008], and Moscow has spent the years since making sure no rival presence of that size returns.';
  const findings = checkBrief(parseBrief(wrong + '\n'), corpus);
  assert.deepEqual(findings.map((f) => f.code), ['misdated-claim'], JSON.stringify(findings.map((f) => f.message)));
  assert.equal(applyPreferred(wrong + '\n', findings[0]), wrong.replace('2004', '2005') + '\n');
  // Right as cited: the writer's own clause after it does not make it unsupported.
  const right = wrong.replace('2004', '2005');
  assert.deepEqual(checkBrief(parseBrief(right + '\n'), corpus).map((f) => f.code), []);
});

test('misdated-claim: an opening date dates the main clause after a phrase set off from it, and a right one stays right (the sample corpus)', async () => {
  const corpus = await sampleCorpus();
  assertMisdatedFix(corpus, 'In 2018, during a Putin visit to Kyrgyzstan, Bishkek and Moscow agreed to expand the borders of the Russian base [@russia-kyrgyzstan-2023].\n', 'In 2019, during a Putin visit to Kyrgyzstan, Bishkek and Moscow agreed to expand the borders of the Russian base [@russia-kyrgyzstan-2023].\n');
});

test('misdated-claim: a year whose clause ends something ("1999 — The Tajik civil war ends") is refuted by the source\'s end of it ("until 1997"; the sample corpus)', async () => {
  const corpus = await sampleCorpus();
  assertMisdatedFix(corpus, '**1999** — The Tajik civil war ends; until then Russian troops had fought alongside Dushanbe against extremist groups [@talantbekova2024].\n', '**1997** — The Tajik civil war ends; until then Russian troops had fought alongside Dushanbe against extremist groups [@talantbekova2024].\n');
});

test('misdated-claim: an open-ended date ("until 2042") and a clause that borrows its neighbour\'s words do not hide the event\'s own date', async () => {
  const corpus = await oneSourceCorpus({ id: 'thesis2024', title: 'Bases', issued: { 'date-parts': [[2024]] } }, [
    'The Hissar depot was officially established in 2004, and in 2012 its lease was extended until 2042 (Kommersant 2017).',
    '',
    'Formally, Moscow does not pay Dushanbe for the lease of the depot, but it takes part in the modernization of the Tajik army.',
  ].join('\n'));
  for (const text of ['The Hissar depot was officially established in 2005 [@thesis2024].', '| Hissar depot | officially established in 2005 | [@thesis2024] |']) {
    const findings = dateFindings(corpus, text + '\n');
    assert.deepEqual(findings.map((f) => f.code), ['misdated-claim'], text);
    assert.equal(applyPreferred(text + '\n', findings[0]), text.replace('2005', '2004') + '\n');
  }
  // A table row dating both events rightly but the term's end wrongly: only the end is flagged.
  const row = '| Hissar depot | formally established in 2004; lease extended in 2012 until 2040 | [@thesis2024] |\n';
  assert.deepEqual(dateFindings(corpus, row).map((f) => /brief: "(\d+)"/.exec(f.message)?.[1]), ['2040']);
  // The year of the neighbouring clause's event (the extension), given to the establishment.
  const neighbour = 'The Hissar depot was officially established in 2012, and its lease now runs until 2042 [@thesis2024].\n';
  assertMisdatedFix(corpus, neighbour, neighbour.replace('2012', '2004'));
  for (const text of [
    'In 2012 the lease of the Hissar depot was extended until 2042 [@thesis2024].',
    'The lease of the Hissar depot now runs until 2042 [@thesis2024].',
    'The Hissar depot was officially established in 2004 [@thesis2024].',
    // 2042 is after the source's publication, but the source names it ("until 2042"): not an anachronism.
    'The lease of the Hissar depot runs to 2042 [@thesis2024].',
  ]) {
    assert.deepEqual(dateFindings(corpus, text + '\n').map((f) => f.message), [], text);
  }
});

test('misdated-claim: the end of a term named by its event ("until the end of the civil war in 1999") is refuted by the source\'s end ("until 1997")', async () => {
  const corpus = await oneSourceCorpus({ id: 'thesis2024', title: 'Bases', issued: { 'date-parts': [[2024]] } }, [
    'After the Tajik army failed to control the facility, an agreement was signed between Dushanbe and Moscow that until the end of the civil war in Tajikistan until 1997, the Russian military participated in battles against extremist groups.',
    '',
    'Trade between the two countries grew steadily, and remittances from migrant workers remain a large share of the economy.',
  ].join('\n'));
  const wrong = 'Russian troops fought extremist groups in Tajikistan until the end of the civil war in 1999 [@thesis2024].\n';
  assertMisdatedFix(corpus, wrong, wrong.replace('1999', '1997'));
});

test('misdated-claim: a "when" clause after a date says what happened then ("back to 1995, when the four states joined …")', async () => {
  const corpus = await oneSourceCorpus({ id: 'nato2024', title: 'NATO in the steppe', issued: { 'date-parts': [[2024]] } }, [
    'The short-lived strengthening began in the region in 1994, when Kyrgyzstan, Kazakhstan, Uzbekistan and Tajikistan became members of the Partnership for Peace. Cooperation faded after 2005.',
    '',
    'Trade between the republics grew steadily, and remittances from migrant workers remain a large share of the economy.',
  ].join('\n'));
  const wrong = 'Cooperation in the region goes back to 1995, when Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan joined the Partnership for Peace [@nato2024].\n';
  assertMisdatedFix(corpus, wrong, wrong.replace('1995', '1994'));
  assert.deepEqual(dateFindings(corpus, wrong.replace('1995', '1994')).map((f) => f.message), []);
});

test('misdated-claim: a date relative to the publication is the counterpart only of its own event; a table cell\'s date is not read with the next figure\'s words', async () => {
  const corpus = await oneSourceCorpus({ id: 'rfe2008', title: 'Moscow expands', issued: { 'date-parts': [[2008]], circa: true } }, [
    'Earlier this month, Russian media quoted the air force commander as saying that Moscow would send more personnel and equipment, including aircraft, to its air base in Kant, near Bishkek.',
    '',
    'The air base in Kant hosts some 400 personnel and is reportedly equipped with Su-25 aircraft. The base was established in 2003. Sources at the base have denied reports that additional reinforcements will be sent.',
    '',
    'Trade between the two countries grew steadily, and remittances from migrant workers remain a large share of the economy.',
  ].join('\n'));
  const cell = '| Kant air base (Kyrgyzstan) | established 2001; some 400 personnel | [@rfe2008] |\n';
  const found = assertMisdatedFix(corpus, cell, cell.replace('2001', '2003'));
  assert.match(found.message, /"in 2003"/);
});

test('misdated-claim: a reference\'s access date ("Date of Accession: 09.05.2023") dates no event', async () => {
  const corpus = await oneSourceCorpus({ id: 'kg2023', title: 'Russia and Kyrgyzstan', issued: { 'date-parts': [[2023, 5]] } }, [
    'Russian President Vladimir Putin met Kyrgyz President Sadyr Japarov in Moscow to discuss bilateral relations.[3]',
    '',
    'In 2019, Bishkek and Moscow agreed to expand the borders of the Russian base in Kyrgyzstan.[4] Innovations regarding the use of the base came into force.',
    '',
    '[3] “Russian, Kyrgyz Presidents Discuss Bilateral Relations During Putin Visit”, Anadolu Agency, https://www.example.org/en/2868265, (Date of Accession: 09.05.2023).',
    '[4] “Bishkek, Moscow Agree to Expand Russian Base in Kyrgyzstan”, RFERL, https://www.example.org/a/29847265.html, (Date of Accession: 09.05.2023).',
  ].join('\n'));
  // The access dates rivalled the agreement's date as counterparts of the visit's year.
  const wrong = 'In 2018, during a visit by President Putin to Kyrgyzstan, Bishkek and Moscow agreed to expand the boundaries of the Russian base there [@kg2023].\n';
  assertMisdatedFix(corpus, wrong, wrong.replace('2018', '2019'));
});

test('misdated-claim: a vague relative date ("last week" in an article of c. 2008) dates its own event, not every date it spans', async () => {
  const corpus = await oneSourceCorpus({ id: 'rfe2008', title: 'Moscow expands', issued: { 'date-parts': [[2008]], circa: true } }, [
    'And last week, the Russian State Duma, the lower house of parliament, ratified an agreement with Tajikistan on the mutual use of military forces. The document was first signed in November 2006 and has already been approved by the Tajik parliament.',
  ].join('\n'));
  const wrong = 'In 2008 the State Duma ratified an agreement with Tajikistan on the mutual use of military forces that had first been signed in November 2007 [@rfe2008].';
  const findings = dateFindings(corpus, wrong + '\n');
  assert.deepEqual(findings.map((f) => f.code), ['misdated-claim'], JSON.stringify(findings.map((f) => f.message)));
  assert.equal(applyPreferred(wrong + '\n', findings[0]), wrong.replace('2007', '2006') + '\n');
  // "last week" (c. 2008) does date the ratification.
  assert.deepEqual(dateFindings(corpus, wrong.replace('2007', '2006') + '\n').map((f) => f.message), []);
  // The ratification dated to the signing: the date agrees only with a sentence about something
  // else, and "last week" (c. 2008) lies clearly apart. The fix is the article's year.
  const ratified = 'The State Duma ratified the agreement with Tajikistan on the mutual use of military forces in November 2006 [@rfe2008].\n';
  const signing = dateFindings(corpus, ratified);
  assert.deepEqual(signing.map((f) => f.code), ['misdated-claim']);
  assert.match(signing[0].message, /"last week" \(2008, counted from its publication c\. 2008\)/);
  assert.equal(applyPreferred(ratified, signing[0]), ratified.replace('November 2006', '2008'));
  // "Last week" in an article of c. 2008 is in 2008 (it leaves the year only if the article came
  // out in its first week): the ratification dated to 2007 is refuted, and "the 2006 agreement"
  // names the agreement, which the signing dates.
  const ratified2007 = 'In 2007 the State Duma ratified the agreement with Tajikistan on the mutual use of military forces [@rfe2008].\n';
  assertMisdatedFix(corpus, ratified2007, ratified2007.replace('2007', '2008'));
  assert.deepEqual(dateFindings(corpus, 'That same year the State Duma ratified the 2006 agreement with Tajikistan on the mutual use of military forces [@rfe2008].\n').map((f) => f.message), []);
  // The signing's date in a relative clause of a sentence about the ratification: "last week"
  // is about the ratification, so it neither excuses nor rivals.
  const signed = 'The State Duma also ratified an agreement with Tajikistan on the mutual use of military forces that had first been signed in November 2007 [@rfe2008].\n';
  assertMisdatedFix(corpus, signed, signed.replace('2007', '2006'));
  // A sentence whose own words are in the agreeing date's sentence ("signed") is not refuted.
  assert.deepEqual(dateFindings(corpus, '| Agreement with Tajikistan on the mutual use of military forces | signed November 2006; ratified by the Duma in 2008 | [@rfe2008] |\n').map((f) => f.message), []);
  // The ratification rightly dated, with a clause that shares more words with the signing's
  // sentence ("approved by the Tajik parliament"): the date's own clause is about "last week".
  assert.deepEqual(dateFindings(corpus, 'The Duma ratified it in 2008, after the Tajik parliament had already approved it [@rfe2008].\n').map((f) => f.message), []);
  assert.deepEqual(dateFindings(corpus, 'The Duma ratified it in 2010, after the Tajik parliament had already approved it [@rfe2008].\n').map((f) => f.code), ['misdated-claim']);
});

test('misdated-claim: "last week … ratified" does not excuse the date of the signing in a clause of its own (the sample corpus)', async () => {
  const corpus = await sampleCorpus();
  const participle = 'The article adds that the State Duma had just ratified an agreement with Tajikistan on the mutual use of military forces, first signed in November 2007 [@najibullah2008].\n';
  assertMisdatedFix(corpus, participle, participle.replace('2007', '2006'));
});

test('misdated-claim: a sentence going on with the event of the dated one before it ("During the meetings the leaders announced …") is dated by it', async () => {
  const corpus = await oneSourceCorpus({ id: 'kg2023', title: 'Russia and Kyrgyzstan', issued: { 'date-parts': [[2023, 5]] } }, [
    'As a matter of fact, on May 8, 2023, Russian President Vladimir Putin and Kyrgyz President Sadyr Japarov came together before the Victory celebrations. During the meetings the leaders announced that they would develop their military facilities in Kyrgyzstan, an ally of Moscow.',
    '',
    'Trade between the two countries grew steadily, and remittances from migrant workers remain a large share of the economy.',
  ].join('\n'));
  assertMisdatedFix(corpus, 'Putin and Japarov met on 9 May 2023 and announced that they would develop Russian military facilities in Kyrgyzstan [@kg2023].\n', 'Putin and Japarov met on 8 May 2023 and announced that they would develop Russian military facilities in Kyrgyzstan [@kg2023].\n');
});

test('misdated-claim: an agreeing date whose sentence shares the claim\'s words settles it, whatever a relative date says of a neighbouring sentence', async () => {
  const corpus = await oneSourceCorpus({ id: 'rfe2008', title: 'Moscow expands', issued: { 'date-parts': [[2008]], circa: true } }, [
    'Earlier this month, Russian media quoted the air force commander as saying Moscow will deploy more personnel and aircraft to its air base in Kant, outside Bishkek.',
    '',
    'The air base in Kant hosts some 400 personnel and Su-25 aircraft. The base was established in 2003.',
  ].join('\n'));
  assert.deepEqual(dateFindings(corpus, 'The Kant air base was set up in 2003 and hosts some 400 Russian personnel [@rfe2008].\n').map((f) => f.message), []);
});

test('misdated-claim: a sentence dating two events the source tells apart is judged clause by clause', async () => {
  const corpus = await oneSourceCorpus({ id: 'kg2023', title: 'Russia and Kyrgyzstan', issued: { 'date-parts': [[2023, 5]] } }, [
    'As a matter of fact, on May 8, 2023, Russian President Vladimir Putin and Kyrgyz President Sadyr Japarov came together before the Victory celebrations and declared that they would develop the Russian military facilities in Kyrgyzstan, including the Kant air base, the naval test site at Issyk-Kul and the seismic station in Mailuu-Suu.',
    '',
    'Trade between the two countries grew steadily, and remittances from migrant workers remain a large share of the economy.',
    '',
    'Bishkek and Moscow came to the fore with the joint military exercise they held in February 2023, within the scope of the CSTO.',
    '',
    'And last week, the Russian State Duma ratified an agreement with Kyrgyzstan on the mutual use of airfields. The document was first signed in November 2021 and has already been approved by the Kyrgyz parliament.',
  ].join('\n'));
  const wrong = 'Bishkek and Moscow held a joint CSTO military exercise in March 2023, and on 8 May 2023, before the Victory celebrations, Putin and Japarov declared that they would develop Russian military facilities in Kyrgyzstan: the Kant air base, the naval test site at Issyk-Kul and the seismic station in Mailuu-Suu [@kg2023].';
  const findings = dateFindings(corpus, wrong + '\n');
  assert.deepEqual(findings.map((f) => f.code), ['misdated-claim'], JSON.stringify(findings.map((f) => f.message)));
  assert.match(findings[0].message, /February 2023/);
  assert.equal(applyPreferred(wrong + '\n', findings[0]), wrong.replace('March', 'February') + '\n');
  assert.deepEqual(dateFindings(corpus, wrong.replace('March', 'February') + '\n').map((f) => f.message), []);
  // A clause that matches a dated sentence only loosely is not refuted by it: the Duma's
  // ratification ("last week") is not the signing of November 2021.
  const loose = 'The Kyrgyz parliament had already approved the agreement by the time the Russian State Duma ratified it in 2023; the deal had first been signed in November 2021 [@kg2023].';
  assert.deepEqual(dateFindings(corpus, loose + '\n').map((f) => f.message), []);
});

test('misdated-claim: an end date against the source\'s ("until 2024" for "until 2042"), with a fix, beside the sentence\'s other dates', async () => {
  const corpus = await oneSourceCorpus({ id: 'thesis2024', title: 'Military strategy', issued: { 'date-parts': [[2024]] } }, 'The 201st base was officially established in 2004, and in 2012 its lease was extended until 2042. Formally, Moscow does not pay for the lease.\n');
  const wrong = 'In 2012 the lease on the 201st base was extended until 2024 [@thesis2024].';
  const findings = dateFindings(corpus, wrong + '\n');
  assert.deepEqual(findings.map((f) => f.code), ['misdated-claim'], JSON.stringify(findings.map((f) => f.message)));
  assert.equal(applyPreferred(wrong + '\n', findings[0]), wrong.replace('2024', '2042') + '\n');
  assert.deepEqual(dateFindings(corpus, wrong.replace('2024', '2042') + '\n').map((f) => f.message), []);
  // "extended to 2042" is the same end, not a date of the extension.
  assert.deepEqual(dateFindings(corpus, 'The 201st base was officially established in 2004 and its lease has been extended to 2042 [@thesis2024].\n').map((f) => f.message), []);
});

test('misdated-claim: an end of a term is refuted only by another end, not by the date of an event in the passage (the sample corpus)', async () => {
  const corpus = await sampleCorpus();
  const row = '| ongoing | Balkhash 9 Radio Technical Node, Sary Shagan Proving Ground and Baikonur Cosmodrome used by Russia, under agreements running to 2050–2060 | [@talantbekova2024] |\n';
  assert.deepEqual(dateFindings(corpus, row).map((f) => f.message), []);
});

test('misdated-claim: a year naming a text ("The 2023 analysis lists …") is not an event\'s date (the sample corpus)', async () => {
  const corpus = await sampleCorpus();
  const listed = 'The 2023 analysis lists four Russian facilities in Kyrgyzstan: a Kant air base of the CSTO Collective Rapid Reaction Forces, a naval facility on Issyk-Kul, a seismological centre at Mailuu-Suu and a communications centre at Chaldybar [@russia-kyrgyzstan-2023].\n';
  assert.deepEqual(dateFindings(corpus, listed).map((f) => f.message), []);
});

test('misdated-claim: a recency word in a clause about something else (a footnote\'s title) does not excuse a date the source gives explicitly', async () => {
  const corpus = await oneSourceCorpus({ id: 'ref2023', title: 'Bases in Kyrgyzstan', issued: { 'date-parts': [[2023, 5]] } }, [
    'In 2019, Bishkek and Moscow agreed to expand the borders of the Russian base in Kyrgyzstan when Putin came.[4]',
    '',
    'Kyrgyzstan also hosts a Russian naval test site on Lake Issyk-Kul.',
    '',
    '[4] “Bishkek, Moscow Agree to Expand Russian Base in Kyrgyzstan”, RFERL, https://www.rferl.org/a/russian-military-base-in-kyrgyzstan-under-focus-at-putin-jeenbekov-talks/29847265.html, (Date of Accession: 09.05.2023).',
    '[5] İbid.',
    '[6] “Russian Military Bases in Tajikistan and Kyrgyzstan to Receive More Than 70 Pieces of Weapons This Year”, Asia Plus, (Date of Accession: 09.05.2023).',
  ].join('\n'));
  const text = 'It dates Bishkek and Moscow\'s agreement to expand the borders of the Russian base to 2021, during a visit by Putin to Kyrgyzstan [@ref2023].\n';
  const found = assertMisdatedFix(corpus, text, text.replace('2021', '2019'));
  assert.match(found.message, /brief: "2021" — ref2023: "In 2019"/);
});

test('misdated-claim: a relative date opening the source\'s sentence ("And last week, the Duma … ratified") excuses a date it agrees with, and does not hide the explicit date of the next sentence', async () => {
  const corpus = await oneSourceCorpus({ id: 'wire2008', title: 'Moscow and Dushanbe', issued: { 'date-parts': [[2008]], circa: true } }, [
    'And last week, the Russian State Duma, the lower house of parliament, ratified an agreement with Tajikistan on the mutual use of military forces. The document was first signed in November 2006 and has already been approved by the Tajik parliament.',
  ].join('\n'));
  for (const ok of [
    '**2008** — The State Duma ratifies the agreement with Tajikistan, which the Tajik parliament has already approved [@wire2008].',
    'In 2008 the State Duma ratified the agreement with Tajikistan, which the Tajik parliament had already approved [@wire2008].',
  ]) {
    assert.deepEqual(dateFindings(corpus, ok + '\n').map((f) => f.message), [], ok);
  }
  const signed = 'That same year the Duma ratified an agreement with Tajikistan on the mutual use of military forces that had first been signed in November 2005 and approved by the Tajik parliament [@wire2008].\n';
  assertMisdatedFix(corpus, signed, signed.replace('November 2005', 'November 2006'));
});

test('misdated-claim: a span of years shifted against the source\'s span is flagged (overlapping is not agreeing); a year within the span is not', async () => {
  const corpus = await oneSourceCorpus({ id: 'budget2024', title: 'War budget', issued: { 'date-parts': [[2024]] } }, [
    'If in 2019-2020, the state allocated only 14-16% of the budget to defence, this year these figures have more than doubled.',
    '',
    'The ministry reorganised its procurement agency between 2015 and 2017.',
  ].join('\n'));
  for (const [wrong, fixed] of [
    ['In 2018–2019 the state allocated only 14–16% of the budget to defence [@budget2024].', 'In 2019–2020 the state allocated only 14–16% of the budget to defence [@budget2024].'],
    ['The ministry reorganised its procurement agency between 2016 and 2018 [@budget2024].', 'The ministry reorganised its procurement agency between 2015 and 2017 [@budget2024].'],
  ]) {
    assertMisdatedFix(corpus, wrong + '\n', fixed + '\n');
  }
  for (const ok of ['The ministry reorganised its procurement agency in 2016 [@budget2024].']) {
    assert.deepEqual(dateFindings(corpus, ok + '\n').map((f) => f.message), [], ok);
  }
});

test('misdated-claim: "formally" established is "officially" established, so the claim word the next sentence\'s "Formally, …" shares does not veto the date', async () => {
  const corpus = await sampleCorpus();
  const wrong = 'The 201st base in Tajikistan was formally set up in 2005, and in 2012 its lease was extended until 2042 [@talantbekova2024].\n';
  assertMisdatedFix(corpus, wrong, wrong.replace('2005', '2004'));
});

test('misdated-claim: the date heading a timeline entry dates its sentence', async () => {
  const corpus = await memoryCorpus();
  const wrong = '- **March 2023.** Russian and Kyrgyz leaders discussed bilateral relations by holding a phone call [@web2023].\n';
  assertMisdatedFix(corpus, wrong, wrong.replace('March', 'April'));
});

test('misdated-claim: reformatted dates, relative dates, vague recency and context dates are not flagged', async () => {
  const corpus = await memoryCorpus();
  const ok = [
    'Putin and Japarov spoke by phone in April 2023 to discuss bilateral relations [@web2023].',
    'The inaugural US–Central Asia Summit was held in New York on 23 September 2023 [@journal2025].',
    'The inaugural US–Central Asia Summit was held in New York on Sept. 23, 2023 [@journal2025].',
    'The inaugural US–Central Asia Summit was held in New York in 2023 [@journal2025].',
    // "earlier this month" in an article of c. 2008.
    'In 2008 President Dmitry Medvedev met Tajikistan\'s Emomali Rahmon in St Petersburg, where military-technical cooperation was high on the agenda [@news2008].',
    // "recently" in that article: the 2005 date belongs to the closing of the base, not to the reuse.
    'In 2008 Uzbekistan allowed NATO forces involved in Afghanistan to reuse a former U.S. base on its territory [@news2008].',
    // "in the beginning of last year" in a March 2025 article.
    'In early 2024 Blinken visited Kazakhstan and Uzbekistan and boosted economic resilience funding [@journal2025].',
    // "Last week" in an article of May 2023 (day unknown): late April to May 2023.
    'In May 2023 the defence ministers of Russia and Kyrgyzstan inspected the Kant air base together [@web2023].',
    // Dates inside quotations and years that are part of a name are not the claim's dates.
    'The ministers called the base "a Kant project started in 2010" after their phone call [@web2023].',
    // No cited source: nothing to compare.
    'The Kant air base was established in 2004.',
    // A claim with two dates, each matching its own event.
    'Uzbekistan closed the U.S. base on its territory in 2005, and the document was first signed in November 2006 [@news2008].',
  ];
  for (const text of ok) {
    assert.deepEqual(dateFindings(corpus, text + '\n').map((f) => `${f.code}: ${f.message}`), [], text);
  }
});

test('misdated-claim: a relative source date ("earlier this month") whose clause shares none of the claim clause\'s words does not refute it', async () => {
  // The sample article's best match for the place ("air base in Kant, outside the Kyrgyz capital,
  // Bishkek") is a sentence dated "Earlier this month" about another event (a deployment).
  const corpus = await sampleCorpus();
  const text = 'The air base at Kant, outside Bishkek, was established in 2003 [@najibullah2008].\n';
  assert.deepEqual(dateFindings(corpus, text).map((f) => f.message), []);
});

test('misdated-claim: a participle\'s clause is about the noun before it ("the secretaries, meeting in May 2023, concluded …")', async () => {
  // Widened forwards, the clause of "meeting in May 2023" would be what they concluded, which the
  // source's date does not share; its subject is before it.
  const corpus = await sampleCorpus();
  assertMisdatedFix(corpus, "The region's own security council secretaries, meeting in May 2023, concluded that security and sustainable development must come first [@zagdsuren2025].\n", "The region's own security council secretaries, meeting in May 2024, concluded that security and sustainable development must come first [@zagdsuren2025].\n");
});

test('anachronistic-citation: an event after the source\'s publication; the fix cites a source that covers it', async () => {
  const corpus = await memoryCorpus();
  const text = 'In 2019 Bishkek and Moscow agreed to expand the borders of the Russian base in Kyrgyzstan [@news2008].\n';
  const findings = dateFindings(corpus, text);
  assert.deepEqual(findings.map((f) => f.code), ['anachronistic-citation']);
  const f = findings[0];
  assert.match(f.message, /dates the event to 2019, but news2008 was published c\. 2008/);
  assert.equal(text.slice(f.start, f.end), 'news2008');
  const fixed = applyPreferred(text, f);
  assert.ok(/\[@(web2023|journal2025)\]/.test(fixed), fixed);
  assert.equal(f.evidence.length, 1);

  // The 2021 withdrawal cited to the May 2023 web article is fine; to the 2008 article it is not.
  assert.deepEqual(dateFindings(corpus, 'The 2021 US withdrawal from Afghanistan heightened the risk of terrorism in Central Asia [@web2023].\n').map((x) => x.code), []);
  const late = dateFindings(corpus, 'The 2021 US withdrawal from Afghanistan heightened the risk of terrorism in Central Asia [@news2008].\n');
  assert.deepEqual(late.map((x) => x.code), ['anachronistic-citation']);
  assert.equal(applyPreferred('The 2021 US withdrawal from Afghanistan heightened the risk of terrorism in Central Asia [@news2008].\n', late[0]), 'The 2021 US withdrawal from Afghanistan heightened the risk of terrorism in Central Asia [@journal2025].\n');
  // "after 2016" is an event date after 2008.
  assert.deepEqual(dateFindings(corpus, 'Moscow\'s interest in Kyrgyzstan grew after 2016 [@news2008].\n').map((x) => x.code), ['anachronistic-citation']);
  // An end date in the sentence ("until 2042") is not a forecast that excuses its other dates.
  const extended = dateFindings(corpus, 'The Kant air base was established in 2003, and in 2019 its lease was extended until 2042 [@news2008].\n');
  assert.deepEqual(extended.map((x) => x.code), ['anachronistic-citation'], JSON.stringify(extended.map((x) => x.message)));
  assert.match(extended[0].message, /2019/);
  assert.doesNotMatch(extended[0].message, /2042/);
  // Dated only as a span before a later date: still after the publication.
  assert.deepEqual(dateFindings(corpus, 'Less than two months before 24 February 2022, Bishkek and Moscow agreed to expand the borders of the Russian base in Kyrgyzstan [@news2008].\n').map((x) => x.code), ['anachronistic-citation']);
  // The event of a later month than a month-precise publication date.
  assert.deepEqual(dateFindings(corpus, 'The inaugural US–Central Asia Summit took place in New York in September 2023 [@web2023].\n').map((x) => x.code), ['anachronistic-citation']);
});

test('misdated-claim: a span of years that runs past the source\'s ("2010–2015" for "2010-2013") is misdated; one within it is not', async () => {
  const corpus = await sampleCorpus();
  const claim = (span: string) => `Talantbekova dates the upturn in Moscow's military interest in the region to ${span} [@talantbekova2024].\n`;
  assertMisdatedFix(corpus, claim('2010–2015'), claim('2010–2013'));
  assert.deepEqual(dateFindings(corpus, claim('2011–2012')).map((f) => f.message), []);
  // "Growth" is the source's "increased" (as "grew" is): the sentence is about the same event.
  // A vague date elsewhere ("in the 2000s") agreeing with the claim's does not outweigh the event's own precise one.
  const andijan = (date: string) => `NATO's partnership with Uzbekistan stalled after the Andijan events of ${date} [@talantbekova2024].\n`;
  assertMisdatedFix(corpus, andijan('May 2006'), andijan('May 2005'));
  const growth = (span: string) => `She dates the growth of Russian interest in the region as a military target to ${span} [@talantbekova2024].\n`;
  assertMisdatedFix(corpus, growth('2010–2014'), growth('2010–2013'));
});

test('misdated-claim: a vaguer date agreeing with the claim\'s elsewhere ("2023" in a reference) does not excuse a day the event\'s own sentence refutes', async () => {
  const corpus = await sampleCorpus();
  const claim = (day: string) => `The first US–Central Asia Summit met in New York on ${day} [@zagdsuren2025].\n`;
  assertMisdatedFix(corpus, claim('19 September 2023'), claim('23 September 2023'));
  assert.deepEqual(dateFindings(corpus, claim('23 September 2023')).map((f) => f.message), []);
});

test('misdated-claim: a short parenthesis in the source ("the city of Kant (Kyrgyzstan) hosted") does not cut the dated clause off from its verb', async () => {
  const corpus = await sampleCorpus();
  const claim = (year: string) => `Aviation at Kant goes back a long way: in ${year} the town hosted the Odessa military aviation school of pilots [@talantbekova2024].\n`;
  assertMisdatedFix(corpus, claim('1951'), claim('1941'));
  assert.deepEqual(dateFindings(corpus, claim('1941')).map((f) => f.message), []);
});

test('misdated-claim: a clause that only says an event happened ("…, took place in 2021") is dated with its subject, not by any event that "took place"', async () => {
  const corpus = await sampleCorpus();
  // (The source: "The withdrawal of US troops from Afghanistan in 2021 has heightened …"; its summit "took place … on September 23, 2023".)
  assert.deepEqual(dateFindings(corpus, 'The withdrawal of US troops from Afghanistan, which we dated to 2020, took place in 2021 [@zagdsuren2025].\n').map((f) => f.message), []);
});

test('misdated-claim: a day without a year ("on 5 November") is checked against the day the source gives its event ("on October 5 of that year")', async () => {
  const corpus = await sampleCorpus();
  const claim = (day: string) => `The new concept, approved in draft by the Russian Security Council on ${day}, replaced the concept adopted in December 1997 [@talantbekova2024].\n`;
  const found = dateFindings(corpus, claim('5 November'));
  assert.deepEqual(found.map((f) => f.code), ['misdated-claim']);
  assert.match(found[0].message, /"October 5"/);
  // The excerpt shows the source's sentence from the date's clause, not the one before it.
  assert.match(found[0].message, /approved by the Russian Security Council on October 5/);
  assert.equal(applyPreferred(claim('5 November'), found[0]), claim('5 October'));
  // The source's day in the brief's order ("October 5"), and no finding once it is right.
  const monthFirst = 'Putin\'s decree was dated January 10, and the draft had been approved by the Security Council on November 5 [@talantbekova2024].\n';
  const fixed = dateFindings(corpus, monthFirst);
  assert.deepEqual(fixed.map((f) => f.code), ['misdated-claim']);
  assert.equal(applyPreferred(monthFirst, fixed[0]), monthFirst.replace('November 5', 'October 5'));
  assert.deepEqual(dateFindings(corpus, claim('5 October')).map((f) => f.message), []);
  // A day that names something ("the 9 May celebrations") is not an event's date.
  assert.deepEqual(dateFindings(corpus, 'Putin and Japarov met before the 9 May Victory celebrations [@russia-kyrgyzstan-2023].\n').map((f) => f.message), []);
});

test('misdated-claim: a date\'s clause ends at "and" before another figure ("established in 2001 and hosts some 400 personnel"), and a date closing an item of a list is that item\'s', async () => {
  const corpus = await sampleCorpus();
  const kant = (year: string) => `In Kyrgyzstan, the Kant air base was established in ${year} and hosts some 400 personnel [@najibullah2008].\n`;
  assertMisdatedFix(corpus, kant('2001'), kant('2003'));
  assert.deepEqual(dateFindings(corpus, kant('2003')).map((f) => f.message), []);
  // (The exercise was in February 2023, the phone call in April 2023.)
  const row = (exercise: string) => `| Kyrgyz–Russian ties | joint CSTO exercise, ${exercise}; presidents' phone call, April 2023 | [@russia-kyrgyzstan-2023] |\n`;
  const table = (r: string) => `| Topic | Facts | Source |\n|---|---|---|\n${r}`;
  assert.deepEqual(dateFindings(corpus, table(row('February 2023'))).map((f) => f.message), []);
});

test('anachronistic-citation: the fix for a sentence dated by an opening phrase cites the later source that covers its main clause', async () => {
  const corpus = await sampleCorpus();
  const claim = (key: string) => `Since the full-scale invasion of Ukraine in February 2022, Russia's heavy losses have eroded Central Asian trust in its military [@${key}].\n`;
  const findings = dateFindings(corpus, claim('najibullah2008'));
  assert.deepEqual(findings.map((f) => f.code), ['anachronistic-citation']);
  assert.equal(applyPreferred(claim('najibullah2008'), findings[0]), claim('zagdsuren2025'));
  // A sentence whose first clause is its own statement, not a dating phrase, is judged whole.
  const stated = 'Consider the March 2024 Crocus City Hall massacre in Moscow, carried out by Tajik citizens and the Islamic State\'s Khorasan branch [@russia-kyrgyzstan-2023].\n';
  const crocus = dateFindings(corpus, stated);
  assert.deepEqual(crocus.map((f) => f.code), ['anachronistic-citation']);
  assert.equal(applyPreferred(stated, crocus[0]), stated.replace('russia-kyrgyzstan-2023', 'talantbekova2024'));
});

test('anachronistic-citation: a past event in its own clause of a sentence that looks ahead is still dated ("held in New York in September 2023, shows that Washington intends")', async () => {
  const corpus = await memoryCorpus();
  const text = 'The inaugural US–Central Asia Summit, held in New York in September 2023, shows that Washington intends to compete for influence [@web2023].\n';
  const found = dateFindings(corpus, text);
  assert.deepEqual(found.map((f) => f.code), ['anachronistic-citation']);
  assert.match(found[0].message, /September 2023/);
});

test('anachronistic-citation: a year after a possessive dates its event ("Putin\'s 2019 visit"); after a name it is a title or an author-year ("Strategy 2050", "Writer 2008")', async () => {
  const corpus = await memoryCorpus();
  for (const text of [
    "Putin's 2019 visit to Kyrgyzstan produced an agreement to expand the borders of the Russian base [@news2008].",
    "Moscow’s 2019 agreement with Bishkek to expand the borders of the Russian base fits the pattern [@news2008].",
  ]) {
    const found = dateFindings(corpus, text + '\n');
    assert.deepEqual(found.map((f) => f.code), ['anachronistic-citation'], text);
    assert.match(found[0].message, /dates the event to 2019/);
  }
  assert.deepEqual(dateFindings(corpus, 'Bishkek and Moscow agreed to expand the borders of the Russian base under Strategy 2050 [@news2008].\n').map((f) => f.code), []);
  assert.deepEqual(dateFindings(corpus, 'As Writer 2019 argues, Moscow expanded the Russian base in Kyrgyzstan [@news2008].\n').map((f) => f.code), []);
});

test('anachronistic-citation: events before or around publication, forecasts, end dates and multi-citations are fine', async () => {
  const corpus = await memoryCorpus();
  const ok = [
    'In 2008 President Dmitry Medvedev met Emomali Rahmon in St Petersburg [@news2008].',
    // c. 2008 widens to 2007–2009.
    'In 2009 Medvedev and Rahmon discussed military-technical cooperation [@news2008].',
    'The document was first signed in November 2006 [@news2008].',
    'By 2030 Russia is expected to expand the Kant air base [@news2008].',
    // A deadline inside an agreement of the time ("… to station a regiment by 2025").
    'The 2008 talks produced an agreement to station a second air regiment at Kant by 2025 [@news2008].',
    'Russia will expand the Kant air base, which it plans to finish in 2030, officials said [@news2008].',
    'Russia is expected to expand the Kant air base, doubling its runway in 2030 [@news2008].',
    'The base agreement runs until 2042 [@news2008].',
    'The base agreement was extended to 2042 [@news2008].',
    'In 2025 the Kant air base hosts about 400 personnel [@journal2025].',
    // One cited source published after the event covers it.
    'Uzbekistan closed the U.S. base in 2005, and in 2021 the US withdrew from Afghanistan [@news2008; @journal2025].',
  ];
  for (const text of ok) {
    assert.deepEqual(dateFindings(corpus, text + '\n').filter((f) => f.code === 'anachronistic-citation').map((f) => f.message), [], text);
  }
});

test('labelled samples: misdated and anachronistic claims are found with the labelled fix; ok claims get neither', async () => {
  await assertLabelledCodes(['misdated-claim', 'anachronistic-citation']);
});

test('misdated-claim: the cited source\'s own publication date ("in an article published in March 2025") is not a date of the events it tells', async () => {
  const corpus = await sampleCorpus();
  // zagdsuren2025 was published on 27 March 2025; its Blinken trips were "in the beginning of last year" (2024).
  assert.deepEqual(dateFindings(corpus, 'Zagdsuren and Densmaa date Blinken\'s trips to "the beginning of last year" in an article published in March 2025 [@zagdsuren2025].\n').map((f) => f.message), []);
  // The same date given to the trips themselves is still checked.
  assert.deepEqual(dateFindings(corpus, 'Blinken made trips to Kazakhstan and Uzbekistan in March 2025 [@zagdsuren2025].\n').map((f) => f.code), ['misdated-claim']);
});

test('misdated-claim: a source sentence whose subject points back ("The document was first signed in November 2006") dates the thing the sentence before told of, but not that sentence\'s own event', async () => {
  const corpus = await sampleCorpus();
  // najibullah2008: "And last week, the Russian State Duma … ratified an agreement with Tajikistan on
  // the mutual use of military forces. The document was first signed in November 2006 and …".
  const signed = (date: string) => `The Duma ratified the Russia–Tajikistan agreement on the mutual use of military forces, first signed in ${date} [@najibullah2008].\n`;
  assertMisdatedFix(corpus, signed('November 2007'), signed('November 2006'));
  assert.deepEqual(dateFindings(corpus, signed('November 2006')).map((f) => f.message), []);
  // The ratification is still the sentence before's ("last week", 2008), not the signing's.
  const ratified = (year: string) => `In ${year} the Russian State Duma ratified that agreement, which the Tajik parliament had already approved [@najibullah2008].\n`;
  assertMisdatedFix(corpus, ratified('2007'), ratified('2008'));
});
