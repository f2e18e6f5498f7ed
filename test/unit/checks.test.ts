// The claim checks (unsupported-claim, misquote, uncited-claim) on a small in-memory corpus,
// and the whole checker on the labelled samples and our own labelled fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCorpus, findBibliographies } from '../../server/src/corpus/corpus';
import type { Corpus } from '../../server/src/corpus/corpus';
import { memoryFileHost, nodeFileHost } from '../../server/src/corpus/fileHost';
import { parseBrief } from '../../server/src/brief/parse';
import { checkBrief, checkBriefInSlices } from '../../server/src/check/checkBrief';
import type { Finding } from '../../server/src/check/findings';
import { addContentTerms, assessSupport, canonicalTerm, claimProfile } from '../../server/src/check/support';
import { stem } from '../../server/src/corpus/text';
import { hasCheckableFact } from '../../server/src/check/uncitedClaims';
import { applyFix, evaluate } from '../../server/src/eval/score';
import type { Labels } from '../../server/src/eval/score';

const REPO = path.resolve(__dirname, '../../..');

const SOURCES: Record<string, string> = {
  smith2020: [
    'The Northern Dam on the Vara River was completed in 1998 after nine years of construction by a state company.',
    'It supplies electricity to 40,000 households in the valley and regulates spring floods downstream.',
    'Engineers described the turbines as “the most efficient in the region at the time of their installation.”',
    'Critics argued that the reservoir flooded several villages whose residents were never compensated.',
  ].join('\n\n'),
  jones2021: [
    'The Ministry of Water announced a new irrigation programme for the Lower Vara district, funded by a grant from the Asian Development Bank.',
    'Farmers in the district reported that yields of cotton doubled within three seasons of the new canals opening.',
    'The programme also trained local water user associations to maintain the canals without outside help.',
  ].join('\n\n'),
  lee2019: [
    'Fishing cooperatives on Lake Orun collapsed after the upstream diversion canal opened in 2004.',
    'One fisherman told the author that "the lake simply stopped giving fish" within two summers.',
    'The regional government later banned commercial fishing on the lake entirely.',
  ].join('\n\n'),
};

let corpusPromise: Promise<Corpus> | undefined;
function smallCorpus(): Promise<Corpus> {
  corpusPromise ??= (async () => {
    const files: Record<string, string> = {
      '/c/bib.json': JSON.stringify(
        Object.keys(SOURCES).map((id) => ({ id, type: 'article', title: `About ${id}`, author: [{ family: id.replace(/\d+$/, ''), given: 'A.' }], issued: { 'date-parts': [[Number(id.slice(-4))]] }, file: `${id}.txt` })),
      ),
    };
    for (const [k, v] of Object.entries(SOURCES)) files[`/c/${k}.txt`] = v;
    const host = memoryFileHost(files);
    return loadCorpus(await findBibliographies('/c', host), host);
  })();
  return corpusPromise;
}

async function check(markdown: string): Promise<{ text: string; findings: Finding[] }> {
  const corpus = await smallCorpus();
  return { text: markdown, findings: checkBrief(parseBrief(markdown), corpus) };
}

const codes = (fs: Finding[]) => fs.map((f) => f.code);

/** A checker over one in-memory source made of `paragraphs`: brief text → findings. */
async function checkerOver(key: string, year: number, paragraphs: string[]): Promise<(text: string) => Finding[]> {
  const host = memoryFileHost({
    '/one/bib.json': JSON.stringify([{ id: key, type: 'report', title: key, issued: { 'date-parts': [[year]] }, file: `${key}.txt` }]),
    [`/one/${key}.txt`]: paragraphs.join('\n\n'),
  });
  const corpus = await loadCorpus(['/one/bib.json'], host);
  return (text) => checkBrief(parseBrief(text), corpus);
}


// ---------------------------------------------------------------------------------------------
// support engine

test('support: "per cent" spelled out is the same notation as "%", not content the source lacks', async () => {
  const corpus = await repoCorpus();
  const coverage = (figure: string) => assessSupport(corpus, `In 2019-2020 the state allocated only ${figure} of the budget to the military.`, ['talantbekova2024']).citedCoverage;
  assert.ok(coverage('14–16%') > 0.55, String(coverage('14–16%')));
  assert.equal(coverage('14–16 per cent').toFixed(3), coverage('14–16%').toFixed(3));
  assert.equal(coverage('14–16 percent').toFixed(3), coverage('14–16%').toFixed(3));
});

test('support: a paraphrase is covered by its source far better than by the others', async () => {
  const corpus = await smallCorpus();
  const s = assessSupport(corpus, 'Cotton yields in the Lower Vara district doubled within three seasons.', ['jones2021']);
  assert.ok(s.citedCoverage > 0.6, String(s.citedCoverage));
  assert.ok(s.others.every((o) => o.coverage < 0.4), JSON.stringify(s.others.map((o) => [o.key, o.coverage])));
  const m = s.cited[0].match!;
  assert.equal(m.key, 'jones2021');
  assert.match(SOURCES.jones2021.slice(m.start, m.end), /yields of cotton doubled/);
});

test('support: attribution words and source authors do not count as content; numbers weigh little', async () => {
  const corpus = await smallCorpus();
  const p = claimProfile(corpus, 'Jones reports that cotton yields doubled in 2009.');
  const terms = p.terms.map((t) => t.term);
  assert.ok(!terms.includes('jon') && !terms.includes('jones') && !terms.includes('report'), terms.join(' '));
  const attributed = claimProfile(corpus, 'The capstone puts it plainly and concludes that cotton yields doubled.').terms.map((t) => t.term);
  assert.deepEqual(attributed.filter((t) => /^(capston|put|conclud)/.test(t)), [], attributed.join(' '));
  const year = p.terms.find((t) => t.term === '2009')!;
  const cotton = p.terms.find((t) => t.term === 'cotton')!;
  assert.ok(year.weight < cotton.weight);
});

// ---------------------------------------------------------------------------------------------
// unsupported-claim

test('support: words a paraphrase swaps for one another count as the same term', () => {
  const term = (w: string) => canonicalTerm(stem(w));
  for (const [a, b] of [
    ['economy', 'economic'], ['politics', 'political'], ['strategy', 'strategic'], ['historical', 'historic'],
    ['Moscow', 'Russia'], ['Kremlin', 'Russia'], ['neglect', 'disregard'], ['covered', 'encompass'],
    ['modernising', 'modernizing'], ['defence', 'defense'], ['formally', 'officially'],
    ['contract', 'agreement'], ['lease', 'contract'], ['mln', 'million'], ['annually', 'year'], ['yearly', 'annual'], ['trust', 'confidence'], ['took', 'take'], ['began', 'launch'],
    ['invasion', 'invaded'], ['decision', 'decided'], ['erosion', 'eroded'], ['growth', 'increased'], ['grew', 'rose'],
  ]) {
    assert.equal(term(a.toLowerCase()), term(b.toLowerCase()), `${a} ~ ${b}`);
  }
  for (const [a, b] of [['policy', 'police'], ['economy', 'ecology'], ['politics', 'polite'], ['vision', 'vied'], ['mission', 'mid']]) assert.notEqual(term(a), term(b), `${a} ≁ ${b}`);
  // The country, however written; not the pronoun.
  const terms = (text: string) => [...addContentTerms(text, new Set())];
  const usa = terms('American')[0];
  for (const text of ['the US base', 'the U.S. base', 'the United States base', 'the USA base']) assert.ok(terms(text).includes(usa), text);
  assert.ok(!terms('let us look at the base').includes(usa));
  for (const text of ['the U.S.–Central Asia summit', 'the US-Central Asia summit']) assert.ok(terms(text).includes(usa) && terms(text).includes(terms('Central')[0]), text);
});

test('uncited-claim: the part after a colon is a fact to cite though the writer\'s preamble dilutes the sentence; a label\'s colon ("**Rumour:**") is not a preamble', async () => {
  const corpus = await repoCorpus();
  const preamble = 'None of this debate about leases and rents is new, and the record predates the Soviet collapse: the town of Kant hosted the Odessa military aviation school of pilots from 1941, and the lease now runs until 2060.\n';
  const found = checkBrief(parseBrief(preamble), corpus);
  assert.deepEqual(codes(found), ['uncited-claim']);
  assert.match(found[0].message, /'talantbekova2024' supports it/);
  assert.equal(found[0].start, 0);
  for (const ok of [
    '**Rumour:** Since 1991, the Kremlin has treated Central Asia as its first military priority.',
    '**From:** Head of the Central Asia desk at the Ministry',
  ]) {
    assert.deepEqual(codes(checkBrief(parseBrief(ok + '\n'), corpus)), [], ok);
  }
});

test('uncited-claim: a short sentence its source words differently is still found', async () => {
  const run = await checkerOver('rfe2008', 2008, ['And Uzbekistan, which closed a U.S. military base on its territory in 2005, recently allowed its reuse by NATO forces involved in Afghanistan.\n']);
  const findings = run('Uzbekistan closed the American base on its territory in 2005.\n');
  assert.deepEqual(codes(findings), ['uncited-claim']);
  assert.equal(findings[0].fixes[0].title, "Cite 'rfe2008'");
  // About three fifths of its content in one sentence of the thesis ("in 2012 its lease was
  // extended until 2042"): a fact to cite.
  const lease = checkBrief(parseBrief('The lease on the 201st base was extended in 2012 and now runs until 2042.\n'), await repoCorpus());
  assert.deepEqual(lease.map((f) => [f.code, f.fixes[0]?.title]), [['uncited-claim', "Cite 'talantbekova2024'"]]);
  // As much in common, but only general words and the names every source uses: an opinion.
  assert.deepEqual(checkBrief(parseBrief('None of this makes Russia a spent force in Central Asia.\n'), await repoCorpus()).map((f) => f.message), []);
});

