import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PartialDate } from '../../server/src/corpus/types';
import {
  extractDates,
  datesOverlap,
  describeDate,
  compareToPublication,
  dateEdit,
  dayRange,
  type DateMention,
} from '../../server/src/brief/dates';

const CORPUS = [join(process.cwd(), 'corpus'), join(__dirname, '..', '..', '..', 'corpus')].find((d) => existsSync(d))!;
const source = (name: string) => readFileSync(join(CORPUS, name), 'utf8');

function one(text: string, reference?: PartialDate): DateMention {
  const ds = extractDates(text, reference);
  assert.equal(ds.length, 1, `expected one date in ${JSON.stringify(text)}, got ${JSON.stringify(ds.map((d) => d.text))}`);
  return ds[0];
}
function span(d: DateMention): [PartialDate, PartialDate] {
  return [d.from, d.to];
}

test('single dates in every format', () => {
  const cases: [string, PartialDate, DateMention['precision']][] = [
    ['2023', { year: 2023 }, 'year'],
    ['in 2008', { year: 2008 }, 'year'],
    ['May 2023', { year: 2023, month: 5 }, 'month'],
    ['in April 2023.', { year: 2023, month: 4 }, 'month'],
    ['8 May 2023', { year: 2023, month: 5, day: 8 }, 'day'],
    ['8th of May 2023', { year: 2023, month: 5, day: 8 }, 'day'],
    ['May 8, 2023', { year: 2023, month: 5, day: 8 }, 'day'],
    ['May 8th 2023', { year: 2023, month: 5, day: 8 }, 'day'],
    ['2023-05-08', { year: 2023, month: 5, day: 8 }, 'day'],
    ['09.05.2023', { year: 2023, month: 5, day: 9 }, 'day'],
    ['25/03/2022', { year: 2022, month: 3, day: 25 }, 'day'],
    ['2022.03.25', { year: 2022, month: 3, day: 25 }, 'day'],
    ['Jan. 2020', { year: 2020, month: 1 }, 'month'],
    ['Sept. 2021', { year: 2021, month: 9 }, 'month'],
    ['Sep 2021', { year: 2021, month: 9 }, 'month'],
    ['February, 2021', { year: 2021, month: 2 }, 'month'],
    ['17 June, 2022', { year: 2022, month: 6, day: 17 }, 'day'],
    ['8 мая 2023 г.', { year: 2023, month: 5, day: 8 }, 'day'],
    ['в мае 2023 года', { year: 2023, month: 5 }, 'month'],
    ['2019-05', { year: 2019, month: 5 }, 'month'],
  ];
  for (const [t, d, p] of cases) {
    const m = one(t);
    assert.deepEqual(span(m), [d, d], t);
    assert.equal(m.precision, p, t);
    assert.equal(m.relative, false);
    assert.equal(t.slice(m.start, m.end), m.text);
  }
});

test('decades, centuries and ranges', () => {
  const cases: [string, number, number][] = [
    ['the 1990s', 1990, 1999],
    ['early 2000s', 2000, 2003],
    ['the early 2000s', 2000, 2003],
    ['mid-2000s', 2003, 2006],
    ['late 1990s', 1997, 1999],
    ['2010–2013', 2010, 2013],
    ['2010-2013', 2010, 2013],
    ['2010—2013', 2010, 2013],
    ['2010-13', 2010, 2013],
    ['from 2010 to 2013', 2010, 2013],
    ['between 2010 and 2013', 2010, 2013],
    ['between 2023 and 2026', 2023, 2026],
    ['the Afghan War (1979-1989)', 1979, 1989],
    ['the Afghan War of 1979–1989', 1979, 1989],
    ['the 19th century', 1800, 1899],
  ];
  for (const [t, a, b] of cases) {
    const m = one(t);
    assert.deepEqual(span(m), [{ year: a }, { year: b }], t);
  }
  assert.equal(one('the 1990s').precision, 'decade');
  assert.equal(one('2010–2013').precision, 'range');
  const ft = one('from 2010 to 2013');
  assert.equal(ft.text, 'from 2010 to 2013');
  assert.equal('from 2010 to 2013'.slice(ft.editStart, ft.editEnd), '2010 to 2013');
  const mr = one('from March 2022 to May 2023');
  assert.deepEqual(span(mr), [{ year: 2022, month: 3 }, { year: 2023, month: 5 }]);
  assert.deepEqual(span(one('8–9 May 2023')), [{ year: 2023, month: 5, day: 8 }, { year: 2023, month: 5, day: 9 }]);
  assert.deepEqual(span(one('May–June 2023')), [{ year: 2023, month: 5 }, { year: 2023, month: 6 }]);
});

