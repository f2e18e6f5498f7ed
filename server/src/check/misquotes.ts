// misquote: text in quotation marks that is not (nearly) verbatim in the cited source(s).
// Quotes and sources are compared word by word after typographic normalisation (curly vs
// straight quotes, dashes, whitespace, case, markdown escapes, number grouping); ellipses and
// `[...]` editorial insertions split a quote into segments that are matched separately. The
// closest source text is found by a semi-global word alignment around anchor words, and the
// quick fix replaces the minimal differing run of words with the source's words.
import type { Claim } from '../brief/parse';
import type { Corpus } from '../corpus/corpus';
import type { Source } from '../corpus/types';
import type { Evidence, Finding, Fix } from './findings';
import { SEVERITY_OF } from './findings';
import { excerpt, sameLengthNormalize, variantTerm } from './support';
import { isStopword, stem } from '../corpus/text';
import type { Brief } from '../brief/parse';
import { checkableClaims, checkedCitations } from './unsupportedClaims';

interface Word {
  w: string;
  /** Canonical stem, for "minor" (inflection/spelling) differences. */
  c: string;
  start: number;
  end: number;
  /** Written with a capital first letter. */
  upper: boolean;
}

const WORD = /[\p{L}\p{N}]+(?:[.,]\p{N}+)*(?:'[\p{L}]+)?/gu;

export function quoteWords(text: string, base = 0): Word[] {
  const norm = sameLengthNormalize(text);
  const out: Word[] = [];
  for (const m of norm.matchAll(WORD)) {
    let w = m[0].toLowerCase();
    if (/^\d/.test(w)) w = w.replace(/,/g, '');
    const bare = w.replace(/'s$/, '').replace(/'/g, '');
    out.push({ w, c: variantTerm(stem(bare)), start: base + (m.index ?? 0), end: base + (m.index ?? 0) + m[0].length, upper: m[0][0] !== w[0] });
  }
  return out;
}

interface SourceWords {
  words: Word[];
  positions: Map<string, number[]>;
}

const sourceWordCache = new WeakMap<Source, SourceWords>();

function sourceWords(source: Source): SourceWords {
  let sw = sourceWordCache.get(source);
  if (!sw) {
    const words = quoteWords(source.text ?? '');
    const positions = new Map<string, number[]>();
    words.forEach((w, i) => {
      let list = positions.get(w.w);
      if (!list) positions.set(w.w, (list = []));
      list.push(i);
    });
    sw = { words, positions };
    sourceWordCache.set(source, sw);
  }
  return sw;
}

/**
 * Cost of aligning quote word `a` with source word `b`: 0 same, 0.5 a spelling variant
 * ("modernising"/"modernizing": one canonical stem, one ending) or a bare possessive, 1 another
 * word, another form of the same word included ("talking shops" for "talk shops": a quotation
 * keeps the source's words).
 */
function subCost(a: Word, b: Word): number {
  if (a.w === b.w) return 0;
  if (a.c === b.c) return endingOf(a.w) === endingOf(b.w) ? 0.5 : 1;
  return 1;
}

/** The inflectional ending of a word, a possessive set aside ("talking" → "ing", "forces" → "s", "process" → ""). */
function endingOf(w: string): string {
  return /(?:ing|ed|ers|er|est|(?<!s)e?s)$/.exec(w.replace(/'s$|'/g, ''))?.[0].replace(/^es$/, 's') ?? '';
}

export interface Alignment {
  key: string;
  /** Word-level edit cost (substitutions, insertions, deletions; 0.5 for inflection-only changes). */
  cost: number;
  /** 1 - cost / quote words. */
  similarity: number;
  /** Source word range [from, to) aligned to the quote. */
  from: number;
  to: number;
  ops: { q?: Word; s?: Word; cost: number }[];
  source: Source;
}

/**
 * Semi-global alignment of quote words over a region of source words (free start and end in the
 * source), or with `whole` an alignment to all of lo..hi.
 */
function align(q: Word[], s: Word[], lo: number, hi: number, whole = false): { cost: number; ops: Alignment['ops']; from: number; to: number } {
  const n = q.length;
  const m = hi - lo;
  const D: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  // Of equal costs, the path keeping more quote words in place wins ("can't compare with" →
  // "can't come close to", not "come close to" with "can't" replaced): words kept, and the step
  // taken into each cell (0 diagonal, 1 quote word dropped, 2 source word added, 3 split word).
  const kept: Int32Array[] = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  const step: Uint8Array[] = Array.from({ length: n + 1 }, () => new Uint8Array(m + 1));
  for (let i = 1; i <= n; i++) {
    D[i][0] = i;
    step[i][0] = 1;
  }
  if (whole) for (let j = 1; j <= m; j++) (D[0][j] = j), (step[0][j] = 2);
  // A word that text extraction split in two ("signific ant" for "significant", common in PDFs)
  // matches the quote's whole word at no cost.
  const split = (i: number, j: number) => j >= 2 && q[i - 1].w === s[lo + j - 2].w + s[lo + j - 1].w;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const sub = subCost(q[i - 1], s[lo + j - 1]);
      let best = D[i - 1][j - 1] + sub;
      let keep = kept[i - 1][j - 1] + (sub === 0 ? 1 : 0);
      let how = 0;
      const consider = (cost: number, k: number, h: number) => {
        if (cost < best || (cost === best && k > keep)) [best, keep, how] = [cost, k, h];
      };
      consider(D[i - 1][j] + 1, kept[i - 1][j], 1);
      consider(D[i][j - 1] + 1, kept[i][j - 1], 2);
      if (split(i, j)) consider(D[i - 1][j - 2], kept[i - 1][j - 2] + 1, 3);
      D[i][j] = best;
      kept[i][j] = keep;
      step[i][j] = how;
    }
  }
  let bestJ = whole ? m : 0;
  // On ties the longer source run wins: "did not stop" ~ "did not end" is a substitution, not a deletion.
  if (!whole) for (let j = 1; j <= m; j++) if (D[n][j] <= D[n][bestJ]) bestJ = j;
  const ops: Alignment['ops'] = [];
  let i = n;
  let j = bestJ;
  while (i > 0) {
    const how = step[i][j];
    if (how === 3) {
      // (Built backwards: the second half first.)
      ops.push({ s: s[lo + j - 1], cost: 0 }, { q: q[i - 1], s: s[lo + j - 2], cost: 0 });
      i--;
      j -= 2;
    } else if (how === 0) {
      ops.push({ q: q[i - 1], s: s[lo + j - 1], cost: subCost(q[i - 1], s[lo + j - 1]) });
      i--;
      j--;
    } else if (how === 1) {
      ops.push({ q: q[i - 1], cost: 1 });
      i--;
    } else {
      ops.push({ s: s[lo + j - 1], cost: 1 });
      j--;
    }
  }
  ops.reverse();
  return { cost: D[n][bestJ], ops, from: lo + j, to: lo + bestJ };
}

