// Splits a source's text into paragraph-level passages with offsets back into the file,
// skipping furniture (tables of contents, page navigation, page numbers, bylines).
import { countWords, normalizeText } from './text';

export interface PassageSpan {
  start: number;
  end: number;
  readonly text: string;
  page?: number;
}

/** Paragraphs longer than this are cut at sentence ends, so evidence stays readable. */
const MAX_PASSAGE_CHARS = 700;

const TOC_LINE = /\.{4,}|…{2,}|^\s*(<i>)?.{0,120}(<\/i>)?\t+(<i>)?\d{1,4}(<\/i>)?\s*$/;
const PAGE_NUMBER = /^\s*(page\s+)?\d{1,4}\s*$/i;

/** True for lines that are page furniture rather than prose a claim could rest on. */
export function isFurniture(line: string): boolean {
  const trimmed = line.trim();
  if (!trimmed) return true;
  if (TOC_LINE.test(trimmed) || PAGE_NUMBER.test(trimmed)) return true;
  const words = countWords(trimmed);
  const endsSentence = /[.!?:;"'”’)\]]$/.test(trimmed);
  // Short lines without sentence punctuation are headings, navigation and captions.
  if (words < 6 && !endsSentence) return true;
  if (words < 3) return true;
  return false;
}

/** Sentence ends inside a paragraph: after . ! ? (and closing quotes/brackets) before a capital or digit. */
function sentenceBreaks(text: string): number[] {
  const breaks: number[] = [];
  const re = /[.!?]["'”’)\]]*\s+(?=["'“‘(]?[\p{Lu}\p{N}])/gu;
  for (const m of text.matchAll(re)) breaks.push((m.index ?? 0) + m[0].length);
  return breaks;
}

function chunkParagraph(start: number, raw: string): { start: number; end: number }[] {
  if (raw.length <= MAX_PASSAGE_CHARS) return [{ start, end: start + raw.length }];
  const chunks: { start: number; end: number }[] = [];
  let chunkStart = 0;
  let lastBreak = 0;
  for (const b of [...sentenceBreaks(raw), raw.length]) {
    if (b - chunkStart > MAX_PASSAGE_CHARS && lastBreak > chunkStart) {
      chunks.push({ start: start + chunkStart, end: start + lastBreak });
      chunkStart = lastBreak;
    }
    lastBreak = b;
  }
  chunks.push({ start: start + chunkStart, end: start + raw.length });
  return chunks.map((c) => {
    // Trim whitespace left at chunk edges so offsets point at text.
    const s = raw.slice(c.start - start, c.end - start);
    const lead = s.length - s.trimStart().length;
    const trail = s.length - s.trimEnd().length;
    return { start: c.start + lead, end: c.end - trail };
  });
}

/** Form feeds mark page breaks in text extracted from PDFs; pages count from 1. */
function pageAt(pageStarts: number[], offset: number): number | undefined {
  if (pageStarts.length === 0) return undefined;
  let page = 1;
  for (const s of pageStarts) if (s <= offset) page++;
  return page;
}

/** The display/matching text of a passage: escapes undone, tags dropped, white space folded. */
export function passageText(source: string, start: number, end: number): string {
  return normalizeText(source.slice(start, end)).replace(/\s+/g, ' ').trim();
}

export function splitPassages(text: string): PassageSpan[] {
  const pageStarts: number[] = [];
  for (let i = text.indexOf('\f'); i >= 0; i = text.indexOf('\f', i + 1)) pageStarts.push(i);
  const spans: PassageSpan[] = [];
  const lineRe = /[^\n\f]+/g;
  for (const m of text.matchAll(lineRe)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (isFurniture(body)) continue;
    for (const c of chunkParagraph((m.index ?? 0) + lead, body)) {
      const { start, end } = c;
      // The text is cut on demand: indexing tokenizes the raw slice and never needs it.
      spans.push({ start, end, page: pageAt(pageStarts, start), get text() { return passageText(text, start, end); } });
    }
  }
  return spans;
}