test('open intervals', () => {
  const after = one('Moscow\'s efforts intensified after 2016, when');
  assert.equal(after.open, 'after');
  assert.deepEqual(after.from, { year: 2016 });
  assert.equal(after.text, 'after 2016');
  assert.equal(one('Since 2002, the National Guard').open, 'after');
  assert.equal(one('until 1997').open, 'before');
  assert.deepEqual(one('until 1997').to, { year: 1997 });
  assert.equal(one('before May 2023').open, 'before');
  assert.equal(describeDate(after), 'after 2016');
  // An event's date and the end of a term are two dates; "from … until" is one span.
  const lease = extractDates('its lease was extended in 2014 until 2042');
  assert.deepEqual(lease.map((d) => [d.text, d.open ?? '']), [['in 2014', ''], ['until 2042', 'before']]);
  assert.deepEqual(extractDates('the lease runs from 2014 until 2042').map((d) => [d.text, d.precision]), [['from 2014 until 2042', 'range']]);
  // "to" after a term's verb ends the term, as "until" does; elsewhere it does not open one.
  assert.deepEqual(extractDates('its lease has been extended to 2042').map((d) => [d.text, d.open ?? '']), [['to 2042', 'before']]);
  assert.deepEqual(extractDates('the contract runs to 2060').map((d) => [d.text, d.open ?? '']), [['to 2060', 'before']]);
  assert.deepEqual(extractDates('the summit moved to 2024').map((d) => [d.text, d.open ?? '']), [['2024', '']]);
  assert.deepEqual(extractDates('she dates their renewed interest to 2014–2016').map((d) => [d.text, d.open ?? '']), [['2014–2016', '']]);
  // "until the end of <an event> in 1999" ends a term there too; the date proper is the year.
  const [warEnd] = extractDates('troops fought until the end of the civil war in 1999');
  assert.deepEqual([warEnd.text, warEnd.open, warEnd.to], ['until the end of the civil war in 1999', 'before', { year: 1999 }]);
  assert.equal('troops fought until the end of the civil war in 1999'.slice(warEnd.editStart, warEnd.editEnd), '1999');
  assert.deepEqual(extractDates('at the end of the civil war in 1999').map((d) => d.open ?? ''), ['']);
});

test('a span back from a date bounds it on both sides ("less than two months before 24 February 2022")', () => {
  const cases: [string, PartialDate, PartialDate][] = [
    ['less than two months before 24 February 2022, troops', { year: 2021, month: 12, day: 24 }, { year: 2022, month: 2, day: 24 }],
    ['a year before 2014', { year: 2013 }, { year: 2014 }],
    ['two years before March 2010', { year: 2008, month: 3 }, { year: 2010, month: 3 }],
    ['some 5 days before 3 January 2021', { year: 2020, month: 12, day: 29 }, { year: 2021, month: 1, day: 3 }],
    ['three weeks prior to 1 March 2020', { year: 2020, month: 2, day: 9 }, { year: 2020, month: 3, day: 1 }],
  ];
  for (const [text, from, to] of cases) {
    const d = one(text);
    assert.deepEqual([d.from, d.to, d.open, d.precision], [from, to, undefined, 'range'], text);
    // A fix replaces the whole expression, not the anchor date alone.
    assert.equal(text.slice(d.editStart, d.editEnd), d.text);
  }
  assert.equal(one('less than two months before 24 February 2022').text, 'less than two months before 24 February 2022');
  // Without a span, "before" stays open.
  assert.equal(one('in the months before 24 February 2022').open, 'before');
});

test('editStart/editEnd and parts', () => {
  const t = 'Putin and Japarov also spoke by phone in March 2023 to discuss';
  const d = one(t);
  assert.equal(d.text, 'in March 2023');
  assert.equal(t.slice(d.editStart, d.editEnd), 'March 2023');
  assert.equal(t.slice(d.parts!.month![0], d.parts!.month![1]), 'March');
  assert.equal(t.slice(d.parts!.year![0], d.parts!.year![1]), '2023');
  const y = 'were held in 2021 [@talantbekova2024].';
  const yd = one(y);
  assert.equal(y.slice(yd.editStart, yd.editEnd), '2021');
});