test('unsupported-claim: a sentence describing the cited work itself ("@key is the shortest of the four") is not a claim it must support; one reporting what it says is', async () => {
  const corpus = await repoCorpus();
  const findings = (text: string) => codes(checkBrief(parseBrief(text + '\n'), corpus));
  assert.deepEqual(findings('@najibullah2008 catches Moscow at the start of its re-engagement, and its evidence is mostly quotation from commentators rather than documents.'), []);
  assert.deepEqual(findings('@russia-kyrgyzstan-2023 is the shortest and most narrowly focused of the four.'), []);
  // Reported as what the source says: judged.
  assert.deepEqual(findings('@najibullah2008 reports that Tashkent has rejoined the CSTO and now hosts a Chinese naval squadron.'), ['unsupported-claim']);
  assert.deepEqual(findings('@russia-kyrgyzstan-2023 further notes that Kazakhstan permits its citizens to volunteer for the war in Ukraine.'), ['unsupported-claim']);
});

test('unsupported-claim: a source sentence that points back ("this military base Gansi") is about what the sentences before it name', async () => {
  // talantbekova2024 names Manas two sentences (and a passage) before "In total, this military base
  // Gansi cost the White House 14 million dollars bringing Bishkek … 45 million dollars every year".
  const corpus = await repoCorpus();
  const findings = (text: string) => codes(checkBrief(parseBrief(text), corpus));
  assert.deepEqual(findings('Talantbekova puts Manas at $45 million a year [@talantbekova2024].\n'), []);
  // The names before it lend it nothing they do not name: Baikonur's figure is another.
  assert.deepEqual(findings('Talantbekova puts Baikonur at $45 million a year [@talantbekova2024].\n'), ['number-mismatch']);
});

test('unsupported-claim: wrong source → names the supporting source, evidence and a replace-key fix', async () => {
  const md = 'Farmers reported that cotton yields doubled within three seasons [@smith2020].\n';
  const { text, findings } = await check(md);
  assert.deepEqual(codes(findings), ['unsupported-claim']);
  const f = findings[0];
  assert.match(f.message, /smith2020/);
  assert.match(f.message, /jones2021/);
  assert.equal(f.evidence[0].sourceKey, 'jones2021');
  assert.match(SOURCES.jones2021.slice(f.evidence[0].start, f.evidence[0].end), /cotton doubled/);
  const fix = f.fixes.find((x) => x.preferred)!;
  assert.equal(applyFix(text, fix), md.replace('smith2020', 'jones2021'));
});

test('unsupported-claim: the cited source supports part of the sentence → the preferred fix adds the other key', async () => {
  const md = 'The Northern Dam on the Vara River was completed in 1998, and cotton yields in the Lower Vara district doubled within three seasons of the new canals opening [@smith2020].\n';
  const { text, findings } = await check(md);
  const f = findings.find((x) => x.code === 'unsupported-claim');
  assert.ok(f, JSON.stringify(findings));
  const fix = f!.fixes.find((x) => x.preferred)!;
  assert.equal(applyFix(text, fix), md.replace('[@smith2020]', '[@smith2020; @jones2021]'));
});

test('unsupported-claim: invented content → flagged without a fix', async () => {
  const { findings } = await check('The dam was financed by a consortium of Norwegian pension funds and Swiss insurers [@smith2020].\n');
  assert.deepEqual(codes(findings), ['unsupported-claim']);
  assert.equal(findings[0].fixes.length, 0);
  assert.match(findings[0].message, /no corpus source clearly does/);
});

test('unknown-source in a group that already cites the suggested key: the fix removes the unknown item, not a second copy', async () => {
  for (const [brief, fixed] of [
    ['The Northern Dam on the Vara was completed in 1998 [@smith2020; @smyth2020].\n', 'The Northern Dam on the Vara was completed in 1998 [@smith2020].\n'],
    ['The Northern Dam on the Vara was completed in 1998 [@smyth2020; @smith2020].\n', 'The Northern Dam on the Vara was completed in 1998 [@smith2020].\n'],
    ['The Northern Dam on the Vara was completed in 1998 [see @jones2021; @smyth2020, p. 4; @smith2020].\n', 'The Northern Dam on the Vara was completed in 1998 [see @jones2021; @smith2020].\n'],
  ]) {
    const { text, findings } = await check(brief);
    const unknown = findings.filter((f) => f.code === 'unknown-source');
    assert.equal(unknown.length, 1, brief);
    const fix = unknown[0].fixes.find((f) => f.preferred)!;
    assert.equal(fix.title, "Remove '@smyth2020' ('smith2020' is already cited here)");
    assert.equal(applyFix(text, fix), fixed);
  }
  // Not cited yet: the key is replaced.
  const { text, findings } = await check('The Northern Dam on the Vara was completed in 1998 [@jones2021; @smyth2020].\n');
  const fix = findings.find((f) => f.code === 'unknown-source')!.fixes.find((f) => f.preferred)!;
  assert.equal(applyFix(text, fix), 'The Northern Dam on the Vara was completed in 1998 [@jones2021; @smith2020].\n');
});

test('unsupported-claim: the cited passage says the opposite of one word → flagged, naming both words, without a fix', async () => {
  const { text, findings } = await check('The regional government later allowed commercial fishing on Lake Orun [@lee2019].\n');
  assert.deepEqual(codes(findings), ['unsupported-claim']);
  assert.match(findings[0].message, /'lee2019' says the opposite: the sentence has "allowed" where the source has "banned"/);
  assert.equal(findings[0].fixes.length, 0);
  assert.match(findings[0].evidence[0].text, /banned commercial fishing/);
  assert.equal(text.slice(findings[0].start, findings[0].end), 'The regional government later allowed commercial fishing on Lake Orun [@lee2019].');
});

test('unsupported-claim: opposites in any inflection, judged on the passage sentence the claim is about; a place turned round gets a fix', async () => {
  const run = await checkerOver('field2022', 2022, [
    'The ministry has denied reports that the northern dam will be closed. But the regional governor has confirmed the closure of the old canal, saying repairs will take a year.',
    'The monitoring station stands in the southern town of Kara-Suu and reports to the ministry every week.',
    'The long repairs have eroded confidence in the old canal among farmers.',
  ]);
  // "denied" and "confirm" stem apart ("deni", "confirm"); the governor's "confirmed" is in the next sentence.
  const denied = run('The ministry confirmed reports that the northern dam will be closed [@field2022].\n');
  assert.deepEqual(codes(denied), ['unsupported-claim']);
  assert.match(denied[0].message, /the sentence has "confirmed" where the source has "denied"/);
  assert.equal(denied[0].fixes.length, 0);
  const place = 'The monitoring station stands in the northern town of Kara-Suu and reports to the ministry every week [@field2022].\n';
  const moved = run(place);
  assert.deepEqual(codes(moved), ['unsupported-claim']);
  const fix = moved[0].fixes.find((f) => f.preferred)!;
  assert.equal(fix.title, "Change 'northern' to 'southern', as in field2022");
  assert.equal(applyFix(place, fix), place.replace('northern', 'southern'));
  // Covered only in part (52%, below the support bar) and turned round: still the opposite.
  const part = run('The long repairs have strengthened confidence in the old canal among local water engineers [@field2022].\n');
  assert.deepEqual(codes(part), ['unsupported-claim']);
  assert.match(part[0].message, /"strengthened" where the source has "eroded"/);
  // "Refused to let" is the opposite of "permitting".
  const volunteers = await checkerOver('war2024', 2024, ['The states have now shown their support, with Kazakhstan permitting its citizens to join the war voluntarily.']);
  const refused = volunteers('Kazakhstan has refused to let its citizens join the war voluntarily [@war2024].\n');
  assert.deepEqual(codes(refused), ['unsupported-claim']);
  assert.match(refused[0].message, /the sentence has "refused" where the source has "permitting"/);
  assert.deepEqual(codes(volunteers('Kazakhstan has allowed its citizens to join the war voluntarily [@war2024].\n')), []);
  // "Backed" is the opposite of "opposed"; "fell" of "increased" (as "rose" and "grew" are "increased").
  const union = await checkerOver('union2008', 2008, ['While the idea to form a Central Asian union has received some acceptance, it is opposed by Uzbekistan.', 'According to the company, in 2023 it increased overall production of tanks seven times.']);
  const backed = union('The idea of a Central Asian union was backed by Uzbekistan [@union2008].\n');
  assert.deepEqual(codes(backed), ['unsupported-claim']);
  assert.match(backed[0].message, /the sentence has "backed" where the source has "opposed"/);
  const fell = union('According to the company, tank production fell in 2023 [@union2008].\n');
  assert.deepEqual(codes(fell), ['unsupported-claim']);
  assert.match(fell[0].message, /the sentence has "fell" where the source has "increased"/);
  assert.deepEqual(codes(union('According to the company, tank production rose sevenfold in 2023 [@union2008].\n')), []);
  const zelin = await checkerOver('air2008', 2008, ['Russian media quoted the air force commander as saying Moscow will deploy more aircraft to its air base in Kant.']);
  const withdraw = zelin('The air force commander said Moscow would withdraw aircraft from its air base in Kant [@air2008].\n');
  assert.deepEqual(codes(withdraw), ['unsupported-claim']);
  assert.match(withdraw[0].message, /the sentence has "withdraw" where the source has "deploy"/);
  // (The sample corpus: "Cooperation with Uzbekistan developed significantly … However, progress slowed considerably after … Andijan in May 2005".)
  const sample = await repoCorpus();
  const andijan = (text: string) => checkBrief(parseBrief(text), sample, { disabled: new Set(['uncited-claim']) });
  const deepened = andijan("Uzbekistan's cooperation with NATO deepened after the Andijan events of May 2005 [@talantbekova2024].\n");
  assert.deepEqual(codes(deepened), ['unsupported-claim']);
  assert.match(deepened[0].message, /the sentence has "deepened" where the source has "slowed"/);
  assert.deepEqual(codes(andijan("Uzbekistan's cooperation with NATO slowed after the Andijan events of May 2005 [@talantbekova2024].\n")), []);
  // "Pulled … back" is the opposite of "deployed" (zagdsuren2025: "the Taliban has deployed thousands of fighters to …").
  const pulled = andijan('To safeguard its neighbours, the Taliban has pulled thousands of fighters back from the northern border [@zagdsuren2025].\n');
  assert.deepEqual(codes(pulled), ['unsupported-claim']);
  assert.match(pulled[0].message, /the sentence has "pulled" where the source has "deployed"/);
  // The governor did confirm the canal's closure; a negated paraphrase of the denial is right too.
  assert.deepEqual(codes(run('The regional governor confirmed the closure of the old canal for a year of repairs [@field2022].\n')), []);
  assert.deepEqual(codes(run('The ministry did not confirm reports that the northern dam will be closed [@field2022].\n')), []);
});

