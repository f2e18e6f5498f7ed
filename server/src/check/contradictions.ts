// A sentence whose words the cited passage covers, but which says something else with them:
// one word turned into its opposite ("supported by Uzbekistan" / "opposed by Uzbekistan"), an
// action the source says failed ("contained" / "struggled to contain"), a contrast turned round
// ("China rather than Russia" / "Russia, not China") or another country in the same place
// ("Kyrgyz–Tajik border" / "Kyrgyz-Kazakh border"), or a denial of what the source states ("never
// closed the base" / "which closed a U.S. military base"). Word coverage alone counts these as support;
// the turned word, phrase or place is what gives them away.
import { stem } from '../corpus/text';
import { splitSentences } from '../brief/sentences';
import { addContentTerms, canonicalTerm, contentTokens, initialsOf } from './support';
import { placeMentions, placeWord } from './places';

/** Words whose meanings exclude each other in what a brief reports (either may be in the claim). */
const OPPOSITES: [string, string[]][] = [
  ['support', ['oppose', 'reject']],
  ['back', ['oppose', 'reject']],
  ['endorse', ['oppose', 'reject']],
  ['welcome', ['oppose', 'reject', 'condemn']],
  ['approve', ['reject', 'veto', 'oppose']],
  ['accept', ['reject', 'refuse']],
  ['agree', ['refuse', 'disagree']],
  ['allow', ['ban', 'prohibit', 'forbid', 'refuse']],
  ['permit', ['ban', 'prohibit', 'forbid', 'refuse']],
  // ("rise" and "grow" are "increase" to the support check's synonyms; "fell" is "fall".)
  ['increase', ['decrease', 'reduce', 'decline', 'cut', 'shrink', 'fall', 'drop', 'erode']],
  ['expand', ['reduce', 'shrink', 'cut']],
  // ("strengthened Russia's role as a security guarantor" where the source has "led to doubts
  // about Russia's role as a security guarantor", or "Russia's waning military reputation".)
  ['strengthen', ['weaken', 'undermine', 'erode', 'wane', 'doubt']],
  ['join', ['leave', 'withdraw', 'quit', 'exit']],
  ['deploy', ['withdraw', 'pull']],
  // ("Cooperation deepened after Andijan" where the source has "progress slowed considerably".)
  ['deepen', ['slow', 'stall']],
  ['accelerate', ['slow', 'stall']],
  ['confirm', ['deny']],
  ['succeed', ['fail']],
  ['impose', ['lift']],
  ['continue', ['stop', 'cease', 'halt', 'abandon']],
  // Places: "in the north of the country" where the source has "the southern town".
  ['north', ['south', 'southern']],
  ['northern', ['south', 'southern']],
];
// Converse pairs (buy/sell, import/export, win/lose) are left out: "Kazakhstan buys arms from
// Russia" and "Russia sells arms to Kazakhstan" say the same thing.

/** Negations turn a pair of opposites into a paraphrase ("did not support" = "opposed"): such sentences (the claim, or the source's sentence it is judged on) are left alone. */
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
  /**
   * Opposite words ("supported" / "opposed", "contained" / "struggled to contain"), another
   * country in the same place ("Tajik" / "Kazakh"), another organisation in the same statement
   * ("Shanghai Cooperation Organization" / "Collective Security Treaty Organization"), a view given
   * to those the source contrasts with its holders ("the public welcomes" / "Although governments have
   * embraced …, the general public has a different perspective"), or a contrast turned round ("China rather
   * than Russia" / "Russia, not China"), or a denial of what the source states ("never closed" /
   * "closed"), or a statement of what the source denies ("pays Dushanbe" / "does not pay Dushanbe").
   */
  kind: 'opposite' | 'place' | 'organization' | 'holder' | 'reversed' | 'denied' | 'negated';
  /** The claim's word and the source's word, as written. */
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
  if (NEGATION.test(claim)) return undefined;
  const opposites = oppositesTable();
  const claimTokens = contentTokens(claim);
  const claimTerms = new Set(claimTokens.map((t) => t.term));
  // The opposite must be in the window's sentence that shares most of the claim's words (any of
  // equals), not in a neighbouring one about something else; a negation there turns it into a
  // paraphrase.
  for (const focus of focusSentences(claimTerms, window)) {
    if (NEGATION.test(focus)) continue;
    const focusTokens = contentTokens(focus);
    const focusTerms = new Set(focusTokens.map((t) => t.term));
    for (const t of claimTokens) {
      const opposite = opposites.get(t.term);
      // (The claim's own word in a neighbouring sentence is about someone or something else:
      // "Sources at the base have denied reports… But the Secretary-General has confirmed…".)
      if (!opposite || focusTerms.has(t.term)) continue;
      // Nor is it when the sentence says it in other words: a word of its own with the same
      // opposite is a synonym ("reduce their dependence" for "decrease their dependency", beside
      // "expand"; not "expand" in "expand …, increase" when the claim has "expand" too).
      if (focusTokens.some((w) => !opposite.has(w.term) && !claimTerms.has(w.term) && [...(opposites.get(w.term) ?? [])].some((o) => opposite.has(o)))) continue;
      const found = focusTokens.find((w) => opposite.has(w.term) && !claimTerms.has(w.term));
      if (found) return { kind: 'opposite', claimWord: t.surface, sourceWord: found.surface, start: t.start, end: t.end, replacement: counterpart(t.surface) };
    }
  }
  return undefined;
}

