import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findBibliographies, loadCorpus } from '../../server/src/corpus/corpus';
import type { Corpus } from '../../server/src/corpus/corpus';
import { memoryFileHost, nodeFileHost } from '../../server/src/corpus/fileHost';
import { parseBrief } from '../../server/src/brief/parse';
import { extractQuantities } from '../../server/src/brief/quantities';
import { checkBrief } from '../../server/src/check/checkBrief';
import { assertLabelledCodes } from './helpers/labelled';
import type { Finding } from '../../server/src/check/findings';
import { digitsTransposed, figuresAgree, findNumberMismatches } from '../../server/src/check/numbers';

const REPO = path.resolve(__dirname, '../../..');

async function memoryCorpus(): Promise<Corpus> {
  const host = memoryFileHost({
    '/c/bib.json': JSON.stringify([
      { id: 'rfe2008', title: 'Moscow expands', author: [{ family: 'Writer', given: 'A.' }], issued: { 'date-parts': [[2008]] }, file: 'rfe.txt' },
      { id: 'thesis2024', title: 'Russia in Central Asia', author: [{ family: 'Student', given: 'B.' }], issued: { 'date-parts': [[2024]] }, file: 'thesis.txt' },
      { id: 'other2021', title: 'Another estimate', author: [{ family: 'Analyst', given: 'C.' }], issued: { 'date-parts': [[2021]] }, file: 'other.txt' },
    ]),
    '/c/rfe.txt': [
      'With some 7,000 troops from the 201st Motorized Rifle Division, the military base in Tajikistan is the largest Russian deployment outside its borders.',
      '',
      'The air base in Kant hosts some 400 personnel and is equipped with Su-25 aircraft and Mi-8 helicopters. The base was established in 2003.',
      '',
      'China shares a border of more than 570 kilometers with Tajikistan, while the Manas base reportedly contributes $50 million to the Kyrgyz economy every year.',
      '',
      'Rainfall in the Fergana valley was unusually low, farmers in the region told reporters at the market.',
    ].join('\n'),
    '/c/thesis.txt': [
      'In addition, China has made a significant contribution to the defense sector in Kyrgyzstan by donating \\$16mln (Hoagland, Repass, Wolkov 2021, 6–10).',
      '',
      'Russia intends to spend 160 billion dollars on the military, which is 40% of the total state budget (Grozovski 2023).',
      '',
      'In total, the Manas base cost the White House 14 million dollars, bringing Kyrgyzstan 45 million dollars every year (NATO International 2014).',
      '',
      'According to Rostec, in 2023 it increased overall production of tanks 7 times, and military personnel has increased reaching 1.5 million.',
    ].join('\n'),
    '/c/other.txt': 'Officials estimate that the Manas base brings the Kyrgyz economy about 60 million dollars every year, more than any other foreign investor.\n',
  });
  return loadCorpus(['/c/bib.json'], host);
}

function numberFindings(corpus: Corpus, text: string): { findings: Finding[]; text: string } {
  const brief = parseBrief(text);
  return { findings: findNumberMismatches(brief, corpus), text };
}

