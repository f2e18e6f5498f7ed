// Footnote citations (Chicago-style notes): "…at Kant.[^7]" with "[^7]: @najibullah2008, p. 3."
// cites najibullah2008 for the sentence, as pandoc renders it. The sentence's checks read the
// note's citations as its own; the note is still a claim of its own too.
import type { Brief, Claim } from './parse';
import type { Citation } from './citations';

/** A definition's head: "[^7]:" at the start of a line (indented at most three spaces). */
const DEFINITION = /^[ \t]{0,3}\[\^([^\]\s]{1,100})\]:/gm;
/** A marker that is not a definition's head. */
const MARKER = /\[\^([^\]\s]{1,100})\](?!:)/g;
/** A definition runs to the first blank line not followed by an indented continuation (or the next definition). */
const DEFINITION_END = /\n[ \t]*\n(?![ \t]{2,}\S)/g;
/**
 * A note that opens with a citation ("[^3]: [@talantbekova2024, p. 10].", "[^9]: See @najibullah2008
 * on Kant.") gives the sentence its source. One that opens with prose of its own ("[^1]:
 * Talantbekova dates the CSTO treaty to 1992 [@talantbekova2024].") is an aside: a claim with
 * its own citation, not the sentence's.
 */
const CITATION_NOTE = /^[ \t]{0,3}\[\^[^\]\s]{1,100}\]:\s*(?:(?:see(?:\s+also)?|cf\.?|compare|e\.g\.,?|as\s+in)\s+)?\[?-?@/i;

interface Note {
  start: number;
  end: number;
  /** Opens with prose of its own (CITATION_NOTE). */
  aside: boolean;
}

/** Each footnote label's definition (the first definition of a label counts, as in pandoc). */
function footnoteDefinitions(text: string): Map<string, Note> {
  const spans = new Map<string, Note>();
  const heads = [...text.matchAll(DEFINITION)];
  heads.forEach((m, i) => {
    const label = m[1].toLowerCase();
    if (spans.has(label)) return;
    // (Or to the next definition: notes are often written on consecutive lines.)
    DEFINITION_END.lastIndex = m.index!;
    const end = Math.min(DEFINITION_END.exec(text)?.index ?? text.length, heads[i + 1]?.index ?? text.length);
    spans.set(label, { start: m.index!, end, aside: !CITATION_NOTE.test(text.slice(m.index!, m.index! + 200)) });
  });
  return spans;
}

/**
 * The labels of the notes a sentence points to: markers in it, or right after its full stop
 * (where the sentence splitter leaves them to the next sentence); not one opening it, which is
 * the sentence before's.
 */
function footnoteLabels(text: string, claim: Claim): string[] {
  const lead = claim.text.length - claim.text.trimStart().length;
  const labels = [...claim.text.matchAll(MARKER)].filter((m) => m.index! > lead).map((m) => m[1]);
  const after = /^\s*\[\^([^\]\s]{1,100})\](?!:)/.exec(text.slice(claim.end, claim.end + 110));
  if (after) labels.push(after[1]);
  return labels.map((l) => l.toLowerCase());
}

/** Whether a citation of the claim is written elsewhere (in a note it points to). */
export function citedElsewhere(claim: Claim, c: Citation): boolean {
  return c.start < claim.start || c.start >= claim.end;
}

/**
 * Adds to each sentence outside the notes the citations of the citation notes it points to (the
 * same objects as in brief.citations), and marks those pointing to a note that cites a source
 * at all (an aside too: the writer did give a source). Claims are replaced, not changed: parsed
 * segments are cached.
 */
export function citeThroughFootnotes(brief: Brief): void {
  if (!brief.text.includes('[^')) return;
  const definitions = footnoteDefinitions(brief.text);
  if (definitions.size === 0) return;
  brief.claims = brief.claims.map((claim) => {
    if (claim.container === 'footnote') return claim;
    const noted: Citation[] = [];
    let citedInNote = false;
    for (const label of footnoteLabels(brief.text, claim)) {
      const note = definitions.get(label);
      if (!note) continue;
      for (const c of brief.citations) {
        if (!c.key || c.start < note.start || c.start >= note.end) continue;
        citedInNote = true;
        if (!note.aside && !noted.includes(c)) noted.push(c);
      }
    }
    return citedInNote ? { ...claim, citations: [...claim.citations, ...noted], citedInNote } : claim;
  });
}

/**
 * The sentence outside the notes that points to the citation note holding `offset` ("…at
 * Kant.[^7]" for an offset in "[^7]: [@najibullah2008]"): what a citation typed or hovered
 * there is for. Undefined outside citation notes (an aside's citation is for the aside).
 */
export function sentencePointingTo(brief: Brief, offset: number): Claim | undefined {
  if (!brief.text.includes('[^')) return undefined;
  for (const [label, note] of footnoteDefinitions(brief.text)) {
    if (offset < note.start || offset > note.end || note.aside) continue;
    return brief.claims.find((c) => c.container !== 'footnote' && footnoteLabels(brief.text, c).includes(label));
  }
  return undefined;
}