/** The sentences of `window` that share most of the claim's terms (all of equals, in order). */
function focusSentences(claimTerms: Set<string>, window: string): string[] {
  let best: string[] = [window];
  let most = -1;
  for (const s of splitSentences(window)) {
    const text = window.slice(s.start, s.end);
    const terms = addContentTerms(text, new Set());
    let shared = 0;
    for (const t of claimTerms) if (terms.has(t)) shared++;
    if (shared > most) [best, most] = [[text], shared];
    else if (shared === most) best.push(text);
  }
  return best;
}

/** The first of the sentences of `window` that share most of the claim's terms. */
function focusSentence(claimTerms: Set<string>, window: string): string {
  return focusSentences(claimTerms, window)[0];
}

/** Words that do not mark a place in a sentence on their own ("in", "the"). */
const FUNCTION_WORDS = new Set(
  'a an the in of on at to for from by with and or as near into onto its their his her this that these those which who is are was were be been'.split(' '),
);

interface Word {
  start: number;
  end: number;
  /** Lower-case stem, for comparing neighbours ("borders" = "border"). */
  key: string;
}

function words(text: string): Word[] {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, key: stem(m[0].toLowerCase()) }));
}

/** The words before and after the span start..end (nearest first), up to two each side. */
function neighbours(list: Word[], start: number, end: number): { before: string[]; after: string[] } {
  const first = list.findIndex((w) => w.end > start);
  let last = first;
  while (last + 1 < list.length && list[last + 1].start < end) last++;
  const before = first < 0 ? [] : list.slice(Math.max(0, first - 2), first).reverse().map((w) => w.key);
  const after = first < 0 ? [] : list.slice(last + 1, last + 3).map((w) => w.key);
  return { before, after };
}

/** Whether two words stand in the same place: the same word next to each on one side (a content word, or two words alike). */
function sameSlot(a: { before: string[]; after: string[] }, b: { before: string[]; after: string[] }): boolean {
  const side = (x: string[], y: string[]) => x.length > 0 && x[0] === y[0] && (!FUNCTION_WORDS.has(x[0]) || (x.length > 1 && x[1] === y[1] && !FUNCTION_WORDS.has(x[1])));
  return side(a.before, b.before) || side(a.after, b.after);
}

/**
 * A country the claim names where the cited window's closest sentence names another in the same
 * place ("near the Kyrgyz–Tajik border" / "near the Krygyz-Kazakh border"), if any. The window
 * must not name the claim's country anywhere, nor the claim the source's; the two must share a
 * neighbouring word. The fix writes the source's country in the claim's form.
 */
export function findSwappedPlace(claim: string, window: string): Contradiction | undefined {
  const claimPlaces = placeMentions(claim);
  if (claimPlaces.length === 0) return undefined;
  const windowCountries = new Set(placeMentions(window).map((p) => p.country));
  const claimCountries = new Set(claimPlaces.map((p) => p.country));
  const focus = focusSentence(new Set(contentTokens(claim).map((t) => t.term)), window);
  const focusPlaces = placeMentions(focus).filter((p) => !claimCountries.has(p.country));
  if (focusPlaces.length === 0) return undefined;
  const claimWords = words(claim);
  const focusWords = words(focus);
  for (const x of claimPlaces) {
    if (windowCountries.has(x.country)) continue;
    const around = neighbours(claimWords, x.start, x.end);
    for (const y of focusPlaces) {
      if (!sameSlot(around, neighbours(focusWords, y.start, y.end))) continue;
      const replacement = y.form === x.form ? y.surface : placeWord(y.country, x.form);
      return { kind: 'place', claimWord: x.surface, sourceWord: y.surface, start: x.start, end: x.end, replacement };
    }
  }
  return undefined;
}

