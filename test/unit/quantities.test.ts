import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  extractQuantities,
  formatLike,
  quantitiesAgree,
  sameMeasure,
  numberToWords,
  type Quantity,
} from '../../server/src/brief/quantities';

import { existsSync } from 'node:fs';

// Tests run bundled from out/test/unit (or elsewhere): find the corpus from the working directory first.
const CORPUS = [join(process.cwd(), 'corpus'), join(__dirname, '..', '..', '..', 'corpus')].find((d) => existsSync(d))!;
const source = (name: string) => readFileSync(join(CORPUS, name), 'utf8');

function counts(text: string): Quantity[] {
  return extractQuantities(text).filter((q) => q.kind !== 'year' && q.kind !== 'ordinal');
}
function one(text: string, kind?: Quantity['kind']): Quantity {
  const qs = extractQuantities(text).filter((q) => !kind || q.kind === kind);
  assert.equal(qs.length, 1, `expected one quantity in ${JSON.stringify(text)}, got ${JSON.stringify(qs.map((q) => q.text))}`);
  return qs[0];
}
function valueText(text: string, q: Quantity): string {
  return text.slice(q.valueStart, q.valueEnd);
}

test('digits with thousands separators and decimals', () => {
  for (const t of ['7,000 troops', '7 000 troops', '7000 troops', '7\u00a0000 troops']) {
    const q = one(t);
    assert.equal(q.value, 7000, t);
    assert.equal(q.kind, 'count');
    assert.equal(q.unit, 'personnel');
    assert.equal(q.approx, 'exact');
  }
  assert.equal(one('1.5 million people').value, 1_500_000);
  assert.equal(one('a 2.5 share').value, 2.5);
  assert.equal(one('some 12,345,678 votes').value, 12345678);
});

test('offsets: whole expression and value span', () => {
  const t = 'With some 7,000 troops from the division';
  const q = one(t);
  assert.equal(q.text, 'some 7,000 troops');
  assert.equal(t.slice(q.start, q.end), q.text);
  assert.equal(valueText(t, q), '7,000');
  const m = 'China has contributed $60 million to Kyrgyzstan';
  const mq = one(m);
  assert.equal(valueText(m, mq), '$60 million');
  assert.equal(mq.value, 60e6);
  assert.equal(mq.kind, 'money');
  assert.equal(mq.currency, 'USD');
});

test('money in many spellings, markdown-escaped dollars included', () => {
  const cases: [string, number, string][] = [
    ['$4.5 million', 4.5e6, 'USD'],
    ['4.5$ mln', 4.5e6, 'USD'],
    ['pays 4.5\\$ mln annually', 4.5e6, 'USD'],
    ['donating \\$16mln to', 16e6, 'USD'],
    ['16\\$ mln', 16e6, 'USD'],
    ['US$ 140 million', 140e6, 'USD'],
    ['more than \\$140 million annually', 140e6, 'USD'],
    ['€3 bn', 3e9, 'EUR'],
    ['160 billion dollars', 160e9, 'USD'],
    ['14 million dollars', 14e6, 'USD'],
    ['£20m', 20e6, 'GBP'],
    ['$5k', 5000, 'USD'],
    ['RUB 5 bn', 5e9, 'RUB'],
    ['500 млн рублей', 500e6, 'RUB'],
  ];
  for (const [t, v, c] of cases) {
    const q = one(t, 'money');
    assert.equal(q.value, v, t);
    assert.equal(q.currency, c, t);
  }
  assert.equal(one('more than \\$140 million').approx, 'more-than');
  assert.equal(one('over \\$31 billion in Central Asia').approx, 'more-than');
});

test('percentages', () => {
  for (const t of ['40%', '40 per cent', '40 percent', '40\\%', '40 pct']) {
    const q = one(t);
    assert.equal(q.kind, 'percent', t);
    assert.equal(q.value, 40, t);
    assert.equal(valueText(t, q), t);
  }
  const r = one('the state allocated only 14-16% of the budget');
  assert.deepEqual([r.kind, r.value, r.max], ['percent', 14, 16]);
  assert.equal(one('forty per cent').value, 40);
  assert.equal(one('forty per cent').kind, 'percent');
  assert.equal(one('rose 3 percentage points').unit, 'pp');
});