function applyPreferred(text: string, f: Finding): string {
  const fix = f.fixes.find((x) => x.preferred) ?? f.fixes[0];
  assert.ok(fix, 'a fix is offered');
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** A corpus of one source, 'pact2019', with `text`. */
function pactCorpus(text: string): Promise<Corpus> {
  const host = memoryFileHost({
    '/t/bib.json': JSON.stringify([{ id: 'pact2019', title: 'The pact', issued: { 'date-parts': [[2019]] }, file: 'pact.txt' }]),
    '/t/pact.txt': text,
  });
  return loadCorpus(['/t/bib.json'], host);
}

test('number-mismatch: a provision numbered after its neighbour ("Article 4" for what Article 2 says) is flagged with the source\'s number; the right one, or one the source does not give, is not', async () => {
  const corpus = await pactCorpus('The pact has eleven articles. Article 1 bars the members from joining any hostile alliance, and Article 2 obliges them to consult on all regional security matters. Article 4 requires every other party to assist a member under attack, as set out in Article 51 of the Charter.\n');
  const text = 'Under Article 4 of the pact, the members must consult on all regional security matters [@pact2019].\n';
  const { findings } = numberFindings(corpus, text);
  assert.deepEqual(findings.map((f) => f.code), ['number-mismatch']);
  assert.match(findings[0].message, /brief: "Article 4" — pact2019: "Article 2", in "and Article 2 obliges them to consult/);
  assert.equal(applyPreferred(text, findings[0]), text.replace('Article 4', 'Article 2'));
  // Of the same document, though the rest of its sentence is worded apart.
  const charter = 'Every other party must assist a member under attack, as set out in Article 52 of the Charter [@pact2019].\n';
  const ofCharter = numberFindings(corpus, charter).findings;
  assert.deepEqual(ofCharter.map((f) => f.code), ['number-mismatch']);
  assert.equal(applyPreferred(charter, ofCharter[0]), charter.replace('Article 52', 'Article 51'));
  for (const ok of [
    'Article 4 requires every other party to assist a member under attack [@pact2019].',
    'Article 2 obliges the members to consult on all regional security matters [@pact2019].',
    // No article of the source says it: the number cannot be checked.
    'Article 9 sets the duration of the pact at twenty years [@pact2019].',
  ]) {
    assert.deepEqual(numberFindings(corpus, ok + '\n').findings.map((f) => f.message), [], ok);
  }
});

test('number-mismatch: a provision the source names in words ("The first article") is the same provision as its number', async () => {
  const corpus = await pactCorpus('The pact has eleven articles. The first article of the pact bars the members from joining any alliance hostile to another member, and Article 2 obliges them to consult on all regional security matters and to act jointly in emergencies. Article 4 requires every other party to assist a member under attack.\n');
  assert.deepEqual(numberFindings(corpus, 'Under Article 1, no member may join an alliance that is hostile to another member [@pact2019].\n').findings.map((f) => f.message), []);
  // The neighbour's number for what Article 2 says is still flagged, its clause bounded by the first article's.
  const text = 'Under Article 1, the members must consult on all regional security matters and act jointly in emergencies [@pact2019].\n';
  const { findings } = numberFindings(corpus, text);
  assert.deepEqual(findings.map((f) => f.code), ['number-mismatch']);
  assert.equal(applyPreferred(text, findings[0]), text.replace('Article 1', 'Article 2'));
});

test('number-mismatch: wrong figures are flagged, with a fix in the brief\'s own format', async () => {
  const corpus = await memoryCorpus();
  const cases: [string, string][] = [
    ['The base in Tajikistan hosts some 9,000 troops from the 201st Motorized Rifle Division [@rfe2008].', 'The base in Tajikistan hosts some 7,000 troops from the 201st Motorized Rifle Division [@rfe2008].'],
    ['The Kant air base hosts some 4,000 personnel [@rfe2008].', 'The Kant air base hosts some 400 personnel [@rfe2008].'],
    ['China shares a border of more than 750 kilometres with Tajikistan [@rfe2008].', 'China shares a border of more than 570 kilometres with Tajikistan [@rfe2008].'],
    ['China has contributed $60 million to Kyrgyzstan\'s defence sector [@thesis2024].', 'China has contributed $16 million to Kyrgyzstan\'s defence sector [@thesis2024].'],
    ['China has contributed \\$61mln to Kyrgyzstan\'s defence sector [@thesis2024].', 'China has contributed \\$16mln to Kyrgyzstan\'s defence sector [@thesis2024].'],
    ['Russia intends to spend 160 billion dollars on the military, 60 per cent of the state budget [@thesis2024].', 'Russia intends to spend 160 billion dollars on the military, 40 per cent of the state budget [@thesis2024].'],
    ['The Kant air base hosts four hundred and fifty personnel [@rfe2008].', 'The Kant air base hosts four hundred personnel [@rfe2008].'],
    ['According to Rostec, tank production rose tenfold in 2023 [@thesis2024].', 'According to Rostec, tank production rose sevenfold in 2023 [@thesis2024].'],
    ['Russian military personnel reached 2.5 million [@thesis2024].', 'Russian military personnel reached 1.5 million [@thesis2024].'],
  ];
  for (const [wrong, fixed] of cases) {
    const { findings, text } = numberFindings(corpus, wrong + '\n');
    assert.equal(findings.length, 1, `${wrong}: ${JSON.stringify(findings.map((f) => f.message))}`);
    const f = findings[0];
    assert.equal(f.code, 'number-mismatch');
    assert.equal(f.severity, 'warning');
    assert.equal(applyPreferred(text, f), fixed + '\n', wrong);
    // The finding covers exactly the number's span, and the message quotes both sides.
    assert.match(f.message, /brief: ".+" — (rfe2008|thesis2024): ".+"/);
    assert.equal(f.evidence.length, 1);
    const ev = f.evidence[0];
    assert.equal(ev.file, corpus.get(ev.sourceKey)!.textPath);
    assert.ok(ev.start < ev.end && ev.end <= corpus.get(ev.sourceKey)!.text!.length);
  }
});

test('number-mismatch: a figure of a neighbouring clause does not excuse one, a vague figure refutes one of another order, a capstone is not content', async () => {
  const host = memoryFileHost({
    '/m/bib.json': JSON.stringify([{ id: 'plant2024', type: 'thesis', genre: 'MA capstone', title: 'Arms output', issued: { 'date-parts': [[2024]] }, file: 'plant.txt' }]),
    '/m/plant.txt': [
      'According to the plant, in 2023 it increased production of tanks 7 times, light armoured vehicles 4.5 times, and rocket systems 2.5 times.',
      '',
      'Border guards have reported the presence of several thousand foreign fighters near the northern border.',
      '',
      'In total, the depot cost the ministry 14 million dollars, bringing the town 45 million dollars every year.',
    ].join('\n'),
  });
  const corpus = await loadCorpus(['/m/bib.json'], host);
  const cases: [string, string][] = [
    // "4.5 times" would round to "fivefold", but it is the armoured vehicles' figure, not the tanks'.
    ['According to the plant, its tank production rose fivefold in 2023 [@plant2024].', 'According to the plant, its tank production rose sevenfold in 2023 [@plant2024].'],
    // The very same figure, but the vehicles' (its clause has none of the claim's words).
    ['According to the plant, its tank production rose 4.5 times in 2023 [@plant2024].', 'According to the plant, its tank production rose 7 times in 2023 [@plant2024].'],
    // The claim's "4.5 times" restates the vehicles' figure, so it cannot excuse "fivefold" too.
    ['According to the plant, in 2023 its tank production rose fivefold and its output of light armoured vehicles 4.5 times [@plant2024].', 'According to the plant, in 2023 its tank production rose sevenfold and its output of light armoured vehicles 4.5 times [@plant2024].'],
    // The fix keeps the source's vague words.
    ['Border guards have reported several hundred foreign fighters near the northern border [@plant2024].', 'Border guards have reported several thousand foreign fighters near the northern border [@plant2024].'],
    // "The capstone puts…" is attribution: the sentence's content is the depot's cost.
    ['The capstone puts the depot\'s total cost to the ministry at 41 million dollars [@plant2024].', 'The capstone puts the depot\'s total cost to the ministry at 14 million dollars [@plant2024].'],
  ];
  for (const [wrong, fixed] of cases) {
    const { findings, text } = numberFindings(corpus, wrong + '\n');
    assert.deepEqual(findings.map((f) => f.code), ['number-mismatch'], wrong + JSON.stringify(findings.map((f) => f.message)));
    assert.equal(applyPreferred(text, findings[0]), fixed + '\n', wrong);
  }
  for (const ok of [
    'According to the plant, its tank production rose sevenfold in 2023 [@plant2024].',
    'According to the plant, its production of light armoured vehicles rose 4.5 times in 2023 [@plant2024].',
    'According to the plant, in 2023 its tank production rose sevenfold and its output of light armoured vehicles 4.5 times [@plant2024].',
    'Border guards have reported thousands of foreign fighters near the northern border [@plant2024].',
    'Border guards have reported some 2,500 foreign fighters near the northern border [@plant2024].',
  ]) {
    assert.deepEqual(numberFindings(corpus, ok + '\n').findings.map((f) => f.message), [], ok);
  }
});

test('number-mismatch: a figure is checked against every window that supports the sentence well, not only the best one', async () => {
  const host = memoryFileHost({
    '/k/bib.json': JSON.stringify([{ id: 'rfe2008', title: 'Moscow expands', issued: { 'date-parts': [[2008]] }, file: 'rfe.txt' }]),
    '/k/rfe.txt': [
      'Earlier this month, Russian media quoted the air force commander as saying Moscow will deploy more personnel and equipment to its air base in Kant, just outside the Kyrgyz capital, Bishkek.',
      '',
      'Rainfall in the Fergana valley was unusually low this spring, farmers in the region told reporters at the market.',
      '',
      'The air base in Kant, just outside the capital, hosts some 400 personnel and is reportedly equipped with Su-25 aircraft and Mi-8 helicopters.',
    ].join('\n'),
  });
  const corpus = await loadCorpus(['/k/bib.json'], host);
  // Best matched by the first passage (Kant, outside, Bishkek, personnel), which has no figure.
  const wrong = 'The air base at Kant, just outside Bishkek, hosts some 4,000 personnel [@rfe2008].';
  const { findings, text } = numberFindings(corpus, wrong + '\n');
  assert.deepEqual(findings.map((f) => f.code), ['number-mismatch']);
  assert.equal(applyPreferred(text, findings[0]), wrong.replace('4,000', '400') + '\n');
  assert.deepEqual(numberFindings(corpus, wrong.replace('4,000', '400') + '\n').findings.map((f) => f.message), []);
});

test('number-mismatch: reformatted numbers, hedges and paraphrases are not flagged', async () => {
  const corpus = await memoryCorpus();
  const ok = [
    'The base in Tajikistan hosts about 7,000 troops from the 201st Motorized Rifle Division [@rfe2008].',
    'The base in Tajikistan hosts seven thousand troops from the 201st Motorized Rifle Division [@rfe2008].',
    'The base in Tajikistan hosts 7000 soldiers from the 201st Motorized Rifle Division [@rfe2008].',
    'The Kant air base hosts roughly 400 personnel [@rfe2008].',
    'The Kant air base hosts fewer than 500 personnel [@rfe2008].',
    'The Kant air base hosts hundreds of personnel [@rfe2008].',
    'China shares a 570-kilometre border with Tajikistan [@rfe2008].',
    'China shares a border of more than 500 km with Tajikistan [@rfe2008].',
    'China donated \\$16 million to Kyrgyzstan\'s defence sector [@thesis2024].',
    'China donated 16 million US dollars to Kyrgyzstan\'s defence sector [@thesis2024].',
    'Russia intends to spend $160 billion on the military, forty per cent of the state budget [@thesis2024].',
    'According to Rostec, tank production rose sevenfold in 2023 [@thesis2024].',
    'Russian military personnel reached 1,500,000 [@thesis2024].',
    // A second figure of the sentence is checked against its own counterpart.
    'Some 7,000 Russian troops are deployed in Tajikistan, while the Kant air base hosts about 400 [@rfe2008].',
    // Figures inside quotations are the misquote check's business.
    'The source says the base has "some 9,000 troops from the 201st Motorized Rifle Division" [@rfe2008].',
    // No cited source: nothing to compare with (uncited-claim's business).
    'The Kant air base hosts some 4,000 personnel.',
    // The cited source does not talk about this at all.
    'Farmers in the Fergana valley planted 3,000 hectares of cotton [@rfe2008].',
  ];
  for (const text of ok) {
    const { findings } = numberFindings(corpus, text + '\n');
    assert.deepEqual(findings.map((f) => f.message), [], text);
  }
});

test('number-mismatch: several cited sources that disagree — any of them, or a range spanning them, is fine', async () => {
  const corpus = await memoryCorpus();
  for (const text of [
    'The Manas base brings Kyrgyzstan between $45 million and $50 million a year [@thesis2024; @rfe2008].',
    'The Manas base brings Kyrgyzstan $45 million a year [@thesis2024; @rfe2008].',
    'The Manas base brings Kyrgyzstan $50 million a year [@thesis2024; @rfe2008].',
    'The Manas base brings Kyrgyzstan some $48 million a year [@thesis2024; @rfe2008].',
    'Estimates of what Manas brings Kyrgyzstan each year range from $45 million to $60 million [@thesis2024; @other2021].',
  ]) {
    assert.deepEqual(numberFindings(corpus, text + '\n').findings.map((f) => f.message), [], text);
  }
  // Outside all of them: flagged, and the message says the sources disagree.
  const { findings } = numberFindings(corpus, 'The Manas base brings Kyrgyzstan $90 million a year [@thesis2024; @rfe2008].\n');
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /disagree/);
  assert.ok(findings[0].fixes.length >= 2);
  // The brief takes the figure of a source it does not cite: mismatch with the cited one.
  const wrongSource = numberFindings(corpus, 'The Manas base brings the Kyrgyz economy $60 million every year [@rfe2008].\n').findings;
  assert.equal(wrongSource.length, 1);
  assert.match(wrongSource[0].message, /\$50 million/);
});

test('number-mismatch: of two figures that fit about as well, the one whose digits the claim transposes is its counterpart', async () => {
  // The sample corpus's sentence gives two figures in one clause ("cost the White House 14 million
  // dollars bringing Bishkek … 45 million dollars every year"): which one "$41 million" miscopies
  // is told by its digits.
  const corpus = await loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost);
  const wrong = "Talantbekova puts the Gansi base's total cost to Washington at $41 million [@talantbekova2024].";
  const { findings, text } = numberFindings(corpus, wrong + '\n');
  assert.deepEqual(findings.map((f) => f.code), ['number-mismatch'], JSON.stringify(findings.map((f) => f.message)));
  assert.match(findings[0].message, /14 million dollars/);
  assert.equal(applyPreferred(text, findings[0]), wrong.replace('$41 million', '$14 million') + '\n');
  assert.deepEqual(numberFindings(corpus, wrong.replace('$41', '$14') + '\n').findings.map((f) => f.message), []);
  // Also when the other figure's clause fits a little better: the message names, and the fix
  // restores, the transposed one ("some $54 million" for Bishkek's 45, not the base's cost of 14).
  const hedged = 'The Manas base brought Bishkek some $54 million a year [@talantbekova2024].';
  const second = numberFindings(corpus, hedged + '\n');
  assert.deepEqual(second.findings.map((f) => f.code), ['number-mismatch'], JSON.stringify(second.findings.map((f) => f.message)));
  assert.match(second.findings[0].message, /45 million dollars/);
  assert.doesNotMatch(second.findings[0].message, /14 million/);
  assert.equal(applyPreferred(second.text, second.findings[0]), hedged.replace('$54 million', '$45 million') + '\n');
  assert.ok(digitsTransposed('41', '14') && digitsTransposed('1,320', '3,120'));
  assert.ok(!digitsTransposed('41', '41') && !digitsTransposed('41', '140') && !digitsTransposed('4', '4') && !digitsTransposed('114', '140'));
});

