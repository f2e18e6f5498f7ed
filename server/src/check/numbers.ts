// number-mismatch: a quantity in a claim disagrees with the figure the cited source(s) give for the
// same thing. The cited sources' passages that support the sentence come from the support engine
// (support.ts); inside them, the claim's quantity is matched to a source quantity that measures the
// same kind of thing (sameMeasure) and whose surrounding clause shares the claim's words. A flag is
// raised only when no quantity of the supporting passages agrees with the claim's (hedges, ranges,
// number words and formats are honoured by quantitiesAgree) and the counterpart is unambiguous.
//
// The helpers at the top (evidence windows, clause contexts, per-passage extraction caches) are
// shared with the date checks in dates.ts.
import type { Brief, Claim } from '../brief/parse';
import { citedPlain } from '../brief/parse';
import type { Corpus } from '../corpus/corpus';
import type { Passage, Source } from '../corpus/types';
import type { Quantity } from '../brief/quantities';
import { extractQuantities, formatLike, quantitiesAgree, sameMeasure } from '../brief/quantities';
import type { DateMention } from '../brief/dates';
import { datesOverlap, extractDates } from '../brief/dates';
import type { Evidence, Finding, Fix } from './findings';
import { SEVERITY_OF } from './findings';
import type { ClaimProfile, SupportMatch } from './support';
import { checkableClaims } from './unsupportedClaims';
import { placeMentions } from './places';
import { assessSupport, bestWindow, contentTokens, excerpt, windowText } from './support';

// ---------------------------------------------------------------------------------------------
// Claims and their evidence windows (shared with dates.ts)

/** Cited keys (as written, duplicates kept) of corpus sources with indexed text. */
export function citedKeysWithText(claim: Claim, corpus: Corpus): string[] {
  return claim.citations.filter((c) => c.key && corpus.get(c.key)?.text).map((c) => c.key);
}

/** Whether plain-text offsets [s, e) of a claim fall inside one of its quotations. */
export function insideQuote(claim: Claim, s: number, e: number): boolean {
  return claim.quotes.some((q) => s >= q.start - claim.start - 1 && e <= q.end - claim.start + 1);
}

export interface ClaimEvidence {
  profile: ClaimProfile;
  /** Distinct cited keys with text. */
  keys: string[];
  /** Windows of the pool that support the sentence well (may refute a figure or date). */
  strong: SupportMatch[];
  /** Every window of the cited sources that supports the sentence about as well (agreement pool). */
  pool: SupportMatch[];
}

/** A window must cover this share of the sentence's words (numbers and dates aside) to refute a figure. */
export const STRONG_SUPPORT = 0.6;
/** Windows this good (and near the best) may confirm a figure. */
const POOL_SUPPORT = 0.45;
const POOL_MARGIN = 0.2;
const POOL_SUPPORT_SHARED = 0.3;

const evidenceCache = new WeakMap<Corpus, Map<string, ClaimEvidence | null>>();

/** The supporting windows of a claim's cited sources (cached per corpus, keys and text). */
export function claimEvidence(corpus: Corpus, claim: Claim): ClaimEvidence | undefined {
  const cited = citedKeysWithText(claim, corpus);
  if (cited.length === 0) return undefined;
  let cache = evidenceCache.get(corpus);
  if (!cache) evidenceCache.set(corpus, (cache = new Map()));
  // What the citations vouch for (a trailing clause of the writer's own is not the source's).
  const plain = citedPlain(claim);
  const cacheKey = cited.join(';') + '\u0000' + plain;
  const hit = cache.get(cacheKey);
  if (hit !== undefined) return hit ?? undefined;
  // Same arguments as the unsupported-claim check, so the support assessment is shared (cached).
  const support = assessSupport(corpus, plain, cited);
  const keys = [...new Set(cited)];
  const strong: SupportMatch[] = [];
  const pool: SupportMatch[] = [];
  for (const { key, match } of support.cited) {
    if (!match) continue;
    // With several cited sources each may support only part of the sentence.
    const floor = Math.max(keys.length > 1 ? POOL_SUPPORT_SHARED : POOL_SUPPORT, match.wordCoverage - POOL_MARGIN);
    const seen = new Set<string>();
    const add = (m: SupportMatch) => {
      const id = `${m.start}:${m.end}`;
      if (m.wordCoverage < floor || seen.has(id)) return;
      seen.add(id);
      pool.push(m);
    };
    add(match);
    for (const hitP of corpus.search(plain, 8, [key])) add(bestWindow(corpus, support.profile, hitP.passage));
  }
  // Not only the best window of a source can refute a figure: "The air base at Kant, just outside
  // Bishkek, hosts some 4,000 personnel" is matched best by a sentence about Kant and Bishkek
  // without the figure, and well by the one that gives it.
  for (const m of pool) if (m.wordCoverage >= STRONG_SUPPORT) strong.push(m);
  const result: ClaimEvidence | null = support.profile.total > 0 ? { profile: support.profile, keys, strong, pool } : null;
  if (cache.size > 5000) cache.clear();
  cache.set(cacheKey, result);
  return result ?? undefined;
}

// ---------------------------------------------------------------------------------------------
// Clauses and contexts