test('number words, vague quantities', () => {
  assert.equal(one('seven thousand troops').value, 7000);
  assert.equal(one('seven thousand troops').unit, 'personnel');
  assert.equal(one('three IPAPs in a row').value, 3);
  assert.equal(one('a total of eleven articles').value, 11);
  assert.equal(one('twenty-five soldiers').value, 25);
  assert.equal(one('two hundred and fifty men').value, 250);
  assert.equal(one('one hundred thousand people').value, 100000);
  assert.equal(one('three million people').value, 3e6);
  const dozen = one('a dozen bases');
  assert.equal(dozen.value, 12);
  assert.equal(dozen.approx, 'about');
  const hundreds = one('hundreds of soldiers');
  assert.equal(hundreds.approx, 'about');
  assert.ok(hundreds.vague);
  assert.ok(hundreds.value >= 100 && (hundreds.max ?? 0) >= 900);
  const thousands = one('thousands of soldiers undergo training');
  assert.deepEqual([thousands.value, thousands.max, thousands.unit], [2000, 9999, 'personnel']);
  const tens = one('tens of thousands of migrants');
  assert.deepEqual([tens.value, tens.max, tens.unit], [20000, 99999, 'people']);
  const several = one('mobilize several hundred more men');
  assert.deepEqual([several.value, several.max, several.approx, several.unit], [300, 900, 'about', 'personnel']);
  assert.equal(one('several thousand foreign fighters').value, 3000);
});

test('"one" as a pronoun is not a count', () => {
  assert.equal(counts('one of the most important steps').length, 0);
  assert.equal(counts('no one expected it').length, 0);
  assert.equal(counts('one another').length, 0);
  for (const t of ['The Kant air base, one should recall, opened in 2003', 'one can argue that the base matters', 'as one might expect', 'one has to admit']) assert.equal(counts(t).length, 0, t);
  // A pronoun after an article and an adjective, with no noun after it.
  for (const t of ['Is it a real shift or a rhetorical one?', 'The treaty was a bilateral one, signed in Moscow']) assert.equal(counts(t).length, 0, t);
  for (const t of ['They built one base.', 'The bases were merged into one.']) assert.equal(counts(t).length, 1, t);
  assert.equal(one('one base in Kant').value, 1);
});

test('multipliers', () => {
  for (const [t, v] of [
    ['sevenfold', 7], ['seven-fold', 7], ['7-fold', 7], ['7 times', 7], ['4.5 times', 4.5], ['doubled', 2],
    ['tripled', 3], ['quadrupled', 4], ['twice', 2], ['three times', 3],
  ] as [string, number][]) {
    const q = one(t);
    assert.equal(q.kind, 'multiplier', t);
    assert.equal(q.value, v, t);
  }
  const more = one('these figures have more than doubled');
  assert.equal(more.approx, 'more-than');
});

test('ranges', () => {
  const cases: [string, number, number][] = [
    ['10-15 troops', 10, 15], ['10–15 troops', 10, 15], ['between 10 and 15 troops', 10, 15], ['10 to 15 troops', 10, 15],
    ['from 10 to 15 troops', 10, 15], ['$3-5 million', 3e6, 5e6], ['3,000–4,000 soldiers', 3000, 4000],
  ];
  for (const [t, a, b] of cases) {
    const q = one(t);
    assert.equal(q.value, a, t);
    assert.equal(q.max, b, t);
  }
  assert.equal(one('between 10 and 15 troops').text, 'between 10 and 15 troops');
});

test('hedges', () => {
  const cases: [string, Quantity['approx']][] = [
    ['some 7,000 troops', 'about'], ['about 7,000 troops', 'about'], ['around 7,000', 'about'],
    ['approximately 10,000 Kyrgyz citizens', 'about'], ['nearly 7,000', 'about'], ['almost 7,000', 'about'],
    ['more than 570 kilometers', 'more-than'], ['over 500 troops', 'more-than'], ['up to 300 troops', 'at-most'],
    ['fewer than 300 troops', 'less-than'], ['less than 300 troops', 'less-than'], ['at least 300 troops', 'at-least'],
    ['7,000 troops', 'exact'], ['7,000+ troops', 'at-least'], ['7,000 or more troops', 'at-least'], ['около 7000 военнослужащих', 'about'],
  ];
  for (const [t, a] of cases) assert.equal(one(t).approx, a, t);
  assert.equal(one('more than 570 kilometers').unit, 'km');
  assert.equal(one('more than 750 kilometres').unit, 'km');
});