test('number-mismatch: a figure matching neither of two that fit about as well is still flagged, with both offered and neither preferred', async () => {
  // "$50 million" is the other source's figure; this one gives 14 and 45 million in one sentence.
  const corpus = await loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost);
  const wrong = 'The U.S. base at Manas brought some $50 million a year into the Kyrgyz economy [@talantbekova2024].';
  const { findings } = numberFindings(corpus, wrong + '\n');
  assert.deepEqual(findings.map((f) => f.code), ['number-mismatch'], JSON.stringify(findings.map((f) => f.message)));
  assert.match(findings[0].message, /14 million dollars/);
  assert.match(findings[0].message, /45 million dollars/);
  assert.deepEqual(findings[0].fixes.map((f) => f.title).sort(), ['Change to $14 million (talantbekova2024)', 'Change to $45 million (talantbekova2024)']);
  assert.ok(findings[0].fixes.every((f) => !f.preferred));
  // Either of the source's figures is fine, as is the other source's when it is cited.
  // (The 45 million's own clause is only "45 million dollars every year"; the place it is
  // brought to, named in the clause of the 14 million before it, is in its sentence too.)
  const bishkek = 'The U.S. base at Manas airport had more than 1,000 servicemen and brought Bishkek about $45 million a year [@talantbekova2024].';
  for (const right of [wrong.replace('$50', '$45'), wrong.replace('$50', '$14'), wrong.replace('talantbekova2024', 'najibullah2008'), bishkek]) {
    assert.deepEqual(numberFindings(corpus, right + '\n').findings.map((f) => f.message), [], right);
  }
});

