// The corpus: sources from one or more bibliographies, their passages and the passage index.
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { Cancellation, CorpusProblem, CslItem, FileRange, Passage, ProgressReporter, ScoredPassage, Source } from './types';
import { NEVER_CANCELLED } from './types';
import { bibliographyFormat, entrySummary, parseBibliography, prepareBibliographyReading, type BibliographyEntry } from './bibliography';
import { BibliographySnapshot, type EntryReadings } from './bibliographySnapshot';
import { decodeTextFile, type FileHost, type FileStat } from './fileHost';
import { splitPassages } from './passages';
import { PassageTable } from './passageTable';
import { tokenize } from './text';
import type { IndexShard } from './searchIndex';
import { IndexWorkerPool } from './indexBatch';
import type { IndexBatch, IndexBatchResult, SourceFileProblem } from './indexBatch';
import { loadCorpusCache, readCacheInBackground, saveCorpusCache } from './cache';
import { attachLazyText } from './lazyText';
import { contentHash, hashOfFile } from './contentHash';
export { attachLazyText } from './lazyText';
import { MAX_PDF_PAGES, readSource, sourceFormat, syncTextReader } from './extract';
import { PassageIndex } from './searchIndex';
import { FILE_START, locatePassages } from './positions';

/** Files larger than this are not indexed (a message names the file and the limit). */
// A 200 MB text file costs ~45 s and ~2.5 GB to index in one piece; the default keeps that opt-in.
export const DEFAULT_MAX_SOURCE_BYTES = 64 * 1024 * 1024;

export interface CorpusLoadOptions {
  maxSourceBytes?: number;
  /** PDF pages beyond this are not indexed (groundwork.limits.maxPdfPages; a warning says so). */
  maxPdfPages?: number;
  /** A PDF whose text takes longer than this to extract is given up (default 60 s). */
  pdfTimeoutMs?: number;
  progress?: ProgressReporter;
  token?: Cancellation;
  /** Index on worker threads running this script (dist/indexWorker.js); in-thread when absent. */
  workerScript?: string;
  workers?: number;
  /** Persist the index here and start from it next time (Node file system only). */
  cacheFile?: string;
  /** The bytes of a cache file read ahead, if these are of `file` (else it is read now). */
  cacheBytes?: (file: string) => Promise<Buffer | undefined> | undefined;
  /** Called once the bibliographies are read, before passages are indexed: keys are usable. */
  onSourcesReady?: (corpus: Corpus) => void;
  log?: (message: string) => void;
  /** Let bibliography "file" fields point outside the bibliography's folder (off by default). */
  allowFilesOutside?: boolean;
}

export { SourcePassage } from './passageTable';

/** A source's reference-list entry: a link, a DOI or an access date. */
const REFERENCE_ENTRY = /https?:\/\/|\bdoi:|\b(?:Date of Accession|Retrieved|Accessed)\b/i;
/** A passage of the text within this share of an entry's score is shown instead of the entry. */
const REFERENCE_GIVES_WAY = 0.7;

/**
 * Each source's passages, read-only, as a map from key to list (empty for a source without
 * any). Lists are made from the passage table when first asked for, and remade only when the
 * source is indexed again.
 */
export class PassagesBySource {
  private readonly lists = new Map<string, { start: number; end: number; list: Passage[] }>();

  constructor(
    private readonly sources: Map<string, Source>,
    private readonly index: PassageIndex,
    private readonly table: PassageTable,
  ) {}

  get(key: string): Passage[] | undefined {
    if (!this.sources.has(key)) return undefined;
    const range = this.index.rangeOf(key);
    if (!range) return [];
    const known = this.lists.get(key);
    if (known && known.start === range.start && known.end === range.end) return known.list;
    const list = this.table.slice(range.start, range.end);
    this.lists.set(key, { start: range.start, end: range.end, list });
    return list;
  }

  has(key: string): boolean {
    return this.sources.has(key);
  }

  /** How many passages a source has, without making them. */
  countOf(key: string): number {
    const range = this.sources.has(key) ? this.index.rangeOf(key) : undefined;
    return range ? range.end - range.start : 0;
  }

  *entries(): IterableIterator<[string, Passage[]]> {
    for (const key of this.sources.keys()) yield [key, this.get(key)!];
  }
}

export function makeSource(item: CslItem, bibliographyPath: string, entryRange = FILE_START, files: string[] = []): Source {
  const { title, authors, authorFamilies, issued } = entrySummary(item);
  return { key: item.id, csl: item, title, authors, authorFamilies, issued, bibliographyPath, entryRange, files };
}

/**
 * A source's entry (all but its text) as a plain object. Not a spread: a source made from the
 * bibliography snapshot reads its item and entry text through accessors a spread would not copy.
 */
export function copySource(s: Source): Source {
  return { key: s.key, csl: s.csl, title: s.title, authors: s.authors, authorFamilies: s.authorFamilies, issued: s.issued, bibliographyPath: s.bibliographyPath, entryRange: s.entryRange, entryText: s.entryText, files: s.files };
}

/** "Najibullah 2008", "Zagdsuren and Densmaa 2025", "Russia Develops… 2023" for unsigned works. */
export function sourceLabel(source: Source): string {
  const fam = source.authorFamilies;
  const who =
    fam.length === 0
      ? source.title.length > 40 ? source.title.slice(0, 39) + '…' : source.title || source.key
      : fam.length === 1 ? fam[0] : fam.length === 2 ? `${fam[0]} and ${fam[1]}` : `${fam[0]} et al.`;
  const year = source.issued ? `${source.issued.circa ? 'c. ' : ''}${source.issued.year}` : 'n.d.';
  return `${who} ${year}`;
}

