// Extraction and comparison of date expressions in prose (briefs and source passages).
//
// A DateMention denotes an interval of days given by two PartialDates, `from` and `to`, both inclusive
// and read at their own precision: {year: 2010} as `from` means 1 January 2010, as `to` 31 December 2010;
// {year: 2023, month: 5} means the whole of May. `dayRange` turns a mention into comparable day numbers
// (days since 1970-01-01, UTC). Open intervals ("after 2016", "until 1997") carry `open` and use the
// sentinel years OPEN_START / OPEN_END on their open side.
//
// Relative expressions ("last week", "earlier this month", "the previous year") are resolved only when a
// reference date (a source's publication date) is given; an imprecise reference gives a range, never an
// invented day. Vague expressions ("recently", "in recent months") are not emitted.
import type { PartialDate } from '../corpus/types';
import { MONTH_NAMES, MONTH_SOURCE, SpanSet, fourDigitIsYear, ignoredSpans, monthNumber } from './quantities';

export type DatePrecision = 'year' | 'month' | 'day' | 'decade' | 'range';

export interface DateMention {
  /** Offsets of the whole expression, including a leading "in"/"from"/"between"/"after" where it matters. */
  start: number;
  end: number;
  /** Inclusive bounds; `to` equals `from` for a single date. */
  from: PartialDate;
  to: PartialDate;
  precision: DatePrecision;
  /** Resolved from a relative expression against the reference date. */
  relative: boolean;
  text: string;
  /** The date proper, without prepositions ("March 2023" in "in March 2023", "2010–2013"): what a quick fix replaces. */
  editStart: number;
  editEnd: number;
  /** "after 2016", "since 2002" → 'after'; "before 2016", "until 1997" → 'before'. */
  open?: 'after' | 'before';
  /** Offsets of the day, month and year tokens of a single date, for minimal edits (see `dateEdit`). */
  parts?: { day?: [number, number]; month?: [number, number]; year?: [number, number] };
}

export const OPEN_START = 1;
export const OPEN_END = 9999;

// ---------------------------------------------------------------------------------------------
// Day arithmetic

const DAY_MS = 86400000;

function dayNumber(y: number, m: number, d: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  date.setUTCHours(0, 0, 0, 0);
  return Math.round(date.getTime() / DAY_MS);
}