test('ordinals and designations are kind ordinal', () => {
  for (const t of ['the 201st Motorized Rifle Division', 'the 954th Anti-Submarine Weapons Test Base', 'the first article', 'Article 51 of the Charter', 'the Radio Seismic Laboratory 17 in Kyrgyzstan', 'a unit of the Balkhash 9 Radio Technical Node', 'Figure 2 shows', 'the CC BY 4.0 licence']) {
    const qs = extractQuantities(t);
    assert.ok(qs.length >= 1, t);
    assert.ok(qs.every((q) => q.kind === 'ordinal'), `${t}: ${JSON.stringify(qs)}`);
  }
});

test('model designations, identifiers, citations and page references are not quantities', () => {
  const none = [
    'Su-25, Su-27, An-24 and Il-76 aircraft as well as Mi-8 helicopters',
    'upgraded Mi-8MTV5-1 helicopters',
    'the C5+1 format and the C4+1 group',
    'issue 1(45)',
    'DOI https://doi.org/10.31435/ijitss.1(45).2025.3201',
    'doi: 10.31435/ijitss.1(45).2025.3201',
    'ISBN 978-3-16-148410-0',
    'ISNI: 0000 0004 8495 2390',
    'as cited [@talantbekova2024, p. 45]',
    'see [see @a; @b, pp. 3-5]',
    'a footnote[1] and [^2]',
    'at 10:30 sharp',
    'a 16x9 image',
    'COVID-19 and 5G',
    'Warsaw, Poland 00-773',
  ];
  for (const t of none) assert.deepEqual(counts(t).map((q) => q.text), [], t);
  // Page numbers after an author-year citation.
  assert.deepEqual(counts('donating \\$16mln (Hoagland, Repass, Wolkov 2021, 6–10). Since').map((q) => q.value), [16e6]);
  assert.deepEqual(counts('the CIS and CSTO (Poita 2020, 3). The').length, 0);
});

test('years and dates are kind year or skipped, not counts', () => {
  const qs = extractQuantities('In 2016 Shavkat Mirziyoyev was elected; the 2018 assassination; back in 1941, the city');
  assert.deepEqual(qs.map((q) => [q.kind, q.value]), [['year', 2016], ['year', 2018], ['year', 1941]]);
  assert.deepEqual(counts('on May 8, 2023, on 8 May 2023, on 2023-05-08, accessed 09.05.2023, the 1990s'), []);
  const r = extractQuantities('in 2010-2013')[0];
  assert.deepEqual([r.kind, r.value, r.max], ['year', 2010, 2013]);
  // A four-digit number that counts something.
  assert.equal(one('more than 1000 servicemen').kind, 'count');
  assert.equal(one('they sent 2000 troops').kind, 'count');
  assert.equal(one('they sent 2000 troops').value, 2000);
  // A unit noun in the singular after it is a year's attribute ("2023 tank production").
  assert.deepEqual(extractQuantities('Rostec claims 2023 tank production rose sevenfold').map((q) => [q.kind, q.value]), [['year', 2023], ['multiplier', 7]]);
  assert.equal(one('the 2019 troop deployment').kind, 'year');
  assert.equal(one('they built 2023 tanks').kind, 'count');
});

test('units are canonical across spellings', () => {
  assert.equal(one('570 kilometers').unit, 'km');
  assert.equal(one('570 km').unit, 'km');
  assert.equal(one('570km').unit, 'km');
  assert.equal(one('some 200 French troops').unit, 'personnel');
  assert.equal(one('a 7,000-strong Russian military group').unit, 'personnel');
  assert.equal(one('some 400 personnel').unit, 'personnel');
  assert.equal(one('10 years').kind, 'measure');
  assert.equal(one('the 8.6 million-hectare Baikonur Cosmodrome').unit, 'ha');
});