test('unsupported-claim: an act given to someone the source has do the opposite, while another does it → flagged; the act of the one who did it is not', async () => {
  const run = await checkerOver('dam2021', 2021, [
    'Engineers at the dam have denied reports that the spillway will be rebuilt. But the regional governor, a former engineer, has confirmed the rebuilding of the spillway, saying work will start in spring.',
    'The reservoir supplies three towns with drinking water and irrigates the cotton fields of the lower valley.',
    'Fishing on the reservoir is licensed by the district council, which sets a quota every April.',
  ]);
  // The sentence shares more words with the governor's sentence, which has "confirmed" too: who confirmed is what is wrong.
  for (const wrong of [
    'Engineers at the dam confirmed that the spillway would be rebuilt, as did the regional governor [@dam2021].',
    'According to the survey, staff at the dam confirmed the rebuilding of the spillway [@dam2021].',
  ]) {
    const findings = run(wrong + '\n');
    assert.deepEqual(codes(findings), ['unsupported-claim'], wrong);
    assert.match(findings[0].message, /'dam2021' says the opposite: the sentence has "confirmed" where the source has "denied"/);
  }
  for (const ok of [
    'The regional governor confirmed that the spillway would be rebuilt, though engineers at the dam denied it [@dam2021].',
    'Engineers at the dam denied reports that the spillway would be rebuilt [@dam2021].',
    'The regional governor confirmed the rebuilding of the spillway [@dam2021].',
  ]) {
    assert.deepEqual(codes(run(ok + '\n')), [], ok);
  }
});

test('unsupported-claim: another country where the source names one, in the same place → flagged with the source\'s country as the fix', async () => {
  const run = await checkerOver('relay2019', 2019, [
    'The relay station near the Kazakh-Kyrgyz border sends seismic data to Almaty every hour for the Chinese weather service.',
    'Mongolian engineers built the second relay station on the plateau in 2011.',
  ]);
  const border = 'The relay station near the Uzbek–Kyrgyz border sends seismic data to Almaty every hour [@relay2019].\n';
  const found = run(border);
  assert.deepEqual(codes(found), ['unsupported-claim']);
  assert.match(found[0].message, /'relay2019' names another country here: the sentence has "Uzbek" where the source has "Kazakh"/);
  assert.match(found[0].evidence[0].text, /Kazakh-Kyrgyz border/);
  const fix = found[0].fixes.find((f) => f.preferred)!;
  assert.equal(fix.title, "Change 'Uzbek' to 'Kazakh', as in relay2019");
  assert.equal(applyFix(border, fix), border.replace('Uzbek', 'Kazakh'));
  // Another form of the same country is the same country; the fix keeps the sentence's form.
  const engineers = 'Japanese engineers built the second relay station on the plateau in 2011 [@relay2019].\n';
  const swapped = run(engineers);
  assert.deepEqual(codes(swapped), ['unsupported-claim']);
  assert.equal(applyFix(engineers, swapped[0].fixes.find((f) => f.preferred)!), engineers.replace('Japanese', 'Mongolian'));
  // Not flagged: the source's own countries in other forms; a country the source does not
  // mention in a place where it names none ("with Russian money" / "for the Chinese weather
  // service" share no neighbour); a sentence naming both countries.
  for (const ok of [
    'Engineers from Mongolia built the second relay station on the plateau in 2011 [@relay2019].',
    'The relay station near the border of Kazakhstan and Kyrgyzstan sends seismic data to Almaty every hour [@relay2019].',
    'The relay station near the Kazakh-Kyrgyz border, built with Russian money, sends seismic data to Almaty every hour [@relay2019].',
    'Mongolian engineers, not Japanese ones, built the second relay station on the plateau in 2011 [@relay2019].',
  ]) {
    assert.deepEqual(codes(run(ok + '\n')), [], ok);
  }
});

test('unsupported-claim: another organisation where the source says the same of one → flagged with the source\'s organisation as the fix', async () => {
  const run = await checkerOver('basin2022', 2022, [
    'The water ministries of the basin meet twice a year. Their most reliable channel for settling disputes over the river is the Interstate Commission for Water Coordination (ICWC), which sets the seasonal quotas.',
    'The Eurasian Development Bank lends to the basin states for new canals, and the Aral Sea Fund pays for the restoration of the delta wetlands.',
  ]);
  const wrong = 'The report calls the Eurasian Development Bank the most reliable channel for settling disputes over the river [@basin2022].\n';
  // (Also at the start of a sentence: "The" is not part of the name.)
  assert.deepEqual(codes(run('The Eurasian Development Bank is the most reliable channel for settling disputes over the river [@basin2022].\n')), ['unsupported-claim']);
  const found = run(wrong);
  assert.deepEqual(codes(found), ['unsupported-claim']);
  assert.match(found[0].message, /'basin2022' names another organisation here: the sentence has "Eurasian Development Bank" where the source has "Interstate Commission for Water Coordination"/);
  const fix = found[0].fixes.find((f) => f.preferred)!;
  assert.equal(applyFix(wrong, fix), wrong.replace('Eurasian Development Bank', 'Interstate Commission for Water Coordination'));
  // Not flagged: the source's own organisation by name or acronym; another organisation that the
  // window names too; an outlet's acronym that only attributes the statement.
  for (const ok of [
    'The report calls the Interstate Commission for Water Coordination the most reliable channel for settling disputes over the river [@basin2022].',
    'The report calls the ICWC the most reliable channel for settling disputes over the river [@basin2022].',
    'The Interstate Commission for Water Coordination is the most reliable channel for settling disputes over the river [@basin2022].',
    'The Eurasian Development Bank lends to the basin states for new canals [@basin2022].',
    'According to RFE, the most reliable channel for settling disputes over the river is the commission that sets the seasonal quotas [@basin2022].',
  ]) {
    assert.deepEqual(codes(run(ok + '\n')), [], ok);
  }
});

test('unsupported-claim: a favourable view given to those the source sets against its holders → flagged; the holders\' view and the contrast itself are not', async () => {
  const run = await checkerOver('stadium2023', 2023, [
    'Although the city council has welcomed the new stadium plan for the riverside, residents of the old quarter have a different view. Many fear the traffic and the noise it will bring to their streets.',
    'The stadium would seat 30,000 spectators and open in 2027.',
  ]);
  for (const wrong of [
    'Residents of the old quarter have welcomed the new stadium plan for the riverside [@stadium2023].',
    'The riverside stadium plan is popular with residents, the report finds [@stadium2023].',
  ]) {
    const found = run(wrong + '\n');
    assert.deepEqual(codes(found), ['unsupported-claim'], wrong);
    assert.match(found[0].message, /'stadium2023' gives that view to others: the sentence has "[Rr]esidents" where the source has "city council"/);
  }
  for (const ok of [
    'The city council has welcomed the new stadium plan for the riverside [@stadium2023].',
    'Residents of the old quarter are sceptical of the new stadium plan for the riverside [@stadium2023].',
    'The council welcomed the riverside stadium plan, but residents of the old quarter did not [@stadium2023].',
  ]) {
    assert.deepEqual(codes(run(ok + '\n')), [], ok);
  }
});

test('a table row: its cited sentence cell settles support though label cells draw it elsewhere; a score column is no figure of the next cell', async () => {
  const run = await checkerOver('alliances2025', 2025, [
    'The article examines alliance commitments and how the conflict between Russia and Ukraine has prompted these states to reassess their alliances.',
    'Faced with a hard choice, the three states may, like Uzbekistan, withdraw from the Collective Security Treaty Organization. More than 70 Russian military facilities remain in the region.',
  ]);
  const table = '| Dimension | Score | Assessment |\n|---|---|---|\n';
  const row = '| Alliance commitment | 2 | Uzbekistan has already withdrawn from the Collective Security Treaty Organization [@alliances2025] |\n';
  assert.deepEqual(codes(run(table + row)), []);
  // In the sample corpus the label cell draws the row to the abstract's "commitments to the
  // Collective Security Treaty Organization and … between Russia and Ukraine"; the cell itself is
  // what zagdsuren2025 supports ("like Uzbekistan, to withdraw from the Collective Security Treaty Organization").
  const sample = await repoCorpus();
  const sampleRow = '| Alliance commitment | 2 | Uzbekistan has already withdrawn from the CSTO [@zagdsuren2025] |\n';
  assert.deepEqual(codes(checkBrief(parseBrief(table + sampleRow), sample)), []);
  const score = '| Military footprint | 5 | Russian military facilities remain in the region in large numbers [@alliances2025] |\n';
  assert.deepEqual(codes(run(table + score)), []);
  // In a table of key numbers the next cell names what a figure counts: it is checked.
  const keyNumbers = '| Figure | What it counts | Source |\n|---|---|---|\n| 700 | Russian military facilities that remain in the region | [@alliances2025] |\n';
  assert.deepEqual(codes(run(keyNumbers)), ['number-mismatch']);
  // The sentence cell is still judged: one the source contradicts is flagged.
  const wrong = '| Alliance commitment | 2 | Uzbekistan has joined the Collective Security Treaty Organization again [@alliances2025] |\n';
  assert.deepEqual(codes(run(table + wrong)), ['unsupported-claim']);
});