test('number-mismatch: with two figures in a claim, the words after a conjunction belong to the second ("$45 million and says the base cost Washington $140 million")', async () => {
  const corpus = await loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost);
  const text = "Talantbekova's thesis puts the figure at $45 million and says the base cost Washington $140 million [@talantbekova2024].\n";
  const { findings } = numberFindings(corpus, text);
  // Only the cost is wrong (the source has 14 million); the 45 million is Bishkek's and is right.
  assert.deepEqual(findings.map((f) => text.slice(f.start, f.end)), ['$140 million'], JSON.stringify(findings.map((f) => f.message)));
});

test('number-mismatch: a source that abbreviates ("4.5$ mln annually") supports the sentence enough for its figure to be checked', async () => {
  const corpus = await loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost);
  const wrong = 'Russia pays Kyrgyz authorities some $45 million a year for additional land used alongside the main base [@talantbekova2024].';
  const { findings, text } = numberFindings(corpus, wrong + '\n');
  assert.deepEqual(findings.map((f) => f.code), ['number-mismatch'], JSON.stringify(findings.map((f) => f.message)));
  assert.equal(applyPreferred(text, findings[0]), wrong.replace('$45 million', '$4.5 million') + '\n');
  assert.deepEqual(numberFindings(corpus, wrong.replace('$45 million', '$4.5 million') + '\n').findings.map((f) => f.message), []);
});

