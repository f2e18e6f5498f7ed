// unsupported-claim: the cited source(s) do not support the sentence. When another corpus
// source does, the message names it, the evidence points at its passage and the quick fix cites
// it instead (or in addition, when the cited source supports part of the sentence). When no
// corpus source supports it (invented content) there is no fix.
import type { Brief, Claim } from '../brief/parse';
import { citedPlain } from '../brief/parse';
import type { Citation } from '../brief/citations';
import type { Corpus } from '../corpus/corpus';
import type { Evidence, Finding, Fix } from './findings';
import { SEVERITY_OF } from './findings';
import type { ClaimSupport, SupportMatch } from './support';
import { addContentTerms, assessSupport, excerpt, unionCoverage, windowText } from './support';
import { describeDate } from '../brief/dates';
import { checkQuotes, quoteElsewhere } from './misquotes';
import type { Contradiction } from './contradictions';
import { findContrastedHolder, findDeniedFact, findFailedAction, findNegatedFact, findOppositeActor, findOppositeWord, findReversedContrast, findSwappedOrganization, findSwappedPlace } from './contradictions';

/** Cited sources covering at least this share of the sentence's content support it. */
export const SUPPORTED = 0.55;
/** Another source must cover at least this much, and this much more than the cited ones, to be named. */
export const OTHER_SUPPORTS = 0.5;
export const CLEARLY_MORE = 0.25;
/** Below this, with no other source doing better, the sentence is taken as unsupported by the corpus. */
export const INVENTED = 0.4;
/** Sentences with less content than this (summed term weight) are not judged. */
const MIN_CONTENT = 3;

/** The claims the checks judge: prose sentences and table rows outside the References section. */
export function checkableClaims(brief: Brief): Claim[] {
  const refs = brief.references;
  return brief.claims.filter((c) => c.block !== 'heading' && !c.referenceEntry && !(refs && c.start >= refs.start && c.start < refs.end));
}

/** Citations of a claim whose key is a corpus source with indexed text. */
export function checkedCitations(claim: Claim, corpus: Corpus): Citation[] {
  return claim.citations.filter((c) => c.key && corpus.get(c.key)?.text);
}

export function evidenceOf(corpus: Corpus, m: SupportMatch, message: string): Evidence {
  const source = corpus.get(m.key);
  return { sourceKey: m.key, file: source?.textPath, start: m.start, end: m.end, text: windowText(corpus, m), message };
}

/** `; @key` before the group's `]`, or a new group after an in-text citation. */
function addCitationEdit(c: Citation, key: string) {
  if (c.group) return { start: c.group.end - 1, end: c.group.end - 1, newText: `; @${key}` };
  return { start: c.end, end: c.end, newText: ` [@${key}]` };
}

function brief(text: string, max = 90): string {
  return excerpt(text, max);
}

export interface UnsupportedVerdict {
  support: ClaimSupport;
  /** The sources that support the sentence instead (best first), possibly none. */
  supporters: SupportMatch[];
  /** Whether the cited sources support part of the sentence that the supporter does not. */
  partial: boolean;
  /** The cited passage covers the sentence's words but says something else with them (contradictions.ts). */
  opposite?: Contradiction & { match: SupportMatch };
}

/** How a message names each kind of contradiction. */
const CONTRADICTION_LEAD: Record<Contradiction['kind'], string> = {
  opposite: 'says the opposite',
  reversed: 'has it the other way round',
  place: 'names another country here',
  organization: 'names another organisation here',
  holder: 'gives that view to others',
  denied: 'states what the sentence denies',
  negated: 'denies what the sentence states',
};

/** The cited sources' window that covers most of the sentence, if any matched. */
function closestCitedMatch(support: ClaimSupport): SupportMatch | undefined {
  return support.cited.flatMap((x) => (x.match ? [x.match] : [])).sort((a, b) => b.coverage - a.coverage)[0];
}

/** Words of a cell that names a source's kind ("Journal article", "Web page"). */
const SOURCE_KIND = addContentTerms('journal article paper report thesis dissertation book chapter web page webpage website news magazine newspaper blog brief monograph', new Set());

