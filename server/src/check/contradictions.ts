// A sentence whose words the cited passage covers, but with one word turned into its opposite:
// "supported by Uzbekistan" where the source says "opposed by Uzbekistan". Word coverage alone
// counts that as support; the pair of opposites is what gives it away.
import { stem } from '../corpus/text';
import { splitSentences } from '../brief/sentences';
import { addContentTerms, canonicalTerm, contentTokens } from './support';

/** Words whose meanings exclude each other in what a brief reports (either may be in the claim). */
const OPPOSITES: [string, string[]][] = [
  ['support', ['oppose', 'reject']],
  ['welcome', ['oppose', 'reject', 'condemn']],
  ['approve', ['reject', 'veto', 'oppose']],
  ['accept', ['reject', 'refuse']],
  ['agree', ['refuse', 'disagree']],
  ['allow', ['ban', 'prohibit', 'forbid']],
  ['permit', ['ban', 'prohibit', 'forbid']],
  ['increase', ['decrease', 'reduce', 'decline', 'cut', 'shrink']],
  ['expand', ['reduce', 'shrink', 'cut']],
  ['strengthen', ['weaken', 'undermine', 'erode']],
  ['join', ['leave', 'withdraw', 'quit', 'exit']],
  ['confirm', ['deny']],
  ['succeed', ['fail']],
  ['impose', ['lift']],
  // Places: "in the north of the country" where the source has "the southern town".
  ['north', ['south', 'southern']],
  ['northern', ['south', 'southern']],
];
// Converse pairs (buy/sell, import/export, win/lose) are left out: "Kazakhstan buys arms from
// Russia" and "Russia sells arms to Kazakhstan" say the same thing.

/** Negations turn a pair of opposites into a paraphrase ("did not support" = "opposed"): such sentences are left alone. */
const NEGATION = /\b(?:not|no|never|without|neither|nor|cannot|hardly|barely)\b|n['’]t\b/i;

let table: Map<string, Set<string>> | undefined;

/** Canonical term → the canonical terms of its opposites (both directions). */
function oppositesTable(): Map<string, Set<string>> {
  if (table) return table;
  table = new Map();
  const link = (a: string, b: string) => {
    if (a === b) return;
    let set = table!.get(a);
    if (!set) table!.set(a, (set = new Set()));
    set.add(b);
  };
  for (const [word, opposites] of OPPOSITES) {
    for (const o of opposites) {
      for (const a of termsOfForms(word)) {
        for (const b of termsOfForms(o)) {
          link(a, b);
          link(b, a);
        }
      }
    }
  }
  return table;
}

/**
 * The terms of a word's inflected forms: the stemmer maps most of them to one term, but not all
 * ("deny", "denied" → "deni"; "ban", "banned").
 */
function termsOfForms(word: string): Set<string> {
  const forms = [word, word + 's', word + 'es', word + 'ed', word + 'd', word + 'ing'];
  if (word.endsWith('y')) forms.push(word.slice(0, -1) + 'ied', word.slice(0, -1) + 'ies');
  if (word.endsWith('e')) forms.push(word.slice(0, -1) + 'ing');
  if (/[^aeiou][aeiou][bdgmnprt]$/.test(word)) forms.push(word + word.at(-1) + 'ed', word + word.at(-1) + 'ing');
  return new Set(forms.map((f) => canonicalTerm(stem(f))));
}

export interface Contradiction {
  /** The claim's word and the source's opposite word, as written. */
  claimWord: string;
  sourceWord: string;
  /** Offsets of the claim's word in the claim text. */
  start: number;
  end: number;
  /** The claim's word turned round in the same form ("north" → "south"), where that is sure to read right. */
  replacement?: string;
}

/** Words whose opposite in the same form is one word that fits where they stand. */
const COUNTERPARTS = new Map([
  ['north', 'south'],
  ['south', 'north'],
  ['northern', 'southern'],
  ['southern', 'northern'],
]);

function counterpart(word: string): string | undefined {
  const other = COUNTERPARTS.get(word.toLowerCase());
  if (!other) return undefined;
  return word[0] === word[0].toUpperCase() ? other[0].toUpperCase() + other.slice(1) : other;
}

/**
 * The first word of `claim` whose opposite `window` (a source's text) uses instead of it, if
 * any: the window's sentence that shares most of the claim's words lacks the claim's word and
 * has its opposite, and the claim does not have that opposite too. Sentences or windows with a
 * negation are not judged.
 */
export function findOppositeWord(claim: string, window: string): Contradiction | undefined {
  if (NEGATION.test(claim) || NEGATION.test(window)) return undefined;
  const opposites = oppositesTable();
  const claimTokens = contentTokens(claim);
  const claimTerms = new Set(claimTokens.map((t) => t.term));
  // The opposite must be in the window's sentence that shares most of the claim's words, not
  // in a neighbouring one about something else.
  let focus = window;
  let most = -1;
  for (const s of splitSentences(window)) {
    const text = window.slice(s.start, s.end);
    const terms = addContentTerms(text, new Set());
    let shared = 0;
    for (const t of claimTerms) if (terms.has(t)) shared++;
    if (shared > most) [focus, most] = [text, shared];
  }
  const focusTokens = contentTokens(focus);
  const focusTerms = new Set(focusTokens.map((t) => t.term));
  for (const t of claimTokens) {
    const opposite = opposites.get(t.term);
    // (The claim's own word in a neighbouring sentence is about someone or something else:
    // "Sources at the base have denied reports… But the Secretary-General has confirmed…".)
    if (!opposite || focusTerms.has(t.term)) continue;
    const found = focusTokens.find((w) => opposite.has(w.term) && !claimTerms.has(w.term));
    if (found) return { claimWord: t.surface, sourceWord: found.surface, start: t.start, end: t.end, replacement: counterpart(t.surface) };
  }
  return undefined;
}