test('sameMeasure', () => {
  const [a] = extractQuantities('some 7,000 troops');
  const [b] = extractQuantities('a 7,000-strong Russian military group');
  const [c] = extractQuantities('7,000 Kyrgyz citizens');
  const [d] = extractQuantities('$7,000');
  const [e] = extractQuantities('40%');
  const [f] = extractQuantities('40 per cent');
  const [g] = extractQuantities('€7,000');
  const [h] = extractQuantities('7,000');
  assert.ok(sameMeasure(a, b));
  assert.ok(!sameMeasure(a, c));
  assert.ok(!sameMeasure(a, d));
  assert.ok(sameMeasure(e, f));
  assert.ok(!sameMeasure(d, g));
  assert.ok(sameMeasure(a, h));
  // Counted equipment: pieces and items are one measure; aircraft another.
  const [pieces] = extractQuantities('more than 1,300 pieces of weapons');
  const [items] = extractQuantities('more than 3,100 items of weapons');
  const [planes] = extractQuantities('1,300 aircraft');
  assert.ok(sameMeasure(pieces, items));
  assert.ok(!sameMeasure(pieces, planes));
  const [km1] = extractQuantities('750 kilometres');
  const [km2] = extractQuantities('570 kilometers');
  assert.ok(sameMeasure(km1, km2));
  const [ord] = extractQuantities('the 201st division');
  assert.ok(!sameMeasure(ord, ord));
  const [m1] = extractQuantities('sevenfold');
  const [m2] = extractQuantities('7 times');
  assert.ok(sameMeasure(m1, m2));
});

function agree(brief: string, src: string): boolean {
  const b = extractQuantities(brief).find((q) => q.kind !== 'year')!;
  const s = extractQuantities(src).find((q) => q.kind !== 'year')!;
  assert.ok(b && s, `${brief} / ${src}`);
  assert.ok(sameMeasure(b, s), `not same measure: ${brief} / ${src}`);
  return quantitiesAgree(b, s);
}

test('quantitiesAgree honours hedges and formats', () => {
  assert.ok(agree('more than 500 kilometres', '570 kilometers'));
  assert.ok(agree('some 7,000 troops', '7,000 troops'));
  assert.ok(agree('7,000 troops', 'some 7,000 troops'));
  assert.ok(agree('about 7,000 troops', '6,900 troops'));
  assert.ok(!agree('750 kilometres', '570 kilometers'));
  assert.ok(!agree('more than 750 kilometres', 'more than 570 kilometers'));
  assert.ok(agree('more than 570 kilometres', 'more than 570 kilometers'));
  assert.ok(agree('$4.5 million', '4.5\\$ mln'));
  assert.ok(!agree('$60 million', '\\$16mln'));
  assert.ok(agree('$16 million', '\\$16mln'));
  assert.ok(agree('40 per cent', '40%'));
  assert.ok(agree('sevenfold', '7 times'));
  assert.ok(agree('seven thousand troops', '7,000 troops'));
  assert.ok(agree('7000 troops', 'seven thousand troops'));
  assert.ok(!agree('some 2,000 troops', 'some 200 French troops'));
  assert.ok(agree('thousands of soldiers', 'some 7,000 troops'));
  assert.ok(agree('some 7,000 troops', 'thousands of soldiers'));
  assert.ok(!agree('hundreds of soldiers', 'some 7,000 troops'));
  assert.ok(agree('up to 10,000 people', 'approximately 10,000 Kyrgyz citizens'));
  assert.ok(!agree('fewer than 500 troops', '700 troops'));
  assert.ok(agree('at least 1,000 servicemen', 'more than 1000 servicemen'));
  assert.ok(agree('$16 million', '$16.2 million'));
  assert.ok(!agree('7,000 troops', '7,400 troops'));
  assert.ok(agree('10-15 troops', '12 troops'));
  assert.ok(!agree('10-15 troops', '20 troops'));
  assert.ok(agree('about 600 kilometres', 'more than 570 kilometers'));
  assert.ok(!agree('about 7,000 troops', '5,000 troops'));
  assert.ok(agree('14-16%', '15%'));
  // Two exact ranges agree end for end; a figure within a range still agrees.
  assert.ok(!agree('14–18%', '14-16%'));
  assert.ok(!agree('12-16%', '14-16%'));
  assert.ok(agree('14–16%', '14-16%'));
  assert.ok(agree('15%', '14-16%'));
  assert.ok(agree('some 14-16%', '15%'));
});

test('formatLike: a range in the brief takes the source\'s range, or its single figure', () => {
  const range = (brief: string, v: number, max?: number) => formatLike(extractQuantities(brief).find((q) => q.kind !== 'year')!, v, undefined, max);
  assert.equal(range('only 24–26 per cent of the budget', 14, 16), '14–16 per cent');
  assert.equal(range('only 24-26% of the budget', 14, 16), '14-16%');
  assert.equal(range('only 24–26 per cent of the budget', 15), '15 per cent');
  assert.equal(range('between 300 and 400 troops', 200, 250), '200 and 250');
  assert.equal(range('between 300 and 400 troops', 200), '200');
  assert.equal(range('some 1,200–1,500 troops', 2000, 2500), '2,000–2,500');
  assert.equal(range('some 300-400 troops', 200, 250), '200-250');
});

