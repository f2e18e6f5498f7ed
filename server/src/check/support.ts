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
import type { Passage, Source } from '../corpus/types';
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

/** British → American spellings and other regular variants, applied to stems. */
export function canonicalTerm(term: string): string {
  if (!/^[a-z]+$/.test(term) || term.length < 4) return term;
  let t = term;
  t = t.replace(/(?<=[a-z]{3})is(?=e?$|ation$|at$)/, 'iz'); // organis(e) → organiz
  t = t.replace(/(?<=[a-z]{2})our$/, 'or'); // labour → labor
  t = t.replace(/(?<=[a-z]{3})tr$/, 'ter'); // centr(e) → center
  t = t.replace(/(?<=[a-z]{3})nc$/, 'ns'); // defenc(e) → defens
  t = t.replace(/(?<=[a-z]{4})(?:i)?stan$/, ''); // kazakhstan → kazakh, tajikistan → tajik
  return t;
}

/** Words that attribute a claim rather than carry its content. */
const ATTRIBUTION = new Set(
  ('report note observe recall say said says write wrote argue argu according describe mention cite quote add ' +
    'author study paper article claim state stat recount explain point find found show suggest')
    .split(' ')
    .map((w) => canonicalTerm(stem(w))),
);

const WORD = /[\p{L}\p{N}]+(?:[-'.][\p{L}\p{N}]+)*/gu;

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
  start: number;
  end: number;
  surface: string;
}

/** Content tokens of (same-length normalised) text, with offsets; canonical stemmed terms. */
export function contentTokens(text: string): Tok[] {
  const out: Tok[] = [];
  const norm = sameLengthNormalize(text);
  for (const m of norm.matchAll(WORD)) {
    const surface = m[0].replace(/\.$/, '');
    const start = m.index ?? 0;
    const lower = surface.toLowerCase().replace(/'s$/, '').replace(/'/g, '');
    const isNumber = /^\d[\d.,]*$/.test(lower);
    if (isNumber) {
      out.push({ term: lower.replace(/,/g, '').replace(/\.0+$/, ''), start, end: start + surface.length, surface });
      continue;
    }
    const parts = lower.includes('-') ? lower.split('-') : lower.includes('.') ? [lower.replace(/\./g, '')] : [lower];
    for (const p of parts) {
      if (!p || isStopword(p)) continue;
      out.push({ term: canonicalTerm(stem(p)), start, end: start + surface.length, surface });
    }
    if (parts.length > 1 && lower.includes('-')) out.push({ term: canonicalTerm(lower.replace(/-/g, '')), start, end: start + surface.length, surface });
  }
  return out;
}

const profileCache = new WeakMap<Corpus, { idf: Map<string, number>; authorTerms: Set<string>; cap: number }>();

function corpusStats(corpus: Corpus) {
  let stats = profileCache.get(corpus);
  if (!stats) {
    const authorTerms = new Set<string>();
    for (const s of corpus.sources.values()) {
      for (const f of s.authorFamilies) for (const t of contentTokens(f)) authorTerms.add(t.term);
    }
    const n = Math.max(2, corpus.passages.length);
    // A term found in ~1% of passages is as distinctive as it gets; rarer ones weigh no more.
    const cap = Math.log(1 + (n - 1.5) / 1.5);
    stats = { idf: new Map(), authorTerms, cap };
    profileCache.set(corpus, stats);
  }
  return stats;
}

/** Document frequency based weight of a canonical term (computed on our own per-passage term sets). */
function termWeight(corpus: Corpus, term: string): number {
  const stats = corpusStats(corpus);
  let w = stats.idf.get(term);
  if (w === undefined) {
    let df = 0;
    for (const p of corpus.passages) if (passageInfo(corpus, p).terms.has(term)) df++;
    const n = Math.max(2, corpus.passages.length);
    w = Math.min(stats.cap, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
    // Very common terms still carry a little meaning.
    w = Math.max(w, 0.25);
    stats.idf.set(term, w);
  }
  return w;
}

/** The weighted content terms of a claim's plain text. */
export function claimProfile(corpus: Corpus, text: string): ClaimProfile {
  const stats = corpusStats(corpus);
  const toks = contentTokens(text);
  const seen = new Map<string, ClaimTerm>();
  let first = true;
  for (const t of toks) {
    const isFirst = first;
    first = false;
    if (seen.has(t.term)) continue;
    if (ATTRIBUTION.has(t.term) || stats.authorTerms.has(t.term)) continue;
    let kind: TermKind = 'word';
    if (/^\d/.test(t.term)) kind = 'number';
    else if (/^\p{Lu}/u.test(t.surface) && (!isFirst || /\p{Lu}.*\p{Lu}|\d/u.test(t.surface))) kind = 'name';
    if (kind === 'number' && /^\d{1,2}$/.test(t.term) && t.surface.length <= 2) {
      // small numbers ("3", "11") are still content, but weak
    }
    let weight = termWeight(corpus, t.term);
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
}

interface PassageInfo {
  terms: Set<string>;
  sentences: SentenceInfo[];
}

const passageInfos = new WeakMap<Passage, PassageInfo>();

export function passageInfo(corpus: Corpus, passage: Passage): PassageInfo {
  let info = passageInfos.get(passage);
  if (info) return info;
  const source = corpus.get(passage.sourceKey);
  const raw = source?.text?.slice(passage.start, passage.end) ?? passage.text;
  const base = source?.text ? passage.start : 0;
  const sentences: SentenceInfo[] = [];
  const all = new Set<string>();
  for (const s of splitSentences(raw)) {
    const terms = new Set(contentTokens(raw.slice(s.start, s.end)).map((t) => t.term));
    for (const t of terms) all.add(t);
    sentences.push({ start: base + s.start, end: base + s.end, terms });
  }
  info = { terms: all, sentences };
  passageInfos.set(passage, info);
  return info;
}

const sourceTermCache = new WeakMap<Source, Set<string>>();

/** Every canonical term of a source's indexed text. */
export function sourceTerms(corpus: Corpus, key: string): Set<string> {
  const source = corpus.get(key);
  if (!source) return new Set();
  let set = sourceTermCache.get(source);
  if (!set) {
    set = new Set();
    for (const p of corpus.passagesBySource.get(key) ?? []) for (const t of passageInfo(corpus, p).terms) set.add(t);
    sourceTermCache.set(source, set);
  }
  return set;
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
  /** Claim terms the window contains (credit > 0). */
  matched: Set<string>;
}

function scoreTerms(profile: ClaimProfile, terms: Set<string>): { coverage: number; wordCoverage: number; matched: Set<string> } {
  let got = 0;
  let wordGot = 0;
  let wordTotal = 0;
  const matched = new Set<string>();
  for (const t of profile.terms) {
    const c = termCredit(t, terms);
    if (c > 0) matched.add(t.term);
    got += c * t.weight;
    if (t.kind !== 'number') {
      wordTotal += t.weight;
      wordGot += c * t.weight;
    }
  }
  return {
    coverage: profile.total > 0 ? got / profile.total : 0,
    wordCoverage: wordTotal > 0 ? wordGot / wordTotal : 0,
    matched,
  };
}

/** A two-sentence window must cover this much more than one sentence to be preferred. */
const PAIR_PENALTY = 0.04;

/** The best window (one sentence or two adjacent ones) of a passage for a claim. */
export function bestWindow(corpus: Corpus, profile: ClaimProfile, passage: Passage): SupportMatch {
  const info = passageInfo(corpus, passage);
  let best: SupportMatch = { key: passage.sourceKey, passage, start: passage.start, end: passage.end, coverage: 0, wordCoverage: 0, matched: new Set() };
  let bestScore = -1;
  const consider = (from: number, to: number, terms: Set<string>, penalty: number) => {
    const s = scoreTerms(profile, terms);
    if (s.coverage - penalty > bestScore) {
      bestScore = s.coverage - penalty;
      best = { key: passage.sourceKey, passage, start: from, end: to, ...s };
    }
  };
  const sents = info.sentences;
  for (let i = 0; i < sents.length; i++) {
    consider(sents[i].start, sents[i].end, sents[i].terms, 0);
    if (i + 1 < sents.length) consider(sents[i].start, sents[i + 1].end, new Set([...sents[i].terms, ...sents[i + 1].terms]), PAIR_PENALTY);
  }
  return best;
}

/** Candidate passages for a claim from the given sources (all when `keys` is undefined). */
function candidates(corpus: Corpus, text: string, keys: string[] | undefined, limit: number): Passage[] {
  return corpus.search(text, limit, keys).map((h) => h.passage);
}

/** The best supporting window per source among `keys` (or every source), best first. */
export function supportBySource(corpus: Corpus, text: string, keys?: string[], profile = claimProfile(corpus, text)): SupportMatch[] {
  const best = new Map<string, SupportMatch>();
  const limit = keys ? 12 * Math.max(1, keys.length) : 40;
  for (const p of candidates(corpus, text, keys, limit)) {
    const m = bestWindow(corpus, profile, p);
    const prev = best.get(p.sourceKey);
    if (!prev || m.coverage > prev.coverage + 1e-9) best.set(p.sourceKey, m);
  }
  return [...best.values()].sort((a, b) => b.coverage - a.coverage || a.key.localeCompare(b.key));
}

/** Coverage of the claim by several windows together (a multi-source citation, each supporting part). */
export function unionCoverage(profile: ClaimProfile, matches: SupportMatch[]): number {
  if (profile.total === 0) return 0;
  let got = 0;
  for (const t of profile.terms) if (matches.some((m) => m.matched.has(t.term))) got += t.weight;
  return got / profile.total;
}

export interface ClaimSupport {
  profile: ClaimProfile;
  /** Known cited keys with indexed text, and their best window (if any passage matched). */
  cited: { key: string; match?: SupportMatch }[];
  /** Coverage of the claim by the cited sources' best windows together. */
  citedCoverage: number;
  /** The best window of each source that is not cited, best first. */
  others: SupportMatch[];
}

const supportCache = new WeakMap<Corpus, Map<string, ClaimSupport>>();

/** Support of a sentence by its cited sources and by the rest of the corpus (cached per corpus and text). */
export function assessSupport(corpus: Corpus, text: string, citedKeys: string[]): ClaimSupport {
  let cache = supportCache.get(corpus);
  if (!cache) supportCache.set(corpus, (cache = new Map()));
  const cacheKey = citedKeys.join(';') + '\u0000' + text;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const profile = claimProfile(corpus, text);
  const keys = [...new Set(citedKeys)].filter((k) => corpus.get(k)?.text);
  const citedMatches = keys.length ? supportBySource(corpus, text, keys, profile) : [];
  const cited = keys.map((key) => ({ key, match: citedMatches.find((m) => m.key === key) }));
  const others = supportBySource(corpus, text, undefined, profile).filter((m) => !keys.includes(m.key));
  const result: ClaimSupport = { profile, cited, citedCoverage: unionCoverage(profile, citedMatches), others };
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
