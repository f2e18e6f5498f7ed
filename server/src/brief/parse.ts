// Parses a brief with remark (mdast): front matter, citations in prose only, and claims —
// sentences (or table rows) together with their citations and quotations.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import { parse as parseYaml } from 'yaml';
import type { Citation, CitationGroup } from './citations';
import { findCitations } from './citations';
import { quoteSpans, splitSentences } from './sentences';
import { citeThroughFootnotes } from './footnotes';

export type BlockKind = 'paragraph' | 'heading' | 'tableRow';

export interface Quote {
  /** Offsets of the quoted text, without the quotation marks. */
  start: number;
  end: number;
  text: string;
}

export interface Claim {
  /** Document offsets of the sentence, citations included. */
  start: number;
  end: number;
  /** The sentence as written. */
  text: string;
  /**
   * The sentence with citations, markup and code blanked to spaces: the same length as `text`,
   * so an offset `i` in it is the document offset `start + i`.
   */
  plain: string;
  /** Its citations, then those of the citation notes it points to ("…at Kant.[^7]"; footnotes.ts). */
  citations: Citation[];
  /** It points to a note that cites a source (an aside's citation included). */
  citedInNote?: boolean;
  quotes: Quote[];
  block: BlockKind;
  /** Inside a block quote, a list item or a footnote. */
  container?: 'blockquote' | 'listItem' | 'footnote';
  /**
   * In the bold run that opens its paragraph: its lead ("**Kant is the centre of gravity.** In
   * 2008 …") or, the run being the whole paragraph, a line in bold standing for a heading.
   */
  bold?: 'lead' | 'paragraph';
  /**
   * It heads what a citation after it supports (markBoldHeads): in bold with the next sentence
   * cited, or a lead-in ending in a colon before a block quote or list that is cited.
   */
  headsCited?: boolean;
  /** A paragraph that is a bibliography entry ("Najibullah, F. (2008). "Russia: …" RFE/RL."), not prose. */
  referenceEntry?: boolean;
}

export interface FrontMatter {
  start: number;
  end: number;
  bibliography: string[];
  csl?: string;
  data: Record<string, unknown>;
  /** A YAML error, if the front matter could not be read. */
  error?: string;
}

export interface ReferencesSection {
  /** From the heading's start to the end of the section (next heading of the same or a higher level, or EOF). */
  start: number;
  end: number;
  headingEnd: number;
}

export interface Brief {
  text: string;
  /** Set when the brief was over the size limit: only text before this offset was parsed. */
  truncatedAt?: number;
  /** `text` with code, HTML, link targets and markup blanked to spaces (same length). */
  masked: string;
  frontMatter?: FrontMatter;
  citations: Citation[];
  claims: Claim[];
  references?: ReferencesSection;
}

interface Node {
  type: string;
  value?: string;
  depth?: number;
  children?: Node[];
  position?: { start: { offset?: number }; end: { offset?: number } };
}

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);

const BLANKED = new Set(['code', 'inlineCode', 'html', 'yaml', 'image', 'imageReference', 'definition', 'footnoteReference', 'math', 'inlineMath']);
const WRAPPERS = new Set(['emphasis', 'strong', 'delete', 'link', 'linkReference']);
const REFERENCES_HEADING = /^(references|bibliography|works cited|sources|literature)$/i;

const start = (n: Node) => n.position?.start.offset ?? 0;
const end = (n: Node) => n.position?.end.offset ?? 0;

function blank(chars: string[], from: number, to: number): void {
  for (let i = from; i < to && i < chars.length; i++) if (chars[i] !== '\n') chars[i] = ' ';
}