test('formatLike writes the source value in the brief format', () => {
  const f = (brief: string, v: number, src?: string) => formatLike(extractQuantities(brief).find((q) => q.kind !== 'year')!, v, src);
  assert.equal(f('$60 million', 16e6, '\\$16mln'), '$16 million');
  assert.equal(f('\\$60 million', 16e6), '\\$16 million');
  assert.equal(f('2,000 troops', 200), '200');
  assert.equal(f('200 troops', 2000), '2,000');
  assert.equal(f('7000 troops', 8000), '8000');
  assert.equal(f('7 000 troops', 8500), '8 500');
  assert.equal(f('seven thousand troops', 8000), 'eight thousand');
  assert.equal(f('Seven thousand troops', 8000), 'Eight thousand');
  assert.equal(f('40%', 45), '45%');
  assert.equal(f('40 per cent', 45), '45 per cent');
  assert.equal(f('750 kilometres', 570), '570');
  assert.equal(f('sevenfold', 3), 'threefold');
  // A fraction has no "-fold" word: "4.5 times", or digits with a hyphen.
  assert.equal(f('fivefold', 4.5), '4.5 times');
  assert.equal(f('5-fold', 4.5), '4.5-fold');
  assert.equal(f('quadrupled', 4.5), 'increased 4.5 times');
  assert.equal(f('7 times', 4.5), '4.5 times');
  assert.equal(f('$4.5 million', 14e6), '$14 million');
  assert.equal(f('$4.5 million', 450e3), '$450 thousand');
  assert.equal(f('€3 bn', 2.5e9), '€2.5 bn');
  assert.equal(f('4.5$ mln', 16e6), '16$ mln');
  assert.equal(f('160 billion dollars', 140e9), '140 billion dollars');
  // A figure that outgrows the sentence's scale word takes the larger one.
  assert.equal(f('over $31 million', 31e9), '$31 billion');
  assert.equal(f('4.5$ mln', 2e9), '2$ bn');
  assert.equal(f('$900 million', 950e6), '$950 million');
  assert.equal(f('three IPAPs', 2), 'two');
  assert.equal(f('the 201st division', 202), '202nd');
  assert.equal(f('doubled', 3), 'tripled');
  assert.equal(f('quadrupled', 7), 'increased sevenfold');
  assert.equal(f('Tripled', 12), 'Increased twelvefold');
  assert.equal(f('thousands of soldiers', 200, '200'), '200');
});

test('numberToWords', () => {
  assert.equal(numberToWords(7000), 'seven thousand');
  assert.equal(numberToWords(25), 'twenty-five');
  assert.equal(numberToWords(250, true), 'two hundred and fifty');
  assert.equal(numberToWords(1_500_000), 'one million five hundred thousand');
});

test('labelled sample claims: brief sentences against their evidence', () => {
  // sa-05: number-mismatch $60 million vs \$16mln
  assert.ok(!agree("China has contributed $60 million to Kyrgyzstan's defence sector [@talantbekova2024].",
    'China has made a significant contribution to the defense sector in Kyrgyzstan by donating \\$16mln'));
  // sa-10: some 2,000 troops vs some 200 French troops (table row)
  const row = '| French contingent, Dushanbe (Душанбе) | some 2,000 troops (2008) | [@najibullah2008] |';
  const rq = counts(row);
  assert.deepEqual(rq.map((q) => [q.value, q.approx, q.unit, row.slice(q.valueStart, q.valueEnd)]), [[2000, 'about', 'personnel', '2,000']]);
  assert.ok(!agree(row, 'There are also some 200 French troops stationed in the Tajik capital, Dushanbe'));
  // sa-12: more than 750 vs more than 570
  assert.ok(!agree('China shares a border of more than 750 kilometres with Tajikistan [@najibullah2008].',
    'China shares a border of more than 570 kilometers with Tajikistan'));
  // sb-13 / sb-22: correct counts
  assert.ok(agree('It went on to complete three IPAPs in a row [@talantbekova2024].', 'eventually completing three IPAPs in a row'));
  assert.ok(agree('Zagdsuren and Densmaa note that the treaty has 11 articles in total [@zagdsuren2025].', 'as outlined in a total of 11 articles'));
  // sa-08, sa-09, sb-20: designations and ordinals produce no comparable counts.
  assert.deepEqual(counts('| Kant air base | Su-25, Su-27, An-24 and Il-76 aircraft; Mi-8 helicopters | [@najibullah2008] |'), []);
  assert.deepEqual(counts('| 954th Anti-Submarine Weapons Test Base | listed among Russian facilities in Central Asia | [@talantbekova2024] |'), []);
  assert.deepEqual(counts("The treaty's first article bars members from joining any military alliance hostile to other member states [@zagdsuren2025]."), []);
  assert.deepEqual(counts('The video-format meeting of Russian and Central Asian ministers in 2020, modelled on the C5+1, marked a new regional approach [@najibullah2008].'), []);
});

