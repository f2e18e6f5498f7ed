// Formats references and citations with citation-js in a CSL style (Chicago author-date by
// default, APA), as pandoc --citeproc would for the same style and bibliography.
import { citationJs } from './citationJs';
import chicagoAuthorDate from '../../styles/chicago-author-date.csl';
import apa from '../../styles/apa.csl';
import type { CslItem, Source } from './types';

export const CITATION_STYLES = ['chicago-author-date', 'apa'] as const;
export type CitationStyle = (typeof CITATION_STYLES)[number];
export const DEFAULT_STYLE: CitationStyle = 'chicago-author-date';

const TEMPLATE_PREFIX = 'groundwork-';
let registered = false;

function template(style: string): string {
  if (!registered) {
    const templates = citationJs().plugins.config.get('@csl').templates;
    templates.add(TEMPLATE_PREFIX + 'chicago-author-date', chicagoAuthorDate);
    templates.add(TEMPLATE_PREFIX + 'apa', apa);
    registered = true;
  }
  return TEMPLATE_PREFIX + ((CITATION_STYLES as readonly string[]).includes(style) ? style : DEFAULT_STYLE);
}

/** CSL-JSON without our private fields (citation-js would otherwise carry them around). */
function cslOf(source: Source): CslItem {
  const { file: _file, files: _files, ...rest } = source.csl as CslItem & { file?: unknown; files?: unknown };
  return rest as CslItem;
}

/** Formatting with citeproc costs milliseconds: each source's reference is formatted once per style. */
const referenceCache = new WeakMap<Source, Map<string, string>>();

/** The formatted reference-list entry, as plain text. */
export function formatReference(source: Source, style: string = DEFAULT_STYLE): string {
  let byStyle = referenceCache.get(source);
  if (!byStyle) referenceCache.set(source, (byStyle = new Map()));
  let text = byStyle.get(style);
  if (text === undefined) {
    try {
      text = formatCslReference(cslOf(source), style);
    } catch {
      text = `${source.authors.join(', ')}${source.issued ? ` (${source.issued.year})` : ''}. ${source.title}`.trim();
    }
    byStyle.set(style, text);
  }
  return text;
}

/** One CSL-JSON item's reference-list entry as plain text (throws what citation-js throws). */
export function formatCslReference(item: CslItem, style: string = DEFAULT_STYLE): string {
  return new (citationJs().Cite)([item]).format('bibliography', { format: 'text', template: template(style), lang: 'en-US' }).trim();
}

/** The item formatReference would format for `source`. */
export function referenceItemOf(source: Source): CslItem {
  return cslOf(source);
}

/** Keeps a reference formatted elsewhere (on a worker, by formatCslReference) as formatReference's answer. */
export function rememberReference(source: Source, style: string, text: string): void {
  let byStyle = referenceCache.get(source);
  if (!byStyle) referenceCache.set(source, (byStyle = new Map()));
  if (!byStyle.has(style)) byStyle.set(style, text);
}

/** Whether `formatReference(source, style)` would answer from its cache. */
export function isReferenceFormatted(source: Source, style: string = DEFAULT_STYLE): boolean {
  return referenceCache.get(source)?.has(style) ?? false;
}

/** The reference list for several sources, one plain-text entry each, sorted as the style sorts. */
export function formatBibliography(sources: Source[], style: string = DEFAULT_STYLE): string[] {
  if (sources.length === 0) return [];
  try {
    const html = new (citationJs().Cite)(sources.map(cslOf)).format('bibliography', { format: 'html', template: template(style), lang: 'en-US' });
    const entries = [...html.matchAll(/<div[^>]*class="csl-entry"[^>]*>([\s\S]*?)<\/div>/g)].map((m) => m[1]);
    return entries.map(htmlToMarkdown);
  } catch {
    return sources.map((s) => formatReference(s, style));
  }
}

/** The in-text citation, e.g. "(Najibullah, c. 2008)". */
export function formatCitation(sources: Source[], style: string = DEFAULT_STYLE): string {
  try {
    return new (citationJs().Cite)(sources.map(cslOf)).format('citation', { format: 'text', template: template(style), lang: 'en-US' });
  } catch {
    return `(${sources.map((s) => s.key).join('; ')})`;
  }
}

/** citation-js HTML (only <i>, <b>, <span>, entities) to Markdown, escaping what Markdown would read. */
export function htmlToMarkdown(html: string): string {
  const decoded = (s: string) =>
    s.replace(/&#38;|&amp;/g, '&').replace(/&#60;|&lt;/g, '<').replace(/&#62;|&gt;/g, '>').replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'");
  let out = '';
  for (const part of html.split(/(<[^>]+>)/)) {
    if (/^<i>$|^<\/i>$|^<span style="font-style:italic;?">/.test(part)) out += '*';
    else if (/^<b>$|^<\/b>$/.test(part)) out += '**';
    else if (part.startsWith('<')) {
      if (part === '</span>' && /\*[^*]*$/.test(out) && (out.match(/\*/g)?.length ?? 0) % 2 === 1) out += '*';
    } else out += escapeMarkdown(decoded(part));
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** Escapes text so Markdown shows it literally: no links, no HTML, no emphasis from corpus text. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}\[\]<>|~]/g, (c) => '\\' + c)
    .replace(/^(\s*)([#+=-]|\d+[.)])/gm, (_m, sp: string, mark: string) => sp + mark.replace(/([#+=.)-])/, '\\$1'));
}