function headingText(text: string, node: Node): string {
  return text.slice(start(node), end(node)).replace(/^#+\s*|\s*#*\s*$/g, '').trim();
}

function parseFrontMatter(text: string, node: Node): FrontMatter {
  const fm: FrontMatter = { start: start(node), end: end(node), bibliography: [], data: {} };
  try {
    const data = parseYaml(node.value ?? '');
    if (data && typeof data === 'object' && !Array.isArray(data)) {
      fm.data = data as Record<string, unknown>;
      const bib = fm.data.bibliography;
      fm.bibliography = (Array.isArray(bib) ? bib : bib === undefined ? [] : [bib]).map(String);
      if (typeof fm.data.csl === 'string') fm.csl = fm.data.csl;
    }
  } catch (e) {
    fm.error = (e as Error).message.split('\n')[0];
  }
  return fm;
}

interface Heading {
  start: number;
  end: number;
  depth: number;
  text: string;
}

/** One independently parsed piece of a brief (the whole brief, or a chunk between blank lines). */
interface Segment extends Brief {
  headings: Heading[];
}

/**
 * Markdown nested thousands of levels deep (or otherwise beyond what the parser's recursion
 * can take) is read as plain text, one paragraph per line, rather than failing.
 */
/** A post's number in a thread: "2/", "2/12", "(3/10)". */
const POST_NUMBER = /^\(?\d{1,3}\/(?:\d{1,3})?\)?(?=\s)/;

/** "BISHKEK —", "ALMATY, Jan 5 —", "DUSHANBE (Reuters) --": place in capitals, then a date, a source, a dash. */
const DATELINE = /^([A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+)*)(,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?)?(?:\s+\([A-Za-z .]{1,30}\))?\s+(?:—|–|--)\s+/;

/** A finite verb in a bold lead makes it a sentence ("**Russia has kept its bases.**"), not a label. */
const FINITE_VERB = /\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|should|may|might|must|does|do|did|shall)\b|\b[a-z]+ed\b/;

/**
 * The bold lead of a paragraph that names what follows ("**201st Military Base (Tajikistan).**"):
 * at the paragraph's start, a sentence of its own (a full stop ends it), a few words with no
 * finite verb, and text after it. Its span, with the stop after the bold if any. Not a lead with a
 * colon ("**Kant:** some 1,000 personnel" is the subject of what follows), nor a date heading a
 * timeline entry (it dates the sentence after it).
 */
function runInLabel(paragraph: Node, text: string): { start: number; end: number } | undefined {
  const first = paragraph.children?.[0];
  if (!first || first.type !== 'strong' || start(first) !== start(paragraph) || (paragraph.children?.length ?? 0) < 2) return undefined;
  let e = end(first);
  const inner = text.slice(start(first), e).replace(/^[*_]+|[*_]+$/g, '').trim();
  if (text[e] === '.') e++;
  else if (!inner.endsWith('.')) return undefined;
  if (!/\S/.test(text.slice(e, end(paragraph))) || /\b\d{4}\b/.test(inner)) return undefined;
  const words = inner.split(/\s+/).filter(Boolean);
  if (words.length > 8 || FINITE_VERB.test(inner)) return undefined;
  return { start: start(first), end: e };
}

/**
 * Marks the sentences in bold that the next sentence's citation backs: a lead or a bold line
 * heading the cited prose after it ("**Kyrgyzstan hosts a consolidated Russian base.** Russia's
 * presence … [@key].").
 */
function markBoldHeads(brief: Brief): void {
  const cited = (c: Claim) => c.citations.length > 0 || Boolean(c.citedInNote);
  brief.claims.forEach((claim, i) => {
    const next = brief.claims[i + 1];
    if (claim.bold && claim.citations.length === 0 && next && cited(next)) claim.headsCited = true;
    // "Shoigu framed the reforms this way:" before a quoted passage that is cited.
    if (claim.citations.length === 0 && !claim.container && /:\s*$/.test(claim.plain) && next && (next.container === 'blockquote' || next.container === 'listItem')) {
      for (let j = i + 1; j < brief.claims.length && brief.claims[j].container === next.container; j++) {
        if (cited(brief.claims[j])) {
          claim.headsCited = true;
          break;
        }
      }
    }
  });
}

/** The bold run that opens a paragraph, and whether it is the whole paragraph. */
function openingBoldRun(paragraph: Node, text: string): { start: number; end: number; whole: boolean } | undefined {
  const first = paragraph.children?.[0];
  if (!first || first.type !== 'strong' || start(first) !== start(paragraph)) return undefined;
  return { start: start(first), end: end(first), whole: !/[\p{L}\p{N}]/u.test(text.slice(end(first), end(paragraph))) };
}

