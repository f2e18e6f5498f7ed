// Renders a brief's citations as the Markdown preview shows them: each citation group (`[see @a, p. 4; @b]`)
// or in-text citation (`@a`) as the in-text citation of a CSL style, plus the bibliography of the cited
// sources. Output is HTML in which every character from the brief or the corpus is escaped; the only tags
// are <i>, <b>, <sup>, <sub> and the <span>s built here (no links, no attributes from the corpus).
import { citationJs } from '../corpus/citationJs';
import chicagoAuthorDate from '../../styles/chicago-author-date.csl';
import apa from '../../styles/apa.csl';
import { findCitations, type Citation } from '../brief/citations';
import type { Corpus } from '../corpus/corpus';
import { CITATION_STYLES, DEFAULT_STYLE, formatReference, type CitationStyle } from '../corpus/cslFormat';
import type { CslItem, Source } from '../corpus/types';

export interface RenderedGroup {
  /** The group's text as sent (the key of the client's cache). */
  text: string;
  /** The in-text citation as safe HTML, or undefined when the text holds no citation. */
  html?: string;
  /** Cited keys found in the corpus, and those that are not. */
  keys: string[];
  unknown: string[];
}

export interface RenderOutput {
  style: CitationStyle;
  groups: RenderedGroup[];
  /** The reference-list entries of every known key cited in `groups`, as safe HTML, sorted as the style sorts. */
  bibliography: string[];
}

const TEMPLATE_PREFIX = 'groundwork-render-';

const registered = new Set<string>();

function templateName(style: CitationStyle): string {
  const name = TEMPLATE_PREFIX + style;
  if (!registered.has(name)) {
    citationJs().plugins.config.get('@csl').templates.add(name, style === 'apa' ? apa : chicagoAuthorDate);
    registered.add(name);
  }
  return name;
}

export function styleOf(style: string | undefined): CitationStyle {
  return (CITATION_STYLES as readonly string[]).includes(style ?? '') ? (style as CitationStyle) : DEFAULT_STYLE;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (m, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }[lower] ?? m;
  });
}

const ALLOWED = new Set(['i', 'b', 'sup', 'sub']);
const SPAN_STYLES: [RegExp, string][] = [
  [/font-style:\s*italic/i, 'i'],
  [/font-weight:\s*bold/i, 'b'],
  [/vertical-align:\s*sup/i, 'sup'],
  [/vertical-align:\s*sub/i, 'sub'],
];

/**
 * citeproc's HTML reduced to a whitelist: <i>, <b>, <sup>, <sub> (italic/bold spans become <i>/<b>), every
 * other tag dropped, all text decoded and re-escaped. Unbalanced tags are closed at the end.
 */
export function sanitizeCslHtml(html: string): string {
  let out = '';
  const open: string[] = []; // for each open element: the tag we emitted ('' when we dropped it)
  for (const part of html.split(/(<[^>]*>)/)) {
    if (!part) continue;
    if (!part.startsWith('<')) {
      out += escapeHtml(decodeEntities(part));
      continue;
    }
    const m = /^<(\/?)([a-z][a-z0-9]*)\b([^>]*)>$/i.exec(part);
    if (!m) {
      out += escapeHtml(part);
      continue;
    }
    const [, closing, rawName, attrs] = m;
    const name = rawName.toLowerCase();
    if (/\/\s*$/.test(attrs) || name === 'br') continue; // void element: nothing to show
    if (closing) {
      // </span> and </div> close the innermost open element (which we may have turned into <i> or dropped);
      // </i> etc. close the innermost element of that kind, and anything opened inside it.
      const at = name === 'span' || name === 'div' ? open.length - 1 : open.lastIndexOf(name);
      if (at < 0) continue;
      for (const tag of open.splice(at).reverse()) if (tag) out += `</${tag}>`;
      continue;
    }
    let tag = ALLOWED.has(name) ? name : '';
    if (name === 'span') tag = SPAN_STYLES.find(([re]) => re.test(attrs))?.[1] ?? '';
    open.push(tag);
    if (tag) out += `<${tag}>`;
  }
  for (const tag of open.reverse()) if (tag) out += `</${tag}>`;
  return out.replace(/\s+/g, ' ').trim();
}

/** CSL-JSON without our private fields. */
function cslOf(source: Source): CslItem {
  const { file: _file, files: _files, ...rest } = source.csl as CslItem & { file?: unknown; files?: unknown };
  return { ...rest, id: source.key } as CslItem;
}

interface CiteItem {
  id: string;
  locator?: string;
  label?: string;
  prefix?: string;
  suffix?: string;
  'suppress-author'?: boolean;
  'author-only'?: boolean;
}

/** The suffix after the locator (`, p. 4, emphasis added` → `, emphasis added`). */
function suffixAfterLocator(citation: Citation): string | undefined {
  const raw = citation.suffix;
  if (!raw) return undefined;
  if (!citation.locator) return raw.startsWith(',') ? raw : ` ${raw}`;
  const m = /^\s*,?\s*([^\s\d,;]+)?\s*([\divxlcdm]+(?:\s*[-–—,]\s*[\divxlcdm]+)*)/i.exec(raw);
  const rest = m ? raw.slice(m[0].length) : '';
  return rest.trim() ? (rest.trimStart().startsWith(',') ? rest : ` ${rest.trim()}`) : undefined;
}