test('dateEdit makes the minimal change', () => {
  const t = 'Putin and Japarov also spoke by phone in March 2023 to discuss';
  const d = one(t);
  const src = one('holding a phone call in April 2023.');
  assert.deepEqual(dateEdit(d, src, t), { start: t.indexOf('March'), end: t.indexOf('March') + 5, newText: 'April' });
  const y = 'Kazakhstan developed its first Individual Partnership Action Plan with NATO in 2008 [@talantbekova2024].';
  const yd = one(y);
  assert.deepEqual(dateEdit(yd, { year: 2006 }, y), { start: y.indexOf('2008'), end: y.indexOf('2008') + 4, newText: '2006' });
  const us = 'on May 8, 2023';
  const ud = one(us);
  assert.equal(dateEdit(ud, { year: 2023, month: 5, day: 9 }, us).newText, '9');
  assert.equal(dateEdit(ud, { year: 2022, month: 4, day: 9 }, us).newText, 'April 9, 2022');
  const r = 'in 2010–2013';
  assert.equal(dateEdit(one(r), one('2011-2014'), r).newText, '2011–2014');
  const ab = 'in Sept. 2021';
  assert.equal(dateEdit(one(ab), { year: 2021, month: 10 }, ab).newText, 'Oct.');
  // Short full names are not abbreviations.
  for (const [text, month, expected] of [['first signed in May 2006', 11, 'November'], ['in June 2006', 9, 'September'], ['in July 2006', 1, 'January'], ['in Nov 2006', 5, 'May']] as const) {
    assert.equal(dateEdit(one(text), { year: 2006, month }, text).newText, expected, text);
  }
});

test('relative expressions resolved against an imprecise reference', () => {
  const ref2008: PartialDate = { year: 2008 };
  const em = one('Earlier this month, Russian media quoted', ref2008);
  assert.equal(em.relative, true);
  // A week or a month around a publication known only to the year is in that year.
  assert.deepEqual(span(em), [{ year: 2008 }, { year: 2008 }]);
  assert.deepEqual(span(one('last year', ref2008)), [{ year: 2007 }, { year: 2007 }]);
  assert.deepEqual(span(one('in the previous year', ref2008)), [{ year: 2007 }, { year: 2007 }]);
  assert.deepEqual(span(one('this year', ref2008)), [{ year: 2008 }, { year: 2008 }]);
  assert.deepEqual(span(one('last month', ref2008)), [{ year: 2008 }, { year: 2008 }]);
  assert.deepEqual(span(one('last week', { year: 2008, circa: true })), [{ year: 2008 }, { year: 2008 }]);
  // Against a month, a month is still counted from it.
  assert.deepEqual(span(one('last month', { year: 2008, month: 1 })), [{ year: 2007, month: 12 }, { year: 2007, month: 12 }]);
  const lw = one('And last week, the Russian State Duma', ref2008);
  const [ls, le] = dayRange(lw);
  assert.ok(ls <= dayRange({ year: 2008 })[0] && le <= dayRange({ year: 2008 })[1]);
  assert.ok(datesOverlap(lw, { year: 2008, month: 6 }));
  // A month named before a relative year is that month of it.
  const mayLast = one('The meeting held in May last year concluded', { year: 2025, month: 3, day: 27 });
  assert.deepEqual([mayLast.text, ...span(mayLast), mayLast.precision], ['May last year', { year: 2024, month: 5 }, { year: 2024, month: 5 }, 'month']);
  assert.deepEqual(span(one('in March of this year', ref2008)), [{ year: 2008, month: 3 }, { year: 2008, month: 3 }]);
  // Circa references widen by a year.
  assert.deepEqual(span(one('last year', { year: 2008, circa: true })), [{ year: 2006 }, { year: 2008 }]);
  // Vague expressions are not dates.
  assert.deepEqual(extractDates('recently, in recent months, in recent years', ref2008), []);
  // Without a reference, relative expressions are skipped.
  assert.deepEqual(extractDates('earlier this month and last year'), []);
});

test('relative expressions against month and day references', () => {
  const may: PartialDate = { year: 2023, month: 5 };
  assert.deepEqual(span(one('earlier this month', may)), [{ year: 2023, month: 5 }, { year: 2023, month: 5 }]);
  assert.deepEqual(span(one('last month', may)), [{ year: 2023, month: 4 }, { year: 2023, month: 4 }]);
  assert.deepEqual(span(one('last month', { year: 2023, month: 1 })), [{ year: 2022, month: 12 }, { year: 2022, month: 12 }]);
  const lw = one('last week', may);
  assert.deepEqual(lw.from.year, 2023);
  assert.ok(lw.from.month === 4 && (lw.from.day ?? 0) >= 17);
  assert.ok(lw.to.month === 5);
  assert.deepEqual(span(one('two years ago', may)), [{ year: 2021 }, { year: 2021 }]);
  const day: PartialDate = { year: 2025, month: 3, day: 27 };
  const y = one('yesterday', day);
  assert.deepEqual(span(y), [{ year: 2025, month: 3, day: 26 }, { year: 2025, month: 3, day: 26 }]);
  const w = one('last week', day);
  assert.ok(dayRange(w)[1] < dayRange(day)[0]);
  assert.deepEqual(span(one('in the beginning of last year', day)), [{ year: 2024 }, { year: 2024 }]);
});