/** Three reused rows of the distance table (keys are short; no allocation per comparison). */
let distanceRows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Character counts are kept modulo this many slots (collisions only loosen the bound they give). */
const CHAR_SLOTS = 64;

function charCounts(text: string): Uint8Array {
  const counts = new Uint8Array(CHAR_SLOTS);
  for (let i = 0; i < text.length; i++) {
    const slot = text.charCodeAt(i) % CHAR_SLOTS;
    if (counts[slot] < 255) counts[slot]++;
  }
  return counts;
}

/** How far (normalised edit distance, after bonuses) a key may be from an unknown one to be offered. */
const NEAR_KEY = 0.6;

/**
 * Optimal string alignment distance (edit distance with transpositions). With `max`, any
 * distance above it may be returned as max + 1 (the table stops once a row exceeds it).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  const m = a.length;
  const n = b.length;
  if (m === 0 || n === 0) return m + n;
  if (Math.abs(m - n) > max) return max + 1;
  if (distanceRows[0].length <= n) distanceRows = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  let [beforePrev, prev, row] = distanceRows;
  for (let j = 0; j <= n; j++) prev[j] = j;
  let prevMin = 0;
  for (let i = 1; i <= m; i++) {
    row[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, beforePrev[j - 2] + 1);
      row[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // Every path to the end passes this row (or, for a transposition, the one before it).
    if (rowMin > max && i > 1 && prevMin > max) return max + 1;
    prevMin = rowMin;
    const t = beforePrev;
    beforePrev = prev;
    prev = row;
    row = t;
  }
  return prev[n];
}

export class Corpus {
  readonly sources: Map<string, Source>;
  /** Every passage by id (ids of removed sources' passages are not reused). */
  readonly passages: PassageTable;
  readonly passagesBySource: PassagesBySource;
  readonly index: PassageIndex;
  readonly problems: CorpusProblem[];
  private readonly memos = new Map<string, Map<string, unknown>>();
  private memoStamp = '';
  /** What loadCorpus built this corpus from; absent for a corpus built otherwise or updated since. */
  private loadedFrom?: { stats: IndexedStat[]; options: string; cacheFile?: string };
  private contentStampMemo?: string;
  /** The contentHash of each bibliography's bytes as read (or how to compute it, on first use: contentStamp is not needed to start). */
  private readonly bibliographyHashes = new Map<string, string | (() => string)>();

  constructor(readonly bibliographies: readonly string[] = [], from?: Corpus) {
    this.sources = from?.sources ?? new Map();
    this.passages = from?.passages ?? new PassageTable();
    this.index = from?.index ?? new PassageIndex(this.passages);
    this.passagesBySource = from?.passagesBySource ?? new PassagesBySource(this.sources, this.index, this.passages);
    this.problems = from?.problems ?? [];
  }

  /**
   * A new identity for the same (updated) state. Incremental updates fork the corpus so that
   * caches keyed by the Corpus object (per-brief results) are recomputed; caches keyed by
   * passages and sources stay valid for what did not change. The old object must not be used.
   */
  fork(): Corpus {
    return new Corpus(this.bibliographies, this);
  }

  /**
   * A hash of everything the corpus was loaded from (the bibliographies as written, each text
   * file's content hash, the load limits), so that results computed from it can be kept across sessions;
   * undefined after an incremental update (a fork) or when it was not loaded from files.
   */
  get contentStamp(): string | undefined {
    if (!this.loadedFrom) return undefined;
    if (this.contentStampMemo === undefined) {
      this.contentStampMemo = this.hashLoadedContent() ?? '';
    }
    return this.contentStampMemo || undefined;
  }

  /** The bibliographies' texts (which determine every entry and its files) and each text file's content hash. */
  private hashLoadedContent(): string | undefined {
    const stats = new Map(this.loadedFrom!.stats.map((s) => [s.key, s]));
    const parts = [this.loadedFrom!.options];
    for (const bib of this.bibliographies) {
      const hash = this.bibliographyHashes.get(bib);
      parts.push(`${bib}\u0000${typeof hash === 'function' ? hash() : (hash ?? 'unread')}`);
    }
    for (const [key, source] of this.sources) {
      if (!source.textPath) continue;
      const stat = stats.get(key);
      // A text known only by its path (a host that cannot hash files) leaves the content unknown.
      if (!stat?.hash || stat.textPath !== source.textPath) return undefined;
      parts.push(`${key}\u0000${stat.textPath}\u0000${stat.hash}`);
    }
    return createHash('sha1').update(parts.join('\n')).digest('hex');
  }

  /**
   * Makes the readings of the bibliographies this load took from the snapshot (work for an idle
   * moment): an edit of one then re-reads only the entries it changed, without decoding the
   * whole file first.
   */
  prepareBibliographyEdits(): void {
    for (const file of this.bibliographies) prepareBibliographyReading(file);
  }

  /** Notes the contentHash of the bytes a bibliography was read from (for contentStamp). */
  noteBibliographyHash(file: string, hash: string | (() => string)): void {
    this.bibliographyHashes.set(file, hash);
  }

  /** The persisted index file the corpus was loaded with, if any. */
  get cacheFile(): string | undefined {
    return this.loadedFrom?.cacheFile;
  }

  /** Records what loadCorpus built this corpus from (see contentStamp). */
  markLoaded(stats: IndexedStat[], options: CorpusLoadOptions): void {
    const limits = { maxSourceBytes: options.maxSourceBytes ?? DEFAULT_MAX_SOURCE_BYTES, maxPdfPages: options.maxPdfPages ?? MAX_PDF_PAGES, allowFilesOutside: Boolean(options.allowFilesOutside) };
    this.loadedFrom = { stats, options: JSON.stringify(limits), cacheFile: options.cacheFile };
    this.contentStampMemo = undefined;
  }

  get(key: string): Source | undefined {
    return this.sources.get(key);
  }

  has(key: string): boolean {
    return this.sources.has(key);
  }

  /** Live passages (those of removed sources excluded). */
  get passageCount(): number {
    return this.index.size;
  }

  /**
   * Adds a source and indexes its text (if any), in this thread. `fileBytes`, the size of
   * the text file it was decoded from, lets its passages be read alone later (locatePassages).
   */
  addSource(source: Source, fileBytes?: number): void {
    this.index.removeSource(source.key);
    this.sources.set(source.key, source);
    const text = source.text;
    if (!text) return;
    const spans = splitPassages(text);
    const packed = spans.flatMap((span) => [span.start, span.end, span.page ?? 0]);
    const located = source.textPath && sourceFormat(source.textPath) === 'text' ? locatePassages(text, packed, fileBytes) : undefined;
    const first = this.passages.appendSpans(source, packed, located);
    spans.forEach((span, i) => this.index.add(first + i, source.key, tokenize(text.slice(span.start, span.end))));
  }

  /** Registers a source whose passages arrive later (from a worker shard or the cache). */
  addPendingSource(source: Source): void {
    this.sources.set(source.key, source);
  }

  /**
   * Merges passages indexed elsewhere: `spans` are (start, end, page) triples per source, in
   * the shard's local passage order, `locators` where each starts in its file if known.
   */
  mergeIndexed(entries: { source: Source; spans: Int32Array; locators?: Int32Array }[], shard: IndexShard): void {
    const runs: { key: string; passages: number }[] = [];
    for (const { source, spans, locators } of entries) {
      this.passages.appendSpans(source, spans, locators);
      this.sources.set(source.key, source);
      runs.push({ key: source.key, passages: spans.length / 3 });
    }
    this.index.appendShard(shard, runs);
  }

  /**
   * mergeIndexed for one shard whose passages' spans and locators come as one array each (the
   * index cache's sections), `runs` saying whose passages they are, in order.
   */
  mergeRuns(runs: { source: Source; passages: number }[], spans: Int32Array, locators: Int32Array, shard: IndexShard): void {
    this.passages.appendRuns(runs, spans, locators);
    for (const { source } of runs) this.sources.set(source.key, source);
    this.index.appendShard(shard, runs.map((r) => ({ key: r.source.key, passages: r.passages })));
  }

  /** Removes a source, its passages and its problems (for incremental updates). */
  removeSource(key: string): void {
    this.index.removeSource(key);
    this.sources.delete(key);
    for (let i = this.problems.length - 1; i >= 0; i--) if (this.problems[i].key === key) this.problems.splice(i, 1);
  }

  /** Passages best matching `query`, optionally only from `keys`. */
  search(query: string, limit = 10, keys?: Iterable<string>): ScoredPassage[] {
    return this.index.search(query, limit, keys ? new Set(keys) : undefined);
  }

  /**
   * The passage of `key` that best supports `sentence`, if any passage shares words with it. An
   * entry of the source's own reference list ("The first US-Central Asian summit was held, …,
   * https://…") gives way to a passage of its text that matches nearly as well.
   */
  bestPassage(sentence: string, key: string): ScoredPassage | undefined {
    const keys = new Set([key]);
    const best = this.index.search(sentence, 1, keys)[0];
    if (!best || !REFERENCE_ENTRY.test(best.passage.text)) return best;
    return this.index.search(sentence, 3, keys).find((h) => !REFERENCE_ENTRY.test(h.passage.text) && h.score >= REFERENCE_GIVES_WAY * best.score) ?? best;
  }

  /**
   * Sources with the score of their best passage for `sentence`, best first; sources without a
   * matching passage follow in key order with score 0. `limit` cuts the list (all sources when
   * not given).
   */
  rankSources(sentence: string, limit = Infinity): RankedSource[] {
    if (limit === 1 && !this.memoHas('rank', sentence)) {
      // The best source alone is the best passage's: a search for the first ten (re-ranked by
      // word pairs as below) finds it at a fraction of the cost of the first two hundred.
      // Remembered: the check of an unknown key asks it, and a hover on that key asks again.
      const best = this.memo('best', sentence, (): RankedSource[] => {
        const hit = this.index.search(sentence, 1, undefined, { wordPairs: 10 })[0];
        return hit ? [{ key: hit.passage.sourceKey, score: hit.score, best: hit }] : [];
      });
      if (best.length > 0) return best.slice();
    }
    const matched = this.memo('rank', sentence, () => {
      const best = new Map<string, ScoredPassage>();
      // Word pairs refine the order of the first ten (what a completion list shows first);
      // re-ranking more would read more source files for each new sentence.
      for (const hit of this.index.search(sentence, 200, undefined, { wordPairs: 10 })) {
        if (!best.has(hit.passage.sourceKey)) best.set(hit.passage.sourceKey, hit);
      }
      return [...best.values()].map((b): RankedSource => ({ key: b.passage.sourceKey, score: b.score, best: b }));
    });
    const ranked = matched.slice(0, limit);
    if (ranked.length < limit) {
      const seen = new Set(matched.map((r) => r.key));
      for (const key of this.sortedKeys()) {
        if (ranked.length >= limit) break;
        if (!seen.has(key)) ranked.push({ key, score: 0 });
      }
    }
    return ranked;
  }

  /** Keys closest to an unknown `key`: by edit distance, then shared author/year prefix. */
  nearestKeys(key: string, limit = 3): string[] {
    return this.memo('near', `${limit} ${key}`, () => {
      const lower = key.toLowerCase();
      const year = /\d{4}/.exec(key)?.[0];
      const table = this.keyTable();
      const wanted = charCounts(lower);
      const slots = [...wanted.keys()].filter((c) => wanted[c] > 0);
      const scored: { key: string; d: number }[] = [];
      // The `limit`-th best score so far: a key that cannot reach it is not measured in full.
      let cutoff = NEAR_KEY;
      const consider = (i: number) => {
        const entry = table.entries[i];
        const k = entry.lower;
        const longer = Math.max(lower.length, k.length);
        const named = entry.families.some((f) => f && lower.includes(f));
        // Keys of very different length cannot be near: skip the quadratic distance.
        if (Math.abs(k.length - lower.length) / longer >= NEAR_KEY && !named) return;
        // Same author name or same year makes a key a likelier intended target.
        const bonus = (named ? 0.25 : 0) + (year && k.includes(year) ? 0.1 : 0);
        const within = Math.floor((cutoff + bonus) * longer + 1e-9);
        // Each character of `key` that `k` lacks takes an edit, and so does each one `k` has beyond
        // them: a bound on the distance that costs a few operations.
        let missing = 0;
        for (const c of slots) missing += Math.max(0, wanted[c] - table.counts[i * CHAR_SLOTS + c]);
        if (Math.max(missing, missing + k.length - lower.length) > within) return;
        const distance = editDistance(lower, k, within);
        if (distance > within) return;
        const d = distance / longer - bonus;
        if (d >= NEAR_KEY || d > cutoff) return;
        scored.push({ key: entry.key, d });
        if (scored.length >= limit) cutoff = Math.min(cutoff, scored.map((x) => x.d).sort((a, b) => a - b)[limit - 1]);
      };
      // Keys sharing the first letters come first: a typo's target is usually among them, and
      // finding it early lets the bound above skip most of the rest.
      const prefix = lower.slice(0, 2);
      let lo = 0;
      let hi = table.entries.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (table.entries[mid].lower < prefix) lo = mid + 1;
        else hi = mid;
      }
      let end = lo;
      while (end < table.entries.length && table.entries[end].lower.startsWith(prefix)) consider(end++);
      for (let i = 0; i < table.entries.length; i++) if (i < lo || i >= end) consider(i);
      scored.sort((a, b) => a.d - b.d || a.key.localeCompare(b.key));
      return scored.slice(0, limit).map((s) => s.key);
    }).slice();
  }

  /** Builds ahead what the first nearestKeys call would (the sorted key table, ~40 ms at 10,000 sources); true if it did now. */
  prepareNearestKeys(): boolean {
    if (this.memoHas('keyTable', '')) return false;
    this.keyTable();
    return true;
  }

  /** Keys lower-cased and sorted, with their authors' family names and character counts. */
  private keyTable(): { entries: { key: string; lower: string; families: string[] }[]; counts: Uint8Array } {
    return this.memo('keyTable', '', () => {
      const entries = [...this.sources.values()]
        .map((s) => ({ key: s.key, lower: s.key.toLowerCase(), families: s.authorFamilies.map((f) => f.toLowerCase()) }))
        .sort((a, b) => (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : 0));
      const counts = new Uint8Array(entries.length * CHAR_SLOTS);
      entries.forEach((e, i) => counts.set(charCounts(e.lower), i * CHAR_SLOTS));
      return { entries, counts };
    });
  }

  /** Every key, sorted (cached until the corpus changes). */
  private sortedKeys(): readonly string[] {
    return this.memo('keys', '', () => [...this.sources.keys()].sort());
  }

  /** Whether `memo(kind, key)` would be answered without computing. */
  private memoHas(kind: string, key: string): boolean {
    return this.memoStamp === `${this.index.generation}/${this.sources.size}` && Boolean(this.memos.get(kind)?.has(key));
  }

  /**
   * Results computed from this corpus, kept until its index or source list changes: a hover on
   * an unknown key asks for what the diagnostics just computed, and completion asks again for
   * the same sentence as the user types. Bounded per kind.
   */
  private memo<T>(kind: string, key: string, compute: () => T): T {
    const stamp = `${this.index.generation}/${this.sources.size}`;
    if (this.memoStamp !== stamp) {
      this.memos.clear();
      this.memoStamp = stamp;
    }
    let table = this.memos.get(kind) as Map<string, T> | undefined;
    if (!table) this.memos.set(kind, (table = new Map()));
    let value = table.get(key);
    if (value === undefined) {
      value = compute();
      if (table.size >= MEMO_SIZE) table.delete(table.keys().next().value!);
      table.set(key, value);
    } else {
      // Most recently used last.
      table.delete(key);
      table.set(key, value);
    }
    return value;
  }
}