/**
 * An organisation's name: capitalised words around a word that names a body ("Collective Security
 * Treaty Organization", "Eurasian Economic Union", "Commonwealth of Independent States", "Interstate
 * Commission for Water Coordination"); two capitalised words at least.
 */
const ORGANIZATION_NAME = /(?<![\p{L}\p{N}])(?:\p{Lu}[\p{L}'’-]*\s+(?:(?:of|and|for|the)\s+)?){0,5}(?:Organi[sz]ation|Union|Alliance|Council|Community|Commonwealth|Partnership|Initiative|Treaty|Pact|Forum|Bank|Fund|Commission|Agency)(?:\s+(?:of|for|on)(?:\s+the)?(?:\s+\p{Lu}[\p{L}'’-]*){1,3})?(?![\p{L}\p{N}])/gu;
/** An acronym ("CSTO", "SCO", "EAEU"); roman numerals aside. */
const ACRONYM = /(?<![\p{L}\p{N}])(?![IVXLC]+(?![\p{L}\p{N}]))\p{Lu}{2,6}(?![\p{L}\p{N}])/gu;

interface OrganizationMention {
  /** Its initials, lower-case ("csto" for both "Collective Security Treaty Organization" and "CSTO"). */
  key: string;
  start: number;
  end: number;
  surface: string;
  /** A full name, not an acronym. */
  full: boolean;
}

/** The organisations a text names, by full name or by acronym (an acronym that is a country's, "USA", is not one). */
function organizationMentions(text: string): OrganizationMention[] {
  const out: OrganizationMention[] = [];
  const places = placeMentions(text);
  for (const m of text.matchAll(ORGANIZATION_NAME)) {
    // (A sentence's first word is capitalised too: "The Eurasian Development Bank" is the bank.)
    const article = /^(?:The|A|An)\s+/.exec(m[0])?.[0] ?? '';
    const surface = m[0].slice(article.length);
    const initials = initialsOf(surface);
    if (initials.length < 2) continue;
    const key = initials.toLowerCase();
    out.push({ key, start: m.index! + article.length, end: m.index! + m[0].length, surface, full: true });
  }
  for (const m of text.matchAll(ACRONYM)) {
    if (places.some((p) => p.start < m.index! + m[0].length && p.end > m.index!)) continue;
    out.push({ key: m[0].toLowerCase(), start: m.index!, end: m.index! + m[0].length, surface: m[0], full: false });
  }
  return out;
}

/** The content terms of `text` outside the spans of `mentions`. */
function termsOutside(text: string, mentions: { start: number; end: number }[]): Set<string> {
  let rest = text;
  for (const m of mentions) rest = rest.slice(0, m.start) + ' '.repeat(m.end - m.start) + rest.slice(m.end);
  return addContentTerms(rest, new Set());
}

/** A statement about an organisation must share this many of the source sentence's other words… */
const ORGANIZATION_SHARED = 3;
/** …and this share of them, to be the source's statement about another organisation. */
const ORGANIZATION_SHARE = 0.6;

/**
 * An organisation the claim names, by its full name, where the cited window's closest sentence
 * says the same of another ("the Shanghai Cooperation Organization as the Kremlin's most
 * important tool" / "The Kremlin's most important tool in this regard is the Collective Security
 * Treaty Organization"). That sentence must not name the claim's organisation, nor the claim the
 * source's, and must share most of its other words with the claim (the window's other sentences may
 * name the claim's organisation doing something else). (An acronym alone
 * in the claim may be an outlet or a programme that only attributes the statement: not judged.)
 * The fix writes the source's organisation as the claim wrote its own, by full name.
 */
export function findSwappedOrganization(claim: string, window: string): Contradiction | undefined {
  const claimOrgs = organizationMentions(claim);
  const named = claimOrgs.filter((o) => o.full);
  if (named.length === 0) return undefined;
  const claimKeys = new Set(claimOrgs.map((o) => o.key));
  const claimTerms = termsOutside(claim, claimOrgs);
  for (const focus of focusSentences(addContentTerms(claim, new Set()), window)) {
    const focusOrgs = organizationMentions(focus);
    const others = focusOrgs.filter((o) => !claimKeys.has(o.key));
    if (others.length === 0) continue;
    const focusTerms = termsOutside(focus, focusOrgs);
    let shared = 0;
    for (const t of focusTerms) if (claimTerms.has(t)) shared++;
    if (shared < ORGANIZATION_SHARED || shared < ORGANIZATION_SHARE * focusTerms.size) continue;
    const focusKeys = new Set(focusOrgs.map((o) => o.key));
    const focusText = focus.replace(/\s+/g, ' ').toLowerCase();
    for (const x of named) {
      if (focusKeys.has(x.key) || focusText.includes(x.surface.replace(/\s+/g, ' ').toLowerCase())) continue;
      const y = others.find((o) => o.full) ?? others[0];
      return { kind: 'organization', claimWord: x.surface, sourceWord: y.surface, start: x.start, end: x.end, replacement: y.surface };
    }
  }
  return undefined;
}