test('unsupported-claim: a contrast turned round, an action the source says failed, "stop" for "continue" → flagged, naming both', async () => {
  const run = await checkerOver('audit2021', 2021, [
    'The audit found that it is the Ministry of Water, not the regional council, that finances the canal repairs in the district.',
    'The district police have struggled to contain the smuggling of fuel across the river since the new bridge opened.',
    'Farmers in the district are expected to continue relying on the old canal for the foreseeable future.',
    'Since 2019 the Transport Office pays for the upkeep of the ferry across the lake.',
  ]);
  const turned = run('The audit found that the regional council rather than the Ministry of Water finances the canal repairs in the district [@audit2021].\n');
  assert.deepEqual(codes(turned), ['unsupported-claim']);
  assert.match(turned[0].message, /'audit2021' has it the other way round: the sentence has "regional council rather than the Ministry of Water" where the source has "Ministry of Water, not the regional council"/);
  // The source names the rejected side alone for what the claim gives the other.
  const oneSided = run('The audit found that the harbour board, rather than the Transport Office, pays for the upkeep of the ferry across the lake [@audit2021].\n');
  assert.deepEqual(codes(oneSided), ['unsupported-claim']);
  assert.match(oneSided[0].message, /has it the other way round: the sentence has "harbour board, rather than the Transport Office" where the source has "Transport"/);
  const failed = run('The district police have largely contained the smuggling of fuel across the river since the new bridge opened [@audit2021].\n');
  assert.deepEqual(codes(failed), ['unsupported-claim']);
  assert.match(failed[0].message, /the sentence has "contained" where the source has "struggled to contain"/);
  const stop = run('Farmers in the district are expected to stop relying on the old canal within a few years [@audit2021].\n');
  assert.deepEqual(codes(stop), ['unsupported-claim']);
  assert.match(stop[0].message, /the sentence has "stop" where the source has "continue"/);
  // Of two sentences of the passage that share as many of the claim's words, the one with the
  // opposite counts ("hesitant … on the Russia-Ukraine conflict. However, … Kazakhstan permitting
  // its citizens to join the war voluntarily").
  const barred = checkBrief(parseBrief('Kazakhstan has barred its citizens from volunteering to fight in the Russia–Ukraine war [@zagdsuren2025].\n'), await repoCorpus());
  assert.deepEqual(codes(barred), ['unsupported-claim']);
  assert.match(barred[0].message, /the sentence has "barred" where the source has "permitting"/);
  for (const ok of [
    'The audit found that the Ministry of Water rather than the regional council finances the canal repairs in the district [@audit2021].',
    'The audit found that the Transport Office, rather than the harbour board, pays for the upkeep of the ferry across the lake [@audit2021].',
    'The district police have tried to contain the smuggling of fuel across the river since the new bridge opened [@audit2021].',
    'The district police have not contained the smuggling of fuel across the river since the new bridge opened [@audit2021].',
    'Farmers in the district are expected to keep relying on the old canal for the foreseeable future [@audit2021].',
  ]) {
    assert.deepEqual(codes(run(ok + '\n')), [], ok);
  }
});

test('unsupported-claim: a sentence denying what the source states as done → flagged, naming both; a denial the source shares, a plan or a "not … but" is not', async () => {
  const run = await checkerOver('survey2019', 2019, [
    'The province, which closed the old ferry crossing to freight in 2012, later allowed its reuse by relief convoys.',
    'The water board is a member of the basin commission and sends two delegates to each session.',
    'The governor threatened to close the northern checkpoint over unpaid tolls.',
    'The railway company did not electrify the southern line, citing the cost of new substations.',
  ]);
  const never = run('The province never closed the old ferry crossing to freight, which is why relief convoys could go on using it [@survey2019].\n');
  assert.deepEqual(codes(never), ['unsupported-claim']);
  assert.match(never[0].message, /'survey2019' states what the sentence denies: the sentence has "never closed" where the source has "closed"/);
  assert.match(never[0].evidence[0].text, /which closed the old ferry crossing/);
  const member = run('The water board is not a member of the basin commission, though it sends delegates to its sessions [@survey2019].\n');
  assert.deepEqual(codes(member), ['unsupported-claim']);
  assert.match(member[0].message, /"not a member" where the source has "member"/);
  for (const ok of [
    // The source states it (paraphrased) or denies it too; the source only reports a threat.
    'The province closed the old ferry crossing to freight in 2012 and later let relief convoys use it [@survey2019].',
    'The railway company has not electrified the southern line because of the cost of new substations [@survey2019].',
    'The governor did not close the northern checkpoint, though he threatened to if the tolls went unpaid [@survey2019].',
    // Not a denial: "not only", and a denial set against what did happen.
    'The water board is not only a member of the basin commission; it sends two delegates to each session [@survey2019].',
    // What the sentence denies is done to something else.
    'The province never closed its river ports to freight, only the old ferry crossing, which convoys later reused [@survey2019].',
    'The province did not close the old ferry crossing to freight until 2012, and later allowed relief convoys to reuse it [@survey2019].',
  ]) {
    assert.deepEqual(codes(run(ok + '\n')), [], ok);
  }
});

test('unsupported-claim: a sentence stating what the source denies → flagged, naming both; a denial the claim shares, one bounded in time, or a plan is not', async () => {
  const run = await checkerOver('audit2020', 2020, [
    'Formally, the ministry does not pay the villagers for the flooded land, but in practice it rebuilds their schools.',
    'The quarry company no longer pays the village council a fee for the gravel pits.',
  ]);
  const pays = run('The ministry pays the villagers a generous annual sum for the flooded land [@audit2020].\n');
  assert.deepEqual(codes(pays), ['unsupported-claim']);
  assert.match(pays[0].message, /'audit2020' denies what the sentence states: the sentence has "pays" where the source has "does not pay"/);
  assert.match(pays[0].evidence[0].text, /does not pay the villagers/);
  for (const ok of [
    // The claim denies it too, in other words.
    'Formally the ministry pays the villagers nothing for the flooded land; in practice it rebuilds their schools [@audit2020].',
    'The ministry does not pay the villagers for the flooded land [@audit2020].',
    // A plan is not the act; "no longer" leaves the past as it was.
    'The ministry plans to pay the villagers for the flooded land [@audit2020].',
    'The quarry company paid the village council a fee for the gravel pits in the 1990s [@audit2020].',
  ]) {
    assert.deepEqual(codes(run(ok + '\n')), [], ok);
  }
});

test('a table row describing its source (authors, journal initials, date, kind) is judged on its finding alone', async () => {
  const corpus = await repoCorpus();
  const table = (finding: string) => `| Source | Date | Kind | Main finding | |\n|---|---|---|---|---|\n| Zagdsuren and Densmaa, IJITSS | 27 March 2025 | Journal article | ${finding} | [@zagdsuren2025] |\n`;
  assert.deepEqual(codes(checkBrief(parseBrief(table("Losses in Ukraine have eroded trust in Russia's military; states turn to multi-vector diplomacy")), corpus)), []);
  assert.deepEqual(codes(checkBrief(parseBrief(table('Kazakhstan has built a naval base on the Caspian with Turkish money')), corpus)), ['unsupported-claim']);
});

test('a question states nothing to cite; a multi-citation with an unknown key is that key\'s fault only', async () => {
  const { findings } = await check(
    [
      '## Questions',
      '',
      '**Did the Northern Dam on the Vara River supply electricity to 40,000 households in the valley?**',
      '',
      'Farmers in the Lower Vara district reported that cotton yields doubled within three seasons of the new canals opening [@smith2020; @jonse2021].',
    ].join('\n') + '\n',
  );
  assert.deepEqual(codes(findings), ['unknown-source']);
  // With the unknown key left out, the source cited does not support it.
  assert.deepEqual(codes((await check('Farmers in the Lower Vara district reported that cotton yields doubled within three seasons of the new canals opening [@smith2020].\n')).findings), ['unsupported-claim']);
  // A statement of the same fact, uncited, is still flagged.
  assert.deepEqual(codes((await check('The Northern Dam on the Vara River supplies electricity to 40,000 households in the valley.\n')).findings), ['uncited-claim']);
});

test('no unsupported-claim when the opposite is negated, in both, or the same word is there', async () => {
  const { findings } = await check(
    [
      // A negation makes the opposite a paraphrase.
      'The regional government later did not allow commercial fishing on Lake Orun [@lee2019].',
      // The source's own word.
      'The regional government later banned all commercial fishing on Lake Orun [@lee2019].',
      // The sentence has both words.
      'Having allowed it before, the regional government later banned commercial fishing on Lake Orun [@lee2019].',
    ].join('\n\n') + '\n',
  );
  assert.deepEqual(codes(findings), []);
});

test('a word with the same opposite as the claim\'s is its synonym: "reduce" for "decrease" beside "expand" is no contradiction', async () => {
  const check1 = await checkerOver('rahim2008', 2008, [
    'After the attacks of 2001 the Central Asian republics were willing to expand their cooperation with the West and to decrease their dependency on Moscow.',
  ]);
  assert.deepEqual(codes(check1('After 2001 the Central Asian republics were willing to widen cooperation with the West and reduce their dependence on Moscow [@rahim2008].\n')), []);
  const turned = check1('After 2001 the Central Asian republics were willing to expand their cooperation with the West and to increase their dependency on Moscow [@rahim2008].\n');
  assert.deepEqual(codes(turned), ['unsupported-claim']);
  assert.match(turned[0].message, /the sentence has "increase" where the source has "decrease"/);
});

