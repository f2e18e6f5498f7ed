// The server's view of the workspace: open and on-disk briefs (parsed once per version), the
// corpus that serves each brief, and settings. Pure Node + core; no LSP connection in here.
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Brief } from './brief/parse';
import { parseBriefWithin } from './brief/parse';
import type { Corpus } from './corpus/corpus';
import { CorpusStore } from './corpus/corpusStore';
import type { FileHost } from './corpus/fileHost';
import type { CorpusLoadOptions } from './corpus/corpus';

export interface Settings {
  /** One folder or bibliography file, or several. */
  corpusPath: string | string[];
  citationStyle: string;
  diagnosticsEnabled: boolean;
  uncitedClaims: boolean;
  debounceMs: number;
  allowFilesOutside: boolean;
  maxSourceMB: number;
  maxBriefKB: number;
  maxPdfPages: number;
}

export const DEFAULT_SETTINGS: Settings = {
  corpusPath: 'corpus',
  citationStyle: 'chicago-author-date',
  diagnosticsEnabled: true,
  uncitedClaims: true,
  debounceMs: 250,
  allowFilesOutside: false,
  maxSourceMB: 64,
  maxBriefKB: 512,
  maxPdfPages: 2000,
};

export function uriToPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

export interface ParsedBrief {
  uri: string;
  /** A snapshot of the document as parsed (open documents change in place, so never the live one). */
  doc: TextDocument;
  brief: Brief;
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test', '.e2e']);
const MAX_WORKSPACE_BRIEFS = 5000;
/** Markdown files are briefs, but for a project's own README, CHANGELOG and LICENSE. */
const BRIEF_FILE = /\.(md|markdown)$/i;
const NOT_A_BRIEF = /^(readme|changelog|license)\b/i;

export class Workspace {
  roots: string[] = [];
  settings: Settings = { ...DEFAULT_SETTINGS };
  readonly store: CorpusStore;
  private readonly parsed = new Map<string, ParsedBrief>();
  /** Briefs found on disk (paths), kept up to date by file events. */
  readonly diskBriefs = new Set<string>();

  constructor(host: FileHost, loadOptions: () => CorpusLoadOptions, cacheDir: () => string | undefined = () => undefined) {
    this.store = new CorpusStore(host, loadOptions, cacheDir);
  }

  rootFor(filePath: string | undefined): string {
    if (filePath) {
      const roots = this.roots.filter((r) => filePath === r || filePath.startsWith(r + path.sep)).sort((a, b) => b.length - a.length);
      if (roots[0]) return roots[0];
      if (this.roots.length === 0) return path.dirname(filePath);
    }
    return this.roots[0] ?? process.cwd();
  }

  /** Parses a document once per version. */
  parse(doc: TextDocument): ParsedBrief {
    const cached = this.parsed.get(doc.uri);
    const text = doc.getText();
    if (cached && cached.doc.version === doc.version && cached.brief.text === text) return cached;
    const snapshot = TextDocument.create(doc.uri, doc.languageId, doc.version, text);
    const entry = { uri: doc.uri, doc: snapshot, brief: parseBriefWithin(text, this.settings.maxBriefKB * 1024) };
    this.parsed.set(doc.uri, entry);
    return entry;
  }

  forget(uri: string): void {
    this.parsed.delete(uri);
  }

  private async bibliographiesFor(entry: ParsedBrief): Promise<string[]> {
    const file = uriToPath(entry.uri);
    return this.store.bibliographiesFor(file, entry.brief.frontMatter, { corpusPath: this.settings.corpusPath, root: this.rootFor(file) });
  }

  /** The brief's corpus, fully indexed (for checks). */
  async corpusFor(entry: ParsedBrief): Promise<Corpus> {
    return this.store.corpusFor(await this.bibliographiesFor(entry));
  }

  /** The brief's corpus as soon as its keys are known, even while passages are still indexing. */
  async corpusForTyping(entry: ParsedBrief): Promise<Corpus> {
    return this.store.corpusForTyping(await this.bibliographiesFor(entry));
  }

  /** The corpus of a workspace root (the one the status bar and commands talk about). */
  async defaultCorpus(uri?: string): Promise<Corpus> {
    const file = uri ? uriToPath(uri) : undefined;
    const bibs = await this.store.bibliographiesFor(undefined, undefined, { corpusPath: this.settings.corpusPath, root: this.rootFor(file) });
    return this.store.corpusFor(bibs);
  }

  /** Finds the Markdown briefs under the workspace roots. */
  async scanBriefs(): Promise<string[]> {
    this.diskBriefs.clear();
    const walk = async (dir: string, depth: number): Promise<void> => {
      if (depth > 8 || this.diskBriefs.size >= MAX_WORKSPACE_BRIEFS) return;
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      // (A corpus folder of 10,000 source texts is walked too: nothing is made for a name that
      // is neither a folder nor a brief.)
      for (const e of entries) {
        if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
        if (e.isDirectory()) await walk(path.join(dir, e.name), depth + 1);
        else if (BRIEF_FILE.test(e.name) && !NOT_A_BRIEF.test(e.name)) this.diskBriefs.add(path.join(dir, e.name));
      }
    };
    for (const root of this.roots) await walk(root, 0);
    return [...this.diskBriefs];
  }

  /** A brief from disk as a document (version 0), for briefs that are not open. */
  async loadFromDisk(file: string): Promise<ParsedBrief | undefined> {
    try {
      const text = await fs.readFile(file, 'utf8');
      const uri = pathToFileURL(file).href;
      return this.parse(TextDocument.create(uri, 'markdown', 0, text));
    } catch {
      return undefined;
    }
  }
}
