// Which corpus serves a brief, and a cache of loaded corpora keyed by their bibliographies.
// The corpus path setting (default `corpus/` at the workspace root) and a brief's YAML front
// matter `bibliography:` (relative to the brief, as pandoc reads it) are both honoured.
import * as path from 'node:path';
import type { FrontMatter } from '../brief/parse';
import type { Corpus, CorpusLoadOptions } from './corpus';
import { findBibliographies, loadCorpus } from './corpus';
import type { FileHost } from './fileHost';

export interface CorpusLocation {
  /** The `groundwork.corpus.path` setting: a folder or a bibliography file, relative to the root. */
  corpusPath: string;
  /** The workspace root that holds the brief (or the CLI's working directory). */
  root: string;
}

export class CorpusStore {
  private readonly corpora = new Map<string, Promise<Corpus>>();

  constructor(
    private readonly host: FileHost,
    private readonly loadOptions: () => CorpusLoadOptions = () => ({}),
  ) {}

  /** Bibliography files for a brief: its front matter's first, then those under the corpus path. */
  async bibliographiesFor(briefPath: string | undefined, frontMatter: FrontMatter | undefined, where: CorpusLocation): Promise<string[]> {
    const out: string[] = [];
    if (frontMatter && briefPath) {
      for (const b of frontMatter.bibliography) out.push(path.resolve(path.dirname(briefPath), b));
    }
    const configured = path.resolve(where.root, where.corpusPath || 'corpus');
    out.push(...(await findBibliographies(configured, this.host)));
    return [...new Set(out)];
  }

  /** The corpus of these bibliographies, loaded once and shared until invalidated. */
  corpusFor(bibliographies: string[]): Promise<Corpus> {
    const key = bibliographies.join('\n');
    let pending = this.corpora.get(key);
    if (!pending) {
      pending = loadCorpus(bibliographies, this.host, this.loadOptions());
      this.corpora.set(key, pending);
      pending.catch(() => this.corpora.delete(key));
    }
    return pending;
  }

  /** The corpora loaded so far (settled ones only). */
  async loaded(): Promise<Corpus[]> {
    const settled = await Promise.allSettled(this.corpora.values());
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  /**
   * Drops every corpus that reads `file` (a bibliography or a source text), or all of them
   * when no file is given. Returns whether anything was dropped.
   */
  async invalidate(file?: string): Promise<boolean> {
    if (!file) {
      const any = this.corpora.size > 0;
      this.corpora.clear();
      return any;
    }
    let dropped = false;
    for (const [key, pending] of [...this.corpora]) {
      const corpus = await pending.catch(() => undefined);
      const uses =
        !corpus ||
        corpus.bibliographies.includes(file) ||
        [...corpus.sources.values()].some((s) => s.files.includes(file));
      if (uses) {
        this.corpora.delete(key);
        dropped = true;
      }
    }
    return dropped;
  }
}
