// Hover on a cited key: the formatted reference, its date, and the passage that best supports
// the sentence, with a link to it; for an unknown key, what is wrong and the nearest keys.
import { Hover, MarkupKind, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Brief } from '../brief/parse';
import type { Citation } from '../brief/citations';
import type { Corpus } from '../corpus/corpus';
import { replacementKeys } from '../check/unknownSources';
import { claimAt } from '../brief/parse';
import { sourceMarkdown } from './markdown';
import { sentenceAt } from './completion';
import * as path from 'node:path';

/** The citation whose key (or `@`) is under `offset`. */
export function citationAt(brief: Brief, offset: number): Citation | undefined {
  return brief.citations.find((c) => c.key && offset >= c.keyStart - 1 && offset <= c.keyEnd);
}

export function provideHover(doc: TextDocument, brief: Brief, corpus: Corpus, offset: number, style: string): Hover | undefined {
  const citation = citationAt(brief, offset);
  if (!citation) return undefined;
  const range = Range.create(doc.positionAt(citation.keyStart), doc.positionAt(citation.keyEnd));
  const source = corpus.get(citation.key);
  if (!source) {
    const near = replacementKeys(corpus, citation.key, claimAt(brief, offset));
    const bibs = corpus.bibliographies.map((b) => path.basename(b)).join(', ') || 'no bibliography';
    const value = [
      `**Unknown citation key \`${citation.key.replace(/`/g, '')}\`**: it is not in ${bibs}.`,
      '',
      near.length ? `Nearest keys: ${near.map((k) => `\`${k}\``).join(', ')}.` : 'No similar key exists; add the source to the bibliography.',
    ].join('\n');
    return { contents: { kind: MarkupKind.Markdown, value }, range };
  }
  return { contents: { kind: MarkupKind.Markdown, value: sourceMarkdown(corpus, source, sentenceAt(brief, offset), style) }, range };
}
