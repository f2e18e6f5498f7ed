// The support engine every claim check shares: which passages of which sources support a
// sentence, and how much of the sentence's content they cover.
//
// A claim is reduced to its content terms (stemmed, stopwords and attribution words such as
// "report"/"note" and source authors' names dropped), each weighted by its rarity in the corpus
// (capped IDF); proper nouns weigh more, numbers and dates less (they are checked by the number
// and date checks, so a wrong figure must not make a sentence look unsupported). Candidate
// passages come from BM25 (corpus.search); inside them every sentence and every pair of adjacent
// sentences is a window, and a window's coverage is the weighted share of the claim's terms it
// contains. Per-passage sentence windows and term sets are computed lazily and cached.
import type { Corpus } from '../corpus/corpus';
import type { Passage } from '../corpus/types';
import { isStopword, stem } from '../corpus/text';
import { splitSentences } from '../brief/sentences';

/** Character-for-character normalisation (same length): curly quotes, dashes, odd spaces. */
export function sameLengthNormalize(text: string): string {
  return text
    .replace(/[\u00a0\u2000-\u200b\u202f]/g, ' ')
    .replace(/[‘’ʼ`]/g, "'")
    .replace(/[“”„«»]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-');
}

/** Irregular forms of a verb, mapped to one representative stem (an inflection, not another word). */
const IRREGULAR_FORMS = [
  'went go', 'took take', 'made make', 'held hold', 'led lead', 'left leave', 'sent send', 'brought bring', 'sought seek',
  'fought fight', 'began begin', 'fell fall', 'gave give', 'told tell', 'thought think', 'kept keep', 'paid pay', 'won win', 'met meet',
  'rose risen rise', 'grew grown grow', 'spoke spoken speak', 'bought buy', 'built build',
];
/** Common paraphrase synonyms, mapped to one representative stem (after IRREGULAR_FORMS). */
const SYNONYM_GROUPS = [
  'begin start commence launch', 'keep continue maintain',
  'telephone phone', 'shut close', 'soil territory', 'bolster reinforce strengthen', 'collaborate cooperate', 'rise growth grow increase', 'speak talk discuss',
  'buy purchase acquire', 'build construct', 'supply provide deliver', 'home household', 'electricity power',
  'finish complete', 'bar ban prohibit forbid', 'assist aid help', 'troop soldier servicemen personnel', 'intend aim plan',
  'country nation', 'large big', 'donate contribute', 'disregard ignore neglect',
  'kremlin moscow russia', 'encompass cover', 'american usa', 'extension extend', 'expansion expand',
  'announce reveal declare', 'intention plan', 'official formal', 'trust confidence', 'contract agreement lease', 'mln million', 'bln billion', 'annually annual yearly year', 'visit trip',
];
const FORMS = new Map<string, string>();
const SYNONYMS = new Map<string, string>();

/** Each word of each group (as `form` makes its stem) → the group's last word. */
function groupMap(groups: string[], into: Map<string, string>, form: (stem: string) => string): void {
  for (const g of groups) {
    const words = g.split(' ').map((w) => form(stem(w)));
    for (const w of words) into.set(w, words[words.length - 1]);
  }
}

/** A stem's spelling and inflection variants as one ("organise"/"organize", "took"/"take"), not its synonyms: what a quotation may change as a minor difference. */
export function variantTerm(term: string): string {
  if (FORMS.size === 0) groupMap(IRREGULAR_FORMS, FORMS, canonicalForm);
  const t = canonicalForm(term);
  return FORMS.get(t) ?? t;
}

/** British → American spellings, inflections and paraphrase synonyms as one term, applied to stems. */
export function canonicalTerm(term: string): string {
  if (SYNONYMS.size === 0) groupMap(SYNONYM_GROUPS, SYNONYMS, variantTerm);
  // A noun in -sion is its verb in -de: "invasion" / "invaded", "decision" / "decided", "erosion" / "eroded".
  const t = variantTerm(SION_NOUN.test(term) ? term.slice(0, -4) + 'd' : term);
  return SYNONYMS.get(t) ?? t;
}

const SION_NOUN = /^[a-z]*[a-z]{2}[aeiou]sion$/;

function canonicalForm(term: string): string {
  if (!/^[a-z]+$/.test(term) || term.length < 4) return term;
  let t = term;
  t = t.replace(/(?<=[a-z]{3})is(?=e?$|ation$|at$)/, 'iz'); // organis(e) → organiz
  t = t.replace(/(?<=[a-z]{2})([b-df-hj-km-rtv-y])\1$/, '$1'); // plann(ed) → plan, stopp(ing) → stop
  t = t.replace(/(?<=[a-z]{2})our$/, 'or'); // labour → labor
  t = t.replace(/(?<=[a-z]{3})tr$/, 'ter'); // centr(e) → center
  t = t.replace(/(?<=[a-z]{3})nc$/, 'ns'); // defenc(e) → defens
  t = t.replace(/(?<=[a-z]{4})(?:i)?stan$/, ''); // kazakhstan → kazakh, tajikistan → tajik
  t = t.replace(/(?<=[a-z]{3}(?:om|eg|og))(?:y|ical|ic)$/, ''); // economy, economic → econom; strategy, strategic → strateg
  t = t.replace(/(?<=[a-z]{4})ical$/, 'ic'); // political → politic(s), historical → historic
  t = t.replace(/(?<=[a-z]{5})(?:at)?ion$/, ''); // contribution → contribut, cooperation → cooper
  t = t.replace(/(?<=[a-z]{5})at$/, ''); // cooperat(e) → cooper
  return t;
}

/** Words that attribute a claim rather than carry its content. */
const ATTRIBUTION = new Set(
  ('report note observe recall say said says write wrote argue argu according describe mention cite quote add ' +
    'author study paper article thesis capstone dissertation monograph claim recount explain point find found show suggest put conclude')
    .split(' ')
    .map((w) => canonicalTerm(stem(w))),
);

/**
 * Words too general to say what a claim is about: "one" is a pronoun ("one should recall") or
 * "one of the…" as often as a figure (figures are the number checks' business); "since" and
 * "ago" only place an event in time, which the date checks judge; connectives ("yet",
 * "however", "thus") link a claim to the writer's argument.
 */
const GENERAL = new Set(
  'one ones since ago now yet however thus therefore hence moreover furthermore nevertheless nonetheless indeed meanwhile instead still'
    .split(' ')
    .map((w) => canonicalTerm(stem(w))),
);

/**
 * Hedges of a report ("reportedly", "allegedly"): they say how sure the writer is, not what the
 * claim is about (the source seldom repeats them).
 */
const HEDGES = new Set(
  'reportedly allegedly apparently purportedly supposedly reputedly ostensibly'
    .split(' ')
    .map((w) => canonicalTerm(stem(w))),
);

const MONTHS = new Set(
  'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec'
    .split(' ')
    .map((w) => canonicalTerm(stem(w))),
);

// A word: letters and digits of any script, joined by - ' or . ("U.S.", "military-technical",
// "3.5"). Scanned by char code (the hot loop of a corpus's first check), as the regular
// expression /[\p{L}\p{N}]+(?:[-'.][\p{L}\p{N}]+)*/u would match.
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const WORD_UNIT = new Uint8Array(65536); // 0 not known yet, 1 letter or digit, 2 not

/** Length (1 or 2 code units) of the letter or digit at `i`, 0 if there is none. */
function wordCharAt(text: string, i: number, end: number): number {
  if (i >= end) return 0;
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
    const d = text.charCodeAt(i + 1);
    return d >= 0xdc00 && d <= 0xdfff && LETTER_OR_DIGIT.test(text.slice(i, i + 2)) ? 2 : 0;
  }
  let v = WORD_UNIT[c];
  if (v === 0) WORD_UNIT[c] = v = LETTER_OR_DIGIT.test(String.fromCharCode(c)) ? 1 : 2;
  return v === 1 ? 1 : 0;
}

/** Calls `emit` with the offsets of every word of `text`. */
function scanContentWords(text: string, emit: (start: number, end: number) => void): void {
  const end = text.length;
  let i = 0;
  while (i < end) {
    let w = wordCharAt(text, i, end);
    if (w === 0) {
      i++;
      continue;
    }
    const start = i;
    for (;;) {
      while (w > 0) {
        i += w;
        w = wordCharAt(text, i, end);
      }
      const c = i < end ? text.charCodeAt(i) : 0;
      if ((c === 45 || c === 39 || c === 46) && (w = wordCharAt(text, i + 1, end)) > 0) {
        i++;
        continue;
      }
      break;
    }
    emit(start, i);
  }
}

export type TermKind = 'word' | 'name' | 'number';

export interface ClaimTerm {
  term: string;
  kind: TermKind;
  weight: number;
  /** The surface word in the claim (first occurrence). */
  surface: string;
}

export interface ClaimProfile {
  terms: ClaimTerm[];
  total: number;
}

interface Tok {
  term: string;
  /** The index's form of the word (stemmed, not canonicalised), for its document frequency. */
  stem: string;
  start: number;
  end: number;
  surface: string;
}

const termMemo = new Map<string, [string, string]>();

/** [canonical term, index stem] of a lower-case word, memoised (passages repeat their vocabulary). */
function wordTerm(word: string): [string, string] {
  let t = termMemo.get(word);
  if (!t) {
    const st = stem(word);
    t = [canonicalTerm(st), st];
    if (termMemo.size > 200_000) termMemo.clear();
    termMemo.set(word, t);
  }
  return t;
}

/** Unit words a figure's notation may spell out or not ("14–16 per cent", "14-16%"): not content. */
const NOTATION_WORDS = new Set(['per', 'cent', 'percent']);

/** The [canonical term, index stem] pairs one word stands for (none for a stopword). */
function surfaceTerms(surface: string): readonly (readonly [string, string])[] {
  // "US", "U.S.", "USA" in capitals are the country, not the pronoun "us" (a stopword).
  if (/^U\.?S\.?(?:A\.?)?$/.test(surface)) return [wordTerm('usa')];
  let lower = surface.toLowerCase();
  if (lower.includes("'")) lower = lower.replace(/'s$/, '').replace(/'/g, '');
  const first = lower.charCodeAt(0);
  if (first >= 48 && first <= 57 && /^\d[\d.,]*$/.test(lower)) return [[lower.replace(/,/g, '').replace(/\.0+$/, ''), lower.replace(/[.,]/g, '')]];
  const out: (readonly [string, string])[] = [];
  const parts = lower.includes('-') ? lower.split('-') : lower.includes('.') ? [lower.replace(/\./g, '')] : [lower];
  for (const p of parts) {
    // (In a compound, "US-" or "U.S.–" is the country: "US-Central Asia Summit".)
    if (parts.length > 1 && /^u\.?s\.?(?:a\.?)?$/.test(p)) out.push(wordTerm('usa'));
    else if (p && !isStopword(p) && !NOTATION_WORDS.has(p)) out.push(wordTerm(p));
  }
  if (parts.length > 1 && lower.includes('-')) {
    const joined = lower.replace(/[-.]/g, '');
    out.push([canonicalTerm(joined), joined]);
  }
  return out;
}

// Passages repeat their vocabulary endlessly: the terms of each surface word are worked out once.
const surfaceMemo = new Map<string, readonly (readonly [string, string])[]>();

function memoSurfaceTerms(surface: string): readonly (readonly [string, string])[] {
  let terms = surfaceMemo.get(surface);
  if (!terms) {
    terms = surfaceTerms(surface);
    if (surfaceMemo.size > 200_000) surfaceMemo.clear();
    surfaceMemo.set(surface, terms);
  }
  return terms;
}

/** "United States" read as one word, "USA" (same length, so offsets hold), as "US" and "American" are. */
function joinCountryNames(text: string): string {
  return text.includes('United') ? text.replace(/\bUnited\s+States\b/g, (m) => 'USA'.padEnd(m.length)) : text;
}

/** Content tokens of (same-length normalised) text, with offsets; canonical stemmed terms. */
export function contentTokens(text: string): Tok[] {
  const out: Tok[] = [];
  const norm = joinCountryNames(sameLengthNormalize(text));
  scanContentWords(norm, (start, end) => {
    const surface = norm.slice(start, end);
    for (const [term, st] of memoSurfaceTerms(surface)) out.push({ term, stem: st, start, end, surface });
  });
  return out;
}

/** The canonical terms of `text` (contentTokens' terms without offsets), added to `into`. */
export function addContentTerms(text: string, into: Set<string>): Set<string> {
  const norm = joinCountryNames(sameLengthNormalize(text));
  scanContentWords(norm, (start, end) => {
    const terms = memoSurfaceTerms(norm.slice(start, end));
    for (let i = 0; i < terms.length; i++) into.add(terms[i][0]);
  });
  // A name spelled out stands for its initials too: a source's "Collective Security Treaty
  // Organization" is a brief's "CSTO". (A quick test first: most sentences have no such name.)
  if (/\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+\s+(?:(?:of|and|for|the)\s+)?\p{Lu}/u.test(norm)) {
    for (const m of norm.matchAll(SPELLED_OUT_NAME)) {
      for (const [term] of memoSurfaceTerms(initialsOf(m[0]))) into.add(term);
    }
  }
  return into;
}

/** Three or more capitalised words, with "of", "and", "for" or "the" between them ("Shanghai Cooperation Organization", "Belt and Road Initiative"). */
const SPELLED_OUT_NAME = /(?<![\p{L}\p{N}])\p{Lu}\p{Ll}+(?:\s+(?:(?:of|and|for|the)\s+)?\p{Lu}\p{Ll}+){2,}(?![\p{L}\p{N}])/gu;
const NAME_LINKS = new Set(['of', 'and', 'for', 'the']);

/** The initials of a name's words, its linking words left out ("Collective Security Treaty Organization" → "CSTO"). */
export function initialsOf(name: string): string {
  return name.split(/\s+/).filter((w) => w && !NAME_LINKS.has(w)).map((w) => w[0]).join('');
}

const statsCache = new WeakMap<Corpus, { weights: Map<string, number>; authorTerms: Set<string>; cap: number; absent: number }>();

/** Computes ahead the corpus statistics every claim's profile needs (~50 ms at 10,000 sources); true if it did now. */
export function prepareSupport(corpus: Corpus): boolean {
  if (statsCache.has(corpus)) return false;
  corpusStats(corpus);
  return true;
}

function corpusStats(corpus: Corpus) {
  let stats = statsCache.get(corpus);
  if (!stats) {
    // (Corpora repeat their authors: each family name is tokenised once.)
    const families = new Set<string>();
    for (const s of corpus.sources.values()) for (const f of s.authorFamilies) families.add(f);
    const authorTerms = new Set<string>();
    for (const f of families) addContentTerms(f, authorTerms);
    const n = Math.max(2, corpus.index.size);
    // A term found in one passage in a hundred is as distinctive as it gets; rarer ones weigh no more.
    const df = Math.max(1, n / 100);
    const cap = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    stats = { weights: new Map(), authorTerms, cap, absent: corpus.index.idf('\u0000') };
    statsCache.set(corpus, stats);
  }
  return stats;
}

/** Weight of a claim term that occurs in no passage of the corpus. */
const ABSENT_WEIGHT = 1;

/** Rarity weight of a term (the index's IDF of its stem, capped); terms no source uses weigh little. */
function termWeight(corpus: Corpus, t: Tok): number {
  const stats = corpusStats(corpus);
  let w = stats.weights.get(t.stem);
  if (w === undefined) {
    const idf = corpus.index.idf(t.stem);
    // A term no source uses cannot tell sources apart: paraphrase, translation or invention alike.
    w = idf >= stats.absent - 1e-9 ? ABSENT_WEIGHT : Math.max(0.25, Math.min(stats.cap, idf));
    stats.weights.set(t.stem, w);
  }
  return w;
}

/**
 * The weighted content terms of a claim's plain text. `strict` gives words that no source uses
 * full weight (for uncited sentences: their own words must be in the source, not just the names).
 */
export function claimProfile(corpus: Corpus, text: string, strict = false): ClaimProfile {
  const stats = corpusStats(corpus);
  const toks = contentTokens(text);
  const seen = new Map<string, ClaimTerm>();
  let first = true;
  for (const t of toks) {
    const isFirst = first;
    first = false;
    if (seen.has(t.term)) continue;
    if (ATTRIBUTION.has(t.term) || GENERAL.has(t.term) || HEDGES.has(t.term) || stats.authorTerms.has(t.term)) continue;
    let kind: TermKind = 'word';
    if (/^\d/.test(t.term) || MONTHS.has(t.term)) kind = 'number';
    else if (/^\p{Lu}/u.test(t.surface) && (!isFirst || /\p{Lu}.*\p{Lu}|\d/u.test(t.surface))) kind = 'name';
    let weight = termWeight(corpus, t);
    if (strict && corpus.index.idf(t.stem) >= stats.absent - 1e-9) weight = stats.cap;
    if (kind === 'name') weight *= 1.5;
    if (kind === 'number') weight *= 0.3;
    seen.set(t.term, { term: t.term, kind, weight, surface: t.surface });
  }
  const terms = [...seen.values()];
  return { terms, total: terms.reduce((s, t) => s + t.weight, 0) };
}

// ---------------------------------------------------------------------------------------------
// Passages: sentence windows with term sets, cached per passage.

interface SentenceInfo {
  /** Offsets into the source text. */
  start: number;
  end: number;
  terms: Set<string>;
  /** It names its subject by a phrase that points back ("this military base Gansi"). */
  refersBack: boolean;
}

/** A noun phrase pointing back to something named before ("this military base", "these facilities"). */
const POINTS_BACK = /\b(?:this|these|those|such)\s+(?:[\p{Ll}-]+\s+){0,2}?(?:bases?|facilit(?:y|ies)|airports?|countr(?:y|ies)|organi[sz]ations?|alliances?|treat(?:y|ies)|agreements?|deals?|documents?|concepts?|operations?|groups?|units?|divisions?|sites?|cent(?:re|er)s?|ranges?|states?|governments?|installations?|garrisons?)\b/iu;

interface PassageInfo {
  terms: Set<string>;
  sentences: SentenceInfo[];
}

const passageInfos = new WeakMap<Passage, PassageInfo>();

export function passageInfo(corpus: Corpus, passage: Passage): PassageInfo {
  let info = passageInfos.get(passage);
  if (info) return info;
  // (The passage's own slice: a source's whole text is not read for one passage of it.)
  const own = passage.rawText;
  const raw = own ?? passage.text;
  const base = own !== undefined ? passage.start : 0;
  const sentences: SentenceInfo[] = [];
  const all = new Set<string>();
  for (const s of splitSentences(raw)) {
    const terms = addContentTerms(raw.slice(s.start, s.end), new Set());
    for (const t of terms) all.add(t);
    sentences.push({ start: base + s.start, end: base + s.end, terms, refersBack: POINTS_BACK.test(raw.slice(s.start, s.end)) });
  }
  info = { terms: all, sentences };
  passageInfos.set(passage, info);
  return info;
}

// ---------------------------------------------------------------------------------------------
// Matching a claim against windows.

/** Credit a window gives a claim term: 1 for the term, 0.8 for a variant of a proper noun (Turkish/Turkey). */
function termCredit(term: ClaimTerm, terms: Set<string>): number {
  if (terms.has(term.term)) return 1;
  if (term.kind === 'name' && term.term.length >= 4) {
    for (const t of terms) {
      let k = 0;
      while (k < t.length && k < term.term.length && t[k] === term.term[k]) k++;
      if (k >= 4 && k >= 0.5 * Math.max(t.length, term.term.length)) return 0.8;
    }
  }
  return 0;
}

export interface SupportMatch {
  key: string;
  passage: Passage;
  /** Offsets into the source text of the best window (one or two sentences). */
  start: number;
  end: number;
  /** Weighted share of the claim's content the window covers (0..1). */
  coverage: number;
  /** The same, counting only words and names (no numbers). */
  wordCoverage: number;
  /** Claim terms the window contains, with their credit (0..1). */
  matched: Map<string, number>;
}

function scoreTerms(profile: ClaimProfile, terms: Set<string>, more?: Set<string>): { coverage: number; wordCoverage: number; matched: Map<string, number> } {
  const matched = new Map<string, number>();
  return { ...scoreTermsInto(profile, terms, more, matched), matched };
}

/** scoreTerms' coverages; the credit of each term matched goes into `matched` when given. */
function scoreTermsInto(profile: ClaimProfile, terms: Set<string>, more: Set<string> | undefined, matched: Map<string, number> | undefined): { coverage: number; wordCoverage: number } {
  let got = 0;
  let wordGot = 0;
  let wordTotal = 0;
  for (const t of profile.terms) {
    let c = termCredit(t, terms);
    if (more && c < 1) c = Math.max(c, termCredit(t, more));
    if (c > 0) matched?.set(t.term, c);
    got += c * t.weight;
    if (t.kind !== 'number') {
      wordTotal += t.weight;
      wordGot += c * t.weight;
    }
  }
  return {
    coverage: profile.total > 0 ? got / profile.total : 0,
    wordCoverage: wordTotal > 0 ? wordGot / wordTotal : 0,
  };
}

/** A two-sentence window must cover this much more than one sentence to be preferred. */
const PAIR_PENALTY = 0.04;
/** A sentence pointing back takes the names before it only when it covers this much of the claim itself. */
const REFERRING_OWN_SHARE = 0.4;

/** The best window (one sentence or two adjacent ones) of a passage for a claim. */
export function bestWindow(corpus: Corpus, profile: ClaimProfile, passage: Passage): SupportMatch {
  const info = passageInfo(corpus, passage);
  let best: SupportMatch = { key: passage.sourceKey, passage, start: passage.start, end: passage.end, coverage: 0, wordCoverage: 0, matched: new Map() };
  let bestScore = -1;
  // (Most windows do not beat the best: only those that do get their matched terms listed.)
  const consider = (from: number, to: number, terms: Set<string>, penalty: number, more?: Set<string>) => {
    const s = scoreTermsInto(profile, terms, more, undefined);
    if (s.coverage - penalty > bestScore) {
      bestScore = s.coverage - penalty;
      best = { key: passage.sourceKey, passage, start: from, end: to, ...scoreTerms(profile, terms, more) };
    }
  };
  const sents = info.sentences;
  // The last sentences of the previous passage of the same source give the first ones their context ("It supplies…").
  const prev = corpus.passages.get(passage.id - 1);
  const before = prev && prev.sourceKey === passage.sourceKey && sents.length > 0 ? passageInfo(corpus, prev).sentences.slice(-2) : [];
  const last = before.at(-1);
  if (last) consider(last.start, sents[0].end, last.terms, PAIR_PENALTY, sents[0].terms);
  const preceding = (i: number, back: number) => (i - back >= 0 ? sents[i - back] : before[before.length + i - back]);
  for (let i = 0; i < sents.length; i++) {
    consider(sents[i].start, sents[i].end, sents[i].terms, 0);
    if (i + 1 < sents.length) consider(sents[i].start, sents[i + 1].end, sents[i].terms, PAIR_PENALTY, sents[i + 1].terms);
    // A sentence that points back ("In total, this military base Gansi cost …") is about what the
    // two before it name: their names count for it, when it matches well by itself.
    const [one, two] = [preceding(i, 1), preceding(i, 2)];
    if (sents[i].refersBack && one && two && scoreTermsInto(profile, sents[i].terms, undefined, undefined).coverage >= REFERRING_OWN_SHARE) {
      const names = new Set<string>();
      for (const t of profile.terms) if (t.kind === 'name' && (one.terms.has(t.term) || two.terms.has(t.term))) names.add(t.term);
      if (names.size > 0) consider(two.start, sents[i].end, sents[i].terms, 2 * PAIR_PENALTY, names);
    }
  }
  return best;
}

/** The best supporting window per source among `keys` (or every source), best first. */
export function supportBySource(corpus: Corpus, text: string, keys?: string[], profile = claimProfile(corpus, text)): SupportMatch[] {
  const best = new Map<string, SupportMatch>();
  const consider = (p: Passage) => {
    const m = bestWindow(corpus, profile, p);
    const prev = best.get(p.sourceKey);
    if (!prev || m.coverage > prev.coverage + 1e-9) best.set(p.sourceKey, m);
  };
  if (keys) {
    // The cited sources are few: score every passage of theirs that shares a term with the claim.
    const wanted = new Set(profile.terms.map((t) => t.term));
    for (const key of keys) {
      for (const p of corpus.passagesBySource.get(key) ?? []) {
        const info = passageInfo(corpus, p);
        let shares = false;
        for (const t of wanted) if (info.terms.has(t)) { shares = true; break; }
        if (shares) consider(p);
      }
    }
  } else {
    for (const h of corpus.search(text, 40)) consider(h.passage);
  }
  return [...best.values()].sort((a, b) => b.coverage - a.coverage || a.key.localeCompare(b.key));
}

/** Coverage of the claim by several windows together (a multi-source citation, each supporting part). */
export function unionCoverage(profile: ClaimProfile, matches: SupportMatch[]): number {
  if (profile.total === 0) return 0;
  let got = 0;
  for (const t of profile.terms) got += t.weight * Math.max(0, ...matches.map((m) => m.matched.get(t.term) ?? 0));
  return got / profile.total;
}

export interface ClaimSupport {
  profile: ClaimProfile;
  /** Known cited keys with indexed text, and their best window (if any passage matched). */
  cited: { key: string; match?: SupportMatch }[];
  /** Coverage of the claim by the cited sources' best windows together. */
  citedCoverage: number;
  /** The best window of each source that is not cited, best first (computed on first use). */
  readonly others: SupportMatch[];
}

const supportCache = new WeakMap<Corpus, Map<string, ClaimSupport>>();

/** Support of a sentence by its cited sources and by the rest of the corpus (cached per corpus and text). */
export function assessSupport(corpus: Corpus, text: string, citedKeys: string[], strict = false): ClaimSupport {
  let cache = supportCache.get(corpus);
  if (!cache) supportCache.set(corpus, (cache = new Map()));
  const cacheKey = (strict ? 'strict\u0000' : '') + citedKeys.join(';') + '\u0000' + text;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const profile = claimProfile(corpus, text, strict);
  const keys = [...new Set(citedKeys)].filter((k) => corpus.get(k)?.text);
  const citedMatches = keys.length ? supportBySource(corpus, text, keys, profile) : [];
  const cited = keys.map((key) => ({ key, match: citedMatches.find((m) => m.key === key) }));
  let others: SupportMatch[] | undefined;
  const result: ClaimSupport = {
    profile,
    cited,
    citedCoverage: unionCoverage(profile, citedMatches),
    // The corpus-wide search is the expensive part: only when a check asks for it.
    get others() {
      return (others ??= supportBySource(corpus, text, undefined, profile).filter((m) => !keys.includes(m.key)));
    },
  };
  if (cache.size > 5000) cache.clear();
  cache.set(cacheKey, result);
  return result;
}

/** Text of a window in its source, whitespace collapsed, escapes undone (for messages). */
export function windowText(corpus: Corpus, m: { key: string; start: number; end: number }): string {
  const text = corpus.get(m.key)?.text ?? '';
  return text
    .slice(m.start, m.end)
    .replace(/\\([\\`*_{}\[\]()#+\-.!$%&~|<>"'])/g, '$1')
    .replace(/<\/?[a-zA-Z][^<>]{0,200}>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A short excerpt for messages: the text up to `max` characters, cut at a word. */
export function excerpt(text: string, max = 120): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const sp = cut.lastIndexOf(' ');
  return (sp > max * 0.6 ? cut.slice(0, sp) : cut) + '…';
}