export interface RankedSource {
  key: string;
  score: number;
  best?: ScoredPassage;
}

/** Results kept per kind of memoised corpus query. */
const MEMO_SIZE = 256;

/** The bibliography files under a corpus path: the file itself, or those in the folder (two levels). */
export async function findBibliographies(corpusPath: string, host: FileHost, depth = 2): Promise<string[]> {
  const entries = await host.readDirectory(corpusPath);
  if (!entries) return bibliographyFormat(corpusPath) && (await host.size(corpusPath)) !== undefined ? [corpusPath] : [];
  // The few candidates are picked before sorting: a folder of 10,000 source texts sorted by
  // localeCompare took tens of milliseconds of a warm start.
  const wanted = entries.filter((e) =>
    !e.name.startsWith('.') && e.name !== 'node_modules' && (e.isDirectory ? depth > 1 : bibliographyFormat(e.name) && e.name !== 'package.json' && e.name !== 'package-lock.json'),
  );
  const out: string[] = [];
  for (const e of wanted.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(corpusPath, e.name);
    if (e.isDirectory) out.push(...(await findBibliographies(full, host, depth - 1)));
    else out.push(full);
  }
  return out;
}

function fileProblem(source: Source, p: SourceFileProblem, maxBytes: number): CorpusProblem {
  const where = { file: source.bibliographyPath, range: source.entryRange, severity: 'warning' as const, key: source.key };
  if (p.kind === 'missing') {
    return { ...where, message: `The text file of "${source.key}" was not found: ${p.file}. Fix its "file" field or add the file; the entry is citable but its claims cannot be checked.` };
  }
  if (p.kind === 'too-large') {
    return { ...where, message: `The text file of "${source.key}" (${Math.round(p.size / 1048576)} MB) is over the ${Math.round(maxBytes / 1048576)} MB limit and was not indexed: ${p.file}.` };
  }
  if (p.kind === 'partial') {
    return { ...where, message: `The text file of "${source.key}" has ${p.pages} pages; only the first ${p.limit} are indexed (groundwork.limits.maxPdfPages): ${p.file}.` };
  }
  return { ...where, message: `The text file of "${source.key}" could not be read (${p.message}): ${p.file}.` };
}