/** Words of a favourable attitude ("welcomed", "popular with"). */
const FAVOUR = /\b(?:embrac|welcom|popular|support|favou?r|back(?:s|ed|ing)?\b|approv|endors|enthusias|positive|appreciat|like[sd]?\b|praise)/i;
/** Words of an unfavourable or divided attitude, or of the contrast itself: a claim with them reports the contrast. */
const DISFAVOUR = /\b(?:scepti|skepti|critic|oppos|distrust|mistrust|resent|wary|suspicio|concern|worr|doubt|different|disagree|divided|mixed|hostil|reject|corrupt|burden|undermin)/i;
/**
 * A concession that gives an attitude to one party and sets another's against it: "Although
 * governments in the region have embraced Chinese investment …, the general public has a different
 * perspective" (also "…, the public disagrees", "…, the public is sceptical").
 */
const CONCEDED_ATTITUDE = /\b(?:although|though|while|whereas)\s+(?<first>[^,;.]{3,200}?),\s*(?<second>[\p{L}'’ -]{2,60}?)\s+(?:(?:has|have|had|holds?|held|takes?|took)\s+(?:a\s+|an\s+)?(?:very\s+|quite\s+)?(?:different|opposite|contrary|another|other)\s+(?:perspective|view|opinion|attitude|stance|position)|disagrees?|disagreed|thinks?\s+otherwise|(?:is|are|was|were|remains?|remained)\s+(?:more\s+)?(?:sceptical|skeptical|critical|opposed|hostile|wary|divided))/giu;
/** Words before a clause's verb: its subject ("governments in the region have embraced" → "governments in the region"). */
const SUBJECT = /^(?:the\s+)?(?<subject>[\p{L}'’ -]{2,60}?)\s+(?:has|have|had|is|are|was|were|\p{L}+ed)\b/iu;

/** The head word of a noun phrase as a term: its last content word ("the general public" → "public"). */
function headTerm(phrase: string): string | undefined {
  return [...addContentTerms(phrase.replace(/\b(?:in|of|from|across)\b.*$/i, ''), new Set())].at(-1);
}

/**
 * A favourable attitude the claim gives to the party that the cited window's sentence sets against
 * the attitude's holders ("Chinese investment … is broadly welcomed by the region's public" /
 * "Although governments in the region have embraced Chinese investment under the Belt and Road
 * Initiative, the general public has a different perspective"). The claim must name that party and
 * not the holders, share the attitude's object, and not itself report the contrast or disfavour.
 */
export function findContrastedHolder(claim: string, window: string): Contradiction | undefined {
  if (NEGATION.test(claim) || DISFAVOUR.test(claim) || !FAVOUR.test(claim)) return undefined;
  const claimTerms = addContentTerms(claim, new Set());
  const words = [...claim.matchAll(/[\p{L}\p{N}]+/gu)];
  for (const m of window.matchAll(CONCEDED_ATTITUDE)) {
    const { first, second } = m.groups!;
    if (!FAVOUR.test(first)) continue;
    const holderPhrase = SUBJECT.exec(first.trim())?.groups?.subject;
    const holder = holderPhrase ? headTerm(holderPhrase) : undefined;
    const other = headTerm(second);
    if (!holder || !other || holder === other || claimTerms.has(holder) || !claimTerms.has(other)) continue;
    // What the attitude is to: the conceded clause's words after its subject.
    const object = addContentTerms(first.slice(first.indexOf(holderPhrase!) + holderPhrase!.length), new Set());
    let shared = 0;
    for (const t of object) if (claimTerms.has(t)) shared++;
    if (shared < 2) continue;
    const at = words.find((w) => addContentTerms(w[0], new Set()).has(other));
    if (!at) continue;
    return { kind: 'holder', claimWord: at[0], sourceWord: holderPhrase!.trim(), start: at.index!, end: at.index! + at[0].length };
  }
  return undefined;
}

/** "A rather than B", "A instead of B", "A, not B", "A and not B": A is preferred, B rejected. */
const CONTRAST = /(?:\s+rather\s+than|\s+instead\s+of|,\s*not|\s+and\s+not)\s+/giu;
/** Words that end a contrasted phrase ("the", "of" at its edge, "that", "is"). */
const PHRASE_STOP = new Set('a an the this that these those which who is are was were be been has have had it its their his her as by for to from in on at and or but with'.split(' '));

interface Contrast {
  /** Comparable keys (a country, or a word's term) of each side's phrase. */
  preferred: Set<string>;
  rejected: Set<string>;
  start: number;
  end: number;
  surface: string;
}

/** The contrasts a text draws, each side a phrase of up to three words ("Ministry of Water"). */
function contrasts(text: string): Contrast[] {
  const places = placeMentions(text);
  const list = [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, word: m[0] }));
  const key = (w: { start: number; end: number; word: string }) => {
    const place = places.find((p) => p.start < w.end && p.end > w.start);
    return place ? `country:${place.country}` : canonicalTerm(stem(w.word.toLowerCase()));
  };
  // Up to three words from `from` in direction `step`, not across punctuation other than a
  // space, skipping a leading article after the connective, ending before a stop word.
  const phrase = (from: number, step: 1 | -1) => {
    const out: typeof list = [];
    let i = from;
    if (step === 1 && i < list.length && /^(?:the|a|an)$/i.test(list[i].word)) i++;
    for (; i >= 0 && i < list.length && out.length < 3; i += step) {
      const w = list[i];
      const prev = out.at(-1);
      if (prev && !/^\s+$/.test(step === 1 ? text.slice(prev.end, w.start) : text.slice(w.end, prev.start))) break;
      if (PHRASE_STOP.has(w.word.toLowerCase())) break;
      out.push(w);
    }
    // "of" joins ("Ministry of Water") but does not end a phrase.
    while (out.length && out.at(-1)!.word.toLowerCase() === 'of') out.pop();
    return out;
  };
  const out: Contrast[] = [];
  for (const m of text.matchAll(CONTRAST)) {
    const at = m.index!;
    let before = -1;
    while (before + 1 < list.length && list[before + 1].end <= at) before++;
    const after = list.findIndex((w) => w.start >= at + m[0].length);
    if (before < 0 || after < 0) continue;
    const left = phrase(before, -1);
    const right = phrase(after, 1);
    if (left.length === 0 || right.length === 0) continue;
    const start = Math.min(left.at(-1)!.start, places.find((p) => p.start < left.at(-1)!.end && p.end > left.at(-1)!.start)?.start ?? Infinity);
    const end = right.at(-1)!.end;
    out.push({ preferred: new Set(left.map(key)), rejected: new Set(right.map(key)), start, end, surface: text.slice(start, end) });
  }
  return out;
}

const meets = (a: Set<string>, b: Set<string>) => [...a].some((x) => b.has(x));

/**
 * A contrast of the claim that the window's closest sentence draws the other way round ("China
 * rather than Russia has become the guarantor" / "it is the Russian Federation, not China, that
 * is the guarantor"), if any.
 */
export function findReversedContrast(claim: string, window: string): Contradiction | undefined {
  const own = contrasts(claim);
  if (own.length === 0) return undefined;
  const claimTokens = contentTokens(claim);
  const focus = focusSentence(new Set(claimTokens.map((t) => t.term)), window);
  const theirs = contrasts(focus);
  for (const c of own) {
    const turned = theirs.find((t) => meets(t.preferred, c.rejected) && meets(t.rejected, c.preferred) && !meets(t.preferred, c.preferred));
    if (turned) return { kind: 'reversed', claimWord: c.surface, sourceWord: turned.surface, start: c.start, end: c.end };
  }
  // The source draws no contrast but says of the rejected one what the claim says of the other
  // ("the SCO, rather than the CSTO, is the Kremlin's most important tool" / "The Kremlin's most
  // important tool … is the … (CSTO)"): most of the rest of the claim (three words or more) is in
  // that sentence, with every word of the rejected side and at most one of the preferred side's.
  const focusKeys = contrastKeys(focus);
  for (const c of own) {
    const rest = claimTokens.filter((t) => t.end <= c.start || t.start >= c.end).map((t) => t.term);
    const shared = rest.filter((t) => focusKeys.has(t)).length;
    if (shared < 3 || shared < 0.6 * rest.length) continue;
    if (![...c.rejected].every((k) => focusKeys.has(k))) continue;
    if ([...c.preferred].filter((k) => focusKeys.has(k)).length > Math.min(1, c.preferred.size - 1)) continue;
    const named = [...focus.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)].find((m) => c.rejected.has(canonicalTerm(stem(m[0].toLowerCase()))));
    const place = placeMentions(focus).find((p) => c.rejected.has(`country:${p.country}`));
    return { kind: 'reversed', claimWord: c.surface, sourceWord: place?.surface ?? named?.[0] ?? focus.trim(), start: c.start, end: c.end };
  }
  return undefined;
}

/** The keys contrasts() gives a text's words (countries as one key, other words by term). */
function contrastKeys(text: string): Set<string> {
  const keys = new Set<string>(placeMentions(text).map((p) => `country:${p.country}`));
  for (const m of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)) keys.add(canonicalTerm(stem(m[0].toLowerCase())));
  for (const t of contentTokens(text)) keys.add(t.term);
  return keys;
}