test('not dates: counts, model names, identifiers, citations, times', () => {
  for (const t of [
    'some 2,000 troops', '2000 troops were sent', 'more than 1000 servicemen', 'Su-25 and Il-76', 'issue 1(45)',
    'doi: 10.31435/ijitss.1(45).2025.3201', 'https://www.thedefensepost.com/2023/05/08/russia-military/', 'at 10:30',
    '[@najibullah2008, p. 2008]', '(Kommersant 2017)', '(Hoagland, Repass, Wolkov 2021, 6–10)', '14-16% of the budget',
    'C5+1', '$2000 million', 'the 201st division',
  ]) {
    assert.deepEqual(extractDates(t).map((d) => d.text), [], t);
  }
  // Also when a date later in the text is read first (a span range, "until 2050-2060").
  assert.deepEqual(
    extractDates('tests are conducted (Kommersant 2017). These facilities are to serve the Russian authorities until 2050-2060.').map((d) => d.text),
    ['until 2050-2060'],
  );
});

test('overlap, description and publication comparison', () => {
  const a = one('in 2008');
  const b = one('June 2008');
  const c = one('2010–2013');
  assert.ok(datesOverlap(a, b));
  assert.ok(!datesOverlap(b, c));
  assert.ok(datesOverlap(one('2010-2013'), one('2010–2013')));
  assert.ok(datesOverlap(one('8 May 2023'), one('May 8, 2023')));
  assert.ok(!datesOverlap(one('March 2023'), one('April 2023')));
  assert.equal(describeDate(one('in April 2023')), 'April 2023');
  assert.equal(describeDate(a), '2008');
  assert.equal(describeDate(c), '2010–2013');
  assert.equal(describeDate(one('the 1990s')), 'the 1990s');
  assert.equal(describeDate(one('8 May 2023')), '8 May 2023');
  assert.equal(describeDate({ year: 2008, circa: true }), 'c. 2008');
  const pub2008: PartialDate = { year: 2008 };
  assert.equal(compareToPublication(one('in 2020'), pub2008), 'after');
  assert.equal(compareToPublication(one('after 2016'), pub2008), 'after');
  assert.equal(compareToPublication(one('in 2021'), pub2008), 'after');
  assert.equal(compareToPublication(one('in 2003'), pub2008), 'before');
  assert.equal(compareToPublication(one('in 2008'), pub2008), 'overlaps');
  assert.equal(compareToPublication(one('in 2009'), { year: 2008, circa: true }), 'overlaps');
  assert.equal(compareToPublication(one('in 2010'), { year: 2008, circa: true }), 'after');
  assert.equal(compareToPublication(one('8 May 2023'), { year: 2023, month: 5 }), 'overlaps');
  assert.equal(compareToPublication(one('June 2023'), { year: 2023, month: 5 }), 'after');
  assert.equal(compareToPublication(one('since 2002'), pub2008), 'overlaps');
});