/**
 * Whether `file` lies inside `root`, symlinks resolved. Folders are resolved once each and the
 * file itself only when it is a link, so 10,000 entries cost 10,000 lstat calls, not realpaths.
 */
function containment(host: FileHost, stats?: Map<string, FileStat>): (file: string, root: string) => boolean {
  const realDirs = new Map<string, string>();
  const realDir = (dir: string) => {
    let r = realDirs.get(dir);
    if (r === undefined) realDirs.set(dir, (r = host.realPath?.(dir) ?? dir));
    return r;
  };
  // Both paths are absolute and normalised here, so a prefix test is exact (and much cheaper
  // than path.relative over 10,000 entries); Windows paths compare case-insensitively.
  const fold = process.platform === 'win32' ? (s: string) => s.toLowerCase() : (s: string) => s;
  // Each root's prefix (folded, ending in a separator), made once: not a new string per entry.
  const prefixes = new Map<string, string>();
  const inside = (p: string, root: string) => {
    let prefix = prefixes.get(root);
    if (prefix === undefined) {
      const r = fold(root);
      prefixes.set(root, (prefix = r.endsWith(path.sep) ? r : r + path.sep));
    }
    const a = fold(p);
    return a.startsWith(prefix) || a === fold(root);
  };
  return (file, root) => {
    if (!inside(file, root)) return false;
    let link: boolean;
    if (host.linkStatSync) {
      // One lstat answers both "is it a link?" and, when it is not, the cache's freshness check.
      const st = host.linkStatSync(file);
      link = st?.symlink ?? false;
      if (st && !st.symlink) stats?.set(file, st);
    } else link = host.isSymlink?.(file) ?? false;
    if (link) return inside(host.realPath?.(file) ?? file, realDir(root));
    // Not a link itself: only its folder may resolve elsewhere (usually it does not).
    const dir = path.dirname(file);
    const realParent = realDir(dir);
    return inside(realParent === dir ? file : path.join(realParent, path.basename(file)), realDir(root));
  };
}

