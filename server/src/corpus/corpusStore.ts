// Which corpus serves a brief, and a cache of loaded corpora keyed by their bibliographies.
// The corpus path setting (default `corpus/` at the workspace root) and a brief's YAML front
// matter `bibliography:` (relative to the brief, as pandoc reads it) are both honoured.
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { FrontMatter } from '../brief/parse';
import type { Corpus, CorpusLoadOptions } from './corpus';
import { findBibliographies, loadCorpus, updateCorpus } from './corpus';
import type { FileHost } from './fileHost';

export interface CorpusLocation {
  /** The `groundwork.corpus.path` setting: folders or bibliography files, relative to the root. */
  corpusPath: string | string[];
  /** The workspace root that holds the brief (or the CLI's working directory). */
  root: string;
}

/** The absolute folders or files the corpus path setting names (one or several). */
export function corpusFolders(where: CorpusLocation): string[] {
  const paths = Array.isArray(where.corpusPath) ? where.corpusPath : [where.corpusPath];
  const named = paths.map((p) => String(p).trim()).filter(Boolean);
  return (named.length ? named : ['corpus']).map((p) => path.resolve(where.root, p));
}

interface Entry {
  /** Resolves when every passage is indexed. */
  full: Promise<Corpus>;
  /** The corpus as soon as its bibliographies are read (keys usable), while passages index. */
  partial?: Corpus;
}

export class CorpusStore {
  private readonly corpora = new Map<string, Entry>();
  /** Bibliographies found under each corpus folder: listing a 10,000-file folder per request is slow. */
  private readonly listings = new Map<string, Promise<string[]>>();

  /**
   * @param cacheDir where persisted indexes live (one file per set of bibliographies), or
   *   undefined for no persistence.
   */
  constructor(
    private readonly host: FileHost,
    private readonly loadOptions: () => CorpusLoadOptions = () => ({}),
    private readonly cacheDir: () => string | undefined = () => undefined,
  ) {}

  /** Bibliography files for a brief: its front matter's first, then those under the corpus path. */
  async bibliographiesFor(briefPath: string | undefined, frontMatter: FrontMatter | undefined, where: CorpusLocation): Promise<string[]> {
    const out: string[] = [];
    if (frontMatter && briefPath) {
      for (const b of frontMatter.bibliography) out.push(path.resolve(path.dirname(briefPath), b));
    }
    for (const configured of corpusFolders(where)) {
      let listing = this.listings.get(configured);
      if (!listing) {
        listing = findBibliographies(configured, this.host);
        this.listings.set(configured, listing);
      }
      out.push(...(await listing));
    }
    return [...new Set(out)];
  }

  /** Forgets the folder listings (files were added or removed, or settings changed). */
  forgetListings(): void {
    this.listings.clear();
  }

  cacheFileFor(bibliographies: string[]): string | undefined {
    const dir = this.cacheDir();
    if (!dir || bibliographies.length === 0) return undefined;
    return path.join(dir, createHash('sha1').update(bibliographies.join('\n')).digest('hex').slice(0, 20) + '.gwidx');
  }

  /** The corpus of these bibliographies, loaded once and shared until invalidated. */
  corpusFor(bibliographies: string[]): Promise<Corpus> {
    return this.entry(bibliographies).full;
  }

  /** The corpus for features that work on a partial index (completion of keys): no waiting. */
  async corpusForTyping(bibliographies: string[]): Promise<Corpus> {
    const entry = this.entry(bibliographies);
    return entry.partial ?? entry.full;
  }

  private entry(bibliographies: string[]): Entry {
    const key = bibliographies.join('\n');
    let entry = this.corpora.get(key);
    if (!entry) {
      const created: Entry = { full: Promise.resolve(undefined as unknown as Corpus) };
      const options = this.loadOptions();
      created.full = loadCorpus(bibliographies, this.host, {
        ...options,
        cacheFile: this.cacheFileFor(bibliographies),
        onSourcesReady: (partial) => {
          created.partial = partial;
          options.onSourcesReady?.(partial);
        },
      });
      created.full.then(
        (corpus) => {
          created.partial = undefined;
          prepareWhenIdle(corpus);
        },
        () => this.corpora.delete(key),
      );
      this.corpora.set(key, created);
      entry = created;
    }
    return entry;
  }

  /** The corpora loaded so far (settled ones only). */
  async loaded(): Promise<Corpus[]> {
    const settled = await Promise.allSettled([...this.corpora.values()].map((e) => e.full));
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  /**
   * Brings every loaded corpus that reads `file` up to date, re-indexing only what the change
   * touches. Returns whether any corpus changed.
   */
  async update(file: string): Promise<boolean> {
    let changed = false;
    for (const [key, entry] of [...this.corpora]) {
      const corpus = await entry.full.catch(() => undefined);
      if (!corpus) continue;
      const updated = await updateCorpus(corpus, file, this.host, this.loadOptions());
      if (!updated) continue;
      changed = true;
      this.corpora.set(key, { full: Promise.resolve(updated) });
      prepareWhenIdle(updated);
    }
    return changed;
  }

  /** Drops every corpus (or those reading `file`), so the next use loads it again. */
  async invalidate(file?: string): Promise<boolean> {
    if (!file) {
      const any = this.corpora.size > 0;
      this.corpora.clear();
      this.listings.clear();
      return any;
    }
    let dropped = false;
    for (const [key, entry] of [...this.corpora]) {
      const corpus = await entry.full.catch(() => undefined);
      const uses = !corpus || corpus.bibliographies.includes(file) || [...corpus.sources.values()].some((s) => s.files.includes(file));
      if (uses) {
        this.corpora.delete(key);
        dropped = true;
      }
    }
    return dropped;
  }
}

const preparing = new WeakSet<object>();

/**
 * Precomputes what the first searches would otherwise pay for (the score bounds of common
 * terms), a few milliseconds at a time between other work, so requests are never held up long.
 */
function prepareWhenIdle(corpus: Corpus): void {
  const index = corpus.index;
  if (preparing.has(index)) return;
  preparing.add(index);
  const step = () => {
    if (index.prepareBounds(4)) preparing.delete(index);
    else setImmediate(step).unref();
  };
  setImmediate(step).unref();
}