/** How many aligned words have the same case of first letter in the quotation and the source. */
function caseAgreement(ops: Alignment['ops']): number {
  let n = 0;
  for (const o of ops) if (o.q && o.s && o.q.upper === o.s.upper) n++;
  return n;
}

/** The closest run of `source`'s words to the quote words, if any word is shared. */
export function closestInSource(q: Word[], source: Source): Alignment | undefined {
  if (!source.text || q.length === 0) return undefined;
  const sw = sourceWords(source);
  const votes = new Map<number, number>();
  q.forEach((word, i) => {
    const pos = sw.positions.get(word.w);
    if (!pos || pos.length > 200) return;
    for (const p of pos) votes.set(p - i, (votes.get(p - i) ?? 0) + 1);
  });
  // Merge nearby starts (insertions and deletions shift them a little).
  const starts = [...votes.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([s]) => s);
  let best: Alignment | undefined;
  const slack = Math.max(3, Math.ceil(q.length * 0.3));
  for (const st of starts) {
    const lo = Math.max(0, st - slack);
    const hi = Math.min(sw.words.length, st + q.length + slack);
    if (hi <= lo) continue;
    const a = align(q, sw.words, lo, hi);
    // Of two runs as close, the one written in the quotation's case: a sentence's "their most
    // realistic partner", not a headline's "Most Realistic Partner", for "most reliable partner".
    if (!best || a.cost < best.cost || (a.cost === best.cost && caseAgreement(a.ops) > caseAgreement(best.ops))) {
      best = { key: source.key, cost: a.cost, similarity: 1 - a.cost / q.length, from: a.from, to: a.to, ops: a.ops, source };
    }
    if (a.cost === 0) break;
  }
  return best && best.cost > 0 ? reachDroppedWords(q, sw.words, best, source.text) : best;
}

/** How far past the aligned run a quote's dropped word may be found in the source. */
const DROPPED_REACH = 4;

/**
 * The alignment stretched over the source words just past either end of it that the quote has
 * but the alignment dropped: "transformation of the international system" against "transformation
 * of the system of international relations" aligns best to "… the system" with "international"
 * dropped, but the writer quoted the phrase through "international relations". Kept only if the
 * quote still reads as that source text (similarity).
 */