/**
 * Reads the bibliographies into sources (no text yet); problems go into the corpus. `stats`, when
 * given, receives the size and modification time of the entries' files that were looked at
 * anyway (for the cache's freshness check in the same load). With a `snapshot`, a bibliography
 * whose bytes it holds is not parsed again, and one that is parsed is recorded in it.
 */
async function readBibliographies(corpus: Corpus, bibliographies: string[], host: FileHost, allowFilesOutside = false, stats?: Map<string, FileStat>, previous?: ReadonlyMap<string, Source>, snapshot?: BibliographySnapshot): Promise<Source[]> {
  const isInside = containment(host, stats);
  const pending: Source[] = [];
  const byKey = new Map<string, Source>();
  for (const bib of bibliographies) {
    let reading: { entries: EntryReadings; problems: CorpusProblem[] };
    try {
      reading = await readEntries(corpus, bib, host, previous !== undefined, snapshot);
    } catch (e) {
      corpus.problems.push({ file: bib, range: FILE_START, severity: 'error', message: `The bibliography could not be read: ${(e as Error).message}.` });
      continue;
    }
    corpus.problems.push(...reading.problems);
    const root = path.resolve(path.dirname(bib));
    const entries = reading.entries;
    for (let i = 0; i < entries.length; i++) {
      const key = entries.key(i);
      const earlier = byKey.get(key);
      if (earlier) {
        corpus.problems.push({
          file: bib, range: entries.range(i), severity: 'warning', key,
          message: `Duplicate key "${key}": it is already defined in ${path.basename(earlier.bibliographyPath)} (line ${earlier.entryRange.start.line + 1}); this entry is ignored. Rename one of them.`,
        });
        continue;
      }
      const written = entries.files(i);
      const before = previous?.get(key);
      if (before && before.bibliographyPath === bib && before.files.length === written.length && before.entryText !== undefined && before.entryText === entries.text(i)) {
        // Unchanged since the last reading, which found all its files inside: the same source,
        // only perhaps moved in the file.
        before.entryRange = entries.range(i);
        byKey.set(key, before);
        pending.push(before);
        continue;
      }
      const files: string[] = [];
      for (const f of written) {
        const file = resolveUnder(root, f);
        // Corpus files are untrusted input: a "file" field must not reach outside the corpus.
        if (allowFilesOutside || isInside(file, root)) files.push(file);
        else {
          corpus.problems.push({
            file: bib, range: entries.range(i), severity: 'warning', key,
            message: `The file of "${key}" is outside the bibliography's folder (${file}) and was not read. Move it under ${root}, or set groundwork.corpus.allowFilesOutside to true if you trust this bibliography.`,
          });
        }
      }
      const source = entries.toSource(i, bib, files);
      byKey.set(key, source);
      pending.push(source);
    }
  }
  return pending;
}