test('labelled sample claims', () => {
  // sa-02: "In 2008 ... met" vs the source's "earlier this month" in a 2008 article.
  const brief = one('In 2008 President Dmitry Medvedev met Tajikistan\'s Emomali Rahmon in St Petersburg [@najibullah2008].');
  const src = extractDates(
    'the "further expansion of military-technical cooperation" was high on the agenda earlier this month when President Dmitry Medvedev met',
    { year: 2008 },
  );
  assert.equal(src.length, 1);
  assert.ok(datesOverlap(brief, src[0]));
  // sa-03: March vs April 2023.
  assert.ok(!datesOverlap(one('spoke by phone in March 2023'), one('holding a phone call in April 2023.')));
  // sa-06 / sa-11: range formatting.
  assert.ok(datesOverlap(one('only grew in 2010–2013 [@talantbekova2024]'), one('this interest only increased in 2010-2013')));
  assert.deepEqual(span(one('used during the Afghan War of 1979–1989 [@talantbekova2024].')), [{ year: 1979 }, { year: 1989 }]);
  // sb-12 and sb-19: misdated years.
  assert.ok(!datesOverlap(one('with NATO in 2008 [@talantbekova2024].'), one('took the most active part in 2006 by developing')));
  assert.ok(!datesOverlap(one('were held in 2021 [@talantbekova2024].'), one('was held in the video format of 2020 (Kaktus Media 2020).')));
  // sa-16, sb-17, sb-18: anachronistic citations of the 2008 article.
  const pub = { year: 2008 };
  assert.equal(compareToPublication(one('The video-format meeting of Russian and Central Asian ministers in 2020, modelled on the C5+1, marked a new regional approach [@najibullah2008].'), pub), 'after');
  assert.equal(compareToPublication(one("Moscow's efforts intensified after 2016, when Shavkat Mirziyoyev became president of Uzbekistan [@najibullah2008]."), pub), 'after');
  assert.equal(compareToPublication(one('The 2021 US withdrawal from Afghanistan became a determining factor [@najibullah2008].'), pub), 'after');
  // sb-15 and sb-11 are fine for a 2008 article.
  assert.equal(compareToPublication(one('In 2008 Uzbekistan allowed NATO forces involved in Afghanistan to reuse a former U.S. base on its territory [@najibullah2008].'), pub), 'overlaps');
  assert.equal(compareToPublication(one('| NATO | cooperation with Turkmenistan under Gurbanguly Berdymukhammedov (2008) | [@najibullah2008] |'), pub), 'overlaps');
  // sa-07: decade.
  assert.deepEqual(span(one('In the 1990s Boris Yeltsin largely disregarded Central Asia [@bobolo2015].')), [{ year: 1990 }, { year: 1999 }]);
});

test('real source passages', () => {
  const naj = extractDates(source('najibullah2008.txt'), { year: 2008 });
  const texts = naj.map((d) => d.text);
  for (const t of ['this month', 'Earlier this month', 'last week', 'in November 2006', 'in 2003', 'earlier this month', 'in 2001', 'in 2005']) {
    assert.ok(texts.includes(t), `${t} in ${JSON.stringify(texts)}`);
  }
  assert.ok(naj.filter((d) => d.relative).every((d) => d.from.year >= 2007 && d.to.year <= 2008));
  const rk = extractDates(source('russia-kyrgyzstan-2023.txt'), { year: 2023, month: 5 });
  const rkt = rk.map((d) => describeDate(d));
  for (const t of ['8 May 2023', 'April 2023', '2012', '2019', 'January 2022', 'February 2023', '9 May 2023']) assert.ok(rkt.includes(t), `${t} in ${rkt}`);
  const zag = extractDates(source('zagdsuren2025.txt'), { year: 2025, month: 3, day: 27 });
  const zt = zag.map((d) => describeDate(d));
  for (const t of ['25 January 2025', '17 March 2025', '27 March 2025', '23 September 2023', '2021', 'after 2002', '2024']) assert.ok(zt.includes(t), `${t} in ${zt}`);
  assert.ok(!zag.some((d) => d.from.year === 2025 && d.text.includes('3201')));
  const tal = extractDates(source('talantbekova2024.txt'), { year: 2024 });
  const tt = tal.map((d) => describeDate(d));
  for (const t of ['2010–2013', '1979–1989', '2006', '2016', '2020', 'the 1990s', '24 February 2022', 'June 2020', '2023–2026']) assert.ok(tt.includes(t), `${t} in ${tt}`);
  // Parenthetical author-year citations are not event dates.
  assert.ok(!tal.some((d) => /Kommersant|Poita|Grozovski/.test(d.text)));
  for (const text of [source('najibullah2008.txt'), source('talantbekova2024.txt')]) {
    for (const d of extractDates(text, { year: 2008 })) {
      assert.equal(text.slice(d.start, d.end), d.text);
      assert.ok(d.start <= d.editStart && d.editEnd <= d.end);
      assert.ok(dayRange(d)[0] <= dayRange(d)[1]);
    }
  }
});

test('large and adversarial inputs complete', () => {
  const big = (source('talantbekova2024.txt') + source('zagdsuren2025.txt')).repeat(2).slice(0, 100_000);
  assert.ok(extractDates(big, { year: 2024 }).length > 50);
  extractDates('2010-'.repeat(20_000));
  extractDates('May '.repeat(20_000) + '2023');
  extractDates('(' + 'Smith, '.repeat(10_000) + '2020)');
  extractDates('1.'.repeat(30_000));
  extractDates('early mid late '.repeat(5000) + '1990s');
});