/**
 * A bibliography entry: authors, then the year in parentheses and a full stop ("Najibullah, F.
 * (2008).", "Zagdsuren, B. and Densmaa, O. (2025).", "Unsigned (2023)."), emphasis blanked.
 */
const REFERENCE_ENTRY_LINE = /^\s*\p{Lu}[\p{L}'’-]+(?:,\s+(?:\p{Lu}\.\s*)+)?(?:(?:,|\s+and|\s+&)\s+\p{Lu}[\p{L}'’-]+(?:,\s+(?:\p{Lu}\.\s*)+)?)*\s*(?:,\s*)?\((?:\d{4}[a-z]?|n\.d\.)\)\.(?:\s|$)/u;

function plainTree(text: string): Node {
  const children: Node[] = [];
  for (const m of text.matchAll(/[^\n]+/g)) {
    const s = m.index ?? 0;
    children.push({ type: 'paragraph', position: { start: { offset: s }, end: { offset: s + m[0].length } } });
  }
  return { type: 'root', children };
}

/** Deeper than this (block quotes, list indentation) a chunk is read as plain text. */
const MAX_NESTING = 200;

function tooDeep(text: string): boolean {
  return new RegExp(`(^|\n)(\\s*>){${MAX_NESTING},}|(^|\n) {${MAX_NESTING * 2},}\\S|[*_]{${MAX_NESTING},}|\\[{${MAX_NESTING},}`).test(text);
}

/**
 * Citation brackets are hidden from the Markdown parser (same length, so offsets hold): a
 * `[@key]` is never a link, and micromark's bracket resolution is quadratic in the number of
 * brackets in a paragraph (10,000 citations would take seconds).
 */