test('"now" says when, not what: a short sentence with it is judged on its other words (the sample corpus)', async () => {
  const corpus = await repoCorpus();
  const findings = (md: string) => codes(checkBrief(parseBrief(md), corpus));
  assert.deepEqual(findings('Its lease now runs until 2042 [@talantbekova2024].\n'), []);
  // …and does not keep a figure from being checked.
  assert.deepEqual(findings('Washington says US public and private investment in the region now exceeds $13 billion [@zagdsuren2025].\n'), ['number-mismatch']);
});

test('"confidence" and "trust" are one term, so "reinforced confidence" against "eroded trust" is the opposite (the sample corpus)', async () => {
  const corpus = await repoCorpus();
  const turned = checkBrief(parseBrief('Zagdsuren and Densmaa argue that Russia\'s performance in Ukraine has reinforced Central Asian confidence in the Russian military [@zagdsuren2025].\n'), corpus);
  assert.deepEqual(codes(turned), ['unsupported-claim']);
  assert.match(turned[0].message, /the sentence has "reinforced" where the source has "eroded"/);
  assert.deepEqual(codes(checkBrief(parseBrief('Russia\'s losses in Ukraine have eroded Central Asian confidence in the Russian military [@zagdsuren2025].\n'), corpus)), []);
});

test('no unsupported-claim for paraphrases, multi-source citations and unknown keys', async () => {
  const { findings } = await check(
    [
      'The Northern Dam on the Vara was finished in 1998 [@smith2020].',
      'The dam provides power to 40,000 homes in the valley [@smith2020].',
      'The Northern Dam was completed in 1998, and cotton yields in the Lower Vara district doubled within three seasons [@smith2020; @jones2021].',
      'Fishing on Lake Orun collapsed once the diversion canal opened [@nobody1999].',
    ].join(' ') + '\n',
  );
  assert.deepEqual(codes(findings), ['unknown-source']);
});

// ---------------------------------------------------------------------------------------------
// misquote

test('misquote: an altered word → range is the quote, the fix restores the source words exactly', async () => {
  const md = 'Engineers called the turbines "the most modern in the region at the time of their installation" [@smith2020].\n';
  const { text, findings } = await check(md);
  assert.deepEqual(codes(findings), ['misquote']);
  const f = findings[0];
  assert.equal(text.slice(f.start, f.end), 'the most modern in the region at the time of their installation');
  assert.match(f.message, /modern/);
  assert.match(f.message, /efficient/);
  assert.equal(applyFix(text, f.fixes.find((x) => x.preferred)!), md.replace('modern', 'efficient'));
});

test('misquote: of a headline and a sentence with the same words, the fix takes the one written in the quotation\'s case', async () => {
  const run = await checkerOver('ferry2018', 2018, [
    'Islanders Call the Ferry Their Most Dependable Link',
    'Fishermen on the outer islands say the ferry is their most dependable link to the mainland clinics.',
  ]);
  const md = 'One islander called the ferry their "most reliable link" to the clinics [@ferry2018].\n';
  const found = run(md);
  assert.deepEqual(codes(found), ['misquote']);
  assert.equal(applyFix(md, found[0].fixes.find((x) => x.preferred)!), md.replace('most reliable link', 'most dependable link'));
});

test('misquote: a synonym or another form of the word is another word in a quotation ("confidence" for "trust", "erode" for "eroded"); a spelling variant is not', async () => {
  const run = await checkerOver('survey2025', 2025, [
    'The losses have eroded trust in the army among the neighbouring states, and leaders now doubt it would come to their aid.',
    'Trade between the two countries grew steadily, and remittances from migrant workers remain a large share of the economy.',
  ]);
  const text = 'The survey says the losses "eroded confidence in the army among the neighbouring states" [@survey2025].\n';
  const found = run(text);
  assert.deepEqual(codes(found), ['misquote']);
  assert.equal(applyFix(text, found[0].fixes.find((f) => f.preferred)!), text.replace('confidence', 'trust'));
  const tense = 'The survey says the losses "erode trust in the army among the neighbouring states" [@survey2025].\n';
  const changed = run(tense);
  assert.deepEqual(codes(changed), ['misquote']);
  assert.equal(applyFix(tense, changed[0].fixes.find((f) => f.preferred)!), tense.replace('erode', 'eroded'));
  assert.deepEqual(codes(run('The survey says the losses "eroded trust in the army among the neighboring states" [@survey2025].\n')), []);
});

test('misquote: a dropped and a replaced word are both restored', async () => {
  const md = 'Smith quotes fishermen: "the lake stopped giving any fish" [@lee2019].\n';
  const { text, findings } = await check(md);
  const f = findings.find((x) => x.code === 'misquote')!;
  assert.ok(f, JSON.stringify(findings));
  assert.equal(applyFix(text, f.fixes[0]), md.replace('the lake stopped giving any fish', 'the lake simply stopped giving fish'));
});

test('misquote fixes keep the quote\'s words in place and do not cut the source\'s phrase short', async () => {
  const run = await checkerOver('decree2024', 2024, [
    'The decree of January 10 sets out national interests under conditions of "dynamic transformation of the system of international relations." It was widely discussed.',
    'An analyst said that "all their aid can\'t come close to the assistance the farmers get from the cooperative -- that is, the money they earn abroad."',
  ]);
  const fixed = (md: string) => {
    const f = run(md).find((x) => x.code === 'misquote');
    assert.ok(f, md);
    return applyFix(md, f!.fixes.find((x) => x.preferred)!);
  };
  // "can't" stays where it is; "compare with" becomes "come close to".
  const aid = 'The analyst said their aid "can\'t compare with the assistance the farmers get from the cooperative" [@decree2024].\n';
  assert.equal(fixed(aid), aid.replace('compare with', 'come close to'));
  // The quote's "international", dropped by the closest alignment ("… of the system"), is in
  // the source two words on: the fix quotes the phrase to its end.
  const decree = 'The decree speaks of "dynamic transformation of the international system" [@decree2024].\n';
  assert.equal(fixed(decree), decree.replace('the international system', 'the system of international relations'));
});

test('no misquote for typographic differences, ellipses and editorial insertions', async () => {
  const { findings } = await check(
    [
    'Engineers called the turbines “the most efficient in the region at the time of their installation” [@smith2020].',
    'Engineers called them "The most efficient in the region … at the time of their installation." [@smith2020]',
    'A fisherman said "the lake [Orun] simply stopped giving fish" [@lee2019].',
    'The turbines were "efficient" [@smith2020].',
    ].join(' ') + '\n',
  );
  assert.deepEqual(codes(findings), []);
});

test('misquote: a word that text extraction split in two ("signific ant") matches the whole word', async () => {
  const check = await checkerOver('pdf2025', 2025, ['The signific ant losses suffered by the army have eroded trust in its commanders among the allies.\n']);
  const run = (text: string) => check(text).filter((f) => f.code === 'misquote');
  assert.deepEqual(run('The authors write that "the significant losses suffered by the army have eroded trust in its commanders" [@pdf2025].\n'), []);
  // A real change next to it is still found, and the fix quotes the source.
  const changed = run('The authors write that "the significant losses suffered by the army have destroyed trust in its commanders" [@pdf2025].\n');
  assert.equal(changed.length, 1);
  assert.match(changed[0].message, /brief: "destroyed" — pdf2025: "eroded"/);
});

test('misquote: a short quoted term is flagged only when the cited source lacks it entirely', async () => {
  const { findings } = await check('The turbines were "revolutionary" [@smith2020]. The turbines were "most efficient" [@smith2020].\n');
  assert.deepEqual(codes(findings), ['misquote']);
  assert.match(findings[0].message, /revolutionary/);
  assert.deepEqual(findings[0].fixes, [], 'nothing of the source to put back');
  // One word of a short quote changed, the other the source's: the fix puts the source's word back.
  const changed = 'The dam also regulates the "spring storms" downstream [@smith2020].\n';
  const one = await check(changed);
  assert.deepEqual(codes(one.findings), ['misquote']);
  assert.match(one.findings[0].message, /brief: "storms" — smith2020: "floods"/);
  assert.equal(applyFix(one.text, one.findings[0].fixes.find((x) => x.preferred) ?? one.findings[0].fixes[0]), changed.replace('storms', 'floods'));
  // The word kept is a small one ("most effective" for "most efficient"): no phrase to restore.
  const small = await check('Engineers called the turbines the "most effective" in the region [@smith2020].\n');
  assert.deepEqual(small.findings.filter((f) => f.code === 'misquote').map((f) => f.fixes.length), [0]);
});

test('a quotation verbatim in another source than the cited one is a wrong attribution (unsupported-claim)', async () => {
  const md = 'Smith writes that "the lake simply stopped giving fish" [@smith2020].\n';
  const { text, findings } = await check(md);
  assert.deepEqual(codes(findings), ['unsupported-claim']);
  assert.match(findings[0].message, /lee2019/);
  assert.equal(applyFix(text, findings[0].fixes.find((x) => x.preferred)!), md.replace('smith2020', 'lee2019'));
});

// ---------------------------------------------------------------------------------------------
// uncited-claim