function fromDayNumber(n: number): { year: number; month: number; day: number } {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function daysInMonth(y: number, m: number): number {
  return dayNumber(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - dayNumber(y, m, 1);
}

/** First day of a partial date (a 'circa' date widens by a year). */
export function startDay(d: PartialDate): number {
  return dayNumber(d.year - (d.circa ? 1 : 0), d.month ?? 1, d.day ?? 1);
}

/** Last day of a partial date (a 'circa' date widens by a year). */
export function endDay(d: PartialDate): number {
  const y = d.year + (d.circa ? 1 : 0);
  if (d.day) return dayNumber(y, d.month ?? 1, Math.min(d.day, daysInMonth(y, d.month ?? 1)));
  if (d.month) return dayNumber(y, d.month, daysInMonth(y, d.month));
  return dayNumber(y, 12, 31);
}

/** The inclusive interval of days a mention (or a partial date) denotes. */
export function dayRange(d: DateMention | PartialDate): [number, number] {
  if ('from' in d) return [startDay(d.from), endDay(d.to)];
  return [startDay(d), endDay(d)];
}

/** Whether two date mentions can denote the same time (their intervals intersect). */
export function datesOverlap(a: DateMention | PartialDate, b: DateMention | PartialDate): boolean {
  const [as, ae] = dayRange(a);
  const [bs, be] = dayRange(b);
  return as <= be && bs <= ae;
}

/**
 * Where an event lies relative to a publication date, treating an imprecise publication date as a range
 * (a year-only date is the whole year; a 'circa' year widens by ±1 year).
 */
export function compareToPublication(event: DateMention, published: PartialDate): 'before' | 'after' | 'overlaps' {
  const [es, ee] = dayRange(event);
  const ps = startDay(published);
  const pe = endDay(published);
  if (es > pe) return 'after';
  if (ee < ps) return 'before';
  return 'overlaps';
}

// ---------------------------------------------------------------------------------------------
// Description

function describePartial(d: PartialDate): string {
  const c = d.circa ? 'c. ' : '';
  if (d.day && d.month) return `${c}${d.day} ${MONTH_NAMES[d.month - 1]} ${d.year}`;
  if (d.month) return `${c}${MONTH_NAMES[d.month - 1]} ${d.year}`;
  return `${c}${d.year}`;
}

/** A short human description for messages: "April 2023", "2008", "2010–2013", "the 1990s", "after 2016". */
export function describeDate(d: DateMention | PartialDate): string {
  if (!('from' in d)) return describePartial(d);
  if (d.open === 'after') return `after ${describePartial(d.from)}`;
  if (d.open === 'before') return `before ${describePartial(d.to)}`;
  const { from, to } = d;
  if (d.precision === 'decade' && !from.month && !to.month) {
    if (to.year - from.year === 9 && from.year % 10 === 0) return `the ${from.year}s`;
  }
  if (from.year === to.year && from.month === to.month && from.day === to.day) return describePartial(from);
  if (!from.month && !to.month) return `${from.year}–${to.year}`;
  if (from.year === to.year && !from.day && !to.day && from.month && to.month) {
    if (from.month === 1 && to.month === 12) return `${from.year}`;
    return `${MONTH_NAMES[from.month - 1]}–${MONTH_NAMES[to.month - 1]} ${from.year}`;
  }
  if (from.year === to.year && from.month === to.month && from.day && to.day && from.month) {
    return `${from.day}–${to.day} ${MONTH_NAMES[from.month - 1]} ${from.year}`;
  }
  return `${describePartial(from)} – ${describePartial(to)}`;
}

// ---------------------------------------------------------------------------------------------
// Extraction

const Y = '(\\d{4})';
const D = '(\\d{1,2})(?:st|nd|rd|th)?';
const M = `(${MONTH_SOURCE})`;
const YEAR_WORD = '(?:\\s*(?:г\\.|года|году|год))?';

interface Pattern {
  re: RegExp;
  /** Capture-group numbers of the day, month and year tokens. */
  parts?: { day?: number; month?: number; year?: number };
  build: (m: RegExpExecArray) => Partial<DateMention> | undefined;
}

function validYear(y: number): boolean {
  return y >= 1000 && y <= 2100;
}
function validDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function groupSpan(m: RegExpExecArray, text: string, index: number, from = 0): [number, number] | undefined {
  const g = m[index];
  if (g === undefined) return undefined;
  const i = m[0].indexOf(g, from);
  return [m.index + i, m.index + i + g.length];
}

const PATTERNS: Pattern[] = [
  // ISO 2023-05-08 and 2022.03.25
  {
    re: /(?<![\p{N}\p{L}.\/-])(\d{4})([-.\/])(\d{1,2})\2(\d{1,2})(?![\p{N}]|[.\/-]\d)/gu,
    build: (m) => {
      const [y, mo, d] = [+m[1], +m[3], +m[4]];
      if (!validYear(y) || !validDay(y, mo, d)) return undefined;
      const date = { year: y, month: mo, day: d };
      return { from: date, to: date, precision: 'day' };
    },
  },
  // dd.mm.yyyy, dd/mm/yyyy (day first unless impossible), dd-mm-yyyy
  {
    re: /(?<![\p{N}\p{L}.\/-])(\d{1,2})([.\/-])(\d{1,2})\2(\d{4})(?![\p{N}]|[.\/-]\d)/gu,
    build: (m) => {
      let [d, mo] = [+m[1], +m[3]];
      const y = +m[4];
      if (mo > 12 && d <= 12 && m[2] === '/') [d, mo] = [mo, d];
      if (!validYear(y) || !validDay(y, mo, d)) return undefined;
      const date = { year: y, month: mo, day: d };
      return { from: date, to: date, precision: 'day' };
    },
  },
  // 8–9 May 2023
  {
    re: new RegExp(`(?<![\\p{N}])${D}\\s*[-–—]\\s*${D}\\s+(?:of\\s+)?${M},?\\s+${Y}${YEAR_WORD}(?![\\p{N}])`, 'gu'),
    build: (m) => {
      const [d1, d2, mo, y] = [+m[1], +m[2], monthNumber(m[3]), +m[4]];
      if (!validYear(y) || !validDay(y, mo, d1) || !validDay(y, mo, d2) || d2 <= d1) return undefined;
      return { from: { year: y, month: mo, day: d1 }, to: { year: y, month: mo, day: d2 }, precision: 'range' };
    },
  },
  // 8 May 2023, 8th of May, 2023, 17 June, 2022
  {
    re: new RegExp(`(?<![\\p{N}])${D}\\s+(?:of\\s+)?${M},?\\s+${Y}${YEAR_WORD}(?![\\p{N}])`, 'gu'),
    build: (m) => {
      const [d, mo, y] = [+m[1], monthNumber(m[2]), +m[3]];
      if (!validYear(y) || !validDay(y, mo, d)) return undefined;
      const date = { year: y, month: mo, day: d };
      return { from: date, to: date, precision: 'day' };
    },
    parts: { day: 1, month: 2, year: 3 },
  },
  // May 8, 2023 / May 8th 2023
  {
    re: new RegExp(`${M}\\s+${D},?\\s+${Y}(?![\\p{N}])`, 'gu'),
    build: (m) => {
      const [mo, d, y] = [monthNumber(m[1]), +m[2], +m[3]];
      if (!validYear(y) || !validDay(y, mo, d)) return undefined;
      const date = { year: y, month: mo, day: d };
      return { from: date, to: date, precision: 'day' };
    },
    parts: { month: 1, day: 2, year: 3 },
  },
  // May–June 2023
  {
    re: new RegExp(`${M}\\s*(?:[-–—/]|to)\\s*${M},?\\s+${Y}(?![\\p{N}])`, 'gu'),
    build: (m) => {
      const [m1, m2, y] = [monthNumber(m[1]), monthNumber(m[2]), +m[3]];
      if (!validYear(y) || !m1 || !m2 || m2 <= m1) return undefined;
      return { from: { year: y, month: m1 }, to: { year: y, month: m2 }, precision: 'range' };
    },
  },
  // May 2023, February, 2021, мае 2023 года
  {
    re: new RegExp(`${M},?\\s+(?:of\\s+)?${Y}${YEAR_WORD}(?![\\p{N}])`, 'gu'),
    build: (m) => {
      const [mo, y] = [monthNumber(m[1]), +m[2]];
      if (!validYear(y) || !mo) return undefined;
      const date = { year: y, month: mo };
      return { from: date, to: date, precision: 'month' };
    },
    parts: { month: 1, year: 2 },
  },
  // ISO month 2019-05 (only when it cannot be a year range)
  {
    re: /(?<![\p{N}\p{L}.\/-])(\d{4})-(\d{2})(?![\p{N}]|[-.\/]\d)/gu,
    build: (m) => {
      const [y, mo] = [+m[1], +m[2]];
      if (!validYear(y) || mo < 1 || mo > 12 || mo > y % 100) return undefined;
      const date = { year: y, month: mo };
      return { from: date, to: date, precision: 'month' };
    },
  },
  // Decades: the 1990s, early 2000s, mid-2000s, late 1990s, the '90s
  {
    re: /(?<![\p{L}\p{N}])(?:(?:the|The)\s+)?(?:(early|mid|late|Early|Mid|Late)[-\s–]+)?(\d{3}0)(?:'s|’s|s)(?![\p{L}\p{N}])/gu,
    build: (m) => {
      const y = +m[2];
      if (!validYear(y)) return undefined;
      const mod = m[1]?.toLowerCase();
      const [a, b] = mod === 'early' ? [0, 3] : mod === 'mid' ? [3, 6] : mod === 'late' ? [7, 9] : [0, 9];
      return { from: { year: y + a }, to: { year: y + b }, precision: 'decade' };
    },
  },
  // Centuries: the 19th century, early 20th century
  {
    re: /(?<![\p{L}\p{N}])(?:(?:the|The)\s+)?(?:(early|mid|late|Early|Mid|Late)[-\s–]+)?(\d{1,2})(?:st|nd|rd|th)[-\s]+[Cc]entury(?![\p{L}])/gu,
    build: (m) => {
      const c = +m[2];
      if (c < 10 || c > 21) return undefined;
      const base = (c - 1) * 100;
      const mod = m[1]?.toLowerCase();
      const [a, b] = mod === 'early' ? [0, 32] : mod === 'mid' ? [33, 66] : mod === 'late' ? [67, 99] : [0, 99];
      return { from: { year: base + a }, to: { year: base + b }, precision: 'range' };
    },
  },
  // Year ranges: 2010–2013, 2010-13, 1979-1989
  {
    re: /(?<![\p{N}\p{L}.\/,-])(\d{4})\s?[-–—]\s?(\d{4}|\d{2})(?![\p{N}]|[-.\/]\d|\s?(?:%|per\s?cent))/gu,
    build: (m) => {
      const a = +m[1];
      const b = m[2].length === 2 ? Math.floor(a / 100) * 100 + +m[2] : +m[2];
      if (!validYear(a) || !validYear(b) || b <= a || b - a > 200) return undefined;
      return { from: { year: a }, to: { year: b }, precision: 'range' };
    },
  },
];

const BARE_YEAR = /(?<![\p{N}\p{L}.,\/\\$€£#-])(\d{4})(?![\p{N}]|[.,\/]\d|['’]?s\b|\s?(?:%|per\s?cent|percent))/gu;

const RELATIVE =
  /(?<![\p{L}])(?:(?:(earlier|later|early|late)(?:\s+in)?\s+)?(this|last|next|the\s+previous|the\s+past|the\s+current|the\s+following|the\s+preceding|previous|past)\s+(week|month|year)|(yesterday)|(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(years?|months?|weeks?)\s+ago)(?![\p{L}])/giu;

/** A month name right before a relative year ("May" in "in May last year"). */
const MONTH_BEFORE = new RegExp(`(${MONTH_SOURCE})\\s+(?:of\\s+)?$`, 'u');

const SMALL_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};

const RANGE_JOIN = /^\s*(?:[-–—]|to|through|till|until|and|до|по)\s*$/iu;
const RANGE_LEAD = /(?:^|[^\p{L}])(from|between|с|от)\s+$/iu;
const OPEN_LEAD =
  /(?:^|[^\p{L}])(after|since|post-|post|from|starting\s+in|beginning\s+in|as\s+of|before|prior\s+to|until|till|pre-|pre|up\s+to|после|с|до)\s*$/iu;
const ONWARDS = /^\s*(?:onwards?|on|and\s+later|and\s+after)\b/iu;
/** A term's verb, then "to" just before the date ("extended to", "runs to", "extended again to"; not "renewed interest to"). */
const TERM_TO = /(?:^|[^\p{L}])(?:extend|extends|extended|extending|prolong|prolonged|run|runs|running|valid)(?:\s+[\p{L}]+ly|\s+again)?\s+(to)\s*$/iu;
const IN_LEAD = /(?:^|[^\p{L}])(in|during|of|on|by|в)\s+$/iu;
/** "until the end of the civil war in 1999": the end of a term too, named by its event. */
const UNTIL_END_IN = /(?:^|[^\p{L}])(until|till)\s+the\s+end\s+of\s+(?:[\p{L}'’-]+\s+){1,6}in\s+$/iu;

/**
 * Date expressions in `text`, sorted by start. `reference` (a source's publication date) resolves relative
 * expressions ("last week", "earlier this month", "last year"); without it they are skipped.
 */
export function extractDates(text: string, reference?: PartialDate): DateMention[] {
  const ignored = new SpanSet(ignoredSpans(text));
  const found: DateMention[] = [];
  const add = (start: number, end: number, p: Partial<DateMention>, priority: number, m?: RegExpExecArray, groupsForParts?: { day?: number; month?: number; year?: number }) => {
    if (ignored.has(start, end)) return;
    const mention: DateMention & { priority: number } = {
      start,
      end,
      from: p.from!,
      to: p.to!,
      precision: p.precision!,
      relative: p.relative ?? false,
      text: text.slice(start, end),
      editStart: start,
      editEnd: end,
      priority,
    };
    if (m && groupsForParts) {
      const parts: NonNullable<DateMention['parts']> = {};
      let cursor = 0;
      for (const [name, idx] of (Object.entries(groupsForParts) as [string, number][]).sort((a, b) => a[1] - b[1])) {
        const span = groupSpan(m, text, idx, cursor);
        if (span) {
          (parts as Record<string, [number, number]>)[name] = span;
          cursor = span[1] - m.index;
        }
      }
      mention.parts = parts;
    }
    found.push(mention);
  };

  PATTERNS.forEach((pat, i) => {
    pat.re.lastIndex = 0;
    for (let m = pat.re.exec(text); m; m = pat.re.exec(text)) {
      const built = pat.build(m);
      if (!built) continue;
      add(m.index, m.index + m[0].length, built, 100 - i, m, pat.parts);
    }
  });

  // Bare years.
  BARE_YEAR.lastIndex = 0;
  for (let m = BARE_YEAR.exec(text); m; m = BARE_YEAR.exec(text)) {
    const y = +m[1];
    const s = m.index;
    const e = s + 4;
    if (!validYear(y)) continue;
    const prev = text[s - 1];
    if ((prev === '+' || prev === '(') && /[\p{L}\p{N})]/u.test(text[s - 2] ?? '')) continue;
    if (/^(?:st|nd|rd|th)\b/.test(text.slice(e, e + 3))) continue;
    if (/^\s?(?:[ap]\.?m\.?|hrs|h)\b/i.test(text.slice(e, e + 5))) continue;
    if (!fourDigitIsYear(text, s, e, hedgedBefore(text, s))) continue;
    // Money or scale words make it a number ("2000 million").
    if (/^\s?(?:million|billion|thousand|mln|bn|k)\b/i.test(text.slice(e, e + 10))) continue;
    add(s, e, { from: { year: y }, to: { year: y }, precision: 'year' }, 1, m, { year: 1 });
  }

  // Relative expressions.
  if (reference) {
    RELATIVE.lastIndex = 0;
    for (let m = RELATIVE.exec(text); m; m = RELATIVE.exec(text)) {
      const r = resolveRelative(m, reference);
      if (!r) continue;
      // "in May last year": that month of the year the expression names.
      const { from, to } = r;
      const month = m[2] && !m[1] && m[3].toLowerCase() === 'year' && from && to ? MONTH_BEFORE.exec(text.slice(Math.max(0, m.index - 16), m.index)) : null;
      if (month && from && to) {
        const n = monthNumber(month[1]);
        const at = m.index - month[0].length + month[0].indexOf(month[1]);
        add(at, m.index + m[0].length, { from: { year: from.year, month: n }, to: { year: to.year, month: n }, precision: from.year === to.year ? 'month' : 'range', relative: true }, 50);
      } else add(m.index, m.index + m[0].length, { ...r, relative: true }, 50);
    }
  }

  // Resolve overlaps: prefer the longer, then the higher priority.
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const singles: (DateMention & { priority?: number })[] = [];
  for (const d of found as (DateMention & { priority: number })[]) {
    const last = singles[singles.length - 1];
    if (last && d.start < last.end) {
      const dLen = d.end - d.start;
      const lLen = last.end - last.start;
      if (dLen > lLen || (dLen === lLen && d.priority > (last.priority ?? 0))) singles[singles.length - 1] = d;
      continue;
    }
    singles.push(d);
  }

  // Join "2010 to 2013", "from May 2022 to June 2023", "between 2010 and 2013", "2016–2020" of singles.
  const merged: DateMention[] = [];
  for (let i = 0; i < singles.length; i++) {
    const a = singles[i];
    const b = singles[i + 1];
    if (b && !a.relative && !b.relative && !a.open) {
      const gap = text.slice(a.end, b.start);
      const lead = RANGE_LEAD.exec(text.slice(Math.max(0, a.start - 12), a.start));
      const join = RANGE_JOIN.exec(gap);
      const joinWord = join?.[0].trim().toLowerCase();
      // "extended in 2014 until 2042" dates an event and the end of a term: two dates, not a span.
      const eventThenEnd = (joinWord === 'until' || joinWord === 'till') && /(?:^|[^\p{L}])(?:in|on)\s+$/iu.test(text.slice(Math.max(0, a.start - 4), a.start));
      if (join && !eventThenEnd && (joinWord !== 'and' || lead?.[1].toLowerCase() === 'between') && startDay(b.from) > startDay(a.from)) {
        const start = lead ? a.start - lead[0].length + lead[0].indexOf(lead[1]) : a.start;
        merged.push({
          start,
          end: b.end,
          from: a.from,
          to: b.to,
          precision: 'range',
          relative: false,
          text: text.slice(start, b.end),
          editStart: a.start,
          editEnd: b.end,
        });
        i++;
        continue;
      }
    }
    merged.push(a);
  }

  // Open intervals and prepositions.
  for (const d of merged) {
    delete (d as { priority?: number }).priority;
    if (d.relative || d.precision === 'range' && d.start !== d.editStart) continue;
    const before = text.slice(Math.max(0, d.start - 16), d.start);
    // "extended to 2042", "the lease runs to 2042": the end of a term, as "until 2042" is.
    const termEnd = TERM_TO.exec(text.slice(Math.max(0, d.start - 48), d.start));
    const untilEnd = UNTIL_END_IN.exec(text.slice(Math.max(0, d.start - 80), d.start));
    const lead = OPEN_LEAD.exec(before);
    // [the lead word as read, how far before the date it starts]
    const open: [string, number] | undefined = lead
      ? [lead[1], lead[0].length - lead[0].indexOf(lead[1])]
      : termEnd
        ? ['until', termEnd[0].length - termEnd[0].lastIndexOf(termEnd[1])]
        : untilEnd
          ? ['until', untilEnd[0].length - untilEnd[0].indexOf(untilEnd[1])]
          : undefined;
    if (open) {
      const w = open[0].toLowerCase().replace(/\s+/g, ' ');
      const onwards = ONWARDS.exec(text.slice(d.end, d.end + 16));
      const after = ['after', 'since', 'post-', 'post', 'starting in', 'beginning in', 'as of', 'после', 'с'].includes(w) || (w === 'from' && !!onwards) || w === 'from';
      const beforeOpen = ['before', 'prior to', 'until', 'till', 'pre-', 'pre', 'up to', 'до'].includes(w);
      if ((w === 'post' || w === 'pre') && !/^\s/.test(text.slice(d.start - 1, d.start))) continue;
      const leadAt = d.start - open[1];
      if (beforeOpen && (w === 'before' || w === 'prior to') && boundBefore(d, text, leadAt)) continue;
      if (after || beforeOpen) {
        d.start = leadAt;
        if (onwards && after) d.end += onwards[0].length;
        d.text = text.slice(d.start, d.end);
        if (after) {
          d.open = 'after';
          d.to = { year: OPEN_END };
        } else {
          d.open = 'before';
          d.from = { year: OPEN_START };
        }
        d.precision = 'range';
        continue;
      }
    }
    const inLead = IN_LEAD.exec(before);
    if (inLead) {
      d.start = d.start - inLead[0].length + inLead[0].indexOf(inLead[1]);
      d.text = text.slice(d.start, d.end);
    }
  }
  return merged;
}

/** "less than two months", "three weeks", "a year" right before "before <date>". */
const SPAN_BEFORE = /(?:^|[^\p{L}])((?:(?:less\s+than|under|within|only|just|barely|some|about)\s+)?(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})\s+(day|week|month|year)s?)\s+$/iu;

/**
 * "less than two months before 24 February 2022": a span back from the date bounds the event on
 * both sides (24 December 2021 – 24 February 2022), where a bare "before 2022" leaves it open.
 * Turns `d` into that closed range (the whole phrase is what a fix replaces); false if no span
 * is written before `leadAt`.
 */
function boundBefore(d: DateMention, text: string, leadAt: number): boolean {
  const m = SPAN_BEFORE.exec(text.slice(Math.max(0, leadAt - 40), leadAt));
  if (!m) return false;
  const word = m[2].toLowerCase();
  const n = SMALL_NUMBERS[word] ?? (word === 'eleven' ? 11 : word === 'twelve' ? 12 : Number(word));
  if (!(n > 0)) return false;
  const unit = m[3].toLowerCase();
  const a = d.from;
  let from: PartialDate;
  if (unit === 'year') from = { ...a, year: a.year - n };
  else if (unit === 'month' && a.month) from = a.day ? fromDayNumber(dayNumber(a.year, a.month - n, a.day)) : { year: a.year + Math.floor((a.month - 1 - n) / 12), month: ((((a.month - 1 - n) % 12) + 12) % 12) + 1 };
  else if (unit === 'month') from = { year: a.year - Math.ceil(n / 12) };
  else from = fromDayNumber(startDay(a) - n * (unit === 'week' ? 7 : 1));
  d.start = text.lastIndexOf(m[1], leadAt);
  d.from = from;
  d.precision = 'range';
  d.text = text.slice(d.start, d.end);
  d.editStart = d.start;
  d.editEnd = d.end;
  delete d.parts;
  return true;
}

function hedgedBefore(text: string, s: number): boolean {
  return /(?:^|[^\p{L}])(?:some|about|around|approximately|nearly|almost|more\s+than|over|less\s+than|fewer\s+than|up\s+to|at\s+least)\s+$/iu.test(
    text.slice(Math.max(0, s - 20), s),
  ) && !/(?:^|[^\p{L}])around\s+$/iu.test(text.slice(Math.max(0, s - 10), s));
}

function resolveRelative(m: RegExpExecArray, ref: PartialDate): Partial<DateMention> | undefined {
  const circa = !!ref.circa;
  const y = ref.year;
  const yearRange = (yy: number): Partial<DateMention> =>
    circa
      ? { from: { year: yy - 1 }, to: { year: yy + 1 }, precision: 'range' }
      : { from: { year: yy }, to: { year: yy }, precision: 'year' };

  if (m[4]) {
    // yesterday
    return dayWindow(ref, 1, 1);
  }
  if (m[5]) {
    const n = SMALL_NUMBERS[m[5].toLowerCase()] ?? +m[5];
    const unit = m[6].toLowerCase().replace(/s$/, '');
    if (unit === 'year') return yearRange(y - n);
    if (unit === 'month') return monthShift(ref, -n);
    return dayWindow(ref, 7 * n + 7, 7 * n - 7);
  }
  const which = m[2].toLowerCase().replace(/\s+/g, ' ');
  const unit = m[3].toLowerCase();
  // A week or a month next to a publication known only to the year ("last week" in an article of
  // c. 2008) is in that year: it leaves it only if the article came out in its first or last
  // weeks, and the year is the bibliography's best estimate.
  if (!ref.month && (unit === 'week' || (unit === 'month' && which !== 'the past' && which !== 'past'))) return { from: { year: y }, to: { year: y }, precision: 'year' };
  const shift =
    which === 'this' || which === 'the current' ? 0 : which === 'next' || which === 'the following' ? 1 : -1;
  const past = which === 'the past' || which === 'past';
  if (unit === 'year') {
    if (past) return circa ? yearRange(y - 1) : { from: { year: y - 1 }, to: { year: y }, precision: 'range' };
    return yearRange(y + shift);
  }
  if (unit === 'month') {
    if (past) return monthShift(ref, -1, true);
    return monthShift(ref, shift);
  }
  // week
  if (shift === 0) return dayWindow(ref, 7, 0);
  if (shift === 1) return dayWindow(ref, -1, -14);
  return dayWindow(ref, 14, 1);
}

/** Months `shift` away from the reference; a year-only reference yields the matching range of months. */
function monthShift(ref: PartialDate, shift: number, throughRef = false): Partial<DateMention> {
  if (ref.month && !ref.circa) {
    const base = ref.year * 12 + (ref.month - 1) + shift;
    const from = { year: Math.floor(base / 12), month: (base % 12) + 1 };
    const to = throughRef ? { year: ref.year, month: ref.month } : from;
    return { from, to, precision: throughRef ? 'range' : 'month' };
  }
  // Unknown month: any month of the reference period, shifted.
  const lo = (ref.year - (ref.circa ? 1 : 0)) * 12 + (ref.month && !ref.circa ? ref.month - 1 : 0) + shift;
  const hi = (ref.year + (ref.circa ? 1 : 0)) * 12 + (ref.month && !ref.circa ? ref.month - 1 : 11) + (throughRef ? 0 : shift);
  return {
    from: { year: Math.floor(lo / 12), month: (lo % 12) + 1 },
    to: { year: Math.floor(hi / 12), month: (hi % 12) + 1 },
    precision: 'range',
  };
}

/** Days from `back` days before the reference to `upTo` days before it (negative: after), as a range. */
function dayWindow(ref: PartialDate, back: number, upTo: number): Partial<DateMention> {
  const first = startDay({ ...ref, circa: ref.circa });
  const last = endDay({ ...ref, circa: ref.circa });
  const lo = fromDayNumber(first - back);
  const hi = fromDayNumber(last - upTo);
  if (ref.day && !ref.circa && back - upTo <= 1) {
    return { from: lo, to: lo, precision: 'day' };
  }
  return { from: lo, to: hi, precision: 'range' };
}

/**
 * A minimal edit turning the date `original` (found in `text`) into `target`: only the month when only the
 * month differs ("March 2023" → "April"), only the year when only the year differs, else the whole date in the
 * original's style. Returns offsets into `text` and the replacement.
 */
export function dateEdit(original: DateMention, target: DateMention | PartialDate, text: string): { start: number; end: number; newText: string } {
  const t: DateMention | undefined = 'from' in target ? target : undefined;
  const tf: PartialDate = t ? t.from : (target as PartialDate);
  const tt: PartialDate = t ? t.to : (target as PartialDate);
  const single = !t || (tf.year === tt.year && tf.month === tt.month && tf.day === tt.day);
  const o = original.from;
  const p = original.parts;
  if (single && p && original.precision !== 'range') {
    const sameYear = o.year === tf.year;
    const sameMonth = o.month === tf.month;
    const sameDay = o.day === tf.day;
    if (p.month && tf.month && sameYear && !sameMonth && (sameDay || !o.day)) {
      const old = text.slice(p.month[0], p.month[1]);
      return { start: p.month[0], end: p.month[1], newText: monthLike(old, tf.month) };
    }
    // (A day the source does not give is left as written: "12 May 2023" against "May last year".)
    if (p.year && sameMonth && (sameDay || !tf.day) && !sameYear) return { start: p.year[0], end: p.year[1], newText: String(tf.year) };
    if (p.day && tf.day && sameYear && sameMonth && !sameDay) return { start: p.day[0], end: p.day[1], newText: String(tf.day) };
  }
  const oldText = text.slice(original.editStart, original.editEnd);
  const dash = /–/.test(oldText) ? '–' : /—/.test(oldText) ? '—' : '-';
  let newText: string;
  // (The brief's own joining word stays: "between 2016 and 2018" → "between 2015 and 2017".)
  const joiner = /^\d{4}(\s+(?:and|to)\s+)\d{4}$/.exec(oldText)?.[1];
  if (!single && !tf.month && !tt.month) newText = joiner ? `${tf.year}${joiner}${tt.year}` : `${tf.year}${dash}${tt.year}`;
  else if (!single) newText = describeDate(t!);
  else if (tf.day && tf.month) {
    const usStyle = /^\p{L}+\.?\s+\d/u.test(oldText);
    newText = usStyle ? `${MONTH_NAMES[tf.month - 1]} ${tf.day}, ${tf.year}` : `${tf.day} ${MONTH_NAMES[tf.month - 1]} ${tf.year}`;
  } else if (tf.month) newText = `${MONTH_NAMES[tf.month - 1]} ${tf.year}`;
  else newText = String(tf.year);
  return { start: original.editStart, end: original.editEnd, newText };
}

function monthLike(old: string, month: number): string {
  const full = MONTH_NAMES[month - 1];
  // "May", "June" and "July" are full names however short: only a name that is no month's full name is an abbreviation.
  const isFullName = MONTH_NAMES.some((m) => m.toLowerCase() === old.toLowerCase());
  if (/^[a-z]/i.test(old) && old.replace('.', '').length <= 4 && !isFullName) {
    const abbr = month === 9 && /^sept/i.test(old) ? 'Sept' : full.slice(0, 3);
    return abbr + (old.endsWith('.') ? '.' : '') === 'May.' ? 'May' : abbr + (old.endsWith('.') && full.length > 3 ? '.' : '');
  }
  if (old === old.toUpperCase() && /[A-Z]/.test(old)) return full.toUpperCase();
  return full;
}
