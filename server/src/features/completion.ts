// Citation completion: every source as an item, ranked by how well it supports the sentence
// being written (BM25 over passages), fuzzy-matched with fuse.js when a key prefix is typed.
// The list is complete, so VS Code filters further keystrokes itself without a round trip.
import Fuse from 'fuse.js';
import { CompletionItem, CompletionItemKind, CompletionList, MarkupKind, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Brief } from '../brief/parse';
import { claimAt } from '../brief/parse';
import { sentencePointingTo } from '../brief/footnotes';
import type { Corpus } from '../corpus/corpus';
import { sourceLabel } from '../corpus/corpus';
import type { Source } from '../corpus/types';
import { sourceMarkdown } from './markdown';
import { lastAtOrBefore } from '../corpus/positions';

const KEY_CHAR = /[\p{L}\p{N}_:.#$%&\-+?<>~/]/u;
/** Items that get their documentation in the list itself; the others on resolve. */
const INLINE_DOCS = 1;
/**
 * Up to this many sources the list is complete and VS Code filters further keystrokes itself
 * (no round trip); beyond it the best ones are sent and the list is marked incomplete.
 */
export const MAX_COMPLETE_LIST = 300;
/** Items sent when the list is incomplete: what fits a glance, re-ranked as the user types. */
export const INCOMPLETE_LIST = 100;

/** The sentences completions were asked for, so resolve can show the best passage for it. */
const recentSentences: string[] = [];
let sentenceSerial = 0;

function rememberSentence(sentence: string): number {
  recentSentences[sentenceSerial % 8] = sentence;
  return sentenceSerial++;
}

function recalledSentence(serial: number | undefined): string {
  return serial !== undefined && serial > sentenceSerial - 8 ? recentSentences[serial % 8] ?? '' : '';
}

export interface CitationContext {
  /** Offsets of the key text being typed (after `@`). */
  keyStart: number;
  keyEnd: number;
  /** What is typed so far, up to the cursor. */
  typed: string;
}

/** The citation key being typed at `offset`, if the cursor is right after `@` or inside a key. */
export function citationContextAt(brief: Brief, offset: number): CitationContext | undefined {
  const text = brief.masked;
  let a = offset;
  while (a > 0 && KEY_CHAR.test(text[a - 1]) && offset - a < 200) a--;
  if (text[a - 1] !== '@') return undefined;
  const before = text[a - 2];
  if (before !== undefined && /[\p{L}\p{N}_]/u.test(before)) return undefined; // an e-mail address
  let e = offset;
  while (e < text.length && KEY_CHAR.test(text[e])) e++;
  // A trailing sentence dot is not part of the key.
  while (e > offset && /[.:?]/.test(text[e - 1])) e--;
  return { keyStart: a, keyEnd: e, typed: text.slice(a, offset) };
}

/** The words the citation should support: the sentence around the cursor, citations blanked. */
export function sentenceAt(brief: Brief, offset: number): string {
  // (In a citation note, the sentence pointing to the note: "…at Kant.[^7]" for "[^7]: [@".)
  const claim = sentencePointingTo(brief, offset) ?? claimAt(brief, offset);
  const text = claim?.plain ?? brief.masked.slice(Math.max(0, offset - 400), offset);
  return text.replace(/\s+/g, ' ').trim();
}

interface FuseEntry {
  key: string;
  /** The key lower-cased (matched on every keystroke). */
  lowerKey: string;
  authors: string;
  title: string;
  year: string;
}

const FUSE_OPTIONS = {
  keys: [{ name: 'key', weight: 3 }, { name: 'authors', weight: 2 }, { name: 'title', weight: 1 }, { name: 'year', weight: 1 }],
  includeScore: true,
  ignoreLocation: true,
  threshold: 0.4,
};

/**
 * Above this many sources, fuse.js runs on the sources a prefix lookup finds, not on all: it
 * costs ~7 ms per keystroke over 1,000 sources, ~2 ms over 300 (a list still sent complete).
 */
const PREFILTER_ABOVE = MAX_COMPLETE_LIST;
/** fuse.js orders at most this many prefix matches; more are ordered by where they matched. */
const FUZZY_RANK_MAX = 300;

/** Where a typed prefix matched a source: its key, an author, its title or year, inside its key. */
const enum MatchField {
  Key = 0,
  Author = 1,
  Title = 2,
  InKey = 3,
}

interface CompletionIndex {
  entries: FuseEntry[];
  /** fuse.js over every entry, built on first use (only for corpora of up to PREFILTER_ABOVE). */
  fuse?: Fuse<FuseEntry>;
  /** Every lower-cased word of every entry (key, author names, title, year), sorted... */
  words: string[];
  /** ...with the entry it belongs to and the field it came from. */
  owners: Int32Array;
  fields: Uint8Array;
  /** Every lower-cased key, each followed by a newline (one string searched natively)... */
  keyText: string;
  /** ...and where each entry's key starts in it. */
  keyStarts: Int32Array;
}

const completionIndexes = new WeakMap<Corpus, CompletionIndex>();

function completionIndexFor(corpus: Corpus): CompletionIndex {
  let index = completionIndexes.get(corpus);
  if (!index) {
    const entries: FuseEntry[] = [];
    // Each distinct word with its (entry, field) pairs, entries ascending; the distinct words
    // are far fewer than the pairs, so sorting them is what makes this fast.
    const byWord = new Map<string, number[]>();
    let pairs = 0;
    const note = (word: string, owner: number, field: MatchField) => {
      let list = byWord.get(word);
      if (!list) byWord.set(word, (list = []));
      list.push(owner, field);
      pairs++;
    };
    for (const s of corpus.sources.values()) {
      const owner = entries.length;
      const year = s.issued ? String(s.issued.year) : '';
      entries.push({ key: s.key, lowerKey: s.key.toLowerCase(), authors: s.authors.join(' '), title: s.title, year });
      const add = (text: string, field: MatchField) => {
        for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (word) note(word, owner, field);
      };
      note(entries[owner].lowerKey, owner, MatchField.Key);
      add(s.authors.join(' '), MatchField.Author);
      add(`${s.title} ${year}`, MatchField.Title);
    }
    const words: string[] = new Array(pairs);
    const owners = new Int32Array(pairs);
    const fields = new Uint8Array(pairs);
    let n = 0;
    // (The default sort compares UTF-16 code units, as `<` does for the binary search.)
    for (const word of [...byWord.keys()].sort()) {
      const list = byWord.get(word)!;
      for (let i = 0; i < list.length; i += 2, n++) {
        words[n] = word;
        owners[n] = list[i];
        fields[n] = list[i + 1];
      }
    }
    const keyStarts = new Int32Array(entries.length);
    let at = 0;
    for (let i = 0; i < entries.length; i++) {
      keyStarts[i] = at;
      at += entries[i].lowerKey.length + 1;
    }
    index = {
      entries,
      words,
      owners,
      fields,
      keyText: entries.map((e) => e.lowerKey + '\n').join(''),
      keyStarts,
    };
    completionIndexes.set(corpus, index);
  }
  return index;
}

/** Builds what typed completion looks sources up in (~80 ms at 10,000 sources), ahead of the first key typed. */
export function prepareCompletion(corpus: Corpus): void {
  completionIndexFor(corpus);
}

/** Entries with a word starting with `prefix` (binary search), each with its best field. */
function prefixMatches(index: CompletionIndex, prefix: string, into: Map<number, MatchField>): void {
  let lo = 0;
  let hi = index.words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index.words[mid] < prefix) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < index.words.length && index.words[i].startsWith(prefix); i++) {
    const owner = index.owners[i];
    const field = index.fields[i] as MatchField;
    const known = into.get(owner);
    if (known === undefined || field < known) into.set(owner, field);
  }
}

