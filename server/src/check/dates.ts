// misdated-claim: a date in a claim disagrees with the date the cited source gives for the same event
// (including dates the source gives relative to its publication, resolved as a range).
// anachronistic-citation: the claim's event is dated after every cited source was published.
//
// Both checks look only at dates that are the claim's own: dates inside quotations, open "until X"
// end points, forecasts ("by 2030", "will", "is expected to") and years that are part of a name
// ("Strategy 2050") are left alone. A misdated claim needs a cited window that supports the rest of
// the sentence and a date in it that governs the clause matching the claim, with no date in any
// supporting window agreeing with the claim's date.
import type { Brief, Claim } from '../brief/parse';
import type { Corpus } from '../corpus/corpus';
import { sourceLabel } from '../corpus/corpus';
import type { PartialDate } from '../corpus/types';
import type { DateMention } from '../brief/dates';
import { compareToPublication, dateEdit, datesOverlap, describeDate, endDay, extractDates, startDay } from '../brief/dates';
import { MONTH_NAMES, MONTH_SOURCE, extractQuantities, monthNumber } from '../brief/quantities';
import type { Finding, Fix } from './findings';
import { SEVERITY_OF } from './findings';
import type { SupportMatch } from './support';
import { assessSupport, excerpt, windowText } from './support';
import type { ClaimEvidence } from './numbers';
import { checkableClaims } from './unsupportedClaims';
import { citedElsewhere } from '../brief/footnotes';
import {
  citedKeysWithText,
  claimEvidence,
  clauseContext,
  figureClauseEnd,
  claimClauseContext,
  clauseSpans,
  evidenceFor,
  windowFigures,
  insideQuote,
  contextScore,
  sentenceContext,
  windowTerms,
  wordShare,
  passageFigures,
  surface,
  wordTerms,
  SUBORDINATE_LEAD,
  MAX_FIGURED_SENTENCE,
} from './numbers';

