// Extraction, comparison and re-formatting of numeric quantities in prose.
// Used on both sides of a check: sentences of briefs and passages of sources.
//
// Pure and fast: every regular expression is precompiled, all context look-ups work on short
// bounded slices around a candidate, so the cost is linear in the length of the text.
// Offsets always point into the text as given (raw markdown with `\$` escapes works as well
// as normalised passage text).
import { stem } from '../corpus/text';

export type Approx = 'exact' | 'about' | 'more-than' | 'less-than' | 'at-least' | 'at-most';
export type QuantityKind = 'count' | 'money' | 'percent' | 'multiplier' | 'ordinal' | 'year' | 'measure';

export interface Quantity {
  /** Offsets of the whole expression (hedge, currency, number, scale and unit noun). */
  start: number;
  end: number;
  /** Offsets of the amount only ("$60 million", "2,000", "40%", "seven thousand"): what a quick fix replaces. */
  valueStart: number;
  valueEnd: number;
  /** Normalised value (7000, 4500000, 16000000, 40 for 40%). */
  value: number;
  /** Upper bound for ranges ("10-15", "between 3 and 5", vague "thousands"). */
  max?: number;
  approx: Approx;
  kind: QuantityKind;
  /** ISO-like code: 'USD', 'EUR', 'GBP', 'RUB', 'JPY', 'CNY', 'KGS', 'KZT', ... */
  currency?: string;
  /** Canonical unit of the noun that follows ('personnel', 'people', 'km', 'year', or a stem such as 'article'). */
  unit?: string;
  /** The surface text of the whole expression. */
  text: string;
  /** Rounding granularity of the written value (1 for "7,000", 100000 for "4.5 million", 0.1 for "4.5"). */
  step?: number;
  /** A vague number word ("thousands", "several hundred", "dozens"): value..max is a wide range. */
  vague?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Shared helpers (also used by dates.ts)

export const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** English month names and abbreviations (capitalised), Russian month names in any case. */
export const MONTH_SOURCE =
  '(?:(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|' +
  'JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)(?![\\p{L}])\\.?' +
  '|(?:[Яя]нвар[ьяе]|[Фф]еврал[ьяе]|[Мм]арт[ае]?|[Аа]прел[ьяе]|[Мм]а[йяе]|[Ии]юн[ьяе]|[Ии]юл[ьяе]|[Аа]вгуст[ае]?|[Сс]ентябр[ьяе]|[Оо]ктябр[ьяе]|[Нн]оябр[ьяе]|[Дд]екабр[ьяе])(?![\\p{L}]))';

const RU_MONTH_STEMS = ['янв', 'фев', 'мар', 'апр', 'ма', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'];

/** Month number (1-12) of an English or Russian month name or abbreviation, or 0. */
export function monthNumber(name: string): number {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (/^[a-z]+$/.test(n)) {
    const three = n.slice(0, 3);
    const i = MONTH_NAMES.findIndex((m) => m.toLowerCase().startsWith(three));
    return i + 1;
  }
  for (let i = RU_MONTH_STEMS.length - 1; i >= 0; i--) {
    const s = RU_MONTH_STEMS[i];
    if (n.startsWith(s) && (s !== 'ма' || /^ма[йяе]$/.test(n))) return i + 1;
    if (s === 'мар' && n.startsWith('мар')) return 3;
  }
  return 0;
}

const MONTH_BEFORE = new RegExp(`(?:^|[^\\p{L}])${MONTH_SOURCE},?\\s+$`, 'u');
const MONTH_AFTER = new RegExp(`^(?:st|nd|rd|th)?\\s*(?:of\\s+)?${MONTH_SOURCE}`, 'u');

const SKIP_PATTERNS: RegExp[] = [
  // URLs and markdown autolinks.
  /\b(?:https?:\/\/|www\.)[^\s<>"'\])]+/giu,
  // DOIs.
  /\b10\.\d{4,9}\/[^\s,;"'<>\]]+/gu,
  // ISBN, ISSN, ISNI and similar identifiers with their digit runs.
  /\b(?:e-?)?(?:ISBN|ISSN|ISNI|EISSN|ORCID)(?:-1[03])?:?\s*[\dXx](?:[\dXx]|[\s-](?=[\dXx])){6,24}/gu,
  // Phone numbers in international form.
  /\+\d{1,3}(?:[\s-]?\d{1,4}){2,6}/gu,
  // Pandoc citations: [@key, p. 4], [see @a; @b, pp. 3-5].
  /\[[^\[\]\n]{0,200}@[^\[\]\n]{0,200}\]/gu,
  // Footnote markers: [1], [^1], [^note].
  /\[\^?\d{1,4}\]|\[\^[^\]\s]{1,30}\]/gu,
  // Page references.
  /\b(?:pp?|pages?|pg|стр|с)\.?\s*\d{1,5}(?:\s*[-–—]\s*\d{1,5})?(?:\s*,\s*\d{1,5}(?:\s*[-–—]\s*\d{1,5})?)*/giu,
  // "Author 2021, 6-10)": page numbers after an author-year citation.
  /\b(?:1[5-9]|20)\d{2}[a-z]?\s*,\s*\d{1,4}(?:\s*[-–—]\s*\d{1,4})?(?=\s*[)\]])/gu,
  // Times: 10:30, 10.30 am, 3 p.m.
  /\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?=[^\p{L}\p{N}]|$)(?<=:\d{2}|[ap]\.?m\.?)|\b\d{1,2}\s*[ap]\.m\./giu,
];

// "(Kommersant 2017)", "(Hoagland, Repass, Wolkov 2021, 6-10)", "(Decker, Shostak, 2022)"
const PAREN_CITATION = /\(([^()\d\n]{1,120}?)\s*(?:1[5-9]|20)\d{2}[a-z]?(?:\s*[,:;]\s*(?:pp?\.\s*)?\d{1,4}(?:\s*[-–—]\s*\d{1,4})?)*\s*\)/gu;
const MONTH_END = new RegExp(`${MONTH_SOURCE}\\s*,?\\s*$`, 'u');
const NOT_CITATION_LEAD = /^(?:in|since|from|until|till|by|during|before|after|circa|c\.|ca\.|around|about|approx\.?|est\.?|founded|established|b\.|d\.|born|died|[^\p{L}]*)\s*$/iu;

/**
 * Spans of text whose digits are not quantities or event dates: URLs, DOIs, identifiers,
 * citations (pandoc and parenthetical author-year), footnote markers, page references, times.
 * Sorted by start, non-overlapping.
 */
