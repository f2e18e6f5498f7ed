// The corpus: sources from one or more bibliographies, their passages and the passage index.
import * as path from 'node:path';
import type { Cancellation, CorpusProblem, CslItem, PartialDate, Passage, ProgressReporter, ScoredPassage, Source } from './types';
import { NEVER_CANCELLED } from './types';
import { bibliographyFormat, parseBibliography } from './bibliography';
import type { FileHost } from './fileHost';
import { splitPassages } from './passages';
import { PassageIndex } from './searchIndex';
import { FILE_START } from './positions';

/** Files larger than this are not indexed (a message names the file and the limit). */
export const DEFAULT_MAX_SOURCE_BYTES = 256 * 1024 * 1024;

export interface CorpusLoadOptions {
  maxSourceBytes?: number;
  progress?: ProgressReporter;
  token?: Cancellation;
}

export function issuedDate(item: CslItem): PartialDate | undefined {
  const issued = item.issued;
  if (!issued) return undefined;
  const parts = issued['date-parts']?.[0];
  const circa = Boolean(issued.circa);
  if (parts && parts.length > 0 && Number.isFinite(Number(parts[0]))) {
    const [y, m, d] = parts.map(Number);
    return { year: y, month: m || undefined, day: d || undefined, circa: circa || undefined };
  }
  const raw = String(issued.raw ?? issued.literal ?? '');
  const year = /\b(1[5-9]\d\d|20\d\d)\b/.exec(raw);
  return year ? { year: Number(year[1]), circa: circa || undefined } : undefined;
}

function personName(p: { family?: string; given?: string; literal?: string }): { display: string; family: string } {
  if (p.literal) return { display: p.literal, family: p.literal };
  const family = p.family ?? '';
  return { display: [p.given, family].filter(Boolean).join(' '), family };
}

export function makeSource(item: CslItem, bibliographyPath: string, entryRange = FILE_START, files: string[] = []): Source {
  const names = (item.author ?? item.editor as CslItem['author'] ?? []).map(personName);
  return {
    key: item.id,
    csl: item,
    title: String(item.title ?? ''),
    authors: names.map((n) => n.display),
    authorFamilies: names.map((n) => n.family),
    issued: issuedDate(item),
    bibliographyPath,
    entryRange,
    files,
  };
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

/** Optimal string alignment distance (edit distance with transpositions), bounded for speed. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => [i, ...new Array(n).fill(0)]);
  for (let j = 1; j <= n; j++) d[0][j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[m][n];
}

export class Corpus {
  readonly sources = new Map<string, Source>();
  readonly passages: Passage[] = [];
  readonly passagesBySource = new Map<string, Passage[]>();
  readonly index = new PassageIndex();
  readonly problems: CorpusProblem[] = [];

  constructor(readonly bibliographies: readonly string[] = []) {}

  get(key: string): Source | undefined {
    return this.sources.get(key);
  }

  has(key: string): boolean {
    return this.sources.has(key);
  }

  /** Adds a source and indexes its text (if any). */
  addSource(source: Source): void {
    this.sources.set(source.key, source);
    const list: Passage[] = [];
    if (source.text) {
      for (const span of splitPassages(source.text)) {
        const passage: Passage = { id: this.passages.length, sourceKey: source.key, ...span };
        this.passages.push(passage);
        this.index.add(passage);
        list.push(passage);
      }
    }
    this.passagesBySource.set(source.key, list);
  }

  /** Passages best matching `query`, optionally only from `keys`. */
  search(query: string, limit = 10, keys?: Iterable<string>): ScoredPassage[] {
    return this.index.search(query, limit, keys ? new Set(keys) : undefined);
  }

  /** The passage of `key` that best supports `sentence`, if any passage shares words with it. */
  bestPassage(sentence: string, key: string): ScoredPassage | undefined {
    return this.index.search(sentence, 1, new Set([key]))[0];
  }

  /**
   * Every source with the score of its best passage for `sentence`, best first; sources
   * without a matching passage follow in key order with score 0.
   */
  rankSources(sentence: string): { key: string; score: number; best?: ScoredPassage }[] {
    const best = new Map<string, ScoredPassage>();
    for (const hit of this.index.search(sentence, 200)) {
      if (!best.has(hit.passage.sourceKey)) best.set(hit.passage.sourceKey, hit);
    }
    const ranked = [...best.values()].map((b) => ({ key: b.passage.sourceKey, score: b.score, best: b }));
    const rest = [...this.sources.keys()].filter((k) => !best.has(k)).sort().map((key) => ({ key, score: 0 }));
    return [...ranked, ...rest];
  }

  /** Keys closest to an unknown `key`: by edit distance, then shared author/year prefix. */
  nearestKeys(key: string, limit = 3): string[] {
    const lower = key.toLowerCase();
    const year = /\d{4}/.exec(key)?.[0];
    const scored = [...this.sources.values()].map((s) => {
      const k = s.key.toLowerCase();
      let d = editDistance(lower, k) / Math.max(lower.length, k.length);
      // Same author name or same year makes a key a likelier intended target.
      if (s.authorFamilies.some((f) => f && lower.includes(f.toLowerCase()))) d -= 0.25;
      if (year && k.includes(year)) d -= 0.1;
      return { key: s.key, d };
    });
    scored.sort((a, b) => a.d - b.d || a.key.localeCompare(b.key));
    return scored.filter((s) => s.d < 0.6).slice(0, limit).map((s) => s.key);
  }
}