/** Words that say an action did not come off: "struggled to contain", "failed to ratify". */
const FAILED_TO = /\b(?:struggl\w*|fail\w*|unable|refus\w*|declin\w*)\s+to\s+([\p{L}]+)/giu;

/**
 * A verb the claim states as done that the window's closest sentence says was attempted and not
 * achieved ("has largely contained the group" / "has struggled to contain the group"), if any.
 * Claims that hedge or negate it themselves ("tried to contain", "did not contain") are left alone.
 */
export function findFailedAction(claim: string, window: string): Contradiction | undefined {
  if (NEGATION.test(claim) || /\b(?:struggl|fail|unable|refus|tr(?:y|ied|ies|ying)|attempt|seek|sought)/i.test(claim)) return undefined;
  const claimTokens = contentTokens(claim);
  const focus = focusSentence(new Set(claimTokens.map((t) => t.term)), window);
  for (const m of focus.matchAll(FAILED_TO)) {
    const term = canonicalTerm(stem(m[1].toLowerCase()));
    const said = claimTokens.find((t) => t.term === term && !/\bto\s+$/i.test(claim.slice(Math.max(0, t.start - 4), t.start)));
    if (said) return { kind: 'opposite', claimWord: said.surface, sourceWord: m[0], start: said.start, end: said.end };
  }
  return undefined;
}