test('uncited-claim: a lead-in ending in a colon before a cited block quote is covered by its citation', async () => {
  const corpus = await repoCorpus();
  const lead = 'Defence Minister Sergei Shoigu framed the reforms this way:';
  const quoted = `# Notes\n\n${lead}\n\n> "Only by strengthening the key structural components of the Armed Forces is it possible to guarantee the military security of the state" [@talantbekova2024].\n`;
  const uncitedOn = (md: string) => checkBrief(parseBrief(md), corpus).filter((f) => f.code === 'uncited-claim').map((f) => md.slice(f.start, f.end));
  assert.deepEqual(uncitedOn(quoted), []);
  // The same sentence ending in a full stop is a fact of its own, to cite.
  assert.deepEqual(uncitedOn(quoted.replace('this way:', 'this way.')), [lead.replace(':', '.')]);
});

test('uncited-claim: a supported fact without citation → information, fix inserts [@key] before the final period', async () => {
  const md = '# Notes\n\nFishing cooperatives on Lake Orun collapsed after the diversion canal opened in 2004.\n';
  const { text, findings } = await check(md);
  assert.deepEqual(codes(findings), ['uncited-claim']);
  assert.equal(findings[0].severity, 'information');
  const fix = findings[0].fixes[0];
  assert.equal(fix.preferred, true);
  assert.equal(applyFix(text, fix), md.replace('in 2004.', 'in 2004 [@lee2019].'));
});

test('uncited-claim: a name or a title alone ("See also" entries, a "Topic:" line) is not a statement to cite; the fact itself, stated, is', async () => {
  const run = await checkerOver('treaty2019', 2019, [
    'The Collective Security Treaty Organization was founded by six former Soviet republics, and its rapid reaction force first deployed in Kazakhstan in January 2022.',
  ]);
  const md = '# Notes\n\nTopic: Collective Security Treaty Organization Deployments in Kazakhstan\n\n## See also\n\n- Collective Security Treaty Organization\n- 201st Military Base\n';
  assert.deepEqual(codes(run(md)), []);
  assert.deepEqual(codes(run('# Notes\n\n- The Collective Security Treaty Organization first deployed its rapid reaction force in Kazakhstan in January 2022.\n')), ['uncited-claim']);
});

test('uncited-claim: a fact followed by a short remark of the writer\'s is still a fact to cite', async () => {
  const corpus = await repoCorpus();
  const text = 'The air base at Kant was established in 2003, long after the Soviet collapse.\n';
  const findings = checkBrief(parseBrief(text), corpus);
  assert.deepEqual(codes(findings), ['uncited-claim']);
  assert.equal(applyFix(text, findings[0].fixes.find((f) => f.preferred)!), text.replace('collapse.', 'collapse [@najibullah2008].'));
  // A long clause after the comma is part of what the sentence says, not a remark to set aside.
  assert.deepEqual(codes(checkBrief(parseBrief('The air base at Kant was established in 2003, long after the Soviet collapse had reshaped every alliance and rivalry in the region.\n'), corpus)), []);
});

test('uncited-claim: a fact around a relative clause of the writer\'s set off by commas is still a fact to cite', async () => {
  const corpus = await repoCorpus();
  const text = 'The Kant air base, which a cargo firm\'s pilots describe as busy and noisy in every season, was established in 2003.\n';
  const findings = checkBrief(parseBrief(text), corpus);
  assert.deepEqual(codes(findings), ['uncited-claim']);
  assert.equal(applyFix(text, findings[0].fixes.find((f) => f.preferred)!), text.replace('2003.', '2003 [@najibullah2008].'));
  // The clause is the sentence's point when nothing else is left to state.
  assert.deepEqual(codes(checkBrief(parseBrief('Kant, which pilots describe as noisy, is busy.\n'), corpus)), []);
});

test('uncited-claim: a sentence whose footnote cites a source is cited; editing the footnote re-checks it', async () => {
  const fact = 'Fishing cooperatives on Lake Orun collapsed after the diversion canal opened in 2004.';
  const withNote = (note: string) => `${fact}[^1] The district recovered slowly.\n\n[^1]: ${note}\n`;
  assert.deepEqual(codes((await check(withNote('As the fishermen told it [@lee2019].'))).findings), []);
  // The same sentence, its footnote now without a source: flagged (not the cached verdict).
  assert.deepEqual(codes((await check(withNote('As the fishermen told it.'))).findings), ['uncited-claim']);
  // A marker inside the sentence counts too; one opening the next sentence is the sentence before's.
  assert.deepEqual(codes((await check(`Fishing cooperatives on Lake Orun[^2] collapsed after the diversion canal opened in 2004.\n\n[^2]: See [@lee2019].\n`)).findings), []);
});

test('a sentence cited in a note is checked against the note\'s sources; fixes edit the note; the note\'s own findings are not repeated', async () => {
  const md = (note: string) => `The Northern Dam on the Vara River supplies electricity to 45,000 households in the valley.[^1]\n\n[^1]: ${note}\n`;
  const wrongFigure = await check(md('[@smith2020].'));
  assert.deepEqual(codes(wrongFigure.findings), ['number-mismatch']);
  const figure = wrongFigure.findings[0];
  assert.equal(wrongFigure.text.slice(figure.start, figure.end), '45,000');
  assert.equal(applyFix(wrongFigure.text, figure.fixes.find((f) => f.preferred)!), md('[@smith2020].').replace('45,000', '40,000'));
  // The note now cites another source: the sentence is judged again, and the fix edits the note.
  const wrongSource = await check(md('[@jones2021].'));
  assert.deepEqual(codes(wrongSource.findings), ['unsupported-claim']);
  assert.equal(applyFix(wrongSource.text, wrongSource.findings[0].fixes.find((f) => f.preferred)!), md('[@smith2020].'));
  // An unknown key in the note: one finding, on the key.
  const unknown = await check(md('[@smyth2020].'));
  assert.deepEqual(codes(unknown.findings), ['unknown-source']);
  assert.equal(unknown.text.slice(unknown.findings[0].start, unknown.findings[0].end), 'smyth2020');
  // A source published before the event: the sentence's date carries the finding.
  const late = await check('In 2024 the regional government lifted its ban on commercial fishing on Lake Orun.[^a]\n\n[^a]: [@lee2019].\n');
  const anachronism = late.findings.find((f) => f.code === 'anachronistic-citation');
  assert.ok(anachronism, JSON.stringify(late.findings));
  assert.equal(late.text.slice(anachronism.start, anachronism.end), '2024');
});

test('no uncited-claim for opinions, headings, weak support or sentences being cited', async () => {
  const { findings } = await check(
    [
    '# Fishing cooperatives on Lake Orun collapsed after the diversion canal opened in 2004',
    '',
    'This is a sobering story for planners everywhere. Planners should learn from Lake Orun and its neighbours.',
    'Fishing cooperatives on Lake Orun collapsed after the diversion canal opened in 2004 [@].',
    '',
    ].join('\n'),
  );
  assert.deepEqual(codes(findings), []);
});

test('uncited-claim: a bold line or lead heading cited prose, a bibliography entry and a recommendation without figures are not facts to cite', async () => {
  const fact = 'Fishing cooperatives on Lake Orun collapsed after the diversion canal opened in 2004.';
  const cited = 'One fisherman said "the lake simply stopped giving fish" within two summers [@lee2019].';
  // The same fact in bold is flagged when nothing after it is cited…
  assert.deepEqual(codes((await check(`**${fact}** The district recovered slowly.\n`)).findings), ['uncited-claim']);
  // …and not when it heads a cited sentence, as a lead or as a bold line of its own.
  assert.deepEqual(codes((await check(`**${fact}** ${cited}\n`)).findings), []);
  assert.deepEqual(codes((await check(`**${fact}**\n\n${cited}\n`)).findings), []);
  // An entry of an annotated reading list names a work; it does not state what the work says.
  for (const entry of ['Lee, A. (2019). "Fishing cooperatives on Lake Orun collapsed after the diversion canal opened in 2004." Water Papers.', '**Lee, A. and Park, J. (2019). Fishing cooperatives on Lake Orun collapsed after the diversion canal opened in 2004.**']) {
    assert.deepEqual(codes((await check(`${entry}\n\nA short history of the lake.\n`)).findings), [], entry);
  }
  // A sentence that merely opens with the author and year is prose.
  assert.deepEqual(codes((await check('Lee (2019) reports that fishing cooperatives on Lake Orun collapsed after the diversion canal opened in 2004.\n')).findings), ['uncited-claim']);
  // The writer's recommendation names the lake but states no fact; with a date it does.
  assert.deepEqual(codes((await check('Planners on Lake Orun should study how the fishing cooperatives collapsed after the diversion canal opened.\n')).findings), []);
  assert.deepEqual(codes((await check('Planners should note that fishing cooperatives on Lake Orun collapsed after the diversion canal opened in 2004.\n')).findings), ['uncited-claim']);
});

test('hasCheckableFact: figures, dates and names beyond the first word', () => {
  assert.equal(hasCheckableFact('The dam was finished in 1998.'), true);
  assert.equal(hasCheckableFact('Farmers in the Lower Vara district prospered.'), true);
  assert.equal(hasCheckableFact('Russia matters more than ever.'), false);
  assert.equal(hasCheckableFact('This is a sobering story for planners.'), false);
});

// ---------------------------------------------------------------------------------------------
// Whole checker on labelled briefs (copies in test/fixtures; never ../shared at run time).

async function repoCorpus(): Promise<Corpus> {
  return loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost);
}

function runLabels(file: string, corpus: Corpus) {
  const labels = JSON.parse(fs.readFileSync(file, 'utf8')) as Labels;
  return evaluate(labels, (f) => fs.readFileSync(path.resolve(path.dirname(file), f), 'utf8'), corpus);
}

const OUR_CODES = ['unknown-source', 'unsupported-claim', 'misquote', 'uncited-claim'];
const DATE_NUMBER_CODES = ['number-mismatch', 'misdated-claim', 'anachronistic-citation'];

