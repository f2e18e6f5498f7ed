// The References section Groundwork writes: every cited source of the brief, formatted in the
// configured CSL style as pandoc --citeproc would, between markers so a refresh replaces only
// its own section and never text the author wrote.
import type { Brief } from './parse';
import type { Corpus } from '../corpus/corpus';
import { formatBibliography } from '../corpus/cslFormat';

export const REFERENCES_START = '<!-- groundwork:references: generated from the bibliography; "Refresh References" replaces this section -->';
export const REFERENCES_END = '<!-- /groundwork:references -->';

export interface ReferencesEdit {
  start: number;
  end: number;
  newText: string;
  /** True when an existing Groundwork section is replaced. */
  refresh: boolean;
  /** Sources listed. */
  count: number;
}

/** Offsets of the section Groundwork wrote earlier (markers included), if any. */
export function findOwnReferences(text: string): { start: number; end: number } | undefined {
  const start = text.indexOf(REFERENCES_START.slice(0, 30));
  if (start < 0) return undefined;
  const endMarker = text.indexOf(REFERENCES_END, start);
  if (endMarker < 0) return undefined;
  // Our heading stands right before the start marker.
  const before = text.slice(0, start);
  const heading = /(^|\n)(#{1,6} [^\n]*)\n+$/.exec(before);
  return { start: heading ? heading.index + heading[1].length : start, end: endMarker + REFERENCES_END.length };
}

/** Formatted lists by corpus, style and cited keys: code actions are asked for on every cursor move. */
const listCache = new WeakMap<Corpus, Map<string, string[]>>();

function referenceList(corpus: Corpus, keys: string[], style: string): string[] {
  let byKeys = listCache.get(corpus);
  if (!byKeys) listCache.set(corpus, (byKeys = new Map()));
  const cacheKey = style + '\n' + [...keys].sort().join('\n');
  let entries = byKeys.get(cacheKey);
  if (!entries) {
    if (byKeys.size > 200) byKeys.clear();
    entries = formatBibliography(keys.map((k) => corpus.get(k)!), style);
    byKeys.set(cacheKey, entries);
  }
  return entries;
}

export function renderReferences(brief: Brief, corpus: Corpus, style: string, headingLevel = 2): ReferencesEdit | undefined {
  const keys = [...new Set(brief.citations.map((c) => c.key).filter((k) => corpus.has(k)))];
  const own = findOwnReferences(brief.text);
  if (keys.length === 0 && !own) return undefined;
  const entries = referenceList(corpus, keys, style);
  const body = [`${'#'.repeat(headingLevel)} References`, '', REFERENCES_START, '', ...entries.flatMap((e) => [e, '']), REFERENCES_END].join('\n');
  if (own) return { start: own.start, end: own.end, newText: body, refresh: true, count: entries.length };
  const text = brief.text;
  const trailing = text.length - text.trimEnd().length;
  const at = text.length - trailing;
  return { start: at, end: text.length, newText: `${at > 0 ? '\n\n' : ''}${body}\n`, refresh: false, count: entries.length };
}