test('number-mismatch: the claim\'s very figure, bare in the source\'s list ("… 4.5 times, and artillery 2.5"), agrees', async () => {
  // The sample corpus leaves "times" to the list: "tanks 7 times, light armored vehicles 4.5
  // times, and artillery and multiple launch rocket systems 2.5".
  const corpus = await loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost);
  const claim = (figure: string) => `According to Rostec, in 2023 Russia's output of artillery and multiple launch rocket systems rose ${figure} [@talantbekova2024].`;
  assert.deepEqual(numberFindings(corpus, claim('2.5 times') + '\n').findings.map((f) => f.message), []);
  // Also when the sentence restates the whole list (its clause then reaches the vehicles' figure).
  const list = 'According to Rostec, in 2023 Russia increased tank production sevenfold, light armoured vehicles 4.5 times and artillery and multiple rocket launchers 2.5 times [@talantbekova2024].';
  assert.deepEqual(numberFindings(corpus, list + '\n').findings.map((f) => f.message), []);
  // A bare figure only agrees: another one is still compared with the list's multipliers.
  assert.deepEqual(numberFindings(corpus, claim('9 times') + '\n').findings.map((f) => f.code), ['number-mismatch']);
  // The list's last figure is a multiplier too: it is the counterpart of the artillery's, and the fix.
  const { findings, text } = numberFindings(corpus, claim('3.5 times') + '\n');
  assert.deepEqual(findings.map((f) => f.code), ['number-mismatch']);
  assert.equal(applyPreferred(text, findings[0]), claim('2.5 times') + '\n');
});