for (const [name, rel, floor, overall = 0.9] of [
  ['samples', 'test/fixtures/samples/labels.json', 0.9],
  ['own fixtures', 'test/fixtures/briefs/labels.json', 0.9],
  // Written blind to the checker (each scored before any change made for it; see the README).
  ['holdout', 'test/fixtures/holdout/labels.json', 0.9],
  ['holdout 2', 'test/fixtures/holdout2/labels.json', 0.9],
  ['holdout 3', 'test/fixtures/holdout3/labels.json', 0.9],
  // Holdouts 4, 6, 7, 9, 10, 13, 14, 19, 21, 23–34 and 36–57 keep claims the checker does not see: their
  // floors guard against getting worse, not targets reached.
  ['holdout 4', 'test/fixtures/holdout4/labels.json', 0.85],
  ['holdout 5', 'test/fixtures/holdout5/labels.json', 0.9],
  ['holdout 6', 'test/fixtures/holdout6/labels.json', 0.85],
  ['holdout 7', 'test/fixtures/holdout7/labels.json', 0.85],
  ['holdout 8', 'test/fixtures/holdout8/labels.json', 0.9],
  ['holdout 9', 'test/fixtures/holdout9/labels.json', 0.85],
  ['holdout 10', 'test/fixtures/holdout10/labels.json', 0.78, 0.78],
  ['holdout 11', 'test/fixtures/holdout11/labels.json', 0.9],
  ['holdout 12', 'test/fixtures/holdout12/labels.json', 0.9],
  ['holdout 13', 'test/fixtures/holdout13/labels.json', 0.85, 0.85],
  ['holdout 14', 'test/fixtures/holdout14/labels.json', 0.85, 0.85],
  ['holdout 15', 'test/fixtures/holdout15/labels.json', 0.9],
  ['holdout 16', 'test/fixtures/holdout16/labels.json', 0.9],
  ['holdout 17', 'test/fixtures/holdout17/labels.json', 0.9],
  ['holdout 18', 'test/fixtures/holdout18/labels.json', 0.9],
  ['holdout 19', 'test/fixtures/holdout19/labels.json', 0.9, 0.85],
  ['holdout 20', 'test/fixtures/holdout20/labels.json', 0.9],
  ['holdout 21', 'test/fixtures/holdout21/labels.json', 0.85],
  ['holdout 22', 'test/fixtures/holdout22/labels.json', 0.9],
  ['holdout 23', 'test/fixtures/holdout23/labels.json', 0.85],
  ['holdout 24', 'test/fixtures/holdout24/labels.json', 0.8, 0.85],
  ['holdout 25', 'test/fixtures/holdout25/labels.json', 0.9],
  ['holdout 26', 'test/fixtures/holdout26/labels.json', 0.85, 0.85],
  ['holdout 27', 'test/fixtures/holdout27/labels.json', 0.85, 0.85],
  ['holdout 28', 'test/fixtures/holdout28/labels.json', 0.85],
  ['holdout 29', 'test/fixtures/holdout29/labels.json', 0.85],
  ['holdout 30', 'test/fixtures/holdout30/labels.json', 0.85],
  ['holdout 31', 'test/fixtures/holdout31/labels.json', 0.8, 0.85],
  ['holdout 32', 'test/fixtures/holdout32/labels.json', 0.85],
  ['holdout 33', 'test/fixtures/holdout33/labels.json', 0.85],
  ['holdout 34', 'test/fixtures/holdout34/labels.json', 0.85],
  ['holdout 35', 'test/fixtures/holdout35/labels.json', 0.9],
  ['holdout 36', 'test/fixtures/holdout36/labels.json', 0.85],
  ['holdout 37', 'test/fixtures/holdout37/labels.json', 0.9],
  ['holdout 38', 'test/fixtures/holdout38/labels.json', 0.9],
  ['holdout 39', 'test/fixtures/holdout39/labels.json', 0.9],
  ['holdout 40', 'test/fixtures/holdout40/labels.json', 0.9, 0.85],
  ['holdout 41', 'test/fixtures/holdout41/labels.json', 0.9],
  ['holdout 42', 'test/fixtures/holdout42/labels.json', 0.9],
  ['holdout 43', 'test/fixtures/holdout43/labels.json', 0.9],
  ['holdout 44', 'test/fixtures/holdout44/labels.json', 0.9, 0.85],
  ['holdout 45', 'test/fixtures/holdout45/labels.json', 0.85],
  ['holdout 46', 'test/fixtures/holdout46/labels.json', 0.85],
  ['holdout 47', 'test/fixtures/holdout47/labels.json', 0.9],
  ['holdout 48', 'test/fixtures/holdout48/labels.json', 0.8],
  ['holdout 49', 'test/fixtures/holdout49/labels.json', 0.85],
  ['holdout 50', 'test/fixtures/holdout50/labels.json', 0.85],
  ['holdout 51', 'test/fixtures/holdout51/labels.json', 0.85],
  ['holdout 52', 'test/fixtures/holdout52/labels.json', 0.8],
  ['holdout 53', 'test/fixtures/holdout53/labels.json', 0.85],
  ['holdout 54', 'test/fixtures/holdout54/labels.json', 0.85],
  ['holdout 55', 'test/fixtures/holdout55/labels.json', 0.85],
  ['holdout 56', 'test/fixtures/holdout56/labels.json', 0.85],
  ['holdout 57', 'test/fixtures/holdout57/labels.json', 0.85],
  ['holdout 58', 'test/fixtures/holdout58/labels.json', 0.9],
  ['holdout 59', 'test/fixtures/holdout59/labels.json', 0.85],
  ['holdout 60', 'test/fixtures/holdout60/labels.json', 0.85],
  ['holdout 61', 'test/fixtures/holdout61/labels.json', 0.85, 0.85],
  ['holdout 62', 'test/fixtures/holdout62/labels.json', 0.85],
  ['holdout 63', 'test/fixtures/holdout63/labels.json', 0.85],
  ['holdout 64', 'test/fixtures/holdout64/labels.json', 0.9],
  ['holdout 65', 'test/fixtures/holdout65/labels.json', 0.9],
  ['holdout 66', 'test/fixtures/holdout66/labels.json', 0.9],
  ['holdout 67', 'test/fixtures/holdout67/labels.json', 0.85, 0.85],
  ['holdout 68', 'test/fixtures/holdout68/labels.json', 0.9],
  ['holdout 69', 'test/fixtures/holdout69/labels.json', 0.9],
  ['holdout 70', 'test/fixtures/holdout70/labels.json', 0.9],
  ['holdout 71', 'test/fixtures/holdout71/labels.json', 0.9],
  ['holdout 72', 'test/fixtures/holdout72/labels.json', 0.9],
  ['holdout 73', 'test/fixtures/holdout73/labels.json', 0.85, 0.85],
  ['holdout 74', 'test/fixtures/holdout74/labels.json', 0.85, 0.85],
  ['holdout 75', 'test/fixtures/holdout75/labels.json', 0.9],
  ['holdout 76', 'test/fixtures/holdout76/labels.json', 0.9],
  ['holdout 77', 'test/fixtures/holdout77/labels.json', 0.9],
  ['holdout 78', 'test/fixtures/holdout78/labels.json', 0.9],
  ['holdout 79', 'test/fixtures/holdout79/labels.json', 0.9],
  ['holdout 80', 'test/fixtures/holdout80/labels.json', 0.9],
  ['holdout 81', 'test/fixtures/holdout81/labels.json', 0.9],
  ['holdout 82', 'test/fixtures/holdout82/labels.json', 0.9],
  ['holdout 83', 'test/fixtures/holdout83/labels.json', 0.9],
  ['holdout 84', 'test/fixtures/holdout84/labels.json', 0.9],
  ['holdout 85', 'test/fixtures/holdout85/labels.json', 0.9],
  ['holdout 86', 'test/fixtures/holdout86/labels.json', 0.9],
  ['holdout 87', 'test/fixtures/holdout87/labels.json', 0.9],
  ['holdout 88', 'test/fixtures/holdout88/labels.json', 0.9],
  ['holdout 89', 'test/fixtures/holdout89/labels.json', 0.9],
  ['holdout 90', 'test/fixtures/holdout90/labels.json', 0.9],
  ['holdout 91', 'test/fixtures/holdout91/labels.json', 0.8, 0.8],
  ['holdout 92', 'test/fixtures/holdout92/labels.json', 0.9],
  ['holdout 93', 'test/fixtures/holdout93/labels.json', 0.9],
  ['holdout 94', 'test/fixtures/holdout94/labels.json', 0.9],
  ['holdout 95', 'test/fixtures/holdout95/labels.json', 0.9],
  ['holdout 96', 'test/fixtures/holdout96/labels.json', 0.9],
  ['holdout 97', 'test/fixtures/holdout97/labels.json', 0.9],
  ['holdout 98', 'test/fixtures/holdout98/labels.json', 0.9],
  ['holdout 99', 'test/fixtures/holdout99/labels.json', 0.9],
  ['holdout 100', 'test/fixtures/holdout100/labels.json', 0.85, 0.85],
  ['holdout 101', 'test/fixtures/holdout101/labels.json', 0.9],
  ['holdout 102', 'test/fixtures/holdout102/labels.json', 0.9],
  ['holdout 103', 'test/fixtures/holdout103/labels.json', 0.85],
  ['holdout 104', 'test/fixtures/holdout104/labels.json', 0.85],
  ['holdout 105', 'test/fixtures/holdout105/labels.json', 0.9],
  ['holdout 106', 'test/fixtures/holdout106/labels.json', 0.9],
  ['holdout 107', 'test/fixtures/holdout107/labels.json', 0.9],
  ['holdout 108', 'test/fixtures/holdout108/labels.json', 0.9],
  ['holdout 109', 'test/fixtures/holdout109/labels.json', 0.85],
  ['holdout 110', 'test/fixtures/holdout110/labels.json', 0.9],
  ['holdout 111', 'test/fixtures/holdout111/labels.json', 0.9],
  ['holdout 112', 'test/fixtures/holdout112/labels.json', 0.9],
  ['holdout 113', 'test/fixtures/holdout113/labels.json', 0.9],
  ['holdout 114', 'test/fixtures/holdout114/labels.json', 0.9],
  ['holdout 115', 'test/fixtures/holdout115/labels.json', 0.9],
  ['holdout 116', 'test/fixtures/holdout116/labels.json', 0.9],
  ['holdout 117', 'test/fixtures/holdout117/labels.json', 0.9],
  ['holdout 118', 'test/fixtures/holdout118/labels.json', 0.9],
  ['holdout 119', 'test/fixtures/holdout119/labels.json', 0.9],
] as const) {
  test(`labelled ${name}: claim checks F1 ≥ ${floor}, false alarms ≤ 5 %, quick fixes ≥ 90 %`, async () => {
    const report = runLabels(path.join(REPO, rel), await repoCorpus());
    assert.ok(report.falseAlarms.rate <= 0.05, `false alarms ${report.falseAlarms.ids.join(', ')}`);
    const ours = report.codes.filter((c) => OUR_CODES.includes(c.code));
    const tp = ours.reduce((s, c) => s + c.tp, 0);
    const fp = ours.reduce((s, c) => s + c.fp, 0);
    const fn = ours.reduce((s, c) => s + c.fn, 0);
    const f1 = (2 * tp) / (2 * tp + fp + fn);
    assert.ok(f1 >= floor, `micro-F1 over ${OUR_CODES.join(', ')} = ${f1.toFixed(3)}`);
    const fixes = report.claims.filter((c) => c.fix && c.got.length && OUR_CODES.includes(c.label));
    const correct = fixes.filter((c) => c.fix!.ok).length;
    assert.ok(correct >= 0.9 * fixes.length, `fixes ${correct}/${fixes.length}: ${fixes.filter((c) => !c.fix!.ok).map((c) => c.id + ' ' + c.fix!.detail).join('; ')}`);
  });

  test(`labelled ${name}: overall micro-F1 ≥ ${overall} (all codes)`, async (t) => {
    const report = runLabels(path.join(REPO, rel), await repoCorpus());
    if (report.codes.filter((c) => DATE_NUMBER_CODES.includes(c.code)).every((c) => c.tp === 0)) {
    t.todo('number and date checks are not wired into checkBrief yet');
    return;
    }
    assert.ok(report.micro.f1 >= overall, `micro-F1 ${report.micro.f1.toFixed(3)}`);
    assert.ok(report.fixes.accuracy >= 0.9, `fix accuracy ${report.fixes.accuracy.toFixed(3)}`);
  });
}