/**
 * A bibliography's entries and problems: from the snapshot when it holds these bytes, else
 * parsed (and then recorded in the snapshot). The corpus notes what the file held.
 */
async function readEntries(corpus: Corpus, bib: string, host: FileHost, isUpdate: boolean, snapshot?: BibliographySnapshot): Promise<{ entries: EntryReadings; problems: CorpusProblem[] }> {
  let text: string;
  if (snapshot && (host.readBytesSync || host.readBytes)) {
    // (In one go when it can: an asynchronous read of a large file idles this thread between
    // chunks, and the start waits for this file before anything else.)
    const bytes = host.readBytesSync ? host.readBytesSync(bib) : await host.readBytes!(bib);
    const hash = contentHash(bytes);
    corpus.noteBibliographyHash(bib, hash);
    const known = snapshot.entries(bib, bytes, hash);
    if (known) return known;
    text = decodeTextFile(bytes);
    const parsed = parseBibliography(bib, text);
    snapshot.record(bib, bytes, hash, text, parsed.entries, parsed.problems);
    return { entries: new ParsedReadings(parsed.entries), problems: parsed.problems };
  }
  // An update reads in one go: an async read of a large file takes a turn of the event loop
  // per chunk, and other work (idle preparation, requests) runs between them.
  text = isUpdate && host.readTextSync ? readBibliographySync(host.readTextSync, bib) : await host.readText(bib);
  // (A whole load identifies its corpus by the texts; an update's corpus is a fork with none.)
  if (!isUpdate) corpus.noteBibliographyHash(bib, () => contentHash(Buffer.from(text, 'utf8')));
  const parsed = parseBibliography(bib, text);
  return { entries: new ParsedReadings(parsed.entries), problems: parsed.problems };
}

/** The entries of a bibliography just parsed. */
class ParsedReadings implements EntryReadings {
  readonly length: number;
  constructor(private readonly entries: readonly BibliographyEntry[]) {
    this.length = entries.length;
  }
  key(i: number): string {
    return this.entries[i].key;
  }
  range(i: number): FileRange {
    return this.entries[i].range;
  }
  files(i: number): string[] {
    return this.entries[i].files;
  }
  text(i: number): string | undefined {
    return this.entries[i].text;
  }
  toSource(i: number, bibliographyPath: string, files: string[]): Source {
    const e = this.entries[i];
    const source = makeSource(e.item, bibliographyPath, e.range, files);
    source.entryText = e.text;
    return source;
  }
}

/** A path written relative to the absolute, normalised `root` (or absolute): path.resolve, without its cost when joining is all it takes. */
export function resolveUnder(root: string, file: string): string {
  if (path.sep === '/' && PLAIN_RELATIVE.test(file)) return root.endsWith('/') ? root + file : `${root}/${file}`;
  return path.resolve(root, file);
}

/** A relative POSIX path with nothing to normalise: no empty, "." or ".." segment. */
const PLAIN_RELATIVE = /^(?!\.\.?(?:\/|$))[^/]+(?:\/(?!\.\.?(?:\/|$))[^/]+)*$/;

/** A bibliography's text read synchronously, refused as readText refuses it when it is binary. */
function readBibliographySync(readTextSync: (path: string) => string, file: string): string {
  const text = readTextSync(file);
  if (text.slice(0, 8000).includes('\u0000')) throw new Error('it is a binary file, not text');
  return text;
}