test('number-mismatch: the same figure about another place does not excuse one ("1,000" at Manas for Kant\'s 400); a figure in a relative clause is checked against what supports that clause', async () => {
  const corpus = await loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost);
  for (const [wrong, fixed] of [
    // The article's "1,000 personnel" are the U.S. base's at Manas, in a clause without Kant.
    ['**1,000**: the personnel strength of the Kant air base [@najibullah2008].', '**400**: the personnel strength of the Kant air base [@najibullah2008].'],
    // The sentence's support (Zelin's announcement) gives no personnel figure; the clause's does.
    ['Early 2008 — Colonel General Zelin says Moscow will deploy more personnel and aircraft to Kant, which already hosts some 1,000 personnel [@najibullah2008].', 'Early 2008 — Colonel General Zelin says Moscow will deploy more personnel and aircraft to Kant, which already hosts some 400 personnel [@najibullah2008].'],
  ]) {
    const { findings, text } = numberFindings(corpus, wrong + '\n');
    assert.deepEqual(findings.map((f) => f.code), ['number-mismatch'], wrong);
    assert.equal(applyPreferred(text, findings[0]), fixed + '\n');
  }
  for (const ok of [
    '**400**: the personnel strength of the Kant air base [@najibullah2008].',
    'Early 2008 — Colonel General Zelin says Moscow will deploy more personnel and aircraft to Kant, which already hosts some 400 personnel [@najibullah2008].',
    'The U.S. base at Manas airport, not far from Kant, had some 1,000 personnel [@najibullah2008].',
  ]) {
    assert.deepEqual(numberFindings(corpus, ok + '\n').findings.map((f) => f.message), [], ok);
  }
});

test('number-mismatch: a figure the source gives for another year does not excuse the claim\'s ("16%" in 2023 against 2019-2020\'s 14-16% and 2023\'s 40%)', async () => {
  const corpus = await loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost);
  const claim = (share: string) => `Russia intended to spend \\$160 billion on its armed forces in 2023, about ${share} of the state budget [@talantbekova2024].\n`;
  const { findings, text } = numberFindings(corpus, claim('16%'));
  assert.deepEqual(findings.map((f) => f.code), ['number-mismatch']);
  assert.equal(applyPreferred(text, findings[0]), claim('40%'));
  for (const ok of [claim('40%'), 'In 2019-2020 the state allocated only about 16% of the budget to the military [@talantbekova2024].\n']) {
    assert.deepEqual(numberFindings(corpus, ok).findings.map((f) => f.message), [], ok);
  }
});

test('number-mismatch: a figure in a clause whose sentence a preamble dilutes is checked against what supports that clause', async () => {
  const corpus = await loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost);
  const claim = (figure: string) => `Back when Washington still had a real military foothold, at Manas, the base was worth ${figure} a year to the Kyrgyz economy [@najibullah2008].\n`;
  const { findings, text } = numberFindings(corpus, claim('\\$150 million'));
  assert.deepEqual(findings.map((f) => f.code), ['number-mismatch']);
  assert.equal(applyPreferred(text, findings[0]), claim('\\$50 million'));
  assert.deepEqual(numberFindings(corpus, claim('\\$50 million')).findings.map((f) => f.message), []);
});

test('number-mismatch: a count the claim restates under another noun ("four sites" for "four facilities") is not the counterpart of its other figure ("merged into one")', async () => {
  const corpus = await loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost);
  assert.deepEqual(numberFindings(corpus, 'The four Russian sites in Kyrgyzstan were merged into one Joint Military Base in 2012 [@russia-kyrgyzstan-2023].\n').findings.map((f) => f.message), []);
});

test('number-mismatch: a figure after a colon is checked against what supports its part of the sentence', async () => {
  // The preamble is the writer's own and dilutes the whole sentence's support below the bar.
  const corpus = await loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost);
  const claim = (figure: string) => `Washington remains heavily invested in the region: the US government and private sector have together put more than ${figure} into Central Asia, according to the State Department [@zagdsuren2025].`;
  const { findings, text } = numberFindings(corpus, claim('$13 billion') + '\n');
  assert.deepEqual(findings.map((f) => f.code), ['number-mismatch'], JSON.stringify(findings.map((f) => f.message)));
  assert.equal(applyPreferred(text, findings[0]), claim('$31 billion') + '\n');
  assert.deepEqual(numberFindings(corpus, claim('$30 billion') + '\n').findings.map((f) => f.message), []);
});