test('a 3,000-word brief re-checks only the sentence edited, with the findings of a check from scratch', async () => {
  // (How fast is the benchmark's business; this is what makes a re-check cheap.)
  const corpus = await repoCorpus();
  const base = fs.readFileSync(path.join(REPO, 'test/fixtures/samples/briefs/sample-a.md'), 'utf8') + fs.readFileSync(path.join(REPO, 'test/fixtures/samples/briefs/sample-b.md'), 'utf8');
  let text = '';
  for (let i = 0; text.split(/\s+/).length < 3000; i++) text += base.replace(/\b(the region)\b/g, `the region ${i}`) + '\n\n';
  const checkedAnew: string[] = [];
  const counting = { get: () => undefined, set: (key: string) => void checkedAnew.push(key) };
  checkBrief(parseBrief(text), corpus, { store: counting });
  assert.ok(checkedAnew.length > 20, `${checkedAnew.length} claims checked`);
  checkedAnew.length = 0;
  const edited = text.replace('hardware.', 'hardware and habit.');
  const again = checkBrief(parseBrief(edited), corpus, { store: counting });
  assert.equal(checkedAnew.length, 1, 'one sentence changed, one checked');
  assert.ok(checkedAnew[0].includes('hardware and habit.'));
  assert.deepEqual(again, checkBrief(parseBrief(edited), await repoCorpus()));
});

test('a check in slices gives checkBrief\'s findings, hands control back between claims, and stops when cancelled', async () => {
  const text = fs.readFileSync(path.join(REPO, 'test/fixtures/samples/briefs/sample-b.md'), 'utf8');
  const whole = checkBrief(parseBrief(text), await repoCorpus());
  assert.ok(whole.length > 3);
  const brief = parseBrief(text);
  // A corpus of its own, so no claim is cached yet.
  let pauses = 0;
  const sliced = await checkBriefInSlices(brief, await repoCorpus(), { sliceMs: 0, pause: async () => void pauses++ });
  assert.deepEqual(sliced, whole);
  assert.ok(pauses >= brief.claims.length / 2, `${pauses} pauses for ${brief.claims.length} claims`);
  // Cancelled at the 15th pause (a claim pauses 5 times: between its checks and after it) of a
  // corpus past its first check (whose one-time work also pauses): nothing is returned; the next
  // check completes, the same, checking only the claims after the first three.
  const warmed = async () => {
    const c = await repoCorpus();
    await checkBriefInSlices(parseBrief(fs.readFileSync(path.join(REPO, 'test/fixtures/samples/briefs/sample-a.md'), 'utf8')), c, { sliceMs: 0, pause: async () => undefined });
    return c;
  };
  let full = 0;
  await checkBriefInSlices(brief, await warmed(), { sliceMs: 0, pause: async () => void full++ });
  const corpus = await warmed();
  const token = { isCancellationRequested: false };
  let seen = 0;
  const cancelled = await checkBriefInSlices(brief, corpus, { sliceMs: 0, token, pause: async () => void (++seen === 15 && (token.isCancellationRequested = true)) });
  assert.deepEqual(cancelled, []);
  assert.equal(seen, 15);
  let resumedPauses = 0;
  assert.deepEqual(await checkBriefInSlices(brief, corpus, { sliceMs: 0, pause: async () => void resumedPauses++ }), whole);
  assert.equal(resumedPauses, full - 15, 'the claims checked before the cancellation are not checked again');
});

test('unsupported-claim: "strengthened" is the opposite of a source\'s "doubts" or "waning", and "grown" of "eroded" (the sample corpus)', async () => {
  const corpus = await repoCorpus();
  const check = (text: string) => checkBrief(parseBrief(`# T\n\n${text}\n`), corpus).filter((f) => f.code === 'unsupported-claim');
  // zagdsuren2025: "This has led to doubts about Russia's role as a security guarantor in Central Asia."
  const doubts = check('The war in Ukraine strengthened Russia\'s role as a security guarantor in Central Asia [@zagdsuren2025].');
  assert.equal(doubts.length, 1);
  assert.match(doubts[0].message, /says the opposite: the sentence has "strengthened" where the source has "doubts"/);
  // "… Russia's waning military reputation post its actions in Ukraine …"
  assert.match(check('Russia\'s military reputation was strengthened by its actions in Ukraine [@zagdsuren2025].')[0]?.message ?? '', /"strengthened" where the source has "waning"/);
  // "The signific ant losses suffered by Russia in Ukraine have eroded trust in the Russian military among Central Asian countries."
  assert.match(check('Trust in the Russian military among Central Asian countries has grown since the losses in Ukraine [@zagdsuren2025].')[0]?.message ?? '', /"grown" where the source has "eroded"/);
  // Said the source's way, nothing.
  assert.deepEqual(check('The war in Ukraine has led to doubts about Russia\'s role as a security guarantor in Central Asia [@zagdsuren2025].'), []);
  assert.deepEqual(check('The losses suffered by Russia in Ukraine have eroded trust in the Russian military among Central Asian countries [@zagdsuren2025].'), []);
});

test('unsupported-claim: a denial\'s object is the same government by its country or its capital ("pays Tajikistan" against "does not pay Dushanbe")', async () => {
  const corpus = await repoCorpus();
  const check = (text: string) => checkBrief(parseBrief(`# T\n\n${text}\n`), corpus).filter((f) => f.code === 'unsupported-claim');
  // talantbekova2024: "Formally, Moscow does not pay Dushanbe for the lease of the base, …".
  const pays = check('According to Talantbekova, Russia pays Tajikistan an annual rent for the 201st base [@talantbekova2024].');
  assert.equal(pays.length, 1);
  assert.match(pays[0].message, /denies what the sentence states: the sentence has "pays" where the source has "does not pay"/);
  // Another country paid is not what the source denies.
  assert.deepEqual(check('According to Talantbekova, Russia pays Kazakhstan more than $140 million a year for the Baikonur Cosmodrome [@talantbekova2024].'), []);
});

test('unsupported-claim: a brief\'s acronym ("the CSTO") is the name its source spells out ("the Collective Security Treaty Organization")', async () => {
  const corpus = await repoCorpus();
  const check = (text: string) => checkBrief(parseBrief(`# T\n\n${text}\n`), corpus).filter((f) => f.code === 'unsupported-claim');
  // zagdsuren2025 never writes "CSTO": "… or, like Uzbekistan, to withdraw from the Collective Security Treaty Organization and distance themselves from Russia …".
  assert.deepEqual(check('Uzbekistan has already withdrawn from the CSTO [@zagdsuren2025].'), []);
  assert.deepEqual(check('Uzbekistan has already withdrawn from the Collective Security Treaty Organization [@zagdsuren2025].'), []);
  // Initials that name nothing the source spells out are still words it lacks.
  assert.equal(check('Uzbekistan has already withdrawn from the EAEU [@zagdsuren2025].').length, 1);
});