function reachDroppedWords(q: Word[], s: Word[], a: Alignment, text: string): Alignment {
  const dropped = new Set(a.ops.filter((o) => o.q && !o.s).map((o) => o.q!.c));
  if (dropped.size === 0) return a;
  let to = a.to;
  for (let j = a.to; j < Math.min(s.length, a.to + DROPPED_REACH); j++) if (dropped.has(s[j].c)) to = j + 1;
  // Stretched, it runs on to the end of the source's phrase if that is a word or two away
  // ("… of international" → "… of international relations.").
  if (to > a.to) {
    for (let extra = 1; extra <= 2 && to + extra <= s.length; extra++) {
      if (/[.,;:!?"”)\]]/.test(text.slice(s[to + extra - 1].end, s[to + extra - 1].end + 1)) && !/[.,;:!?"”)\]]/.test(text.slice(s[to - 1].end, s[to + extra - 1].start))) {
        to += extra;
        break;
      }
    }
  }
  let from = a.from;
  for (let j = a.from - 1; j >= Math.max(0, a.from - DROPPED_REACH); j--) if (dropped.has(s[j].c)) from = j;
  if (to === a.to && from === a.from) return a;
  const wider = align(q, s, from, to, true);
  const similarity = 1 - wider.cost / q.length;
  if (similarity < 0.5) return a;
  return { ...a, cost: wider.cost, similarity, from: wider.from, to: wider.to, ops: wider.ops };
}

/** Segments of a quote: ellipses and `[...]` editorial insertions split it. */
export function quoteSegments(text: string, base: number): Word[][] {
  const segments: Word[][] = [];
  const re = /\[[^\]]*\]|\.\.\.+|…/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    segments.push(quoteWords(text.slice(last, m.index), base + last));
    last = (m.index ?? 0) + m[0].length;
  }
  segments.push(quoteWords(text.slice(last), base + last));
  return segments.filter((s) => s.length > 0);
}