/** Initials of a title's capitalised words ("International Journal of Innovative Technologies in Social Science" → "ijitss"). */
function initials(title: string): string {
  return (title.match(/\p{Lu}[\p{L}'’-]*/gu) ?? []).map((w) => w[0]).join('').toLowerCase();
}

/**
 * The claim's text for judging support: in a table row, the cells that only describe a cited
 * source (its authors, title or journal and their initials, its date, its kind: "Zagdsuren and
 * Densmaa, IJITSS | 27 March 2025 | Journal article") are blanked; they are not claims the
 * source's text should bear out.
 */
export function withoutSourceCells(claim: Claim, corpus: Corpus, keys: string[]): string {
  if (claim.block !== 'tableRow') return citedPlain(claim);
  const about = new Set(SOURCE_KIND);
  for (const key of keys) {
    const source = corpus.get(key);
    if (!source) continue;
    const csl = source.csl as Record<string, unknown>;
    const titles = [source.title, csl['container-title'], csl['collection-title'], csl.publisher].filter((t): t is string => typeof t === 'string');
    addContentTerms([...titles, ...source.authors, ...source.authorFamilies, source.issued ? describeDate(source.issued) : ''].join(' '), about);
    for (const t of titles) if (initials(t).length >= 2) about.add(initials(t));
  }
  let plain = claim.plain;
  let start = 0;
  for (const cell of claim.text.split('|')) {
    const end = start + cell.length;
    const terms = addContentTerms(plain.slice(start, end), new Set());
    if (terms.size > 0 && [...terms].every((t) => about.has(t))) plain = plain.slice(0, start) + ' '.repeat(end - start) + plain.slice(end);
    start = end + 1;
  }
  return plain;
}

/**
 * The cell of a table row that reads as a cited sentence of its own (a capitalised first word, five
 * words or more, and the row's citation: "Uzbekistan has already withdrawn from the CSTO
 * [@zagdsuren2025]"), as the row's plain text with the other cells blanked; undefined if none does.
 */
function statementCell(claim: Claim): string | undefined {
  let start = 0;
  let best: { start: number; end: number; words: number } | undefined;
  for (const cell of claim.text.split('|')) {
    const end = start + cell.length;
    const text = claim.plain.slice(start, end).trim();
    const words = text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
    const cites = claim.citations.some((c) => c.start - claim.start >= start && c.start - claim.start < end);
    if (cites && words >= 5 && /^\p{Lu}/u.test(text) && (!best || words > best.words)) best = { start, end, words };
    start = end + 1;
  }
  if (!best) return undefined;
  return ' '.repeat(best.start) + claim.plain.slice(best.start, best.end) + ' '.repeat(Math.max(0, claim.plain.length - best.end));
}

/** Judges one claim; undefined when it is supported (or cannot be judged). */
export function judgeSupport(claim: Claim, corpus: Corpus): UnsupportedVerdict | undefined {
  const cited = checkedCitations(claim, corpus);
  if (cited.length === 0) return undefined;
  // A key that is not in the corpus may be the one that supports the sentence: only that key
  // is at fault (unknown-source says so), not the sources cited beside it.
  if (claim.citations.some((c) => c.key && !corpus.get(c.key))) return undefined;
  const keys = cited.map((c) => c.key);
  const verdict = judgeText(corpus, keys, withoutSourceCells(claim, corpus, keys), claim.plain);
  if (!verdict || claim.block !== 'tableRow') return verdict;
  // A row's label cells ("Alliance commitment | 2 |") can draw it to a passage about other things:
  // a cell that is a sentence of its own and is supported by itself is the row's statement.
  const statement = statementCell(claim);
  return statement && !judgeText(corpus, keys, statement, statement) ? undefined : verdict;
}

/** judgeSupport of `text` (a claim's plain text or a part of it, same offsets); `wording` is what contradictions are sought in. */
function judgeText(corpus: Corpus, keys: string[], text: string, wording: string): UnsupportedVerdict | undefined {
  const support = assessSupport(corpus, text, keys);
  if (support.profile.total < MIN_CONTENT) return undefined;
  const c = support.citedCoverage;
  // Covered (well, or in part with no better source): unless the passage says the opposite.
  const opposed = (): UnsupportedVerdict | undefined => {
    const best = closestCitedMatch(support);
    if (!best || best.coverage < INVENTED) return undefined;
    const window = windowText(corpus, best);
    const opposite = findOppositeWord(wording, window) ?? findFailedAction(wording, window) ?? findReversedContrast(wording, window) ?? findSwappedPlace(wording, window) ?? findSwappedOrganization(wording, window) ?? findContrastedHolder(wording, window) ?? findDeniedFact(wording, window) ?? findNegatedFact(wording, window);
    if (opposite) return { support, supporters: [], partial: false, opposite: { ...opposite, match: best } };
    // Who did the opposite may be in a neighbouring sentence of the passage, not in the window:
    // the evidence is that sentence.
    const from = Math.min(best.start, best.passage.start);
    const actor = findOppositeActor(wording, corpus.get(best.key)?.text?.slice(from, Math.max(best.end, best.passage.end)) ?? '');
    if (!actor) return undefined;
    const match = { ...best, start: from + actor.sourceStart, end: from + actor.sourceEnd };
    return { support, supporters: [], partial: false, opposite: { ...actor, match } };
  };
  if (c >= SUPPORTED) return opposed();
  const others = support.others.filter((o) => o.coverage >= OTHER_SUPPORTS && o.coverage - c >= CLEARLY_MORE);
  if (others.length === 0 && c >= INVENTED) return opposed();
  const supporters = others.filter((o, i) => i === 0 || o.coverage >= others[0].coverage - 0.05).slice(0, 2);
  let partial = false;
  if (supporters.length > 0) {
    const citedMatches = support.cited.flatMap((x) => (x.match ? [x.match] : []));
    const together = unionCoverage(support.profile, [...citedMatches, supporters[0]]);
    partial = c >= 0.3 && together - supporters[0].coverage >= 0.1;
  }
  return { support, supporters, partial };
}

export function findUnsupportedClaims(b: Brief, corpus: Corpus): Finding[] {
  const findings: Finding[] = [];
  for (const claim of checkableClaims(b)) {
    const cited = checkedCitations(claim, corpus);
    if (cited.length === 0) continue;
    const keys = [...new Set(cited.map((c) => c.key))];
    const names = keys.map((k) => `'${k}'`).join(' and ');
    // A quotation that is verbatim in another source than the cited one: wrong attribution.
    const moved = quoteElsewhere(claim, corpus);
    // A quotation found (if altered) in the cited source shows the attribution is right; the
    // misquote check reports the wording.
    const quoted = checkQuotes(claim, corpus).some((q) => q.segment.length >= 3 && q.best && q.best.similarity >= 0.5);
    const verdict = moved || quoted ? undefined : judgeSupport(claim, corpus);
    if (!moved && !verdict) continue;
    // A sentence about the cited work itself ("@key is the shortest of the four", "@key takes the
    // widest view") is the writer's description of it, not a claim it must support (unless it
    // says the opposite of the source).
    if (verdict && !verdict.opposite && describesSource(claim)) continue;
    const start = claim.start + (claim.plain.length - claim.plain.trimStart().length);
    const end = claim.start + claim.plain.trimEnd().length;
    const evidence: Evidence[] = [];
    const fixes: Fix[] = [];
    let message: string;
    if (moved) {
      message = `The quotation "${brief(moved.quote, 60)}" is not in ${names} but in '${moved.key}': "${brief(moved.text)}". Cite '${moved.key}' for it.`;
      evidence.push({ ...moved.evidence, message: `The quotation is in ${moved.key}` });
      fixes.push(...citeFixes(cited, moved.key, false));
    } else {
      const v = verdict!;
      const closest = closestCitedMatch(v.support);
      const pct = Math.round(v.support.citedCoverage * 100);
      const closestText = closest ? ` Its closest passage ("${brief(windowText(corpus, closest))}") covers ${pct}% of the sentence's content.` : '';
      if (v.opposite) {
        const { match, claimWord, sourceWord } = v.opposite;
        message =
          `'${match.key}' ${CONTRADICTION_LEAD[v.opposite.kind]}: the sentence has "${claimWord}" where the source has "${sourceWord}" ("${brief(windowText(corpus, match))}"). ` +
          (v.opposite.kind === 'place' ? 'Correct the country or cite a source that supports the sentence.' : v.opposite.kind === 'organization' ? 'Correct the organisation or cite a source that supports the sentence.' : 'Correct the sentence or cite a source that supports it.');
        evidence.push(evidenceOf(corpus, match, `${match.key} says "${sourceWord}"`));
        const { replacement } = v.opposite;
        if (replacement) {
          fixes.push({ title: `Change '${claimWord}' to '${replacement}', as in ${match.key}`, edits: [{ start: claim.start + v.opposite.start, end: claim.start + v.opposite.end, newText: replacement }], preferred: true });
        }
      } else if (v.supporters.length > 0) {
        const s = v.supporters[0];
        const also = v.supporters[1] ? ` ('${v.supporters[1].key}' also does: "${brief(windowText(corpus, v.supporters[1]), 70)}")` : '';
        message =
          `${names} ${keys.length > 1 ? 'do' : 'does'} not support this sentence.${closestText} ` +
          `'${s.key}' does: "${brief(windowText(corpus, s))}"${also}.` +
          (v.partial ? ` ${names} ${keys.length > 1 ? 'support' : 'supports'} only part of it; cite '${s.key}' as well.` : '');
        for (const m of v.supporters) evidence.push(evidenceOf(corpus, m, `${m.key} supports the sentence`));
        fixes.push(...citeFixes(cited, s.key, v.partial));
        if (v.supporters[1]) fixes.push(...citeFixes(cited, v.supporters[1].key, v.partial).map((f) => ({ ...f, preferred: false })));
      } else {
        const near = v.support.others[0];
        const nearText = near && near.coverage >= INVENTED ? ` The closest corpus passage, in '${near.key}' ("${brief(windowText(corpus, near))}"), covers only part of it.` : '';
        message = `${names} ${keys.length > 1 ? 'do' : 'does'} not support this sentence, and no corpus source clearly does.${closestText}${nearText} Check the claim or find a source for it.`;
      }
      if (closest && !v.opposite) evidence.push(evidenceOf(corpus, closest, `Closest passage of ${closest.key}`));
    }
    findings.push({ code: 'unsupported-claim', severity: SEVERITY_OF['unsupported-claim'], start, end, message, fixes, evidence });
  }
  return findings;
}

/** Verbs by which a sentence opening with an in-text citation reports what the source says. */
const REPORTING_VERB = /^(?:'s\s+\S+\s+)?(?:(?:also|further|then|too|even|\p{L}+ly)\s+)?(?:says?|said|reports?|reported|notes?|noted|writes?|wrote|argues?|argued|finds?|found|shows?|showed|claims?|claimed|states?|stated|estimates?|estimated|puts?|counts?|counted|dates?|dated|describes?|described|adds?|added|observes?|observed|recalls?|recalled|concludes?|concluded|quotes?|quoted|cites?|cited|records?|recorded|mentions?|mentioned|explains?|explained|confirms?|confirmed|documents?|documented|lists?|listed|gives?|gave|points?|pointed|suggests?|suggested|warns?|warned|traces?|traced|attributes?|attributed|links?|linked|highlights?|highlighted|identifies|identified|expects?|expected|predicts?|predicted|sees?|saw|calls?|called|according)\b/iu;

/** Whether the sentence opens with an in-text citation that is its subject, not followed by a verb of reporting ("@key is the shortest of the four"). */
function describesSource(claim: Claim): boolean {
  const first = claim.citations[0];
  const lead = claim.text.length - claim.text.trimStart().length;
  if (!first?.inText || first.start !== claim.start + lead) return false;
  return !REPORTING_VERB.test(claim.text.slice(first.end - claim.start).trimStart());
}

/** Fixes that cite `key`: instead of the weakest cited key, or in addition to the cited ones. */
function citeFixes(cited: Citation[], key: string, partial: boolean): Fix[] {
  const replace: Fix[] = cited.length === 1 ? [{ title: `Cite '${key}' instead of '${cited[0].key}'`, edits: [{ start: cited[0].keyStart, end: cited[0].keyEnd, newText: key }] }] : [];
  const add: Fix = { title: `Also cite '${key}'`, edits: [addCitationEdit(cited[cited.length - 1], key)] };
  const ordered = partial || cited.length > 1 ? [add, ...replace] : [...replace, add];
  return ordered.map((f, i) => ({ ...f, preferred: i === 0 }));
}