export function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Indexes sources in this thread (tests, in-memory hosts, small corpora); returns the PDFs cut at the page limit. */
async function indexInThread(corpus: Corpus, sources: Source[], host: FileHost, maxBytes: number, options: CorpusLoadOptions): Promise<Map<string, { pages: number; limit: number }>> {
  const truncated = new Map<string, { pages: number; limit: number }>();
  const token = options.token ?? NEVER_CANCELLED;
  let done = 0;
  for (const source of sources) {
    if (token.isCancellationRequested) break;
    options.progress?.(Math.round((done / Math.max(1, sources.length)) * 100), `Indexing ${source.key} (${done + 1}/${sources.length})`);
    const problems: CorpusProblem[] = [];
    let fileBytes: number | undefined;
    for (const file of source.files) {
      const size = await host.size(file);
      if (size === undefined) {
        problems.push(fileProblem(source, { kind: 'missing', file }, maxBytes));
        continue;
      }
      if (size > maxBytes) {
        problems.push(fileProblem(source, { kind: 'too-large', file, size }, maxBytes));
        continue;
      }
      try {
        const extracted = await readSource(host, file, { maxPages: options.maxPdfPages, timeoutMs: options.pdfTimeoutMs });
        source.text = extracted.text;
        source.textPath = file;
        fileBytes = size;
        problems.length = 0;
        if (extracted.truncated) {
          truncated.set(source.key, extracted.truncated);
          problems.push(fileProblem(source, { kind: 'partial', file, ...extracted.truncated }, maxBytes));
        }
        break;
      } catch (e) {
        problems.push(fileProblem(source, { kind: 'unreadable', file, message: (e as Error).message }, maxBytes));
      }
    }
    corpus.problems.push(...problems);
    corpus.addSource(source, fileBytes);
    done++;
  }
  return truncated;
}

/** Indexes sources on worker threads, merging each batch's shard as it arrives. */
async function indexOnWorkers(corpus: Corpus, sources: Source[], host: FileHost, maxBytes: number, options: CorpusLoadOptions): Promise<IndexedStat[]> {
  const token = options.token ?? NEVER_CANCELLED;
  const byKey = new Map(sources.map((s) => [s.key, s]));
  const batchSize = Math.max(10, Math.min(500, Math.ceil(sources.length / 16)));
  const batches: IndexBatch[] = [];
  for (let i = 0; i < sources.length; i += batchSize) {
    batches.push({ id: batches.length, maxBytes, maxPdfPages: options.maxPdfPages, pdfTimeoutMs: options.pdfTimeoutMs, sources: sources.slice(i, i + batchSize).map((s) => ({ key: s.key, files: s.files })) });
  }
  const stats: IndexedStat[] = [];
  let done = 0;
  const readSync = syncTextReader(host);
  const readBytes = host.readRangeSync?.bind(host);
  const pool = new IndexWorkerPool(options.workerScript!, Math.max(1, options.workers ?? 2));
  await pool.run(
    batches,
    (r: IndexBatchResult) => {
      const entries: { source: Source; spans: Int32Array; locators?: Int32Array }[] = [];
      for (const res of r.results) {
        const source = byKey.get(res.key)!;
        for (const p of res.problems) corpus.problems.push(fileProblem(source, p, maxBytes));
        if (res.textPath) {
          // PDF texts come back extracted (pdf.js is asynchronous); others are read on first use.
          if (res.text !== undefined) Object.assign(source, { textPath: res.textPath, text: res.text });
          else attachLazyText(source, res.textPath, readSync, readBytes);
          const partial = res.problems.find((p) => p.kind === 'partial');
          stats.push({ key: res.key, textPath: res.textPath, size: res.size!, mtimeMs: res.mtimeMs!, hash: res.hash, ...(partial?.kind === 'partial' ? { truncated: { pages: partial.pages, limit: partial.limit } } : {}) });
        }
        entries.push({ source, spans: res.spans, locators: res.locators });
      }
      corpus.mergeIndexed(entries, r.shard);
      done += r.results.length;
      options.progress?.(Math.round((done / sources.length) * 100), `Indexed ${done}/${sources.length} sources`);
    },
    () => token.isCancellationRequested,
  );
  return stats;
}

export interface IndexedStat {
  key: string;
  textPath: string;
  size: number;
  mtimeMs: number;
  /** contentHash of the file's bytes: what the cache is keyed by (absent if it could not be read). */
  hash?: string;
  /** A PDF indexed only up to the page limit: its page count and the limit. */
  truncated?: { pages: number; limit: number };
}

/**
 * Loads the bibliographies, reads each entry's text file and indexes the passages — from the
 * persisted cache for sources whose files did not change, on worker threads for the rest when a
 * worker script is given, otherwise in this thread.
 */