test('number-mismatch: a range against the source\'s range is checked at both ends ("14–18%" for "14-16%")', async () => {
  const corpus = await loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost);
  const claim = (figure: string) => `In 2019–2020 the state allocated only ${figure} of the budget to defence [@talantbekova2024].\n`;
  const { findings, text } = numberFindings(corpus, claim('14–18%'));
  assert.deepEqual(findings.map((f) => f.code), ['number-mismatch']);
  assert.equal(applyPreferred(text, findings[0]), claim('14–16%'));
  for (const ok of ['14–16%', '15%']) assert.deepEqual(numberFindings(corpus, claim(ok)).findings.map((f) => f.message), [], ok);
});

test('number-mismatch: a figure in a table cell is checked against what supports it with the row\'s subject (its first cell)', async () => {
  const corpus = await loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost);
  const table = (kant: string, manas: string) =>
    `| Site | Details | Source |\n|---|---|---|\n| Kant air base, outside Bishkek | Russian; established 2003; some ${kant} personnel | [@najibullah2008] |\n| Manas airport | American; some ${manas} personnel | [@najibullah2008] |\n`;
  const { findings, text } = numberFindings(corpus, table('500', '1,000'));
  assert.deepEqual(findings.map((f) => f.code), ['number-mismatch']);
  assert.equal(applyPreferred(text, findings[0]), table('400', '1,000'));
  // Each row's figure is the counterpart of its own subject's, not of the other base's.
  assert.deepEqual(numberFindings(corpus, table('400', '1,000')).findings.map((f) => f.message), []);
  assert.deepEqual(numberFindings(corpus, table('400', '400')).findings.map((f) => f.message), ['Number mismatch — brief: "some 400 personnel" — najibullah2008: "some 1,000 personnel". Check the figure against the source.']);
});

test('number-mismatch: a number of years the source gives by its ends ("extended until 2042" in 2012) is the writer\'s arithmetic, not compared', async () => {
  const corpus = await loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost);
  const claim = 'In other words, the 2012 extension secured the base for a further thirty years [@talantbekova2024].\n';
  assert.deepEqual(numberFindings(corpus, claim).findings.map((f) => f.message), []);
});

test('number-mismatch: "one and a half million" is 1.5 million, not "one"', async () => {
  const corpus = await loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost);
  const claim = (figure: string) => `Talantbekova reports that Russia's military personnel has reached ${figure} [@talantbekova2024].`;
  for (const ok of ['one and a half million', '1.5 million']) assert.deepEqual(numberFindings(corpus, claim(ok) + '\n').findings.map((f) => f.message), [], ok);
  const { findings, text } = numberFindings(corpus, claim('two and a half million') + '\n');
  assert.deepEqual(findings.map((f) => f.code), ['number-mismatch']);
  assert.equal(applyPreferred(text, findings[0]), claim('1.5 million') + '\n');
  const q = extractQuantities('reached one and a half million')[0];
  assert.deepEqual([q.text, q.value], ['one and a half million', 1_500_000]);
  assert.equal(extractQuantities('for two and a half years')[0].value, 2.5);
});

test('figuresAgree: transposed digits and far-off open bounds do not agree', () => {
  const q = (t: string) => extractQuantities(t).find((x) => x.kind !== 'year')!;
  const agree = (a: string, b: string) => {
    const x = q(a);
    const y = q(b);
    return figuresAgree(x, y, a.slice(x.valueStart, x.valueEnd), b.slice(y.valueStart, y.valueEnd));
  };
  assert.ok(agree('more than 500 km', 'more than 570 km'));
  // A lower bound below the source's is its bound rounded down, not another figure.
  assert.ok(agree('more than $100 million', 'more than $140 million'));
  assert.ok(!agree('more than $114 million', 'more than $140 million'));
  assert.ok(agree('more than 1,300 pieces', 'more than 1,350 pieces'));
  assert.ok(!agree('more than 1,320 pieces', 'more than 1,350 pieces'));
  assert.ok(!agree('more than 13 billion dollars', 'over 31 billion dollars'));
  assert.ok(!agree('more than 600 personnel', 'some 4,000 personnel'));
  assert.ok(agree('7,000 troops', 'some 7,000 troops'));
  assert.ok(agree('about 7,000 troops', '6,900 troops'));
  assert.ok(!agree('750 km', '570 km'));
  // A rounded figure covers what rounds to it, short of the halfway mark.
  assert.ok(agree('2 million soldiers', '1.6 million soldiers'));
  assert.ok(!agree('2 million soldiers', '1.5 million soldiers'));
  // A hedge widens a figure by a tenth or by its rounding, whichever is more, not by both: a
  // writer giving the source's 45 million would keep the 5.
  assert.ok(agree('about 2 million soldiers', '1.6 million soldiers'));
  assert.ok(!agree('about 2 million soldiers', '1.5 million soldiers'));
  assert.ok(!agree('some $50 million', '45 million dollars'));
  assert.ok(agree('some $50 million', '46 million dollars'));
  assert.ok(agree('some 1,100 personnel', '1,000 personnel'));
  // Two hedges do not add up: each side's tenth is not stacked on the other's.
  assert.ok(!agree('about 12,000 citizens', 'approximately 10,000 citizens'));
  assert.ok(agree('about 10,500 citizens', 'approximately 10,000 citizens'));
  assert.ok(agree('some 7,000 troops', 'about 7,500 troops'));
});