/** A negation in a claim: "not", "never", "no longer", "-n't" (not "not only", "not least", which add rather than deny). */
const DENIAL = /\b(?:not|never|no\s+longer)\b(?!\s+(?:only|just|merely|simply|least|necessarily|always|all|every|least|quite|entirely|because)\b)|n['’]t\b/giu;
/** Words between a negation and what it denies ("has never been formally", "did not fully"). */
const DENIAL_FILLER = new Set(
  'a an the be been being is are was were has have had do does did yet ever even really actually formally officially fully entirely completely so as much any'.split(' '),
);
/** What makes a source's statement less than a fact: a plan, a threat, a condition, a possibility. */
const HEDGED = /\b(?:would|could|might|may|should|if|whether|unless|plan\w*|intend\w*|threat\w*|consider\w*|propos\w*|want\w*|seek\w*|sought|expect\w*|aim\w*|hope\w*|tr(?:y|ied|ies|ying)|attempt\w*)\b/i;

/** The denied word: the first content token after a negation ending at `from` that is not an auxiliary or an article. */
function deniedWord<T extends { start: number }>(text: string, textWords: Word[], tokens: T[], from: number): T | undefined {
  let at = textWords.findIndex((w) => w.start >= from);
  while (at >= 0 && at < textWords.length && DENIAL_FILLER.has(text.slice(textWords[at].start, textWords[at].end).toLowerCase())) at++;
  if (at < 0 || at >= textWords.length) return undefined;
  return tokens.find((t) => t.start === textWords[at].start);
}

/** Up to `count` content tokens after `from`, in the same clause (no comma, colon or bracket between). */
function clauseAfter<T extends { start: number }>(tokens: T[], text: string, from: number, count: number): T[] {
  const out: T[] = [];
  for (const t of tokens) {
    if (t.start < from) continue;
    if (out.length >= count || /[,;:()\[\]–—]/.test(text.slice(from, t.start))) break;
    out.push(t);
  }
  return out;
}

/**
 * A word the claim denies ("never closed the U.S. base", "is not a member") that the window's
 * closest sentence states as done, with the claim's next word among the source's next few ("which closed a U.S. military
 * base"), if any. The source's sentence must state it plainly: no negation, no plan, condition or
 * possibility. Claims that set the denial against something else ("not A but B", "did not … until")
 * are left alone.
 */
export function findDeniedFact(claim: string, window: string): Contradiction | undefined {
  const claimWords = words(claim);
  const claimTokens = contentTokens(claim);
  const claimTerms = new Set(claimTokens.map((t) => t.term));
  for (const m of claim.matchAll(DENIAL)) {
    const after = claim.slice(m.index! + m[0].length);
    if (/^[^.;:]*?\b(?:but|until|till|unless|except)\b/i.test(after.slice(0, 80))) continue;
    const denied = deniedWord(claim, claimWords, claimTokens, m.index! + m[0].length);
    if (!denied) continue;
    // The first content word after it in its clause (of its object or complement).
    const object = clauseAfter(claimTokens, claim, denied.end, 1)[0];
    if (!object) continue;
    for (const focus of focusSentences(claimTerms, window)) {
      if (NEGATION.test(focus) || HEDGED.test(focus)) continue;
      const focusTokens = contentTokens(focus);
      for (let i = 0; i < focusTokens.length; i++) {
        const t = focusTokens[i];
        if (t.term !== denied.term) continue;
        // "agreed to close": the source reports an intention, not the act.
        if (/\bto\s+$/i.test(focus.slice(Math.max(0, t.start - 4), t.start))) continue;
        const next = clauseAfter(focusTokens, focus, t.end, 4);
        if (!next.some((x) => x.term === object.term)) continue;
        return { kind: 'denied', claimWord: claim.slice(m.index!, denied.end), sourceWord: t.surface, start: m.index!, end: denied.end };
      }
    }
  }
  return undefined;
}

/** Capitals that stand for their governments ("Moscow does not pay Dushanbe"), by country name. */
const CAPITALS: Record<string, string> = {
  moscow: 'Russia', dushanbe: 'Tajikistan', bishkek: 'Kyrgyzstan', astana: 'Kazakhstan', tashkent: 'Uzbekistan',
  ashgabat: 'Turkmenistan', kabul: 'Afghanistan', beijing: 'China', washington: 'United States', tehran: 'Iran', minsk: 'Belarus', kyiv: 'Ukraine',
};

/** The country a word names, by its name, adjective or capital. */
function countryOf(word: string): number | undefined {
  return placeMentions(CAPITALS[word.toLowerCase()] ?? word)[0]?.country;
}

/** Whether two words name the same country ("Tajikistan" and "Dushanbe"). */
function sameCountry(a: string, b: string): boolean {
  const ca = countryOf(a);
  return ca !== undefined && ca === countryOf(b);
}

/** A claim's denial by quantity ("pays Dushanbe nothing"). */
const NO_AMOUNT = /\b(?:nothing|none|nobody|no\s+one|nowhere|zero)\b/i;
/** An auxiliary or modal verb just before a negation. */
const AUXILIARY_BEFORE = /\b(?:do|does|did|is|are|was|were|be|been|has|have|had|will|would|can|could|shall|should|may|might|must)\s+$/i;
/** A source's denial that leaves room for the act before or after ("no longer pays", "not yet"). */
const TIME_BOUND_DENIAL = /^(?:no\s+longer|not\s+yet)$/i;

/**
 * What the claim states plainly that the window's closest sentence denies ("Moscow pays Dushanbe
 * an annual rent" / "Moscow does not pay Dushanbe for the lease"): the source's denied word, with
 * the next word of its clause among the claim's next few after the same word. A claim with a
 * negation, a plan or a condition is left alone, and so is a source's denial bounded in time
 * ("no longer", "not yet") or by a condition ("unless", "until").
 */
export function findNegatedFact(claim: string, window: string): Contradiction | undefined {
  if (NEGATION.test(claim) || NO_AMOUNT.test(claim) || HEDGED.test(claim)) return undefined;
  const claimTokens = contentTokens(claim);
  const claimTerms = new Set(claimTokens.map((t) => t.term));
  for (const focus of focusSentences(claimTerms, window)) {
    if (HEDGED.test(focus)) continue;
    const focusWords = words(focus);
    const focusTokens = contentTokens(focus);
    for (const m of focus.matchAll(DENIAL)) {
      if (TIME_BOUND_DENIAL.test(m[0].replace(/\s+/g, ' '))) continue;
      // Only a verb's negation ("does not pay", "is not a member"), not a contrast ("the
      // Ministry, not the council, finances").
      if (/^not$/i.test(m[0]) && !AUXILIARY_BEFORE.test(focus.slice(Math.max(0, m.index! - 8), m.index!))) continue;
      const after = focus.slice(m.index! + m[0].length);
      if (/^[^.;:,]*?\b(?:until|till|unless|except)\b/i.test(after.slice(0, 80))) continue;
      const denied = deniedWord(focus, focusWords, focusTokens, m.index! + m[0].length);
      const object = denied && clauseAfter(focusTokens, focus, denied.end, 1)[0];
      if (!denied || !object) continue;
      for (const t of claimTokens) {
        if (t.term !== denied.term) continue;
        // "agreed to pay": the claim reports an intention, not the act.
        if (/\bto\s+$/i.test(claim.slice(Math.max(0, t.start - 4), t.start))) continue;
        if (!clauseAfter(claimTokens, claim, t.end, 4).some((x) => x.term === object.term || sameCountry(x.surface, object.surface))) continue;
        // (The source's words from its auxiliary: "does not pay".)
        const from = m.index! - (AUXILIARY_BEFORE.exec(focus.slice(Math.max(0, m.index! - 8), m.index!))?.[0].length ?? 0);
        return { kind: 'negated', claimWord: t.surface, sourceWord: focus.slice(from, denied.end), start: t.start, end: t.end };
      }
    }
  }
  return undefined;
}

/** Where the words saying who acts begin: after a clause's punctuation or a word that opens a clause. */
const ACTOR_BOUNDARY = /[,;:()\[\]–—]|\b(?:that|whereas|while|but|and|which|who|as)\b/giu;
/** Where what an act is about ends: a clause's punctuation or a contrasting conjunction. */
const OBJECT_BOUNDARY = /[,;:()\[\]–—]|\b(?:whereas|while|but)\b/iu;

type Token = ReturnType<typeof contentTokens>[number];

/** The content terms that say who does the act at `at` (from the clause's start up to it). */
function actorTerms(text: string, tokens: Token[], at: number): Set<string> {
  let from = 0;
  for (const m of text.slice(0, at).matchAll(ACTOR_BOUNDARY)) from = m.index! + m[0].length;
  return new Set(tokens.filter((t) => t.start >= from && t.end <= at).map((t) => t.term));
}

/** The content terms of what the act at `end` is about (up to the clause's end). */
function objectTerms(text: string, tokens: Token[], end: number): Set<string> {
  const stop = OBJECT_BOUNDARY.exec(text.slice(end));
  const to = stop ? end + stop.index : text.length;
  return new Set(tokens.filter((t) => t.start >= end && t.end <= to).map((t) => t.term));
}

function shared(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const t of a) if (b.has(t)) n++;
  return n;
}