/** The bibliography files under a corpus path: the file itself, or those in the folder (two levels). */
export async function findBibliographies(corpusPath: string, host: FileHost, depth = 2): Promise<string[]> {
  const entries = await host.readDirectory(corpusPath);
  if (!entries) return bibliographyFormat(corpusPath) && (await host.size(corpusPath)) !== undefined ? [corpusPath] : [];
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = path.join(corpusPath, e.name);
    if (e.isDirectory) {
      if (depth > 1) out.push(...(await findBibliographies(full, host, depth - 1)));
    } else if (bibliographyFormat(e.name) && e.name !== 'package.json' && e.name !== 'package-lock.json') {
      out.push(full);
    }
  }
  return out;
}

/** Loads the bibliographies, reads each entry's text file and indexes the passages. */
export async function loadCorpus(bibliographies: string[], host: FileHost, options: CorpusLoadOptions = {}): Promise<Corpus> {
  const token = options.token ?? NEVER_CANCELLED;
  const maxBytes = options.maxSourceBytes ?? DEFAULT_MAX_SOURCE_BYTES;
  const corpus = new Corpus(bibliographies);
  const pending: Source[] = [];
  for (const bib of bibliographies) {
    let text: string;
    try {
      text = await host.readText(bib);
    } catch (e) {
      corpus.problems.push({ file: bib, range: FILE_START, severity: 'error', message: `The bibliography could not be read: ${(e as Error).message}.` });
      continue;
    }
    const parsed = parseBibliography(bib, text);
    corpus.problems.push(...parsed.problems);
    for (const entry of parsed.entries) {
      const key = entry.item.id;
      const earlier = pending.find((s) => s.key === key);
      if (earlier) {
        corpus.problems.push({
          file: bib, range: entry.range, severity: 'warning', key,
          message: `Duplicate key "${key}": it is already defined in ${path.basename(earlier.bibliographyPath)} (line ${earlier.entryRange.start.line + 1}); this entry is ignored. Rename one of them.`,
        });
        continue;
      }
      const files = entry.files.map((f) => (path.isAbsolute(f) ? f : path.resolve(path.dirname(bib), f)));
      pending.push(makeSource(entry.item, bib, entry.range, files));
    }
  }
  let done = 0;
  for (const source of pending) {
    if (token.isCancellationRequested) break;
    options.progress?.(Math.round((done / Math.max(1, pending.length)) * 100), `Indexing ${source.key} (${done + 1}/${pending.length})`);
    const problemsBefore = corpus.problems.length;
    for (const file of source.files) {
      const size = await host.size(file);
      if (size === undefined) {
        corpus.problems.push({ file: source.bibliographyPath, range: source.entryRange, severity: 'warning', key: source.key,
          message: `The text file of "${source.key}" was not found: ${file}. Fix its "file" field or add the file; the entry is citable but its claims cannot be checked.` });
        continue;
      }
      if (size > maxBytes) {
        corpus.problems.push({ file: source.bibliographyPath, range: source.entryRange, severity: 'warning', key: source.key,
          message: `The text file of "${source.key}" (${Math.round(size / 1048576)} MB) is over the ${Math.round(maxBytes / 1048576)} MB limit and was not indexed: ${file}.` });
        continue;
      }
      try {
        source.text = await host.readText(file);
        source.textPath = file;
        break;
      } catch (e) {
        corpus.problems.push({ file: source.bibliographyPath, range: source.entryRange, severity: 'warning', key: source.key,
          message: `The text file of "${source.key}" could not be read (${(e as Error).message}): ${file}.` });
      }
    }
    if (source.text !== undefined) corpus.problems.splice(problemsBefore); // a later file of the entry was readable
    corpus.addSource(source);
    done++;
  }
  options.progress?.(100, `Indexed ${corpus.sources.size} sources`);
  return corpus;
}
