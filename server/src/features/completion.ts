// Citation completion: every source as an item, ranked by how well it supports the sentence
// being written (BM25 over passages), fuzzy-matched with fuse.js when a key prefix is typed.
// The list is complete, so VS Code filters further keystrokes itself without a round trip.
import Fuse from 'fuse.js';
import { CompletionItem, CompletionItemKind, CompletionList, MarkupKind, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Brief } from '../brief/parse';
import { claimAt } from '../brief/parse';
import type { Corpus } from '../corpus/corpus';
import { sourceLabel } from '../corpus/corpus';
import type { Source } from '../corpus/types';
import { sourceMarkdown } from './markdown';

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
  const claim = claimAt(brief, offset);
  const text = claim?.plain ?? brief.masked.slice(Math.max(0, offset - 400), offset);
  return text.replace(/\s+/g, ' ').trim();
}

interface FuseEntry {
  key: string;
  authors: string;
  title: string;
  year: string;
  /** Lower-cased words of all fields, for the cheap pre-filter. */
  words: string[];
}

const FUSE_OPTIONS = {
  keys: [{ name: 'key', weight: 3 }, { name: 'authors', weight: 2 }, { name: 'title', weight: 1 }, { name: 'year', weight: 1 }],
  includeScore: true,
  ignoreLocation: true,
  threshold: 0.4,
};

/** Above this many sources, fuse.js runs on the sources a cheap prefix test keeps, not on all. */
const PREFILTER_ABOVE = 1000;

const fuseIndexes = new WeakMap<Corpus, { entries: FuseEntry[]; fuse: Fuse<FuseEntry> }>();

function fuseFor(corpus: Corpus): { entries: FuseEntry[]; fuse: Fuse<FuseEntry> } {
  let cached = fuseIndexes.get(corpus);
  if (!cached) {
    const entries = [...corpus.sources.values()].map((s) => {
      const year = s.issued ? String(s.issued.year) : '';
      const authors = s.authors.join(' ');
      const words = `${s.key} ${authors} ${s.title} ${year}`.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      return { key: s.key, authors, title: s.title, year, words: [s.key.toLowerCase(), ...words] };
    });
    cached = { entries, fuse: new Fuse(entries, FUSE_OPTIONS) };
    fuseIndexes.set(corpus, cached);
  }
  return cached;
}

/**
 * Fuzzy matches for what is typed. On a large corpus fuse.js (linear in sources, ~100 ms at
 * 10,000) runs only on the sources with a word starting with the typed text, or containing it
 * in the key; only when none do is it run on all, to forgive typos.
 */
function fuzzySearch(corpus: Corpus, typed: string): { key: string; score: number }[] {
  const { entries, fuse } = fuseFor(corpus);
  let searcher = fuse;
  if (entries.length > PREFILTER_ABOVE) {
    const t = typed.toLowerCase();
    const head = t.split(/[^\p{L}\p{N}]+/u).filter(Boolean)[0] ?? t;
    const candidates = entries.filter((e) => e.words[0].includes(t) || e.words.some((w) => w.startsWith(head)));
    if (candidates.length > 0) searcher = new Fuse(candidates, FUSE_OPTIONS);
  }
  return searcher.search(typed).map((r) => ({ key: r.item.key, score: r.score ?? 1 }));
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
  const support = new Map<string, number>();
  if (matches.length <= MAX_COMPLETE_LIST && /[\p{L}\p{N}]/u.test(sentence)) {
    for (const hit of corpus.search(sentence, matches.length * 3, matches.map((m) => m.key))) {
      if (!support.has(hit.passage.sourceKey)) support.set(hit.passage.sourceKey, hit.score);
    }
  }
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
    if (i < INLINE_DOCS) item.documentation = { kind: MarkupKind.Markdown, value: sourceMarkdown(corpus, source, sentence, style) };
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