test('labelled samples: number-mismatch claims are found, with the labelled fix; no number-mismatch on ok claims', async () => {
  await assertLabelledCodes(['number-mismatch']);
});

test('number-mismatch: a short sentence its source words differently is checked against the one sentence of the source with its span of years and a figure of its kind', async () => {
  const pact = (text: string) => pactCorpus(text);
  const corpus = await pact('Budgets grew everywhere. If in 2019-2020, the state allocated only 14-16% of the budget, this year these figures have more than doubled. Some 30% of firms closed in 2021.');
  const wrong = 'Back in 2019–2020, the military took only 14–18% of the budget [@pact2019].\n';
  const { findings } = numberFindings(corpus, wrong);
  assert.deepEqual(findings.map((f) => f.code), ['number-mismatch']);
  assert.equal(applyPreferred(wrong, findings[0]), wrong.replace('14–18%', '14–16%'));
  assert.deepEqual(numberFindings(corpus, wrong.replace('14–18%', '14–16%')).findings, []);
  // A single year anchors nothing (it is in too many sentences); nor does a span with no word in common.
  assert.deepEqual(numberFindings(corpus, 'Back in 2021, the military took only 20% of the budget [@pact2019].\n').findings, []);
  assert.deepEqual(numberFindings(corpus, 'Back in 2019–2020, inflation ran at 14–18% [@pact2019].\n').findings, []);
});

test('number-mismatch: another country\'s figure is no counterpart ("some 200 French troops" for "1,500 U.S. personnel"); a dotted abbreviation does not hide the unit', async () => {
  assert.equal(extractQuantities('That base had some 1,500 U.S. personnel.')[0].unit, 'personnel');
  // The sample corpus: "… a U.S. military base at its Manas International Airport that has some 1,000
  // personnel." and, in the same passage, "There are also some 200 French troops stationed in … Dushanbe".
  const corpus = await loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost);
  const wrong = 'That base had some 1,500 U.S. personnel [@najibullah2008].\n';
  const { findings } = numberFindings(corpus, wrong);
  assert.deepEqual(findings.map((f) => f.code), ['number-mismatch']);
  assert.doesNotMatch(findings[0].message, /French/);
  assert.equal(applyPreferred(wrong, findings[0]), wrong.replace('1,500', '1,000'));
});

test('number-mismatch: a vague figure elsewhere in the passage ("thousands of soldiers") does not excuse a count its precise counterpart refutes', async () => {
  // The sample corpus: "… a 7,000-strong Russian military group in the Nureka area, …, and a military
  // field training center at the … Baikonur Cosmodrome, where thousands of soldiers …".
  const corpus = await loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost);
  const wrong = 'Published research puts the Russian military group in Tajikistan\'s Nureka area at around 9,000 personnel [@zagdsuren2025].\n';
  const { findings } = numberFindings(corpus, wrong);
  assert.deepEqual(findings.map((f) => f.code), ['number-mismatch']);
  assert.equal(applyPreferred(wrong, findings[0]), wrong.replace('9,000', '7,000'));
  assert.deepEqual(numberFindings(corpus, wrong.replace('9,000', '7,000')).findings, []);
});

test('number-mismatch: a hedge ("reportedly") is not a word the source must share, so a reported multiplier is still checked ("quadrupled" for "tripled")', async () => {
  // The sample corpus: "Russia's military revenues especially tripled in 2023, …".
  const corpus = await loadCorpus(await findBibliographies(path.join(REPO, 'corpus'), nodeFileHost), nodeFileHost);
  const wrong = 'Russia\'s military revenues reportedly quadrupled in 2023 [@talantbekova2024].\n';
  const { findings } = numberFindings(corpus, wrong);
  assert.deepEqual(findings.map((f) => f.code), ['number-mismatch']);
  assert.equal(applyPreferred(wrong, findings[0]), wrong.replace('quadrupled', 'tripled'));
  assert.deepEqual(numberFindings(corpus, wrong.replace('quadrupled', 'tripled')).findings, []);
});