export function ignoredSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const re of SKIP_PATTERNS) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) spans.push([m.index!, m.index! + m[0].length]);
  }
  for (const m of text.matchAll(PAREN_CITATION)) {
    const lead = m[1];
    if (!/\p{Lu}/u.test(lead) || MONTH_END.test(lead) || NOT_CITATION_LEAD.test(lead)) continue;
    spans.push([m.index!, m.index! + m[0].length]);
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: [number, number][] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s[0] < last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

/** A cursor over sorted spans for monotone "is this offset ignored?" queries (falls back to search). */
export class SpanSet {
  private i = 0;
  constructor(private readonly spans: [number, number][]) {}
  has(pos: number, end = pos + 1): boolean {
    const s = this.spans;
    // A query behind the cursor starts over: a span passed for a later offset may hold this one.
    if (this.i > 0 && s[this.i - 1][1] > pos) this.i = 0;
    while (this.i < s.length && s[this.i][1] <= pos) this.i++;
    for (let j = this.i; j < s.length && s[j][0] < end; j++) if (s[j][1] > pos) return true;
    return false;
  }
}

const DATE_PREP_WORDS = new Set([
  'in', 'since', 'from', 'until', 'till', 'by', 'during', 'before', 'after', 'of', 'to', 'through', 'early', 'mid',
  'late', 'year', 'years', 'fy', 'fiscal', 'spring', 'summer', 'autumn', 'fall', 'winter', 'circa', 'c', 'ca',
  'the', 'a', 'its', 'this', 'that', 'his', 'her', 'their', 'our', 'in', 'and', 'or', 'between', 'around', 'post',
  'pre', 'mid', 'as', 'for', 'at', 'on', 'summit', 'elections', 'election', 'году', 'год', 'в', 'с', 'по', 'до',
  ...MONTH_NAMES.map((m) => m.toLowerCase()),
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

const FOLLOWING_WORD = /^\s{1,3}([\p{L}][\p{L}'’]*)/u;
const FOLLOWING_STRONG = /^-(strong|man|men|member|seat|page|km|kilometre|kilometer|mile|ton|tonne)\b/iu;
const PRECEDING_WORD = /([\p{L}]+)\.?\s{1,3}$/u;

/**
 * Decide whether a bare four-digit integer between 1000 and 2100 at text[s, e) is a year
 * ("in 2008", "2016 Shavkat", "the 2018 assassination") or a count ("2000 troops", "some 1000 servicemen").
 */
export function fourDigitIsYear(text: string, s: number, e: number, hedged = false): boolean {
  const before = text.slice(Math.max(0, s - 24), s);
  const prev = PRECEDING_WORD.exec(before)?.[1]?.toLowerCase();
  const after = text.slice(e, e + 40);
  if (FOLLOWING_STRONG.test(after)) return false;
  if (prev && DATE_PREP_WORDS.has(prev) && !hedged) return true;
  const next = FOLLOWING_WORD.exec(after)?.[1];
  if (!next || next[0] !== next[0].toLowerCase()) return !hedged || !next ? true : false;
  const lower = next.toLowerCase();
  if (COUNT_FUNCTION_WORDS.has(lower)) return true;
  if (hedged) return false;
  // A count of more than one takes the plural: "2023 tank production" is a year's ("2023 tanks" a
  // count). Measures are left as they were: their singular follows figures too ("1500 kilometre").
  const unit = UNIT_CANON.get(lower);
  if (unit) return !MEASURE_UNITS.has(unit) && lower.length > 3 && !lower.endsWith('s') && UNIT_CANON.has(lower + 's');
  return !(lower.length > 3 && /(?:[^s]s|men|people|personnel|aircraft|staff)$/.test(lower));
}

const COUNT_FUNCTION_WORDS = new Set(
  (
    'a an the and or but if of to in on at by for with from as into onto over under about than then that this these those ' +
    'is are was were be been being am do does did has have had it its they them their there he she his her we our you ' +
    'i not no so also just only which who whom whose what when where why how all any both each while after before ' +
    'during until since when will would could should may might must can'
  ).split(' '),
);

// ---------------------------------------------------------------------------------------------
// Units

const UNIT_GROUPS: Record<string, string[]> = {
  personnel: [
    'troops', 'troop', 'soldiers', 'soldier', 'servicemen', 'serviceman', 'servicemembers', 'servicewomen',
    'personnel', 'men', 'staff', 'fighters', 'fighter', 'strong', 'officers', 'guards', 'contingent',
    'reservists', 'conscripts', 'marines', 'paratroopers', 'militants', 'combatants', 'servicemembers',
    'военнослужащих', 'солдат', 'человек', 'бойцов',
  ],
  people: [
    'people', 'persons', 'person', 'citizens', 'residents', 'civilians', 'migrants', 'individuals',
    'inhabitants', 'workers', 'refugees', 'nationals', 'migrant', 'citizen',
  ],
  km: ['km', 'kms', 'kilometres', 'kilometers', 'kilometre', 'kilometer', 'км'],
  m: ['metres', 'meters', 'metre', 'meter'],
  mi: ['miles', 'mile', 'mi'],
  ha: ['hectares', 'hectare', 'ha'],
  km2: ['km2', 'km²', 'sq'],
  t: ['tons', 'tonnes', 'ton', 'tonne'],
  kg: ['kg', 'kilograms', 'kilogrammes', 'kilogram'],
  aircraft: ['aircraft', 'planes', 'jets', 'airplanes', 'aeroplanes', 'warplanes'],
  helicopter: ['helicopters', 'helicopter'],
  tank: ['tanks', 'tank'],
  // Pieces of equipment, counted ("1,300 pieces of weapons" / "1,300 items of weapons").
  item: ['items', 'item', 'pieces', 'piece'],
  year: ['years', 'year', 'yrs', 'лет', 'года'],
  month: ['months', 'month'],
  week: ['weeks', 'week'],
  day: ['days', 'day'],
  hour: ['hours', 'hour'],
  country: ['countries', 'country', 'states', 'nations', 'republics', 'members', 'member'],
};
const MEASURE_UNITS = new Set(['km', 'm', 'mi', 'ha', 'km2', 't', 'kg', 'year', 'month', 'week', 'day', 'hour']);
const UNIT_CANON = new Map<string, string>();
for (const [canon, words] of Object.entries(UNIT_GROUPS)) for (const w of words) UNIT_CANON.set(w, canon);

const UNIT_SKIP = new Set([
  'of', 'the', 'a', 'an', 'more', 'additional', 'extra', 'new', 'other', 'total', 'further', 'some', 'its', 'their',
  'his', 'her', 'our', 'own', 'active', 'armed', 'regular', 'foreign', 'local', 'national', 'international',
  'annual', 'annually', 'each', 'every', 'such', 'odd', 'or', 'so', 'plus', 'fully', 'well', 'highly',
]);
// (A dotted abbreviation is one word: "1,500 U.S. personnel" counts personnel.)
const UNIT_WORD = /\p{Lu}(?:\.\p{Lu})+\.?|[\p{L}][\p{L}\p{N}'’²]*|[^\s\p{L}-]/gu;

function unitAfter(text: string, pos: number): { unit?: string; end: number } {
  const slice = text.slice(pos, pos + 80);
  UNIT_WORD.lastIndex = 0;
  const words: { w: string; end: number; cap: boolean }[] = [];
  let first = true;
  for (let m = UNIT_WORD.exec(slice); m; m = UNIT_WORD.exec(slice)) {
    const gap = slice.slice(first ? 0 : words.length ? words[words.length - 1].end : 0, m.index);
    first = false;
    if (!/^[\p{L}]/u.test(m[0])) break;
    if (/\n/.test(gap) || /[^\s-]/.test(gap)) break;
    words.push({ w: m[0], end: m.index + m[0].length, cap: m[0][0] !== m[0][0].toLowerCase() });
    if (words.length >= 5) break;
  }
  let firstContent: { w: string; end: number } | undefined;
  let checked = 0;
  for (const { w, end, cap } of words) {
    const lower = w.toLowerCase().replace(/['’]s$/, '');
    if (cap) continue;
    const canon = UNIT_CANON.get(lower);
    if (canon) return { unit: canon, end: pos + end };
    if (UNIT_SKIP.has(lower)) continue;
    if (COUNT_FUNCTION_WORDS.has(lower)) break;
    if (!firstContent) firstContent = { w: lower, end };
    if (++checked >= 3) break;
  }
  if (firstContent) return { unit: stem(firstContent.w), end: pos + firstContent.end };
  return { end: pos };
}

// ---------------------------------------------------------------------------------------------
// Numbers in digits

const DIGITS =
  /(?<![\p{N}])(?:\d{1,3}(?:,\d{3})+(?![\d])|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d,])|\d+)(?:\.\d+)?/gu;

const PREFIX_CURRENCY =
  /(?:^|[^\p{L}])(US\s?\\?\$|A\\?\$|C\\?\$|HK\\?\$|\\?\$|€|£|¥|₽|₸|USD|EUR|GBP|RUB|JPY|CNY|KGS|KZT|UZS|TJS|Rs\.?)\s?$/u;
const SCALE_AFTER =
  /^(?:\s?(\\?\$|€|£|₽|₸|¥))?(?:(?:\s|-)?(trillion|billion|million|thousand|bln|bn|mln|mn|mil|tn|млрд\.?|млн\.?|тыс\.?)(?![\p{L}])|(k|m|b)(?![\p{L}\p{N}]))?(?:\s?(\\?\$|€|£|₽|₸|¥)(?![\p{N}]))?(?:\s+(US\s+dollars|dollars?|USD|euros?|EUR|pounds\s+sterling|GBP|roubles?|rubles?|RUB|yuan|renminbi|CNY|yen|soms?|KGS|tenge|KZT|somoni|TJS|sums?|UZS|рублей|рубля|долларов|евро)(?![\p{L}]))?/u;
const PERCENT_AFTER = /^(?:\s?\\?%|\s(?=percentage\s+points?)|\s?(?:per\s?cent|percent|pct|процент(?:ов|а)?)(?![\p{L}]))(\s*percentage\s+points?|\s+points?)?/iu;
const PERCENTAGE_POINTS = /^\s+percentage\s+points?(?![\p{L}])/iu;
const MULT_AFTER = /^(?:-?fold(?![\p{L}])|\s?(?:times)(?![\p{L}])|x(?![\p{L}\p{N}]))/u;
const ORDINAL_AFTER = /^(?:st|nd|rd|th|-?(?:й|я|е|го|м))(?![\p{L}])/u;
const DECADE_AFTER = /^(?:'|’)?s(?![\p{L}])/u;
const GLUED_UNIT = /^(km2|km²|km|kg|mm|cm|ha|mw|gw|kw|t)(?![\p{L}])/iu;
const PLUS_AFTER = /^(?:\+(?![\p{N}])|\s+or\s+(more|so|less|fewer)\b|-plus\b)/iu;
const TIME_AFTER = /^\s?(?:[ap]\.?m\.?|h|hrs)(?![\p{L}])/iu;

const CURRENCY_CODES: Record<string, string> = {
  $: 'USD', 'us$': 'USD', usd: 'USD', dollar: 'USD', dollars: 'USD', 'us dollars': 'USD', долларов: 'USD',
  'a$': 'AUD', 'c$': 'CAD', 'hk$': 'HKD',
  '€': 'EUR', eur: 'EUR', euro: 'EUR', euros: 'EUR', евро: 'EUR',
  '£': 'GBP', gbp: 'GBP', 'pounds sterling': 'GBP',
  '₽': 'RUB', rub: 'RUB', rouble: 'RUB', roubles: 'RUB', ruble: 'RUB', rubles: 'RUB', рублей: 'RUB', рубля: 'RUB',
  '¥': 'JPY', jpy: 'JPY', yen: 'JPY', yuan: 'CNY', renminbi: 'CNY', cny: 'CNY',
  som: 'KGS', soms: 'KGS', kgs: 'KGS', '₸': 'KZT', tenge: 'KZT', kzt: 'KZT', somoni: 'TJS', tjs: 'TJS',
  sum: 'UZS', sums: 'UZS', uzs: 'UZS', rs: 'INR', 'rs.': 'INR',
};

function currencyCode(sym: string | undefined): string | undefined {
  if (!sym) return undefined;
  const k = sym.replace(/\\/g, '').replace(/\s+/g, ' ').toLowerCase();
  return CURRENCY_CODES[k] ?? CURRENCY_CODES[k.replace(/\s/g, '')] ?? k.toUpperCase();
}

const SCALES: Record<string, number> = {
  thousand: 1e3, k: 1e3, 'тыс': 1e3, 'тыс.': 1e3,
  million: 1e6, mln: 1e6, mn: 1e6, mil: 1e6, m: 1e6, 'млн': 1e6, 'млн.': 1e6,
  billion: 1e9, bn: 1e9, bln: 1e9, b: 1e9, 'млрд': 1e9, 'млрд.': 1e9,
  trillion: 1e12, tn: 1e12,
};

const HEDGE_BEFORE =
  /(?:^|[^\p{L}])(some|about|around|approximately|approx\.|roughly|circa|ca\.|c\.|nearly|almost|close\s+to|just\s+under|just\s+over|more\s+than|over|above|in\s+excess\s+of|upwards\s+of|exceeding|greater\s+than|less\s+than|fewer\s+than|under|below|up\s+to|at\s+most|no\s+more\s+than|a\s+maximum\s+of|as\s+many\s+as|as\s+much\s+as|at\s+least|no\s+fewer\s+than|no\s+less\s+than|not\s+less\s+than|a\s+minimum\s+of|an\s+estimated|estimated|between|from|около|примерно|почти|более|свыше|больше|менее|меньше|до|не\s+менее)\s+$/iu;

function hedgeApprox(word: string): Approx | undefined {
  const w = word.toLowerCase().replace(/\s+/g, ' ');
  switch (w) {
    case 'some': case 'about': case 'around': case 'approximately': case 'approx.': case 'roughly': case 'circa':
    case 'ca.': case 'c.': case 'nearly': case 'almost': case 'close to': case 'just under': case 'just over':
    case 'an estimated': case 'estimated': case 'около': case 'примерно': case 'почти':
      return 'about';
    case 'more than': case 'over': case 'above': case 'in excess of': case 'upwards of': case 'exceeding':
    case 'greater than': case 'более': case 'свыше': case 'больше':
      return 'more-than';
    case 'less than': case 'fewer than': case 'under': case 'below': case 'менее': case 'меньше':
      return 'less-than';
    case 'up to': case 'at most': case 'no more than': case 'a maximum of': case 'as many as': case 'as much as': case 'до':
      return 'at-most';
    case 'at least': case 'no fewer than': case 'no less than': case 'not less than': case 'a minimum of': case 'не менее':
      return 'at-least';
  }
  return undefined;
}

const DESIGNATION_BEFORE =
  /(?:^|[^\p{L}])(article|art\.|articles|section|sections|chapter|chapters|figure|fig\.|table|tables|vol\.|volume|issue|no\.|number|nos\.|part|annex|appendix|paragraph|para\.|clause|resolution|rule|protocol|step|phase|level|grade|stage|unit|block|room|flight|route|highway|item|line|point|footnote|note|version|v\.|model|series|class|type|group|batch|lot|case|#|№|статья|статьи|пункт)\s*$/iu;
const CAPITALISED_BEFORE = /(?:^|[\s(|])(\p{Lu}[\p{L}'’]*)\s$/u;
const NOT_DESIGNATORS = new Set([
  'in', 'by', 'since', 'from', 'until', 'till', 'over', 'about', 'some', 'around', 'nearly', 'almost', 'approximately',
  'roughly', 'only', 'just', 'with', 'to', 'of', 'and', 'at', 'for', 'between', 'under', 'after', 'before', 'during',
  'the', 'a', 'an', 'these', 'those', 'all', 'another', 'total', 'circa', 'up', 'more', 'less', 'fewer', 'than',
  'estimated', 'an', 'its', 'their', 'his', 'her', 'our', 'it', 'they', 'we', 'he', 'she', 'there', 'here', 'this',
  'that', 'as', 'if', 'when', 'while', 'each', 'every', 'then', 'also', 'but', 'or', 'nor', 'yet', 'so', 'on',
  'against', 'like', 'within', 'without', 'among', 'per', 'is', 'are', 'was', 'were', 'has', 'had', 'have', 'not',
  'usd', 'eur', 'gbp', 'rub', 'jpy', 'cny', 'kgs', 'kzt', 'uzs', 'tjs', 'rs', 'us', 'where', 'which', 'who',
  'около', 'более', 'свыше', 'почти', 'до', 'в', 'с', 'на', 'по', 'и', 'из',
  ...MONTH_NAMES.map((m) => m.toLowerCase()),
]);

const LIST_NUMBER_LINE = /(?:^|\n)[ \t>]*(?:[-*+][ \t]+)?$/;

interface Amount {
  numStart: number;
  numEnd: number;
  value: number;
  step: number;
  /** End of the amount including its suffixes. */
  end: number;
  currency?: string;
  scaleWord?: string;
  percent?: boolean;
  percentagePoints?: boolean;
  multiplier?: boolean;
  ordinal?: boolean;
  decade?: boolean;
  gluedUnit?: string;
  plainInteger: boolean;
}

function parseNumber(raw: string, decimalComma: boolean): { value: number; decimals: number } {
  let s = raw.replace(/[ \u00a0\u202f\u2009]/g, '');
  if (decimalComma) s = s.replace(',', '.');
  else s = s.replace(/,/g, '');
  const dot = s.indexOf('.');
  return { value: parseFloat(s), decimals: dot >= 0 ? s.length - dot - 1 : 0 };
}

const DIGITS_STICKY = new RegExp(DIGITS.source, 'uy');
const DECIMAL_COMMA = /^,(\d{1,2})(?=\s?(?:\\?\$|€|₽)?\s?(?:млн|млрд|тыс|mln|bn|million|billion|%|процент))/u;

function amountAt(text: string, numStart: number, numEnd: number): Amount {
  let raw = text.slice(numStart, numEnd);
  let decimalComma = false;
  const dc = DECIMAL_COMMA.exec(text.slice(numEnd, numEnd + 24));
  if (dc && /^\d+$/.test(raw)) {
    raw += dc[0];
    numEnd += dc[0].length;
    decimalComma = true;
  }
  const { value, decimals } = parseNumber(raw, decimalComma);
  const a: Amount = {
    numStart,
    numEnd,
    value,
    step: Math.pow(10, -decimals),
    end: numEnd,
    plainInteger: /^\d+$/.test(raw),
  };
  const after = text.slice(numEnd, numEnd + 48);
  let m: RegExpExecArray | null;
  if ((m = PERCENT_AFTER.exec(after))) {
    a.percent = true;
    a.percentagePoints = !!m[1];
    a.end = numEnd + m[0].length;
    return a;
  }
  if ((m = ORDINAL_AFTER.exec(after))) {
    a.ordinal = true;
    a.end = numEnd + m[0].length;
    return a;
  }
  if ((m = DECADE_AFTER.exec(after)) && /^\d{3}0$/.test(raw)) {
    a.decade = true;
    a.end = numEnd + m[0].length;
    return a;
  }
  if ((m = MULT_AFTER.exec(after))) {
    a.multiplier = true;
    a.end = numEnd + m[0].length;
    return a;
  }
  if ((m = SCALE_AFTER.exec(after)) && m[0].length > 0) {
    const sym = m[1] ?? m[4];
    const scaleWord = m[2] ?? m[3];
    const word = m[5];
    // Single-letter scales (5m, 3b) only with a currency; "10 m" is metres.
    const singleLetter = !!m[3];
    const hasCurrency = !!(sym || word);
    if (scaleWord || hasCurrency) {
      if (!singleLetter || hasCurrency || m[3] === 'k' || PREFIX_CURRENCY.test(text.slice(Math.max(0, numStart - 8), numStart))) {
        if (scaleWord) {
          const scale = SCALES[scaleWord.toLowerCase()] ?? 1;
          a.value *= scale;
          a.step *= scale;
          a.scaleWord = scaleWord;
        }
        if (sym || word) a.currency = currencyCode(sym ?? word);
        a.end = numEnd + m[0].length;
        // Trim a trailing space consumed before an absent scale.
        while (a.end > numEnd && /\s/.test(text[a.end - 1])) a.end--;
      }
    }
  }
  if (a.end === numEnd && (m = GLUED_UNIT.exec(after))) {
    a.gluedUnit = m[1].toLowerCase();
    a.end = numEnd + m[0].length;
  }
  return a;
}

const RANGE_CONNECTOR = /^\s*(?:[-–—]|to|and|or|till|until|through|до|-\s*to)\s*(?:(?:US\s?)?\\?\$|€|£|₽)?/iu;

// ---------------------------------------------------------------------------------------------
// Number words

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const WORD_SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
const VAGUE_PLURALS: Record<string, number> = {
  dozens: 12, tens: 10, hundreds: 100, thousands: 1e3, millions: 1e6, billions: 1e9,
};
const ORDINAL_WORDS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fifteenth: 15, twentieth: 20, thirtieth: 30, fiftieth: 50,
  hundredth: 100, thousandth: 1000,
};
const MULT_WORDS: Record<string, number> = {
  twice: 2, doubled: 2, doubling: 2, double: 2, tripled: 3, tripling: 3, trebled: 3, triple: 3, quadrupled: 4,
  quadrupling: 4, halved: 0.5, halving: 0.5,
};

const NUMBER_WORD_ALT = [...Object.keys(UNITS), ...Object.keys(WORD_SCALES), 'dozen']
  .sort((a, b) => b.length - a.length)
  .join('|');
const WORD_RUN_START = new RegExp(
  `(?<![\\p{L}\\p{N}-])(?:(${NUMBER_WORD_ALT})|(dozens|tens|hundreds|thousands|millions|billions)|(${Object.keys(ORDINAL_WORDS).join('|')})|(${Object.keys(MULT_WORDS).join('|')})|((?:${Object.keys(UNITS).sort((a, b) => b.length - a.length).join('|')}|\\d+(?:\\.\\d+)?)[-\\s]?fold))(?![\\p{L}])`,
  'giu',
);
const WORD_RUN_NEXT = new RegExp(`^(?:\\s+and\\s+|\\s+|-)(${NUMBER_WORD_ALT})(?![\\p{L}])`, 'iu');
const ARTICLE_BEFORE = /(?:^|[^\p{L}])(a|an|several|a\s+few|few|one)\s+$/iu;
const OF_VAGUE = /^\s+of\s+(thousands|millions|billions)(?![\p{L}])/iu;
// ("one should recall", "one can argue": the pronoun, before a modal verb.)
const ONE_NOT_NUMBER_AFTER = /^(?:\s+(?:of|another|or\s+another|by\s+one|day|time|way|side|hand|thing|such|who|which|that|should|must|could|might|can|cannot|may|would|will|ought|needs?\s+to|has\s+to)\b|-(?:sided|way|off|time|size|stop|party|on-one))/iu;
const ONE_NOT_NUMBER_BEFORE = /(?:^|[^\p{L}])(no|any|every|each|the|this|that|which|someone|anyone|only|some|such|a|one|little|big|new|last|next|first|other)\s+$/iu;
const ORDINAL_NOT_NUMBER_AFTER = /^\s*(?:of\s+all|and\s+foremost|hand|place|time|ever)\b/iu;
const SECOND_TIME = /^\s*(?:s\b|thoughts?\b|nature\b)/iu;

interface WordParse {
  value: number;
  max?: number;
  end: number;
  vague: boolean;
}

function parseWordRun(text: string, start: number, firstWord: string): WordParse | undefined {
  const tokens: { w: string; end: number }[] = [{ w: firstWord.toLowerCase(), end: start + firstWord.length }];
  for (;;) {
    const last = tokens[tokens.length - 1];
    const m = WORD_RUN_NEXT.exec(text.slice(last.end, last.end + 24));
    if (!m) break;
    const w = m[1].toLowerCase();
    const prev = last.w;
    const pv = UNITS[prev];
    const nv = UNITS[w];
    // Valid continuations: tens + unit < 10 ("twenty-five"), any number + scale, scale + number.
    let ok = false;
    if (WORD_SCALES[w] !== undefined || w === 'dozen') ok = prev !== 'dozen';
    else if (nv !== undefined) {
      if (WORD_SCALES[prev] !== undefined) ok = true;
      else if (pv !== undefined && pv >= 20 && pv % 10 === 0 && nv < 10 && nv > 0) ok = !/\s+and\s+/.test(m[0]);
    }
    if (!ok) break;
    if (/^\s+and\s+$/i.test(m[0].slice(0, m[0].length - m[1].length)) && WORD_SCALES[prev] === undefined) break;
    tokens.push({ w, end: last.end + m[0].length });
  }
  // A trailing "and" is never part of the run; the regex only consumes it with a following number word.
  let total = 0;
  let current = 0;
  let lastScale = Infinity;
  for (const { w } of tokens) {
    if (UNITS[w] !== undefined) current += UNITS[w];
    else if (w === 'dozen') current = (current || 1) * 12;
    else if (w === 'hundred') current = (current || 1) * 100;
    else {
      const sc = WORD_SCALES[w];
      if (sc > lastScale) {
        total = (total + (current || 1)) * sc;
      } else total += (current || 1) * sc;
      current = 0;
      lastScale = sc;
    }
  }
  let value = total + current;
  let end = tokens[tokens.length - 1].end;
  // "one and a half million", "two and a half years"
  const half = AND_A_HALF.exec(text.slice(end, end + 40));
  if (half && WORD_SCALES[tokens[tokens.length - 1].w] === undefined) {
    value += 0.5;
    end += half[0].length;
    if (half[1]) value *= WORD_SCALES[half[1].toLowerCase()];
  }
  return { value, end, vague: false };
}

const AND_A_HALF = /^\s+and\s+a\s+half(?:\s+(thousand|million|billion|trillion))?(?![\p{L}])/iu;

// ---------------------------------------------------------------------------------------------
// Extraction

interface Candidate extends Quantity {
  priority: number;
}

function hedgeBefore(text: string, pos: number): { approx?: Approx; start: number; word?: string } {
  const slice = text.slice(Math.max(0, pos - 40), pos);
  const m = HEDGE_BEFORE.exec(slice);
  if (!m) return { start: pos };
  const word = m[1].toLowerCase().replace(/\s+/g, ' ');
  const start = pos - slice.length + m.index + m[0].indexOf(m[1]);
  return { approx: hedgeApprox(word), start, word };
}

function isLetter(ch: string | undefined): boolean {
  return !!ch && /\p{L}/u.test(ch);
}
function isDigit(ch: string | undefined): boolean {
  return !!ch && ch >= '0' && ch <= '9';
}

/**
 * All numeric quantities in `text`, sorted by start. Designations ("201st", "Article 2", "Laboratory 17") come
 * back as kind 'ordinal', years as kind 'year'; model names (Su-25), identifiers, DOIs, citations, page
 * references, footnote markers, times and the day numbers of dates are skipped.
 */
export function extractQuantities(text: string): Quantity[] {
  const ignored = new SpanSet(ignoredSpans(text));
  const out: Candidate[] = [];

  // Digits.
  DIGITS.lastIndex = 0;
  for (let m = DIGITS.exec(text); m; m = DIGITS.exec(text)) {
    const s = m.index;
    let e = s + m[0].length;
    if (ignored.has(s, e)) continue;
    const prev = text[s - 1];
    const prev2 = text[s - 2];
    const next = text[e];
    // Glued to letters (C5, i2, x16) or a model designation (Su-25, Mi-8, COVID-19, mid-2000s).
    if (isLetter(prev)) continue;
    if ((prev === '-' || prev === '‑') && isLetter(prev2)) continue;
    // Part of a dotted, slashed or hyphenated digit group (dates, versions, sections, ranges handled elsewhere).
    if ((prev === '.' || prev === '/' || prev === ':' || prev === ',' || prev === '-' || prev === '–') && isDigit(prev2)) continue;
    if ((prev === '+' || prev === '(') && /[\p{L}\p{N})]/u.test(prev2 ?? '')) continue;
    // URL-encoded bytes (%20), leading-zero codes (00-773), numbers alone inside inline tags (<i>6</i>).
    if (prev === '%' || prev === '=' || prev === '&') continue;
    if (m[0].length > 1 && m[0][0] === '0' && m[0][1] !== '.') continue;
    if (prev === '>' && /^\.?(?:<|\s+\p{Lu})/u.test(text.slice(e, e + 3))) continue;
    if ((next === '.' || next === '/' || next === ':' || next === '-') && isDigit(text[e + 1])) {
      // "09.05.2023", "1.1.2", "25/03/2022", "10:30", "2023-05-08"; ranges like "10-15" are fine.
      if (next !== '-' || /^-\d{1,2}-\d/.test(text.slice(e, e + 6)) || (m[0].length === 4 && /^-\d{2}(?![\d])/.test(text.slice(e, e + 4)) && +text.slice(e + 1, e + 3) <= 12 && +text.slice(e + 1, e + 3) < +m[0].slice(2))) continue;
    }
    if ((next === '+' || next === '(') && isDigit(text[e + 1])) continue;
    if (/^\.\d/.test(m[0]) === false && m[0].includes('.') && /^\.\d/.test(text.slice(e, e + 2))) continue;
    if (TIME_AFTER.test(text.slice(e, e + 6)) && /^\d{1,2}$/.test(m[0])) continue;
    // Headings and list numbers at the start of a line: "2.1 Research Methods", "1. The first ...".
    const lineBefore = text.slice(Math.max(0, s - 12), s);
    if (LIST_NUMBER_LINE.test(lineBefore) && (/^\d{1,3}[.)]\s/.test(text.slice(s, s + 5)) || /^\d+\.\d+\s+\p{Lu}/u.test(text.slice(s, s + 12)))) continue;
    // Day and year numbers of dates ("8 May", "May 8", "May 2023").
    const before = text.slice(Math.max(0, s - 16), s);
    const afterText = text.slice(e, e + 24);
    const nearMonth = MONTH_BEFORE.test(before) || MONTH_AFTER.test(afterText);

    const amount = amountAt(text, s, e);
    // Glued to a following letter that is no known suffix: "16x9", "3D", "5G".
    if (amount.end === amount.numEnd && isLetter(text[amount.end])) continue;
    const rawInt = amount.plainInteger ? +m[0] : NaN;
    const cur = PREFIX_CURRENCY.exec(text.slice(Math.max(0, s - 8), s));
    const exprStart = cur ? s - (cur[1].length + (cur[0].endsWith(' ') || cur[0].endsWith('\u00a0') ? 1 : 0)) : s;
    if (cur) amount.currency = amount.currency ?? currencyCode(cur[1]);
    const hedge = hedgeBefore(text, exprStart);

    if (nearMonth && !amount.currency && !amount.percent && !amount.scaleWord) {
      if (!(rawInt >= 1000 && rawInt <= 2100 && m[0].length === 4)) continue; // day of month
      out.push(mk(text, s, amount.end, s, amount.end, rawInt, 'year', 'exact', 5));
      continue;
    }

    // Ranges: "10-15", "10 to 15", "between 3 and 5", "$3-5 million", "14-16%", "2010-2013".
    let max: number | undefined;
    let end = amount.end;
    let valueEnd = amount.end;
    const conn = RANGE_CONNECTOR.exec(text.slice(amount.end, amount.end + 16));
    if (conn && !(conn[0].trim().toLowerCase() === 'and' && hedge.word !== 'between') && !(/^\s*or\b/i.test(conn[0]))) {
      const bStart = amount.end + conn[0].length;
      DIGITS_STICKY.lastIndex = bStart;
      const b = DIGITS_STICKY.exec(text);
      const bGlued = b ? text.slice(bStart + b[0].length, bStart + b[0].length + 5) : '';
      if (b && !ignored.has(bStart) && (!isLetter(bGlued[0]) || /^(?:st|nd|rd|th|s|k|m|b|bn|mln|mn|km|kg)(?![\p{L}])/u.test(bGlued))) {
        const bn = b;
        const bEnd = bStart + bn[0].length;
        const nextB = text[bEnd];
        if (!((nextB === '.' || nextB === '/' || nextB === '-' || nextB === ':') && isDigit(text[bEnd + 1]))) {
          const B = amountAt(text, bStart, bEnd);
          const aHasSuffix = amount.end !== amount.numEnd;
          const bHasSuffix = B.end !== B.numEnd;
          let aValue = amount.value;
          let bValue = B.value;
          // Two-digit year ends: "2010-13".
          if (amount.plainInteger && B.plainInteger && m[0].length === 4 && bn[0].length === 2 && rawInt >= 1000 && rawInt <= 2100) {
            bValue = Math.floor(rawInt / 100) * 100 + B.value;
          }
          if (!aHasSuffix && bHasSuffix) {
            const scale = B.value / parseNumber(bn[0], false).value || 1;
            aValue = amount.value * scale;
            amount.step = B.step;
            amount.currency = amount.currency ?? B.currency;
            amount.percent = B.percent;
            amount.percentagePoints = B.percentagePoints;
            amount.multiplier = B.multiplier;
            amount.scaleWord = B.scaleWord;
            amount.ordinal = B.ordinal;
          }
          const compatible = (!aHasSuffix || !bHasSuffix || (!!amount.percent === !!B.percent && amount.currency === (B.currency ?? amount.currency)));
          if (compatible && bValue > aValue && !B.ordinal && !B.decade && !amount.decade) {
            amount.value = aValue;
            max = bValue;
            end = B.end;
            valueEnd = B.end;
            if (B.currency) amount.currency = amount.currency ?? B.currency;
          }
        }
      }
    }

    const hedged = hedge.approx !== undefined && hedge.word !== 'between' && hedge.word !== 'from';
    let kind: QuantityKind;
    let priority = 3;
    if (amount.ordinal) kind = 'ordinal';
    else if (amount.decade) {
      kind = 'year';
      max = rawInt + 9;
    } else if (amount.percent) kind = 'percent';
    else if (amount.multiplier) kind = 'multiplier';
    else if (amount.currency) kind = 'money';
    else if (
      amount.plainInteger && m[0].length === 4 && rawInt >= 1000 && rawInt <= 2100 && !amount.scaleWord &&
      (max === undefined || (max >= 1000 && max <= 2100)) && fourDigitIsYear(text, s, e, hedged)
    ) {
      kind = 'year';
    } else kind = 'count';

    if (kind === 'count' || kind === 'ordinal') {
      // Designations: "Article 2", "Laboratory 17", "Orlan 10", "#5", "No. 3".
      const b40 = text.slice(Math.max(0, s - 24), s);
      if (DESIGNATION_BEFORE.test(b40)) kind = 'ordinal';
      else if (kind === 'count' && !hedged) {
        const cap = CAPITALISED_BEFORE.exec(b40);
        const acronym = cap && cap[1].length >= 2 && cap[1] === cap[1].toUpperCase() && !CURRENCY_CODES[cap[1].toLowerCase()];
        if (cap && (acronym || !NOT_DESIGNATORS.has(cap[1].toLowerCase())) && !isSentenceStart(text, s - cap[0].length + cap[0].indexOf(cap[1]))) kind = 'ordinal';
      }
    }

    let approx: Approx = hedge.approx && hedge.word !== 'between' && hedge.word !== 'from' ? hedge.approx : 'exact';
    let start = hedge.approx || hedge.word === 'between' || (hedge.word === 'from' && max !== undefined) ? hedge.start : exprStart;
    if (hedge.word === 'from' && max === undefined) start = exprStart;
    const plus = PLUS_AFTER.exec(text.slice(end, end + 12));
    if (plus && kind !== 'year' && kind !== 'ordinal') {
      const w = (plus[1] ?? '').toLowerCase();
      approx = w === 'so' ? 'about' : w === 'less' || w === 'fewer' ? 'at-most' : 'at-least';
      end += plus[0].length;
      if (plus[0] === '+') valueEnd = end;
    }
    if (kind === 'year' || kind === 'ordinal') {
      approx = 'exact';
      start = exprStart;
    }
    let unit: string | undefined;
    if (amount.gluedUnit) unit = UNIT_CANON.get(amount.gluedUnit) ?? amount.gluedUnit;
    if (kind === 'count') {
      const u = unitAfter(text, end);
      if (!unit && u.unit) {
        unit = u.unit;
        end = u.end;
      }
    }
    if (kind === 'percent' && amount.percentagePoints) unit = 'pp';
    if (kind === 'count' && unit && MEASURE_UNITS.has(unit)) kind = 'measure';
    if (kind === 'ordinal') priority = 2;
    const q = mk(text, start, end, exprStart, valueEnd, amount.value, kind, approx, priority);
    if (max !== undefined) q.max = max;
    if (kind === 'year' && amount.decade) q.max = rawInt + 9;
    if (amount.currency && kind === 'money') q.currency = amount.currency;
    if (unit) q.unit = unit;
    q.step = amount.step;
    out.push(q);
    DIGITS.lastIndex = Math.max(DIGITS.lastIndex, valueEnd);
  }

  // Number words, vague quantities, ordinal and multiplier words.
  WORD_RUN_START.lastIndex = 0;
  for (let m = WORD_RUN_START.exec(text); m; m = WORD_RUN_START.exec(text)) {
    const s = m.index;
    if (ignored.has(s)) continue;
    let e = s + m[0].length;
    let value: number;
    let max: number | undefined;
    let kind: QuantityKind = 'count';
    let approx: Approx = 'exact';
    let vague = false;
    let valueStart = s;
    if (m[5]) {
      // "sevenfold", "7-fold", "seven-fold"
      const base = m[5].replace(/[-\s]?fold$/i, '');
      value = UNITS[base.toLowerCase()] ?? parseFloat(base);
      kind = 'multiplier';
    } else if (m[4]) {
      const w = m[4].toLowerCase();
      if (w === 'double' || w === 'triple') {
        if (!/^\s+(?:in|the|its|their|to)\b/i.test(text.slice(e, e + 8)) && !/\bto\s+$/i.test(text.slice(Math.max(0, s - 4), s))) continue;
      }
      value = MULT_WORDS[w];
      kind = 'multiplier';
    } else if (m[3]) {
      const w = m[3].toLowerCase();
      const after = text.slice(e, e + 20);
      if (ORDINAL_NOT_NUMBER_AFTER.test(after)) continue;
      if (w === 'second' && SECOND_TIME.test(after)) continue;
      value = ORDINAL_WORDS[w];
      kind = 'ordinal';
    } else if (m[2]) {
      const w = m[2].toLowerCase();
      const base = VAGUE_PLURALS[w];
      const of = OF_VAGUE.exec(text.slice(e, e + 20));
      if (w === 'tens' && !of) continue;
      if (w === 'dozens' && !of) {
        value = 24;
        max = 99;
      } else if (of) {
        const outer = VAGUE_PLURALS[of[1].toLowerCase()];
        value = 2 * base * outer;
        max = 10 * base * outer - 1;
        e += of[0].length;
      } else {
        value = 2 * base;
        max = 10 * base - 1;
      }
      vague = true;
      approx = 'about';
    } else if (/^[-\s]?fold(?![\p{L}])/u.test(text.slice(e, e + 6))) {
      const fold = /^[-\s]?fold/u.exec(text.slice(e, e + 6))!;
      value = UNITS[m[1].toLowerCase()] ?? NaN;
      if (Number.isNaN(value)) continue;
      e += fold[0].length;
      kind = 'multiplier';
    } else {
      const first = m[1];
      const lower = first.toLowerCase();
      const art = ARTICLE_BEFORE.exec(text.slice(Math.max(0, s - 12), s));
      const parsed = parseWordRun(text, s, first);
      if (!parsed) continue;
      e = parsed.end;
      value = parsed.value;
      const lastWord = text.slice(s, e).toLowerCase().split(/[\s-]+/).pop()!;
      const scaleWord = WORD_SCALES[lastWord] !== undefined || lastWord === 'dozen';
      if (lower === 'one' && e === s + 3) {
        if (ONE_NOT_NUMBER_AFTER.test(text.slice(e, e + 16)) || ONE_NOT_NUMBER_BEFORE.test(text.slice(Math.max(0, s - 12), s))) continue;
        // "a real shift or a rhetorical one?": an article and an adjective before, no noun after.
        if (/^\s*(?:[.,;:!?)"'”’]|$)/.test(text.slice(e, e + 2)) && /(?:^|[^\p{L}])(?:a|an|the|this|that)\s+[\p{L}-]+\s+$/iu.test(text.slice(Math.max(0, s - 30), s))) continue;
      }
      if (art && WORD_SCALES[lower] !== undefined || (art && lower === 'dozen')) {
        const a = art[1].toLowerCase().replace(/\s+/g, ' ');
        valueStart = s - art[0].length + art[0].indexOf(art[1]);
        if (a === 'several' || a === 'a few' || a === 'few') {
          const unitScale = value;
          value = (a === 'several' ? 3 : 2) * unitScale;
          max = (a === 'several' ? 9 : 5) * unitScale;
          vague = true;
          approx = 'about';
        } else if (lower === 'dozen') approx = 'about';
      } else if (!scaleWord && lower === 'dozen') continue;
      // "hundred"/"thousand" alone without a number or article is not a quantity.
      if (!art && (WORD_SCALES[lower] !== undefined || lower === 'dozen') && e === s + first.length) continue;
    }
    // Hedges before word numbers.
    const hedge = hedgeBefore(text, valueStart);
    let start = valueStart;
    if (hedge.approx && kind !== 'ordinal' && hedge.word !== 'from' && hedge.word !== 'between') {
      approx = vague ? 'about' : hedge.approx;
      start = hedge.start;
    }
    let end = e;
    let unit: string | undefined;
    if (kind === 'count') {
      // "three times" is a multiplier.
      const times = /^\s+times(?![\p{L}])/u.exec(text.slice(e, e + 10));
      if (times) {
        kind = 'multiplier';
        end = e = e + times[0].length;
      } else {
        const pct = PERCENT_AFTER.exec(text.slice(e, e + 24));
        if (pct) {
          kind = 'percent';
          end = e = e + pct[0].length;
        } else {
          const u = unitAfter(text, e);
          if (u.unit) {
            unit = u.unit;
            end = u.end;
            if (MEASURE_UNITS.has(unit)) kind = 'measure';
          }
        }
      }
    }
    const q = mk(text, start, end, valueStart, e, value, kind, approx, 1);
    if (max !== undefined) q.max = max;
    if (vague) q.vague = true;
    if (unit) q.unit = unit;
    q.step = 1;
    out.push(q);
    WORD_RUN_START.lastIndex = Math.max(WORD_RUN_START.lastIndex, e);
  }

  out.sort((a, b) => a.start - b.start || b.priority - a.priority);
  const result: Quantity[] = [];
  let last: Candidate | undefined;
  for (const c of out) {
    if (last && c.valueStart < last.valueEnd && c.valueEnd > last.valueStart) {
      if (c.priority > last.priority) {
        result[result.length - 1] = strip(c);
        last = c;
      }
      continue;
    }
    result.push(strip(c));
    last = c;
  }
  return result;
}

function isSentenceStart(text: string, pos: number): boolean {
  const before = text.slice(Math.max(0, pos - 4), pos);
  return pos === 0 || /(?:^|[.!?:;|>\n"“(])\s*$/.test(before);
}

function mk(text: string, start: number, end: number, valueStart: number, valueEnd: number, value: number, kind: QuantityKind, approx: Approx, priority: number): Candidate {
  return { start, end, valueStart, valueEnd, value, approx, kind, text: text.slice(start, end), priority };
}

function strip(c: Candidate): Quantity {
  const { priority, ...q } = c;
  void priority;
  return q;
}

// ---------------------------------------------------------------------------------------------
// Comparison

/** Whether two quantities measure the same kind of thing (and can be compared at all). */
export function sameMeasure(a: Quantity, b: Quantity): boolean {
  if (a.kind === 'ordinal' || b.kind === 'ordinal') return false;
  const countish = (k: QuantityKind) => k === 'count' || k === 'measure';
  if (a.kind !== b.kind && !(countish(a.kind) && countish(b.kind))) return false;
  switch (a.kind) {
    case 'money':
      return !a.currency || !b.currency || a.currency === b.currency;
    case 'percent':
      return (a.unit === 'pp') === (b.unit === 'pp');
    case 'multiplier':
    case 'year':
      return true;
    default: {
      if (a.kind !== b.kind && (a.unit === undefined || b.unit === undefined)) return false;
      if (!a.unit || !b.unit) return true;
      if (a.unit === b.unit) return true;
      const ca = UNIT_CANON.get(a.unit) ?? a.unit;
      const cb = UNIT_CANON.get(b.unit) ?? b.unit;
      return ca === cb || stem(ca) === stem(cb);
    }
  }
}

const ABOUT_TOLERANCE = 0.1;
const SOURCE_OPEN_CAP = 1.5;

function tolerance(q: Quantity): number {
  return (q.step ?? 0) / 2;
}

/**
 * Whether a brief's quantity is supported by (consistent with) a source's quantity, honouring hedges on both
 * sides: "more than 500" vs "570" agree; "some 7,000" vs "7,000" agree; "about 7,000" vs "6,900" agree;
 * "750" vs "570" disagree; "more than 750" vs "more than 570" disagree (the source does not support it).
 * Call it only for quantities that are `sameMeasure`.
 */
export function quantitiesAgree(brief: Quantity, source: Quantity): boolean {
  const eps = 1e-9 * Math.max(Math.abs(brief.value), Math.abs(source.value), 1);
  // A rounded figure covers what rounds to it, short of the halfway mark: "2 million" is not
  // the source's "1.5 million" (a writer rounding 1.5 would keep the half).
  const tol = Math.max(tolerance(brief), tolerance(source)) - eps;
  const bLo = brief.value;
  const bHi = brief.max ?? brief.value;
  const sLo = source.value;
  const sHi = source.max ?? source.value;
  const sApprox = source.approx;

  // Interval the source allows.
  let srcLo: number;
  let srcHi: number;
  switch (sApprox) {
    case 'about':
      srcLo = sLo * (1 - ABOUT_TOLERANCE);
      srcHi = sHi * (1 + ABOUT_TOLERANCE);
      break;
    case 'more-than':
    case 'at-least':
      srcLo = sLo;
      srcHi = sHi * SOURCE_OPEN_CAP;
      break;
    case 'less-than':
    case 'at-most':
      srcLo = Math.min(sLo, sHi) / SOURCE_OPEN_CAP;
      srcHi = sHi;
      break;
    default:
      srcLo = sLo;
      srcHi = sHi;
  }

  switch (brief.approx) {
    case 'more-than':
    case 'at-least': {
      // The brief claims a lower bound: the source must reach it.
      if (sApprox === 'less-than' || sApprox === 'at-most') return sHi > bLo - tol;
      const anchor = sApprox === 'about' ? sHi * (1 + ABOUT_TOLERANCE / 2) : sHi;
      return anchor >= bLo - tol;
    }
    case 'less-than':
    case 'at-most': {
      if (sApprox === 'more-than' || sApprox === 'at-least') return sLo < bHi + tol;
      const anchor = sApprox === 'about' ? sLo * (1 - ABOUT_TOLERANCE / 2) : sLo;
      return anchor <= bHi + tol;
    }
    case 'about': {
      // A hedge widens the figure by ABOUT_TOLERANCE or by its rounding, whichever is more, not
      // by both: "some $50 million" is not the source's 45 million (a writer would keep the 5).
      // Nor do two hedges add up: "about 12,000" is not the source's "approximately 10,000".
      const slack = Math.max(bLo * ABOUT_TOLERANCE - eps, tol);
      const slackHi = Math.max(bHi * ABOUT_TOLERANCE - eps, tol);
      const [lo, hi] = sApprox === 'about' ? [sLo, sHi] : [srcLo, srcHi];
      return bLo - slack <= hi && bHi + slackHi >= lo;
    }
    default:
      // Two ranges given exactly agree end for end: "14–18%" is not the source's "14-16%" (a
      // figure within the source's range, or a range around its figure, still agrees).
      if (brief.max !== undefined && source.max !== undefined && sApprox === 'exact') return Math.abs(bLo - sLo) <= tol && Math.abs(bHi - sHi) <= tol;
      return bLo <= srcHi + tol && bHi >= srcLo - tol;
  }
}

// ---------------------------------------------------------------------------------------------
// Formatting

const UNIT_WORDS_OUT = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
];
const TENS_OUT = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const ORDINAL_OUT: Record<number, string> = Object.fromEntries(Object.entries(ORDINAL_WORDS).map(([w, n]) => [n, w]));

/** English words for a non-negative integer below 10^15 ("eight thousand", "twenty-five"). */
export function numberToWords(n: number, useAnd = false): string {
  if (!Number.isInteger(n) || n < 0) return String(n);
  if (n < 20) return UNIT_WORDS_OUT[n];
  if (n < 100) return TENS_OUT[Math.floor(n / 10)] + (n % 10 ? '-' + UNIT_WORDS_OUT[n % 10] : '');
  if (n < 1000) {
    const rest = n % 100;
    return UNIT_WORDS_OUT[Math.floor(n / 100)] + ' hundred' + (rest ? (useAnd ? ' and ' : ' ') + numberToWords(rest, useAnd) : '');
  }
  for (const [name, sc] of [['trillion', 1e12], ['billion', 1e9], ['million', 1e6], ['thousand', 1e3]] as const) {
    if (n >= sc) {
      const head = Math.floor(n / sc);
      const rest = n % sc;
      return numberToWords(head, useAnd) + ' ' + name + (rest ? (rest < 100 && useAnd ? ' and ' : ' ') + numberToWords(rest, useAnd) : '');
    }
  }
  return String(n);
}

function ordinalSuffix(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

function groupDigits(intPart: string, sep: string): string {
  if (!sep) return intPart;
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

function formatDigits(n: number, sep: string, decimals?: number): string {
  let s: string;
  if (decimals !== undefined) s = n.toFixed(decimals);
  else {
    s = (Math.round(n * 1000) / 1000).toString();
    if (/e/.test(s)) s = n.toFixed(0);
  }
  const [i, d] = s.split('.');
  return groupDigits(i, sep) + (d ? '.' + d : '');
}

const SCALE_FAMILIES: [string, number][][] = [
  [['thousand', 1e3], ['million', 1e6], ['billion', 1e9], ['trillion', 1e12]],
  [['k', 1e3], ['mln', 1e6], ['bn', 1e9], ['tn', 1e12]],
  [['k', 1e3], ['mn', 1e6], ['bn', 1e9], ['tn', 1e12]],
  [['k', 1e3], ['m', 1e6], ['b', 1e9], ['tn', 1e12]],
  [['тыс.', 1e3], ['млн', 1e6], ['млрд', 1e9]],
];

function capitaliseLike(word: string, like: string): string {
  if (like && like[0] !== like[0].toLowerCase()) return word[0].toUpperCase() + word.slice(1);
  return word;
}

/** The second figure of a range after the first ("–26", " to 26"). */
const RANGE_TAIL = /^(\s*(?:[–—-]|to|and)\s*)(\d[\d.,]*)/;

const VALUE_SHAPE =
  /^(?<pre>(?:(?:US\s?|A|C|HK)?\\?\$|€|£|¥|₽|₸|USD|EUR|GBP|RUB|JPY|CNY|KGS|KZT|UZS|TJS)?\s?)(?<num>\d(?:[\d,.\s\u00a0\u202f\u2009]*\d)?)(?<mid>\s?(?:\\?\$|€|£|₽|₸|¥)?(?:\s|-)?)(?<scale>(?:trillion|billion|million|thousand|bln|bn|mln|mn|mil|tn|k|m|b|млрд\.?|млн\.?|тыс\.?)(?![\p{L}]))?(?<post>[\s\S]*)$/u;

/**
 * Write `newValue` (a source's value) in the format of the brief's `original` quantity, for a quick fix that
 * replaces text[original.valueStart, original.valueEnd): "$60 million" + 16e6 → "$16 million"; "2,000" + 200 →
 * "200"; "seven thousand" + 8000 → "eight thousand"; "40%" + 45 → "45%"; "sevenfold" + 3 → "threefold".
 * `sourceText`, the source's own surface form, is used when the brief's form cannot express the value.
 */
export function formatLike(original: Quantity, newValue: number, sourceText?: string, newMax?: number): string {
  const surface = original.text.slice(original.valueStart - original.start, original.valueEnd - original.start);
  const hasDigits = /\d/.test(surface);

  if (original.kind === 'multiplier') {
    const lower = surface.toLowerCase();
    const word = Number.isInteger(newValue) && newValue < 100 ? numberToWords(newValue) : undefined;
    if (/fold$/.test(lower)) {
      // A fraction is not written "4.5fold": "4.5-fold" after digits, "4.5 times" for a word ("fivefold").
      if (!Number.isInteger(newValue)) return hasDigits ? `${formatDigits(newValue, '')}-fold` : `${formatDigits(newValue, '')} times`;
      if (hasDigits) return formatDigits(newValue, '') + (lower.includes('-fold') ? '-fold' : 'fold');
      return capitaliseLike((word ?? formatDigits(newValue, '')) + (lower.includes('-fold') ? '-fold' : 'fold'), surface);
    }
    if (/times/.test(lower)) {
      return hasDigits ? surface.replace(/^[\d.,]+/, formatDigits(newValue, '')) : capitaliseLike(`${word ?? formatDigits(newValue, '')} times`, surface);
    }
    if (/x$/.test(lower)) return formatDigits(newValue, '') + 'x';
    const verbs: Record<number, string> = { 2: 'doubled', 3: 'tripled', 4: 'quadrupled', 0.5: 'halved' };
    if (/ed$/.test(lower) && verbs[newValue]) return capitaliseLike(verbs[newValue], surface);
    // A verb stays a verb: "quadrupled" → "increased sevenfold", not "seven-fold".
    if (/ed$/.test(lower) && newValue > 1) return capitaliseLike(word ? `increased ${word}fold` : `increased ${formatDigits(newValue, '')} times`, surface);
    if (lower === 'twice' && newValue === 3) return 'three times';
    return capitaliseLike(`${word ?? formatDigits(newValue, '')}-fold`, surface);
  }

  if (original.kind === 'ordinal') {
    if (!hasDigits) return capitaliseLike(ORDINAL_OUT[newValue] ?? `${newValue}${ordinalSuffix(newValue)}`, surface);
    if (/(?:st|nd|rd|th)$/.test(surface)) return `${newValue}${ordinalSuffix(newValue)}`;
    return String(newValue);
  }

  if (!hasDigits) {
    // Number words.
    if (original.vague || !Number.isInteger(newValue) || newValue > 1e12) {
      if (sourceText && /\d/.test(sourceText)) return sourceText.replace(/\\\$/g, '$');
      return formatDigits(newValue, ',');
    }
    const useAnd = /\band\b/i.test(surface);
    let words = numberToWords(newValue, useAnd);
    // "one million five hundred thousand" is no way to write 1.5 million: the source's figure instead.
    if (words.split(/\s+/).length > 4 && sourceText && /\d/.test(sourceText)) return sourceText.replace(/\\\$/g, '$');
    if (/^a\s/i.test(surface) && /^one\s/.test(words)) words = words.replace(/^one/, 'a');
    if (original.kind === 'percent') {
      const pct = /(\s*(?:per\s?cent|percent|%).*)$/i.exec(surface);
      return capitaliseLike(words, surface) + (pct ? pct[1] : ' per cent');
    }
    return capitaliseLike(words, surface);
  }

  const m = VALUE_SHAPE.exec(surface);
  if (!m || !m.groups) return formatDigits(newValue, ',');
  const { pre, num } = m.groups;
  let { mid, post } = m.groups;
  // "24-26%", "300 and 400": the hyphen or space is the range's, not the unit's ("200-strong").
  if (original.max !== undefined && /^[\s-]+$/.test(mid) && RANGE_TAIL.test(mid + post)) [mid, post] = ['', mid + post];
  const scaleWord = m.groups.scale ?? '';
  const sepMatch = /\d([,\s\u00a0\u202f\u2009])\d{3}(?!\d)/.exec(num);
  const numDigits = num.replace(/[^\d]/g, '').length;
  const sep = sepMatch ? sepMatch[1] : numDigits >= 4 && !/[.,]/.test(num) ? '' : ',';

  // A range in the brief ("24–26 per cent") takes the source's range, or becomes its single figure.
  const rangeEnd = (tail: string, divisor: number, digitSep: string) => {
    const r = original.max !== undefined ? RANGE_TAIL.exec(tail) : null;
    if (!r) return tail;
    const rest = tail.slice(r[0].length);
    return newMax !== undefined && newMax !== newValue ? r[1] + formatDigits(newMax / divisor, digitSep) + rest : rest;
  };
  if (original.kind === 'percent' || original.kind === 'year') {
    const digitSep = original.kind === 'year' ? '' : sep;
    return pre + formatDigits(newValue, digitSep) + mid + scaleWord + rangeEnd(post, 1, digitSep);
  }

  let scaleOut = '';
  let shown = newValue;
  if (scaleWord) {
    const sc = SCALES[scaleWord.toLowerCase()] ?? 1;
    const family = SCALE_FAMILIES.find((f) => f.some(([w]) => w === scaleWord.toLowerCase())) ?? SCALE_FAMILIES[0];
    // (The sentence's scale word unless the figure outgrows it: "$31 billion", not "$31000 million".)
    const larger = [...family].reverse().find(([, v]) => v > sc && newValue >= v);
    if ((newValue >= sc && !(larger && newValue / sc >= 1000)) || newValue === 0) {
      scaleOut = scaleWord;
      shown = newValue / sc;
    } else if (larger && newValue >= sc) {
      scaleOut = capitaliseLike(larger[0], scaleWord);
      shown = newValue / larger[1];
    } else {
      const fit = [...family].reverse().find(([, v]) => newValue >= v);
      if (fit) {
        scaleOut = capitaliseLike(fit[0], scaleWord);
        shown = newValue / fit[1];
      }
    }
  }
  let midOut = mid;
  if (!scaleOut) midOut = mid.replace(/(?:\s|-)$/, '');
  const digits = formatDigits(shown, scaleOut ? '' : sep);
  return pre + digits + midOut + scaleOut + rangeEnd(post, shown !== 0 ? newValue / shown : 1, scaleOut ? '' : sep);
}