function citeItem(c: Citation): CiteItem {
  const item: CiteItem = { id: c.key };
  if (c.locator) {
    item.locator = c.locator.value;
    item.label = c.locator.label;
  }
  if (c.prefix) item.prefix = `${c.prefix} `;
  const suffix = suffixAfterLocator(c);
  if (suffix) item.suffix = suffix;
  if (c.suppressAuthor) item['suppress-author'] = true;
  return item;
}

function formatCluster(sources: Source[], items: CiteItem[], style: CitationStyle): string {
  // `entry` (citation items with locators, prefixes, suppress-author) is a plugin-csl option the local typings omit.
  const options = { format: 'html', template: templateName(style), lang: 'en-US', entry: items } as {
    format: 'html'; template: string; lang: string;
  };
  const html = new (citationJs().Cite)(sources.map(cslOf)).format('citation', options);
  return sanitizeCslHtml(html);
}

function unknownMarker(key: string): string {
  const title = `Unknown citation key "${key}": no bibliography of the corpus has this key.`;
  return `<span class="groundwork-unknown" title="${escapeHtml(title)}">@${escapeHtml(key)}?</span>`;
}

function citationSpan(inner: string, sources: Source[], style: CitationStyle): string {
  const title = sources.map((s) => formatReference(s, style)).join('\n');
  return `<span class="groundwork-citation" title="${escapeHtml(title)}">${inner}</span>`;
}

/** Renders one group (`[see @a, p. 4; @b]`, or an in-text `@a`) in `style`. */
export function renderGroup(text: string, corpus: Corpus, style: CitationStyle): RenderedGroup {
  const citations = findCitations(text).filter((c) => c.key);
  if (citations.length === 0) return { text, keys: [], unknown: [] };
  const known = citations.filter((c) => corpus.get(c.key));
  const unknown = citations.filter((c) => !corpus.get(c.key)).map((c) => c.key);
  const sources = [...new Map(known.map((c) => [c.key, corpus.get(c.key)!])).values()];
  const keys = sources.map((s) => s.key);
  const markers = unknown.map(unknownMarker);
  const inText = citations.length === 1 && citations[0].inText;

  let html: string;
  try {
    if (inText) {
      // Pandoc's in-text citation: "Najibullah (2008)" / "Najibullah (2008)" — the author, then the rest.
      if (sources.length === 0) html = markers[0];
      else {
        const author = formatCluster(sources, [{ id: keys[0], 'author-only': true }], style);
        const rest = formatCluster(sources, [{ id: keys[0], 'suppress-author': true }], style);
        html = author && !/^\(/.test(author) ? `${author} ${rest}` : rest;
      }
    } else if (sources.length === 0) {
      html = `(${markers.join('; ')})`;
    } else {
      const cluster = formatCluster(sources, known.map(citeItem), style);
      if (markers.length === 0) html = cluster;
      else if (/\)$/.test(cluster)) html = `${cluster.slice(0, -1)}; ${markers.join('; ')})`;
      else html = `${cluster} (${markers.join('; ')})`;
    }
  } catch {
    // citeproc failed on an odd entry: fall back to "Author Year" labels, still escaped.
    const labels = sources.map((s) => escapeHtml(fallbackLabel(s)));
    html = `(${[...labels, ...markers].join('; ')})`;
  }
  return { text, html: sources.length > 0 ? citationSpan(html, sources, style) : html, keys, unknown };
}

function fallbackLabel(source: Source): string {
  const who = source.authorFamilies[0] ?? source.title ?? source.key;
  return `${who} ${source.issued?.year ?? 'n.d.'}`;
}

/** The reference list of `sources` as safe HTML entries, in the style's order. */
export function renderBibliography(sources: Source[], style: CitationStyle): string[] {
  if (sources.length === 0) return [];
  try {
    const html = new (citationJs().Cite)(sources.map(cslOf)).format('bibliography', { format: 'html', template: templateName(style), lang: 'en-US' });
    const entries = [...html.matchAll(/<div[^>]*class="csl-entry"[^>]*>([\s\S]*?)<\/div>/g)].map((m) => sanitizeCslHtml(m[1]));
    if (entries.length === sources.length) return entries;
  } catch {
    // fall through
  }
  return sources.map((s) => escapeHtml(formatReference(s, style)));
}

/** Renders every group, and the bibliography of all known keys they cite. */
export function renderCitations(groups: string[], corpus: Corpus, style?: string): RenderOutput {
  const s = styleOf(style);
  const rendered = groups.map((g) => renderGroup(g, corpus, s));
  const cited = new Map<string, Source>();
  for (const g of rendered) for (const k of g.keys) if (!cited.has(k)) cited.set(k, corpus.get(k)!);
  return { style: s, groups: rendered, bibliography: renderBibliography([...cited.values()], s) };
}