export interface DateCheckOptions {
  misdated?: boolean;
  anachronism?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Agreement

/** The point an open interval is anchored at ("after 2016" → 2016); closed dates are themselves. */
function anchor(d: DateMention): DateMention | PartialDate {
  if (d.open === 'after') return d.from;
  if (d.open === 'before') return d.to;
  return d;
}

/** Whether a source date is compatible with a claim date. */
export function datesAgree(claimDate: DateMention, sourceDate: DateMention): boolean {
  // Two spans of years ("2018–2019", "2019-2020") that merely overlap name different periods, and
  // one that runs past the source's ("2010–2015" for "2010-2013") misstates it: the claim's span
  // must lie within the source's.
  if (claimDate.precision === 'range' && sourceDate.precision === 'range' && !claimDate.open && !sourceDate.open && !sourceDate.relative) {
    const [cs, ce] = [startDay(claimDate.from), endDay(claimDate.to)];
    const [ss, se] = [startDay(sourceDate.from), endDay(sourceDate.to)];
    return ss <= cs && ce <= se;
  }
  if (claimDate.open) return datesOverlap(anchor(claimDate), anchor(sourceDate)) || (claimDate.open === sourceDate.open && datesOverlap(claimDate, sourceDate) && sameAnchorYear(claimDate, sourceDate));
  return datesOverlap(claimDate, sourceDate);
}

function sameAnchorYear(a: DateMention, b: DateMention): boolean {
  const x = anchor(a);
  const y = anchor(b);
  const ya = 'from' in x ? x.from.year : x.year;
  const yb = 'from' in y ? y.from.year : y.year;
  return ya === yb;
}

// ---------------------------------------------------------------------------------------------
// Which claim dates count

const FUTURE_CUE =
  /(?<![\p{L}])(?:will|shall|expect(?:s|ed|ing)?|forecasts?|forecasted|predict(?:s|ed|ing|ion|ions)?|anticipat\w*|scheduled|projected|due\s+to|set\s+to|foresaw|foresee\w*|predat\w*|postdat\w*|envisag\w*|intends?|intended|plans?|planned|planning|target(?:s|ed)?|goal)(?![\p{L}])/iu;
/** "until 2042": the end of a term, perhaps still to come; it says nothing of the sentence's other dates. */
const UNTIL_BEFORE = /(?:^|[^\p{L}])(?:until|till|through|to)\s+(?:the\s+(?:end|middle|start|beginning)\s+of\s+)?$/iu;
const BY_BEFORE = /(?:^|[^\p{L}])by\s+(?:the\s+(?:end|middle|start|beginning)\s+of\s+)?$/iu;
const DATE_WORDS = new Set(['in', 'by', 'since', 'from', 'after', 'before', 'during', 'until', 'till', 'through', 'of', 'the', 'on', 'and', 'or', 'to', 'between', 'early', 'mid', 'late', 'circa', 'around', 'c', 'ca']);

/** A year that is part of a name or title ("Strategy 2050", "Vision 2030", "Euro 2024"). */
function nameYear(text: string, d: DateMention): boolean {
  if (d.precision !== 'year') return false;
  const before = text.slice(Math.max(0, d.editStart - 30), d.editStart);
  const m = /([\p{L}][\p{L}'’-]*)\s*$/u.exec(before);
  if (!m || d.start !== d.editStart) return false;
  const w = m[1];
  // (A possessive is no author-year citation: "Russia's 2022 invasion" dates the invasion.)
  if (!/^\p{Lu}/u.test(w) || DATE_WORDS.has(w.toLowerCase()) || /['’]s$/u.test(w)) return false;
  if (/^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i.test(w)) return false;
  return true;
}

/** A year that names a text by when it appeared ("The 2023 analysis lists …", "her 2024 thesis"), not when something happened. */
const DOCUMENT_AFTER = /^\s*(?:analysis|article|report|study|paper|thesis|survey|review|book|piece|assessment|brief|briefing|edition|update|essay|interview|statement)s?\b/i;

function documentYear(text: string, d: DateMention): boolean {
  return d.precision === 'year' && !d.open && DOCUMENT_AFTER.test(text.slice(d.editEnd, d.editEnd + 16));
}

function claimDates(claim: Claim): DateMention[] {
  return extractDates(claim.plain).filter((d) => !d.relative && !insideQuote(claim, d.editStart, d.editEnd) && !nameYear(claim.plain, d) && !documentYear(claim.plain, d));
}

// ---------------------------------------------------------------------------------------------
// misdated-claim

/** Terms of verbs that say only that an event happened, or when ("took place", "occurred", "dated"). */
const EVENT_VERB_TERMS = new Set(['take', 'plac', 'happen', 'occur', 'dat']);
/** "In 2018, during …": an opening date, then a phrase set off by commas before the main clause. */
const OPENING_DATE_THEN_PHRASE = /^\s*(?:in\s+|by\s+)?(?:(?:early|mid|late)[\s-]+)?(?:\p{L}+\s+)?\d{4}\s*,\s*(?:during|at|after|amid|following|on|with|under)\s/iu;

/** A source date must govern a clause sharing this much of the claim's words. */
const DATE_CONTEXT = 0.3;
/** Claim words in undated clauses must outweigh those in the date's clause by this much to veto it. */
const UNDATED_MARGIN = 0.1;
/** A late date is misdated rather than anachronistic when the source dates the same event explicitly and this clearly. */
const EXPLICIT_EVENT = 0.5;
/** Another date within this much of the best one makes the counterpart ambiguous. */
const RIVAL_MARGIN = 0.1;

interface DateCounterpart {
  window: SupportMatch;
  date: DateMention;
  score: number;
  /** The same for the date's own clause, not widened to its neighbours (a tie-breaker). */
  own: number;
}

function recentRange(pub: PartialDate): [number, number] {
  return [startDay(pub) - 2 * 366, endDay(pub)];
}

function dayRangeOf(d: DateMention | PartialDate): [number, number] {
  if ('from' in d) return [startDay(d.from), endDay(d.to)];
  return [startDay(d), endDay(d)];
}

/** The counterpart date of the cited sources that refutes `d`, if there is a clear one. */
function misdatedCounterpart(corpus: Corpus, claim: Claim, ev: ClaimEvidence, d: DateMention, others: DateMention[]): DateCounterpart | undefined {
  // A date of a supporting window that agrees settles it; an open-ended one ("until 2042",
  // "since 2002") or a vague one ("last week" in an article of c. 2008: 2007–2009) only when it
  // is the date of the same event (below): it agrees with any date it spans.
  const [claimFrom, claimTo] = dayRangeOf(d);
  const spansMuchMore = (s: DateMention) => {
    const [from, to] = dayRangeOf(s);
    return to - from > 2 * (claimTo - claimFrom + 1);
  };
  const ownTerms = claimClauseContext(claim, d.editStart, d.editEnd, ev.profile, 1).terms;
  const agreeing: { w: SupportMatch; s: DateMention }[] = [];
  for (const w of ev.pool) for (const s of windowFigures(corpus, w).dates) if ((!s.open || d.open) && !spansMuchMore(s) && datesAgree(d, s)) agreeing.push({ w, s });
  if (agreeing.length > 0) return relativelyDated(corpus, ev, d, ownTerms, agreeing) ?? clauseDated(corpus, ev, d, ownTerms, agreeing);
  // (Not joined with a clause holding another figure, "established 2001; some 400 personnel", nor
  // read past "and" before one, "established in 2001 and hosts some 400 personnel", unless the
  // date's own clause has no words: "In 2023, some 10,000 Kyrgyz citizens were detained".)
  const claimFigures = extractQuantities(claim.plain).filter((q) => q.kind !== 'year' && !(q.valueStart >= d.start && q.valueEnd <= d.end));
  const bounded = claimClauseContext(claim, d.editStart, d.editEnd, ev.profile, 3, claimFigures, figureClauseEnd(claim.plain, d.end, claimFigures, true)).terms;
  let claimTerms = bounded.size > 0 ? bounded : claimClauseContext(claim, d.editStart, d.editEnd, ev.profile, 3).terms;
  // A date opening the sentence, then a phrase set off after it ("In 2018, during a Putin visit to
  // Kyrgyzstan, the two governments agreed …"), dates the main clause after that phrase too.
  if (OPENING_DATE_THEN_PHRASE.test(claim.plain.slice(0, d.end + 40)) && claim.plain.slice(0, d.start).trim().split(/\s+/).filter(Boolean).length <= 1) {
    claimTerms = claimClauseContext(claim, d.editStart, d.editEnd, ev.profile, claimTerms.size + 3).terms;
  }
  // A clause that only says that something happened ("…, took place in 2021") dates its subject:
  // "took place" matches any event's sentence.
  if ([...claimTerms].every((t) => EVENT_VERB_TERMS.has(t))) claimTerms = claimClauseContext(claim, d.editStart, d.editEnd, ev.profile, claimTerms.size + 3).terms;
  // "recently", "in recent months": the source may date the event vaguely, near its publication.
  // Such a phrase excuses the claim's date as much as its clause matches the claim (not
  // "… Weapons This Year" in a footnote's title about something else): `excusedBy` is the best
  // such match, a vague date the claim's agrees with.
  let excusedBy = -Infinity;
  for (const w of ev.strong) {
    const pub = corpus.get(w.key)?.issued;
    const recency = windowFigures(corpus, w).recency;
    if (!pub || recency.length === 0) continue;
    const [rs, re] = recentRange(pub);
    const [ds, de] = dayRangeOf(anchor(d));
    if (ds > re || rs > de) continue;
    const text = corpus.get(w.key)?.text ?? '';
    const wTerms = windowTerms(corpus, w);
    // ("Earlier this month" in an article of 2008 is 2008, a date of its own, not a vague one.)
    const resolved = windowFigures(corpus, w).dates.filter((s) => s.relative && !spansMuchMore(s));
    for (const [start, end] of recency) {
      if (resolved.some((s) => s.start < end && s.end > start)) continue;
      const ctx = clauseContext(text, start, end, w.start, w.end);
      excusedBy = Math.max(excusedBy, contextScore(claimTerms, ctx.terms, sentenceContext(text, start, end, w.start, w.end), wTerms, ev.profile).all);
    }
  }
  const candidates: DateCounterpart[] = [];
  for (const w of ev.strong) {
    const text = corpus.get(w.key)?.text ?? '';
    const dates = windowFigures(corpus, w).dates;
    const wTerms = windowTerms(corpus, w);
    const spans = clauseSpans(text, w.start, w.end);
    // Sentences a date in a main clause dates ("And last week, the Duma… ratified an agreement").
    const dated = new Set(spans.filter((c) => !SUBORDINATE_LEAD.has(c.lead) && dates.some((x) => x.start < c.end && x.end > c.start)).map((c) => c.sentence));
    for (const s of dates) {
      // (An end of a term is refuted only by another end: "running to 2050–2060" is not an event
      // of "during the Afghan War (1979-1989)".)
      if ((s.open === 'before') !== (d.open === 'before')) continue;
      // (The claim's other dates have their own counterparts; an open source date, "until 2042",
      // is one only of an open claim date, not of every date it spans.)
      if (others.some((o) => datesAgree(o, s) && (!s.open || o.open))) continue;
      const ctx = clauseContext(text, s.start, s.end, w.start, w.end);
      const score = contextScore(claimTerms, wordShare(ownTerms, ctx.terms, ev.profile) > 0 ? withAntecedent(text, spans, s, ctx.terms) : ctx.terms, sentenceContext(text, s.start, s.end, w.start, w.end), wTerms, ev.profile);
      // Claim words the window has only in clauses without any date: the event may be dated there
      // (or not at all). A date in a main clause governs its sentence; in a subordinate clause
      // ("which closed a base in 2005") only that clause.
      const undated = new Set<string>();
      for (const c of spans) {
        if (c.start < ctx.end && c.end > ctx.start) continue;
        if (!ctx.subordinate && c.sentence === ctx.sentence) continue;
        if (dated.has(c.sentence) || dates.some((x) => x.start < c.end && x.end > c.start)) continue;
        // "During the meetings the leaders announced …": the sentence goes on with the event the
        // dated one before it tells.
        if (dated.has(c.sentence - 1) && continuesPrevious(text, spans, c.sentence)) continue;
        for (const t of wordTerms(text.slice(c.start, c.end))) if (!ctx.terms.has(t)) undated.add(t);
      }
      const b = wordShare(claimTerms, undated, ev.profile);
      if (score.all < DATE_CONTEXT || b >= score.words + UNDATED_MARGIN) continue;
      // A date the source gives relative to its publication ("earlier this month") is vague: it
      // dates the claim's event only if its own clause shares some of the claim clause's words.
      // As an opening adverbial ("And last week, the Duma… ratified") it dates the sentence it
      // opens, vaguely: enough to excuse a date it agrees with, not to refute one.
      // (Only for the claim's own clause: "had just ratified …, first signed in November 2007" dates
      // the signing, which "last week … ratified" does not.)
      // Resolved to a year ("last week" in an article of 2008), it dates that sentence firmly
      // enough to refute a date of another year too.
      if (s.relative && score.words === 0) {
        const opens = opensSentence(spans, text, s);
        const sentence = sentenceContext(text, s.start, s.end, w.start, w.end);
        if (datesAgree(d, s) && opens && wordShare(ownTerms, sentence, ev.profile) > 0) excusedBy = Math.max(excusedBy, score.all);
        // (Names count here: "In 2007 the Russian State Duma ratified the agreement".)
        if (!opens || contextScore(ownTerms, sentence, sentence, wTerms, ev.profile).all < RELATIVE_EVENT || s.precision === 'range' || datesAgree(d, s)) continue;
      }
      // "established in 2004, and in 2012 its lease was extended": the second clause borrows its
      // neighbour's words to reach enough context, so both dates score alike; their own clauses do not.
      const own = contextScore(claimTerms, clauseContext(text, s.start, s.end, w.start, w.end, 1).terms, sentenceContext(text, s.start, s.end, w.start, w.end), wTerms, ev.profile).all;
      candidates.push({ window: w, date: s, score: score.all, own });
    }
  }
  const ownShare = (c: DateCounterpart) => sentenceShare(corpus, ev, ownTerms, c.window, c.date);
  // A date relative to the publication ("Earlier this month") refutes only its own event: its
  // sentence must have some of the words of the claim date's own clause ("established 2001" is
  // not Zelin's statement of "earlier this month").
  const counterparts = candidates.filter((c) => !c.date.relative || datesAgree(d, c.date) || ownShare(c) > 0);
  if (counterparts.length === 0) return undefined;
  counterparts.sort((x, y) => y.score - x.score || y.own - x.own);
  const best = counterparts[0];
  if (excusedBy >= best.score - RIVAL_MARGIN) return undefined;
  // A rival, agreeing or not, must have some of those words when the best has: "… that had first
  // been signed in November 2007" is about the signing, not about "last week"'s ratification
  // (whose vague c. 2008 spans 2007).
  const bestOwn = ownShare(best);
  // The best date's sentence has none of those words and an agreeing one's has: that one tells the
  // claim's event ("The Duma ratified it in 2008, after the Tajik parliament had approved it" /
  // "Last week, the Duma … ratified an agreement" in an article of 2008, not "first signed in
  // November 2006 and … approved by the Tajik parliament").
  // (Not one much vaguer than the best, "in 2023" against "on September 23, 2023" for "19 September 2023".)
  const asPrecise = (c: DateCounterpart) => !(spansMuchMore(c.date) && !spansMuchMore(best.date));
  if (bestOwn === 0 && counterparts.some((c) => datesAgree(d, c.date) && ownShare(c) > 0 && asPrecise(c))) return undefined;
  const rivals = counterparts.filter((c) => c.score >= best.score - RIVAL_MARGIN && (bestOwn === 0 || ownShare(c) > 0));
  if (rivals.some((c) => datesAgree(d, c.date))) return undefined;
  if (rivals.some((c) => c !== best && c.own >= best.own - RIVAL_MARGIN && !datesOverlap(c.date, best.date))) return undefined;
  // The event's own sentence may be elsewhere in the source, short and pointing back ("The base
  // was established in 2003." after "The air base in Kant hosts …"), matched less well than a
  // sentence about something else at the same place: one that has more of the words of the
  // claim date's clause is the counterpart, and one that has as many and agrees settles it.
  const bestShare = ownShare(best);
  // (A vague date there, "in the 2000s", does not settle it against a refuting date as precise as the claim's "May 2006".)
  const agreesElsewhere = eventSentenceElsewhere(corpus, ev, ownTerms, others, (s) => datesAgree(d, s) && !(spansMuchMore(s) && !spansMuchMore(best.date)));
  if (agreesElsewhere && agreesElsewhere.share > 0 && agreesElsewhere.share >= bestShare) return undefined;
  const refuting = eventSentenceElsewhere(corpus, ev, ownTerms, others, (s) => !datesAgree(d, s) && !datesOverlap(s, best.date));
  if (refuting && refuting.share >= ELSEWHERE_SHARE && refuting.share > bestShare + RIVAL_MARGIN) return { window: refuting.window, date: refuting.date, score: best.score, own: refuting.share };
  return best;
}

/** A sentence whose subject is the thing the sentence before told of ("The document was first signed in November 2006"). */
const SUBJECT_POINTS_BACK = /^\s*(?:(?:the|this|that|its)\s+(?:[\p{L}-]+\s+)?|it\s+|they\s+)(?:was|were|is|are|has|had)\s/iu;

/**
 * The words of a source date's clause, with those of the sentence before when the clause is its
 * sentence's first and its subject points back: "The document was first signed in November 2006"
 * dates the agreement "on the mutual use of military forces" that the sentence before ratified.
 * (Only for a clause that shares a word with the claim date's own, "first signed in November
 * 2007": the sentence before tells its own event, "last week … ratified".)
 */
function withAntecedent(text: string, spans: ReturnType<typeof clauseSpans>, s: DateMention, clause: Set<string>): Set<string> {
  const at = spans.findIndex((c) => s.start < c.end && s.end > c.start);
  if (at <= 0 || spans[at - 1].sentence === spans[at].sentence || !SUBJECT_POINTS_BACK.test(text.slice(spans[at].start, spans[at].end))) return clause;
  const before = spans.filter((c) => c.sentence === spans[at].sentence - 1);
  return new Set([...clause, ...wordTerms(text.slice(before[0].start, before[before.length - 1].end))]);
}

/** A sentence opening with a definite description or a pronoun is about what the one before it names. */
const OPENS_POINTING_BACK = /^\s*(?:the|this|that|these|those|it|they|such)(?![\p{L}])/iu;
/** The share of the claim date's clause words a sentence elsewhere must have to refute its date. */
const ELSEWHERE_SHARE = 0.4;

/**
 * The sentence of the cited sources, outside the supporting windows, with an absolute date that
 * `wanted` accepts (not `others`' counterparts) that has the most of `ownTerms`' words, counting
 * those of the sentence before it when it points back.
 */
function eventSentenceElsewhere(corpus: Corpus, ev: ClaimEvidence, ownTerms: Set<string>, others: DateMention[], wanted: (s: DateMention) => boolean): { window: SupportMatch; date: DateMention; share: number } | undefined {
  let found: { window: SupportMatch; date: DateMention; share: number } | undefined;
  for (const key of ev.keys) {
    const text = corpus.get(key)?.text;
    if (!text) continue;
    for (const p of corpus.passagesBySource.get(key) ?? []) {
      // (Dates of the supporting windows were judged above, clause by clause.)
      const judged = (s: DateMention) => ev.pool.some((w) => w.key === key && s.start < w.end && s.end > w.start);
      const dates = passageFigures(corpus, p).dates.filter((s) => !s.relative && !s.open && wanted(s) && !judged(s) && !others.some((o) => datesAgree(o, s)));
      if (dates.length === 0) continue;
      const spans = clauseSpans(text, p.start, p.end);
      for (const s of dates) {
        const at = spans.find((c) => s.start < c.end && s.end > c.start);
        if (!at) continue;
        const same = spans.filter((c) => c.sentence === at.sentence);
        let start = same[0].start;
        const terms = sentenceContext(text, s.start, s.end, p.start, p.end);
        if (OPENS_POINTING_BACK.test(text.slice(start, same[same.length - 1].end))) {
          const before = spans.filter((c) => c.sentence === at.sentence - 1);
          if (before.length > 0) {
            for (const t of wordTerms(text.slice(before[0].start, before[before.length - 1].end))) terms.add(t);
            start = before[0].start;
          }
        }
        const share = wordShare(ownTerms, terms, ev.profile);
        if (!found || share > found.share) {
          let end = same[same.length - 1].end;
          while (end < p.end && /[.!?"”’)]/.test(text[end])) end++;
          found = { window: { key, passage: p, start, end, coverage: share, wordCoverage: share, matched: new Map() }, date: s, share };
        }
      }
    }
  }
  return found;
}

/** The share of `terms` (the words of the claim date's own clause) in the sentence of window `w` that holds source date `s`. */
function sentenceShare(corpus: Corpus, ev: ClaimEvidence, terms: Set<string>, w: SupportMatch, s: DateMention): number {
  return wordShare(terms, sentenceContext(corpus.get(w.key)?.text ?? '', s.start, s.end, w.start, w.end), ev.profile);
}

/** The claim's clause must share this much with the sentence a relative date opens to be its event. */
const RELATIVE_EVENT = 0.5;

/**
 * A date agrees with the claim's, but in a sentence about another event: the claim's event is
 * the one a sentence opened by a relative date tells ("The Duma ratified the agreement in
 * November 2006" against "And last week, the Duma … ratified an agreement … The document was
 * first signed in November 2006", in an article of 2008). That relative date is the counterpart
 * when it lies clearly apart from the claim's, and no agreeing date's sentence shares a word (other
 * than a name) with the claim's clause ("The base was established in 2003" settles "set up in
 * 2003", whatever "Earlier this month, … its air base in Kant" says).
 */
function relativelyDated(corpus: Corpus, ev: ClaimEvidence, d: DateMention, ownTerms: Set<string>, agreeing: { w: SupportMatch; s: DateMention }[]): DateCounterpart | undefined {
  const shareOf = (w: SupportMatch, s: DateMention) => sentenceShare(corpus, ev, ownTerms, w, s);
  if (agreeing.some(({ w, s }) => shareOf(w, s) > 0)) return undefined;
  let best: DateCounterpart | undefined;
  for (const w of ev.strong) {
    const text = corpus.get(w.key)?.text ?? '';
    const spans = clauseSpans(text, w.start, w.end);
    for (const r of windowFigures(corpus, w).dates) {
      if (!r.relative || datesOverlap(r, d) || !opensSentence(spans, text, r)) continue;
      const share = shareOf(w, r);
      if (share >= RELATIVE_EVENT && (!best || share > best.score)) best = { window: w, date: r, score: share, own: share };
    }
  }
  return best;
}

/** The claim date's own clause must share this much with another date's own clause to be its event. */
const CLAUSE_EVENT = 0.5;

/**
 * A date agrees with the claim's, but its own clause is about another event, and another date's
 * own clause tells the claim's: "The 201st base was officially established in 2012" against "The
 * 201st VB was officially established in 2004, and in 2012 its lease was extended until 2042".
 * That date is the counterpart (the best such); none when an agreeing date's clause shares a word
 * with the claim date's.
 */
function clauseDated(corpus: Corpus, ev: ClaimEvidence, d: DateMention, ownTerms: Set<string>, agreeing: { w: SupportMatch; s: DateMention }[]): DateCounterpart | undefined {
  const clauseShare = (w: SupportMatch, s: DateMention) => wordShare(ownTerms, clauseContext(corpus.get(w.key)?.text ?? '', s.start, s.end, w.start, w.end, 1).terms, ev.profile);
  if (agreeing.some(({ w, s }) => clauseShare(w, s) > 0)) return undefined;
  let best: DateCounterpart | undefined;
  for (const w of ev.strong) {
    for (const s of windowFigures(corpus, w).dates) {
      if (s.relative || Boolean(s.open) !== Boolean(d.open) || datesOverlap(s, d)) continue;
      const share = clauseShare(w, s);
      if (share >= CLAUSE_EVENT && (!best || share > best.score)) best = { window: w, date: s, score: share, own: share };
    }
  }
  return best;
}

/** A sentence's opening that points back to the event of the sentence before ("During the meetings", "At that summit", "Then"). */
const CONTINUES_PREVIOUS = /^\s*(?:(?:and|but)\s+)?(?:(?:during|at|in|after|following)\s+(?:the|that|this|these|those)\s+(?:meetings?|talks|visits?|summits?|sessions?|occasions?|events?|conferences?|ceremon(?:y|ies)|negotiations?)\b|then\b|there\b|at\s+the\s+time\b|on\s+that\s+occasion\b)/i;

function continuesPrevious(text: string, spans: ReturnType<typeof clauseSpans>, sentence: number): boolean {
  const first = spans.find((c) => c.sentence === sentence);
  return first !== undefined && CONTINUES_PREVIOUS.test(text.slice(first.start, first.end));
}

/** Whether date `s` is all of its sentence's first clause but function words ("And last week,"): an adverbial of the whole sentence. */
function opensSentence(spans: ReturnType<typeof clauseSpans>, text: string, s: DateMention): boolean {
  const at = spans.findIndex((c) => s.start < c.end && s.end > c.start);
  if (at < 0 || (at > 0 && spans[at - 1].sentence === spans[at].sentence)) return false;
  const c = spans[at];
  return wordTerms(text.slice(c.start, s.start) + ' ' + text.slice(s.end, c.end)).size === 0;
}

/** A clause must be at most this share of its sentence to be checked on its own. */
const PART_OF_SENTENCE = 0.75;

/**
 * The counterpart of a date judged on its own clause, in a sentence that dates several events
 * ("They held an exercise in March 2023, and on 8 May 2023 Putin and Japarov announced…"): the
 * source may tell each event in another passage, and no window then supports the whole sentence.
 */
function clauseCounterpart(corpus: Corpus, claim: Claim, ev: ClaimEvidence, d: DateMention, dates: DateMention[]): DateCounterpart | undefined {
  const part = claimClauseContext(claim, d.start, d.end, ev.profile, 3);
  if (part.end - part.start > PART_OF_SENTENCE * claim.plain.length) return undefined;
  // ("…, took place in 2021" tells no event without its subject.)
  if ([...part.terms].every((t) => EVENT_VERB_TERMS.has(t))) return undefined;
  const sub: Claim = { ...claim, plain: claim.plain.slice(part.start, part.end) };
  const subEv = claimEvidence(corpus, sub);
  if (!subEv || subEv.strong.length === 0) return undefined;
  const shift = (x: DateMention): DateMention => ({ ...x, start: x.start - part.start, end: x.end - part.start, editStart: x.editStart - part.start, editEnd: x.editEnd - part.start });
  const others = dates.filter((x) => x !== d && x.start >= part.start && x.end <= part.end).map(shift);
  const c = misdatedCounterpart(corpus, sub, subEv, shift(d), others);
  // A clause's few words match other events easily: only an explicit date of the same event.
  return c && !c.date.relative && c.score >= EXPLICIT_EVENT ? c : undefined;
}

/**
 * A fix target for a source date: itself, or for a relative date its resolution when it is one
 * year or month; for an open date, its bound when the claim's date is open the same way
 * ("until 2024" → "until 2042").
 */
function fixTarget(s: DateMention, d: DateMention): DateMention | PartialDate | undefined {
  if (s.open) return s.open === d.open && !s.relative ? anchor(s) : undefined;
  if (!s.relative) return s;
  const { from, to } = s;
  if (from.year !== to.year) return undefined;
  if (from.month && from.month === to.month && !from.day) return { year: from.year, month: from.month };
  if (from.month && from.month === to.month && from.day && from.day === to.day) return from;
  if ((from.month ?? 1) === 1 && (to.month ?? 12) === 12) return { year: from.year };
  return undefined;
}

/** A single target date no more precise than the claim's date ("September 2022" → "September 2023", not "September 23, 2023"). */
function atPrecisionOf(target: DateMention | PartialDate | undefined, d: DateMention): DateMention | PartialDate | undefined {
  if (!target || d.open || d.precision === 'range' || d.precision === 'decade') return target;
  const single = 'from' in target ? (sameDate(target.from, target.to) ? target.from : undefined) : target;
  if (!single) return target;
  if (d.precision === 'year') return { year: single.year };
  // The source gives only the year ("in May last year"): the claim's month and day are not in
  // question, so the fix changes the year alone ("May 2023" → "May 2024", not "2024").
  if (!single.month && d.from.month) return d.precision === 'day' ? { year: single.year, month: d.from.month, day: d.from.day } : { year: single.year, month: d.from.month };
  if (d.precision === 'month' && single.month) return { year: single.year, month: single.month };
  return single;
}

function sameDate(a: PartialDate, b: PartialDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

function describePublication(pub: PartialDate | undefined): string {
  return pub ? describeDate(pub) : 'an unknown date';
}

/** The source sentence (within the window) that holds the counterpart date, for messages. */
function sentenceAround(corpus: Corpus, c: { window: SupportMatch; date: { start: number; end: number } }): string {
  const text = corpus.get(c.window.key)?.text ?? '';
  const spans = clauseSpans(text, c.window.start, c.window.end);
  const at = spans.find((x) => c.date.start < x.end && c.date.end > x.start);
  if (!at) return windowText(corpus, c.window);
  const same = spans.filter((x) => x.sentence === at.sentence);
  // (Far into a long sentence, from the date's own clause: the excerpt must show it.)
  const from = c.date.start - same[0].start > 100 ? at.start : same[0].start;
  return surface(text.slice(from, same[same.length - 1].end)).replace(/^[\s,;:]+/, '');
}

function misdatedFinding(corpus: Corpus, claim: Claim, d: DateMention, c: DateCounterpart): Finding {
  const source = corpus.get(c.window.key);
  const srcText = surface((source?.text ?? '').slice(c.date.start, c.date.end));
  const briefText = claim.plain.slice(d.editStart, d.editEnd);
  // A relative date of a source whose publication is known only to the year or about it ("last
  // week" in an article of c. 2008) spans years; it is told, and fixed, as that year.
  const pub = source?.issued;
  const aroundPublication = c.date.relative && c.date.from.year !== c.date.to.year && pub && pub.year >= c.date.from.year && pub.year <= c.date.to.year ? pub : undefined;
  const when = aroundPublication ? describePublication(aroundPublication) : describeDate(c.date);
  const resolved = c.date.relative ? ` (${when}, counted from its publication ${describePublication(source?.issued)})` : '';
  const message =
    `Date mismatch — brief: "${briefText}" — ${c.window.key}: "${srcText}"${resolved}, in "${excerpt(sentenceAround(corpus, c), 140)}". ` +
    `The source dates this to ${when}.`;
  const fixes: Fix[] = [];
  // (The claim's month is not kept then: the source does not give one.)
  const yearOnly = aroundPublication ?? (c.date.relative && c.date.precision === 'year' ? c.date.from : undefined);
  const target = yearOnly ? { year: yearOnly.year } : atPrecisionOf(fixTarget(c.date, d), d);
  if (target) {
    const e = dateEdit(d, target, claim.plain);
    const newDate = describeDate(target);
    fixes.push({ title: `Change to ${e.newText === newDate ? newDate : `${e.newText} (${newDate})`}, as in ${c.window.key}`, edits: [{ start: claim.start + e.start, end: claim.start + e.end, newText: e.newText }], preferred: true });
  }
  return {
    code: 'misdated-claim',
    severity: SEVERITY_OF['misdated-claim'],
    start: claim.start + d.editStart,
    end: claim.start + d.editEnd,
    message,
    fixes,
    evidence: [evidenceFor(corpus, c.window, `${c.window.key} dates it "${srcText}"`)],
  };
}

// ---------------------------------------------------------------------------------------------
// A day without a year ("on 5 November")

/** "5 November", "5th of November", "November 5": groups day/month, or month/day. */
const DAY_AND_MONTH = new RegExp(`(?<![\\p{L}\\d])(?:(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_SOURCE})|(${MONTH_SOURCE})\\s+(\\d{1,2})(?:st|nd|rd|th)?)(?![\\p{L}\\d])`, 'gu');
const EVENT_DAY_BEFORE = /(?:^|[^\p{L}])(?:on|dated|of)\s+$/iu;
/** A year right after a day and month: the date is a whole one, checked as such. */
const YEAR_AFTER = /^,?\s*(?:\d{4}|'\d{2})(?!\d)/;

interface DayMention {
  start: number;
  end: number;
  month: number;
  day: number;
  /** Written "November 5" (month first) rather than "5 November". */
  monthFirst: boolean;
}

function dayMentions(text: string, lo = 0, hi = text.length): DayMention[] {
  const out: DayMention[] = [];
  for (const m of text.slice(lo, hi).matchAll(DAY_AND_MONTH)) {
    const monthFirst = m[3] !== undefined;
    const day = Number(monthFirst ? m[4] : m[1]);
    const month = monthNumber(monthFirst ? m[3] : m[2]);
    if (day < 1 || day > 31 || month < 1) continue;
    const start = lo + (m.index ?? 0);
    out.push({ start, end: start + m[0].length, month, day, monthFirst });
  }
  return out;
}

/**
 * A day and month the brief gives without a year ("approved … on 5 November"), against the day
 * the cited source gives the same event, with or without a year ("on October 5 of that year").
 * Whole dates are checked with their years (misdatedCounterpart); a day alone has no year to
 * compare, so only its clause decides which of the source's days it is.
 */
function yearlessDayFindings(corpus: Corpus, claim: Claim, ev: ClaimEvidence, dates: DateMention[]): Finding[] {
  const findings: Finding[] = [];
  for (const d of dayMentions(claim.plain)) {
    if (YEAR_AFTER.test(claim.plain.slice(d.end, d.end + 6)) || dates.some((x) => x.start < d.end && x.end > d.start)) continue;
    // Only the date of an event ("approved … on 5 November", "dated 10 January"), not a day that
    // names something ("before the 9 May celebrations").
    if (!EVENT_DAY_BEFORE.test(claim.plain.slice(Math.max(0, d.start - 8), d.start))) continue;
    const claimTerms = claimClauseContext(claim, d.start, d.end, ev.profile, 3).terms;
    if (claimTerms.size === 0) continue;
    const candidates: { w: SupportMatch; s: DayMention; score: number }[] = [];
    for (const w of ev.strong) {
      const text = corpus.get(w.key)?.text ?? '';
      const wTerms = windowTerms(corpus, w);
      for (const s of dayMentions(text, w.start, w.end)) {
        const ctx = clauseContext(text, s.start, s.end, w.start, w.end);
        const score = contextScore(claimTerms, ctx.terms, sentenceContext(text, s.start, s.end, w.start, w.end), wTerms, ev.profile);
        if (score.all >= DATE_CONTEXT && score.words > 0) candidates.push({ w, s, score: score.all });
      }
    }
    // The day anywhere in the passages that support the sentence settles it: with no year to
    // compare, which event a clause tells is too loose a guess to overrule it.
    if (candidates.length === 0 || ev.strong.some((w) => dayMentions(corpus.get(w.key)?.text ?? '', w.start, w.end).some((s) => s.month === d.month && s.day === d.day))) continue;
    candidates.sort((a, b) => b.score - a.score);
    const best = candidates[0];
    const text = corpus.get(best.w.key)?.text ?? '';
    const srcText = surface(text.slice(best.s.start, best.s.end));
    const briefText = claim.plain.slice(d.start, d.end);
    const month = MONTH_NAMES[best.s.month - 1];
    const newText = d.monthFirst ? `${month} ${best.s.day}` : `${best.s.day} ${month}`;
    findings.push({
      code: 'misdated-claim',
      severity: SEVERITY_OF['misdated-claim'],
      start: claim.start + d.start,
      end: claim.start + d.end,
      message: `Date mismatch — brief: "${briefText}" — ${best.w.key}: "${srcText}", in "${excerpt(sentenceAround(corpus, { window: best.w, date: best.s }), 140)}". The source dates this to ${best.s.day} ${month}.`,
      fixes: [{ title: `Change to ${newText}, as in ${best.w.key}`, edits: [{ start: claim.start + d.start, end: claim.start + d.end, newText }], preferred: true }],
      evidence: [evidenceFor(corpus, best.w, `${best.w.key} dates it "${srcText}"`)],
    });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// anachronistic-citation

interface SourceYears {
  /** Day ranges of the absolute dates a source mentions in its prose passages. */
  ranges: [number, number][];
}
const sourceYearsCache = new WeakMap<Corpus, Map<string, SourceYears>>();

function sourceDates(corpus: Corpus, key: string): SourceYears {
  let cache = sourceYearsCache.get(corpus);
  if (!cache) sourceYearsCache.set(corpus, (cache = new Map()));
  let sy = cache.get(key);
  if (!sy) {
    const ranges: [number, number][] = [];
    for (const p of corpus.passagesBySource.get(key) ?? []) {
      for (const d of passageFigures(corpus, p).dates) {
        if (d.relative) continue;
        // "up to 2060", "since 2002": the year written is mentioned, not the open span.
        if (d.open) ranges.push(dayRangeOf(d.open === 'before' ? d.to : d.from));
        else ranges.push(dayRangeOf(d));
      }
    }
    sy = { ranges };
    cache.set(key, sy);
  }
  return sy;
}

/** Whether the source itself mentions a date overlapping the event (a forecast, a plan, a deadline). */
function sourceMentions(corpus: Corpus, key: string, d: DateMention): boolean {
  const [ds, de] = dayRangeOf(anchor(d));
  return sourceDates(corpus, key).ranges.some(([s, e]) => s <= de && ds <= e);
}

interface Replacement {
  key: string;
  window: SupportMatch;
  published?: PartialDate;
}

/** A corpus source published on or after the event whose best passage covers the sentence (and ideally the date). */
function replacementSource(corpus: Corpus, claim: Claim, d: DateMention, exclude: Set<string>): Replacement | undefined {
  const cited = citedKeysWithText(claim, corpus);
  const others = [...assessSupport(corpus, claim.plain, cited).others];
  // A date in an opening phrase set off by a comma ("Since the full-scale invasion of Ukraine in
  // February 2022, Russia's heavy losses have eroded …") dates the main clause, which is what a
  // later source must cover; the phrase's own words only dilute its support.
  const opening = /^\s*(?:since|in|after|following|during|from|on|at|when|as\s+of|by|throughout|amid)\s[^,;:]{0,120},\s/i.exec(claim.plain);
  if (opening && d.end <= opening[0].length && claim.plain.slice(opening[0].length).trim().split(/\s+/).length >= 5) {
    const main = ' '.repeat(opening[0].length) + claim.plain.slice(opening[0].length);
    for (const o of assessSupport(corpus, main, cited).others) {
      const i = others.findIndex((x) => x.key === o.key);
      if (i < 0) others.push(o);
      else if (o.coverage > others[i].coverage) others[i] = o;
    }
  }
  let best: { r: Replacement; score: number } | undefined;
  for (const o of others) {
    if (exclude.has(o.key)) continue;
    const pub = corpus.get(o.key)?.issued;
    if (!pub || compareToPublication(d, pub) === 'after') continue;
    const hasDate = passageFigures(corpus, o.passage).dates.some((s) => s.start >= o.passage.start && datesAgree(d, s) && s.start < o.passage.end);
    if (o.coverage < (hasDate ? 0.35 : 0.5)) continue;
    const score = o.coverage + (hasDate ? 0.15 : 0);
    if (!best || score > best.score) best = { r: { key: o.key, window: o, published: pub }, score };
  }
  return best?.r;
}

/** The claim's dates that lie after the publication of every cited source (and that it does not itself mention). */
function anachronisticDates(corpus: Corpus, claim: Claim, dates: DateMention[]): DateMention[] {
  const cites = claim.citations.filter((c) => c.key && corpus.get(c.key));
  if (cites.length === 0) return [];
  const keys = [...new Set(cites.map((c) => c.key))];
  const pubs = keys.map((k) => corpus.get(k)!.issued);
  if (pubs.some((p) => !p)) return [];
  const forecast = FUTURE_CUE.test(claim.plain);
  return dates.filter((d) => {
    // A forecast is no anachronism, but a past event in its own clause of such a sentence is
    // ("The summit, held in New York in September 2023, shows that Washington intends …").
    if (forecast && !pastClause(claim.plain, d)) return false;
    if (d.open === 'before') return false;
    // (Before the date proper: the mention may include its preposition, "by 2025".)
    const before = claim.plain.slice(Math.max(0, d.editStart - 30), d.editStart);
    if (BY_BEFORE.test(before) || UNTIL_BEFORE.test(before)) return false;
    if (!pubs.every((p) => compareToPublication(d, p!) === 'after')) return false;
    return !keys.some((k) => sourceMentions(corpus, k, d));
  });
}

/** A participle's or relative clause holding date `d`, with no future cue of its own ("held in New York in September 2023"). */
function pastClause(plain: string, d: DateMention): boolean {
  const clause = clauseSpans(plain, 0, plain.length).find((c) => d.start < c.end && d.end > c.start);
  if (!clause) return false;
  const text = plain.slice(clause.start, clause.end);
  const lead = /^\s*([\p{L}]+)/u.exec(text)?.[1]?.toLowerCase() ?? '';
  const past = SUBORDINATE_LEAD.has(clause.lead) || /ed$/.test(lead) || PAST_PARTICIPLES.has(lead);
  return past && !FUTURE_CUE.test(text);
}

const PAST_PARTICIPLES = new Set(['held', 'built', 'won', 'made', 'set', 'begun', 'taken', 'given', 'seen', 'known', 'brought', 'sent', 'led', 'met', 'fought', 'paid', 'sold', 'struck', 'drawn', 'shown']);

function anachronismFindings(corpus: Corpus, claim: Claim, dates: DateMention[]): Finding[] {
  const cites = claim.citations.filter((c) => c.key && corpus.get(c.key));
  const keys = [...new Set(cites.map((c) => c.key))];
  let event: DateMention | undefined;
  for (const d of dates) if (!event || dayRangeOf(anchor(d))[0] > dayRangeOf(anchor(event))[0]) event = d;
  if (!event) return [];
  const d = event;
  const when = describeDate(anchor(d));
  const replacement = replacementSource(corpus, claim, d, new Set(keys));
  const findings: Finding[] = [];
  for (const c of cites) {
    const source = corpus.get(c.key)!;
    const pubText = source.issued ? `${source.issued.circa ? 'c. ' : ''}${describeDate({ ...source.issued, circa: undefined })}` : '';
    let message = `Anachronistic citation: the sentence dates the event to ${when}, but ${c.key} was published ${pubText}, before it happened.`;
    const fixes: Fix[] = [];
    const evidence = [];
    if (replacement) {
      const r = replacement;
      message += ` '${r.key}' (${sourceLabel(corpus.get(r.key)!)}) covers it: "${excerpt(windowText(corpus, r.window), 110)}".`;
      fixes.push({ title: `Cite '${r.key}' instead of '${c.key}'`, edits: [{ start: c.keyStart, end: c.keyEnd, newText: r.key }], preferred: true });
      evidence.push(evidenceFor(corpus, r.window, `${r.key} covers the event`));
    } else {
      message += ' Cite a source published after the event.';
    }
    // (A note's citation: the sentence it is cited for carries the finding.)
    const elsewhere = citedElsewhere(claim, c);
    findings.push({
      code: 'anachronistic-citation',
      severity: SEVERITY_OF['anachronistic-citation'],
      start: elsewhere ? claim.start + d.editStart : c.keyStart,
      end: elsewhere ? claim.start + d.editEnd : c.keyEnd,
      message,
      fixes,
      evidence,
    });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Entry points

/** misdated-claim and anachronistic-citation findings (each can be turned off). */
/**
 * A year that names a thing rather than dating its clause's event ("ratified the 2006 agreement",
 * "its 2012 merger"): a date of the supporting passages that agrees with it is its own.
 */
function namesDatedThing(plain: string, d: DateMention): boolean {
  return d.precision === 'year' && /(?:^|[^\p{L}])(?:the|its|their|his|her|this|that)\s+$/iu.test(plain.slice(Math.max(0, d.start - 8), d.start)) && /^\s+\p{L}/u.test(plain.slice(d.end, d.end + 3));
}

/** Words that make the date after them a publication's ("an article published in March 2025"). */
const PUBLISHED_BEFORE = /\b(?:published|publication|issued|appeared|posted)\s+(?:(?:in|on)\s+)?$/i;

/**
 * Whether the claim gives a cited source's own publication date ("…, in an article published in
 * March 2025"): a fact about the citation, not a date of the events its passages tell.
 */
function givesPublicationDate(corpus: Corpus, claim: Claim, d: DateMention): boolean {
  if (d.open || d.relative || !PUBLISHED_BEFORE.test(claim.plain.slice(Math.max(0, d.editStart - 30), d.editStart))) return false;
  return citedKeysWithText(claim, corpus).some((key) => {
    const pub = corpus.get(key)?.issued;
    return pub !== undefined && pub.year === d.from.year && (d.from.month === undefined || pub.month === d.from.month) && (d.from.day === undefined || pub.day === d.from.day);
  });
}

export function findDateProblems(brief: Brief, corpus: Corpus, options: DateCheckOptions = {}): Finding[] {
  const wantMisdated = options.misdated ?? true;
  const wantAnachronism = options.anachronism ?? true;
  const findings: Finding[] = [];
  for (const claim of checkableClaims(brief)) {
    if (claim.citations.length === 0 || claim.plain.length > MAX_FIGURED_SENTENCE) continue;
    const dates = /\d{4}|\d{2}s\b/.test(claim.plain) ? claimDates(claim) : [];
    if (wantMisdated && dayMentions(claim.plain).length > 0) {
      const ev = claimEvidence(corpus, claim);
      if (ev && ev.strong.length > 0) findings.push(...yearlessDayFindings(corpus, claim, ev, dates));
    }
    if (dates.length === 0) continue;
    const late = anachronisticDates(corpus, claim, dates);
    const anachronistic: DateMention[] = [];
    const ev = claimEvidence(corpus, claim);
    for (const date of dates) {
      if (givesPublicationDate(corpus, claim, date)) continue;
      let d = date;
      let c = (ev && ev.strong.length > 0 ? misdatedCounterpart(corpus, claim, ev, d, dates.filter((x) => x !== d)) : undefined) ?? (ev && dates.length > 1 ? clauseCounterpart(corpus, claim, ev, d, dates) : undefined);
      // A year whose clause ends something ("1999 — The Tajik civil war ends") is the end of a
      // term too, refuted by the source's end of it ("until the end of the civil war … until 1997").
      if (!c && ev && ev.strong.length > 0 && !d.open && d.precision === 'year' && claimClauseContext(claim, d.editStart, d.editEnd, ev.profile, 1).terms.has('end')) {
        const end: DateMention = { ...d, open: 'before' };
        c = misdatedCounterpart(corpus, claim, ev, end, dates.filter((x) => x !== date));
        if (c) d = end;
      }
      // A late date whose event the source dates explicitly is misdated; otherwise the citation is anachronistic.
      if (late.includes(date) && !(c && !c.date.relative && c.score >= EXPLICIT_EVENT)) {
        anachronistic.push(date);
        continue;
      }
      if (c && wantMisdated && !(namesDatedThing(claim.plain, d) && ev?.pool.some((w) => passageFigures(corpus, w.passage).dates.some((s) => datesAgree(d, s))))) findings.push(misdatedFinding(corpus, claim, d, c));
    }
    if (wantAnachronism && anachronistic.length > 0) findings.push(...anachronismFindings(corpus, claim, anachronistic));
  }
  return findings;
}

export function findMisdatedClaims(brief: Brief, corpus: Corpus): Finding[] {
  return findDateProblems(brief, corpus, { anachronism: false });
}

export function findAnachronisticCitations(brief: Brief, corpus: Corpus): Finding[] {
  return findDateProblems(brief, corpus, { misdated: false });
}
