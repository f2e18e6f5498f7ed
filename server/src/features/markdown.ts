// Markdown for hovers and completion documentation. Corpus text is untrusted: it is always
// escaped, so it can never become a link, an image, HTML or a command.
import type { Corpus } from '../corpus/corpus';
import { sourceLabel } from '../corpus/corpus';
import { escapeMarkdown, formatReference } from '../corpus/cslFormat';
import { LineMap } from '../corpus/positions';
import { tokenize, tokenizeWithOffsets } from '../corpus/text';
import type { PartialDate, Passage, Source } from '../corpus/types';
import { pathToFileURL } from 'node:url';
import { sourceFormat } from '../corpus/extract';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function describePublished(d: PartialDate | undefined): string {
  if (!d) return 'no date';
  const parts = [d.day, d.month ? MONTHS[d.month - 1] : undefined, d.year].filter((x) => x !== undefined);
  const text = parts.join(' ');
  return d.circa ? `c. ${text} (approximate)` : text;
}

/** Addresses a Markdown renderer would turn into links (linkify): schemes, www., e-mail. */
const ADDRESS = /\b(?:[a-z][a-z0-9+.-]{1,20}:\/\/|www\.)[^\s<>()\[\]]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi;

/**
 * Corpus text made inert for Markdown: escaped, and every address put in a code span, so
 * neither Markdown nor the renderer's linkify can turn it into something that fetches or runs.
 */
export function inertMarkdown(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(ADDRESS)) {
    const at = m.index ?? 0;
    out += escapeMarkdown(text.slice(last, at)) + '`' + m[0].replace(/`/g, "'") + '`';
    last = at + m[0].length;
  }
  return out + escapeMarkdown(text.slice(last));
}

/** The passage with the words it shares with `sentence` in bold; everything escaped. */
export function emphasiseMatches(passageText: string, sentence: string): string {
  const wanted = new Set(tokenize(sentence));
  let out = '';
  let last = 0;
  for (const t of tokenizeWithOffsets(passageText)) {
    if (!wanted.has(t.term) || t.start < last) continue;
    out += inertMarkdown(passageText.slice(last, t.start)) + '**' + inertMarkdown(passageText.slice(t.start, t.end)) + '**';
    last = t.end;
  }
  return (out + inertMarkdown(passageText.slice(last))).replace(/\*\*(\s*)\*\*/g, '$1');
}

const lineMaps = new WeakMap<Source, LineMap>();

/** 0-based line/character of a passage in its source file. */
export function passagePosition(source: Source, passage: Passage): { line: number; character: number } {
  // Known from indexing for text files: the file need not be read.
  if (passage.line !== undefined && passage.character !== undefined) return { line: passage.line, character: passage.character };
  let map = lineMaps.get(source);
  if (!map) lineMaps.set(source, (map = new LineMap(source.text ?? '')));
  return map.positionAt(passage.start);
}

export function passageRange(source: Source, passage: Passage) {
  let map = lineMaps.get(source);
  if (!map) lineMaps.set(source, (map = new LineMap(source.text ?? '')));
  return map.rangeOf(passage.start, passage.end);
}

/**
 * A file link that opens the source at the passage: VS Code reads the #L line,column fragment of
 * text files; PDF viewers read #page=N. An HTML file is opened as it is (passage offsets point into
 * its extracted text, whose lines are not the file's).
 */
export function passageLink(source: Source, passage: Passage): string | undefined {
  if (!source.textPath) return undefined;
  const href = pathToFileURL(source.textPath).href;
  const format = sourceFormat(source.textPath);
  if (format === 'pdf') return passage.page ? `${href}#page=${passage.page}` : href;
  if (format === 'html') return href;
  const pos = passagePosition(source, passage);
  return `${href}#L${pos.line + 1},${pos.character + 1}`;
}

/** Reference + date + best passage: the body of a hover and of completion documentation. */
export function sourceMarkdown(corpus: Corpus, source: Source, sentence: string, style: string): string {
  const lines = [`**${inertMarkdown(sourceLabel(source))}** · \`${source.key.replace(/`/g, '')}\``, '', inertMarkdown(formatReference(source, style)), '', `Published: ${describePublished(source.issued)}`];
  const best = /[\p{L}\p{N}]/u.test(sentence) ? corpus.bestPassage(sentence, source.key) : undefined;
  if (best) {
    const page = best.passage.page ? ` (p. ${best.passage.page})` : '';
    lines.push('', `Best supporting passage${page}:`, '', '> ' + emphasiseMatches(best.passage.text, sentence));
    const link = passageLink(source, best.passage);
    if (link) lines.push('', `[Open source at this passage](${link})`);
  } else if (!source.text) {
    lines.push('', '_This source has no text file in the corpus, so no passage can be shown._');
  }
  return lines.join('\n');
}