export async function loadCorpus(bibliographies: string[], host: FileHost, options: CorpusLoadOptions = {}): Promise<Corpus> {
  const maxBytes = options.maxSourceBytes ?? DEFAULT_MAX_SOURCE_BYTES;
  const corpus = new Corpus(bibliographies);
  const canCache = Boolean(options.cacheFile && host.readTextSync && host.statSync);
  // Read on the thread pool while the bibliographies are parsed here (undefined if unreadable).
  const cacheBytes = canCache ? (options.cacheBytes?.(options.cacheFile!) ?? readCacheInBackground(options.cacheFile!)) : undefined;
  const knownStats = new Map<string, FileStat>();
  const snapshotFile = canCache ? `${options.cacheFile}.bib.json` : undefined;
  const snapshot = snapshotFile ? BibliographySnapshot.read(snapshotFile, options.log ?? (() => undefined)) : undefined;
  const sources = await readBibliographies(corpus, bibliographies, host, options.allowFilesOutside, knownStats, undefined, snapshot);
  if (snapshot?.changed && snapshotFile) {
    try {
      snapshot.write(snapshotFile, bibliographies);
    } catch (e) {
      options.log?.(`Bibliography snapshot not written (${(e as Error).message}); the next start parses the bibliographies again.`);
    }
  }
  for (const s of sources) corpus.addPendingSource(s);
  options.onSourcesReady?.(corpus);

  let toIndex = sources;
  let fromCache: IndexedStat[] = [];
  let refreshed = 0;
  if (canCache) {
    const cached = loadCorpusCache(options.cacheFile!, corpus, sources, host, options.log, options.maxPdfPages ?? MAX_PDF_PAGES, knownStats, await cacheBytes);
    fromCache = cached.reused;
    refreshed = cached.refreshed;
    // A PDF cut at the page limit says so again on every start.
    for (const stat of fromCache) {
      const source = corpus.get(stat.key);
      if (stat.truncated && source) corpus.problems.push(fileProblem(source, { kind: 'partial', file: stat.textPath, ...stat.truncated }, maxBytes));
    }
    const reused = new Set(fromCache.map((s) => s.key));
    toIndex = sources.filter((s) => !reused.has(s.key));
    if (fromCache.length) options.log?.(`Index cache: ${fromCache.length} sources reused, ${toIndex.length} to index.${refreshed ? ` ${refreshed} reused by content (a new modification time, the same bytes).` : ''}`);
  }
  let indexed: IndexedStat[] = [];
  if (toIndex.length > 0) {
    if (options.workerScript && host.readTextSync && toIndex.length >= 8) {
      indexed = await indexOnWorkers(corpus, toIndex, host, maxBytes, options);
    } else {
      const truncated = await indexInThread(corpus, toIndex, host, maxBytes, options);
      indexed = toIndex.filter((s) => s.textPath).map((s) => {
        const st = host.statSync?.(s.textPath!);
        const cut = truncated.get(s.key);
        return { key: s.key, textPath: s.textPath!, size: st?.size ?? -1, mtimeMs: st?.mtimeMs ?? -1, hash: hashOfFile(host, s.textPath!), ...(cut ? { truncated: cut } : {}) };
      });
    }
  }
  // Also rewritten when files were only touched, so the next start need not hash them again.
  if (canCache && (toIndex.length > 0 || refreshed > 0) && !(options.token?.isCancellationRequested)) {
    try {
      saveCorpusCache(options.cacheFile!, corpus, [...fromCache, ...indexed], options.maxPdfPages ?? MAX_PDF_PAGES);
    } catch (e) {
      options.log?.(`Index cache not written (${(e as Error).message}); the next start indexes again.`);
    }
  }
  // Only a complete load identifies the corpus (a cancelled one may lack sources' passages).
  if (!options.token?.isCancellationRequested) corpus.markLoaded([...fromCache, ...indexed], options);
  options.progress?.(100, `Indexed ${corpus.sources.size} sources`);
  return corpus;
}

/**
 * Applies a change of one file to a loaded corpus without re-indexing the rest: a source text
 * re-indexes that source; a bibliography adds, removes and re-indexes the entries that changed.
 * Returns the updated corpus (a fork), or undefined when the file is not part of this corpus.
 */
export async function updateCorpus(corpus: Corpus, file: string, host: FileHost, options: CorpusLoadOptions = {}): Promise<Corpus | undefined> {
  const maxBytes = options.maxSourceBytes ?? DEFAULT_MAX_SOURCE_BYTES;
  const reindex = async (source: Source) => {
    for (let i = corpus.problems.length - 1; i >= 0; i--) {
      const p = corpus.problems[i];
      if (p.key === source.key && p.file === source.bibliographyPath && p.message.startsWith('The text file of')) corpus.problems.splice(i, 1);
    }
    corpus.index.removeSource(source.key);
    const fresh = copySource(source);
    await indexInThread(corpus, [fresh], host, maxBytes, { maxPdfPages: options.maxPdfPages, pdfTimeoutMs: options.pdfTimeoutMs });
  };
  if (corpus.bibliographies.includes(file)) {
    const fresh = new Corpus([file]);
    const sources = await readBibliographies(fresh, [file], host, options.allowFilesOutside, undefined, corpus.sources);
    const next = new Map(sources.map((s) => [s.key, s]));
    // Problems of this bibliography are replaced by the new reading's.
    for (let i = corpus.problems.length - 1; i >= 0; i--) if (corpus.problems[i].file === file && !corpus.problems[i].message.startsWith('The text file of')) corpus.problems.splice(i, 1);
    corpus.problems.push(...fresh.problems);
    for (const [key, old] of [...corpus.sources]) {
      if (old.bibliographyPath === file && !next.has(key)) corpus.removeSource(key);
    }
    for (const source of sources) {
      const old = corpus.sources.get(source.key);
      if (old && old.bibliographyPath !== file) continue; // defined earlier in another bibliography
      // The same entry text is the same entry (no need to compare parsed objects, 10,000 of them).
      const sameEntry = old && (old.entryText !== undefined && source.entryText !== undefined ? old.entryText === source.entryText : JSON.stringify(old.csl) === JSON.stringify(source.csl));
      if (old && sameEntry && sameStrings(old.files, source.files)) {
        old.entryRange = source.entryRange;
        continue;
      }
      if (old) corpus.removeSource(source.key);
      await reindex(source);
    }
    return corpus.fork();
  }
  const owners = [...corpus.sources.values()].filter((s) => s.files.includes(file));
  if (owners.length === 0) return undefined;
  for (const source of owners) await reindex(source);
  return corpus.fork();
}
