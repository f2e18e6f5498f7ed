// Go to definition (the source, at the passage that best supports the sentence) and find
// references (every citation of that source in the workspace's briefs).
import { Location, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import type { Brief } from '../brief/parse';
import type { Corpus } from '../corpus/corpus';
import { citationAt } from './hover';
import { sentenceAt } from './completion';
import { passageRange } from './markdown';

export function provideDefinition(brief: Brief, corpus: Corpus, offset: number): Location | undefined {
  const citation = citationAt(brief, offset);
  const source = citation ? corpus.get(citation.key) : undefined;
  if (!source) return undefined;
  if (!source.textPath) {
    // No text: the bibliography entry is the definition.
    return Location.create(pathToFileURL(source.bibliographyPath).href, source.entryRange);
  }
  const best = corpus.bestPassage(sentenceAt(brief, offset), source.key) ?? (corpus.passagesBySource.get(source.key)?.[0] && { passage: corpus.passagesBySource.get(source.key)![0], score: 0 });
  const range = best ? passageRange(source, best.passage) : Range.create(0, 0, 0, 0);
  return Location.create(pathToFileURL(source.textPath).href, range);
}

export interface BriefInWorkspace {
  uri: string;
  doc: TextDocument;
  brief: Brief;
}

export function provideReferences(key: string, briefs: Iterable<BriefInWorkspace>): Location[] {
  const out: Location[] = [];
  for (const { uri, doc, brief } of briefs) {
    for (const c of brief.citations) {
      if (c.key === key) out.push(Location.create(uri, Range.create(doc.positionAt(c.keyStart - 1), doc.positionAt(c.keyEnd))));
    }
  }
  return out;
}