/** Entries whose key contains `text` (which has no newline) and that are not matched yet. */
function keysContaining(index: CompletionIndex, text: string, into: Map<number, MatchField>): void {
  const { keyText, keyStarts } = index;
  for (let at = keyText.indexOf(text); at >= 0; ) {
    const entry = lastAtOrBefore(keyStarts, at);
    if (!into.has(entry)) into.set(entry, MatchField.InKey);
    // On to the next key: one match per key is enough.
    const next = entry + 1 < keyStarts.length ? keyStarts[entry + 1] : keyText.length;
    at = keyText.indexOf(text, next);
  }
}

/** Edits a typed word may be from the start of a word and still match it (a typo). */
function typoAllowance(length: number): number {
  return length < 4 ? 0 : length < 8 ? 1 : 2;
}

let typoRows = [new Int32Array(64), new Int32Array(64)];

/**
 * The fewest edits that turn `text` into some prefix of `word` (the last row of the edit
 * distance table, its minimum), or max + 1 once it exceeds `max`. Allocation-free.
 */
export function prefixEditDistance(text: string, word: string, max: number): number {
  const m = text.length;
  const n = Math.min(word.length, m + max);
  if (typoRows[0].length <= n) typoRows = [new Int32Array(n + 1), new Int32Array(n + 1)];
  let [prev, cur] = typoRows;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    const c = text.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (word.charCodeAt(j - 1) === c ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  let best = max + 1;
  for (let j = 0; j <= n; j++) if (prev[j] < best) best = prev[j];
  return best;
}

/** Entries with a word that starts within a typo of `text`, each with its best field. */
function typoMatches(index: CompletionIndex, text: string, into: Map<number, MatchField>): void {
  const max = typoAllowance(text.length);
  if (max === 0) return;
  const { words, owners, fields } = index;
  let last = '';
  let near = false;
  for (let i = 0; i < words.length; i++) {
    // (The list is sorted: a word's repeats, one per entry having it, are measured once.)
    if (words[i] !== last) {
      last = words[i];
      near = prefixEditDistance(text, last, max) <= max;
    }
    if (!near) continue;
    const known = into.get(owners[i]);
    if (known === undefined || fields[i] < known) into.set(owners[i], fields[i] as MatchField);
  }
}

/**
 * Fuzzy matches for what is typed, best first (lower score is better). On a large corpus a
 * prefix lookup in a sorted word list finds the candidates (plus keys containing the text),
 * or when nothing matches, the words that start within a typo of it; fuse.js orders them when
 * they are few enough, otherwise the field that matched does (key, then author, then title).
 */
function fuzzySearch(corpus: Corpus, typed: string): { key: string; score: number }[] {
  const index = completionIndexFor(corpus);
  const { entries } = index;
  if (entries.length <= PREFILTER_ABOVE) {
    index.fuse ??= new Fuse(entries, FUSE_OPTIONS);
    return index.fuse.search(typed).map((r) => ({ key: r.item.key, score: r.score ?? 1 }));
  }
  const t = typed.toLowerCase();
  const head = t.split(/[^\p{L}\p{N}]+/u).filter(Boolean)[0] ?? t;
  const matched = new Map<number, MatchField>();
  prefixMatches(index, head, matched);
  if (!t.includes('\n')) keysContaining(index, t, matched);
  const typo = matched.size === 0;
  if (typo) typoMatches(index, head, matched);
  if (matched.size <= FUZZY_RANK_MAX) {
    const candidates = [...matched.keys()].map((i) => entries[i]);
    const ordered = new Fuse(candidates, FUSE_OPTIONS).search(typed).map((r) => ({ key: r.item.key, score: r.score ?? 1 }));
    // (fuse.js may reject a typo the word match accepted: then the fields order them.)
    if (ordered.length > 0 || !typo) return ordered;
  }
  return [...matched]
    .sort((a, b) => a[1] - b[1] || (entries[a[0]].key < entries[b[0]].key ? -1 : 1))
    .map(([i, field]) => ({ key: entries[i].key, score: field / 10 }));
}

/**
 * How well each source supports a sentence, kept per sentence while a key is being typed
 * (every keystroke asks again for the same sentence with fewer candidates).
 */
const supportCache = new WeakMap<Corpus, Map<string, Map<string, number>>>();

function supportFor(corpus: Corpus, sentence: string, keys: string[]): Map<string, number> {
  let bySentence = supportCache.get(corpus);
  if (!bySentence) supportCache.set(corpus, (bySentence = new Map()));
  let known = bySentence.get(sentence);
  if (!known) {
    if (bySentence.size >= 16) bySentence.delete(bySentence.keys().next().value!);
    bySentence.set(sentence, (known = new Map()));
  }
  const missing = keys.filter((k) => !known!.has(k));
  if (missing.length > 0) {
    const scores = corpus.index.sourceScores(sentence, missing);
    for (const k of missing) known.set(k, scores.get(k) ?? 0);
  }
  return known;
}

/** Sources in the order completion offers them. */
export function rankCompletions(corpus: Corpus, sentence: string, typed: string): { source: Source; support: number }[] {
  if (!typed) {
    // All sources when the list can be complete, else only the best (the list is incomplete).
    const limit = corpus.sources.size > MAX_COMPLETE_LIST ? INCOMPLETE_LIST + 1 : Infinity;
    return corpus.rankSources(sentence, limit).map((r) => ({ source: corpus.get(r.key)!, support: r.score }));
  }
  const matches = fuzzySearch(corpus, typed);
  // Support breaks ties among the fuzzy matches; searching only their passages keeps it cheap.
  // For more matches than a complete list holds, the sentence's best sources (remembered
  // from the `[@` that started the completion) break the ties instead.
  let support: Map<string, number>;
  if (!/[\p{L}\p{N}]/u.test(sentence)) support = new Map();
  else if (matches.length <= MAX_COMPLETE_LIST) support = supportFor(corpus, sentence, matches.map((m) => m.key));
  else support = new Map(corpus.rankSources(sentence, INCOMPLETE_LIST).map((r) => [r.key, r.score]));
  return matches
    .map((r) => ({ source: corpus.get(r.key)!, fuse: r.score, support: support.get(r.key) ?? 0 }))
    .sort((a, b) => a.fuse - b.fuse || b.support - a.support)
    .map(({ source, support: s }) => ({ source, support: s }));
}

export function provideCompletion(doc: TextDocument, brief: Brief, corpus: Corpus, offset: number, style: string): CompletionList | undefined {
  const ctx = citationContextAt(brief, offset);
  if (!ctx) return undefined;
  const sentence = sentenceAt(brief, offset);
  const all = rankCompletions(corpus, sentence, ctx.typed);
  // (With nothing typed, rankCompletions already stops after the items an incomplete list shows.)
  const truncated = all.length > MAX_COMPLETE_LIST || (!ctx.typed && corpus.sources.size > MAX_COMPLETE_LIST);
  const ranked = truncated ? all.slice(0, INCOMPLETE_LIST) : all;
  const range = Range.create(doc.positionAt(ctx.keyStart), doc.positionAt(ctx.keyEnd));
  const width = String(ranked.length).length;
  const serial = rememberSentence(sentence);
  // Formatting a reference not seen before costs citeproc 2–5 ms, as much as the whole list: on
  // a corpus too large for its references to be formatted already, every item (the first too)
  // is documented on resolve, which VS Code asks for the focused one without holding up the list.
  const inlineDocs = truncated || corpus.sources.size > MAX_COMPLETE_LIST ? 0 : INLINE_DOCS;
  const items: CompletionItem[] = ranked.map(({ source }, i) => {
    const year = source.issued ? String(source.issued.year) : '';
    const item: CompletionItem = {
      label: source.key,
      kind: CompletionItemKind.Reference,
      detail: sourceLabel(source),
      sortText: String(i).padStart(width, '0'),
      filterText: `${source.key} ${source.authorFamilies.join(' ')} ${year} ${source.title}`,
      textEdit: { range, newText: source.key },
      preselect: i === 0 ? true : undefined,
      data: { key: source.key, s: serial },
    };
    // (An incomplete list is asked for again on every keystroke: documented on resolve only.)
    if (i < inlineDocs) item.documentation = { kind: MarkupKind.Markdown, value: sourceMarkdown(corpus, source, sentence, style) };
    return item;
  });
  return { isIncomplete: truncated, items };
}

export function resolveCompletion(item: CompletionItem, corpus: Corpus | undefined, style: string): CompletionItem {
  const data = item.data as { key?: string; s?: number } | undefined;
  const source = data?.key ? corpus?.get(data.key) : undefined;
  if (source && !item.documentation) {
    item.documentation = { kind: MarkupKind.Markdown, value: sourceMarkdown(corpus!, source, recalledSentence(data?.s), style) };
  }
  return item;
}