const CLAUSE_BREAK =
  /[;:()\[\]|!?]|,(?!\d{3}(?!\d))|\s[-–—]{1,2}\s|--|\.(?=\s+["“(]?[\p{Lu}\d])|(?<![\p{L}])(?:when|while|whereas|which|who|whom|whose|where|although|though|because|but|that(?=\s+(?:had|has|have|was|were|is|are|will|would)\s))(?![\p{L}])/giu;

export interface ClauseSpan {
  start: number;
  end: number;
  /** Number of the sentence (within the spanned text) the clause is in. */
  sentence: number;
  /** The break that opens the clause, lower-cased ("which", ",", "("), '' at the start. */
  lead: string;
}

/** A short parenthesis without figures, "Kant (Kyrgyzstan) hosted", "(PfP)": a gloss inside its clause, not a clause. */
const GLOSS = /\((?=[^()\d]{1,40}\))(?:\s*[\p{L}.'’-]+){1,3}\s*\)/gu;

/**
 * Clause spans of text[lo, hi), as absolute offsets. With `glosses` (a source's text), a short
 * parenthesis does not break its clause; a brief's sentence is read without them (claimClauseContext).
 */
export function clauseSpans(text: string, lo: number, hi: number, glosses = true): ClauseSpan[] {
  const slice = glosses ? text.slice(lo, hi).replace(GLOSS, (m) => ' '.repeat(m.length)) : text.slice(lo, hi);
  const out: ClauseSpan[] = [];
  let from = 0;
  let sentence = 0;
  let lead = '';
  CLAUSE_BREAK.lastIndex = 0;
  for (const m of slice.matchAll(CLAUSE_BREAK)) {
    const at = m.index ?? 0;
    if (at > from) out.push({ start: lo + from, end: lo + at, sentence, lead });
    const brk = m[0].toLowerCase();
    if (/^[.!?]$/.test(brk)) sentence++;
    // "…, which" keeps the relative word as the lead.
    lead = at > from || !/^\p{L}/u.test(brk) ? brk.trim() : brk;
    from = at + m[0].length;
  }
  if (from < slice.length) out.push({ start: lo + from, end: hi, sentence, lead });
  return out;
}

/** Clauses that open with these are subordinate: a date in them dates only them. */
export const SUBORDINATE_LEAD = new Set(['which', 'that', 'who', 'whom', 'whose', 'where', 'when', 'while', 'whereas', 'although', 'though', 'because', '(', '[']);

/** A source's own author-year citation, "(Grozovski 2023)", "(Poita 2020, 3)": not context. */
const PAREN_CITATION = /\((?:[^()\d]{1,80}?,?\s*)?(?:1[5-9]|20)\d{2}[a-z]?(?:\s*[,:;]\s*(?:pp?\.\s*)?\d{1,4}(?:\s*[-–—]\s*\d{1,4})?)*\s*\)/gu;
const MONTH_TERM = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*$/;

/**
 * Content terms (canonical stems) of a text; month names and years left out. Other numbers are kept
 * as `#n` ("#14"), strong anchors when a sentence restates several figures of a source's sentence.
 */
export function wordTerms(text: string): Set<string> {
  const out = new Set<string>();
  for (const t of contentTokens(text.replace(PAREN_CITATION, ' '))) {
    if (MONTH_TERM.test(t.term)) continue;
    if (/^\d/.test(t.term)) {
      if (/^\d{1,3}$|^\d{5,}$|^\d+\.\d+$|^\d+[a-z]+$/.test(t.term) || (/^\d{4}$/.test(t.term) && (+t.term < 1000 || +t.term > 2100))) out.add('#' + t.term);
      continue;
    }
    out.add(t.term);
  }
  return out;
}

/**
 * The terms of the clause around text[s, e) within [lo, hi), widened to the following and then the
 * preceding clauses of the same sentence while it has fewer than `min` terms (those `counted`, when
 * given). Returns the terms and the span they came from.
 */
export function clauseContext(
  text: string,
  s: number,
  e: number,
  lo: number,
  hi: number,
  min = 4,
  counted?: (term: string) => boolean,
  /** Other figures' offsets: a clause holding one is another item of a list, and is not joined. */
  others?: readonly { valueStart: number; valueEnd: number }[],
  glosses = true,
): { terms: Set<string>; start: number; end: number; subordinate: boolean; sentence: number } {
  const spans = clauseSpans(text, lo, hi, glosses);
  let a = spans.findIndex((c) => s < c.end && e > c.start);
  if (a < 0) a = spans.findIndex((c) => c.start >= s);
  const termsOf = counted ? (t: string) => new Set([...wordTerms(t)].filter(counted)) : wordTerms;
  if (a < 0) return { terms: termsOf(text.slice(lo, hi)), start: lo, end: hi, subordinate: false, sentence: 0 };
  let b = a;
  while (b + 1 < spans.length && spans[b + 1].start < e) b++;
  const sentence = spans[a].sentence;
  // A "when" clause right after the figure says what happened then ("back to 1995, when
  // Kazakhstan … joined"): it is the figure's clause too.
  if (!/[\p{L}\p{N}]/u.test(text.slice(e, spans[b].end))) {
    let next = b + 1;
    while (next < spans.length && !/[\p{L}\p{N}]/u.test(text.slice(spans[next].start, spans[next].end))) next++;
    if (next < spans.length && spans[next].lead === 'when' && spans[next].sentence === sentence) b = next;
  }
  const subordinate = SUBORDINATE_LEAD.has(spans[a].lead);
  // The figure itself is not context.
  const slice = (x: number, y: number) => text.slice(x, Math.max(x, s)) + ' ' + text.slice(Math.min(y, Math.max(x, e)), y);
  let terms = termsOf(slice(spans[a].start, spans[b].end));
  // A participle's clause ("the secretaries, meeting in May 2023, concluded …") is about the
  // noun before it: it widens backwards first.
  // A figure that closes an item of a list ("joint exercise, February 2023; phone call, April 2023")
  // is that item's: it widens backwards first too.
  const closesItem = !/[\p{L}\p{N}]/u.test(text.slice(e, spans[b].end)) && spans[b + 1]?.lead === ';';
  const backFirst = (closesItem || /^\s*[\p{L}]+ing\b/u.test(text.slice(spans[a].start, spans[a].end))) && a > 0 && spans[a - 1].sentence === sentence;
  // A date that is a whole "sentence" heading the next ("March 2023. Bishkek and Moscow held …")
  // dates that next one.
  const heading = terms.size === 0 && spans.every((c, i) => c.sentence !== sentence || (i >= a && i <= b));
  const joinable = (i: number) => (spans[i].sentence === sentence || (heading && spans[i].sentence === sentence + 1)) && !others?.some((o) => (o.valueStart !== s || o.valueEnd !== e) && o.valueStart < spans[i].end && o.valueEnd > spans[i].start);
  while (terms.size < min) {
    if (backFirst && a > 0 && joinable(a - 1)) a--;
    else if (b + 1 < spans.length && joinable(b + 1)) b++;
    else if (a > 0 && joinable(a - 1)) a--;
    else break;
    terms = termsOf(slice(spans[a].start, spans[b].end));
  }
  return { terms, start: spans[a].start, end: spans[b].end, subordinate, sentence };
}

/** The terms of the sentence around text[s, e) within [lo, hi), the figure itself left out. */
export function sentenceContext(text: string, s: number, e: number, lo: number, hi: number): Set<string> {
  const spans = clauseSpans(text, lo, hi);
  const at = spans.find((c) => s < c.end && e > c.start) ?? spans.find((c) => c.start >= s);
  if (!at) return wordTerms(text.slice(lo, s) + ' ' + text.slice(e, hi));
  const same = spans.filter((c) => c.sentence === at.sentence);
  const a = same[0].start;
  const b = same[same.length - 1].end;
  return wordTerms(text.slice(a, Math.max(a, s)) + ' ' + text.slice(Math.min(b, e), b));
}

/**
 * clauseContext of a figure or date of the claim itself, counting only the words the claim is
 * about (its profile's terms, and small numbers): "one should recall" or "they note" between a
 * subject and its verb does not stop the clause from reaching the subject. It reads no further
 * than `end` (where the words of a figure after it begin: figureClauseEnd).
 */
export function claimClauseContext(claim: Claim, s: number, e: number, profile: ClaimProfile, min: number, others?: readonly { valueStart: number; valueEnd: number }[], end = claim.plain.length) {
  const { weights } = profileInfo(profile);
  // (Its parentheses stay breaks: a writer's abbreviation often sits between two predicates with
  // figures of their own, "bases in three states and has used the … Organization (CSTO) as …".)
  return clauseContext(claim.plain, s, e, 0, end, min, (t) => t.startsWith('#') || weights.has(t), others, false);
}

export interface ContextScore {
  /** Weighted share of the claim terms found: names anywhere in the window, other words in the clause. */
  all: number;
  /** The same, counting only the words (not names) found in the clause. */
  words: number;
}

/**
 * How well a source clause matches the claim's clause. Names (people, places, organisations) may be
 * carried over from elsewhere ("The base was established in 2003" after a sentence about Kant), so
 * they count when the clause's sentence has them, and half when only the window does; other words
 * must be in the clause itself.
 */
export function contextScore(claimTerms: Set<string>, clause: Set<string>, sentence: Set<string>, window: Set<string>, profile: ClaimProfile): ContextScore {
  const { weights, names } = profileInfo(profile);
  let total = 0;
  let got = 0;
  let words = 0;
  for (const t of claimTerms) {
    const w = termWeight(weights, t);
    total += w;
    if (!names.has(t)) {
      if (clause.has(t)) {
        got += w;
        words += w;
      }
    } else if (clause.has(t) || sentence.has(t)) got += w;
    else if (window.has(t)) got += w / 2;
  }
  return { all: total > 0 ? got / total : 0, words: total > 0 ? words / total : 0 };
}

/** Weighted share of the claim's non-name terms found in `other`. */
export function wordShare(claimTerms: Set<string>, other: Set<string>, profile: ClaimProfile): number {
  const { weights, names } = profileInfo(profile);
  let total = 0;
  let got = 0;
  for (const t of claimTerms) {
    const w = termWeight(weights, t);
    total += w;
    if (!names.has(t) && other.has(t)) got += w;
  }
  return total > 0 ? got / total : 0;
}

/** A context term's weight: its weight in the claim's profile; figures (`#n`) count as a rare word. */
function termWeight(weights: Map<string, number>, t: string): number {
  return t.startsWith('#') ? 1.5 : weights.get(t) ?? 0.5;
}

const profileInfoCache = new WeakMap<ClaimProfile, { weights: Map<string, number>; names: Set<string> }>();
function profileInfo(profile: ClaimProfile) {
  let m = profileInfoCache.get(profile);
  if (!m) {
    m = { weights: new Map(profile.terms.map((t) => [t.term, t.weight])), names: new Set(profile.terms.filter((t) => t.kind === 'name').map((t) => t.term)) };
    profileInfoCache.set(profile, m);
  }
  return m;
}

const windowTermsCache = new WeakMap<SupportMatch, Set<string>>();
/** Content terms of a window (cached per window object). */
export function windowTerms(corpus: Corpus, w: SupportMatch): Set<string> {
  let t = windowTermsCache.get(w);
  if (!t) windowTermsCache.set(w, (t = wordTerms((corpus.get(w.key)?.text ?? '').slice(w.start, w.end))));
  return t;
}

// ---------------------------------------------------------------------------------------------
// Per-passage extraction, lazily, cached by Passage object

interface PassageFigures {
  /** Offsets into the source text. */
  quantities: Quantity[];
  dates: DateMention[];
  /** Vague present-time expressions ("recently", "in recent months"), source offsets. */
  recency: [number, number][];
}

const figuresCache = new WeakMap<Passage, PassageFigures>();
const RECENCY = /(?<![\p{L}])(?:recent(?:ly)?|lately|currently|nowadays|at\s+present|this\s+(?:week|month|year)|so\s+far\s+this\s+year|in\s+recent\s+(?:days|weeks|months|years))(?![\p{L}])/giu;

function shift<T extends { start: number; end: number }>(x: T, by: number, extra: (keyof T)[] = []): T {
  const y = { ...x, start: x.start + by, end: x.end + by } as T;
  for (const k of extra) (y as Record<string, unknown>)[k as string] = (x[k] as unknown as number) + by;
  return y;
}

/** Quantities, dates and recency words of a passage, with source-text offsets (computed once). */
/** What introduces the date a reference was consulted. */
const ACCESS_DATE = /\b(?:date\s+of\s+(?:accession|access)|accessed(?:\s+on)?|retrieved(?:\s+on)?|last\s+visited(?:\s+on)?|consulted(?:\s+on)?)\s*[:,]?\s*$/i;

export function passageFigures(corpus: Corpus, passage: Passage): PassageFigures {
  let f = figuresCache.get(passage);
  if (f) return f;
  const source = corpus.get(passage.sourceKey);
  const raw = passage.rawText ?? '';
  const base = passage.start;
  const quantities = extractQuantities(raw).map((q) => shift(q, base, ['valueStart', 'valueEnd']));
  // (A reference's access date, "(Date of Accession: 09.05.2023)", dates no event.)
  const dates = extractDates(raw, source?.issued).filter((d) => !ACCESS_DATE.test(raw.slice(Math.max(0, d.start - 30), d.start))).map((d) => {
    const y = shift(d, base, ['editStart', 'editEnd']);
    if (d.parts) {
      const parts: NonNullable<DateMention['parts']> = {};
      for (const [k, v] of Object.entries(d.parts) as [keyof typeof parts, [number, number]][]) parts[k] = [v[0] + base, v[1] + base];
      y.parts = parts;
    }
    return y;
  });
  const recency: [number, number][] = [];
  RECENCY.lastIndex = 0;
  for (const m of raw.matchAll(RECENCY)) recency.push([base + (m.index ?? 0), base + (m.index ?? 0) + m[0].length]);
  f = { quantities, dates, recency };
  figuresCache.set(passage, f);
  return f;
}

/**
 * Figures inside a window. A window may reach into the neighbouring passages of its source (the
 * support engine pairs a passage's first sentence with the previous passage's last one).
 */
export function windowFigures(corpus: Corpus, w: SupportMatch): PassageFigures {
  const out: PassageFigures = { quantities: [], dates: [], recency: [] };
  for (const id of [w.passage.id - 1, w.passage.id, w.passage.id + 1]) {
    const p = corpus.passages.get(id);
    if (!p || p.sourceKey !== w.key || p.end <= w.start || p.start >= w.end) continue;
    const f = passageFigures(corpus, p);
    out.quantities.push(...inWindow(f.quantities, w));
    out.dates.push(...inWindow(f.dates, w));
    out.recency.push(...f.recency.filter(([a, b]) => a >= w.start && b <= w.end));
  }
  return out;
}

/** The items of a passage's list that lie inside a window. */
export function inWindow<T extends { start: number; end: number }>(items: T[], w: { start: number; end: number }): T[] {
  return items.filter((x) => x.start >= w.start && x.end <= w.end);
}

export function evidenceFor(corpus: Corpus, w: SupportMatch, message: string): Evidence {
  const source: Source | undefined = corpus.get(w.key);
  return { sourceKey: w.key, file: source?.textPath, start: w.start, end: w.end, text: windowText(corpus, w), message };
}

/** Surface text from a source, escapes undone and whitespace collapsed, for messages. */
export function surface(text: string): string {
  return text.replace(/\\([\\`*_{}\[\]()#+\-.!$%&~|<>"'])/g, '$1').replace(/<\/?[a-zA-Z][^<>]{0,200}>/g, '').replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// number-mismatch

interface Counterpart {
  window: SupportMatch;
  q: Quantity;
  score: number;
}

/** Kinds the number check compares (years are dates; ordinals are designations). */
function comparable(q: Quantity): boolean {
  return q.kind !== 'year' && q.kind !== 'ordinal' && Number.isFinite(q.value);
}

function unitsMatch(a: Quantity, b: Quantity): 'same' | 'unknown' {
  if (a.kind === 'money' || a.kind === 'percent' || a.kind === 'multiplier') return 'same';
  if (a.unit && b.unit) return 'same'; // sameMeasure already required them to be compatible
  return 'unknown';
}

/** A clause must share this weighted share of the claim clause's words for its figure to be the counterpart. */
const NUMBER_CONTEXT = 0.3;
/** An agreeing figure whose clause matches the claim's less than this share of the refuting one's does not settle it. */
const CLAUSE_SHARE = 0.5;
/** Lower bar when the units match and it is the only candidate. */
const NUMBER_CONTEXT_SOLE = 0.2;

/**
 * A table cell's score, not a figure: a whole number up to ten, unhedged, alone in its cell (a
 * score or a rank: a scorecard's "| 5 | Kant air base plus … |" is no count of
 * air bases). A figure alone in its cell otherwise counts what the next cell names, as in a table of
 * key numbers ("| 4,000 | personnel at the Russian air base in Kant |").
 */
function isTableScore(claim: Claim, q: Quantity): boolean {
  if (q.approx !== 'exact' || q.max !== undefined || !Number.isInteger(q.value) || q.value > 10) return false;
  const cellStart = claim.text.lastIndexOf('|', q.valueStart) + 1;
  const next = claim.text.indexOf('|', q.valueEnd);
  const cell = claim.plain.slice(cellStart, next < 0 ? claim.plain.length : next);
  return cell.trim() === claim.plain.slice(q.valueStart, q.valueEnd);
}

export function findNumberMismatches(brief: Brief, corpus: Corpus): Finding[] {
  const findings: Finding[] = [];
  for (const claim of checkableClaims(brief)) {
    if (claim.plain.length > MAX_FIGURED_SENTENCE) continue;
    if (!/\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozens?|twice|double|triple|fold)/i.test(claim.plain)) continue;
    const all = extractQuantities(claim.plain).filter((q) => !insideQuote(claim, q.valueStart, q.valueEnd) && !(claim.block === 'tableRow' && isTableScore(claim, q)));
    const quantities = all.filter(comparable);
    // Designations of a provision ("Article 4") are checked against the source's (judgeDesignation).
    const designations = all.filter((q) => q.kind === 'ordinal' && designatorOf(claim.plain, q.valueStart));
    if (quantities.length === 0 && designations.length === 0) continue;
    const whole = claimEvidence(corpus, claim);
    for (const q of quantities) {
      const others = quantities.filter((o) => o !== q);
      let ev = whole && whole.strong.length > 0 ? whole : partEvidence(corpus, claim, q.valueStart);
      // A figure in a relative clause ("… to Kant, which already hosts some 1,000 personnel") that
      // what supports the sentence never measures is checked against what supports that clause.
      // So is one in a table cell or a clause of a sentence whose preamble dilutes its support ("The
      // last time Washington had a real military foothold, at Manas, the base … was worth $150
      // million a year to Kyrgyzstan").
      if (!ev?.strong.length || !measures(corpus, ev, q)) {
        for (const own of [relativeClauseEvidence(corpus, claim, q.valueStart), clauseEvidence(corpus, claim, q.valueStart), cellEvidence(corpus, claim, q.valueStart)]) {
          if (own?.strong.length && measures(corpus, own, q)) {
            ev = own;
            break;
          }
        }
      }
      if (!ev?.strong.length) ev = datedFigureEvidence(corpus, claim, q) ?? ev;
      if (!ev || ev.strong.length === 0) continue;
      if (yearsApartInSource(corpus, claim, q)) continue;
      const f = judgeQuantity(corpus, claim, ev, q, others);
      if (f) findings.push(f);
    }
    for (const q of designations) {
      const f = whole && judgeDesignation(corpus, claim, whole, q);
      if (f) findings.push(f);
    }
  }
  return findings;
}

/**
 * A number of years that a cited source gives by its ends, counted from a year of the claim: "the
 * 2012 extension secured the base for a further thirty years" against "in 2012 its lease was
 * extended until 2042". Such a figure is the writer's arithmetic, not a figure to compare.
 */
function yearsApartInSource(corpus: Corpus, claim: Claim, q: Quantity): boolean {
  if (q.unit !== 'year' || !Number.isInteger(q.value) || q.value <= 0 || q.max !== undefined) return false;
  const years = extractDates(claim.plain).filter((d) => !d.relative && d.precision === 'year').map((d) => d.from.year);
  if (years.length === 0) return false;
  for (const key of citedKeysWithText(claim, corpus)) {
    const text = corpus.get(key)?.text ?? '';
    for (const y of years) {
      const otherEnd = new RegExp(`(?<!\\d)(?:${y + q.value}|${y - q.value})(?!\\d)`);
      // (Both years in one sentence of the source: within its stretch of text without a full stop.)
      for (let at = text.indexOf(String(y)); at >= 0; at = text.indexOf(String(y), at + 4)) {
        const stop = text.indexOf('. ', at);
        if (otherEnd.test(text.slice(text.lastIndexOf('. ', at) + 1, stop < 0 ? text.length : stop))) return true;
      }
    }
  }
  return false;
}

/** Whether two spans of `text` lie in one sentence of the window lo..hi. */
function sameSentence(text: string, lo: number, hi: number, a: { valueStart: number }, b: { valueStart: number }): boolean {
  const spans = clauseSpans(text, lo, hi);
  const of = (x: { valueStart: number }) => spans.find((c) => x.valueStart >= c.start && x.valueStart < c.end)?.sentence;
  return of(a) !== undefined && of(a) === of(b);
}

/** Words naming the part of a text a number designates ("Article 2", "Section 3"). */
const DESIGNATOR = /(?:^|[^\p{L}])(article|section|chapter|clause|paragraph|annex|appendix|protocol|resolution)\s+$/iu;
/** The source's sentence giving the other designation must hold this share of the claim's words. */
const DESIGNATION_CONTEXT = 0.6;
/** …or this share when both name the same document ("Article 52 of the UN Charter" / "Article 51 of the United Nations Charter"). */
const DESIGNATION_CONTEXT_SAME_DOCUMENT = 0.4;

function designatorOf(text: string, at: number): string | undefined {
  return DESIGNATOR.exec(text.slice(Math.max(0, at - 16), at))?.[1].toLowerCase();
}

/** The document a designation is of ("Article 51 of the UN Charter" → "charter"), '' if it does not say. */
const DESIGNATED_DOCUMENT = /^\s+of\s+(?:the\s+)?(?:[\p{L}.'’-]+\s+){0,4}?(treaty|charter|constitution|convention|agreement|law|code|protocol|act|declaration|statute)\b/iu;

function documentOf(text: string, end: number): string {
  return DESIGNATED_DOCUMENT.exec(text.slice(end, end + 60))?.[1].toLowerCase() ?? '';
}

const ORDINAL_WORDS = 'first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth'.split(' ');
const NUMBER_WORDS = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty'.split(' ');
const ROMAN = 'I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX'.split(' ');

/** The designations of kind `word` that text[lo, hi) gives in words ("the first article", "Article One", "Article IV"). */
function designationsInWords(text: string, lo: number, hi: number, word: string): { value: number; valueStart: number; valueEnd: number }[] {
  const part = text.slice(lo, hi);
  if (!new RegExp(word, 'i').test(part)) return [];
  const out: { value: number; valueStart: number; valueEnd: number }[] = [];
  const add = (value: number, m: RegExpMatchArray) => out.push({ value, valueStart: lo + m.index!, valueEnd: lo + m.index! + m[0].length });
  for (const m of part.matchAll(new RegExp(`\\b(${ORDINAL_WORDS.join('|')})\\s+${word}\\b`, 'gi'))) add(ORDINAL_WORDS.indexOf(m[1].toLowerCase()) + 1, m);
  for (const m of part.matchAll(new RegExp(`\\b${word}\\s+(${NUMBER_WORDS.join('|')})\\b`, 'gi'))) add(NUMBER_WORDS.indexOf(m[1].toLowerCase()) + 1, m);
  // (Roman numerals in capitals only: "Article I", not "article i wrote".)
  for (const m of part.matchAll(new RegExp(`\\b${word}\\s+([IVX]+)\\b`, 'gi'))) if (ROMAN.includes(m[1])) add(ROMAN.indexOf(m[1]) + 1, m);
  return out;
}

/**
 * A designation ("Article 4") where the sentence of the cited source that says the same thing
 * gives another one of the same kind ("Article 2 stipulates that member states will consult …"):
 * the number was taken from a neighbouring provision. Nothing when the best-fitting designation
 * has the claim's number, or one with another number fits about as well.
 */
function judgeDesignation(corpus: Corpus, claim: Claim, ev: ClaimEvidence, q: Quantity): Finding | undefined {
  const word = designatorOf(claim.plain, q.valueStart);
  if (!word) return undefined;
  const name = word[0].toUpperCase() + word.slice(1);
  const claimSentence = sentenceContext(claim.plain, q.valueStart, q.valueEnd, 0, claim.plain.length);
  const document = documentOf(claim.plain, q.valueEnd);
  type Designation = { value: number; valueStart: number; valueEnd: number; start: number; end: number; inWords?: boolean };
  const found: { w: SupportMatch; s: Designation; share: number; sameDocument: boolean; written: string }[] = [];
  for (const w of ev.pool) {
    const text = corpus.get(w.key)?.text ?? '';
    const [wFrom, wTo] = [w.start, w.end];
    // Designations in words are items of the same list ("The first article of the treaty
    // prohibits …, and Article 2 stipulates …").
    const numbered: Designation[] = windowFigures(corpus, w).quantities.filter((x) => x.kind === 'ordinal' && designatorOf(text, x.valueStart) === word);
    const inWords: Designation[] = designationsInWords(text, wFrom, wTo, word).map((x) => ({ ...x, start: x.valueStart, end: x.valueEnd, inWords: true }));
    const kind = [...numbered, ...inWords];
    // The same kind of designation, of the same document when both say which (only those, when
    // the window names the claim's document in figures); in words, any not of another document.
    const ofDocument = document ? numbered.filter((x) => documentOf(text, x.valueEnd) === document) : [];
    const sameNumbered = ofDocument.length > 0 ? ofDocument : numbered.filter((x) => !document || !documentOf(text, x.valueEnd));
    const same = [...sameNumbered, ...inWords.filter((x) => !document || [document, ''].includes(documentOf(text, x.valueEnd)))];
    for (const s of same) {
      // Judged on its sentence, or on its own clause when the sentence names another one ("Article
      // 1 bars …, and Article 2 obliges …"; one in words bounds the clauses of those in figures,
      // and any one in figures bounds its clause).
      const bounds = s.inWords ? kind : [...sameNumbered, ...inWords];
      const sentence = sentenceContext(text, s.valueStart, s.valueEnd, wFrom, wTo);
      const shared = bounds.some((x) => x !== s && sameSentence(text, wFrom, wTo, x, s));
      const terms = shared ? clauseContext(text, s.valueStart, s.valueEnd, wFrom, wTo, 4, undefined, bounds).terms : sentence;
      const written = s.inWords ? text.slice(s.valueStart, s.valueEnd) : `${name} ${text.slice(s.valueStart, s.valueEnd)}`;
      found.push({ w, s, share: wordShare(claimSentence, terms, ev.profile), sameDocument: Boolean(document) && documentOf(text, s.valueEnd) === document, written });
    }
  }
  found.sort((a, b) => b.share - a.share);
  const best = found.find((c) => ev.strong.includes(c.w));
  if (!best || best.share < (best.sameDocument ? DESIGNATION_CONTEXT_SAME_DOCUMENT : DESIGNATION_CONTEXT) || best.s.value === q.value) return undefined;
  // The claim's own number (in figures or words) in a sentence that fits about as well, or another number that does: unclear.
  if (found.some((c) => c.s.value !== best.s.value && c.share >= best.share - RIVAL_MARGIN)) return undefined;
  const text = corpus.get(best.w.key)?.text ?? '';
  // (The source's numeral as written, or the number of one written in words.)
  const valueText = best.written.startsWith(name + ' ') && /^\d/.test(best.written.slice(name.length + 1)) ? best.written.slice(name.length + 1) : String(best.s.value);
  // Quoted from the clause that names it to the end of its sentence.
  const spans = clauseSpans(text, best.w.start, best.w.end);
  const at = spans.find((x) => best.s.valueStart < x.end && best.s.valueEnd > x.start);
  const from = at?.start ?? best.s.start;
  const to = at ? spans.filter((x) => x.sentence === at.sentence).at(-1)!.end : best.s.end;
  return {
    code: 'number-mismatch',
    severity: SEVERITY_OF['number-mismatch'],
    start: claim.start + q.valueStart,
    end: claim.start + q.valueEnd,
    message: `Number mismatch — brief: "${name} ${claim.plain.slice(q.valueStart, q.valueEnd)}" — ${best.w.key}: "${best.written}", in "${excerpt(surface(text.slice(from, to)), 100)}". Check which ${word} the sentence means.`,
    fixes: [{ title: `Change to ${name} ${valueText}, as in ${best.w.key}`, edits: [{ start: claim.start + q.valueStart, end: claim.start + q.valueEnd, newText: valueText }], preferred: true }],
    evidence: [evidenceFor(corpus, best.w, `${best.w.key} gives "${best.written}"`)],
  };
}

/** Whether a window of the evidence's pool gives a figure of the same measure as `q`. */
function measures(corpus: Corpus, ev: ClaimEvidence, q: Quantity): boolean {
  return ev.pool.some((w) => windowFigures(corpus, w).quantities.some((s) => comparable(s) && sameMeasure(q, s)));
}

/** Words a noun phrase does not reach back past. */
const NP_BOUNDARY = new Set('to in at of from for on by with and or than as that is are was were has have had will would'.split(' '));

/** ", which", ", who", ", where": a relative clause, about the words just before it. */
const RELATIVE_LEAD = /,\s+(?:which|who|where)\s+/gi;

/**
 * claimEvidence of the relative clause holding offset `at` with the noun phrase it is about, the
 * rest blanked (offsets hold): "Kant, which already hosts some 1,000 personnel". Undefined when
 * `at` is in no relative clause.
 */
function relativeClauseEvidence(corpus: Corpus, claim: Claim, at: number): ClaimEvidence | undefined {
  const plain = claim.plain;
  const lead = [...plain.matchAll(RELATIVE_LEAD)].filter((m) => m.index! < at).at(-1);
  if (!lead) return undefined;
  const afterLead = lead.index! + lead[0].length;
  const stop = /[,;:()]|\.\s/.exec(plain.slice(afterLead));
  const end = stop ? afterLead + stop.index : plain.length;
  if (at >= end) return undefined;
  // The noun phrase before the comma: up to four words, back to a preposition, a conjunction or punctuation.
  let start = lead.index!;
  for (let n = 0; n < 4; n++) {
    const word = /([\p{L}\p{N}][\p{L}\p{N}'’.-]*)\s*$/u.exec(plain.slice(0, start));
    if (!word || NP_BOUNDARY.has(word[1].toLowerCase())) break;
    start = word.index;
  }
  return claimEvidence(corpus, { ...claim, plain: ' '.repeat(start) + plain.slice(start, end) + ' '.repeat(plain.length - end) });
}

/** Minimum content words of a clause or cell judged on its own. */
const MIN_CLAUSE_WORDS = 5;

/**
 * claimEvidence of the comma-delimited clause or table cell holding offset `at`, the rest blanked
 * (offsets hold); undefined when that is the whole sentence or too short to stand alone.
 */
function clauseEvidence(corpus: Corpus, claim: Claim, at: number): ClaimEvidence | undefined {
  const plain = claim.plain;
  const start = Math.max(...[',', ';', ':', '|'].map((c) => plain.lastIndexOf(c, at - 1))) + 1;
  const ends = [',', ';', ':', '|'].map((c) => plain.indexOf(c, at)).filter((i) => i >= 0);
  const end = ends.length ? Math.min(...ends) : plain.length;
  if (start === 0 && end === plain.length) return undefined;
  if (contentTokens(plain.slice(start, end)).length < MIN_CLAUSE_WORDS) return undefined;
  return claimEvidence(corpus, { ...claim, plain: ' '.repeat(start) + plain.slice(start, end) + ' '.repeat(plain.length - end) });
}

/**
 * claimEvidence of a table cell's figure with the row's first cell, which names what the row is
 * about ("| Kant air base, outside Bishkek | Russian; established 2003; some 500 personnel |"), the rest blanked
 * (offsets hold): the row as a whole may be best supported by a passage about something else
 * of its subject. Only the cell's part holding the figure (between semicolons or commas) is kept.
 * Undefined outside a table row, or for a figure in the first cell.
 */
function cellEvidence(corpus: Corpus, claim: Claim, at: number): ClaimEvidence | undefined {
  if (claim.block !== 'tableRow') return undefined;
  const pipes = [...claim.text.matchAll(/(?<!\\)\|/g)].map((m) => m.index!);
  const cells = pipes.slice(1).map((end, i) => ({ start: pipes[i] + 1, end })).filter((c) => claim.plain.slice(c.start, c.end).trim());
  const cell = cells.find((c) => c.start <= at && at < c.end);
  if (!cell || cell === cells[0]) return undefined;
  const plain = claim.plain;
  const partStart = Math.max(cell.start, ...[';', ','].map((c) => plain.lastIndexOf(c, at - 1) + 1));
  const ends = [';', ','].map((c) => plain.indexOf(c, at)).filter((i) => i >= 0 && i < cell.end);
  const partEnd = ends.length ? Math.min(...ends) : cell.end;
  // (The first cell up to a comma: "Kant air base, outside Bishkek" is about Kant's base, and the
  // qualifier would make a sentence naming Bishkek the best support of the figure.)
  const head = { start: cells[0].start, end: Math.min(cells[0].end, ...[',', ';', '('].map((c) => plain.indexOf(c, cells[0].start)).filter((i) => i >= 0)) };
  const kept = ' '.repeat(head.start) + plain.slice(head.start, head.end) + ' '.repeat(partStart - head.end) + plain.slice(partStart, partEnd) + ' '.repeat(plain.length - partEnd);
  return claimEvidence(corpus, { ...claim, plain: kept });
}

/**
 * A short sentence its source words differently ("Back in 2019–2020, the military took only
 * 14–18% of the budget") may not be supported as a whole, yet its figure is plainly the one of the
 * cited source's sentence that has the same span of dates, a figure of the same kind and another
 * of its words ("If in 2019-2020, the state allocated only 14-16% of the budget"): that sentence,
 * when it is the only such one, is the evidence for the figure. Only spans of years or full dates
 * anchor it (a bare year is in too many sentences).
 */
function datedFigureEvidence(corpus: Corpus, claim: Claim, q: Quantity): ClaimEvidence | undefined {
  const anchors = extractDates(claim.plain).filter((d) => !d.relative && !d.open && (d.precision === 'day' || (d.precision === 'range' && !d.from.month && !d.to.month && d.to.year > d.from.year)));
  if (anchors.length === 0) return undefined;
  // (The profile of what the citations vouch for, as claimEvidence assesses it: the same cached assessment.)
  const cited = citedKeysWithText(claim, corpus);
  const profile = assessSupport(corpus, citedPlain(claim), cited).profile;
  const keys = [...new Set(cited)];
  const claimWords = wordTerms(claim.plain);
  const found: SupportMatch[] = [];
  for (const key of keys) {
    const text = corpus.get(key)?.text ?? '';
    for (const p of corpus.passagesBySource.get(key) ?? []) {
      const figures = passageFigures(corpus, p);
      for (const d of figures.dates) {
        if (!anchors.some((a) => sameSpan(a, d))) continue;
        const spans = clauseSpans(text, p.start, p.end);
        const at = spans.find((c) => d.start < c.end && d.end > c.start);
        if (!at) continue;
        const same = spans.filter((c) => c.sentence === at.sentence);
        const [start, end] = [same[0].start, same[same.length - 1].end];
        if (!figures.quantities.some((s) => s.valueStart >= start && s.valueEnd <= end && s.kind === q.kind && (s.unit ?? '') === (q.unit ?? ''))) continue;
        const words = wordTerms(text.slice(start, end));
        if (![...claimWords].some((t) => words.has(t) && !t.startsWith('#'))) continue;
        if (!found.some((m) => m.key === key && m.start === start)) found.push({ key, passage: p, start, end, coverage: STRONG_SUPPORT, wordCoverage: STRONG_SUPPORT, matched: new Map() });
      }
    }
  }
  return found.length === 1 ? { profile, keys, strong: found, pool: found } : undefined;
}

/** The countries a figure's own words name ("U.S. personnel", "French troops"). */
function countriesOf(text: string): Set<number> {
  return new Set(placeMentions(text).map((m) => m.country));
}

/** Both figures name a country, and not the same one (`claimCountries`: countriesOf the claim's figure). */
function otherCountry(claimCountries: Set<number>, sourceFigure: string): boolean {
  if (claimCountries.size === 0) return false;
  const cb = countriesOf(sourceFigure);
  return cb.size > 0 && ![...cb].some((c) => claimCountries.has(c));
}

function sameSpan(a: DateMention, b: DateMention): boolean {
  return !b.relative && !b.open && a.from.year === b.from.year && a.to.year === b.to.year && (a.from.month ?? 0) === (b.from.month ?? 0) && (a.to.month ?? 0) === (b.to.month ?? 0) && (a.from.day ?? 0) === (b.from.day ?? 0) && (a.to.day ?? 0) === (b.to.day ?? 0);
}

/** Where a sentence falls into parts that each state something ("…in the region: the US … put $13 billion …"). */
const PART_BREAK = /[:;]\s|\s[—–]\s|\s--\s/g;

/**
 * claimEvidence of the part of a sentence holding offset `at`, when the sentence has several
 * (the rest blanked, so offsets hold): a figure stated after a colon is checked against what
 * supports that part, though its preamble is the writer's own. Undefined for a sentence in one part.
 */
export function partEvidence(corpus: Corpus, claim: Claim, at: number): ClaimEvidence | undefined {
  const part = sentenceParts(claim.plain).find((p) => p.start <= at && at < p.end);
  return part && claimEvidence(corpus, { ...claim, plain: part.plain });
}

/**
 * The parts of a sentence that each state something, each with the sentence's other parts blanked
 * (`plain`, so offsets hold); none for a sentence in one part.
 */
export function sentenceParts(plain: string): { start: number; end: number; plain: string }[] {
  const breaks = [...plain.matchAll(PART_BREAK)].map((m) => m.index!);
  if (breaks.length === 0) return [];
  const starts = [0, ...breaks.map((b) => b + 1)];
  const ends = [...breaks, plain.length];
  return starts.map((start, i) => ({ start, end: ends[i], plain: ' '.repeat(start) + plain.slice(start, ends[i]) + ' '.repeat(plain.length - ends[i]) }));
}

/**
 * Longer "sentences" are not prose (a paragraph without full stops, a pasted list): their figures
 * and dates are not compared, as each would be read against the whole run (quadratic in its length).
 */
export const MAX_FIGURED_SENTENCE = 3000;

/** Digits of a written amount ("$16mln" → "16", "7,000" → "7000"). */
function digitsOf(text: string): string {
  return text.replace(/\D/g, '').replace(/^0+/, '');
}

/**
 * Whether the brief's figure agrees with a source figure: quantitiesAgree (hedges, ranges, rounding),
 * except that transposed digits ("750" for "570", "more than 13" for "over 31") and an open bound far
 * below (or above) the source's figure ("more than 600" for "some 4,000") do not count as agreeing.
 */
export function figuresAgree(q: Quantity, s: Quantity, qText: string, sText: string): boolean {
  if (!quantitiesAgree(q, s)) return false;
  if (q.value === s.value && (q.max ?? q.value) === (s.max ?? s.value)) return true;
  const a = digitsOf(qText);
  const b = digitsOf(sText);
  if (a.length >= 2 && a.length === b.length && a !== b && [...a].sort().join('') === [...b].sort().join('')) return false;
  if (!s.vague && (q.approx === 'more-than' || q.approx === 'at-least') && s.approx !== 'less-than' && s.approx !== 'at-most' && s.value >= 2 * q.value && q.value > 0) return false;
  if (!s.vague && (q.approx === 'less-than' || q.approx === 'at-most') && s.approx !== 'more-than' && s.approx !== 'at-least' && (s.max ?? s.value) * 2 <= (q.max ?? q.value)) return false;
  // A lower bound below the source's own is the source's rounded down ("more than 500 km" for "more
  // than 570 km"), not another figure ("more than $114 million" for "more than $140 million").
  const lowerBound = (x: Quantity) => x.approx === 'more-than' || x.approx === 'at-least';
  if (!s.vague && lowerBound(q) && lowerBound(s) && q.max === undefined && s.max === undefined && q.value < s.value) {
    const unit = (q.step ?? 1) * 10 ** (/0*$/.exec(a)?.[0].length ?? 0);
    if (Math.abs(Math.floor(s.value / unit + 1e-9) * unit - q.value) > 1e-9 * q.value) return false;
  }
  return true;
}

/** Whether two figures are far apart whatever their vagueness allows ("several hundred" and "several thousand"). */
function clearlyApart(q: Quantity, s: Quantity): boolean {
  return (q.max ?? q.value) * 2 <= s.value || q.value >= 2 * (s.max ?? s.value);
}

/** A slight preference for a counterpart of the same order of magnitude (a tie-breaker only). */
function magnitudeBonus(q: Quantity, s: Quantity): number {
  if (q.value <= 0 || s.value <= 0) return 0;
  return 0.1 * Math.max(0, 1 - Math.abs(Math.log10(q.value / s.value)));
}

interface Scored extends Counterpart {
  /** How well the figure's own clause matches the claim's (score also counts the sentence). */
  clause: number;
  /** The share of the claim clause's words (not names) in the figure's own clause. */
  clauseWords: number;
  clauseTerms: Set<string>;
  agrees: boolean;
  strong: boolean;
}

/** Two figures of one source fitting the claim within this much of each other leave its counterpart unclear. */
const RIVAL_MARGIN = 0.1;

/** Whether two figures have the same digits in another order ("41" and "14"; two digits or more). */
export function digitsTransposed(a: string, b: string): boolean {
  const da = a.replace(/\D/g, '').replace(/^0+/, '');
  const db = b.replace(/\D/g, '').replace(/^0+/, '');
  if (da.length < 2 || da.length !== db.length || da === db) return false;
  return [...da].sort().join('') === [...db].sort().join('');
}

/** Whether a bare count follows "N times" in the same list ("…, light armored vehicles 4.5 times, and artillery 2.5"). */
function endsMultiplierList(text: string, s: Quantity): boolean {
  if (s.kind !== 'count' || s.unit) return false;
  const before = text.slice(Math.max(0, s.valueStart - 160), s.valueStart);
  return /\d(?:[.,]\d+)?\s*(?:times|-fold|fold)\b,?\s+(?:and\s+)?[^.;:\d]*$/i.test(before);
}

/** The source offsets of the sentence holding a counterpart's figure (within its window). */
function sentenceRange(corpus: Corpus, c: Counterpart): [number, number] {
  const text = corpus.get(c.window.key)?.text ?? '';
  const spans = clauseSpans(text, c.window.start, c.window.end);
  const at = spans.find((x) => c.q.valueStart < x.end && c.q.valueEnd > x.start);
  if (!at) return [c.q.valueStart, c.q.valueEnd];
  const same = spans.filter((x) => x.sentence === at.sentence);
  return [same[0].start, same[same.length - 1].end];
}

/** Whether two counterparts' figures are in one sentence of one source (their windows may differ). */
function sameSourceSentence(corpus: Corpus, a: Counterpart, b: Counterpart): boolean {
  return a.window.key === b.window.key && sentenceRange(corpus, a)[0] === sentenceRange(corpus, b)[0];
}

/**
 * Where the words about a figure of the claim end when another figure follows: at the comma or
 * conjunction before it ("puts the figure at $45 million | and says the base cost Washington $140
 * million"); the words after that are the next figure's. With `atSeparatorOnly`, a figure with no
 * separator before it does not end the words ("In January 2023 Moscow announced that two … regiments").
 */
export function figureClauseEnd(plain: string, figureEnd: number, others: readonly { valueStart: number }[], atSeparatorOnly = false): number {
  let hi = plain.length;
  for (const o of others) {
    if (o.valueStart < figureEnd) continue;
    const m = /[,;]|\s(?:and|while|but|whereas)\s/.exec(plain.slice(figureEnd, o.valueStart));
    if (m) hi = Math.min(hi, figureEnd + m.index);
    else if (!atSeparatorOnly) hi = Math.min(hi, o.valueStart);
  }
  return hi;
}

function judgeQuantity(corpus: Corpus, claim: Claim, ev: ClaimEvidence, q: Quantity, others: Quantity[]): Finding | undefined {
  const claimCtx = claimClauseContext(claim, q.valueStart, q.valueEnd, ev.profile, 2, undefined, figureClauseEnd(claim.plain, q.valueEnd, others));
  const qText = claim.plain.slice(q.valueStart, q.valueEnd);
  const qCountries = countriesOf(q.text);
  const claimSentence = sentenceContext(claim.plain, q.valueStart, q.valueEnd, 0, claim.plain.length);
  const all: Scored[] = [];
  for (const w of ev.pool) {
    const text = corpus.get(w.key)?.text ?? '';
    const wTerms = windowTerms(corpus, w);
    for (const found of windowFigures(corpus, w).quantities) {
      if (!comparable(found)) continue;
      // A bare figure that ends a list of multipliers ("tanks 7 times, light armored vehicles 4.5
      // times, and artillery … 2.5") is one too.
      const s: Quantity = q.kind === 'multiplier' && endsMultiplierList(text, found) ? { ...found, kind: 'multiplier' } : found;
      // The claim's very figure, bare, where the source leaves its unit to a list the claim does
      // not read as one: it may agree, never refute.
      const bare = !sameMeasure(q, s) && s.kind === 'count' && !s.unit && s.value === q.value && (s.max ?? s.value) === (q.max ?? q.value);
      if (!bare && !sameMeasure(q, s)) continue;
      // Another country's figure is no counterpart: "some 200 French troops" of "1,500 U.S. personnel".
      if (otherCountry(qCountries, s.text)) continue;
      const sText = text.slice(s.valueStart, s.valueEnd);
      // A source figure that another figure of the claim restates is that one's counterpart (also
      // when this one only rounds to it: "fivefold and … 4.5 times" against "7 times, … 4.5 times").
      const agrees = bare || figuresAgree(q, s, qText, sText);
      // (The same count under another noun restates it too: "four sites" for "four facilities".)
      const restatedBy = others.filter((o) => (sameMeasure(o, s) || (o.kind === 'count' && s.kind === 'count' && o.unit && s.unit && o.value === s.value)) && figuresAgree(o, { ...s, unit: o.unit }, claim.plain.slice(o.valueStart, o.valueEnd), sText));
      if (restatedBy.length > 0 && (!agrees || (q.value !== s.value && restatedBy.some((o) => o.value === s.value)))) continue;
      const ctx = clauseContext(text, s.valueStart, s.valueEnd, w.start, w.end, 4, undefined, windowFigures(corpus, w).quantities);
      // The clause around the figure, and the sentence around it (the subject may sit in another clause).
      const sentenceTerms = sentenceContext(text, s.valueStart, s.valueEnd, w.start, w.end);
      const clauseScore = contextScore(claimCtx.terms, ctx.terms, sentenceTerms, wTerms, ev.profile);
      const clause = clauseScore.all;
      const score = (clause + contextScore(claimSentence, sentenceTerms, sentenceTerms, wTerms, ev.profile).all) / 2 + magnitudeBonus(q, s);
      all.push({ window: w, q: s, score, clause, clauseWords: clauseScore.words, clauseTerms: ctx.terms, agrees, strong: ev.strong.includes(w) });
    }
  }
  // Counterparts that refute the claim's figure: same measure, in a strongly supporting window.
  // (A vague source figure, "several thousand", refutes only a figure of another order of magnitude.)
  const candidates = all.filter((c) => c.strong && !c.agrees && (!c.q.vague || clearlyApart(q, c.q)) && (c.q.kind === q.kind || unitsMatch(q, c.q) === 'same'));
  if (candidates.length === 0) return undefined;
  candidates.sort((a, b) => b.score - a.score);
  // A figure whose digits the claim's repeats in another order ("$41 million" for "14 million")
  // is the one miscopied, among figures that fit about as well.
  const transposed = candidates.filter((c) => c.score >= candidates[0].score - RIVAL_MARGIN && digitsTransposed(qText, (corpus.get(c.window.key)?.text ?? '').slice(c.q.valueStart, c.q.valueEnd)));
  const best = transposed.length > 0 && transposed.every((c) => c.q.value === transposed[0].q.value) ? transposed[0] : candidates[0];
  // Any figure of a supporting window that agrees and fits about as well settles it, unless its
  // own clause is about something else ("tanks 7 times, light armored vehicles 4.5 times").
  // (The very same figure settles it whatever its clause, but for another item of the counterpart's
  // list whose clause has none of the claim's words: "tank production rose 4.5 times" against
  // "tanks 7 times, light armored vehicles 4.5 times".)
  const otherItem = (c: Scored) => c.clauseWords === 0 && best.clauseWords > 0 && sameSourceSentence(corpus, c, best);
  // Nor when its clause lacks a name of the claim's clause that the counterpart's has: "1,000
  // personnel at the Kant air base" against "Kant hosts some 400 personnel" and "a U.S. military
  // base at … Manas … that has some 1,000 personnel".
  const { names } = profileInfo(ev.profile);
  // (Not one of the counterpart's own sentence, which names the place for both: "cost the White
  // House 14 million dollars bringing Bishkek (the capital of Kyrgyzstan) 45 million dollars".)
  const otherPlace = (c: Scored) => [...claimCtx.terms].some((t) => names.has(t) && best.clauseTerms.has(t) && !c.clauseTerms.has(t)) && c.clause < best.clause && !sameSourceSentence(corpus, c, best);
  // Nor one from a sentence the source dates to another time than the claim's, when the
  // counterpart's is dated to it ("some 16% … in 2023" against "If in 2019-2020, … only 14-16%"
  // and "… in 2023, … 40% of the total state budget").
  const claimYears = extractDates(claim.plain).filter((d) => !d.relative);
  const yearsOf = (c: Scored) => {
    const [from, to] = sentenceRange(corpus, c);
    return windowFigures(corpus, c.window).dates.filter((d) => !d.relative && d.start >= from && d.end <= to);
  };
  const meetsClaim = (dates: DateMention[]) => dates.some((d) => claimYears.some((y) => datesOverlap(d, y)));
  const bestDated = claimYears.length > 0 && meetsClaim(yearsOf(best));
  const otherTime = (c: Scored) => bestDated && yearsOf(c).length > 0 && !meetsClaim(yearsOf(c));
  // (A vague figure, "thousands of soldiers", agrees with nearly any count: it settles it only
  // when it fits at least as well as the counterpart.)
  if (all.some((c) => c.agrees && c.score >= Math.min(0.5, best.score - 0.3) && (!c.q.vague || c.q.value === q.value || c.score >= best.score) && !otherTime(c) && (c.q.value === q.value ? !otherItem(c) && !otherPlace(c) : c.clause >= best.clause * CLAUSE_SHARE))) return undefined;
  const sole = candidates.every((c) => c.q.value === best.q.value);
  const bar = sole && unitsMatch(q, best.q) === 'same' ? NUMBER_CONTEXT_SOLE : NUMBER_CONTEXT;
  if (best.score < bar) return undefined;
  if (unitsMatch(q, best.q) === 'unknown' && best.score < 0.5) return undefined;
  // Two different figures of one source fit about equally well ("cost the White House 14 million
  // dollars bringing Bishkek … 45 million dollars"): which one the brief means is unclear, but as
  // none agrees, its figure is wrong all the same; each is offered, none preferred.
  const rivals = transposed.includes(best) ? [] : candidates.filter((c) => c !== best && c.q.value !== best.q.value && c.window.key === best.window.key && c.score >= best.score - RIVAL_MARGIN);

  // Counterparts from several cited sources: the brief may take any one of them or span them.
  // (The counterpart chosen is its source's, also when another figure there fits a little better:
  // the miscopied one is what the message names and the fix restores.)
  const perKey = new Map<string, Counterpart>([[best.window.key, best]]);
  for (const c of candidates) {
    if (c.score < Math.max(bar, best.score - 0.25)) continue;
    if (!perKey.has(c.window.key)) perKey.set(c.window.key, c);
  }
  const values = [...perKey.values()].map((c) => c.q.value);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const disagree = perKey.size > 1 && hi > lo;
  if (disagree && q.value >= lo && (q.max ?? q.value) <= hi) return undefined;

  const counterparts = [...perKey.values()];
  for (const r of rivals) if (!counterparts.some((c) => c.q.value === r.q.value && c.window.key === r.window.key)) counterparts.push(r);
  const briefText = claim.plain.slice(q.start, q.end).trim();
  const figuresByKey = new Map<string, string[]>();
  for (const c of counterparts) figuresByKey.set(c.window.key, [...(figuresByKey.get(c.window.key) ?? []), `"${excerpt(surface(corpusText(corpus, c)), 60)}"`]);
  const sides = [...figuresByKey].map(([key, figures]) => `${key}: ${figures.join(' and ')}`);
  let message = `Number mismatch — brief: "${excerpt(briefText, 60)}" — ${sides.join('; ')}.`;
  if (disagree) message += ' The cited sources disagree with each other on this figure, and the brief matches neither.';
  else if (rivals.length > 0) message += ' The source gives these figures in the same passage, and the brief matches none of them.';
  message += ' Check the figure against the source.';

  const fixes: Fix[] = [];
  const seenValues = new Set<string>();
  for (const c of counterparts) {
    const valueText = (corpus.get(c.window.key)?.text ?? '').slice(c.q.valueStart, c.q.valueEnd);
    // A vague figure is given in the source's words: "several thousand" is not "3,000".
    const newText = c.q.vague ? surface(valueText) : formatLike(q, c.q.value, surface(valueText), c.q.max);
    if (!newText || seenValues.has(newText)) continue;
    seenValues.add(newText);
    fixes.push({
      title: `Change to ${newText} (${c.window.key})`,
      edits: [{ start: claim.start + q.valueStart, end: claim.start + q.valueEnd, newText }],
      preferred: fixes.length === 0 && !disagree && rivals.length === 0,
    });
  }
  const evidence = counterparts.filter((c, i) => counterparts.findIndex((o) => o.window === c.window) === i).map((c) => evidenceFor(corpus, c.window, `${c.window.key} gives "${surface(corpusText(corpus, c))}"`));
  return {
    code: 'number-mismatch',
    severity: SEVERITY_OF['number-mismatch'],
    start: claim.start + q.valueStart,
    end: claim.start + q.valueEnd,
    message,
    fixes,
    evidence,
  };
}

function corpusText(corpus: Corpus, c: Counterpart): string {
  return (corpus.get(c.window.key)?.text ?? '').slice(c.q.start, c.q.end);
}
