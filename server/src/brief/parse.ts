// Parses a brief with remark (mdast): front matter, citations in prose only, and claims —
// sentences (or table rows) together with their citations and quotations.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import { parse as parseYaml } from 'yaml';
import type { Citation } from './citations';
import { findCitations } from './citations';
import { quoteSpans, splitSentences } from './sentences';

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
  citations: Citation[];
  quotes: Quote[];
  block: BlockKind;
  /** Inside a block quote, a list item or a footnote. */
  container?: 'blockquote' | 'listItem' | 'footnote';
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

export function parseBrief(text: string): Brief {
  const tree = processor.parse(text) as Node;
  const chars = [...text].length === text.length ? text.split('') : Array.from({ length: text.length }, (_, i) => text[i]);
  const brief: Brief = { text, masked: text, citations: [], claims: [] };
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
  brief.masked = masked;

  // Pass 2: citations and claims per block.
  const blockCitations = (from: number, to: number) =>
    findCitations(masked.slice(from, to), from).filter((c) => !links.some(([s, e]) => c.start >= s && c.start < e));
  for (const { node, kind, container } of blocks) {
    const from = start(node);
    const to = end(node);
    const citations = blockCitations(from, to);
    brief.citations.push(...citations);
    // Blank the citations so sentence text is prose only (same length).
    const plainChars = masked.slice(from, to).split('');
    for (const c of citations) {
      const s = c.group ? c.group.start : c.start;
      const e = c.group ? c.group.end : c.end;
      for (let i = s - from; i < e - from; i++) plainChars[i] = ' ';
    }
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
      });
    }
  }
  brief.citations.sort((a, b) => a.start - b.start);
  brief.claims.sort((a, b) => a.start - b.start);

  // The References section (ours or the author's), for "Insert/refresh References".
  const top = tree.children ?? [];
  for (let i = 0; i < top.length; i++) {
    const h = top[i];
    if (h.type !== 'heading' || !REFERENCES_HEADING.test(headingText(text, h))) continue;
    let sectionEnd = text.length;
    for (let j = i + 1; j < top.length; j++) {
      if (top[j].type === 'heading' && (top[j].depth ?? 1) <= (h.depth ?? 1)) {
        sectionEnd = start(top[j]);
        break;
      }
    }
    brief.references = { start: start(h), end: sectionEnd, headingEnd: end(h) };
  }
  return brief;
}

/** The claim containing a document offset, if any. */
export function claimAt(brief: Brief, offset: number): Claim | undefined {
  return brief.claims.find((c) => offset >= c.start && offset <= c.end);
}