function hideCitationBrackets(text: string): string {
  return text.replace(/\[(?!\^)([^\[\]\n@]*@[^\[\]\n]*)\](?![(\[:])/g, (_m, inner: string) => '\uE000' + inner + '\uE001');
}

function parseSegment(text: string): Segment {
  let tree: Node;
  try {
    tree = tooDeep(text) ? plainTree(text) : (processor.parse(hideCitationBrackets(text)) as Node);
  } catch {
    tree = plainTree(text);
  }
  try {
    return segmentFromTree(text, tree);
  } catch {
    return segmentFromTree(text, plainTree(text));
  }
}

function segmentFromTree(text: string, tree: Node): Segment {
  const chars = text.split('');
  const brief: Segment = { text, masked: text, citations: [], claims: [], headings: [] };
  const blocks: { node: Node; kind: BlockKind; container?: Claim['container'] }[] = [];
  // Link text stays prose, but `@word` inside it is not a citation.
  const links: [number, number][] = [];

  // Pass 1: mask what is not prose and collect the blocks that hold claims.
  const visit = (node: Node, container?: Claim['container'], inTableHeader = false) => {
    if (node.type === 'yaml') brief.frontMatter = parseFrontMatter(text, node);
    if (BLANKED.has(node.type)) {
      blank(chars, start(node), end(node));
      return;
    }
    if (node.type === 'link' || node.type === 'linkReference') links.push([start(node), end(node)]);
    if (WRAPPERS.has(node.type) && node.children?.length) {
      blank(chars, start(node), start(node.children[0]));
      blank(chars, end(node.children[node.children.length - 1]), end(node));
    } else if ((node.type === 'link' || node.type === 'linkReference') && !node.children?.length) {
      blank(chars, start(node), end(node));
    }
    if (node.type === 'paragraph') blocks.push({ node, kind: 'paragraph', container });
    else if (node.type === 'heading') blocks.push({ node, kind: 'heading', container });
    else if (node.type === 'tableRow' && !inTableHeader) blocks.push({ node, kind: 'tableRow', container });
    const inner: Claim['container'] =
      node.type === 'blockquote' ? 'blockquote' : node.type === 'listItem' ? 'listItem' : node.type === 'footnoteDefinition' ? 'footnote' : container;
    node.children?.forEach((child, i) => visit(child, inner, node.type === 'table' && i === 0));
  };
  visit(tree);

  let masked = chars.join('');
  // Backslash escapes (`\$16 million`) read as the character they escape.
  masked = masked.replace(/\\([!-/:-@\[-`{-~])/g, ' $1');
  // Footnote markers are never prose, whether or not their definition is in view.
  masked = masked.replace(/\[\^[^\]\s]{1,100}\](?!:)/g, (m) => ' '.repeat(m.length));
  brief.masked = masked;

  // Pass 2: citations and claims per block.
  // A key must read the same in the text: a braced key whose characters were masked (an escape
  // such as `@{\}`, a code span) is not a citation key.
  const blockCitations = (from: number, to: number) =>
    findCitations(masked.slice(from, to), from).filter((c) => !links.some(([s, e]) => c.start >= s && c.start < e) && text.slice(c.keyStart, c.keyEnd) === c.key);
  for (const { node, kind, container } of blocks) {
    const from = start(node);
    const to = end(node);
    const citations = blockCitations(from, to);
    for (const c of citations) brief.citations.push(c);
    // Blank the citations so sentence text is prose only (same length).
    const plainChars = masked.slice(from, to).split('');
    for (const c of citations) {
      const s = c.group ? c.group.start : c.start;
      const e = c.group ? c.group.end : c.end;
      for (let i = s - from; i < e - from; i++) plainChars[i] = ' ';
      // (The mark of a pandoc inline note that holds the citation: `.^[@key]`.)
      if (s - from > 0 && plainChars[s - from - 1] === '^') plainChars[s - from - 1] = ' ';
    }
    // A news dateline opening a paragraph ("ALMATY, Jan 5 —") says where and when the report
    // was filed, not what happened: it is blanked like a citation.
    const dateline = kind === 'paragraph' ? DATELINE.exec(masked.slice(from, to)) : null;
    if (dateline && (dateline[1].replace(/[^A-Z]/g, '').length >= 5 || dateline[2])) for (let i = 0; i < dateline[0].length; i++) plainChars[i] = ' ';
    // So is a thread's post number ("2/ 1992: the Collective Security Treaty is signed …").
    const post = kind === 'paragraph' ? POST_NUMBER.exec(masked.slice(from, to)) : null;
    if (post) for (let i = 0; i < post[0].length; i++) plainChars[i] = ' ';
    // So is a run-in label in bold ("**Baikonur Cosmodrome.** Zagdsuren and Densmaa describe …"):
    // the term a glossary entry or a memo line is about, not a claim of its own.
    const label = kind === 'paragraph' ? runInLabel(node, text) : undefined;
    if (label) for (let i = label.start - from; i < label.end - from; i++) plainChars[i] = ' ';
    const boldRun = kind === 'paragraph' ? openingBoldRun(node, text) : undefined;
    const referenceEntry = kind === 'paragraph' && REFERENCE_ENTRY_LINE.test(masked.slice(from, to));
    // Sentences are cut on the text with citations still in, so `[@a].` stays with its sentence.
    const blockText = masked.slice(from, to);
    const spans = kind === 'tableRow' ? [{ start: 0, end: to - from }] : splitSentences(blockText.replace(/\|/g, ' '));
    const plainBlock = plainChars.join('').replace(/\|/g, ' ');
    const merged: { start: number; end: number }[] = [];
    for (const s of spans) {
      // A fragment with no words of its own (a trailing citation group) belongs to the sentence before.
      if (merged.length > 0 && !/[\p{L}\p{N}]/u.test(plainBlock.slice(s.start, s.end))) merged[merged.length - 1].end = s.end;
      else merged.push({ ...s });
    }
    for (const s of merged) {
      const cs = from + s.start;
      const ce = from + s.end;
      const plain = plainBlock.slice(s.start, s.end);
      if (!/[\p{L}\p{N}]/u.test(plain) && !citations.some((c) => c.start >= cs && c.end <= ce)) continue;
      const quotes = quoteSpans(plain)
        .map((q) => ({ start: cs + q.start + 1, end: cs + q.end - 1, text: plain.slice(q.start + 1, q.end - 1) }))
        .filter((q) => q.text.trim().length > 0);
      brief.claims.push({
        start: cs,
        end: ce,
        text: text.slice(cs, ce),
        plain,
        citations: citations.filter((c) => c.start >= cs && c.end <= ce),
        quotes,
        block: kind,
        container,
        ...(boldRun && cs >= boldRun.start && !/[\p{L}\p{N}]/u.test(plainBlock.slice(Math.max(s.start, boldRun.end - from), s.end)) ? { bold: boldRun.whole ? ('paragraph' as const) : ('lead' as const) } : {}),
        ...(referenceEntry ? { referenceEntry } : {}),
      });
    }
  }
  brief.citations.sort((a, b) => a.start - b.start);
  brief.claims.sort((a, b) => a.start - b.start);

  for (const h of tree.children ?? []) {
    if (h.type === 'heading') brief.headings.push({ start: start(h), end: end(h), depth: h.depth ?? 1, text: headingText(text, h) });
  }
  return brief;
}

/**
 * Where a brief can be cut into independently parsed chunks: at a blank line followed by a line
 * that starts in column 0 — nothing in CommonMark continues across such a line — except inside
 * front matter, fenced code and HTML comments.
 */
export function chunkBoundaries(text: string): number[] {
  const cuts: number[] = [0];
  let inFence: string | undefined;
  let inComment = false;
  let inFrontMatter = text.startsWith('---\n') || text.startsWith('---\r\n');
  let lineStart = 0;
  let previousBlank = false;
  let first = true;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const blank = line.trim() === '';
    if (inFrontMatter) {
      if (!first && /^(---|\.\.\.)\s*$/.test(line)) inFrontMatter = false;
    } else if (inFence) {
      if (new RegExp(`^ {0,3}${inFence[0]}{${inFence.length},}\\s*$`).test(line)) inFence = undefined;
    } else if (inComment) {
      if (line.includes('-->')) inComment = false;
    } else {
      if (previousBlank && !blank && /^\S/.test(line)) cuts.push(lineStart);
      const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line);
      if (fence) inFence = fence[1];
      else if (line.includes('<!--') && !line.slice(line.lastIndexOf('<!--')).includes('-->')) inComment = true;
    }
    previousBlank = blank && !inFence && !inComment && !inFrontMatter;
    first = false;
    lineStart = lineEnd + 1;
  }
  return cuts;
}

/** Parsed chunks by their text: after an edit only the chunk that changed is parsed again. */
const segmentCache = new Map<string, Segment>();
const MAX_CACHED_SEGMENTS = 4000;

function cachedSegment(text: string): Segment {
  let seg = segmentCache.get(text);
  if (!seg) {
    if (segmentCache.size >= MAX_CACHED_SEGMENTS) segmentCache.clear();
    seg = parseSegment(text);
    segmentCache.set(text, seg);
  }
  return seg;
}

function shiftCitations(citations: Citation[], by: number): Citation[] {
  const groups = new Map<CitationGroup, CitationGroup>();
  return citations.map((c) => {
    let group: CitationGroup | undefined;
    if (c.group) {
      group = groups.get(c.group);
      if (!group) groups.set(c.group, (group = { start: c.group.start + by, end: c.group.end + by, items: [] }));
    }
    const shifted: Citation = { ...c, start: c.start + by, end: c.end + by, keyStart: c.keyStart + by, keyEnd: c.keyEnd + by, group };
    group?.items.push(shifted);
    return shifted;
  });
}

/**
 * Parses a brief: front matter, citations (in prose only), claims and the References section.
 * The brief is cut into chunks at safe blank lines and each chunk is parsed on its own (and
 * cached), so typing in a long brief re-parses one paragraph, not the document.
 */
export function parseBrief(text: string): Brief {
  const cuts = chunkBoundaries(text);
  const brief: Brief = { text, masked: '', citations: [], claims: [] };
  const maskedParts: string[] = [];
  const headings: Heading[] = [];
  cuts.forEach((from, i) => {
    const to = i + 1 < cuts.length ? cuts[i + 1] : text.length;
    const seg = cachedSegment(text.slice(from, to));
    maskedParts.push(seg.masked);
    if (i === 0 && seg.frontMatter) brief.frontMatter = seg.frontMatter;
    const citations = shiftCitations(seg.citations, from);
    const byOld = new Map(seg.citations.map((c, j) => [c, citations[j]]));
    for (const c of citations) brief.citations.push(c);
    for (const claim of seg.claims) {
      brief.claims.push({
        ...claim,
        start: claim.start + from,
        end: claim.end + from,
        citations: claim.citations.map((c) => byOld.get(c)!),
        quotes: claim.quotes.map((q) => ({ ...q, start: q.start + from, end: q.end + from })),
      });
    }
    for (const h of seg.headings) headings.push({ ...h, start: h.start + from, end: h.end + from });
  });
  brief.masked = maskedParts.join('');
  brief.references = referencesSection(headings, text.length);
  citeThroughFootnotes(brief);
  markBoldHeads(brief);
  return brief;
}

/** The References section (ours or the author's), for "Insert/refresh References". */
function referencesSection(headings: Heading[], textLength: number): ReferencesSection | undefined {
  let section: ReferencesSection | undefined;
  for (let i = 0; i < headings.length; i++) {
    const h = headings[i];
    if (!REFERENCES_HEADING.test(h.text)) continue;
    const next = headings.slice(i + 1).find((n) => n.depth <= h.depth);
    section = { start: h.start, end: next ? next.start : textLength, headingEnd: h.end };
  }
  return section;
}

/** Default size limit of a brief (characters); larger briefs are parsed up to it. */
export const DEFAULT_MAX_BRIEF_CHARS = 512 * 1024;

/**
 * Parses at most `maxChars` of a brief (cut at a line end when there is one), so a huge or
 * single-line file stays bounded in time and memory; the rest is reported, not lost.
 */
export function parseBriefWithin(text: string, maxChars = DEFAULT_MAX_BRIEF_CHARS): Brief {
  if (text.length <= maxChars) return parseBrief(text);
  const lineEnd = text.lastIndexOf('\n', maxChars);
  const cut = lineEnd > maxChars / 2 ? lineEnd + 1 : maxChars;
  return { ...parseBrief(text.slice(0, cut)), text, truncatedAt: cut };
}

/** The brief parsed in one piece, without chunking (the reference the chunked parse must match). */
export function parseBriefWhole(text: string): Brief {
  const { headings, ...segment } = parseSegment(text);
  const brief: Brief = { ...segment, references: referencesSection(headings, text.length) };
  citeThroughFootnotes(brief);
  markBoldHeads(brief);
  return brief;
}

/**
 * A clause the writer adds after the sentence's last bracketed citation ("Uzbekistan closed the
 * base in 2005 [@a], and Moscow has spent the years since …"): pandoc's citation marks what comes
 * before it as the source's, so the rest is not the source's to support.
 */
const TRAILING_CLAUSE = /^\s*(?:;|,\s*(?:and|but|while|whereas|which|so|yet|although|though)(?![\p{L}]))/iu;
/** Words a trailing clause, and what the citation covers, must each have to be told apart. */
const CLAUSE_WORDS = 4;
const citedPlainMemo = new WeakMap<Claim, string>();

/**
 * The claim's plain text as far as its citations vouch for it: `plain` with a trailing clause of
 * the writer's own (TRAILING_CLAUSE) blanked, the same length. A sentence cited in the text
 * ("@a says …") or through a note is the source's as a whole.
 */
export function citedPlain(claim: Claim): string {
  let text = citedPlainMemo.get(claim);
  if (text !== undefined) return text;
  text = claim.plain;
  const own = claim.citations.filter((c) => c.start >= claim.start && c.end <= claim.end);
  if (own.length > 0 && !claim.citedInNote && own.every((c) => !c.inText && c.group)) {
    const end = Math.max(...own.map((c) => c.group!.end)) - claim.start;
    const rest = claim.plain.slice(end);
    const words = (t: string) => t.match(/\p{L}{3,}/gu)?.length ?? 0;
    if (TRAILING_CLAUSE.test(rest) && words(rest) >= CLAUSE_WORDS && words(claim.plain.slice(0, end)) >= CLAUSE_WORDS) {
      text = claim.plain.slice(0, end) + rest.replace(/[^\n]/g, ' ');
    }
  }
  citedPlainMemo.set(claim, text);
  return text;
}

/** The claim containing a document offset, if any. */
export function claimAt(brief: Brief, offset: number): Claim | undefined {
  return brief.claims.find((c) => offset >= c.start && offset <= c.end);
}