test('real source passages', () => {
  const naj = source('najibullah2008.txt');
  const nq = counts(naj);
  const find = (qs: Quantity[], v: number) => qs.find((q) => q.value === v);
  assert.deepEqual(
    [7000, 400, 570, 1000, 50e6, 200].map((v) => {
      const q = find(nq, v)!;
      return [q.value, q.approx, q.kind, q.unit ?? q.currency];
    }),
    [
      [7000, 'about', 'count', 'personnel'],
      [400, 'about', 'count', 'personnel'],
      [570, 'more-than', 'measure', 'km'],
      [1000, 'about', 'count', 'personnel'],
      [50e6, 'exact', 'money', 'USD'],
      [200, 'about', 'count', 'personnel'],
    ],
  );
  const tal = source('talantbekova2024.txt');
  const tq = extractQuantities(tal);
  for (const v of [160e9, 4.5e6, 140e6, 16e6, 14e6, 45e6]) assert.ok(tq.some((q) => q.kind === 'money' && q.value === v), `money ${v}`);
  assert.ok(tq.some((q) => q.kind === 'percent' && q.value === 40));
  assert.ok(tq.some((q) => q.kind === 'percent' && q.value === 14 && q.max === 16));
  assert.ok(tq.some((q) => q.kind === 'multiplier' && q.value === 7));
  assert.ok(tq.some((q) => q.kind === 'multiplier' && q.value === 3 && q.text === 'tripled'));
  assert.ok(tq.some((q) => q.kind === 'count' && q.value === 1000 && q.approx === 'more-than' && q.unit === 'personnel'));
  assert.ok(tq.some((q) => q.kind === 'year' && q.value === 2010 && q.max === 2013));
  // No model numbers, page numbers or citation years leak as counts.
  assert.ok(!tq.some((q) => q.kind === 'count' && [25, 27, 24, 76, 8, 6, 10].includes(q.value) && /Mi-|Su-|Wolkov/.test(tal.slice(q.start - 10, q.end))));
  const zag = source('zagdsuren2025.txt');
  const zq = counts(zag);
  assert.ok(zq.some((q) => q.value === 10000 && q.approx === 'about' && q.unit === 'people'));
  assert.ok(zq.some((q) => q.value === 7000 && q.unit === 'personnel'));
  assert.ok(zq.some((q) => q.value === 31e9 && q.approx === 'more-than'));
  assert.ok(zq.some((q) => q.value === 11 && q.unit === 'articl'));
  assert.ok(!zq.some((q) => q.value === 45 || q.value === 31435 || q.value === 3201));
  const rk = source('russia-kyrgyzstan-2023.txt');
  assert.ok(counts(rk).some((q) => q.value === 1300 && q.approx === 'more-than'));
  // Offsets are consistent everywhere.
  for (const text of [naj, tal, zag, rk]) {
    for (const q of extractQuantities(text)) {
      assert.equal(text.slice(q.start, q.end), q.text);
      assert.ok(q.start <= q.valueStart && q.valueEnd <= q.end && q.valueStart < q.valueEnd, q.text);
    }
  }
});

test('large and adversarial inputs complete', () => {
  const big = (source('talantbekova2024.txt') + source('zagdsuren2025.txt')).repeat(2).slice(0, 100_000);
  assert.ok(extractQuantities(big).length > 100);
  const digits = '1,'.repeat(30_000) + '1';
  extractQuantities(digits);
  extractQuantities('9'.repeat(50_000));
  extractQuantities('one two three four five six seven eight nine ten '.repeat(1000));
  extractQuantities('(' + 'Smith, '.repeat(10_000) + ')');
  extractQuantities('$ '.repeat(20_000) + ' - to and '.repeat(5000));
});