/** Source text between two offsets, escapes and tags undone, whitespace collapsed. */
function sourceSlice(source: Source, start: number, end: number): string {
  return (source.text ?? '')
    .slice(start, end)
    .replace(/\\([\\`*_{}\[\]()#+\-.!$%&~|<>"'])/g, '$1')
    .replace(/<\/?[a-zA-Z][^<>]{0,200}>/g, '')
    .replace(/\s+/g, ' ');
}

export interface QuoteCheck {
  segment: Word[];
  best?: Alignment;
}

const quoteCache = new WeakMap<Claim, QuoteCheck[]>();

/** Each quote segment of the claim matched against the cited sources (best alignment over them). */
export function checkQuotes(claim: Claim, corpus: Corpus): QuoteCheck[] {
  let checks = quoteCache.get(claim);
  if (checks) return checks;
  checks = [];
  const sources = [...new Set(checkedCitations(claim, corpus).map((c) => c.key))].map((k) => corpus.get(k)!);
  for (const quote of claim.quotes) {
    for (const segment of quoteSegments(quote.text, quote.start)) {
      let best: Alignment | undefined;
      for (const s of sources) {
        const a = closestInSource(segment, s);
        if (a && (!best || a.cost < best.cost)) best = a;
      }
      checks.push({ segment, best });
    }
  }
  quoteCache.set(claim, checks);
  return checks;
}

/** Quotes of at least this many words are compared word by word; shorter ones must merely occur. */
const SHORT_QUOTE = 3;
/** A quote this similar to the closest source text is a misquote of it (below: not from that source). */
const SAME_PASSAGE = 0.5;
/** Another source must hold the quote this closely for the quote to be taken as its words. */
const VERBATIM_ELSEWHERE = 0.85;

/** A quotation (3+ words) not in the cited sources but (nearly) verbatim in another source. */
export function quoteElsewhere(claim: Claim, corpus: Corpus): { key: string; quote: string; text: string; evidence: Evidence } | undefined {
  if (claim.quotes.length === 0 || checkedCitations(claim, corpus).length === 0) return undefined;
  const cited = new Set(checkedCitations(claim, corpus).map((c) => c.key));
  for (const qc of checkQuotes(claim, corpus)) {
    if (qc.segment.length < SHORT_QUOTE) continue;
    if (qc.best && qc.best.similarity >= SAME_PASSAGE) continue;
    const segmentText = qc.segment.map((w) => w.w).join(' ');
    const keys = [...new Set(corpus.search(segmentText, 10).map((h) => h.passage.sourceKey))].slice(0, 3);
    for (const key of keys) {
      const source = corpus.get(key)!;
      if (cited.has(source.key) || !source.text) continue;
      const a = closestInSource(qc.segment, source);
      if (a && a.similarity >= VERBATIM_ELSEWHERE) {
        const sw = sourceWords(source).words;
        const start = sw[a.from].start;
        const end = sw[a.to - 1].end;
        const text = sourceSlice(source, start, end);
        const quote = claim.text.slice(qc.segment[0].start - claim.start, qc.segment[qc.segment.length - 1].end - claim.start);
        return { key: source.key, quote, text, evidence: { sourceKey: source.key, file: source.textPath, start, end, text, message: '' } };
      }
    }
  }
  return undefined;
}

export function findMisquotes(brief: Brief, corpus: Corpus): Finding[] {
  const findings: Finding[] = [];
  for (const claim of checkableClaims(brief)) {
    if (claim.quotes.length === 0) continue;
    const cited = checkedCitations(claim, corpus);
    if (cited.length === 0) continue;
    if (quoteElsewhere(claim, corpus)) continue; // reported as unsupported-claim (wrong source)
    const names = [...new Set(cited.map((c) => `'${c.key}'`))].join(' or ');
    for (const { segment, best } of checkQuotes(claim, corpus)) {
      const qStart = segment[0].start;
      const qEnd = segment[segment.length - 1].end;
      const quoteText = claim.text.slice(qStart - claim.start, qEnd - claim.start);
      if (best && best.cost === 0) continue;
      if (segment.length < SHORT_QUOTE) {
        // Short quoted terms are often the author's own scare quotes: flag only words the cited sources lack entirely.
        const sources = cited.map((c) => sourceWords(corpus.get(c.key)!));
        const missing = segment.filter((w) => !sources.some((sw) => sw.positions.has(w.w) || sw.words.some((x) => x.c === w.c)));
        if (missing.length === 0) continue;
        // One word changed and the rest the source's verbatim, a word of substance among them
        // ("conspicuous neglect" for "conspicuous disregard"): a misquote of that phrase, fixable.
        if (best && best.ops.every((o) => o.q && o.s) && best.ops.filter((o) => o.cost > 0).length === 1 && best.ops.some((o) => o.cost === 0 && !isStopword(o.q!.w) && o.q!.w.length >= 4)) {
          findings.push(misquoteFinding(claim, best, quoteText, qStart, qEnd, names));
          continue;
        }
        findings.push({
          code: 'misquote', severity: SEVERITY_OF.misquote, start: qStart, end: qEnd, fixes: [], evidence: [],
          message: `Misquote: "${quoteText}" does not occur in ${names}.`,
        });
        continue;
      }
      if (!best || best.similarity < SAME_PASSAGE || best.cost < 1) continue;
      findings.push(misquoteFinding(claim, best, quoteText, qStart, qEnd, names));
    }
  }
  return findings;
}

function misquoteFinding(claim: Claim, a: Alignment, quoteText: string, qStart: number, qEnd: number, names: string): Finding {
  const ops = a.ops;
  let first = ops.findIndex((o) => o.cost > 0);
  let last = ops.length - 1 - [...ops].reverse().findIndex((o) => o.cost > 0);
  // A run of pure insertions or deletions needs a neighbouring word on both sides to anchor the edit.
  const words = () => {
    const run = ops.slice(first, last + 1);
    return { qs: run.filter((o) => o.q).map((o) => o.q!), ss: run.filter((o) => o.s).map((o) => o.s!) };
  };
  let { qs, ss } = words();
  while ((qs.length === 0 || ss.length === 0) && (first > 0 || last < ops.length - 1)) {
    if (first > 0) first--;
    if (last < ops.length - 1) last++;
    ({ qs, ss } = words());
  }
  const sw = sourceWords(a.source).words;
  const srcStart = sw[a.from].start;
  const srcEnd = sw[a.to - 1].end;
  const sourceText = sourceSlice(a.source, srcStart, srcEnd);
  const fixes: Fix[] = [];
  let briefPart = '';
  let sourcePart = '';
  if (qs.length > 0 && ss.length > 0) {
    const editStart = qs[0].start;
    const editEnd = qs[qs.length - 1].end;
    const newText = sourceSlice(a.source, ss[0].start, ss[ss.length - 1].end);
    briefPart = claim.text.slice(editStart - claim.start, editEnd - claim.start);
    sourcePart = newText;
    fixes.push({ title: `Quote the source exactly: "${excerpt(newText, 60)}"`, edits: [{ start: editStart, end: editEnd, newText }], preferred: true });
  } else {
    fixes.push({ title: `Replace the quotation with the source's words`, edits: [{ start: qStart, end: qEnd, newText: sourceText }], preferred: true });
  }
  const detail = briefPart && sourcePart ? ` (brief: "${excerpt(briefPart, 50)}" — ${a.key}: "${excerpt(sourcePart, 50)}")` : '';
  const evidence: Evidence = { sourceKey: a.key, file: a.source.textPath, start: srcStart, end: srcEnd, text: sourceText, message: `What ${a.key} says` };
  return {
    code: 'misquote',
    severity: SEVERITY_OF.misquote,
    start: qStart,
    end: qEnd,
    message: `Misquote: the quotation differs from ${a.key}${detail}. The source reads: "${excerpt(sourceText, 160)}".`,
    fixes,
    evidence: [evidence],
  };
}