/**
 * An act the claim gives to someone whom the source's text (a passage, as written) has do the
 * opposite, while the claim's act is someone else's there ("Sources at the base confirmed that
 * reinforcements were on their way" / "Sources at the base have denied reports that additional
 * reinforcements will be sent … But [the CSTO's] Bordyuzha … has reportedly confirmed the
 * imminent reinforcement"): the source's opposite has an actor sharing a word with the claim's
 * and an object sharing a word with the claim's, and no actor of the claim's own word there
 * shares as many. Sentences with a negation are not judged. The source's sentence is given by its
 * offsets in `text`.
 */
export function findOppositeActor(claim: string, text: string): (Contradiction & { sourceStart: number; sourceEnd: number }) | undefined {
  if (NEGATION.test(claim)) return undefined;
  const opposites = oppositesTable();
  const claimTokens = contentTokens(claim);
  // (Most sentences have no word with an opposite: the source's text is not read for them.)
  if (!claimTokens.some((t) => opposites.has(t.term))) return undefined;
  const sentences = splitSentences(text)
    .map((s) => ({ ...s, text: text.slice(s.start, s.end) }))
    .filter((s) => !NEGATION.test(s.text))
    .map((s) => ({ ...s, tokens: contentTokens(s.text) }));
  for (const t of claimTokens) {
    const opposite = opposites.get(t.term);
    if (!opposite) continue;
    const actor = actorTerms(claim, claimTokens, t.start);
    const object = objectTerms(claim, claimTokens, t.end);
    if (actor.size === 0 || object.size === 0) continue;
    // How closely the source's own uses of the claim's word match the claim's actor.
    let sameVerbActor = 0;
    for (const s of sentences) {
      for (const w of s.tokens) if (w.term === t.term) sameVerbActor = Math.max(sameVerbActor, shared(actor, actorTerms(s.text, s.tokens, w.start)));
    }
    for (const s of sentences) {
      for (const w of s.tokens) {
        if (!opposite.has(w.term) || actor.has(w.term)) continue;
        const by = shared(actor, actorTerms(s.text, s.tokens, w.start));
        if (by === 0 || by <= sameVerbActor) continue;
        if (shared(object, objectTerms(s.text, s.tokens, w.end)) === 0) continue;
        return { kind: 'opposite', claimWord: t.surface, sourceWord: w.surface, start: t.start, end: t.end, replacement: counterpart(t.surface), sourceStart: s.start, sourceEnd: s.end };
      }
    }
  }
  return undefined;
}
